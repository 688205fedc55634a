package web_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

// sampleServer serves the bundled sample, with its indicators computed, on a
// real HTTP server on 127.0.0.1.
func sampleServer(t testing.TB) (*httptest.Server, *store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "web.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	files, err := ingest.Expand([]string{"../../data/sample"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(ctx, st, files, ingest.Options{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	sum, err := indicator.Refresh(ctx, st, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := indicator.Publish(ctx, st, sum.DataVersion, sum.AsOf); err != nil { // as serve does
		t.Fatal(err)
	}
	o := web.IndicatorOptions()
	o.RatePerSecond = -1 // tests fire hundreds of requests; TestRateLimit checks the limit
	h, err := web.New(st, testLog(), o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, st
}

// loadAndPublish loads files (name → content) into the store, then computes
// and publishes the new version's snapshot at the same reference date, as
// serve does after a scheduled load.
func loadAndPublish(t testing.TB, st *store.Store, files map[string]string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	res, err := ingest.Load(ctx, st, paths, ingest.Options{Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != "loaded" || r.RowsRejected > 0 {
			t.Fatalf("%s: %+v", r.File, r)
		}
	}
	sum, err := indicator.Refresh(ctx, st, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := indicator.Publish(ctx, st, sum.DataVersion, sum.AsOf); err != nil {
		t.Fatal(err)
	}
}

// testLog shows errors only: a failing request's cause appears in the test output.
func testLog() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}
