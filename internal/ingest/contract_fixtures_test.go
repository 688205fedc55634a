package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// The binary fixtures of the messy batch (testdata/messy/riunioni_2024.parquet
// and testdata/messy/contributi.xlsx) are committed files. This test rewrites
// them; it runs only on demand:
//
//	OSSERVATORIO_WRITE_FIXTURES=1 go test -tags duckdb_arrow -run TestContractWriteBinaryFixtures ./internal/ingest/
//
// The expectations in contract_test.go are worked out from the rows below.
func TestContractWriteBinaryFixtures(t *testing.T) {
	if os.Getenv("OSSERVATORIO_WRITE_FIXTURES") == "" {
		t.Skip("set OSSERVATORIO_WRITE_FIXTURES=1 to rewrite testdata/messy/*.parquet and *.xlsx")
	}
	dir := filepath.Join("testdata", "messy")
	if err := writeMeetingsParquet(filepath.Join(dir, "riunioni_2024.parquet")); err != nil {
		t.Fatal(err)
	}
	if err := writeContributionsXLSX(filepath.Join(dir, "contributi.xlsx")); err != nil {
		t.Fatal(err)
	}
}

func day(s string) arrow.Date32 {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return arrow.Date32FromTime(d)
}

// writeMeetingsParquet writes four meetings with English column names, typed
// dates and a list column of topics:
//
//	row 1 R-101 CDS-MOL 2024-05-20 Monitoring remote 2024-06-01 [priorities Indicatori]
//	row 2 R-102 TAV-1   2024-06-03 valutazione NULL NULL          []
//	row 3 R-103 NOPE    2024-06-04 evaluation  NULL NULL          NULL  → unknown_reference body_id
//	row 4 R-104 LAB-1   NULL       evaluation  NULL NULL          NULL  → missing_required date
func writeMeetingsParquet(path string) error {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "meeting_id", Type: arrow.BinaryTypes.String},
		{Name: "body_id", Type: arrow.BinaryTypes.String},
		{Name: "date", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "phase", Type: arrow.BinaryTypes.String},
		{Name: "mode", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "minutes_published", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "topics", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"R-101", "R-102", "R-103", "R-104"}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"CDS-MOL", "TAV-1", "NOPE", "LAB-1"}, nil)
	b.Field(2).(*array.Date32Builder).AppendValues(
		[]arrow.Date32{day("2024-05-20"), day("2024-06-03"), day("2024-06-04"), 0}, []bool{true, true, true, false})
	b.Field(3).(*array.StringBuilder).AppendValues([]string{"Monitoring", "valutazione", "evaluation", "evaluation"}, nil)
	b.Field(4).(*array.StringBuilder).AppendValues([]string{"remote", "", "", ""}, []bool{true, false, false, false})
	b.Field(5).(*array.Date32Builder).AppendValues([]arrow.Date32{day("2024-06-01"), 0, 0, 0}, []bool{true, false, false, false})
	lb := b.Field(6).(*array.ListBuilder)
	vb := lb.ValueBuilder().(*array.StringBuilder)
	lb.Append(true)
	vb.Append("priorities")
	vb.Append("Indicatori")
	lb.Append(true) // empty list
	lb.AppendNull()
	lb.AppendNull()
	rec := b.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(schema, []arrow.RecordBatch{rec})
	defer tbl.Release()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	// WriteTable closes f when it is done.
	return pqarrow.WriteTable(tbl, f, 1024, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps())
}

// writeContributionsXLSX writes contributions on a first sheet "Contributi"
// with Italian headers (a second sheet must be ignored). Row 3's data_invio is
// a real Excel date cell; row 4 is left empty; every other cell is text.
func writeContributionsXLSX(path string) error {
	wb := excelize.NewFile()
	defer wb.Close()
	if err := wb.SetSheetName("Sheet1", "Contributi"); err != nil {
		return err
	}
	rows := map[int][]string{
		1:  {"id_contributo", "id_organizzazione", "id_riunione", "id_organismo", "Data invio", "Tipo", "Data riscontro", "Esito"},
		2:  {"C-1", "01", "S-001", "", "20/06/2023", "Scritto", "2023-07-15", "Parzialmente accolto"},
		3:  {"C-2", "02", "", "CDS-MOL", "", "orale", "", ""},
		5:  {"C-3", "03", "", "", "2023-10-01", "emendamento", "", "respinto"},
		6:  {"C-4", "07", "S-001", "", "2023-10-02", "scritto", "", ""},
		7:  {"C-5", "01", "S-002", "", "2023-12-01", "written", "", "maybe"},
		8:  {"C-6", "01", "R-101", "", "10/6/2024", "amendment", "", "accepted"},
		9:  {"C-7", "01", "R-103", "", "2024-06-11", "", "", ""},
		10: {"C-8", "05", "", "WG-1", "2024-06-12", "Non so", "", ""},
	}
	for r, cells := range rows {
		for c, v := range cells {
			if v == "" {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r)
			if err != nil {
				return err
			}
			if err := wb.SetCellStr("Contributi", cell, v); err != nil {
				return err
			}
		}
	}
	style, err := wb.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	if err := wb.SetCellValue("Contributi", "E3", time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		return err
	}
	if err := wb.SetCellStyle("Contributi", "E3", "E3", style); err != nil {
		return err
	}
	if _, err := wb.NewSheet("Note"); err != nil {
		return err
	}
	if err := wb.SetCellStr("Note", "A1", "questo foglio non è letto"); err != nil {
		return err
	}
	return wb.SaveAs(path)
}
