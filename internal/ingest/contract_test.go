package ingest

// Contract tests: every rule of the data contract (docs/DATA.md, with its
// Rulings) exercised on real files under testdata/. The expected numbers of
// rows read / loaded / rejected and every (line, column, reason) of every
// reject are worked out by hand from the fixtures; the comments next to the
// expectations say why.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"osservatorio/internal/store"
)

// ---------------------------------------------------------------- helpers

func ctStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "t.duckdb"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func ctPath(parts ...string) string {
	return filepath.Join(append([]string{"testdata"}, parts...)...)
}

func ctLoad(t *testing.T, st *store.Store, files ...string) []Result {
	t.Helper()
	res, err := Load(context.Background(), st, files, Options{Source: "test"})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(res) != len(files) {
		t.Fatalf("Load returned %d results for %d files", len(res), len(files))
	}
	return res
}

// ctLoad1 loads one file and returns its result.
func ctLoad1(t *testing.T, st *store.Store, file string) Result {
	t.Helper()
	return ctLoad(t, st, file)[0]
}

func ctVersion(t *testing.T, st *store.Store) int64 {
	t.Helper()
	v, err := st.DataVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// ctTables lists every base table of the database.
func ctTables(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query("SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' ORDER BY table_name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if len(out) < 16 {
		t.Fatalf("expected the schema's tables, found %v", out)
	}
	return out
}

// ctColumns lists a table's columns and their types.
func ctColumns(t *testing.T, db *sql.DB, table string) (names, types []string) {
	t.Helper()
	rows, err := db.Query("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index", table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n, ty string
		if err := rows.Scan(&n, &ty); err != nil {
			t.Fatal(err)
		}
		names, types = append(names, n), append(types, ty)
	}
	return names, types
}

// ctSnapshot fingerprints the content of every table (count and the sum of
// the rows' hashes), plus the data version. Tables in skip are left out.
func ctSnapshot(t *testing.T, st *store.Store, skip ...string) map[string]string {
	t.Helper()
	db := st.DB()
	snap := map[string]string{"data_version": fmt.Sprint(ctVersion(t, st))}
	for _, tb := range ctTables(t, db) {
		if slices.Contains(skip, tb) {
			continue
		}
		var n int64
		var sum string
		q := fmt.Sprintf(`SELECT count(*), coalesce(sum(hash(r))::VARCHAR, '') FROM %q r`, tb)
		if err := db.QueryRow(q).Scan(&n, &sum); err != nil {
			t.Fatalf("snapshot %s: %v", tb, err)
		}
		snap[tb] = fmt.Sprintf("%d rows %s", n, sum)
	}
	return snap
}

func ctSameSnapshot(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %s changed: %s → %s", what, k, v, after[k])
		}
	}
}

func ctCount(t *testing.T, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// ctRows runs a query and returns every row as text: each column cast to
// VARCHAR by DuckDB, NULL as "NULL".
func ctRows(t *testing.T, db *sql.DB, q string, args ...any) []map[string]string {
	t.Helper()
	rows, err := db.Query("SELECT COLUMNS(*)::VARCHAR FROM ("+q+")", args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		m := make(map[string]string, len(cols))
		for i, c := range cols {
			if vals[i].Valid {
				m[c] = vals[i].String
			} else {
				m[c] = "NULL"
			}
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ctRow returns the one row of table matching where; want is checked against it.
func ctRow(t *testing.T, db *sql.DB, table, where string, want map[string]string, args ...any) {
	t.Helper()
	rows := ctRows(t, db, fmt.Sprintf("SELECT * FROM %s WHERE %s", table, where), args...)
	if len(rows) != 1 {
		t.Errorf("%s WHERE %s %v: %d rows, want 1", table, where, args, len(rows))
		return
	}
	for k, v := range want {
		got, ok := rows[0][k]
		if !ok {
			t.Errorf("%s WHERE %s %v: no column %s", table, where, args, k)
			continue
		}
		if got != v {
			t.Errorf("%s WHERE %s %v: %s = %q, want %q", table, where, args, k, got, v)
		}
	}
}

// ctFindAnywhere returns where (table.column) any of the values occurs as a
// substring of any text column (VARCHAR, VARCHAR[], JSON) of any table.
func ctFindAnywhere(t *testing.T, db *sql.DB, values []string) []string {
	t.Helper()
	ph := strings.TrimSuffix(strings.Repeat("(?), ", len(values)), ", ")
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	var found []string
	for _, tb := range ctTables(t, db) {
		names, types := ctColumns(t, db, tb)
		for i, c := range names {
			if !strings.Contains(types[i], "VARCHAR") && !strings.Contains(types[i], "JSON") {
				continue
			}
			for _, r := range ctRows(t, db, fmt.Sprintf(`SELECT s.v, count(*) AS n FROM %q x, (VALUES %s) s(v)
				WHERE contains(CAST(x.%q AS VARCHAR), s.v) GROUP BY s.v ORDER BY s.v`, tb, ph, c), args...) {
				found = append(found, fmt.Sprintf("%q in %s.%s (%s rows)", r["v"], tb, c, r["n"]))
			}
		}
	}
	return found
}

// ctNoEmptyText checks the rule "empty text is NULL": no text column of a
// record table holds an empty string.
func ctNoEmptyText(t *testing.T, db *sql.DB) {
	t.Helper()
	for _, tb := range store.RecordTables {
		names, types := ctColumns(t, db, tb)
		for i, c := range names {
			if types[i] != "VARCHAR" {
				continue
			}
			if n := ctCount(t, db, fmt.Sprintf(`SELECT count(*) FROM %q WHERE trim(%q) = ''`, tb, c)); n > 0 {
				t.Errorf("%s.%s holds %d empty strings; empty text must be stored as NULL", tb, c, n)
			}
		}
	}
}

// wantReject is an expected reject; value "*" is not checked.
type wantReject struct {
	line                              int
	column, fileColumn, value, reason string
}

type wantFile struct {
	file, kind, format, encoding string
	read, loaded, rejected       int64
	dropped, ignored             []string
	rejects                      []wantReject
}

func ctCheckResult(t *testing.T, r Result, w wantFile) {
	t.Helper()
	if r.File != w.file {
		t.Errorf("result for %s, want %s", r.File, w.file)
		return
	}
	p := w.file + ": "
	if r.Outcome != Loaded {
		t.Errorf("%soutcome %q (%s %s), want loaded", p, r.Outcome, r.Reason, r.Message)
	}
	if r.Kind != w.kind || r.Format != w.format || r.Encoding != w.encoding {
		t.Errorf("%skind/format/encoding = %s/%s/%s, want %s/%s/%s", p, r.Kind, r.Format, r.Encoding, w.kind, w.format, w.encoding)
	}
	if r.RowsRead != w.read || r.RowsLoaded != w.loaded || r.RowsRejected != w.rejected {
		t.Errorf("%srows read/loaded/rejected = %d/%d/%d, want %d/%d/%d", p,
			r.RowsRead, r.RowsLoaded, r.RowsRejected, w.read, w.loaded, w.rejected)
	}
	if !slices.Equal(r.Dropped, w.dropped) {
		t.Errorf("%sdropped %q, want %q", p, r.Dropped, w.dropped)
	}
	if !slices.Equal(r.Ignored, w.ignored) {
		t.Errorf("%signored %q, want %q", p, r.Ignored, w.ignored)
	}
	ctCheckRejects(t, p, r.Rejects, w.rejects)
}

func ctCheckRejects(t *testing.T, p string, got []Reject, want []wantReject) {
	t.Helper()
	n := max(len(got), len(want))
	for i := 0; i < n; i++ {
		switch {
		case i >= len(got):
			t.Errorf("%smissing reject %+v", p, want[i])
		case i >= len(want):
			t.Errorf("%sunexpected reject %+v", p, got[i])
		default:
			g, w := got[i], want[i]
			if g.Line != w.line || g.Column != w.column || g.FileColumn != w.fileColumn || g.Reason != w.reason ||
				(w.value != "*" && g.Value != w.value) {
				t.Errorf("%sreject %d = {line %d, column %q, file column %q, value %q, reason %s}, want {line %d, column %q, file column %q, value %q, reason %s}",
					p, i, g.Line, g.Column, g.FileColumn, g.Value, g.Reason, w.line, w.column, w.fileColumn, w.value, w.reason)
			}
		}
	}
}

func ctSHA(t *testing.T, path string) (int64, string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return int64(len(b)), hex.EncodeToString(s[:])
}

// ---------------------------------------------------------------- the messy batch

// The messy but valid batch: every form the contract forgives and every
// row-level reject reason, in seven files of six kinds and four formats.
var messyWant = []wantFile{
	{
		// Windows-1252, ';', CRLF, Italian headers; line 5 blank, line 9 only
		// delimiters (both skipped, not rows); line 7 has a quoted ';'.
		file: "organizzazioni.csv", kind: "organisations", format: "csv", encoding: "windows-1252",
		read: 11, loaded: 6, rejected: 5, ignored: []string{"Note"},
		rejects: []wantReject{
			{10, "category", "Categoria", "chissà", "unknown_enum"},
			{11, "org_id", "codice_fiscale", "", "missing_required"},
			{12, "small", "Piccola", "forse", "bad_boolean"},
			{13, "org_id", "codice_fiscale", "02", "duplicate_key"}, // 02 first seen at line 3, which stands
			{14, "level", "Livello", "galattico", "unknown_enum"},   // one row, two bad values
			{14, "small", "Piccola", "forse", "bad_boolean"},
		},
	},
	{
		// UTF-8 with BOM, tab-delimited; line 3 has a quoted tab, lines 4-5
		// are one record (quoted newline); line 7 blank.
		file: "organismi.tsv", kind: "bodies", format: "csv", encoding: "utf-8-bom",
		read: 7, loaded: 5, rejected: 2,
		rejects: []wantReject{
			{8, "type", "Tipo", "comitato misto", "unknown_enum"},
			{9, "started", "Data istituzione", "31/02/2024", "bad_date"},
		},
	},
	{
		// UTF-8, ','; personal columns dropped; cascades on org 07 (rejected
		// in organizzazioni.csv) and body BAD-T (rejected in organismi.tsv).
		file: "composizione.csv", kind: "memberships", format: "csv", encoding: "utf-8",
		read: 14, loaded: 7, rejected: 7,
		dropped: []string{"Nome", "Cognome", "Email", "Telefono", "Codice_Fiscale"},
		rejects: []wantReject{
			{9, "org_id", "id_organizzazione", "07", "unknown_reference"},
			{10, "voting", "Diritto voto", "maybe", "bad_boolean"},
			{11, "gender", "Genere", "Q", "unknown_enum"},
			{12, "body_id", "id_organismo", "BAD-T", "unknown_reference"},
			{13, "start", "Dal", "", "missing_required"},
			// same key as line 4 (CDS-MOL, 03, no person_id, 2022-04-01)
			{14, "body_id+org_id+person_id+start", "id_organismo+id_organizzazione+id_rappresentante+Dal", "CDS-MOL|03|2022-04-01", "duplicate_key"},
			{15, "role", "Ruolo", "capo", "unknown_enum"},
		},
	},
	{
		// Parquet: line = row index + 1; typed dates, list column.
		file: "riunioni_2024.parquet", kind: "meetings", format: "parquet", encoding: "",
		read: 4, loaded: 2, rejected: 2,
		rejects: []wantReject{
			{3, "body_id", "body_id", "NOPE", "unknown_reference"},
			{4, "date", "date", "", "missing_required"},
		},
	},
	{
		// UTF-8, ','; lines 4-5 one record (quoted newline in temi); line 6 blank.
		file: "sedute.csv", kind: "meetings", format: "csv", encoding: "utf-8",
		read: 11, loaded: 4, rejected: 7,
		rejects: []wantReject{
			{7, "date", "Data", "31/02/2024", "bad_date"},
			{8, "phase", "Fase", "riunione", "unknown_enum"},
			{9, "body_id", "Id_Organismo", "XXX", "unknown_reference"},
			{10, "mode", "Modalità", "ibrida", "unknown_enum"},
			{11, "body_id", "Id_Organismo", "", "missing_required"},
			{12, "topics", "Temi", "boh", "unknown_enum"},
			{14, "minutes_published", "Data pubblicazione verbale", "31-04-2024", "bad_date"},
		},
	},
	{
		// JSON Lines: physical lines, line 3 blank; lines 5 and 11 are not objects.
		file: "presenze.jsonl", kind: "attendance", format: "jsonl", encoding: "utf-8",
		read: 14, loaded: 6, rejected: 8,
		dropped: []string{"nome", "cognome", "name", "email"}, ignored: []string{"note"},
		rejects: []wantReject{
			{5, "", "", "*", "bad_json"},
			{7, "meeting_id", "id_riunione", "S-999", "unknown_reference"},
			{8, "meeting_id", "id_riunione", "S-BAD", "unknown_reference"}, // S-BAD rejected in sedute.csv
			{9, "present", "presente", "forse", "bad_boolean"},
			{10, "present", "presente", "", "missing_required"},
			{11, "", "", "*", "bad_json"},
			{13, "org_id", "id_organizzazione", "07", "unknown_reference"},
			{15, "meeting_id+org_id+person_id", "id_riunione+id_organizzazione+id_rappresentante", "S-001|02|P002", "duplicate_key"},
		},
	},
	{
		// XLSX: line = sheet row; row 4 empty; E3 a real date cell.
		file: "contributi.xlsx", kind: "contributions", format: "xlsx", encoding: "",
		read: 8, loaded: 3, rejected: 5,
		rejects: []wantReject{
			{5, "body_id", "id_organismo", "", "missing_required"}, // neither meeting_id nor body_id
			{6, "org_id", "id_organizzazione", "07", "unknown_reference"},
			{7, "outcome", "Esito", "maybe", "unknown_enum"},
			{9, "meeting_id", "id_riunione", "R-103", "unknown_reference"}, // R-103 rejected in the Parquet file
			{10, "kind", "Tipo", "Non so", "unknown_enum"},
		},
	},
}

// The people named in the messy batch: none of this may be stored anywhere.
var messyPersonal = []string{
	"Mario", "Rossi", "mario.rossi@example.it", "+39 0874 123456", "RSSMRA80A01H501U",
	"Giulia", "Bianchi", "giulia.bianchi@example.it", "333 1234567", "BNCGLI85B41F839X",
	"Anna", "Verdi", "Paolo", "Gialli", "Luca", "Neri", "@example.it",
}

func TestContractMessyBatch(t *testing.T) {
	st := ctStore(t)
	db := st.DB()
	files, err := Expand([]string{ctPath("messy")})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(messyWant) {
		t.Fatalf("Expand found %d files: %v", len(files), files)
	}
	// Offer them in reverse order: the loader must apply dependency order,
	// and within a kind base-name order.
	slices.Reverse(files)
	res := ctLoad(t, st, files...)

	for i, w := range messyWant {
		ctCheckResult(t, res[i], w)
		// The data version goes up by one per loaded file.
		if res[i].DataVersion != int64(i+1) {
			t.Errorf("%s: data version %d, want %d", res[i].File, res[i].DataVersion, i+1)
		}
	}
	if v := ctVersion(t, st); v != int64(len(messyWant)) {
		t.Errorf("data version %d, want %d", v, len(messyWant))
	}

	t.Run("load log", func(t *testing.T) {
		for _, r := range res {
			size, sum := ctSHA(t, ctPath("messy", r.File))
			ctRow(t, db, "loads", "load_id = ?", map[string]string{
				"file": r.File, "size": fmt.Sprint(size), "sha256": sum, "kind": r.Kind, "outcome": "loaded",
				"rows_read": fmt.Sprint(r.RowsRead), "rows_loaded": fmt.Sprint(r.RowsLoaded),
				"rows_rejected": fmt.Sprint(r.RowsRejected), "data_version": fmt.Sprint(r.DataVersion),
				"source": "test",
			}, r.LoadID)
			if n := ctCount(t, db, "SELECT count(*) FROM loads WHERE load_id = ? AND started <= finished", r.LoadID); n != 1 {
				t.Errorf("%s: load log has no start/end", r.File)
			}
			if n := ctCount(t, db, "SELECT count(*) FROM data_versions WHERE version = ? AND load_id = ?", r.DataVersion, r.LoadID); n != 1 {
				t.Errorf("%s: data_versions has no version %d for load %d", r.File, r.DataVersion, r.LoadID)
			}
			// Every row of a kind's table carries the version and load that wrote it.
			if n := ctCount(t, db, fmt.Sprintf("SELECT count(*) FROM %s WHERE load_id = ? AND data_version = ?", r.Kind), r.LoadID, r.DataVersion); n != r.RowsLoaded {
				t.Errorf("%s: %d rows stamped with load %d / version %d, want %d", r.File, n, r.LoadID, r.DataVersion, r.RowsLoaded)
			}
		}
		ctRow(t, db, "loads", "file = 'composizione.csv'", map[string]string{
			"dropped_columns": "[Nome, Cognome, Email, Telefono, Codice_Fiscale]", "ignored_columns": "NULL"})
		ctRow(t, db, "loads", "file = 'presenze.jsonl'", map[string]string{
			"dropped_columns": "[nome, cognome, name, email]", "ignored_columns": "[note]"})
	})

	t.Run("rejects table", func(t *testing.T) {
		var total int
		for _, w := range messyWant {
			total += len(w.rejects)
			rows := ctRows(t, db, `SELECT line, coalesce("column", '') AS col, coalesce(file_column, '') AS fcol,
				coalesce(value, '') AS value, reason, record FROM rejects WHERE file = ? ORDER BY line, "column"`, w.file)
			var got []Reject
			for _, r := range rows {
				var line int
				fmt.Sscan(r["line"], &line)
				got = append(got, Reject{Line: line, Column: r["col"], FileColumn: r["fcol"], Value: r["value"], Reason: r["reason"]})
				// The record keeps the row's contract columns as JSON, never personal ones.
				if r["reason"] == "bad_json" {
					continue
				}
				var rec map[string]any
				if err := json.Unmarshal([]byte(r["record"]), &rec); err != nil {
					t.Errorf("%s line %s: record %q is not JSON: %v", w.file, r["line"], r["record"], err)
					continue
				}
				kind := KindByName(w.kind)
				for k := range rec {
					if kind.columnFor(k) < 0 {
						t.Errorf("%s line %s: record holds %q, not a %s column", w.file, r["line"], k, w.kind)
					}
				}
			}
			ctCheckRejects(t, w.file+" (rejects table): ", got, w.rejects)
		}
		if n := ctCount(t, db, "SELECT count(*) FROM rejects"); n != int64(total) {
			t.Errorf("rejects table has %d rows, want %d", n, total)
		}
	})

	t.Run("table counts", func(t *testing.T) {
		want := map[string]int64{"organisations": 6, "bodies": 5, "memberships": 7, "meetings": 6, "attendance": 6, "contributions": 3}
		for tb, n := range want {
			if got := ctCount(t, db, "SELECT count(*) FROM "+tb); got != n {
				t.Errorf("%s: %d rows, want %d", tb, got, n)
			}
			if got := ctCount(t, db, "SELECT count(*) FROM "+tb+"_history"); got != 0 {
				t.Errorf("%s_history: %d rows, want 0", tb, got)
			}
		}
	})

	t.Run("organisations", func(t *testing.T) {
		ctRow(t, db, "organisations", "org_id = '01'", map[string]string{
			"name": "Comune di Città Sant'Angelo", "category": "institutional", "level": "local",
			"nuts": "ITF51", "small": "true", "legal_form": "Ente locale", "line": "2"})
		// Windows-1252 curly quotes 0x93/0x94 become U+201C/U+201D; the first 02 stands.
		ctRow(t, db, "organisations", "org_id = '02'", map[string]string{
			"name": "Associazione \u201cLibera Terra\u201d Molise", "category": "civil_society", "level": "regional",
			"nuts": "ITF2", "small": "false", "legal_form": "Associazione", "line": "3"})
		// é and € (0x80); nuts ' ' → NULL; small empty → NULL (no default).
		ctRow(t, db, "organisations", "org_id = '03'", map[string]string{
			"name": "Fondazione Perché € Sociale", "category": "equality_inclusion", "level": "national",
			"nuts": "NULL", "small": "NULL", "legal_form": "Fondazione", "line": "4"})
		ctRow(t, db, "organisations", "org_id = '04'", map[string]string{
			"category": "research", "level": "eu", "nuts": "NULL", "small": "true", "legal_form": "NULL", "line": "6"})
		ctRow(t, db, "organisations", "org_id = '05'", map[string]string{
			"name": "Camera di Commercio; Industria e Artigianato", "category": "economic_social", "small": "true",
			"nuts": "ITF22", "line": "7"})
		ctRow(t, db, "organisations", "org_id = '06'", map[string]string{
			"category": "environmental", "level": "NULL", "small": "false", "line": "8"})
	})

	t.Run("bodies", func(t *testing.T) {
		ctRow(t, db, "bodies", "body_id = 'CDS-MOL'", map[string]string{
			"name": "Comitato di Sorveglianza PR Molise", "type": "monitoring_committee", "programme": "2021IT16FFPR003",
			"cycle": "2021-2027", "fund": "FESR", "nuts": "ITF2", "started": "2022-03-15", "line": "2"})
		ctRow(t, db, "bodies", "body_id = 'TAV-1'", map[string]string{
			"name": "Tavolo partenariale\tFSE+", "type": "partnership_table", "programme": "NULL",
			"cycle": "2014-2020", "fund": "FSE+", "nuts": "NULL", "started": "2023-02-01", "line": "3"})
		ctRow(t, db, "bodies", "body_id = 'OFF-1'", map[string]string{
			"name": "Officina\ndella coesione", "type": "workshop", "started": "2023-05-10", "line": "4"})
		ctRow(t, db, "bodies", "body_id = 'LAB-1'", map[string]string{"type": "lab", "started": "NULL", "line": "6"})
		ctRow(t, db, "bodies", "body_id = 'WG-1'", map[string]string{"type": "working_group", "started": "2024-01-15", "line": "10"})
	})

	t.Run("memberships", func(t *testing.T) {
		ctRow(t, db, "memberships", "body_id = 'CDS-MOL' AND org_id = '01'", map[string]string{
			"person_id": "P001", "gender": "M", "role": "chair", "voting": "true", "start": "2022-04-01", "end": "NULL", "line": "2"})
		ctRow(t, db, "memberships", "body_id = 'CDS-MOL' AND org_id = '02'", map[string]string{
			"person_id": "P002", "gender": "F", "role": "member", "voting": "true", "start": "2022-04-01", "end": "2023-12-31"})
		// Empty person_id and gender → NULL; voting empty → false (its default).
		ctRow(t, db, "memberships", "body_id = 'CDS-MOL' AND org_id = '03'", map[string]string{
			"person_id": "NULL", "gender": "NULL", "role": "permanent_guest", "voting": "false", "start": "2022-04-01", "line": "4"})
		ctRow(t, db, "memberships", "body_id = 'CDS-MOL' AND org_id = '04'", map[string]string{
			"gender": "X", "role": "substitute", "voting": "false"})
		ctRow(t, db, "memberships", "body_id = 'TAV-1' AND org_id = '05'", map[string]string{
			"gender": "M", "role": "member", "voting": "true", "start": "2023-02-01"})
		ctRow(t, db, "memberships", "body_id = 'TAV-1' AND org_id = '06'", map[string]string{
			"gender": "F", "role": "observer", "voting": "false"})
		ctRow(t, db, "memberships", "body_id = 'TAV-1' AND org_id = '01'", map[string]string{
			"role": "chair", "voting": "true", "line": "8"})
	})

	t.Run("meetings", func(t *testing.T) {
		ctRow(t, db, "meetings", "meeting_id = 'S-001'", map[string]string{
			"body_id": "CDS-MOL", "date": "2023-06-15", "phase": "monitoring", "mode": "written",
			"notice_date": "2023-06-01", "documents_date": "2023-06-05", "minutes_published": "2023-06-30",
			"topics": "[needs_analysis, priorities]", "line": "2"})
		ctRow(t, db, "meetings", "meeting_id = 'S-002'", map[string]string{
			"phase": "implementation", "mode": "hybrid", "notice_date": "NULL", "minutes_published": "NULL", "topics": "NULL"})
		ctRow(t, db, "meetings", "meeting_id = 'S-003'", map[string]string{
			"body_id": "TAV-1", "date": "2023-12-05", "phase": "programming", "mode": "in_person",
			"topics": "[indicators, horizontal_principles]", "line": "4"})
		ctRow(t, db, "meetings", "meeting_id = 'S-009'", map[string]string{"body_id": "WG-1", "phase": "monitoring", "line": "13"})
		ctRow(t, db, "meetings", "meeting_id = 'R-101'", map[string]string{
			"body_id": "CDS-MOL", "date": "2024-05-20", "phase": "monitoring", "mode": "remote",
			"minutes_published": "2024-06-01", "topics": "[priorities, indicators]", "line": "1"})
		ctRow(t, db, "meetings", "meeting_id = 'R-102'", map[string]string{
			"phase": "evaluation", "mode": "NULL", "topics": "NULL", "line": "2"})
	})

	t.Run("attendance", func(t *testing.T) {
		a := func(where string, want map[string]string) { t.Helper(); ctRow(t, db, "attendance", where, want) }
		// invited default true, delegated default false; x = true.
		a("meeting_id = 'S-001' AND org_id = '01'", map[string]string{
			"person_id": "P001", "gender": "M", "invited": "true", "present": "true", "delegated": "false", "line": "1"})
		a("meeting_id = 'S-001' AND org_id = '02'", map[string]string{
			"person_id": "P002", "gender": "F", "invited": "true", "present": "true", "delegated": "false", "line": "2"})
		a("meeting_id = 'S-001' AND org_id = '03'", map[string]string{
			"person_id": "NULL", "gender": "NULL", "invited": "true", "present": "false", "delegated": "false", "line": "4"})
		a("meeting_id = 'S-001' AND org_id = '04'", map[string]string{
			"gender": "X", "invited": "false", "present": "true", "delegated": "true", "line": "6"})
		a("meeting_id = 'R-101' AND org_id = '01'", map[string]string{
			"invited": "true", "present": "true", "delegated": "true", "line": "12"})
		a("meeting_id = 'S-002' AND org_id = '01'", map[string]string{
			"invited": "true", "present": "false", "delegated": "false", "line": "14"})
	})

	t.Run("contributions", func(t *testing.T) {
		ctRow(t, db, "contributions", "contribution_id = 'C-1'", map[string]string{
			"org_id": "01", "meeting_id": "S-001", "body_id": "NULL", "submitted": "2023-06-20", "kind": "written",
			"response_date": "2023-07-15", "outcome": "partially_accepted", "line": "2"})
		// A real Excel date cell; outcome empty → pending.
		ctRow(t, db, "contributions", "contribution_id = 'C-2'", map[string]string{
			"org_id": "02", "meeting_id": "NULL", "body_id": "CDS-MOL", "submitted": "2023-09-01", "kind": "oral",
			"response_date": "NULL", "outcome": "pending", "line": "3"})
		ctRow(t, db, "contributions", "contribution_id = 'C-6'", map[string]string{
			"meeting_id": "R-101", "submitted": "2024-06-10", "kind": "amendment", "outcome": "accepted", "line": "8"})
	})

	t.Run("personal data stored nowhere", func(t *testing.T) {
		if found := ctFindAnywhere(t, db, messyPersonal); len(found) > 0 {
			t.Errorf("personal data found in the database:\n%s", strings.Join(found, "\n"))
		}
	})

	t.Run("empty text is NULL", func(t *testing.T) { ctNoEmptyText(t, db) })
}
