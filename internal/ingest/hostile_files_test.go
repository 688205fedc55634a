package ingest

// Hostile files through the whole load: oversized values, links, content that
// a refusal must not repeat. The readers' own bounds are tested in tabular.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"

	"osservatorio/internal/store"
)

func hfWrite(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// hfLongest is the longest text stored in a table's column.
func hfLongest(t *testing.T, st *store.Store, table, column string) int64 {
	t.Helper()
	var n int64
	q := fmt.Sprintf(`SELECT coalesce(max(length(%q)), 0) FROM %s`, column, table)
	if err := st.DB().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// hfRejects lists a load's rejects as "line column reason".
func hfRejects(r Result) []string {
	var out []string
	for _, rj := range r.Rejects {
		out = append(out, fmt.Sprintf("%d %s %s", rj.Line, rj.Column, rj.Reason))
	}
	return out
}

// TestOversizedValuesRejected: a 10 MB name (a line over the 1 MiB limit)
// and a 10 KB name (a cell over the 4 KiB limit) are rejected bad_format in
// every format; nothing longer than the cell limit reaches a table, the
// rejects included.
func TestOversizedValuesRejected(t *testing.T) {
	dir := t.TempDir()
	huge := strings.Repeat("N", 10<<20)
	big := strings.Repeat("é", 5<<10) // 10 KiB, two bytes a rune
	csv := hfWrite(t, dir, "organisations_a.csv", "org_id,name,category\n"+
		"O1,"+huge+",research\n"+
		"O2,"+big+",research\n"+
		"O3,Ente,research\n")
	jsonl := hfWrite(t, dir, "organisations_b.jsonl",
		`{"org_id":"J1","name":"`+huge+`","category":"research"}`+"\n"+
			`{"org_id":"J2","name":"`+big+`","category":"research"}`+"\n"+
			`{"org_id":"J3","name":"Ente","category":"research"}`+"\n")

	xlsx := filepath.Join(dir, "organisations_c.xlsx")
	wb := excelize.NewFile()
	for i, row := range [][]any{{"org_id", "name", "category"}, {"X2", big, "research"}, {"X3", "Ente", "research"}} {
		if err := wb.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := wb.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	wb.Close()

	pq := filepath.Join(dir, "organisations_d.parquet")
	schema := arrow.NewSchema([]arrow.Field{{Name: "org_id", Type: arrow.BinaryTypes.String},
		{Name: "name", Type: arrow.BinaryTypes.String}, {Name: "category", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	for _, row := range [][3]string{{"P1", big, "research"}, {"P2", "Ente", "research"}} {
		for i, v := range row {
			b.Field(i).(*array.StringBuilder).Append(v)
		}
	}
	rec := b.NewRecordBatch()
	f, err := os.Create(pq)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(schema, f, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	st := ctStore(t)
	res := ctLoad(t, st, csv, jsonl, xlsx, pq)
	want := [][]string{
		{"2  bad_format", "3 name bad_format"},
		{"1  bad_format", "2 name bad_format"},
		{"2 name bad_format"},
		{"1 name bad_format"},
	}
	for i, r := range res {
		if r.Outcome != Loaded || r.RowsLoaded != 1 || fmt.Sprint(hfRejects(r)) != fmt.Sprint(want[i]) {
			t.Errorf("%s: %s loaded %d, rejects %q; want %q", r.File, r.Outcome, r.RowsLoaded, hfRejects(r), want[i])
		}
		for _, rj := range r.Rejects {
			if rj.Column == "" && rj.Detail != fmt.Sprintf("line %d is longer than the limit of 1 MiB; it was skipped unread; its text is not kept", rj.Line) {
				t.Errorf("%s line %d: detail %q", r.File, rj.Line, rj.Detail)
			}
			if rj.Column == "name" && (rj.Detail != "the value is 10240 bytes long, over the limit of 4096 bytes per cell; only its start is kept here" ||
				rj.Value != strings.Repeat("é", 32)+"…") {
				t.Errorf("%s line %d: value %q, detail %q", r.File, rj.Line, rj.Value, rj.Detail)
			}
		}
	}
	if n := hfLongest(t, st, "organisations", "name"); n != 4 {
		t.Errorf("longest stored name: %d characters, want 4 (Ente)", n)
	}
	for _, col := range []string{"value", "record", "detail"} {
		if n := hfLongest(t, st, "rejects", col); n > 200 {
			t.Errorf("rejects.%s holds %d characters", col, n)
		}
	}
}

// TestRefusalsRepeatNoContent: a file whose first line is data (an
// /etc/passwd, a register without a header) is refused without its text in
// the message or the load log; column names the contract knows are named.
func TestRefusalsRepeatNoContent(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, data, reason, message string }{
		{"attendance.csv", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n", "missing_column",
			"attendance.csv: refused (missing_column): a attendance file needs the column(s) meeting_id, org_id, present; the header has: 1 cell(s), none of them a column of the contract (not quoted)"},
		{"export.csv", "Mario Rossi,Comune di Matera,3\n", "unknown_kind",
			"export.csv: refused (unknown_kind): neither the file name nor the header (3 cell(s), none of them a column of the contract (not quoted)) says which kind of record it holds; " +
				"name it organisations…, bodies…, guideline_adoptions…, memberships…, meetings…, attendance… or contributions…"},
		{"presenze.csv", "ID_Riunione,org_id,Mario Rossi,nome\nM1,O1,x,Mario\n", "missing_column",
			"presenze.csv: refused (missing_column): a attendance file needs the column(s) present; the header has: ID_Riunione, org_id, nome and 1 other cell(s) (not quoted)"},
	} {
		st := ctStore(t)
		r := ctLoad1(t, st, hfWrite(t, dir, tc.name, tc.data))
		if r.Outcome != Refused || r.Reason != tc.reason || r.Message != tc.message {
			t.Errorf("%s: %s %s %q\nwant message %q", tc.name, r.Outcome, r.Reason, r.Message, tc.message)
		}
		var logged string
		if err := st.DB().QueryRow(`SELECT concat_ws(' ', message, ignored_columns::VARCHAR, dropped_columns::VARCHAR) FROM loads`).Scan(&logged); err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"root:", "/bin/bash", "Mario Rossi", "Matera"} {
			if strings.Contains(logged, secret) {
				t.Errorf("%s: the load log repeats %q: %s", tc.name, secret, logged)
			}
		}
	}
}

// TestJSONLinesNotUTF8Refused: a Latin-1 byte in JSON Lines is bad_encoding.
func TestJSONLinesNotUTF8Refused(t *testing.T) {
	st := ctStore(t)
	r := ctLoad1(t, st, hfWrite(t, t.TempDir(), "organisations.jsonl", "{\"org_id\":\"O1\",\"name\":\"Societ\xe0\",\"category\":\"research\"}\n"))
	if r.Outcome != Refused || r.Reason != "bad_encoding" || ctVersion(t, st) != 0 {
		t.Errorf("%s %s %q", r.Outcome, r.Reason, r.Message)
	}
}

// TestLinksRefusedUnread: a link is refused without reading its target, even
// when the target is a good file.
func TestLinksRefusedUnread(t *testing.T) {
	dir := t.TempDir()
	target := hfWrite(t, t.TempDir(), "organisations.csv", "org_id,name,category\nO1,Ente,research\n")
	link := filepath.Join(dir, "organisations.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	st := ctStore(t)
	r := ctLoad1(t, st, link)
	if r.Outcome != Refused || r.Reason != "bad_format" || r.SHA256 != "" || r.Size != 0 ||
		r.Message != "organisations.csv: refused (bad_format): the file is a symbolic link: links are not followed" {
		t.Errorf("%+v", r)
	}
	if v, _ := st.DataVersion(context.Background()); v != 0 {
		t.Errorf("data version %d", v)
	}
}
