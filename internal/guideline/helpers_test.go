package guideline

import (
	"context"
	"path/filepath"
	"testing"

	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "g.duckdb"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// load loads fixture files through the real loader; every row must load.
func load(t *testing.T, st *store.Store, names ...string) int64 {
	t.Helper()
	var files []string
	for _, n := range names {
		files = append(files, filepath.Join("testdata", n))
	}
	res, err := ingest.Load(context.Background(), st, files, ingest.Options{Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != ingest.Loaded || r.RowsRejected != 0 {
			t.Fatalf("%s: %s %s, %d rejected %+v", r.File, r.Outcome, r.Message, r.RowsRejected, r.Rejects)
		}
	}
	v, err := st.DataVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
