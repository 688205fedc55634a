package web

import (
	"bytes"
	"math"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"osservatorio/internal/dashboard"
)

// panelXLSX writes a panel's shown table as an Excel workbook: a data sheet
// with typed cells (numbers in full precision, shares as fractions with a
// percentage format, dates as dates; the formats round them as the page
// does, withheld cells are worded as on the page) and a second sheet with
// the about lines (label, text): definition, filters, version, citation.
func panelXLSX(t shownTable, about [][2]string, lg string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	data, info := T(lg, "dati"), T(lg, "about_sheet")
	if err := f.SetSheetName("Sheet1", data); err != nil {
		return nil, err
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return nil, err
	}
	width := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		if err := setCell(f, data, i+1, 1, c, st.head); err != nil {
			return nil, err
		}
		width[i] = utf8.RuneCountInString(c)
	}
	for r, row := range t.Rows {
		for i, c := range row {
			v, style := st.cell(lg, c)
			if err := setCell(f, data, i+1, r+2, v, style); err != nil {
				return nil, err
			}
			if s, ok := v.(string); ok {
				width[i] = max(width[i], utf8.RuneCountInString(s))
			} else if v != nil {
				width[i] = max(width[i], 10)
			}
		}
	}
	for i, w := range width {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(data, col, col, float64(min(max(w, 6), 60)+2)); err != nil {
			return nil, err
		}
	}
	if err := f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(info); err != nil {
		return nil, err
	}
	for i, kv := range about {
		if err := setCell(f, info, 1, i+1, kv[0], st.head); err != nil {
			return nil, err
		}
		if err := setCell(f, info, 2, i+1, kv[1], st.wrap); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth(info, "A", "A", 28); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(info, "B", "B", 100); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type xlsxStyles struct{ head, wrap, share, whole, decimal, date int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	pct, dec := "0.0%", "#,##0.0##" // as the page: one decimal for shares, up to three otherwise
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&st.head, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&st.share, excelize.Style{CustomNumFmt: &pct}},
		{&st.whole, excelize.Style{NumFmt: 3}}, // #,##0
		{&st.decimal, excelize.Style{CustomNumFmt: &dec}},
		{&st.date, excelize.Style{NumFmt: 14}}, // the reader's short date
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return st, err
		}
		*s.id = id
	}
	return st, nil
}

// cell is the value and style of a shown cell.
func (st xlsxStyles) cell(lg string, c shownCell) (any, int) {
	switch x := c.Value.(type) {
	case nil:
		return nil, 0
	case dashboard.Suppressed:
		return T(lg, "suppressed"), 0
	case time.Time:
		return x, st.date
	case string:
		return x, 0
	}
	v, ok := dashboard.Number(c.Value)
	switch {
	case !ok || math.IsNaN(v) || math.IsInf(v, 0):
		return nil, 0
	case c.Unit == "share":
		return v, st.share
	case v == math.Trunc(v):
		return v, st.whole
	}
	return v, st.decimal
}

func setCell(f *excelize.File, sheet string, col, row int, v any, style int) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		return err
	}
	if style == 0 {
		return nil
	}
	return f.SetCellStyle(sheet, cell, cell, style)
}
