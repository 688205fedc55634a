package dashboard_test

import (
	"context"
	"os"
	"testing"
	"time"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
	"osservatorio/internal/store"
)

// TestPanelTimes draws every panel of every dashboard from a large database
// (OSSERVATORIO_BENCH_DB, OSSERVATORIO_BENCH_BODY) and logs how long each
// took: the uncached cost of a page, panel by panel (docs/BENCHMARKS.md).
// A panel that fails on the large data fails the test.
func TestPanelTimes(t *testing.T) {
	path := os.Getenv("OSSERVATORIO_BENCH_DB")
	if path == "" {
		t.Skip("set OSSERVATORIO_BENCH_DB")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap, err := indicator.Published(ctx, st.DB())
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dashboard.All()
	if err != nil {
		t.Fatal(err)
	}
	body := os.Getenv("OSSERVATORIO_BENCH_BODY")
	for _, d := range ds {
		f := dashboard.Filters{Year: "2023"}
		switch d.Scoped {
		case "body":
			f.Body = body
		case "org":
			f.Org = "ORG000001"
		}
		for _, p := range d.Panels {
			t0 := time.Now()
			_, err := dashboard.PanelData(ctx, st.DB(), p, f, snap, "it")
			if err != nil {
				t.Errorf("%s/%s: %v", d.ID, p.ID, err)
			}
			t.Logf("%-14s %-28s %-28s %8.1f ms", d.ID, p.ID, p.Query, float64(time.Since(t0).Microseconds())/1000)
		}
	}
}
