package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// annotations add, edit, history and list on the sample (data version 7,
// nothing published: a note refers to version 7 unless told).
func TestAnnotationsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "notes.duckdb")
	if code, out, errs := runCLI(t, "load", "--db", db, "../../data/sample"); code != exitOK {
		t.Fatalf("load: %d\n%s%s", code, out, errs)
	}
	code, out, _ := runCLI(t, "tokens", "add", "--db", db, "--role", "lab", "--name", "Laboratorio LPP")
	if code != exitOK {
		t.Fatalf("tokens add: %d", code)
	}
	lab := strings.Split(strings.TrimSpace(out), "_")[1]

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--text", "x"}, "name the target"},
		{[]string{"--body", "LPP", "--pack", "EP-2026-0001", "--text", "x"}, "name one target"},
		{[]string{"--indicator", "P01", "--scope", "all", "--period", "2023"}, "--text: required"},
		{[]string{"--indicator", "P99", "--scope", "all", "--period", "2023", "--text", "x"}, "--indicator: no indicator"},
		{[]string{"--indicator", "P01", "--period", "2023", "--text", "x"}, "--scope: required"},
		{[]string{"--body", "NESSUNO", "--text", "x"}, "--body: no body"},
		{[]string{"--body", "LPP", "--text", "x", "--author", "Mario Rossi"}, "--author: a token id"},
		{[]string{"--body", "LPP", "--text", "x", "--author", "sconosciuto"}, `--author: no token "sconosciuto"`},
		{[]string{"--body", "LPP", "--text", "x", "--data-version", "8"}, "--data-version: a data version from 1 to 7"},
	} {
		code, _, errs := runCLI(t, append([]string{"annotations", "add", "--db", db}, c.args...)...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("add %v: %d %s, want exit 2 and %q", c.args, code, errs, c.want)
		}
	}

	code, out, errs := runCLI(t, "annotations", "add", "--db", db, "--indicator", "P01", "--scope", "all", "--period", "2023",
		"--text", "Prima stesura.", "--author", lab, "--format", "json")
	var a struct {
		ID          int64  `json:"id"`
		Author      string `json:"author"`
		DataVersion int64  `json:"data_version"`
		Revision    int    `json:"revision"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &a) != nil || a.ID != 1 || a.Author != lab || a.DataVersion != 7 || a.Revision != 1 {
		t.Fatalf("add: %d %s %s", code, out, errs)
	}
	if code, out, _ := runCLI(t, "annotations", "add", "--db", db, "--body", "LPP", "--text", "Sull'organismo.", "--data-version", "3"); code != exitOK ||
		!strings.Contains(out, "#2  body LPP  by cli,") || !strings.Contains(out, "data version 3") {
		t.Errorf("add on a body: %d %s", code, out)
	}
	if code, out, errs := runCLI(t, "annotations", "edit", "1", "--db", db, "--text", "Seconda stesura.", "--author", lab); code != exitOK ||
		!strings.Contains(out, "edited: 2 revisions") {
		t.Errorf("edit: %d %s %s", code, out, errs)
	}
	if code, _, _ := runCLI(t, "annotations", "edit", "9", "--db", db, "--text", "x"); code != exitFailed {
		t.Errorf("edit of an unknown note: %d", code)
	}
	if code, _, _ := runCLI(t, "annotations", "edit", "--db", db, "--text", "x"); code != exitUsage {
		t.Errorf("edit without id: %d", code)
	}

	code, out, _ = runCLI(t, "annotations", "history", "1", "--db", db)
	if code != exitOK || !strings.Contains(out, "revision 1  by "+lab) || !strings.Contains(out, "    Prima stesura.") ||
		!strings.Contains(out, "revision 2") || !strings.Contains(out, "    Seconda stesura.") {
		t.Errorf("history: %d\n%s", code, out)
	}
	var list []struct {
		ID   int64  `json:"id"`
		Text string `json:"text"`
	}
	code, out, _ = runCLI(t, "annotations", "list", "--db", db, "--kind", "indicator", "--indicator", "P01", "--format", "json")
	if code != exitOK || json.Unmarshal([]byte(out), &list) != nil || len(list) != 1 || list[0].Text != "Seconda stesura." {
		t.Errorf("list --indicator P01: %d %s", code, out)
	}
	if code, out, _ := runCLI(t, "annotations", "list", "--db", db); code != exitOK || !strings.Contains(out, "2 note(s)") {
		t.Errorf("list: %d %s", code, out)
	}
	if code, _, errs := runCLI(t, "annotations", "list", "--db", db, "--kind", "body", "--period", "2023"); code != exitUsage ||
		!strings.Contains(errs, "--period: not part of a target of kind body") {
		t.Errorf("list with a field of another kind: %d %s", code, errs)
	}

	_, out, _ = runCLI(t, "query", "--db", db, "--sql", "SELECT action, target FROM audit WHERE action LIKE 'annotation%' ORDER BY action, target", "--format", "csv")
	if !strings.Contains(out, "annotation.add,annotation:1") || !strings.Contains(out, "annotation.add,annotation:2") ||
		!strings.Contains(out, "annotation.edit,annotation:1") {
		t.Errorf("audit: %s", out)
	}
}
