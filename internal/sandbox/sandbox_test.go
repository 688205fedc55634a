package sandbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/store"
)

// openWithSecret opens a store whose folder also holds a file with a
// person's name and e-mail, as the inbox does: no research SQL may read it.
func openWithSecret(t testing.TB) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	secret := filepath.Join(dir, "presenze_con_nomi.csv")
	if err := os.WriteFile(secret, []byte("nome,email\nMaria Rossi,maria.rossi@example.it\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(dir, "s.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

// Hostile SQL of every kind the gate must stop: file reads, string-built
// SQL, settings and metadata, hidden tables, statements that write.
func TestGateRefusesHostileSQL(t *testing.T) {
	st, dir := openWithSecret(t)
	ctx := context.Background()
	f := filepath.Join(dir, "presenze_con_nomi.csv")
	db := st.Path()
	for _, q := range []string{
		"SELECT * FROM read_csv('" + f + "')",
		"SELECT * FROM READ_CSV_AUTO('" + f + "')",
		`SELECT * FROM "read_csv"('` + f + `')`,
		"SELECT * FROM '" + f + "'",
		"FROM '" + dir + "/*.csv'",
		"SELECT content FROM read_text('" + f + "')",
		"SELECT * FROM read_blob('" + db + "')",
		"SELECT * FROM glob('" + dir + "/**')",
		"SELECT * FROM read_parquet('" + dir + "/x.parquet')",
		"SELECT * FROM read_json('" + f + "')",
		"SELECT * FROM sniff_csv('" + f + "')",
		"SELECT * FROM parquet_metadata('" + f + "')",
		"SELECT * FROM query('SELECT * FROM tokens')",
		"SELECT * FROM query_table('tokens')",
		"SELECT * FROM duckdb_settings()",
		"SELECT current_setting('allowed_directories')",
		"SELECT current_setting('temp_directory')",
		"SELECT getenv('HOME')",
		"SELECT getvariable('as_of')",
		"SELECT which_secret('s3://x', 's3')",
		"SELECT * FROM duckdb_databases()",
		"SELECT * FROM duckdb_temporary_files()",
		"SELECT * FROM pragma_database_list",
		"SELECT * FROM checkpoint()",
		"SELECT json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
		"WITH t AS (SELECT * FROM glob('" + dir + "/*')) SELECT * FROM t",
		"SELECT (SELECT content FROM read_text('" + f + "'))",
		"SELECT * FROM attendance_at((SELECT count(*) FROM read_text('" + f + "')))",
		"SELECT * FROM loads WHERE file IN (SELECT file FROM read_csv('" + f + "'))",
		"SELECT * FROM tokens",
		"SELECT * FROM main.tokens",
		`SELECT * FROM main."tokens"`,
		"SELECT * FROM audit",
		"SELECT * FROM schema_migrations",
		"SELECT * FROM rejects",
		"SELECT * FROM information_schema.tables",
		"SELECT * FROM pg_catalog.pg_settings",
		"SELECT * FROM system.main.duckdb_settings()",
		"SELECT * FROM s.main.loads",
		"DESCRIBE tokens",
		"SHOW TABLES",
		"SUMMARIZE tokens",
		"PRAGMA version",
		"CALL duckdb_settings()",
		"COPY loads TO '" + dir + "/out.csv'",
		"ATTACH '" + db + "' AS other",
		"SELECT 1; DROP TABLE loads",
		"SELECT 1; COMMIT; DELETE FROM loads",
		"DELETE FROM loads",
		"CREATE TABLE x AS SELECT 1",
		"INSTALL httpfs",
		"SET threads = 1",
		"",
		strings.Repeat("SELECT 1 UNION ALL ", 10000) + "SELECT 1",
	} {
		res, err := Query(ctx, st.DB(), q, Options{})
		if err == nil {
			var out []string
			for res.Next() {
				out = append(out, "row")
			}
			res.Close()
			t.Errorf("not refused: %.120s (%d rows)", q, len(out))
			continue
		}
		var r *Refusal
		if !errors.As(err, &r) && !errors.Is(err, ErrNotSelect) {
			t.Errorf("%.80s: refused by DuckDB, not by the gate: %v", q, err)
		}
		if strings.Contains(err.Error(), "maria.rossi") || strings.Contains(err.Error(), "Maria Rossi") {
			t.Errorf("%.80s: the refusal quotes the file: %v", q, err)
		}
	}
}

// What researchers need passes: CTEs, window functions, PIVOT, QUALIFY,
// the record-at-a-version macros, generators.
func TestGateAllowsResearch(t *testing.T) {
	st, _ := openWithSecret(t)
	ctx := context.Background()
	for _, q := range []string{
		"SELECT count(*) FROM attendance",
		"WITH m AS (SELECT body_id, count(*) n FROM meetings GROUP BY 1) SELECT * FROM m ORDER BY n DESC",
		"SELECT org_id, row_number() OVER (PARTITION BY category ORDER BY name) FROM organisations QUALIFY row_number() OVER (PARTITION BY category ORDER BY name) <= 3",
		"SELECT * FROM (SELECT category, level FROM organisations) PIVOT (count(*) FOR category IN ('research', 'institutional'))",
		"SELECT * FROM attendance_at(1) a JOIN meetings_at(1) m USING (meeting_id)",
		"SELECT * FROM range(3) r, unnest([1, 2]) u",
		"SELECT indicator, value FROM indicator_values WHERE scope = 'all'",
		"SELECT d, working FROM calendar_it WHERE d BETWEEN DATE '2024-01-01' AND DATE '2024-01-07'",
		"SELECT upper(name), strftime(started, '%Y') FROM bodies",
		"SELECT * FROM (VALUES (1, 'a')) v(x, y)",
	} {
		res, err := Query(ctx, st.DB(), q, Options{})
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		for res.Next() {
		}
		if err := res.Explain(res.Rows.Err()); err != nil {
			t.Errorf("%s: %v", q, err)
		}
		res.Close()
	}
}

// The deadline interrupts DuckDB; the slots cap concurrent queries.
func TestDeadlineAndSlots(t *testing.T) {
	st, _ := openWithSecret(t)
	ctx := context.Background()
	start := time.Now()
	res, err := Query(ctx, st.DB(), "SELECT count(*) FROM range(100000000) a, range(100000000) b", Options{Timeout: 300 * time.Millisecond})
	if err == nil {
		for res.Next() {
		}
		err = res.Explain(res.Rows.Err())
		res.Close()
	}
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("a runaway cross join: %v", err)
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("the deadline did not stop the query (it ran %s)", time.Since(start))
	}
	if _, err := Query(ctx, st.DB(), "SELECT 1", Options{}); err != nil {
		t.Errorf("the store is not usable after an interrupted query: %v", err)
	}
	slots := NewSlots(1)
	held, err := Query(ctx, st.DB(), "SELECT * FROM range(10)", Options{Slots: slots})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Query(ctx, st.DB(), "SELECT 1", Options{Slots: slots}); !errors.Is(err, ErrBusy) {
		t.Errorf("second query with one slot: %v", err)
	}
	held.Close()
	again, err := Query(ctx, st.DB(), "SELECT 1", Options{Slots: slots})
	if err != nil {
		t.Errorf("slot not released: %v", err)
	} else {
		again.Close()
	}
}

// Beneath the gate, DuckDB itself reaches no file beside its database: the
// store allows only its spill directory. (DuckDB always lets its own
// database file be read: there only the gate's function check stands, see
// TestGateRefusesHostileSQL.)
func TestNoFileAccessBeneathTheGate(t *testing.T) {
	st, dir := openWithSecret(t)
	for _, q := range []string{
		"SELECT * FROM read_text('" + filepath.Join(dir, "presenze_con_nomi.csv") + "')",
		"SELECT * FROM read_csv('" + filepath.Join(dir, "presenze_con_nomi.csv") + "')",
		"SELECT * FROM glob('" + dir + "/*')",
	} {
		rows, err := st.DB().Query(q)
		if err == nil {
			n := 0
			for rows.Next() {
				n++
			}
			err = rows.Err()
			rows.Close()
			if err == nil && n > 0 {
				t.Errorf("DuckDB read a file: %s (%d rows)", q, n)
			}
		}
	}
}

// A query at a past data version reads the records as they were then: the
// parse tree's record tables become <table>_at(v) calls, CTEs of the same
// name and other tables are left alone, and the result still passes the gate.
func TestAtVersionRewritesTheTree(t *testing.T) {
	st, _ := openWithSecret(t)
	ctx := context.Background()
	q := `WITH attendance AS (SELECT 1 AS x) SELECT a.org_id, m.date, (SELECT count(*) FROM contributions c WHERE c.org_id = a.org_id)
		FROM main.attendance a JOIN meetings m USING (meeting_id), attendance, loads`
	got, err := AtVersion(ctx, st.DB(), q, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"attendance_at(3) AS a", "meetings_at(3) AS m", "contributions_at(3) AS c", ", loads", "WITH attendance AS"} {
		if !strings.Contains(got, want) {
			t.Errorf("rewritten SQL lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "attendance_at(3) AS attendance") {
		t.Errorf("the CTE named attendance was rewritten:\n%s", got)
	}
	if err := Check(ctx, st.DB(), got, nil); err != nil {
		t.Errorf("the rewritten statement fails the gate: %v", err)
	}
}
