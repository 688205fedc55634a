// Package sandbox is the gate for researchers' SQL: one read-only SELECT,
// run in a read-only transaction, with a deadline.
package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// ErrNotSelect is returned for anything but a single SELECT statement.
var ErrNotSelect = errors.New("only one read-only SELECT statement is allowed")

// Check parses the statement with DuckDB's own parser (json_serialize_sql,
// which refuses anything but SELECT) and requires exactly one statement.
func Check(ctx context.Context, db *sql.DB, query string) error {
	if strings.TrimSpace(query) == "" {
		return fmt.Errorf("%w: the query is empty", ErrNotSelect)
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
	return nil
}

// Result holds an open result set and the connection it runs on; Close
// releases both.
type Result struct {
	*sql.Rows
	conn *sql.Conn
}

// Close ends the read-only transaction and returns the connection.
func (r *Result) Close() error {
	err := r.Rows.Close()
	r.conn.ExecContext(context.Background(), "ROLLBACK")
	r.conn.Close()
	return err
}

// Query checks the statement and runs it inside a read-only transaction.
func Query(ctx context.Context, db *sql.DB, query string) (*Result, error) {
	if err := Check(ctx, db, query); err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION READ ONLY"); err != nil {
		conn.Close()
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		return nil, err
	}
	return &Result{Rows: rows, conn: conn}, nil
}
