package tabular

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// writeXLSX builds a workbook in dir: first sheet "Dati" with a header, a date
// (built-in format 14, displayed "01-15-24" by default), an Italian custom date,
// a date-time, an amount with thousands separators, an integer, a percentage
// and booleans; a blank row; a second sheet that must be ignored.
func writeXLSX(t *testing.T, dir, name string, headerRow int) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Dati"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	itDate := "dd/mm/yyyy"
	money := "#,##0.00"
	dateStyle := style(&excelize.Style{NumFmt: 14})
	itDateStyle := style(&excelize.Style{CustomNumFmt: &itDate})
	dateTimeStyle := style(&excelize.Style{NumFmt: 22})
	moneyStyle := style(&excelize.Style{CustomNumFmt: &money})
	pctStyle := style(&excelize.Style{NumFmt: 9})
	cell := func(col string, row int) string { return col + itoa(row) }

	h := headerRow
	must(f.SetSheetRow(sh, cell("A", h), &[]any{" org_id ", "started", "ended", "updated", "amount", "members", "share", "small", "note"}))
	day := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	must(f.SetSheetRow(sh, cell("A", h+1), &[]any{"IT001", day, day.AddDate(0, 1, 0), day.Add(10*time.Hour + 30*time.Minute), 1234567.5, 42, 0.25, true, "  spaced  "}))
	must(f.SetCellStyle(sh, cell("B", h+1), cell("B", h+2), dateStyle))
	must(f.SetCellStyle(sh, cell("C", h+1), cell("C", h+2), itDateStyle))
	must(f.SetCellStyle(sh, cell("D", h+1), cell("D", h+2), dateTimeStyle))
	must(f.SetCellStyle(sh, cell("E", h+1), cell("E", h+2), moneyStyle))
	must(f.SetCellStyle(sh, cell("G", h+1), cell("G", h+2), pctStyle))
	// h+2 stays blank (but styled); h+3 holds a short row.
	must(f.SetSheetRow(sh, cell("A", h+3), &[]any{"IT002", day.AddDate(0, 0, 1)}))
	must(f.SetCellStyle(sh, cell("B", h+3), cell("B", h+3), dateStyle))
	must(f.SetCellBool(sh, cell("H", h+3), false))
	must(f.SetCellFloat(sh, cell("F", h+3), 3, -1, 64))
	_, err := f.NewSheet("Other")
	must(err)
	must(f.SetCellValue("Other", "A1", "not read"))
	p := filepath.Join(dir, name)
	must(f.SaveAs(p))
	return p
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestXLSX(t *testing.T) {
	for _, headerRow := range []int{1, 3} {
		t.Run("header on row "+itoa(headerRow), func(t *testing.T) {
			p := writeXLSX(t, t.TempDir(), "organisations.xlsx", headerRow)
			info, header, rows := readAll(t, p)
			if info != (Info{Format: XLSX}) {
				t.Errorf("Info = %+v", info)
			}
			wantHeader := []string{"org_id", "started", "ended", "updated", "amount", "members", "share", "small", "note"}
			if !reflect.DeepEqual(header, wantHeader) {
				t.Errorf("Header = %q, want %q", header, wantHeader)
			}
			h := headerRow
			want := []row{
				vals(h+1, "IT001", "2024-01-15", "2024-02-15", "2024-01-15T10:30:00", "1234567.5", "42", "0.25", "true", "spaced"),
				vals(h+3, "IT002", "2024-01-16", "", "", "", "3", "", "false", ""),
			}
			if !reflect.DeepEqual(rows, want) {
				t.Errorf("rows:\n got %+v\nwant %+v", rows, want)
			}
		})
	}
}

func TestXLSXWithoutExtensionAndMisnamed(t *testing.T) {
	dir := t.TempDir()
	p := writeXLSX(t, dir, "book.xlsx", 1)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	noext := filepath.Join(dir, "download")
	if err := os.WriteFile(noext, data, 0o644); err != nil {
		t.Fatal(err)
	}
	info, _, rows := readAll(t, noext)
	if info.Format != XLSX || len(rows) != 2 {
		t.Errorf("no extension: %+v, %d rows", info, len(rows))
	}
	misnamed := filepath.Join(dir, "organisations.csv")
	if err := os.WriteFile(misnamed, data, 0o644); err != nil {
		t.Fatal(err)
	}
	checkRefusal(t, misnamed, "bad_format")
}

func TestXLSXEmptySheet(t *testing.T) {
	f := excelize.NewFile()
	p := filepath.Join(t.TempDir(), "empty.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	f.Close()
	checkRefusal(t, p, "no_header")
}

func writeParquet(t *testing.T, p string) {
	t.Helper()
	mem := memory.DefaultAllocator
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "org_id", Type: arrow.BinaryTypes.String},
		{Name: "members", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "small", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "started", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "note", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "share", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "updated", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "topics", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: "rank", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	day := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"IT001", " IT002 ", "IT003"}, nil)
	b.Field(1).(*array.Int64Builder).AppendValues([]int64{120, 0, 0}, []bool{true, true, false})
	b.Field(2).(*array.BooleanBuilder).AppendValues([]bool{true, false, false}, []bool{true, true, false})
	b.Field(3).(*array.Date32Builder).AppendValues([]arrow.Date32{arrow.Date32FromTime(day), 0, 0}, []bool{true, true, false})
	b.Field(4).(*array.StringBuilder).AppendValues([]string{"", "nota", ""}, []bool{false, true, false})
	b.Field(5).(*array.Float64Builder).AppendValues([]float64{3.0, 0.125, 0}, []bool{true, true, false})
	ts := b.Field(6).(*array.TimestampBuilder)
	ts.Append(arrow.Timestamp(day.UnixMicro()))
	ts.Append(arrow.Timestamp(day.Add(10*time.Hour + 30*time.Minute).UnixMicro()))
	ts.AppendNull()
	lb := b.Field(7).(*array.ListBuilder)
	vb := lb.ValueBuilder().(*array.StringBuilder)
	lb.Append(true)
	vb.AppendValues([]string{"priorities", "indicators"}, nil)
	lb.Append(true)
	lb.AppendNull()
	b.Field(8).(*array.Int32Builder).AppendValues([]int32{-7, 1, 2}, nil)
	rec := b.NewRecordBatch()
	defer rec.Release()

	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(sc, f, parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(2)), pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestParquet(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "organisations.parquet")
	writeParquet(t, p)
	info, header, rows := readAll(t, p)
	if info != (Info{Format: Parquet}) {
		t.Errorf("Info = %+v", info)
	}
	wantHeader := []string{"org_id", "members", "small", "started", "note", "share", "updated", "topics", "rank"}
	if !reflect.DeepEqual(header, wantHeader) {
		t.Errorf("Header = %q, want %q", header, wantHeader)
	}
	want := []row{
		vals(1, "IT001", "120", "true", "2024-01-15", "", "3", "2024-01-15", "priorities|indicators", "-7"),
		vals(2, "IT002", "0", "false", "1970-01-01", "nota", "0.125", "2024-01-15T10:30:00Z", "", "1"),
		vals(3, "IT003", "", "", "", "", "", "", "", "2"),
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, want)
	}

	// Content decides without an extension; a Parquet named .csv is refused.
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	noext := filepath.Join(dir, "blob")
	if err := os.WriteFile(noext, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if info, _, rows := readAll(t, noext); info.Format != Parquet || len(rows) != 3 {
		t.Errorf("no extension: %+v, %d rows", info, len(rows))
	}
	misnamed := filepath.Join(dir, "organisations.csv")
	if err := os.WriteFile(misnamed, data, 0o644); err != nil {
		t.Fatal(err)
	}
	checkRefusal(t, misnamed, "bad_format")
	// Truncated: the head is there, the footer is not.
	trunc := filepath.Join(dir, "trunc.parquet")
	if err := os.WriteFile(trunc, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	checkRefusal(t, trunc, "bad_format")
}
