package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"osservatorio/internal/generate"
	"osservatorio/internal/store"
)

// The load benchmark compares the loader with DuckDB's own read_csv on the
// same generated file of about one million attendance rows (see
// docs/BENCHMARKS.md). Both write into a fresh database each iteration.

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

func benchData(b *testing.B) string {
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "osservatorio-bench-")
		if benchErr != nil {
			return
		}
		_, benchErr = generate.Write(context.Background(), benchDir, generate.Options{Orgs: 15000, Bodies: 1000, Years: 6, Seed: 1})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

// freshStore opens a new database with the dimensions (organisations, bodies,
// meetings) already loaded, so that only attendance is timed.
func freshStore(b *testing.B, dir string, i int) *store.Store {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), fmt.Sprintf("b%d.duckdb", i))
	st, err := store.Open(ctx, store.Options{Path: path, AllowedDirs: []string{dir}})
	if err != nil {
		b.Fatal(err)
	}
	dims := []string{"organisations.csv", "bodies.csv", "meetings.csv"}
	for j := range dims {
		dims[j] = filepath.Join(dir, dims[j])
	}
	if _, err := Load(ctx, st, dims, Options{}); err != nil {
		b.Fatal(err)
	}
	return st
}

func BenchmarkLoadAttendance1M(b *testing.B) {
	dir := benchData(b)
	file := filepath.Join(dir, "attendance.csv")
	var rows int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := freshStore(b, dir, i)
		b.StartTimer()
		res, err := Load(context.Background(), st, []string{file}, Options{})
		b.StopTimer()
		if err != nil || res[0].Outcome != Loaded || res[0].RowsRejected != 0 {
			b.Fatalf("load: %v %+v", err, res)
		}
		rows = res[0].RowsLoaded
		st.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkDuckDBReadCSV1M(b *testing.B) {
	dir := benchData(b)
	file := filepath.Join(dir, "attendance.csv")
	var rows int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := freshStore(b, dir, i)
		b.StartTimer()
		res, err := st.DB().Exec(fmt.Sprintf(`INSERT INTO attendance SELECT meeting_id, org_id, person_id, gender,
			invited, present, delegated, 1, 1, 1 FROM read_csv('%s', header = true)`, file))
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		rows, _ = res.RowsAffected()
		st.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
