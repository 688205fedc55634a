package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"osservatorio/internal/store"
)

// Restored says what Restore put in place.
type Restored struct {
	Database    string             `json:"database"`
	Backup      string             `json:"backup"`
	DataVersion int64              `json:"data_version"`
	Tables      []store.TableCount `json:"tables"`
	Previous    string             `json:"previous,omitempty"` // where the replaced database was kept
}

// Restore puts backupPath in place of the database at dbPath. The backup is
// first copied beside the database and opened with the store (migrations
// apply), so a file that is not a usable database changes nothing. The
// current database, with its WAL if any, is kept as
// <db>.before-restore-<UTC time>. A database open in another process is
// refused with store.ErrInUse, and held (read-only) while files are swapped
// so that no server can open it half-way.
func Restore(ctx context.Context, backupPath, dbPath string) (Restored, error) {
	r := Restored{}
	var err error
	if r.Backup, err = filepath.Abs(backupPath); err != nil {
		return r, err
	}
	if r.Database, err = filepath.Abs(dbPath); err != nil {
		return r, err
	}
	if r.Backup == r.Database {
		return r, errors.New("restore: the backup is the database itself")
	}
	release, err := store.Hold(r.Database)
	if err != nil {
		return r, fmt.Errorf("restore: %w", err)
	}
	defer release()
	if err := checkBackup(r.Backup); err != nil {
		return r, fmt.Errorf("restore: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(r.Database), 0o755); err != nil {
		return r, err
	}

	stamp := time.Now().UTC().Format(stampForm)
	candidate := r.Database + ".restore-" + stamp
	defer os.Remove(candidate + ".wal")
	if _, _, err := copyFile(ctx, r.Backup, candidate); err != nil {
		os.Remove(candidate)
		return r, fmt.Errorf("restore: copy: %w", err)
	}
	if err := inspect(ctx, candidate, &r); err != nil {
		os.Remove(candidate)
		return r, fmt.Errorf("restore: %s: %w", backupPath, err)
	}

	if fi, err := os.Stat(r.Database); err == nil {
		os.Chmod(candidate, fi.Mode().Perm()) // the restored file keeps the permissions the database had
		r.Previous = r.Database + ".before-restore-" + stamp
		if err := os.Rename(r.Database, r.Previous); err != nil {
			os.Remove(candidate)
			return r, fmt.Errorf("restore: keep the current database: %w", err)
		}
		// A WAL left by a crash belongs to the old file: replayed on the
		// restored one it would corrupt it.
		if err := os.Rename(r.Database+".wal", r.Previous+".wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Rename(r.Previous, r.Database)
			os.Remove(candidate)
			return r, fmt.Errorf("restore: keep the current WAL: %w", err)
		}
	}
	if err := os.Rename(candidate, r.Database); err != nil {
		return r, fmt.Errorf("restore: %w (the previous database is at %s)", err, r.Previous)
	}
	return r, syncDir(filepath.Dir(r.Database))
}

// checkBackup refuses what is plainly not a backup: not a DuckDB file, or a
// file that differs from the manifest written beside it.
func checkBackup(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 12)
	// A DuckDB file starts with an 8-byte checksum and the magic "DUCK".
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head[8:12], []byte("DUCK")) {
		return fmt.Errorf("%s is not a DuckDB database", path)
	}
	m, err := ReadManifest(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // a backup made by other means: the open below checks it
	}
	if err != nil {
		return err
	}
	sum, size, err := hashFile(path)
	if err != nil {
		return err
	}
	if sum != m.SHA256 || size != m.Size {
		return fmt.Errorf("%s differs from its manifest (sha256 %s, %d bytes; manifest %s, %d bytes): damaged", path, sum, size, m.SHA256, m.Size)
	}
	return nil
}

// inspect opens the candidate with the store, which applies pending
// migrations, reads what it holds and checkpoints it so that the file alone
// is the database.
func inspect(ctx context.Context, path string, r *Restored) error {
	st, err := store.Open(ctx, store.Options{Path: path, MemoryLimit: "1GB"})
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Status(ctx, 0)
	if err != nil {
		return err
	}
	r.DataVersion, r.Tables = s.DataVersion, s.Tables
	if err := st.Checkpoint(ctx); err != nil {
		return err
	}
	return st.Close()
}
