package tabular

import (
	"bytes"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
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
