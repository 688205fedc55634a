package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/auth"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

// benchPages are the views measured: the overview, a page of record panels,
// the network page and a body page, each with a year filter.
var benchPages = map[string]string{
	"panoramica":     "/cruscotti/panoramica?year=2023",
	"partecipazione": "/cruscotti/partecipazione?year=2023",
	"rete":           "/cruscotti/rete?year=2023",
}

// BenchmarkPageSample renders pages of the bundled sample, cached and not.
func BenchmarkPageSample(b *testing.B) {
	_, st := sampleServer(b)
	benchPagesOn(b, st, "LPP")
}

// BenchmarkPage10M renders pages of a large database, cached and not:
// OSSERVATORIO_BENCH_DB names a DuckDB file with a published snapshot (see
// docs/BENCHMARKS.md for how it is built), OSSERVATORIO_BENCH_BODY a body.
func BenchmarkPage10M(b *testing.B) {
	path := os.Getenv("OSSERVATORIO_BENCH_DB")
	if path == "" {
		b.Skip("set OSSERVATORIO_BENCH_DB to a database file with a published snapshot")
	}
	st, err := store.Open(context.Background(), store.Options{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	benchPagesOn(b, st, os.Getenv("OSSERVATORIO_BENCH_BODY"))
}

func benchPagesOn(b *testing.B, st *store.Store, body string) {
	pages := map[string]string{}
	for k, v := range benchPages {
		pages[k] = v
	}
	if body != "" {
		pages["organismo"] = "/organismi/" + body + "?year=2023"
	}
	for _, cached := range []bool{true, false} {
		o := web.IndicatorOptions()
		o.RatePerSecond = -1
		if !cached {
			o.CacheBytes = -1
		}
		h, err := web.New(st, testLog(), o)
		if err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(h)
		mode := map[bool]string{true: "cached", false: "uncached"}[cached]
		for name, p := range pages {
			b.Run(mode+"/"+name, func(b *testing.B) {
				fetch(b, srv.URL+p) // a cached run measures hits only
				b.ResetTimer()
				for b.Loop() {
					fetch(b, srv.URL+p)
				}
			})
		}
		srv.Close()
	}
}

func fetch(b *testing.B, url string) {
	resp, err := http.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d", url, resp.StatusCode)
	}
}

// BenchmarkExport10M streams every attendance row of a large database
// through POST /api/sql in each format, beside DuckDB's own COPY … TO of the
// same query to a file (OSSERVATORIO_BENCH_DB, as BenchmarkPage10M). Each
// sub-benchmark reports rows/s; compare the export with copy of its format.
func BenchmarkExport10M(b *testing.B) {
	path := os.Getenv("OSSERVATORIO_BENCH_DB")
	if path == "" {
		b.Skip("set OSSERVATORIO_BENCH_DB to a database file")
	}
	dir := b.TempDir()
	st, err := store.Open(context.Background(), store.Options{Path: path, AllowedDirs: []string{dir}})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	const q = "SELECT * FROM attendance"
	var rows int64
	st.DB().QueryRow("SELECT count(*) FROM attendance").Scan(&rows)
	tok, _, err := auth.Create(context.Background(), st, "bench", auth.Researcher, nil)
	if err != nil {
		b.Fatal(err)
	}
	o := web.IndicatorOptions()
	o.RatePerSecond, o.SQLTimeout = -1, 10*time.Minute
	h, err := web.New(st, testLog(), o)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, f := range []struct{ format, copy string }{{"parquet", "(FORMAT parquet, COMPRESSION zstd)"}, {"arrow", ""}, {"csv", "(FORMAT csv, HEADER)"}} {
		if f.copy != "" {
			b.Run("copy/"+f.format, func(b *testing.B) {
				for b.Loop() {
					if _, err := st.DB().Exec("COPY (" + q + ") TO '" + filepath.Join(dir, "x."+f.format) + "' " + f.copy); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
		b.Run("http/"+f.format, func(b *testing.B) {
			// The peak of the process's resident memory is reset before
			// each run (clear_refs 5) and read after: its growth is what the
			// export itself held (the target: under 100 MB).
			runtime.GC()
			before := procKB("VmRSS")
			os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
			for b.Loop() {
				body, _ := json.Marshal(map[string]any{"sql": q, "format": f.format})
				req, _ := http.NewRequest("POST", srv.URL+"/api/sql", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%d", resp.StatusCode)
				}
				b.ReportMetric(float64(n), "bytes")
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(procKB("VmHWM")-before)/1024, "MB-peak-growth")
		})
	}
}

// procKB reads a memory figure of this process from /proc/self/status.
func procKB(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if name, v, ok := strings.Cut(line, ":"); ok && name == field {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb
		}
	}
	return 0
}
