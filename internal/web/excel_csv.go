package web

import (
	"bytes"
	"strings"
	"time"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/export"
)

// excelCSV writes a panel's shown table as a CSV that Excel in Italian
// (it-IT) opens with a double click: UTF-8 with a BOM, ";" between fields,
// numbers rounded as the page shows them with a decimal comma and no
// thousands separator, shares as percentages (header "Valore (%)", cell
// 72,9), dates dd/mm/yyyy, withheld cells worded as on the page. Numbers
// keep the Italian form in English too: the file is for Excel it-IT, the
// words follow the language.
func excelCSV(t shownTable, lg string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(export.BOM)
	w := export.NewCSVWriter(&buf, true)
	share := make([]bool, len(t.Columns))
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		share[i] = t.shareColumn(i)
		head[i] = excelSafe(c)
		if share[i] {
			head[i] += " (%)"
		}
	}
	w.Write(head)
	rec := make([]string, len(head))
	for _, r := range t.Rows {
		for i, c := range r {
			rec[i] = excelText(lg, c, share[i])
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func excelText(lg string, c shownCell, shareColumn bool) string {
	switch x := c.Value.(type) {
	case nil:
		return ""
	case dashboard.Suppressed:
		return T(lg, "suppressed")
	case time.Time:
		return x.Format("02/01/2006")
	case string:
		return excelSafe(x)
	}
	v, ok := dashboard.Number(c.Value)
	if !ok {
		return ""
	}
	s := excelNumber(v, c.Unit)
	if c.Unit == "share" && !shareColumn && s != "" {
		s += "%" // a share among other units (KPIs): Excel reads "72,9%" as 0,729 shown as a percentage
	}
	return s
}

// excelSafe keeps Excel from running text as a formula: names come from
// uploaded records, and a cell starting with "=", "+", "-" or "@" would be
// evaluated. A leading apostrophe makes it text.
func excelSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
