package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"osservatorio/internal/auth"
	"osservatorio/internal/export"
	"osservatorio/internal/ingest"
	"osservatorio/internal/namedquery"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

func readManifest(t *testing.T, path string) export.Provenance {
	t.Helper()
	var p export.Provenance
	b, err := os.ReadFile(path + ".manifest.json")
	if err != nil || json.Unmarshal(b, &p) != nil {
		t.Fatalf("manifest of %s: %v %s", path, err, b)
	}
	return p
}

// export NAME on the database file and through a running server: the same
// rows, a manifest naming the export and its parameters; bad parameters
// and unknown names are usage errors; --list shows every export.
func TestExportCommand(t *testing.T) {
	tmp := t.TempDir()
	db := filepath.Join(tmp, "cli.duckdb")
	if code, out, errs := runCLI(t, "load", "--db", db, "../../data/sample"); code != exitOK {
		t.Fatalf("load: %d %s %s", code, out, errs)
	}
	bad := filepath.Join(tmp, "organisations.csv")
	os.WriteFile(bad, []byte("org_id,name,category\nX1,Ente,istituzionale\nX2,Altro,sconosciuta\n"), 0o644)
	if code, _, _ := runCLI(t, "load", "--db", db, bad); code != exitOK {
		t.Fatal("load with a reject")
	}

	fileOut := filepath.Join(tmp, "act.csv")
	code, _, errs := runCLI(t, "export", "attendance_by_org_year", "--db", db, "--param", "org_id=ACT", "--param", "year=2021", "-o", fileOut)
	if code != exitOK {
		t.Fatalf("export: %d %s", code, errs)
	}
	b, _ := os.ReadFile(fileOut)
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "ACT" || rows[1][3] != "2021" {
		t.Fatalf("export file: %v %q", err, b)
	}
	_, inv, _ := runCLI(t, "query", "--db", db, "--format", "jsonl", "--sql", `SELECT count(*) AS n FROM attendance a
		JOIN meetings m USING (meeting_id) WHERE a.org_id = 'ACT' AND year(m.date) = 2021 AND a.invited`)
	if strings.TrimSpace(inv) != `{"n":`+rows[1][6]+`}` {
		t.Errorf("invitations %s, by query %s", rows[1][6], inv)
	}
	p := readManifest(t, fileOut)
	qs, _ := namedquery.All()
	var sqlText string
	for _, q := range qs {
		if q.ID == "attendance_by_org_year" {
			sqlText = q.SQL
		}
	}
	if p.Query != "attendance_by_org_year" || p.Params["org_id"] != "ACT" || p.Params["year"] != "2021" || p.SQL != sqlText || p.DataVersion != 8 {
		t.Errorf("manifest: %+v", p)
	}

	// The file's command runs as an administrator: the rejects are readable.
	code, out, errs := runCLI(t, "export", "load_rejects", "--db", db, "--param", "load_id=8", "--format", "jsonl")
	if code != exitOK || !strings.Contains(out, `"value":"sconosciuta"`) {
		t.Errorf("load_rejects: %d %s %s", code, out, errs)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"composition_at_date", "--param", "at=31/12/2021"}, exitUsage, `"at": must be a date`},
		{[]string{"composition_at_date", "--param", "at"}, exitUsage, "NAME=VALUE"},
		{[]string{"composition_at_date", "--param", "at=2021-01-01", "extra"}, exitUsage, "one export at a time"},
		{[]string{"nope"}, exitUsage, `no export "nope"`},
		{[]string{}, exitUsage, "name an export"},
		{[]string{"composition_at_date", "--param", "at=2021-01-01", "--data-version", "99"}, exitFailed, "no data version 99"},
	} {
		code, _, errs := runCLI(t, append(append([]string{"export"}, c.args...), "--db", db)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d %s", c.args, code, errs)
		}
	}
	_, list, _ := runCLI(t, "export", "--list")
	for _, q := range qs {
		if !strings.Contains(list, q.ID+"  "+q.TitleEN) {
			t.Errorf("--list lacks %s:\n%s", q.ID, list)
		}
	}

	// Through a running server (on its own copy of the sample): the same
	// file, and the manifest gets the SQL the server ran.
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(tmp, "srv.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, _ := ingest.Expand([]string{"../../data/sample", bad})
	if _, err := ingest.Load(ctx, st, files, ingest.Options{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(st, slog.New(slog.DiscardHandler), web.Options{RatePerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	tok, _, _ := auth.Create(ctx, st, "test", auth.Researcher, nil)
	viewer, _, _ := auth.Create(ctx, st, "test", auth.Viewer, nil)
	srvOut := filepath.Join(tmp, "act-server.csv")
	code, _, errs = runCLI(t, "export", "attendance_by_org_year", "--server", srv.URL, "--token", tok, "--param", "org_id=ACT", "--param", "year=2021", "-o", srvOut)
	if code != exitOK {
		t.Fatalf("export --server: %d %s", code, errs)
	}
	if b2, _ := os.ReadFile(srvOut); string(b2) != string(b) {
		t.Errorf("through the server:\n%s\non the file:\n%s", b2, b)
	}
	if p := readManifest(t, srvOut); p.Query != "attendance_by_org_year" || p.Params["year"] != "2021" || p.SQL != sqlText || p.DataVersion != 8 || p.Generated.IsZero() {
		t.Errorf("manifest through the server: %+v", p)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"load_rejects", "--param", "load_id=8", "--token", tok}, "administrators"},
		{[]string{"attendance_by_org_year", "--token", viewer}, "HTTP 403"},
		{[]string{"attendance_by_org_year", "--token", ""}, "HTTP 401"},
	} {
		code, _, errs := runCLI(t, append(append([]string{"export"}, c.args...), "--server", srv.URL)...)
		if code != exitFailed || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d %s", c.args, code, errs)
		}
	}

	// The dataset: into a new folder, not into one that holds something.
	dir := filepath.Join(tmp, "dataset")
	code, out, errs = runCLI(t, "export", "--dataset", dir, "--db", db)
	if code != exitOK || !strings.Contains(out, "attendance") {
		t.Fatalf("--dataset: %d %s %s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "attendance", "data_version=6", "year=2021", "part-0.parquet")); err != nil {
		t.Error(err)
	}
	if code, _, errs = runCLI(t, "export", "--dataset", dir, "--db", db); code != exitFailed || !strings.Contains(errs, "not empty") {
		t.Errorf("--dataset again: %d %s", code, errs)
	}
}
