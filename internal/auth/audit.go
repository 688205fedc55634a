package auth

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Entry is one line of the audit log.
type Entry struct {
	At          time.Time `json:"at"`
	TokenID     string    `json:"token_id,omitempty"` // empty: the CLI on the database file
	Role        Role      `json:"role,omitempty"`
	Action      string    `json:"action"` // token.add, token.revoke, load.upload, …
	Target      string    `json:"target,omitempty"`
	DataVersion int64     `json:"data_version"`
	Detail      string    `json:"detail,omitempty"`
}

// Record appends an entry. It is a single insert, not a store.Write: the
// audit must not wait behind a long load, and appends never conflict.
func Record(ctx context.Context, db *sql.DB, e Entry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	_, err := db.ExecContext(ctx, `INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.At, nullable(e.TokenID), nullable(string(e.Role)), e.Action, nullable(e.Target), e.DataVersion, nullable(e.Detail))
	if err != nil {
		return fmt.Errorf("auth: audit: %w", err)
	}
	return nil
}

// Audit lists entries newest first, n after skipping offset.
func Audit(ctx context.Context, db *sql.DB, n, offset int) ([]Entry, error) {
	rows, err := db.QueryContext(ctx, `SELECT "at", coalesce(token_id, ''), coalesce(role, ''), action, coalesce(target, ''),
		coalesce(data_version, 0), coalesce(detail, '') FROM audit ORDER BY "at" DESC LIMIT ? OFFSET ?`, n, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var role string
		if err := rows.Scan(&e.At, &e.TokenID, &role, &e.Action, &e.Target, &e.DataVersion, &e.Detail); err != nil {
			return nil, err
		}
		e.Role = Role(role)
		out = append(out, e)
	}
	return out, rows.Err()
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
