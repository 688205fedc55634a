// Package sandbox is the gate for researchers' SQL: one SELECT that reads
// only the Osservatorio's tables (every table and function it names is
// checked on DuckDB's own parse tree), run in a read-only transaction with a
// deadline that interrupts DuckDB, among a bounded number at a time.
package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNotSelect is returned for anything but a single SELECT statement.
var ErrNotSelect = errors.New("only one read-only SELECT statement is allowed")

// ErrTimeout: the query ran past its deadline and was interrupted.
var ErrTimeout = errors.New("the query took longer than its time limit and was stopped")

// ErrBusy: as many research queries as allowed are running.
var ErrBusy = errors.New("too many research queries are running: try again shortly")

// MaxQueryBytes bounds the text of a statement.
const MaxQueryBytes = 100_000

// Options bound one research query.
type Options struct {
	// Tables the statement may read (default ResearchTables).
	Tables []string
	// Timeout interrupts the query (default 30 s).
	Timeout time.Duration
	// Slots caps the research queries running at once (nil: no cap), so
	// dashboards keep their latency meanwhile.
	Slots chan struct{}
}

// NewSlots returns a cap of n concurrent research queries.
func NewSlots(n int) chan struct{} { return make(chan struct{}, n) }

// Check parses the statement with DuckDB's own parser (json_serialize_sql,
// which refuses anything but SELECT), requires exactly one statement and
// walks its tree: only the allowed tables and safe functions.
func Check(ctx context.Context, db *sql.DB, query string, tables []string) error {
	if strings.TrimSpace(query) == "" {
		return fmt.Errorf("%w: the query is empty", ErrNotSelect)
	}
	if len(query) > MaxQueryBytes {
		return &Refusal{fmt.Sprintf("the query is longer than %d characters", MaxQueryBytes)}
	}
	var out string
	if err := db.QueryRowContext(ctx, "SELECT json_serialize_sql(?::VARCHAR)::VARCHAR", query).Scan(&out); err != nil {
		return err
	}
	var parsed struct {
		Error        bool              `json:"error"`
		ErrorMessage string            `json:"error_message"`
		Statements   []json.RawMessage `json:"statements"`
	}
	if err := json.Unmarshal([]byte(out), &parsed); err != nil {
		return err
	}
	if parsed.Error {
		return fmt.Errorf("%w: %s", ErrNotSelect, parsed.ErrorMessage)
	}
	if len(parsed.Statements) != 1 {
		return fmt.Errorf("%w: found %d statements", ErrNotSelect, len(parsed.Statements))
	}
	if tables == nil {
		tables = ResearchTables
	}
	allowed := map[string]bool{}
	for _, t := range tables {
		allowed[t] = true
	}
	return walk(parsed.Statements[0], allowed)
}

// Result holds an open result set and the connection it runs on; Close
// releases both.
type Result struct {
	*sql.Rows
	conn    *sql.Conn
	cancel  context.CancelFunc
	release func()
	ctx     context.Context
}

// Explain turns an error met while reading the rows into ErrTimeout when
// the deadline interrupted them.
func (r *Result) Explain(err error) error {
	if err != nil && errors.Is(r.ctx.Err(), context.DeadlineExceeded) {
		return ErrTimeout
	}
	return err
}

// Close ends the read-only transaction and returns the connection.
func (r *Result) Close() error {
	err := r.Rows.Close()
	r.conn.ExecContext(context.Background(), "ROLLBACK")
	r.conn.Close()
	r.cancel()
	r.release()
	return err
}

// Query checks the statement and runs it inside a read-only transaction,
// with the options' deadline and slot.
func Query(ctx context.Context, db *sql.DB, query string, o Options) (*Result, error) {
	if err := Check(ctx, db, query, o.Tables); err != nil {
		return nil, err
	}
	release := func() {}
	if o.Slots != nil {
		select {
		case o.Slots <- struct{}{}:
			release = func() { <-o.Slots }
		default:
			return nil, ErrBusy
		}
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	qctx, cancel := context.WithTimeout(ctx, o.Timeout)
	fail := func(err error) (*Result, error) {
		cancel()
		release()
		if errors.Is(qctx.Err(), context.DeadlineExceeded) {
			return nil, ErrTimeout
		}
		return nil, err
	}
	conn, err := db.Conn(qctx)
	if err != nil {
		return fail(err)
	}
	if _, err := conn.ExecContext(qctx, "BEGIN TRANSACTION READ ONLY"); err != nil {
		conn.Close()
		return fail(err)
	}
	rows, err := conn.QueryContext(qctx, query)
	if err != nil {
		conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		return fail(err)
	}
	return &Result{Rows: rows, conn: conn, cancel: cancel, release: release, ctx: qctx}, nil
}
