// Package backup takes consistent copies of the DuckDB database while the
// service runs, keeps the newest few, and puts one back in place.
//
// DuckDB lets no second process read an open database, and the store's
// lock-down keeps DuckDB itself away from any folder but its own, so a
// backup is a file copy made from Go: under the store's single writer (no
// load can run), a CHECKPOINT moves the WAL into the database file, and that
// file alone is then the whole database.
package backup

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"osservatorio/internal/store"
)

// Manifest describes one backup; it is written beside it as <name>.json.
type Manifest struct {
	File        string    `json:"file"`         // the backup's base name
	DataVersion int64     `json:"data_version"` // the data version it holds
	Created     time.Time `json:"created"`      // UTC, when it was taken
	SHA256      string    `json:"sha256"`
	Size        int64     `json:"size"`
	Database    string    `json:"database"` // the file it was copied from
	Path        string    `json:"-"`        // where the backup is
}

const (
	prefix    = "osservatorio-"
	ext       = ".duckdb"
	stampForm = "20060102T150405Z"
)

// Take checkpoints the database and copies it into dir as
// osservatorio-<UTC time>-v<data version>.duckdb, with its manifest. Loads
// wait while it runs; readers do not.
func Take(ctx context.Context, st *store.Store, dir string) (Manifest, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	m := Manifest{Database: st.Path()}
	err := st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
		// After a checkpoint the WAL is gone or empty; if it is not, the
		// file alone would miss committed data.
		if fi, err := os.Stat(st.Path() + ".wal"); err == nil && fi.Size() > 0 {
			return fmt.Errorf("the WAL still holds %d bytes after CHECKPOINT: no consistent copy possible", fi.Size())
		}
		if err := conn.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM data_versions").Scan(&m.DataVersion); err != nil {
			return err
		}
		m.Created = time.Now().UTC().Truncate(time.Second)
		m.File = fmt.Sprintf("%s%s-v%d%s", prefix, m.Created.Format(stampForm), m.DataVersion, ext)
		m.Path = filepath.Join(dir, m.File)
		var err error
		m.SHA256, m.Size, err = copyFile(ctx, st.Path(), m.Path)
		return err
	})
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := writeFile(manifestPath(m.Path), append(b, '\n')); err != nil {
		return m, fmt.Errorf("backup: manifest: %w", err)
	}
	return m, nil
}

// Job is the scheduled backup: take one, then keep the newest keep.
func Job(st *store.Store, dir string, keep int) func(ctx context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		m, err := Take(ctx, st, dir)
		if err != nil {
			return "", err
		}
		removed, err := Prune(dir, keep)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s (data version %d, %d bytes); %d old removed", m.File, m.DataVersion, m.Size, len(removed)), nil
	}
}

// ReadManifest reads the manifest beside a backup file.
func ReadManifest(backupPath string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(manifestPath(backupPath))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", manifestPath(backupPath), err)
	}
	m.Path = backupPath
	return m, nil
}

// manifestPath is x.json for the backup x.duckdb.
func manifestPath(backupPath string) string {
	return strings.TrimSuffix(backupPath, ext) + ".json"
}
