package web

import "osservatorio/internal/dashboard"

// shownTable is a panel's table as the page shows it, for the downloads
// people open (the Excel CSV and the XLSX): columns and codes by their
// labels, KPI rows by their indicator's name, numbers still numbers with the
// unit the page formats them in, withheld cells still dashboard.Suppressed.
type shownTable struct {
	Columns []string
	Rows    [][]shownCell
}

// shownCell is one cell: Value is nil, a string, a time.Time, an int64, a
// float64 or dashboard.Suppressed; Unit is a number's unit ("share": a
// fraction shown as a percentage).
type shownCell struct {
	Value any
	Unit  string
}

// shownTable turns a panel's table into what its data table shows, with the
// units of its KPI tiles for a kpis panel.
func (s *Server) shownTable(p dashboard.Panel, t dashboard.Table, lg string) shownTable {
	st := shownTable{}
	hidden, _ := linkColumns(t, p) // ids behind linked names: the machine CSV has them
	for i, c := range t.Columns {
		if !hidden[i] {
			st.Columns = append(st.Columns, L(lg, c))
		}
	}
	for _, r := range t.Rows {
		row := make([]shownCell, 0, len(r))
		for i, v := range r {
			if !hidden[i] {
				row = append(row, shownCell{Value: shownValue(lg, v), Unit: valueUnit(p, t.Columns[i])})
			}
		}
		if p.Chart == "kpis" && len(r) > 0 { // each row its indicator, as the tiles show it
			label, unit := s.kpiName(cellText(r[0]), lg)
			row[0].Value = label
			for _, col := range []string{"valore", "valore_precedente"} {
				if i := t.Col(col); i >= 0 {
					row[i].Unit = unit
				}
			}
		}
		st.Rows = append(st.Rows, row)
	}
	return st
}

// shareColumn reports whether every number of column i is a share, so a
// download can say "%" once in the header.
func (t shownTable) shareColumn(i int) bool {
	found := false
	for _, r := range t.Rows {
		if _, ok := dashboard.Number(r[i].Value); ok {
			if r[i].Unit != "share" {
				return false
			}
			found = true
		}
	}
	return found
}
