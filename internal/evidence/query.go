package evidence

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"osservatorio/internal/auth"
	"osservatorio/internal/export"
	"osservatorio/internal/namedquery"
	"osservatorio/internal/sandbox"
	"osservatorio/internal/store"
)

// QueryTimeout bounds one run of a named query for a pack.
const QueryTimeout = 2 * time.Minute

// fixedTables are what a pack's named query may read: the records, which
// time travel fixes at the pack's data version. The history, the load log
// and the indicator snapshots grow with later loads and refreshes, so a
// query over them would not give the same rows when verified.
var fixedTables = []string{"organisations", "bodies", "memberships", "meetings", "attendance", "contributions",
	"guideline_adoptions", "calendar_it"}

// AddQuery adds a named query (queries/exports) with its parameters, run on
// the records of the pack's data version. The pack keeps the count of rows
// and the SHA-256 of their CSV, not the rows: named exports are for
// researchers, and a frozen pack is public. Queries only administrators may
// run are refused.
func AddQuery(ctx context.Context, st *store.Store, id, name string, values map[string]string) error {
	q, err := namedQuery(name)
	if err != nil {
		return err
	}
	if err := sandbox.Check(ctx, st.DB(), q.SQL, fixedTables); err != nil {
		return &InputError{"query", fmt.Sprintf("%s reads tables that change after a data version (history, loads or indicator snapshots): "+
			"a pack cannot fix its rows; add the indicators themselves", name)}
	}
	args, params, err := q.Bind(values)
	if err != nil {
		return &InputError{"params", err.Error()}
	}
	return writeDraft(ctx, st, id, func(ctx context.Context, conn *sql.Conn, p *Pack, seq int) error {
		for _, it := range p.Items {
			if it.Kind == KindQuery && it.Query == name && maps.Equal(it.Params, params) {
				return nil
			}
		}
		if len(p.Items) >= MaxItems {
			return &InputError{"query", fmt.Sprintf("at most %d items per pack", MaxItems)}
		}
		rows, sum, err := runQuery(ctx, st.DB(), q, args, p.DataVersion)
		if err != nil {
			return err
		}
		it := Item{Seq: seq, Kind: KindQuery, Query: name, Params: params, SQL: q.SQL, ResultRows: rows, ResultSHA256: sum}
		return insertItem(ctx, conn, p.ID, &it)
	})
}

func namedQuery(name string) (namedquery.Query, error) {
	all, err := namedquery.All()
	if err != nil {
		return namedquery.Query{}, err
	}
	for _, q := range all {
		if q.ID == name {
			if q.Role == auth.Admin {
				return q, &InputError{"query", fmt.Sprintf("%s reads tables only administrators may read: not for a pack", name)}
			}
			return q, nil
		}
	}
	return namedquery.Query{}, &InputError{"query", fmt.Sprintf("no named query %q (see GET /api/exports)", clip(name))}
}

// runQuery runs q through the research gate on the records as they were at
// data version v and hashes its rows as CSV, as `osservatorio export NAME
// --data-version v --format csv` writes them.
func runQuery(ctx context.Context, db *sql.DB, q namedquery.Query, args []any, v int64) (int64, string, error) {
	run, err := sandbox.AtVersion(ctx, db, q.SQL, v)
	if err != nil {
		return 0, "", err
	}
	h := sha256.New()
	var sum export.Summary
	err = sandbox.Run(ctx, db, run, args, sandbox.Options{Tables: sandbox.ResearchTables, Timeout: QueryTimeout},
		func(rr array.RecordReader) error {
			var err error
			sum, err = export.Stream(h, export.CSV, rr, export.Provenance{})
			return err
		})
	if err != nil {
		return 0, "", fmt.Errorf("evidence: query %s: %w", q.ID, err)
	}
	return sum.Rows, hex.EncodeToString(h.Sum(nil)), nil
}
