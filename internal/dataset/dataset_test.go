package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

// The dataset of the sample, read back by DuckDB's read_parquet with
// hive_partitioning, holds the same rows as the tables (the partition
// columns come back from the folder names), attendance sits under the year
// of its meeting, and the manifest's counts and hashes are the files'.
func TestDatasetReadsBackWithHivePartitioning(t *testing.T) {
	ctx := context.Background()
	st, out := sampleStore(t)
	// Two more guideline adoptions, beside the sample's.
	adoptions := filepath.Join(t.TempDir(), "guideline_adoptions.csv")
	os.WriteFile(adoptions, []byte("body_id,guideline_id,guideline_version,adopted\nLPP,LG-COPROG,1.0,2024-03-15\nCDS-PONGOV,LG-COPROG,1.0,2024-05-01\n"), 0o644)
	// A later load replaces a row: the current rows, not the history, are
	// the dataset, and the new row sits under the new version.
	fix := filepath.Join(t.TempDir(), "contributions_fix.csv")
	os.WriteFile(fix, []byte("contribution_id,org_id,meeting_id,body_id,submitted,kind,response_date,outcome\n"+
		"C00001,CONFARTIGIANATO,CDS-PONGOV-20200203,CDS-PONGOV,2020-01-30,written,2020-03-01,accepted\n"), 0o644)
	for _, f := range []string{adoptions, fix} {
		if res, err := ingest.Load(ctx, st, []string{f}, ingest.Options{Source: "test"}); err != nil || res[0].RowsLoaded == 0 {
			t.Fatalf("%s: %v %+v", f, err, res)
		}
	}
	if _, err := indicator.Refresh(ctx, st, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), indicator.Options{}); err != nil {
		t.Fatal(err)
	}
	m, err := Write(ctx, st.DB(), out, "test")
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := st.DataVersion(ctx)
	if m.DataVersion != cur || len(m.Tables) != len(Tables) {
		t.Fatalf("manifest: version %d (want %d), %d tables", m.DataVersion, cur, len(m.Tables))
	}
	db := st.DB()
	for _, info := range m.Tables {
		glob := filepath.Join(out, info.Name, "**", "*.parquet")
		var cols string
		if err := db.QueryRow(`SELECT string_agg('"' || column_name || '"', ', ' ORDER BY ordinal_position)
			FROM information_schema.columns WHERE table_name = ?`, info.Name).Scan(&cols); err != nil {
			t.Fatal(err)
		}
		read := "(SELECT " + cols + " FROM read_parquet('" + glob + "', hive_partitioning = true))"
		var rows, inDB, missing, extra int64
		if err := db.QueryRow(`SELECT (SELECT count(*) FROM `+read+`), (SELECT count(*) FROM `+info.Name+`),
			(SELECT count(*) FROM (SELECT `+cols+` FROM `+info.Name+` EXCEPT ALL SELECT * FROM `+read+`)),
			(SELECT count(*) FROM (SELECT * FROM `+read+` EXCEPT ALL SELECT `+cols+` FROM `+info.Name+`))`).
			Scan(&rows, &inDB, &missing, &extra); err != nil {
			t.Fatalf("%s: %v", info.Name, err)
		}
		if rows != inDB || missing != 0 || extra != 0 || inDB == 0 || info.Rows != inDB {
			t.Errorf("%s: %d rows read back, %d in the table, %d missing, %d extra, manifest %d", info.Name, rows, inDB, missing, extra, info.Rows)
		}
		// Types survive: data_version is a BIGINT again, from the path.
		var typ string
		db.QueryRow(`SELECT typeof(data_version) FROM read_parquet('` + glob + `', hive_partitioning = true) LIMIT 1`).Scan(&typ)
		if typ != "BIGINT" {
			t.Errorf("%s: data_version is %s", info.Name, typ)
		}
	}
	var wrongYear, years int
	if err := db.QueryRow(`SELECT count(*) FILTER (WHERE p.year IS DISTINCT FROM year(m.date)), count(DISTINCT p.year)
		FROM read_parquet('`+filepath.Join(out, "attendance", "**", "*.parquet")+`', hive_partitioning = true) p
		JOIN meetings m USING (meeting_id)`).Scan(&wrongYear, &years); err != nil {
		t.Fatal(err)
	}
	if wrongYear != 0 || years < 2 {
		t.Errorf("attendance: %d rows under another year than their meeting's, %d years", wrongYear, years)
	}
	var outcome string
	db.QueryRow(`SELECT outcome || '@' || data_version FROM read_parquet('` + filepath.Join(out, "contributions", "**", "*.parquet") +
		`', hive_partitioning = true) WHERE contribution_id = 'C00001'`).Scan(&outcome)
	if outcome != "accepted@"+fmtInt(cur) {
		t.Errorf("C00001: %s", outcome)
	}

	// The manifest lists every file, with its rows and SHA-256.
	var listed struct {
		Files []File `json:"files"`
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil || json.Unmarshal(b, &listed) != nil || len(listed.Files) != len(m.Files) {
		t.Fatalf("manifest.json: %v, %d files", err, len(listed.Files))
	}
	onDisk := 0
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if strings.HasSuffix(p, ".parquet") {
			onDisk++
		}
		return err
	})
	if onDisk != len(listed.Files) {
		t.Errorf("%d files on disk, %d listed", onDisk, len(listed.Files))
	}
	for _, f := range listed.Files {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.Path)))
		h := sha256.Sum256(data)
		var n int64
		db.QueryRow(`SELECT count(*) FROM read_parquet('` + filepath.Join(out, filepath.FromSlash(f.Path)) + `')`).Scan(&n)
		if err != nil || hex.EncodeToString(h[:]) != f.SHA256 || int64(len(data)) != f.Bytes || n != f.Rows {
			t.Errorf("%s: hash or size or rows (%d) differ from the manifest %+v", f.Path, n, f)
		}
	}

	// A folder that holds something is refused: stale partitions would mix in.
	if _, err := Write(ctx, st.DB(), out, "test"); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a second dataset into the same folder: %v", err)
	}
}

// sampleStore is a store holding the bundled sample, and the folder (not
// made yet) where SQL may write its dataset.
func sampleStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "dataset")
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "d.duckdb"), AllowedDirs: []string{out}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	files, err := ingest.Expand([]string{"../../data/sample"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(ctx, st, files, ingest.Options{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	return st, out
}

func fmtInt(v int64) string {
	b, _ := json.Marshal(v)
	return string(b)
}
