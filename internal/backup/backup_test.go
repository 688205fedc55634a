package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Path: path, MemoryLimit: "1GB", Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func load(t *testing.T, st *store.Store, paths ...string) {
	t.Helper()
	files, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Load(context.Background(), st, files, ingest.Options{Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != ingest.Loaded {
			t.Fatalf("%s: %+v", r.File, r)
		}
	}
}

func status(t *testing.T, st *store.Store) store.Status {
	t.Helper()
	s, err := st.Status(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// moreOrganisations is a file that changes the data version.
func moreOrganisations(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "organisations.csv")
	os.WriteFile(p, []byte("org_id,name,category\nZ1,Comune di Prova,institutional\nZ2,Altra Prova,environmental\n"), 0o644)
	return p
}

// The whole cycle on real files: the sample, a backup taken while the store
// is open, a later load, a restore, and the restored database reopened.
func TestBackupThenRestoreGivesBackTheBackedUpData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "data", "o.duckdb")
	st := openStore(t, dbPath)
	load(t, st, "../../data/sample")
	before := status(t, st)
	if before.DataVersion == 0 || before.Tables[0].Rows == 0 {
		t.Fatalf("sample not loaded: %+v", before)
	}

	m, err := Take(ctx, st, filepath.Join(dir, "backups"))
	if err != nil {
		t.Fatal(err)
	}
	wantName := "-v" + itoa(before.DataVersion) + ".duckdb"
	if !strings.HasPrefix(m.File, "osservatorio-") || !strings.HasSuffix(m.File, wantName) {
		t.Errorf("backup name %q", m.File)
	}
	b, err := os.ReadFile(m.Path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if m.SHA256 != hex.EncodeToString(sum[:]) || m.Size != int64(len(b)) || m.DataVersion != before.DataVersion {
		t.Errorf("manifest %+v does not describe the file (%d bytes)", m, len(b))
	}
	if onDisk, err := ReadManifest(m.Path); err != nil || onDisk.SHA256 != m.SHA256 || onDisk.DataVersion != m.DataVersion {
		t.Errorf("manifest on disk: %+v %v", onDisk, err)
	}
	if fi, err := os.Stat(dbPath + ".wal"); err == nil && fi.Size() > 0 {
		t.Errorf("WAL after the backup's checkpoint: %d bytes", fi.Size())
	}

	load(t, st, moreOrganisations(t))
	after := status(t, st)
	if after.DataVersion != before.DataVersion+1 || after.Tables[0].Rows != before.Tables[0].Rows+2 {
		t.Fatalf("the second load did not change the data: %+v", after)
	}
	st.Close()

	r, err := Restore(ctx, m.Path, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if r.DataVersion != before.DataVersion || r.Previous == "" {
		t.Errorf("restored %+v", r)
	}
	reopened := openStore(t, dbPath)
	got := status(t, reopened)
	if got.DataVersion != before.DataVersion || !slices.Equal(got.Tables, before.Tables) {
		t.Errorf("restored database: version %d tables %v, want version %d tables %v",
			got.DataVersion, got.Tables, before.DataVersion, before.Tables)
	}
	reopened.Close()
	// The replaced database is kept whole.
	prev := openStore(t, r.Previous)
	if s := status(t, prev); s.DataVersion != after.DataVersion || !slices.Equal(s.Tables, after.Tables) {
		t.Errorf("the kept database: %+v, want %+v", s, after)
	}
	// The backup itself was not touched by the restore (migrations ran on a copy).
	if b2, _ := os.ReadFile(m.Path); !slices.Equal(b, b2) {
		t.Error("restore changed the backup file")
	}
}

func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "o.duckdb")
	st := openStore(t, dbPath)
	load(t, st, moreOrganisations(t))
	m, err := Take(ctx, st, filepath.Join(dir, "backups"))
	if err != nil {
		t.Fatal(err)
	}

	// The database is open (here, in this process): refused, nothing moved.
	if _, err := Restore(ctx, m.Path, dbPath); !errors.Is(err, store.ErrInUse) {
		t.Errorf("restore over an open database: %v", err)
	}
	st.Close()

	notDuck := filepath.Join(dir, "notes.duckdb")
	os.WriteFile(notDuck, []byte("this is not a database, just text long enough"), 0o644)
	if _, err := Restore(ctx, notDuck, dbPath); err == nil || !strings.Contains(err.Error(), "not a DuckDB database") {
		t.Errorf("a text file: %v", err)
	}

	damaged := filepath.Join(dir, "backups", "osservatorio-damaged.duckdb")
	b, _ := os.ReadFile(m.Path)
	b[len(b)-1] ^= 0xff
	os.WriteFile(damaged, b, 0o644)
	mb, _ := os.ReadFile(manifestPath(m.Path))
	os.WriteFile(manifestPath(damaged), mb, 0o644)
	if _, err := Restore(ctx, damaged, dbPath); err == nil || !strings.Contains(err.Error(), "differs from its manifest") {
		t.Errorf("a damaged backup: %v", err)
	}

	truncated := filepath.Join(dir, "truncated.duckdb") // right magic, no database behind it
	os.WriteFile(truncated, b[:4096], 0o644)
	if _, err := Restore(ctx, truncated, dbPath); err == nil || !strings.Contains(err.Error(), "truncated.duckdb") {
		t.Errorf("a truncated backup: %v", err)
	}

	// Nothing of the above touched the database or left files beside it.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "restore") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	s := status(t, openStore(t, dbPath))
	if s.DataVersion != 1 || s.Tables[0].Rows != 2 {
		t.Errorf("database after refused restores: %+v", s)
	}
}

func TestPruneKeepsTheNewest(t *testing.T) {
	dir := t.TempDir()
	names := []string{"osservatorio-20260101T030000Z-v1.duckdb", "osservatorio-20260102T030000Z-v2.duckdb",
		"osservatorio-20260103T030000Z-v2.duckdb", "osservatorio-20260104T030000Z-v3.duckdb"}
	for _, n := range names {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
		os.WriteFile(manifestPath(filepath.Join(dir, n)), []byte("{}"), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "mine.duckdb"), []byte("x"), 0o644) // not a backup: left alone
	removed, err := Prune(dir, 2)
	if err != nil || len(removed) != 2 {
		t.Fatalf("removed %v, %v", removed, err)
	}
	left, _ := os.ReadDir(dir)
	var got []string
	for _, e := range left {
		got = append(got, e.Name())
	}
	want := []string{"mine.duckdb", "osservatorio-20260103T030000Z-v2.duckdb", "osservatorio-20260103T030000Z-v2.json",
		"osservatorio-20260104T030000Z-v3.duckdb", "osservatorio-20260104T030000Z-v3.json"}
	if !slices.Equal(got, want) {
		t.Errorf("left %v, want %v", got, want)
	}
	if _, err := Prune(dir, 0); err == nil {
		t.Error("keep 0 must be refused")
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
