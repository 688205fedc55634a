package indicator

import (
	"context"
	"path/filepath"
	"testing"

	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

func openEmpty(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "empty.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// loadDir loads every file of dir into a fresh store; a file not loaded
// whole fails the test.
func loadDir(t testing.TB, dir string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "test.duckdb"), AllowedDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	files, err := ingest.Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Load(ctx, st, files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != ingest.Loaded || r.RowsRejected != 0 {
			t.Fatalf("%s: %s %s, %d rejected: %+v", r.File, r.Outcome, r.Message, r.RowsRejected, r.Rejects)
		}
	}
	return st
}
