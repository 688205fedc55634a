package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evidence on the sample: a pack created and frozen in one command,
// downloaded, verified by recomputation and as a ZIP; a changed byte fails.
func TestEvidenceCommand(t *testing.T) {
	tmp := t.TempDir()
	db := filepath.Join(tmp, "e.duckdb")
	if code, out, errs := runCLI(t, "load", "--db", db, "../../data/sample"); code != exitOK {
		t.Fatalf("load: %d %s %s", code, out, errs)
	}
	code, out, errs := runCLI(t, "evidence", "create", "--db", db, "--title", "Presenze", "--authors", "LRI 1",
		"--indicators", "P01", "--scopes", "all", "--periods", "2024,all", "--as-of", "2025-12-31", "--freeze")
	id := strings.TrimSpace(out)
	if code != exitOK || !strings.HasPrefix(id, "EP-") {
		t.Fatalf("create: %d %q %s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "evidence", "create", "--db", db, "--title", "", "--indicators", "P01"); code != exitUsage || !strings.Contains(errs, "title") {
		t.Errorf("no title: %d %s %s", code, out, errs)
	}
	zip := filepath.Join(tmp, id+".zip")
	if code, _, errs := runCLI(t, "evidence", "download", "--db", db, id, "-o", zip); code != exitOK {
		t.Fatalf("download: %d %s", code, errs)
	}
	if code, out, errs := runCLI(t, "evidence", "verify", "--db", db, id); code != exitOK || !strings.Contains(out, "0 differ") {
		t.Errorf("verify: %d %s %s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "evidence", "verify", "--db", db, "--zip", zip); code != exitOK || !strings.Contains(out, "identical to the stored one") {
		t.Errorf("verify --zip: %d %s %s", code, out, errs)
	}
	b, _ := os.ReadFile(zip)
	b[len(b)/2] ^= 1
	bad := filepath.Join(tmp, "bad.zip")
	os.WriteFile(bad, b, 0o644)
	if code, out, _ := runCLI(t, "evidence", "verify", "--db", db, "--zip", bad); code != exitFailed {
		t.Errorf("a changed byte: exit %d %s", code, out)
	}
	if code, out, _ := runCLI(t, "evidence", "list", "--db", db); code != exitOK || !strings.Contains(out, id) || !strings.Contains(out, "frozen") {
		t.Errorf("list: %d %s", code, out)
	}
}
