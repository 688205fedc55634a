package indicator

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"osservatorio/internal/store"
)

// TestRecomputeStored refreshes a stored snapshot again and checks that every
// value and broker comes out the same: the regression check for changes to
// the refresh on a big database (e.g. the 10 M-row benchmark one), and the
// way its step timings were measured for docs/BENCHMARKS.md. It runs only
// with OSSERVATORIO_RECOMPUTE_DB=<database file> and
// OSSERVATORIO_RECOMPUTE_AS_OF=<YYYY-MM-DD of a stored snapshot>; the file is
// copied first and left as it is.
func TestRecomputeStored(t *testing.T) {
	src, asOf := os.Getenv("OSSERVATORIO_RECOMPUTE_DB"), os.Getenv("OSSERVATORIO_RECOMPUTE_AS_OF")
	if src == "" || asOf == "" {
		t.Skip("set OSSERVATORIO_RECOMPUTE_DB and OSSERVATORIO_RECOMPUTE_AS_OF")
	}
	ref, err := time.Parse(time.DateOnly, asOf)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	dst := filepath.Join(dir, "recompute.duckdb")
	copyFile(t, src, dst)
	st, err := store.Open(ctx, store.Options{Path: dst, AllowedDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.Write(ctx, func(ctx context.Context, c *sql.Conn) error {
		for _, q := range []string{
			"CREATE TABLE old_values AS SELECT * FROM indicator_values WHERE as_of = CAST(? AS DATE)",
			"CREATE TABLE old_brokers AS SELECT * FROM indicator_brokers WHERE as_of = CAST(? AS DATE)",
			"DELETE FROM indicator_values WHERE as_of = CAST(? AS DATE)",
			"DELETE FROM indicator_brokers WHERE as_of = CAST(? AS DATE)",
			"DELETE FROM indicator_runs WHERE as_of = CAST(? AS DATE)",
		} {
			if _, err := c.ExecContext(ctx, q, asOf); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	sum, err := Refresh(ctx, st, ref, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("refresh %v (SQL %v, network %v beside it), %d rows, graphs %+v",
		time.Since(t0).Round(time.Millisecond), sum.SQL.Round(time.Millisecond), sum.Network.Round(time.Millisecond), sum.Rows, sum.Graphs)
	for _, s := range sum.Steps {
		t.Logf("  %-50s %v", s.Name, s.Duration.Round(time.Millisecond))
	}
	// Values compared to 1e-9 (value) and 1e-6 (counts): sums may add up in
	// another order.
	const cols = "indicator, scope, period, category, round(value, 9), round(numerator, 6), round(denominator, 6)"
	checks := map[string]string{
		"values missing": `SELECT count(*) FROM (SELECT ` + cols + ` FROM old_values EXCEPT ALL
			SELECT ` + cols + ` FROM indicator_values WHERE as_of = CAST(? AS DATE))`,
		"values new": `SELECT count(*) FROM (SELECT ` + cols + ` FROM indicator_values WHERE as_of = CAST(? AS DATE)
			EXCEPT ALL SELECT ` + cols + ` FROM old_values)`,
		"brokers differing": `SELECT count(*) FROM (SELECT scope, period, rank, org_id, round(betweenness, 6) FROM old_brokers
			EXCEPT ALL SELECT scope, period, rank, org_id, round(betweenness, 6) FROM indicator_brokers WHERE as_of = CAST(? AS DATE))`,
	}
	for name, q := range checks {
		var n int64
		if err := st.DB().QueryRowContext(ctx, q, asOf).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			t.Errorf("%s: %d rows", name, n)
		}
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
