package dashboard

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/generate"
	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

// Every panel's stored_query gives the table its query computes from the
// records, for every scope and period of the sample (each scope as the one
// filter a page would have, each year and none).
func TestStoredQueriesMatchRecords(t *testing.T) {
	compareStored(t, "../../data/sample", func(string) bool { return true })
}

// The same on a generated set whose scopes hold more than 25 bodies and 120
// organisations present, for the stored queries that keep the first ones
// only (the Rete page's ties and shared partners, the top contributors),
// and with meetings whose documents went out 30 working days ahead or more.
func TestStoredQueriesMatchRecordsLarge(t *testing.T) {
	dir := t.TempDir()
	if _, err := generate.Write(context.Background(), dir, generate.Options{Orgs: 700, Bodies: 80, Years: 3, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	// The generator sends documents at most 27 working days ahead: two
	// meetings whose documents went out months before fill the "30+" bar.
	f, err := os.OpenFile(filepath.Join(dir, "meetings.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "MLONG1,B00001,2024-06-20,implementation,hybrid,2024-03-01,2024-03-01,,priorities")
	fmt.Fprintln(f, "MLONG2,B00002,2024-06-21,implementation,hybrid,2024-04-02,2024-04-02,,priorities")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	compareStored(t, dir, func(q string) bool {
		return q == "network_edges_stored" || q == "multi_membership_stored" || q == "top_contributors_stored" ||
			q == "notice_distribution_stored"
	})
}

// compareStored loads the records of dir and compares the stored queries
// that keep says on every cell.
func compareStored(t *testing.T, dir string, keep func(storedQuery string) bool) {
	ctx := context.Background()
	st, snap := loadPublished(t, dir)
	var panels []Panel
	ds, err := All()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range ds {
		for _, p := range d.Panels {
			if p.StoredQuery != "" && keep(p.StoredQuery) && !seen[p.StoredQuery] {
				seen[p.StoredQuery] = true
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
	compared := map[string]int{} // cells with rows, per stored query
	covered := map[string]int{}  // cells the stored query covers
	for _, c := range cells {
		f := filtersFor(c[0], c[1])
		if f.Scope() != c[0] || f.Period() != c[1] {
			t.Fatalf("filters %+v do not select %v", f, c)
		}
		for _, p := range panels {
			if cov := covers[p.StoredQuery]; cov != nil && !cov(c[0]) {
				continue
			}
			covered[p.StoredQuery]++
			stored, err := runQuery(ctx, st.DB(), p.ID, p.StoredQuery, f, snap, "it")
			if err != nil {
				t.Fatal(err)
			}
			records, err := runQuery(ctx, st.DB(), p.ID, p.Query, f, snap, "it")
			if err != nil {
				t.Fatal(err)
			}
			// A cell whose records show nothing (no row, or zeros only) may
			// have no stored row: the page then reads the records.
			if len(stored.Rows) == 0 && nothing(records) {
				continue
			}
			if tableText(stored) != tableText(records) {
				t.Errorf("%s %v: stored\n%s\nrecords\n%s", p.ID, c, tableText(stored), tableText(records))
			}
			if len(stored.Rows) > 0 {
				compared[p.StoredQuery]++
			}
		}
	}
	// Not a vacuous comparison: many cells have rows (in the sample, many
	// scopes' members have no region: 140 of 287 cells; bodies share
	// partners in 39 of the 154 cells that are not a body's).
	for q, n := range covered {
		t.Logf("%s: %d of %d cells compared with rows", q, compared[q], n)
		if compared[q] < 30 {
			t.Errorf("%s: only %d of %d cells have rows to compare", q, compared[q], n)
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

// nothing says whether a table has no row, or only zeros in its last column.
func nothing(t Table) bool {
	for _, r := range t.Rows {
		if n, ok := Number(r[len(r)-1]); !ok || n != 0 {
			return false
		}
	}
	return true
}

// loadPublished loads the records of dir into a new store, refreshes the
// indicators at 2025-12-31 and returns the store (closed at the test's end)
// and its published snapshot.
func loadPublished(t *testing.T, dir string) (*store.Store, indicator.Snapshot) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "test.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	files, err := ingest.Expand([]string{dir})
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
	return st, snap
}
