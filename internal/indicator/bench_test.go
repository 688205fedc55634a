package indicator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"osservatorio/internal/generate"
	"osservatorio/internal/store"
)

// The refresh benchmarks load a dataset once, then refresh it b.N times with
// a different as_of each time (a repeated (version, as_of) would be skipped).
// They report the SQL and network parts separately (seconds per refresh).

func benchStore(b *testing.B, dir string) *store.Store {
	b.Helper()
	t0 := time.Now()
	st := loadDir(b, dir)
	b.Logf("loaded %s in %v", dir, time.Since(t0).Round(time.Millisecond))
	return st
}

func benchRefresh(b *testing.B, st *store.Store) {
	ctx := context.Background()
	var sqlT, netT time.Duration
	var rows int64
	base := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sum, err := Refresh(ctx, st, base.AddDate(0, 0, -i), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Skipped {
			b.Fatal("skipped")
		}
		if i == 0 {
			b.Logf("network: %+v", sum.Graphs)
			if os.Getenv("OSSERVATORIO_BENCH_STEPS") == "1" {
				for _, s := range sum.Steps {
					fmt.Fprintf(os.Stderr, "  %-50s %v\n", s.Name, s.Duration.Round(time.Millisecond))
				}
			}
		}
		sqlT += sum.SQL
		netT += sum.Network
		rows = sum.Rows
	}
	b.StopTimer()
	b.ReportMetric(sqlT.Seconds()/float64(b.N), "sql_s/op")
	b.ReportMetric(netT.Seconds()/float64(b.N), "network_s/op")
	b.ReportMetric(float64(rows), "rows")
}

// BenchmarkRefreshSample refreshes the bundled sample (data/sample).
func BenchmarkRefreshSample(b *testing.B) {
	dir, _ := filepath.Abs("../../data/sample")
	benchRefresh(b, benchStore(b, dir))
}

// generated writes (or reuses, with OSSERVATORIO_BENCH_DIR) a generated dataset.
func generated(b *testing.B, name string, opt generate.Options) string {
	dir := os.Getenv("OSSERVATORIO_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	} else {
		dir = filepath.Join(dir, name)
	}
	if _, err := os.Stat(filepath.Join(dir, "attendance.csv")); err == nil {
		return dir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	if _, err := generate.Write(context.Background(), dir, opt); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s in %v", dir, time.Since(t0).Round(time.Millisecond))
	return dir
}

// BenchmarkRefresh1M: about 1 million attendance rows (OSSERVATORIO_BENCH_1M=1).
func BenchmarkRefresh1M(b *testing.B) {
	if os.Getenv("OSSERVATORIO_BENCH_1M") != "1" {
		b.Skip("set OSSERVATORIO_BENCH_1M=1 (generation and load take a while)")
	}
	dir := generated(b, "1m", generate.Options{Orgs: 15000, Bodies: 1000, Years: 6, Seed: 1})
	benchRefresh(b, benchStore(b, dir))
}

// BenchmarkRefresh10M: about 10 million attendance rows (OSSERVATORIO_BENCH_10M=1).
func BenchmarkRefresh10M(b *testing.B) {
	if os.Getenv("OSSERVATORIO_BENCH_10M") != "1" {
		b.Skip("set OSSERVATORIO_BENCH_10M=1 (generation and load take a while)")
	}
	dir := generated(b, "10m", generate.Options{Orgs: 150000, Bodies: 10000, Years: 6, Seed: 1})
	benchRefresh(b, benchStore(b, dir))
}
