package tabular

// Fuzz targets for the readers, through the file API (sniffing, encodings,
// limits) as a load uses them. Seeds are in testdata/fuzz/<FuzzName>/; as
// plain tests they run those seeds only.
//
//	go test -tags duckdb_arrow -run '^$' -fuzz '^FuzzCSVReader$' -fuzztime 60s ./internal/tabular/

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzLimits are small, so the fuzzer reaches them.
var fuzzLimits = Limits{MaxLineBytes: 512, MaxCellBytes: 256, MaxColumns: 64, MaxZipEntries: 64,
	MaxUnzippedBytes: 4 << 20, MaxXMLPartBytes: 1 << 20, MaxRows: 10_000, MaxParquetBytes: 4 << 20, MaxPageBytes: 1 << 20}

// fuzzRead writes data as name, reads it whole within fuzzLimits and checks
// what any reader promises: a refusal or rows; rows in order, as wide as the
// header; a line over the limit never returned; text valid UTF-8.
func fuzzRead(t *testing.T, name string, data []byte) {
	// A file of a few KB that takes seconds is a CPU bomb: crash the worker,
	// so the fuzzer keeps the input (it has no timeout of its own).
	defer time.AfterFunc(20*time.Second, func() { panic("reading " + name + " took over 20 s") }).Stop()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := OpenWith(path, fuzzLimits)
	if err != nil {
		var ref *Refusal
		if !errors.As(err, &ref) {
			t.Fatalf("open: %v (not a refusal)", err)
		}
		return
	}
	defer r.Close()
	h := r.Header()
	if len(h) == 0 || len(h) > fuzzLimits.MaxColumns {
		t.Fatalf("%d columns", len(h))
	}
	textual := r.Info().Format == CSV || r.Info().Format == JSONL
	for _, c := range h {
		if len(c) > fuzzLimits.MaxCellBytes || (textual && !utf8.ValidString(c)) {
			t.Fatalf("header cell %q", c)
		}
	}
	last := 0
	for n := 0; ; n++ {
		rec, err := r.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			var ref *Refusal
			if !errors.As(err, &ref) {
				t.Fatalf("next: %v (not a refusal)", err)
			}
			return
		}
		if rec.Line <= last && r.Info().Format != XLSX || rec.Line < last {
			t.Fatalf("line %d after %d", rec.Line, last)
		}
		last = rec.Line
		if rec.Err != "" {
			continue
		}
		if len(rec.Values) != len(h) {
			t.Fatalf("%d values for %d columns", len(rec.Values), len(h))
		}
		for _, v := range rec.Values {
			if textual && (len(v) > fuzzLimits.MaxLineBytes || !utf8.ValidString(v)) {
				t.Fatalf("value of %d bytes, valid UTF-8 %v", len(v), utf8.ValidString(v))
			}
		}
	}
}

func FuzzCSVReader(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "x.csv", data) })
}

func FuzzJSONLReader(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "x.jsonl", data) })
}

func FuzzXLSXReader(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "x.xlsx", data) })
}

func FuzzParquetReader(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "x.parquet", data) })
}

// FuzzDetectEncoding: whatever the bytes, the decision holds for the whole
// file: UTF-8 only when the bytes are, and the decoded text is UTF-8.
func FuzzDetectEncoding(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		path := filepath.Join(t.TempDir(), "x")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		head := data[:min(len(data), sniffSize)]
		enc, err := detectEncoding(fh, head, int64(len(data)))
		if err != nil {
			var ref *Refusal
			if !errors.As(err, &ref) {
				t.Fatalf("%v (not a refusal)", err)
			}
			return
		}
		if enc.kind == encUTF8 && !utf8.Valid(data[enc.skip:]) {
			t.Fatalf("%s for invalid UTF-8", enc.name)
		}
		if s := enc.decodeSample(head, true); !utf8.ValidString(s) {
			t.Fatalf("%s sample is not UTF-8", enc.name)
		}
		rd, err := enc.reader(fh)
		if err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(rd)
		if err != nil {
			t.Fatal(err)
		}
		if enc.kind == encWindows1252 && !utf8.Valid(out) {
			t.Fatalf("decoded %s is not UTF-8", enc.name)
		}
	})
}
