package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/export"
	"osservatorio/internal/indicator"
)

// Explanation is an indicator's page-ready description in one language.
type Explanation struct {
	ID, Name, What, Formula, Why, Read, Caveats, Source string
}

// Explainer returns the explanation of an indicator, or nil.
type Explainer func(id, lang string) *Explanation

type tableView struct {
	Columns []string
	Rows    [][]cellView
}

// cellView is a data table's cell: its text, and the page it leads to for
// a column the panel links (a name to its organisation's or body's page).
type cellView struct {
	Text, Href string
}

type kpiView struct {
	Label, Value, Previous, Change, Year, PrevYear string
	N                                              string // what the value is out of: "su 630" (shares), "n = 28"
	Up, Down                                       bool
}

type panelView struct {
	ID, Title, Note, Width, CSV string
	CSVIT, XLSX                 string // the downloads for Excel: CSV in Italian (format=csv-it), XLSX
	Pack                        string // "Aggiungi al dossier": the form adding the panel's indicators to a pack
	EmptyNote                   string // why there is nothing to show, when the panel says it (empty: in the panel's terms)
	Chart                       *chartView
	Table                       tableView
	Kpis                        []kpiView
	Explain                     *Explanation
	Empty                       bool
	MapCredit                   bool
	Suppressed                  bool      // some cells are withheld (small cells)
	Marked                      bool      // an indicator panel beside narrower filters
	NoValues                    bool      // rows, but no value can be computed (empty denominators)
	Notes                       NotesView // the notes on the indicator values the panel shows
}

// hasValues reports whether a panel's value columns hold any number.
func hasValues(t dashboard.Table, p dashboard.Panel) bool {
	cols := p.Values
	if len(cols) == 0 {
		cols = []string{"valore"}
	}
	found := false
	for _, c := range cols {
		i := t.Col(c)
		if i < 0 {
			return true // a chart that reads other columns (a network): let it draw
		}
		for _, r := range t.Rows {
			if _, ok := dashboard.Number(r[i]); ok {
				found = true
			}
		}
	}
	return found
}

// panel turns a panel's table into what the page shows: chart, data table,
// KPIs, explanation, download link.
// keep is the query string links to other pages carry (language, a cited
// snapshot).
func (s *Server) panel(d *dashboard.Dashboard, p dashboard.Panel, t dashboard.Table, f dashboard.Filters,
	snap indicator.Snapshot, lg, keep string, i int) panelView {
	pv := panelView{ID: p.ID, Title: p.Title.In(lg), Note: p.Note.In(lg), Width: p.Width,
		MapCredit: p.Chart == "map"}
	if pv.Width == "" {
		pv.Width = "half"
	}
	q := f.Query()
	q.Set("lang", lg)
	q.Set("data_version", fmt.Sprint(snap.DataVersion))
	q.Set("as_of", snap.AsOf)
	pv.CSV = fmt.Sprintf("/csv/%s/%s?%s", d.ID, p.ID, q.Encode())
	q.Set("format", string(export.CSVIT))
	pv.CSVIT = fmt.Sprintf("/csv/%s/%s?%s", d.ID, p.ID, q.Encode())
	q.Set("format", string(export.XLSX))
	pv.XLSX = fmt.Sprintf("/csv/%s/%s?%s", d.ID, p.ID, q.Encode())
	pv.Pack = packLink(d, p, f, lg)
	pv.EmptyNote = p.EmptyNote.In(lg)
	if s.explain != nil && p.Indicator != "" {
		pv.Explain = s.explain(p.Indicator, lg)
	}
	if len(t.Rows) == 0 {
		pv.Empty = true
		return pv
	}
	if p.Chart != "kpis" && p.Chart != "table" && !hasValues(t, p) {
		// Rows but nothing to draw (e.g. no voting members: every share is
		// undefined): say so instead of drawing empty axes.
		pv.NoValues = true
		pv.Table, pv.Suppressed = displayTable(t, p, lg, keep, nil)
		return pv
	}
	label := ""
	if pv.Explain != nil {
		label = pv.Explain.Name
	}
	var rowUnits []string
	if p.Chart == "kpis" {
		pv.Kpis = s.kpis(t, lg)
		for j, k := range pv.Kpis { // name the indicators in the data table too, values in their units
			_, unit := s.kpiName(cellText(t.Rows[j][0]), lg)
			rowUnits = append(rowUnits, unit)
			t.Rows[j][0] = k.Label
		}
	} else if ch, labels, ok := buildChart(p, t, lg, fmt.Sprintf("c_%s_%d", strings.ReplaceAll(p.ID, "-", "_"), i), label); ok {
		if p.Indicator != "" && p.View == "" { // a trend: every year, the selected one marked
			markSelected(ch, f.Year, f.Year)
		}
		v := snippet(ch)
		if labels.Axis != nil || labels.Legend != nil {
			b, _ := json.Marshal(labels)
			v.Labels = string(b)
		}
		if links := chartLinks(t, p, keep); len(links) > 0 {
			b, _ := json.Marshal(links)
			v.Links = string(b)
		}
		pv.Chart = &v
	}
	pv.Table, pv.Suppressed = displayTable(t, p, lg, keep, rowUnits)
	return pv
}

// displayTable formats a panel's table for the page; withheld cells read
// "< 3 persone". A linked column's names lead to their pages (keep: the
// query string of those links); the id columns behind them are not shown,
// as readers know records by name (the CSV keeps the ids). rowUnits, when
// given, is each row's unit for its values (a KPI panel: one indicator per
// row, in the unit its tile shows).
func displayTable(t dashboard.Table, p dashboard.Panel, lg, keep string, rowUnits []string) (tableView, bool) {
	tv := tableView{}
	suppressed := false
	hidden, linkID := linkColumns(t, p)
	for i, c := range t.Columns {
		if !hidden[i] {
			tv.Columns = append(tv.Columns, L(lg, c))
		}
	}
	for ri, r := range t.Rows {
		row := make([]cellView, 0, len(r))
		for i, v := range r {
			if hidden[i] {
				continue
			}
			unit := valueUnit(p, t.Columns[i])
			if rowUnits != nil && (t.Columns[i] == "valore" || t.Columns[i] == "valore_precedente") {
				unit = rowUnits[ri]
			}
			if _, ok := v.(dashboard.Suppressed); ok {
				row, suppressed = append(row, cellView{Text: T(lg, "suppressed")}), true
				continue
			}
			cv := cellView{Text: cellDisplay(lg, v, unit)}
			if id, ok := linkID[i]; ok && v != nil {
				if s := cellText(r[id]); s != "" {
					cv.Href = p.Links[t.Columns[i]].Href(s) + "?" + keep
				}
			}
			row = append(row, cv)
		}
		tv.Rows = append(tv.Rows, row)
	}
	return tv, suppressed
}

// linkColumns finds the columns a panel links: the id columns, which the
// page and the downloads people open leave out, and for each linked name
// column the column of its id.
func linkColumns(t dashboard.Table, p dashboard.Panel) (hidden map[int]bool, linkID map[int]int) {
	hidden, linkID = map[int]bool{}, map[int]int{}
	for col, l := range p.Links {
		if n, id := t.Col(col), t.Col(l.ID); n >= 0 && id >= 0 {
			hidden[id], linkID[n] = true, id
		}
	}
	return hidden, linkID
}

// valueUnit is the unit a panel's column is shown in: the panel's unit for
// its value columns, none (plain numbers) for the others.
func valueUnit(p dashboard.Panel, col string) string {
	if col == "valore" || col == "valore_precedente" || col == "presenza" || col == "quota_donne" || contains(p.Values, col) {
		return p.Unit
	}
	return ""
}

// chartLinks are the pages of the names a panel links, by name: a click on
// a bar or a network node named so opens its page.
func chartLinks(t dashboard.Table, p dashboard.Panel, keep string) map[string]string {
	out := map[string]string{}
	for col, l := range p.Links {
		n, id := t.Col(col), t.Col(l.ID)
		if n < 0 || id < 0 {
			continue
		}
		for _, r := range t.Rows {
			if name, v := cellText(r[n]), cellText(r[id]); name != "" && v != "" {
				out[name] = l.Href(v) + "?" + keep
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) kpis(t dashboard.Table, lg string) []kpiView {
	var out []kpiView
	for _, r := range t.Rows {
		label, unit := s.kpiName(cellText(r[0]), lg)
		k := kpiView{Label: label, Year: cellText(r[1]), PrevYear: cellText(r[3]),
			Value: kpiValue(lg, r[2], unit), Previous: kpiValue(lg, r[4], unit)}
		if len(r) > 6 && unit != "count" {
			if den, ok := dashboard.Number(r[6]); ok {
				k.N = T(lg, "kpi_n") + " " + formatNumber(lg, den, "count")
				if unit == "share" {
					k.N = T(lg, "kpi_of") + " " + formatNumber(lg, den, "count")
				}
			}
		}
		v, ok1 := dashboard.Number(r[2])
		pv, ok2 := dashboard.Number(r[4])
		if ok1 && ok2 && k.PrevYear != "" {
			d := v - pv
			if unit == "share" && math.Abs(d*100) < 0.05 {
				d = 0 // no "-0,0 pp"
			}
			if unit == "share" {
				k.Change = fmt.Sprintf("%+.1f pp", d*100)
				if d == 0 {
					k.Change = "0.0 pp"
				}
				if lg == "it" {
					k.Change = strings.Replace(k.Change, ".", ",", 1)
				}
			} else {
				k.Change = (map[bool]string{true: "+", false: ""}[d > 0]) + formatNumber(lg, d, unit)
			}
			k.Up, k.Down = d > 0, d < 0
		}
		out = append(out, k)
	}
	return out
}

// kpiName is the name and unit of a KPI row: an indicator's name and unit,
// or the label of a count (the headline counts).
func (s *Server) kpiName(id, lg string) (label, unit string) {
	if s.explain != nil {
		if e := s.explain(id, lg); e != nil {
			return e.Name, s.unit(id)
		}
	}
	return L(lg, id), "count"
}

func kpiValue(lg string, v any, unit string) string {
	if _, ok := v.(dashboard.Suppressed); ok {
		return T(lg, "suppressed")
	}
	return cellDisplay(lg, v, unit)
}

// downloadName is a download's file name: dashboard, panel, filters and
// snapshot, so a saved file says what it holds; ext ends it (".csv",
// "_excel.csv", ".xlsx").
func downloadName(d, p string, f dashboard.Filters, snap indicator.Snapshot, ext string) string {
	parts := []string{d, p}
	for _, name := range append(dashboard.FilterNames, "org") {
		if v := f.Get(name); v != "" {
			parts = append(parts, name+"-"+v)
		}
	}
	parts = append(parts, fmt.Sprintf("v%d", snap.DataVersion), snap.AsOf)
	return url.PathEscape(fileChars(strings.Join(parts, "_"), '-')) + ext
}

// fileChars keeps a file name to ASCII letters, digits, '-', '_' and '.',
// putting repl for anything else.
func fileChars(name string, repl rune) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return repl
	}, name)
}

// packLink is the address of the form that adds an indicator panel's values
// (its indicators, the filters' scope and period) to an evidence pack; ""
// for panels computed from the records. A plain link keeps cached pages the
// same for everyone: the form behind it knows who asks.
func packLink(d *dashboard.Dashboard, p dashboard.Panel, f dashboard.Filters, lg string) string {
	ids := p.Indicators
	if p.Indicator != "" {
		ids = []string{p.Indicator}
	}
	if len(ids) == 0 {
		return ""
	}
	q := url.Values{"indicators": {strings.Join(ids, ",")}, "scope": {f.Scope()}, "period": {f.Period()}, "lang": {lg}}
	if d.Scoped == "" {
		back := f.Query()
		back.Set("lang", lg)
		q.Set("back", "/cruscotti/"+d.ID+"?"+back.Encode())
	}
	return "/evidenze/aggiungi?" + q.Encode()
}
