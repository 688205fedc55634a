package sandbox

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
)

// Run checks the statement, holds a slot, and runs it in a read-only
// transaction with the options' deadline, handing fn DuckDB's result as
// Arrow record batches (the exports write them one at a time). fn runs
// while the connection is pinned; when the deadline interrupts the query,
// Run returns ErrTimeout. Cancelling ctx (the client went away) stops it too.
func Run(ctx context.Context, db *sql.DB, query string, args []any, o Options, fn func(array.RecordReader) error) error {
	return Within(ctx, db, query, o, func(ctx context.Context, conn *sql.Conn) error {
		return conn.Raw(func(dc any) error {
			ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
			if err != nil {
				return err
			}
			rr, err := ar.QueryContext(ctx, query, args...)
			if err != nil {
				return err
			}
			defer rr.Release()
			return fn(rr)
		})
	})
}

// Within checks the statement, holds a slot, and calls fn with a pinned
// connection in a read-only transaction and a context carrying the
// options' deadline: fn runs the checked statement (Run as Arrow batches,
// an export as DuckDB's own COPY). A deadline that interrupts it is
// ErrTimeout.
func Within(ctx context.Context, db *sql.DB, query string, o Options, fn func(ctx context.Context, conn *sql.Conn) error) error {
	if err := Check(ctx, db, query, o.Tables); err != nil {
		return err
	}
	if o.Slots != nil {
		select {
		case o.Slots <- struct{}{}:
			defer func() { <-o.Slots }()
		default:
			return ErrBusy
		}
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	qctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	err := readOnly(qctx, db, fn)
	if err != nil && errors.Is(qctx.Err(), context.DeadlineExceeded) {
		return ErrTimeout
	}
	return err
}

func readOnly(ctx context.Context, db *sql.DB, fn func(ctx context.Context, conn *sql.Conn) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION READ ONLY"); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	return fn(ctx, conn)
}
