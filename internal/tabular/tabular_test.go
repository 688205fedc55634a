package tabular

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// row is a copied Record for comparisons.
type row struct {
	Line   int
	Values []string
	Err    string
	Raw    string
}

func readAll(t *testing.T, path string) (Info, []string, []row) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	defer func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	var rows []row
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next(%s): %v", path, err)
		}
		var vals []string
		if rec.Values != nil {
			vals = append([]string(nil), rec.Values...)
		}
		rows = append(rows, row{rec.Line, vals, rec.Err, rec.Raw})
	}
	return r.Info(), append([]string(nil), r.Header()...), rows
}

func td(name string) string { return filepath.Join("testdata", name) }

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func vals(line int, v ...string) row { return row{Line: line, Values: v} }

func TestCSV(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		info   Info
		header []string
		rows   []row
	}{
		{
			name:   "comma",
			path:   td("comma.csv"),
			info:   Info{Format: CSV, Encoding: "utf-8", Delimiter: ','},
			header: []string{"org_id", "name", "category"},
			rows: []row{
				vals(2, "IT001", "Comune di Bari", "institutional"),
				vals(3, "IT002", "Confindustria, Puglia", "economic_social"),
			},
		},
		{
			name:   "semicolon",
			path:   td("semicolon.csv"),
			info:   Info{Format: CSV, Encoding: "utf-8", Delimiter: ';'},
			header: []string{"org_id", "name", "category"},
			rows: []row{
				vals(2, "IT001", "Comune di Bari", "institutional"),
				vals(3, "IT002", "Rossi, Bianchi & C.", "economic_social"),
			},
		},
		{
			name:   "tab",
			path:   td("tab.tsv"),
			info:   Info{Format: CSV, Encoding: "utf-8", Delimiter: '\t'},
			header: []string{"org_id", "name", "category"},
			rows: []row{
				vals(2, "IT001", "Comune di Bari", "institutional"),
				vals(3, "IT002", "Legambiente; Puglia", "environmental"),
			},
		},
		{
			name:   "utf-8 BOM",
			path:   td("bom.csv"),
			info:   Info{Format: CSV, Encoding: "utf-8-bom", Delimiter: ','},
			header: []string{"org_id", "name"},
			rows:   []row{vals(2, "IT001", "Città di Lecce")},
		},
		{
			name:   "windows-1252",
			path:   td("cp1252.csv"),
			info:   Info{Format: CSV, Encoding: "windows-1252", Delimiter: ';'},
			header: []string{"org_id", "name", "note"},
			rows: []row{
				vals(2, "IT001", "Società cooperativa", "costo 5 €"),
				vals(3, "IT002", "“Caffé” sociale", "città"),
			},
		},
		{
			name:   "utf-16le BOM",
			path:   td("utf16le.csv"),
			info:   Info{Format: CSV, Encoding: "utf-16le", Delimiter: ','},
			header: []string{"org_id", "name"},
			rows:   []row{vals(2, "IT001", "Città di Trento"), vals(3, "IT002", "“Sì” € ok")},
		},
		{
			name:   "utf-16be BOM",
			path:   td("utf16be.csv"),
			info:   Info{Format: CSV, Encoding: "utf-16be", Delimiter: ','},
			header: []string{"org_id", "name"},
			rows:   []row{vals(2, "IT001", "Città di Trento"), vals(3, "IT002", "“Sì” € ok")},
		},
		{
			name:   "quoted newlines keep physical line numbers",
			path:   td("quoted_newline.csv"),
			info:   Info{Format: CSV, Encoding: "utf-8", Delimiter: ','},
			header: []string{"id", "note", "value"},
			rows: []row{
				vals(2, "1", "first line\nsecond line\nthird", "a"),
				vals(5, "2", `He said "hi", twice`, "b"),
				vals(7, "3", "plain", "c"),
			},
		},
		{
			name:   "blank lines skipped (CRLF)",
			path:   td("blank_lines.csv"),
			info:   Info{Format: CSV, Encoding: "utf-8", Delimiter: ','},
			header: []string{"id", "value"},
			rows:   []row{vals(3, "1", "a"), vals(7, "2", "b"), vals(10, "3", "c")},
		},
		{
			name:   "header only",
			path:   td("header_only.csv"),
			info:   Info{Format: CSV, Encoding: "utf-8", Delimiter: ';'},
			header: []string{"org_id", "name", "category"},
		},
		{
			name:   "extra cells: empty ones fine, a non-empty one is bad_format",
			path:   td("extra_cells.csv"),
			info:   Info{Format: CSV, Encoding: "utf-8", Delimiter: ','},
			header: []string{"id", "a", "b"},
			rows: []row{
				vals(2, "1", "x", "y"),
				vals(3, "2", "x", "y"),
				{Line: 4, Err: "bad_format", Raw: "3,x,y,extra"},
				vals(5, "4", "x", ""),
			},
		},
		{
			name:   "no extension: content decides",
			path:   td("noext"),
			info:   Info{Format: CSV, Encoding: "utf-8", Delimiter: ','},
			header: []string{"id", "name"},
			rows:   []row{vals(2, "1", "x")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info, header, rows := readAll(t, tc.path)
			if info != tc.info {
				t.Errorf("Info = %+v, want %+v", info, tc.info)
			}
			if !reflect.DeepEqual(header, tc.header) {
				t.Errorf("Header = %q, want %q", header, tc.header)
			}
			if !reflect.DeepEqual(rows, tc.rows) {
				t.Errorf("rows:\n got %+v\nwant %+v", rows, tc.rows)
			}
		})
	}
}

func TestCSVGenerated(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		delim  rune
		header []string
		rows   []row
	}{
		{
			name:   "delimiter chosen by consistency, not by header count alone",
			data:   "id;note,a,b,c;value\n1;x;y\n2;z;w\n",
			delim:  ';',
			header: []string{"id", "note,a,b,c", "value"},
			rows:   []row{vals(2, "1", "x", "y"), vals(3, "2", "z", "w")},
		},
		{
			name:   "semicolon with decimal commas",
			data:   "id;importo;data\n1;3,50;15/01/2024\n2;1.234,00;16/01/2024\n",
			delim:  ';',
			header: []string{"id", "importo", "data"},
			rows:   []row{vals(2, "1", "3,50", "15/01/2024"), vals(3, "2", "1.234,00", "16/01/2024")},
		},
		{
			name:   "values and header trimmed, trailing empty header cells dropped, rows padded",
			data:   "  id , name ,,\n 1 ,  Bari\u00a0 \n2\n",
			delim:  ',',
			header: []string{"id", "name"},
			rows:   []row{vals(2, "1", "Bari"), vals(3, "2", "")},
		},
		{
			name:   "stray quotes are forgiven",
			data:   "id,name\n1,Ditta \"La Rosa\" srl\n2,\"Ditta \"La Rosa\" srl\"\n3, \"spaced\" ,x\n",
			delim:  ',',
			header: []string{"id", "name"},
			rows: []row{
				vals(2, "1", `Ditta "La Rosa" srl`),
				vals(3, "2", `Ditta "La Rosa" srl`),
				{Line: 4, Err: "bad_format", Raw: "3,spaced,x"},
			},
		},
		{
			name:   "leading blank lines before the header",
			data:   "\n  \nid,name\n\n1,x\n",
			delim:  ',',
			header: []string{"id", "name"},
			rows:   []row{vals(5, "1", "x")},
		},
		{
			name:   "classic Mac line ends",
			data:   "id;name\r1;x\r2;y\r",
			delim:  ';',
			header: []string{"id", "name"},
			rows:   []row{vals(2, "1", "x"), vals(3, "2", "y")},
		},
		{
			name:   "no final newline, single column",
			data:   "org_id\nIT001\nIT002",
			delim:  ',',
			header: []string{"org_id"},
			rows:   []row{vals(2, "IT001"), vals(3, "IT002")},
		},
		{
			name:   "unterminated quote runs to the end of the file",
			data:   "id,note\n1,\"open\n2,x\n",
			delim:  ',',
			header: []string{"id", "note"},
			rows:   []row{vals(2, "1", "open\n2,x")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info, header, rows := readAll(t, writeFile(t, "data.csv", []byte(tc.data)))
			if info.Delimiter != tc.delim {
				t.Errorf("Delimiter = %q, want %q", info.Delimiter, tc.delim)
			}
			if !reflect.DeepEqual(header, tc.header) {
				t.Errorf("Header = %q, want %q", header, tc.header)
			}
			if !reflect.DeepEqual(rows, tc.rows) {
				t.Errorf("rows:\n got %+v\nwant %+v", rows, tc.rows)
			}
		})
	}
}

// TestCSVLongLines crosses the reader's buffer with a long field and a quoted
// field spanning many lines.
func TestCSVLongLines(t *testing.T) {
	long := strings.Repeat("abcdefghij", 100_000) // 1 MB
	multi := strings.Repeat("line\n", 1000)
	data := "id,text\n1," + long + "\n2,\"" + multi + "\"\n3,end\n"
	_, _, rows := readAll(t, writeFile(t, "long.csv", []byte(data)))
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want 3", len(rows))
	}
	if rows[0].Values[1] != long || rows[0].Line != 2 {
		t.Errorf("row 1: line %d, len %d", rows[0].Line, len(rows[0].Values[1]))
	}
	if rows[1].Values[1] != strings.TrimSpace(multi) || rows[1].Line != 3 {
		t.Errorf("row 2: line %d, %d bytes", rows[1].Line, len(rows[1].Values[1]))
	}
	if rows[2].Line != 1004 {
		t.Errorf("row 3 line = %d, want 1004", rows[2].Line)
	}
}

// TestWindows1252Late: a Windows-1252 byte far beyond the sniffed start still
// decides the encoding for the whole file.
func TestWindows1252Late(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,name\n")
	for b.Len() < 200_000 {
		b.WriteString("1,plain ascii\n")
	}
	data := []byte(b.String() + "2,caf\xe9 \x80\n")
	info, _, rows := readAll(t, writeFile(t, "late.csv", data))
	if info.Encoding != "windows-1252" {
		t.Fatalf("Encoding = %q", info.Encoding)
	}
	if got := rows[len(rows)-1].Values[1]; got != "café €" {
		t.Errorf("last value = %q", got)
	}
}

func TestRefusals(t *testing.T) {
	tests := []struct {
		name string
		path string
		code string
	}{
		{"0-byte file", td("empty.csv"), "empty_file"},
		{"only BOM and white space", td("no_header.csv"), "no_header"},
		{"header with all cells empty", td("blank_header.csv"), "no_header"},
		{"HTML named .csv", td("error_page.csv"), "bad_format"},
		{"HTML named .jsonl", td("error_page.jsonl"), "bad_format"},
		{"PNG named .csv", td("image.csv"), "bad_format"},
		{"undefined Windows-1252 bytes", td("bad_encoding.csv"), "bad_encoding"},
		{"JSONL with no object line", td("no_objects.jsonl"), "bad_format"},
		{".xlsx that is not a zip", td("not_a_workbook.xlsx"), "bad_format"},
		{".parquet without PAR1", td("not_parquet.parquet"), "bad_format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkRefusal(t, tc.path, tc.code)
		})
	}
}

func checkRefusal(t *testing.T, path, code string) {
	t.Helper()
	r, err := Open(path)
	if err == nil {
		r.Close()
		t.Fatalf("Open(%s) succeeded, want refusal %s", path, code)
	}
	var ref *Refusal
	if !errors.As(err, &ref) {
		t.Fatalf("Open(%s) error %v is not a *Refusal", path, err)
	}
	if ref.Code != code {
		t.Fatalf("Open(%s) refusal %q (%s), want %q", path, ref.Code, ref.Detail, code)
	}
	if ref.Detail == "" || !strings.HasPrefix(ref.Error(), code+": ") {
		t.Errorf("refusal lacks a detail: %q", ref.Error())
	}
}

func TestGeneratedRefusals(t *testing.T) {
	tests := []struct {
		name string
		file string
		data string
		code string
	}{
		{"binary with NUL bytes named .csv", "x.csv", "id,name\n1,\x00\x01\x02\x00\n", "bad_format"},
		{"many control characters named .txt", "x.txt", "\x01\x02\x03\x04\x05\x06\x07\x08a,b\n", "bad_format"},
		{"zip named .csv", "x.csv", "PK\x03\x04rest", "bad_format"},
		{"parquet magic named .jsonl", "x.jsonl", "PAR1....PAR1", "bad_format"},
		{"PDF without extension", "report", "%PDF-1.7\n...", "bad_format"},
		{"legacy xls named .xlsx", "x.xlsx", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "bad_format"},
		{"zip that is not a workbook", "x.xlsx", "PK\x05\x06" + strings.Repeat("\x00", 18), "bad_format"},
		{"HTML without extension", "download", "\n  <html><body>Not found</body></html>", "bad_format"},
		{"HTML in Windows-1252 with undefined bytes named .csv", "x.csv", "<!DOCTYPE html>\n<p>Errore \x81 \xe8</p>\n", "bad_format"},
		{"HTML with a BOM named .jsonl", "x.jsonl", "\xef\xbb\xbf<html>\n", "bad_format"},
		{"HTML in UTF-16 named .csv", "x.csv", "\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00\n\x00", "bad_format"},
		{"XML named .csv", "x.csv", "<?xml version=\"1.0\"?>\n<rows><row/></rows>\n", "bad_format"},
		{"JSON Lines named .csv", "x.csv", "{\"org_id\":\"IT1\"}\n", "bad_format"},
		{"white space only JSONL", "x.jsonl", " \n\n", "no_header"},
		{"JSONL objects without keys", "x.jsonl", "{}\n{ }\n", "no_header"},
		{"BOM-declared UTF-8 that is not", "x.csv", "\xef\xbb\xbfid\n\xe9\n", "bad_encoding"},
		{"UTF-8 with a stray Latin-1 byte", "x.csv", "id,name\n1,città\n2,perché\n3,caf\xe9\n", "bad_encoding"},
		{"truncated parquet", "x.parquet", "PAR1\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", "bad_format"},
		{"damaged parquet footer", "x.parquet", "PAR1" + strings.Repeat("x", 20) + "\x05\x00\x00\x00PAR1", "bad_format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkRefusal(t, writeFile(t, tc.file, []byte(tc.data)), tc.code)
		})
	}
}

func TestJSONL(t *testing.T) {
	info, header, rows := readAll(t, td("orgs.jsonl"))
	if want := (Info{Format: JSONL, Encoding: "utf-8"}); info != want {
		t.Errorf("Info = %+v", info)
	}
	wantHeader := []string{"org_id", "name", "small", "employees", "nuts", "topics", "extra", "share", "big"}
	if !reflect.DeepEqual(header, wantHeader) {
		t.Errorf("Header = %q, want %q", header, wantHeader)
	}
	want := []row{
		vals(1, "IT001", "Comune di Bari", "true", "120", "", "", "", "", ""),
		vals(3, "IT002", "Legambiente", "", "3", "ITF4", "priorities|indicators", "", "", ""),
		{Line: 4, Err: "bad_json", Raw: "not json at all"},
		vals(5, "IT003", "", "", "", "", "", `{"b":1,"a":[1,2]}`, "0.25", "1000"),
		{Line: 6, Err: "bad_json", Raw: "[1,2,3]"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, want)
	}
}

func TestJSONLGenerated(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		data   string
		enc    string
		header []string
		rows   []row
	}{
		{
			name: "BOM", file: "x.jsonl", data: "\xef\xbb\xbf{\"a\":\"1\"}\n",
			enc: "utf-8-bom", header: []string{"a"}, rows: []row{vals(1, "1")},
		},
		{
			name: ".json and .ndjson are JSON Lines", file: "x.ndjson", data: "{\"a\":1}\r\n{\"a\":2}",
			enc: "utf-8", header: []string{"a"}, rows: []row{vals(1, "1"), vals(2, "2")},
		},
		{
			name: "detected without extension", file: "export", data: "\n{\"a\":-1.50}\n",
			enc: "utf-8", header: []string{"a"}, rows: []row{vals(2, "-1.5")},
		},
		{
			name: "escapes, duplicate keys, nulls in arrays, trailing garbage", file: "x.json",
			data: "{\"a\\u0062\":\"x\\ty\",\"c\":[\"p\",null,2,true],\"c\":[\"q\"]}\n{\"ab\":1} tail\n",
			enc:  "utf-8", header: []string{"ab", "c"},
			rows: []row{vals(1, "x\ty", "q"), {Line: 2, Err: "bad_json", Raw: "{\"ab\":1} tail"}},
		},
		{
			name: "numbers", file: "x.jsonl",
			data: `{"i":12345678901234567890,"e":2.5e2,"n":-0.125,"z":0.0,"f":1e-7}` + "\n",
			enc:  "utf-8", header: []string{"i", "e", "n", "z", "f"},
			rows: []row{vals(1, "12345678901234567890", "250", "-0.125", "0", "0.0000001")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info, header, rows := readAll(t, writeFile(t, tc.file, []byte(tc.data)))
			if info.Format != JSONL || info.Encoding != tc.enc {
				t.Errorf("Info = %+v", info)
			}
			if !reflect.DeepEqual(header, tc.header) {
				t.Errorf("Header = %q, want %q", header, tc.header)
			}
			if !reflect.DeepEqual(rows, tc.rows) {
				t.Errorf("rows:\n got %+v\nwant %+v", rows, tc.rows)
			}
		})
	}
}

// TestLongJSONLine crosses the reader's chunks with a line just under the
// line limit (TestLineLimits covers lines over it).
func TestLongJSONLine(t *testing.T) {
	long := strings.Repeat("x", DefaultLimits.MaxLineBytes-16)
	_, _, rows := readAll(t, writeFile(t, "x.jsonl", []byte(`{"a":"`+long+`"}`+"\n"+`{"a":"b"}`+"\n")))
	if len(rows) != 2 || rows[0].Values[0] != long || rows[1].Line != 2 {
		t.Fatalf("unexpected rows (%d)", len(rows))
	}
}

func TestValuesReusedButStringsStable(t *testing.T) {
	r, err := Open(td("comma.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	a, _ := r.Next()
	first := a.Values[0]
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if first != "IT001" {
		t.Errorf("a value changed after Next: %q", first)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("want io.EOF, got %v", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("want io.EOF again, got %v", err)
	}
}

func TestTruncate(t *testing.T) {
	s := strings.Repeat("é", 150) // 300 bytes
	got := truncate(s, maxRaw)
	if len(got) != 200 || got != strings.Repeat("é", 100) {
		t.Errorf("truncate gave %d bytes", len(got))
	}
	got = truncate("a"+s, maxRaw)
	if len(got) != 199 {
		t.Errorf("truncate cut a rune: %d bytes", len(got))
	}
}

func TestClassifyFormatCode(t *testing.T) {
	tests := map[string]int{
		"General":                 nfPlain,
		"#,##0.00":                nfPlain,
		"0%":                      nfPlain,
		`[$€-410] #,##0.00`:       nfPlain,
		`#,##0 "mesi"`:            nfPlain,
		"0.00E+00":                nfPlain,
		"dd/mm/yyyy":              nfDate,
		"d-mmm-yy":                nfDate,
		"[$-410]d mmmm yyyy":      nfDate,
		"mmm yyyy":                nfDate,
		"mmmm":                    nfDate,
		"yyyy-mm-dd hh:mm":        nfDateTime,
		"dd/mm/yyyy h:mm AM/PM":   nfDateTime,
		"h:mm":                    nfTime,
		"mm:ss":                   nfTime,
		"[h]:mm:ss":               nfTime,
		`[Red]#,##0;[Blue]-#,##0`: nfPlain,
	}
	for code, want := range tests {
		if got := classifyFormatCode(code); got != want {
			t.Errorf("classifyFormatCode(%q) = %d, want %d", code, got, want)
		}
	}
}
