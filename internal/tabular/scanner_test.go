package tabular

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode"
)

func TestLineReader(t *testing.T) {
	text := "a\r\nbb\n\nccc\r\n" + strings.Repeat("x", 100) + "\nlast\r"
	want := []string{"a", "bb", "", "ccc", strings.Repeat("x", 100), "last"}
	for _, size := range []int{1, 3, 16, 4096} {
		l := lineReader{rd: iotest.OneByteReader(strings.NewReader(text)), size: size}
		var got []string
		var held [][]byte
		for {
			line, err := l.readLine()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(line))
			held = append(held, line)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("size %d: got %q", size, got)
		}
		// Slices returned earlier are never overwritten.
		for i, h := range held {
			if string(h) != want[i] {
				t.Errorf("size %d: line %d changed to %q", size, i, h)
			}
		}
		if l.line != len(want) {
			t.Errorf("size %d: %d lines counted", size, l.line)
		}
	}
}

// TestCSVAgainstEncodingCSV writes random records with encoding/csv (quotes,
// delimiters, newlines, spaces inside fields) and reads them back with small
// chunks, keeping every value until the end to prove strings stay intact.
func TestCSVAgainstEncodingCSV(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "é", "€", " ", ",", ";", "\t", "\"", "\n", "\r\n", "x", "yz", "1"}
	for _, delim := range []rune{',', ';', '\t'} {
		for _, size := range []int{7, 64, 1 << 12} {
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			w.Comma = delim
			w.UseCRLF = size == 64
			const cols = 4
			header := []string{"c1", "c2", "c3", "c4"}
			w.Write(header)
			var want [][]string
			for range 300 {
				rec := make([]string, cols)
				for j := range rec {
					var f strings.Builder
					for range rng.IntN(8) {
						f.WriteString(alphabet[rng.IntN(len(alphabet))])
					}
					rec[j] = f.String()
				}
				rec[0] = "k" + rec[0] // never a blank record
				w.Write(rec)
				exp := make([]string, cols)
				for j, v := range rec {
					exp[j] = trim(strings.ReplaceAll(v, "\r\n", "\n"))
				}
				want = append(want, exp)
			}
			w.Flush()
			r := newCSVScanner(bytes.NewReader(b.Bytes()), byte(delim), size)
			if err := r.readHeader(); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Header(), header) {
				t.Fatalf("header %q", r.Header())
			}
			var got [][]string
			for {
				rec, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if rec.Err != "" {
					t.Fatalf("delim %q size %d: row at line %d: %s %q", delim, size, rec.Line, rec.Err, rec.Raw)
				}
				got = append(got, append([]string(nil), rec.Values...))
			}
			if len(got) != len(want) {
				t.Fatalf("delim %q size %d: %d rows, want %d", delim, size, len(got), len(want))
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("delim %q size %d: row %d\n got %q\nwant %q", delim, size, i, got[i], want[i])
				}
			}
		}
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("a,b\n1,\"x\ny\"\n\n2,3,4\n"))
	f.Add([]byte("a;b\r\n\"\"\"\";\"q\" \r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range []byte{',', ';', '\t'} {
			r := newCSVScanner(bytes.NewReader(data), d, 16)
			if r.readHeader() != nil {
				continue
			}
			last := 0
			for {
				rec, err := r.Next()
				if err != nil {
					break
				}
				if rec.Line <= last {
					t.Fatalf("line %d after %d", rec.Line, last)
				}
				last = rec.Line
				if rec.Err == "" && len(rec.Values) != len(r.Header()) {
					t.Fatalf("%d values for %d columns", len(rec.Values), len(r.Header()))
				}
			}
		}
	})
}

func TestTrimAllUnicodeSpaces(t *testing.T) {
	// Every Unicode space is below U+3100, but for the BOM.
	runes := []rune{0xFEFF, 0xFFFD, 0x1F600, 0x10FFFF}
	for r := rune(0); r < 0x3100; r++ {
		runes = append(runes, r)
	}
	for _, r := range runes {
		isSp := unicode.IsSpace(r) || r == '\uFEFF' || r == 0x1a
		s := "x" + string(r)
		got := trim(s)
		if isSp && got != "x" {
			t.Fatalf("U+%04X not trimmed at the end", r)
		}
		if !isSp && got != s {
			t.Fatalf("U+%04X trimmed at the end", r)
		}
		s = string(r) + "x"
		got = trim(s)
		if isSp && got != "x" {
			t.Fatalf("U+%04X not trimmed at the start", r)
		}
		if !isSp && got != s {
			t.Fatalf("U+%04X trimmed at the start", r)
		}
	}
}

func TestValidObject(t *testing.T) {
	for _, s := range []string{
		`{}`, `{ }`, `{"a":1}`, `{"a":[1,2,{"b":null}],"c":"\u00e9\n"}`, `{"a":-0.5e+3}`,
		`{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":"x\q"}`,
		`{"a":"tab	in"}`, `{"a":tru}`, `{"a":1} x`, `{"a":[1,]}`, `{"a":"\u12"}`, `{"a":-}`, `[1]`, `"x"`,
		`{"a":1e}`, `{"a":1E+}`, `{"a":"\ud800"}`, `{"a":[]}`, `{"a":{}}`, `{"":""}`,
	} {
		want := len(s) > 0 && s[0] == '{' && json.Valid([]byte(s))
		if got := validObject([]byte(s)); got != want {
			t.Errorf("validObject(%q) = %v, json.Valid says %v", s, got, want)
		}
	}
}

func FuzzValidObject(f *testing.F) {
	f.Add([]byte(`{"a":[1,2,{"b":null}],"c":"\u00e9"}`))
	f.Add([]byte(`{"a":-0.5e+3,"b":true}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		want := len(b) > 0 && b[0] == '{' && json.Valid(b)
		if got := validObject(b); got != want {
			t.Fatalf("validObject(%q) = %v, json.Valid says %v", b, got, want)
		}
	})
}
