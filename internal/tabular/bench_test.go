package tabular

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// writeBenchCSV writes a CSV of n rows and 7 short columns.
func writeBenchCSV(tb testing.TB, dir string, n int) (string, int64) {
	return writeBenchCSVText(tb, dir, n, "no")
}

// writeBenchCSVText is writeBenchCSV with last as the last column's text.
func writeBenchCSVText(tb testing.TB, dir string, n int, last string) (string, int64) {
	tb.Helper()
	p := filepath.Join(dir, "attendance.csv")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("meeting_id,org_id,person_id,gender,invited,present,delegated\n")
	genders := []string{"F", "M", "X", ""}
	var line []byte
	for i := 0; i < n; i++ {
		line = line[:0]
		line = append(line, "M"...)
		line = strconv.AppendInt(line, int64(i/50), 10)
		line = append(line, ",IT"...)
		line = strconv.AppendInt(line, int64(100000+i%5000), 10)
		line = append(line, ",P"...)
		line = strconv.AppendInt(line, int64(i), 10)
		line = append(line, ',')
		line = append(line, genders[i%4]...)
		line = append(line, ",true,"...)
		if i%3 == 0 {
			line = append(line, "false"...)
		} else {
			line = append(line, "true"...)
		}
		line = append(line, ',')
		line = append(line, last...)
		line = append(line, '\n')
		w.Write(line)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return p, st.Size()
}

func BenchmarkCSV1M(b *testing.B) {
	p, size := writeBenchCSV(b, b.TempDir(), 1_000_000)
	benchRead(b, p, size, 1_000_000)
}

// BenchmarkCSV1MWindows1252 is the same file with a Windows-1252 "caffè" in
// every row: the whole stream goes through the transcoder.
func BenchmarkCSV1MWindows1252(b *testing.B) {
	p, size := writeBenchCSVText(b, b.TempDir(), 1_000_000, "caff\xe8")
	benchRead(b, p, size, 1_000_000)
}

func benchRead(b *testing.B, p string, size int64, n int) {
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil || rec.Err != "" {
				b.Fatal(err, rec.Err)
			}
			rows++
		}
		r.Close()
		if rows != n {
			b.Fatalf("read %d rows, want %d", rows, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func TestBenchFileShape(t *testing.T) {
	p, _ := writeBenchCSV(t, t.TempDir(), 1000)
	info, header, rows := readAll(t, p)
	if info.Delimiter != ',' || len(header) != 7 || len(rows) != 1000 || rows[999].Line != 1001 {
		t.Fatalf("%+v %q %d", info, header, len(rows))
	}
}

// BenchmarkJSONL1M reads 1,000,000 JSON Lines objects of 7 keys.
func BenchmarkJSONL1M(b *testing.B) {
	const n = 1_000_000
	p := filepath.Join(b.TempDir(), "attendance.jsonl")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := 0; i < n; i++ {
		w.WriteString(`{"meeting_id":"M` + strconv.Itoa(i/50) + `","org_id":"IT` + strconv.Itoa(100000+i%5000) +
			`","person_id":"P` + strconv.Itoa(i) + `","gender":"F","invited":true,"present":false,"delegated":"no"}` + "\n")
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	benchRead(b, p, st.Size(), n)
}
