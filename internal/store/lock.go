package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// ErrInUse means another process (a running serve, typically) has the
// database file open: DuckDB lets one process own a file.
var ErrInUse = errors.New("the database is in use by another process (is `osservatorio serve` running? stop it first)")

// openError turns DuckDB's lock conflict into ErrInUse, so commands can say
// plainly why they cannot open the file.
func openError(path string, err error) error {
	if isLockConflict(err) {
		return fmt.Errorf("store: %s: %w", path, ErrInUse)
	}
	return fmt.Errorf("store: open %s: %w", path, err)
}

// isLockConflict recognises DuckDB's refusals to open a file that is open
// elsewhere: another process holds its lock, or this process has it open
// with another configuration.
func isLockConflict(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Conflicting lock") || strings.Contains(msg, "Could not set lock on file") ||
		strings.Contains(msg, "same database file with a different configuration")
}

// Hold opens the database file read-only to take DuckDB's shared lock, so
// that no server can open it read-write until release is called: restore
// swaps files under it. A missing file holds nothing; a file DuckDB cannot
// read (a damaged database being replaced) is not locked by anyone and holds
// nothing either. Only a lock conflict is an error (ErrInUse).
func Hold(path string) (release func() error, err error) {
	nothing := func() error { return nil }
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nothing, nil
	}
	connector, err := duckdb.NewConnector(path+"?access_mode=READ_ONLY", nil)
	if err != nil {
		if isLockConflict(err) {
			return nil, fmt.Errorf("store: %s: %w", path, ErrInUse)
		}
		return nothing, nil
	}
	db := sql.OpenDB(connector)
	return db.Close, nil
}
