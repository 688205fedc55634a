package export

import (
	"fmt"
	"io"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/xuri/excelize/v2"
)

// MaxXLSXRows is Excel's sheet limit, the header row included.
const MaxXLSXRows = 1_048_576

// writeXLSX writes a "Dati" sheet with typed cells (numbers, dates, text;
// lists joined with "|") and a "Provenienza" sheet. A result past Excel's
// row limit is ErrTooManyRows before anything is written to w: an XLSX is
// a zip, finished only at the end, so nothing partial is ever sent.
func writeXLSX(w io.Writer, rr array.RecordReader, p Provenance, maxRows int64) (Summary, error) {
	var sum Summary
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Dati"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return sum, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return sum, err
	}
	fields := rr.Schema().Fields()
	head := make([]any, len(fields))
	for i, fl := range fields {
		head[i] = fl.Name
	}
	if err := sw.SetRow("A1", head); err != nil {
		return sum, err
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	row := make([]any, len(fields))
	for rr.Next() {
		b := rr.RecordBatch()
		for r := 0; r < int(b.NumRows()); r++ {
			if sum.Rows+2 > maxRows {
				return sum, fmt.Errorf("%w: Excel holds %d rows a sheet; use csv, parquet or arrow", ErrTooManyRows, maxRows-1)
			}
			for c := range fields {
				row[c] = xlsxCell(b.Column(c), r, dateStyle)
			}
			cell, _ := excelize.CoordinatesToCellName(1, int(sum.Rows)+2)
			if err := sw.SetRow(cell, row); err != nil {
				return sum, err
			}
			sum.Rows++
		}
	}
	if err := rr.Err(); err != nil {
		return sum, err
	}
	if err := sw.Flush(); err != nil {
		return sum, err
	}
	if _, err := f.NewSheet("Provenienza"); err != nil {
		return sum, err
	}
	for i, kv := range p.Pairs() {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Provenienza", cell, &[]any{kv[0], kv[1]}); err != nil {
			return sum, err
		}
	}
	_, err = f.WriteTo(w)
	return sum, err
}

// xlsxCell is a typed cell: numbers and booleans as such, dates with a
// date format, lists as text joined with "|".
func xlsxCell(a arrow.Array, r int, dateStyle int) any {
	switch x := value(a, r).(type) {
	case nil:
		return nil
	case time.Time:
		return excelize.Cell{StyleID: dateStyle, Value: x}
	case []any:
		return text(a, r, false)
	default:
		return x
	}
}
