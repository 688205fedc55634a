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

// shownValue is a cell as the page shows it before numbers and dates are
// formatted: codes by their label, lists of codes each by its label, yes/no
// in words; numbers, dates, NULL and withheld cells as they are. The data
// table and the downloads people open (Excel CSV, XLSX) share it, so they
// name things alike.
func shownValue(lang string, v any) any {
	switch x := v.(type) {
	case nil, time.Time, int64, float64, dashboard.Suppressed:
		return v
	case bool:
		if x {
			return T(lang, "yes")
		}
		return T(lang, "no")
	case []any: // codes in a list (roles)
		parts := make([]string, len(x))
		for i, c := range x {
			parts[i] = L(lang, cellText(c))
		}
		return strings.Join(parts, ", ")
	}
	return L(lang, cellText(v))
}

// cellDisplay is a cell as shown in a data table, in the locale's format;
// codes are translated, shares shown as percentages.
func cellDisplay(lang string, v any, unit string) string {
	switch x := shownValue(lang, v).(type) {
	case nil:
		return "–"
	case dashboard.Suppressed:
		return T(lang, "suppressed")
	case time.Time:
		if lang == "en" {
			return x.Format("2 Jan 2006")
		}
		return x.Format("02/01/2006")
	case string:
		return x
	case int64:
		return formatNumber(lang, float64(x), unit)
	case float64:
		return formatNumber(lang, x, unit)
	}
	return ""
}

// excelNumber is a number rounded as the Italian page shows it, without
// the thousands separator and the " %" that Excel (it-IT) would not read as
// part of a number: a share shown "72,9 %" is 72,9.
func excelNumber(v float64, unit string) string {
	s := strings.TrimSuffix(formatNumber("it", v, unit), " %")
	if s == "–" { // NaN or infinite: no number to give
		return ""
	}
	return strings.ReplaceAll(s, ".", "")
}
