package dashboard

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

// Every panel's stored_query gives the table its query computes from the
// records, for every scope and period of the sample (each scope as the one
// filter a page would have, each year and none).
func TestStoredQueriesMatchRecords(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "stored.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, err := ingest.Expand([]string{"../../data/sample"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(ctx, st, files, ingest.Options{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := indicator.Refresh(ctx, st, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), indicator.Options{}); err != nil {
		t.Fatal(err)
	}
	snap, err := indicator.Published(ctx, st.DB())
	if err != nil {
		t.Fatal(err)
	}
	var panels []Panel
	ds, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		for _, p := range d.Panels {
			if p.StoredQuery != "" {
				panels = append(panels, p)
			}
		}
	}
	if len(panels) == 0 {
		t.Fatal("no panel has a stored_query")
	}
	rows, err := st.DB().Query(`SELECT scope, period FROM indicator_counts WHERE data_version = ? AND as_of = CAST(? AS DATE)
		ORDER BY scope, period`, snap.DataVersion, snap.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	var cells [][2]string
	for rows.Next() {
		var c [2]string
		rows.Scan(&c[0], &c[1])
		cells = append(cells, c)
	}
	rows.Close()
	if len(cells) < 100 {
		t.Fatalf("%d cells stored", len(cells))
	}
	// Stored queries that cover some kinds of scope only; the others read
	// the records.
	covers := map[string]func(scope string) bool{
		"network_edges_stored": func(scope string) bool {
			kind, _, _ := strings.Cut(scope, ":")
			return kind == "all" || kind == "cycle" || kind == "body_type" || kind == "nuts"
		},
	}
	compared := map[string]int{} // cells with rows, per panel
	covered := map[string]int{}  // cells the stored query covers, per panel
	for _, c := range cells {
		f := filtersFor(c[0], c[1])
		if f.Scope() != c[0] || f.Period() != c[1] {
			t.Fatalf("filters %+v do not select %v", f, c)
		}
		for _, p := range panels {
			if cov := covers[p.StoredQuery]; cov != nil && !cov(c[0]) {
				continue
			}
			covered[p.ID]++
			stored, err := runQuery(ctx, st.DB(), p.ID, p.StoredQuery, f, snap, "it")
			if err != nil {
				t.Fatal(err)
			}
			records, err := runQuery(ctx, st.DB(), p.ID, p.Query, f, snap, "it")
			if err != nil {
				t.Fatal(err)
			}
			if tableText(stored) != tableText(records) {
				t.Errorf("%s %v: stored\n%s\nrecords\n%s", p.ID, c, tableText(stored), tableText(records))
			}
			if len(stored.Rows) > 0 {
				compared[p.ID]++
			}
		}
	}
	// Not a vacuous comparison: a third of the cells at least have rows (in
	// the sample, many scopes' members have no region: 140 of 287 cells).
	for _, p := range panels {
		if compared[p.ID] < covered[p.ID]/3 {
			t.Errorf("%s: only %d of %d cells have rows to compare", p.ID, compared[p.ID], covered[p.ID])
		}
	}
}

// filtersFor is the page filter selecting a scope and period.
func filtersFor(scope, period string) Filters {
	var f Filters
	kind, v, _ := strings.Cut(scope, ":")
	switch kind {
	case "body":
		f.Body = v
	case "programme":
		f.Programme = v
	case "body_type":
		f.BodyType = v
	case "nuts":
		f.Nuts = v
	case "cycle":
		f.Cycle = v
	}
	if period != "all" {
		f.Year = period
	}
	return f
}

func tableText(t Table) string {
	var b strings.Builder
	fmt.Fprintln(&b, t.Columns)
	for _, r := range t.Rows {
		fmt.Fprintln(&b, r...)
	}
	return b.String()
}
