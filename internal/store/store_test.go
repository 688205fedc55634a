package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), Options{Path: filepath.Join(t.TempDir(), "o.duckdb"), MemoryLimit: "1GB", Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenMigratesOnceAndLocksConfiguration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "o.duckdb")
	for i := 0; i < 2; i++ { // second open must not re-apply migrations
		s, err := Open(ctx, Options{Path: path})
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var n int
		if err := s.DB().QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 2 {
			t.Fatalf("migrations applied = %d", n)
		}
		var order string
		s.DB().QueryRow("SELECT current_setting('preserve_insertion_order')::VARCHAR").Scan(&order)
		if order != "false" {
			t.Errorf("preserve_insertion_order = %q", order)
		}
		var buffered string
		s.DB().QueryRow("SELECT current_setting('write_buffer_row_group_count')::VARCHAR").Scan(&buffered)
		if buffered != "1" {
			t.Errorf("write_buffer_row_group_count = %q", buffered)
		}
		if _, err := s.DB().Exec("SET threads = 1"); err == nil {
			t.Error("SET after lock_configuration should fail")
		}
		if _, err := s.DB().Exec("SELECT * FROM read_csv('/etc/passwd')"); err == nil {
			t.Error("reading outside the allowed directories should fail")
		}
		s.Close()
	}
}

func TestWriteRollsBackOnError(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.Write(ctx, func(ctx context.Context, c *sql.Conn) error {
		if _, err := c.ExecContext(ctx, "INSERT INTO data_versions VALUES (1, NULL, now())"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if v, _ := s.DataVersion(ctx); v != 0 {
		t.Fatalf("version after rollback = %d", v)
	}
	if err := s.Write(ctx, func(ctx context.Context, c *sql.Conn) error {
		_, err := c.ExecContext(ctx, "INSERT INTO data_versions VALUES (1, NULL, now())")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.DataVersion(ctx); v != 1 {
		t.Fatalf("version = %d", v)
	}
}

func TestOpenRejectsEmptyPath(t *testing.T) {
	if _, err := Open(context.Background(), Options{}); err == nil || !strings.Contains(err.Error(), "path") {
		t.Fatalf("err = %v", err)
	}
}
