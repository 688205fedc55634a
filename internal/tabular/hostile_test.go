package tabular

// Hostile files: bombs, oversized lines and headers, links and pipes. Each
// must be refused (or its row rejected) within the Limits, before memory or
// disk grow with it.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// refusal returns the *Refusal of OpenWith(path, lim), failing if the file opens.
func refusal(t *testing.T, path string, lim Limits) *Refusal {
	t.Helper()
	r, err := OpenWith(path, lim)
	if err == nil {
		r.Close()
		t.Fatalf("%s opened; want a refusal", filepath.Base(path))
	}
	var ref *Refusal
	if !errors.As(err, &ref) {
		t.Fatalf("%s: %v; want a *Refusal", filepath.Base(path), err)
	}
	return ref
}

// zipPart is one entry of a generated workbook: its content is written by
// fill, streamed through the deflate writer (never held whole in memory).
type zipPart struct {
	name string
	fill func(w io.Writer) error
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// repeat writes n bytes of b, in blocks.
func repeat(b byte, n int) func(io.Writer) error {
	return func(w io.Writer) error {
		block := bytes.Repeat([]byte{b}, 1<<16)
		for n > 0 {
			k := min(n, len(block))
			if _, err := w.Write(block[:k]); err != nil {
				return err
			}
			n -= k
		}
		return nil
	}
}

// noise writes n bytes that deflate cannot shrink.
func noise(n int) func(io.Writer) error {
	return func(w io.Writer) error {
		b := make([]byte, n)
		rnd := rand.New(rand.NewPCG(1, 2))
		for i := range b {
			b[i] = byte(rnd.Uint32())
		}
		_, err := w.Write(b)
		return err
	}
}

// minimalParts are the parts of a one-sheet workbook, but the sheet.
var minimalParts = []zipPart{
	{"[Content_Types].xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
	{"_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
	{"xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Dati" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
	{"xl/_rels/workbook.xml.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)},
}

const sheetStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
	`<row r="1"><c r="A1" t="inlineStr"><is><t>org_id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>`

const sheetEnd = `<row r="2"><c r="A2" t="inlineStr"><is><t>O1</t></is></c><c r="B2" t="inlineStr"><is><t>Ente</t></is></c></row>` +
	`</sheetData></worksheet>`

// sheet is a worksheet with a header and one row, and pad bytes of white
// space between them (blank to XML, and to excelize).
func sheet(pad int) zipPart {
	return zipPart{"xl/worksheets/sheet1.xml", func(w io.Writer) error {
		if err := text(sheetStart)(w); err != nil {
			return err
		}
		if err := repeat(' ', pad)(w); err != nil {
			return err
		}
		return text(sheetEnd)(w)
	}}
}

// writeZip writes a workbook of the given parts, streaming each entry.
func writeZip(t *testing.T, path string, parts ...zipPart) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.fill(w); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func workbook(t *testing.T, name string, extra ...zipPart) string {
	t.Helper()
	return writeZip(t, filepath.Join(t.TempDir(), name), append(append([]zipPart(nil), minimalParts...), extra...)...)
}

func TestXLSXGeneratedWorkbookReads(t *testing.T) {
	// The generator makes real workbooks: without padding, it reads.
	_, header, rows := readAll(t, workbook(t, "ok.xlsx", sheet(1000)))
	if strings.Join(header, ",") != "org_id,name" || len(rows) != 1 || rows[0].Values[1] != "Ente" || rows[0].Line != 2 {
		t.Fatalf("header %q rows %+v", header, rows)
	}
}

// TestXLSXBombs: at the default limits, a sheet or an unused part inflating
// 100 MB out of ~100 KB is refused from the central directory, quickly, and
// no temporary file is left by excelize.
func TestXLSXBombs(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // excelize spills large sheets to os.TempDir
	const big = 100 << 20
	for _, tc := range []struct {
		name  string
		parts []zipPart
	}{
		{"sheet bomb", []zipPart{sheet(big)}},
		{"unused part bomb", []zipPart{sheet(10), {"xl/media/unused.bin", repeat(0, big)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := workbook(t, "bomb.xlsx", tc.parts...)
			if st, _ := os.Stat(path); st.Size() > 1<<20 {
				t.Fatalf("the bomb is %d bytes: not a bomb", st.Size())
			}
			start := time.Now()
			ref := refusal(t, path, Limits{})
			if ref.Code != "bad_format" || !strings.Contains(ref.Detail, "over the limit ratio of 200") {
				t.Errorf("refusal %q", ref)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("refusal took %v: the bomb was inflated", d)
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "excelize-*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestXLSXZipLimits: each bound of the central directory check, lowered so
// the files stay small.
func TestXLSXZipLimits(t *testing.T) {
	many := []zipPart{sheet(10)}
	for i := range 20 {
		many = append(many, zipPart{fmt.Sprintf("xl/media/image%d.png", i), text("x")})
	}
	for _, tc := range []struct {
		name  string
		parts []zipPart
		lim   Limits
		want  string
	}{
		{"entries", many, Limits{MaxZipEntries: 10}, "the XLSX archive has 25 entries, over the limit of 10"},
		{"total size", []zipPart{sheet(10), {"xl/media/a.bin", noise(300 << 10)}}, Limits{MaxUnzippedBytes: 256 << 10},
			"the XLSX workbook expands to more than the limit of 256 KiB"},
		{"part held in memory", []zipPart{sheet(10), {"xl/styles.xml", noise(64 << 10)}}, Limits{MaxXMLPartBytes: 32 << 10},
			"entry 6 (xl/styles.xml) of the XLSX archive is 65536 bytes once inflated, over the limit of 32 KiB for a part held in memory"},
		{"ratio", []zipPart{sheet(2 << 20)}, Limits{MaxZipRatio: 50}, "over the limit ratio of 50: a zip bomb?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := refusal(t, workbook(t, "w.xlsx", tc.parts...), tc.lim)
			if ref.Code != "bad_format" || !strings.Contains(ref.Detail, tc.want) {
				t.Errorf("refusal %q, want %q", ref, tc.want)
			}
		})
	}
	// A large sheet (spilled by excelize to a temporary file) is no in-memory part.
	if _, _, rows := readAllWith(t, workbook(t, "w.xlsx", sheet(64<<10)), Limits{MaxXMLPartBytes: 32 << 10}); len(rows) != 1 {
		t.Errorf("%d rows, want 1", len(rows))
	}
}

// readRefusal opens path and reads it to its end: the *Refusal met on the
// way (at open or mid-file).
func readRefusal(t *testing.T, path string, lim Limits) *Refusal {
	t.Helper()
	r, err := OpenWith(path, lim)
	if err == nil {
		for err == nil {
			_, err = r.Next()
		}
		r.Close()
	}
	var ref *Refusal
	if !errors.As(err, &ref) {
		t.Fatalf("%s: %v; want a *Refusal", filepath.Base(path), err)
	}
	return ref
}

func readAllWith(t *testing.T, path string, lim Limits) (Info, []string, []row) {
	t.Helper()
	r, err := OpenWith(path, lim)
	if err != nil {
		t.Fatalf("OpenWith(%s): %v", filepath.Base(path), err)
	}
	defer r.Close()
	var rows []row
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		var v []string
		if rec.Values != nil {
			v = append([]string(nil), rec.Values...)
		}
		rows = append(rows, row{rec.Line, v, rec.Err, rec.Raw})
		if rec.Err != "" && rec.Detail == "" && rec.Err != "bad_json" {
			t.Errorf("line %d: %s without a detail", rec.Line, rec.Err)
		}
	}
	return r.Info(), append([]string(nil), r.Header()...), rows
}

func writeParquetRows(t *testing.T, path string, n int) string {
	t.Helper()
	return writeParquetNames(t, path, n, strings.Repeat("n", 100))
}

// writeParquetNames writes n organisations named name, zstd-compressed.
func writeParquetNames(t *testing.T, path string, n int, name string) string {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{{Name: "org_id", Type: arrow.BinaryTypes.String}, {Name: "name", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := range n {
		b.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("O%d", i))
		b.Field(1).(*array.StringBuilder).Append(name)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(schema, f, parquet.NewWriterProperties(parquet.WithDictionaryDefault(false),
		parquet.WithCompression(compress.Codecs.Zstd)), pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParquetLimits(t *testing.T) {
	path := writeParquetRows(t, filepath.Join(t.TempDir(), "orgs.parquet"), 1000)
	if _, _, rows := readAllWith(t, path, Limits{}); len(rows) != 1000 {
		t.Fatalf("%d rows at the default limits, want 1000", len(rows))
	}
	for _, tc := range []struct {
		lim  Limits
		want string
	}{
		{Limits{MaxRows: 999}, "the Parquet file declares 1000 rows, over the limit of 999"},
		{Limits{MaxParquetBytes: 64 << 10}, "the Parquet file expands to more than the limit of 64 KiB"},
		{Limits{MaxPageBytes: 1 << 10}, "exceeds configured limit 1024"},
	} {
		r, err := OpenWith(path, tc.lim)
		if err == nil { // a page limit is met reading the first page
			_, err = r.Next()
			r.Close()
		}
		var ref *Refusal
		if !errors.As(err, &ref) || ref.Code != "bad_format" || !strings.Contains(ref.Detail, tc.want) {
			t.Errorf("%+v: %v, want bad_format %q", tc.lim, err, tc.want)
		}
	}
}

// TestParquetRowsPastFooter: the row limit is checked on the footer, so a
// footer that declares fewer rows than the pages hold must not let the
// rest through.
func TestParquetRowsPastFooter(t *testing.T) {
	path := writeParquetRows(t, filepath.Join(t.TempDir(), "o.parquet"), 100)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pf, err := file.NewParquetReader(f)
	if err != nil {
		t.Fatal(err)
	}
	md := pf.MetaData()
	md.FileMetaData.NumRows = 3
	for _, rg := range md.FileMetaData.RowGroups {
		rg.NumRows = 3
	}
	footer, err := md.Serialize(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := int(binary.LittleEndian.Uint32(data[len(data)-8:]))
	lie := append(append([]byte(nil), data[:len(data)-8-n]...), footer...)
	lie = append(binary.LittleEndian.AppendUint32(lie, uint32(len(footer))), "PAR1"...)
	ref := readRefusal(t, writeFile(t, "lie.parquet", lie), Limits{MaxRows: 10})
	if ref.Code != "bad_format" || ref.Detail != "the Parquet file holds more rows than its footer declares (3)" {
		t.Errorf("%q", ref)
	}
}

// TestParquetDecodeMemory: the decoder's memory is bounded whatever the
// metadata says: a page of 8 MiB of one repeated value inflates from a few
// KB, and is refused once decoding would hold more than the limit.
func TestParquetDecodeMemory(t *testing.T) {
	path := writeParquetNames(t, filepath.Join(t.TempDir(), "o.parquet"), 4, strings.Repeat("z", 2<<20))
	if st, _ := os.Stat(path); st.Size() > 64<<10 {
		t.Fatalf("%d bytes", st.Size())
	}
	if _, _, rows := readAllWith(t, path, Limits{}); len(rows) != 4 || len(rows[3].Values[1]) != 2<<20 {
		t.Fatalf("default limits: %d rows", len(rows))
	}
	ref := readRefusal(t, path, Limits{MaxDecodeBytes: 4 << 20})
	if ref.Code != "bad_format" || !strings.Contains(ref.Detail, "decoding the Parquet file needs more than the limit of 4 MiB of memory at once") {
		t.Errorf("%q", ref)
	}
}

// TestLineLimits: a data line over the limit is a bad_format row that is
// skipped (the next rows keep their line numbers); a header over it, or a
// quoted record running on past it, refuses the file.
func TestLineLimits(t *testing.T) {
	long := strings.Repeat("x", 3000)
	lim := Limits{MaxLineBytes: 1024}
	t.Run("CSV row", func(t *testing.T) {
		_, _, rows := readAllWith(t, writeFile(t, "o.csv", []byte("org_id,name\nO1,"+long+"\nO2,ok\r\nO3,"+long)), lim)
		want := []row{{Line: 2, Err: "bad_format"}, vals(3, "O2", "ok"), {Line: 4, Err: "bad_format"}}
		if fmt.Sprint(rows) != fmt.Sprint(want) {
			t.Errorf("rows %+v, want %+v", rows, want)
		}
	})
	t.Run("JSON Lines row", func(t *testing.T) {
		_, _, rows := readAllWith(t, writeFile(t, "o.jsonl", []byte(`{"a":"`+long+`"}`+"\n"+`{"a":"b"}`+"\n")), lim)
		want := []row{{Line: 1, Err: "bad_format"}, vals(2, "b")}
		if fmt.Sprint(rows) != fmt.Sprint(want) {
			t.Errorf("rows %+v, want %+v", rows, want)
		}
	})
	t.Run("at the default limit", func(t *testing.T) {
		big := strings.Repeat("y", DefaultLimits.MaxLineBytes+1)
		_, _, rows := readAllWith(t, writeFile(t, "o.csv", []byte("org_id,name\nO1,"+big+"\nO2,ok\n")), Limits{})
		if len(rows) != 2 || rows[0].Err != "bad_format" || rows[1].Line != 3 {
			t.Errorf("rows %d: %+v", len(rows), rows[0])
		}
	})
	for _, tc := range []struct{ name, data, want string }{
		{"header.csv", long + ",b\n1,2\n", "the header line (line 1) is longer than the limit of 1 KiB"},
		{"quote.csv", "a,b\n0,1\n1,\"" + strings.Repeat("q\n", 600) + "\"\n", "a quoted record runs on past line 515 and over the limit of 1 KiB (an unclosed quote?)"},
	} {
		ref := readRefusal(t, writeFile(t, tc.name, []byte(tc.data)), lim)
		if ref.Code != "bad_format" || !strings.Contains(ref.Detail, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, ref, tc.want)
		}
	}
	// All lines over the limit: no JSON object, refused whole.
	if ref := refusal(t, writeFile(t, "x.jsonl", []byte(`{"a":"`+long+`"}`)), lim); ref.Code != "bad_format" {
		t.Errorf("%q", ref)
	}
}

func TestHeaderLimits(t *testing.T) {
	wide := strings.Repeat("c,", 1500) + "c\n"
	var keys strings.Builder
	for i := range 1200 {
		fmt.Fprintf(&keys, "{\"k%d\":1}\n", i)
	}
	for _, tc := range []struct{ name, data, want string }{
		{"wide.csv", wide, "the header has 1501 columns, over the limit of 1000"},
		{"keys.jsonl", keys.String(), "by line 1001 the JSON objects have more distinct keys than the limit of 1000 columns"},
		{"name.csv", "org_id," + strings.Repeat("n", 5000) + "\n", "the name of column 2 is 5000 bytes long, over the limit of 4 KiB per cell"},
	} {
		ref := refusal(t, writeFile(t, tc.name, []byte(tc.data)), Limits{})
		if ref.Code != "bad_format" || ref.Detail != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, ref, tc.want)
		}
	}
}

// TestJSONLinesMustBeUTF8: JSON Lines with a byte that is not UTF-8 is refused
// bad_encoding, not read as Windows-1252 (a CSV still is).
func TestJSONLinesMustBeUTF8(t *testing.T) {
	data := []byte("{\"name\":\"Societ\xe0\"}\n")
	ref := refusal(t, writeFile(t, "o.jsonl", data), Limits{})
	if ref.Code != "bad_encoding" || ref.Detail != "JSON Lines must be UTF-8 (or UTF-16 with a byte order mark): byte 0xE0 at line 1 is not valid UTF-8" {
		t.Errorf("%q", ref)
	}
	if info, _, _ := readAll(t, writeFile(t, "o.csv", []byte("name\nSociet\xe0\n"))); info.Encoding != "windows-1252" {
		t.Errorf("CSV encoding %q", info.Encoding)
	}
}

// TestNotRegularFiles: links and pipes are refused without being followed,
// opened or read (a pipe would block a plain open forever).
func TestNotRegularFiles(t *testing.T) {
	dir := t.TempDir()
	target := writeFile(t, "organisations.csv", []byte("org_id,name,category\nO1,Ente,research\n"))
	link := filepath.Join(dir, "organisations.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		link: "the file is a symbolic link: links are not followed",
		fifo: "the file is a named pipe, not a regular file",
	} {
		done := make(chan *Refusal, 1)
		go func() { done <- refusal(t, path, Limits{}) }()
		select {
		case ref := <-done:
			if ref.Code != "bad_format" || ref.Detail != want {
				t.Errorf("%s: %q, want %q", filepath.Base(path), ref, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: open blocked", filepath.Base(path))
		}
	}
}

// TestRefusalsQuoteNoContent: decoder errors are redacted of what they quote.
func TestRefusalsQuoteNoContent(t *testing.T) {
	if got := redact(`strconv.Atoi: parsing "Mario Rossi": invalid syntax` + "\n" + strings.Repeat("z", 300)); strings.Contains(got, "Mario") ||
		len(got) > maxRedacted+3 || strings.Contains(got, "\n") || !strings.HasPrefix(got, `strconv.Atoi: parsing "…": invalid syntax?`) {
		t.Errorf("redact: %q", got)
	}
	if got := redact("XML syntax error on line 1: element <Mario> closed by </Rossi>; 1 < 2"); got != "XML syntax error on line 1: element <…> closed by <…>; 1 < 2" {
		t.Errorf("redact: %q", got)
	}
	// A damaged workbook: excelize's error quotes the sheet's text.
	path := workbook(t, "w.xlsx", zipPart{"xl/worksheets/sheet1.xml", text(sheetStart +
		`<row r="2"><c r="Mario Rossi"><v>1</v></c></row></sheetData></worksheet>`)})
	ref := readRefusal(t, path, Limits{})
	if ref.Code != "bad_format" || strings.Contains(ref.Detail, "Mario") {
		t.Errorf("refusal quotes the file: %q", ref)
	}
	// A workbook part whose XML is broken: the XML decoder's error names the element.
	parts := append([]zipPart(nil), minimalParts...)
	parts[2] = zipPart{"xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets></Mario></workbook>`)}
	path = writeZip(t, filepath.Join(t.TempDir(), "w.xlsx"), append(parts, sheet(1))...)
	ref = readRefusal(t, path, Limits{})
	if ref.Code != "bad_format" || strings.Contains(ref.Detail, "Mario") || !strings.Contains(ref.Detail, "XML") {
		t.Errorf("refusal quotes the file: %q", ref)
	}
}
