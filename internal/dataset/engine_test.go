package dataset

import (
	"context"
	"database/sql"
	"math"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"osservatorio/internal/indicator"
)

// The first step beyond one machine (docs/SCALING.md): another engine, with
// nothing but the dataset's Parquet files, recomputes an indicator the
// service publishes. Here the other engine is a separate in-memory DuckDB;
// Spark or Trino read the same folders. P01 over all bodies, per year:
// invited rows present or delegated ÷ invited rows, the year being the
// folder's (the meeting's year).
func TestAnotherEngineRecomputesP01(t *testing.T) {
	ctx := context.Background()
	st, out := sampleStore(t)
	sum, err := indicator.Refresh(ctx, st, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(ctx, st.DB(), out, "test"); err != nil {
		t.Fatal(err)
	}
	published, err := indicator.SnapshotValues(ctx, st.DB(), indicator.Snapshot{DataVersion: sum.DataVersion, AsOf: sum.AsOf},
		indicator.Filter{Indicator: "P01", Scope: "all", WithCounts: true})
	if err != nil {
		t.Fatal(err)
	}

	other, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	rows, err := other.Query(`SELECT year::VARCHAR, count_if(invited AND (present OR delegated)) / count_if(invited)
		FROM read_parquet(?, hive_partitioning = true) GROUP BY year`, filepath.Join(out, "attendance", "**", "*.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	again := map[string]float64{}
	for rows.Next() {
		var y string
		var v float64
		if err := rows.Scan(&y, &v); err != nil {
			t.Fatal(err)
		}
		again[y] = v
	}
	checked := 0
	for _, v := range published {
		if v.Period == "all" || v.Value == nil {
			continue
		}
		checked++
		if got, ok := again[v.Period]; !ok || math.Abs(got-*v.Value) > 1e-12 {
			t.Errorf("P01 %s: published %v, from the dataset %v", v.Period, *v.Value, got)
		}
	}
	if checked < 5 {
		t.Fatalf("only %d years compared", checked)
	}
}
