package export

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"

	"osservatorio/internal/store"
)

// sampleQuery has a column of each kind a researcher meets, NULLs included.
const sampleQuery = `SELECT i::INTEGER AS n, (i * 10)::BIGINT AS big, count_if(true) OVER () AS hugeint_count,
	i / 4 AS share, (i / 4)::DECIMAL(10, 3) AS dec, 'Città ' || i AS name,
	DATE '2024-03-01' + i::INTEGER AS day, TIMESTAMP '2024-03-01 10:00:00' AS at, i % 2 = 0 AS even,
	CASE WHEN i = 1 THEN NULL ELSE ['priorities', 'indicators'] END AS topics,
	CASE WHEN i = 2 THEN NULL ELSE 'x' END AS maybe
	FROM range(1, 4) t(i) ORDER BY i`

func openStore(t *testing.T, allowed ...string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "e.duckdb"), AllowedDirs: allowed})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func export(t *testing.T, st *store.Store, q string, f Format) ([]byte, Summary) {
	t.Helper()
	var buf bytes.Buffer
	var sum Summary
	p := Provenance{DataVersion: 7, AsOf: "2025-12-31", SQL: q, Generated: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC), Service: "test"}
	var err error
	if Copied(f) { // as sandbox.Export does
		err = inTx(st, func(conn *sql.Conn) error {
			var err error
			sum, err = CopyTo(context.Background(), conn, q, nil, f, p, st.TempDir(), &buf, nil)
			return err
		})
	} else {
		err = arrowRun(st, q, func(rr array.RecordReader) error {
			var err error
			sum, err = Stream(&buf, f, rr, p)
			return err
		})
	}
	if err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return buf.Bytes(), sum
}

func TestCSVAndItalianCSV(t *testing.T) {
	st := openStore(t)
	b, sum := export(t, st, sampleQuery, CSV)
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || sum.Rows != 3 || len(rows) != 4 {
		t.Fatalf("%v %d rows: %s", err, sum.Rows, b)
	}
	want := []string{"2", "20", "3", "0.5", "0.5", "Città 2", "2024-03-03", "2024-03-01T10:00:00Z", "true", "priorities|indicators", ""}
	if strings.Join(rows[2], ",") != strings.Join(want, ",") {
		t.Errorf("csv row\n got %v\nwant %v", rows[2], want)
	}
	if rows[1][9] != "" {
		t.Errorf("a NULL list is %q", rows[1][9])
	}
	// Italian Excel: BOM, ";" and decimal comma; parsed back with its rules.
	b, _ = export(t, st, sampleQuery, CSVIT)
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Fatal("no BOM")
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	rows, err = r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	share, err := strconv.ParseFloat(strings.Replace(rows[2][3], ",", ".", 1), 64)
	if rows[0][5] != "name" || rows[2][5] != "Città 2" || rows[2][3] != "0,5" || err != nil || share != 0.5 || rows[2][4] != "0,5" {
		t.Errorf("Italian CSV row: %v", rows[2])
	}
}

func TestJSONFormats(t *testing.T) {
	st := openStore(t)
	b, _ := export(t, st, sampleQuery, JSONL)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	var row map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &row); err != nil {
		t.Fatal(err)
	}
	if row["n"] != 2.0 || row["day"] != "2024-03-03" || row["maybe"] != nil || row["share"] != 0.5 {
		t.Errorf("jsonl row: %v", row)
	}
	if l, ok := row["topics"].([]any); !ok || len(l) != 2 || l[0] != "priorities" {
		t.Errorf("a list is not a JSON array: %v", row["topics"])
	}
	b, sum := export(t, st, "SELECT * FROM range(1500)", JSON)
	var page struct {
		Columns   []map[string]string `json:"columns"`
		Rows      []map[string]any    `json:"rows"`
		Truncated bool                `json:"truncated"`
	}
	if err := json.Unmarshal(b, &page); err != nil || len(page.Rows) != ConsoleRows || !page.Truncated || !sum.Truncated {
		t.Errorf("console page: %v %d rows truncated=%v", err, len(page.Rows), page.Truncated)
	}
}

// Parquet and Arrow are read back by independent readers (DuckDB's
// read_parquet, arrow-go's IPC reader) with the same rows, names and types,
// and carry the provenance in their schema metadata.
func TestParquetAndArrowReadBack(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	b, _ := export(t, st, sampleQuery, Parquet)
	path := filepath.Join(dir, "x.parquet")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var n, sumBig int64
	var topics, typ, day string
	if err := st.DB().QueryRow(`SELECT count(*), sum(big), any_value(array_to_string(topics, '|')) FILTER (WHERE n = 2),
		any_value(typeof(topics)), any_value(day::VARCHAR) FILTER (WHERE n = 3) FROM read_parquet(?)`, path).
		Scan(&n, &sumBig, &topics, &typ, &day); err != nil {
		t.Fatal(err)
	}
	if n != 3 || sumBig != 60 || topics != "priorities|indicators" || typ != "VARCHAR[]" || day != "2024-03-04" {
		t.Errorf("parquet read back: %d %d %q %s %s", n, sumBig, topics, typ, day)
	}
	var sha string
	if err := st.DB().QueryRow(`SELECT value FROM parquet_kv_metadata(?) WHERE key::VARCHAR = 'osservatorio.sql_sha256'`, path).Scan(&sha); err != nil ||
		sha != (Provenance{SQL: sampleQuery}).SHA256() {
		t.Errorf("parquet provenance: %q %v", sha, err)
	}

	b, _ = export(t, st, sampleQuery, Arrow)
	rdr, err := ipc.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Release()
	if v, ok := rdr.Schema().Metadata().GetValue("osservatorio.data_version"); !ok || v != "7" {
		t.Errorf("arrow provenance: %q", v)
	}
	// Through Parquet and back, the names and the exact integers stay.
	if f := rdr.Schema().Field(2); f.Name != "hugeint_count" || f.Type.ID() != arrow.DECIMAL128 {
		t.Errorf("arrow column 3: %s %s", f.Name, f.Type)
	}
	rows := 0
	for rdr.Next() {
		rec := rdr.RecordBatch()
		rows += int(rec.NumRows())
		if _, ok := rec.Column(9).(*array.List); !ok {
			t.Errorf("topics is %T, not a list", rec.Column(9))
		}
	}
	if rows != 3 || rdr.Schema().Field(5).Name != "name" {
		t.Errorf("arrow: %d rows, %v", rows, rdr.Schema())
	}
}

// XLSX: typed cells read back by excelize, a provenance sheet, and a clear
// error past the sheet's row limit (nothing written).
func TestXLSX(t *testing.T) {
	st := openStore(t)
	b, _ := export(t, st, sampleQuery, XLSX)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Dati")
	if err != nil || len(rows) != 4 || rows[0][5] != "name" || rows[2][5] != "Città 2" || rows[2][9] != "priorities|indicators" {
		t.Fatalf("sheet: %v %v", rows, err)
	}
	if typ, _ := f.GetCellType("Dati", "D3"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("a share is a %v cell", typ)
	}
	if v, _ := f.GetCellValue("Dati", "D3", excelize.Options{RawCellValue: true}); v != "0.5" {
		t.Errorf("share cell %q", v)
	}
	prov, _ := f.GetRows("Provenienza")
	if len(prov) < 5 || prov[0][0] != "data_version" || prov[0][1] != "7" {
		t.Errorf("provenance sheet: %v", prov)
	}
	var buf bytes.Buffer
	err = arrowRun(st, "SELECT * FROM range(20)", func(rr array.RecordReader) error {
		_, err := writeXLSX(&buf, rr, Provenance{}, 10)
		return err
	})
	if !errors.Is(err, ErrTooManyRows) || buf.Len() != 0 {
		t.Errorf("past the row limit: %v, %d bytes written", err, buf.Len())
	}
}

// inTx runs fn on a pinned connection in a read-only transaction, as the
// research gate does (this package is below the gate, which imports it).
func inTx(st *store.Store, fn func(*sql.Conn) error) error {
	ctx := context.Background()
	conn, err := st.DB().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION READ ONLY"); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	return fn(conn)
}

// arrowRun hands fn the query's rows as Arrow batches.
func arrowRun(st *store.Store, q string, fn func(array.RecordReader) error) error {
	return inTx(st, func(conn *sql.Conn) error {
		return conn.Raw(func(dc any) error {
			ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
			if err != nil {
				return err
			}
			rr, err := ar.QueryContext(context.Background(), q)
			if err != nil {
				return err
			}
			defer rr.Release()
			return fn(rr)
		})
	})
}
