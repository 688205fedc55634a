package indicator

import (
	"context"
	"path/filepath"
	"testing"

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
