// Package store owns the DuckDB file: it opens it with deliberate settings,
// applies the schema migrations, funnels every write through one writer and
// keeps the data version.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/duckdb/duckdb-go/v2"
)

// Options are the instance-wide DuckDB settings. They are fixed at open: the
// configuration is locked afterwards, so researchers' SQL cannot change them.
type Options struct {
	Path        string   // the database file
	MemoryLimit string   // e.g. "4GB"; default "4GB"
	Threads     int      // default: the number of CPUs
	TempDir     string   // DuckDB's spill directory; default <dir of Path>/tmp/duckdb (nothing else is kept there)
	MaxTempSize string   // bound of the spill directory; default "20GB"
	AllowedDirs []string // directories SQL may read or write besides TempDir (benchmarks comparing with read_csv)
}

// Store is the open database. Readers use DB directly (MVCC lets them run
// during a write); writers go through Write, one at a time.
type Store struct {
	db      *sql.DB
	path    string
	tempDir string
	writeMu sync.Mutex
}

// Open opens (or creates) the database file, applies pending migrations and
// locks the configuration.
func Open(ctx context.Context, opt Options) (*Store, error) {
	if opt.Path == "" {
		return nil, errors.New("store: no database path")
	}
	abs, err := filepath.Abs(opt.Path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(abs)
	if opt.TempDir == "" {
		opt.TempDir = filepath.Join(dir, "tmp", "duckdb")
	}
	if opt.MaxTempSize == "" {
		opt.MaxTempSize = "20GB"
	}
	if opt.MemoryLimit == "" {
		opt.MemoryLimit = "4GB"
	}
	if opt.Threads <= 0 {
		opt.Threads = runtime.NumCPU()
	}
	for _, d := range []string{dir, opt.TempDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}

	q := url.Values{}
	q.Set("memory_limit", opt.MemoryLimit)
	q.Set("threads", strconv.Itoa(opt.Threads))
	q.Set("temp_directory", opt.TempDir)
	q.Set("max_temp_directory_size", opt.MaxTempSize)
	q.Set("preserve_insertion_order", "false")
	// A bulk insert compresses and writes each full row group (122,880 rows)
	// as soon as it fills, instead of buffering five per thread (the default)
	// and doing all of them at the end of the statement: the work then
	// overlaps the reading. Loading 1 M attendance rows, the INSERT went on
	// for 0.9-1.2 s after the last batch, now 0.15 s (docs/BENCHMARKS.md,
	// "Loading"). The database file comes out the same size.
	q.Set("write_buffer_row_group_count", "1")
	// jemalloc's background threads give freed memory back to the system
	// while the server idles between requests; without them a refresh after
	// a burst of page queries stacked on what those queries had freed
	// (serve's peak RSS, docs/BENCHMARKS.md).
	q.Set("allocator_background_threads", "true")
	q.Set("autoinstall_known_extensions", "false")
	q.Set("autoload_known_extensions", "false")
	connector, err := duckdb.NewConnector(abs+"?"+q.Encode(), nil)
	if err != nil {
		return nil, openError(opt.Path, err)
	}
	db := sql.OpenDB(connector)
	s := &Store{db: db, path: abs, tempDir: opt.TempDir}

	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// SQL may reach no file but DuckDB's own spill directory: loads, exports
	// and backups go through Go, so neither research SQL nor a mistake can
	// read the database file, the inbox or the backups.
	allowed := append([]string{opt.TempDir}, opt.AllowedDirs...)
	if err := lockDown(ctx, db, allowed); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// lockDown restricts file access to the service's own directories and locks
// the configuration. It is instance-wide, so it covers researchers' SQL too.
func lockDown(ctx context.Context, db *sql.DB, allowed []string) error {
	quoted := make([]string, 0, len(allowed))
	for _, d := range allowed {
		abs, err := filepath.Abs(d)
		if err != nil {
			return err
		}
		quoted = append(quoted, "'"+strings.ReplaceAll(abs+"/", "'", "''")+"'")
	}
	stmts := []string{
		"SET allowed_directories = [" + strings.Join(quoted, ", ") + "]",
		"SET enable_external_access = false",
		"SET lock_configuration = true",
	}
	for _, st := range stmts {
		if _, err := db.ExecContext(ctx, st); err != nil {
			return fmt.Errorf("store: %s: %w", st, err)
		}
	}
	return nil
}

// DB is the shared handle for reads.
func (s *Store) DB() *sql.DB { return s.db }

// TempDir is DuckDB's spill directory: the one place SQL may write (the
// exports DuckDB writes itself go there on their way to the client).
func (s *Store) TempDir() string { return s.tempDir }

// Path is the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Write runs fn inside one transaction on a pinned connection, with no other
// write running. The connection is handed over so that fn can use the driver's
// bulk APIs (Appender, Arrow) inside the same transaction. fn's error rolls
// everything back: a failed write leaves the database as it was.
func (s *Store) Write(ctx context.Context, fn func(ctx context.Context, conn *sql.Conn) error) (err error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
			panic(p)
		}
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
			return
		}
		if _, cerr := conn.ExecContext(ctx, "COMMIT"); cerr != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
			err = cerr
		}
	}()
	return fn(ctx, conn)
}

// Checkpoint writes everything in the WAL into the database file, waiting
// for a running write first; afterwards the file alone holds the data.
func (s *Store) Checkpoint(ctx context.Context) error {
	return s.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		_, err := conn.ExecContext(ctx, "CHECKPOINT")
		return err
	})
}

// DataVersion is the current data version: 0 before the first load.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM data_versions").Scan(&v)
	return v, err
}
