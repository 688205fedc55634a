package ingest

import (
	"io"
	"path/filepath"
	"testing"

	"osservatorio/internal/tabular"
)

// BenchmarkValidate1M times the Go side of a load alone: reading, validating
// and building the Arrow batches of about a million attendance rows.
func BenchmarkValidate1M(b *testing.B) {
	file := filepath.Join(benchData(b), "attendance.csv")
	for i := 0; i < b.N; i++ {
		rd, err := tabular.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		l := mapHeader(KindByName("attendance"), rd.Header())
		s := newStager(l, []map[string]bool{allKnown{}.set(), allKnown{}.set()})
		s.known = nil // no reference check: every value is taken as known
		s.refCols = nil
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				break
			}
			s.add(rec.Line, rec.Values)
			if s.full() {
				s.flush().Release()
			}
		}
		rd.Close()
		if s.rows < 1_000_000 {
			b.Fatalf("rows = %d", s.rows)
		}
	}
}

type allKnown struct{}

func (allKnown) set() map[string]bool { return nil }
