package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// tokens add prints the token once; list shows it without its secret;
// revoke ends it; each change is in the audit log.
func TestTokensCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "tok.duckdb")
	if code, _, errs := runCLI(t, "tokens", "add", "--db", db, "--role", "root", "--name", "x"); code != exitUsage || !strings.Contains(errs, "unknown role") {
		t.Fatalf("bad role: %d %s", code, errs)
	}
	code, out, errs := runCLI(t, "tokens", "add", "--db", db, "--role", "researcher", "--name", "Ufficio studi", "--expires", "2099-12-31")
	plain := strings.TrimSpace(out)
	if code != exitOK || !strings.HasPrefix(plain, "osv_") || !strings.Contains(errs, "shown only now") {
		t.Fatalf("add: %d %q %s", code, out, errs)
	}
	id := strings.Split(plain, "_")[1]
	secret := strings.TrimPrefix(plain, "osv_"+id+"_") // base64url: it may hold "_" itself
	code, out, _ = runCLI(t, "tokens", "list", "--db", db)
	if code != exitOK || !strings.Contains(out, id) || !strings.Contains(out, "researcher") || !strings.Contains(out, "2100-01-01") ||
		strings.Contains(out, secret) {
		t.Fatalf("list: %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "tokens", "revoke", "--db", db, id); code != exitOK {
		t.Fatalf("revoke: %d", code)
	}
	if _, out, _ := runCLI(t, "tokens", "list", "--db", db); !strings.Contains(out, "revoked") {
		t.Errorf("not revoked:\n%s", out)
	}
	if code, _, _ := runCLI(t, "tokens", "revoke", "--db", db, "nope"); code != exitFailed {
		t.Errorf("revoking an unknown id: %d", code)
	}
	_, out, _ = runCLI(t, "query", "--db", db, "--sql", "SELECT action FROM audit ORDER BY action", "--format", "csv")
	if !strings.Contains(out, "token.add") || !strings.Contains(out, "token.revoke") {
		t.Errorf("audit: %s", out)
	}
}
