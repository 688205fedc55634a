package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type statusJSON struct {
	DataVersion int64 `json:"data_version"`
	Tables      []struct {
		Name string `json:"name"`
		Rows int64  `json:"rows"`
	} `json:"tables"`
}

func statusOf(t *testing.T, db string) statusJSON {
	t.Helper()
	code, out, errs := runCLI(t, "status", "--db", db, "--json")
	if code != exitOK {
		t.Fatalf("status: exit %d %s", code, errs)
	}
	var s statusJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// backup, a later load, restore: the database holds what the backup held.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cli.duckdb")
	if code, out, errs := runCLI(t, "load", "--db", db, "../../data/sample"); code != exitOK {
		t.Fatalf("load: %d %s %s", code, out, errs)
	}
	before := statusOf(t, db)

	code, out, errs := runCLI(t, "backup", "--db", db)
	if code != exitOK {
		t.Fatalf("backup: exit %d %s", code, errs)
	}
	bak := strings.SplitN(out, "\n", 2)[0]
	if filepath.Dir(bak) != filepath.Join(dir, "backups") || !strings.HasSuffix(bak, "-v7.duckdb") ||
		!strings.Contains(out, "data version 7") {
		t.Fatalf("backup output:\n%s", out)
	}

	more := writeFile(t, t.TempDir(), "organizzazioni.csv", "org_id,name,category\nZ9,Ente nuovo,istituzionale\n")
	if code, out, _ := runCLI(t, "load", "--db", db, more); code != exitOK || !strings.Contains(out, "data version 8") {
		t.Fatalf("second load: %d %s", code, out)
	}

	code, out, errs = runCLI(t, "restore", "--db", db, bak)
	if code != exitOK || !strings.Contains(out, "data version 7") || !strings.Contains(out, "kept as "+db+".before-restore-") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errs)
	}
	after := statusOf(t, db)
	if after.DataVersion != before.DataVersion || !slices.Equal(after.Tables, before.Tables) {
		t.Errorf("after restore %+v\nwant %+v", after, before)
	}

	if code, _, errs := runCLI(t, "restore", "--db", db, more); code != exitFailed || !strings.Contains(errs, "not a DuckDB database") {
		t.Errorf("restoring a CSV: exit %d %s", code, errs)
	}
	for _, args := range [][]string{{"restore", "--db", db}, {"restore", "a", "b"}, {"backup", "--keep", "-1"}, {"config"}, {"config", "lint"}} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestBackupKeepPrunes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.duckdb")
	out := filepath.Join(dir, "elsewhere")
	orgs := writeFile(t, dir, "organisations.csv", "org_id,name,category\nA1,Ente,institutional\n")
	runCLI(t, "load", "--db", db, orgs)
	// Backups of older versions, named as Take names them.
	os.MkdirAll(out, 0o755)
	for _, v := range []string{"20240101T030000Z-v1", "20240102T030000Z-v1"} {
		writeFile(t, out, "osservatorio-"+v+".duckdb", "x")
	}
	code, stdout, errs := runCLI(t, "backup", "--db", db, "--out", out, "--keep", "1")
	if code != exitOK || strings.Count(stdout, "removed ") != 2 {
		t.Fatalf("backup --keep 1: exit %d\n%s%s", code, stdout, errs)
	}
	left, _ := filepath.Glob(filepath.Join(out, "*"))
	if len(left) != 2 || !strings.HasSuffix(left[0], "-v1.duckdb") || !strings.HasSuffix(left[1], "-v1.json") {
		t.Errorf("left: %v", left)
	}
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.yaml", "listen: 127.0.0.1:9090\ndb: "+dir+"/o.duckdb\nbackup_keep: 3\n")
	if code, out, errs := runCLI(t, "config", "check", "--config", good); code != exitOK || !strings.Contains(out, "good.yaml: ok") {
		t.Errorf("a good file: exit %d\n%s%s", code, out, errs)
	}
	bad := writeFile(t, dir, "bad.yaml", "listen: nowhere\nbackup_schedule: nightly\nlog_level: loud\n"+
		"sources:\n  - name: x\n    url: https://example.org/data.csv\n")
	code, out, _ := runCLI(t, "config", "check", "--config", bad)
	for _, want := range []string{"listen: ", "backup_schedule: \"nightly\" is not a cron spec", "log_level: ",
		"sources[1].url: the file name \"data.csv\" names no record kind", "4 problem(s)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code != exitFailed {
		t.Errorf("bad file: exit %d\n%s", code, out)
	}
	if code, _, errs := runCLI(t, "config", "check", "--config", filepath.Join(dir, "missing.yaml")); code != exitFailed || errs == "" {
		t.Errorf("a missing file named with --config: exit %d %s", code, errs)
	}
	unknown := writeFile(t, dir, "unknown.yaml", "lissen: 1\n")
	if code, _, errs := runCLI(t, "config", "check", "--config", unknown); code != exitFailed || !strings.Contains(errs, "lissen") {
		t.Errorf("an unknown key: exit %d %s", code, errs)
	}
}
