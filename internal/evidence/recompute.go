package evidence

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"

	"osservatorio/internal/indicator"
	"osservatorio/internal/store"
)

// recordTables are the records the indicators are computed from; each has
// a <table>_at(v) macro giving its rows as they were at data version v.
var recordTables = []string{"organisations", "bodies", "memberships", "meetings", "attendance", "contributions"}

// recompute computes every indicator again from the records as they were at
// data version v, with reference date asOf, in a scratch database beside the
// store (removed afterwards): the live database is only read. It returns
// the values with their counts.
func recompute(ctx context.Context, src *store.Store, v int64, asOf string) ([]indicator.Value, error) {
	ref, err := time.Parse(time.DateOnly, asOf)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(filepath.Join(filepath.Dir(src.Path()), "tmp"), "verify-")
	if err != nil {
		return nil, fmt.Errorf("evidence: verify: %w", err)
	}
	defer os.RemoveAll(dir)
	scratch, err := store.Open(ctx, store.Options{Path: filepath.Join(dir, "verify.duckdb"), TempDir: filepath.Join(dir, "spill")})
	if err != nil {
		return nil, err
	}
	defer scratch.Close()

	in, err := src.DB().Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	err = scratch.Write(ctx, func(ctx context.Context, out *sql.Conn) error {
		for _, t := range recordTables {
			if err := copyTable(ctx, in, out, t, v); err != nil {
				return fmt.Errorf("copy %s at data version %d: %w", t, v, err)
			}
		}
		_, err := out.ExecContext(ctx, "INSERT INTO data_versions VALUES (?, NULL, ?)", v, time.Now().UTC())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("evidence: verify: %w", err)
	}
	if _, err := indicator.Refresh(ctx, scratch, ref, indicator.Options{Full: true}); err != nil {
		return nil, err
	}
	return indicator.SnapshotValues(ctx, scratch.DB(), indicator.Snapshot{DataVersion: v, AsOf: asOf}, indicator.Filter{WithCounts: true})
}

// copyTable streams table's rows at version v from one database into the
// same table of another, through Arrow.
func copyTable(ctx context.Context, in, out *sql.Conn, table string, v int64) error {
	var rr array.RecordReader
	err := in.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		rr, err = ar.QueryContext(ctx, fmt.Sprintf("SELECT * FROM %s_at(%d)", table, v))
		return err
	})
	if err != nil {
		return err
	}
	defer rr.Release()
	const view = "verify_source"
	var release func()
	err = out.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err = ar.RegisterView(rr, view)
		return err
	})
	if err != nil {
		return err
	}
	defer release()
	if _, err := out.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s SELECT * FROM %s", table, view)); err != nil {
		return err
	}
	_, err = out.ExecContext(ctx, "DROP VIEW IF EXISTS "+view)
	return err
}
