package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestLoadStatusQueryExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.duckdb")
	code, out, errs := runCLI(t, "load", "--db", db, "../../data/sample")
	if code != exitOK {
		t.Fatalf("load sample: exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"organizzazioni.csv: organisations, csv: 141 rows read, 141 loaded, 0 rejected", "data version 7"} {
		if !strings.Contains(out, want) {
			t.Errorf("load output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runCLI(t, "status", "--db", db, "--json")
	if code != exitOK {
		t.Fatalf("status: exit %d", code)
	}
	var st struct {
		DataVersion int64 `json:"data_version"`
		Tables      []struct {
			Name string `json:"name"`
			Rows int64  `json:"rows"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	for _, tb := range st.Tables[:6] {
		if tb.Rows == 0 {
			t.Errorf("table %s is empty after loading the sample", tb.Name)
		}
	}

	// A refused file: exit 1, and the data version does not move.
	bad := filepath.Join(t.TempDir(), "attendance.jsonl")
	os.WriteFile(bad, []byte("<!DOCTYPE html><html>error</html>\n"), 0o644)
	code, out, _ = runCLI(t, "load", "--db", db, bad)
	if code != exitFailed || !strings.Contains(out, "REFUSED (bad_format)") || !strings.Contains(out, "data version 7") {
		t.Errorf("refused load: exit %d\n%s", code, out)
	}

	// A row with a bad value: exit 0, the reject printed as file:line column: reason.
	rows := filepath.Join(t.TempDir(), "organisations.csv")
	os.WriteFile(rows, []byte("org_id,name,category\nX1,Ente,istituzionale\nX2,Altro,sconosciuta\n"), 0o644)
	code, out, _ = runCLI(t, "load", "--db", db, rows)
	if code != exitOK || !strings.Contains(out, rows+":3 category: unknown_enum") {
		t.Errorf("load with a reject: exit %d\n%s", code, out)
	}

	code, out, _ = runCLI(t, "query", "--db", db, "--format", "json", "--sql",
		"SELECT category, count(*) AS n FROM organisations WHERE org_id IN ('X1', 'X2') GROUP BY 1")
	if code != exitOK || !strings.Contains(out, `"category":"institutional"`) || !strings.Contains(out, `"n":1`) {
		t.Errorf("query: exit %d\n%s", code, out)
	}
	for _, q := range []string{"DELETE FROM organisations", "SELECT 1; DELETE FROM organisations",
		"COMMIT; DROP TABLE loads", "COPY organisations TO '/tmp/x.csv'"} {
		code, _, errs = runCLI(t, "query", "--db", db, "--sql", q)
		if code != exitFailed || !strings.Contains(errs, "only one read-only SELECT") {
			t.Errorf("%q must be refused: exit %d %s", q, code, errs)
		}
	}
	// 141 organisations in the sample + X1 (X2 was rejected)
	if _, out, _ := runCLI(t, "query", "--db", db, "--sql", "SELECT count(*) AS n FROM organisations"); !strings.Contains(out, "142") {
		t.Errorf("the refused statements changed the data: %s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nonsense"}, {"load"}, {"load", "--bogus"}, {"query", "--db", "x"}, {"generate"}} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	for _, cmd := range []string{"serve", "load", "query", "export", "indicators", "generate", "status", "backup", "restore", "config"} {
		code, out, _ := runCLI(t, cmd, "--help")
		if code != exitOK || !strings.Contains(out, "Usage: osservatorio "+cmd) {
			t.Errorf("%s --help: exit %d\n%s", cmd, code, out)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if code, out, errs := runCLI(t, "generate", "--out", dir, "--orgs", "60", "--bodies", "4", "--seed", "7"); code != exitOK {
			t.Fatalf("generate: %d %s %s", code, out, errs)
		}
	}
	for _, f := range []string{"organisations.csv", "attendance.csv", "contributions.csv"} {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
	}
}
