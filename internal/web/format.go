package web

import (
	"strings"
	"time"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/export"
)

// cellText is a cell as plain text (CSV, chart categories).
func cellText(v any) string {
	if _, ok := v.(dashboard.Suppressed); ok {
		return ""
	}
	return export.Text(v)
}

// cellDisplay is a cell as shown in a data table, in the locale's format;
// codes are translated, shares shown as percentages.
func cellDisplay(lang string, v any, unit string) string {
	if v == nil {
		return "–"
	}
	if t, ok := v.(time.Time); ok {
		if lang == "en" {
			return t.Format("2 Jan 2006")
		}
		return t.Format("02/01/2006")
	}
	if b, ok := v.(bool); ok {
		if b {
			return T(lang, "yes")
		}
		return T(lang, "no")
	}
	if f, ok := dashboard.Number(v); ok {
		return formatNumber(lang, f, unit)
	}
	if list, ok := v.([]any); ok { // codes in a list (roles): each by its label
		parts := make([]string, len(list))
		for i, x := range list {
			parts[i] = L(lang, cellText(x))
		}
		return strings.Join(parts, ", ")
	}
	return L(lang, cellText(v))
}
