package datadict

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"osservatorio/internal/sandbox"
	"osservatorio/internal/store"
)

var update = flag.Bool("update", false, "rewrite docs/SCHEMA.md")

func describeAll(t *testing.T) []Table {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "d.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ts, err := Describe(context.Background(), st.DB(), sandbox.ResearchTables)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// Every column of every table research SQL may read has a meaning in both
// languages, and no description names a column that is gone: a migration
// that adds a column fails here until it is described.
func TestEveryResearchColumnIsDescribed(t *testing.T) {
	ts := describeAll(t)
	if len(ts) != len(sandbox.ResearchTables) {
		t.Fatalf("%d tables described, %d research tables", len(ts), len(sandbox.ResearchTables))
	}
	if missing := Undescribed(ts); len(missing) > 0 {
		t.Errorf("describe these in internal/datadict/descriptions.go:\n%s", strings.Join(missing, "\n"))
	}
	for _, tb := range ts {
		if tb.Name == "meetings" {
			for _, c := range tb.Columns {
				if c.Name == "topics" && c.Type != "VARCHAR[]" {
					t.Errorf("meetings.topics is %s", c.Type)
				}
			}
		}
	}
	// A table with a column nobody described is caught.
	ts[0].Columns = append(ts[0].Columns, Column{Name: "new_column", Type: "VARCHAR"})
	if missing := Undescribed(ts[:1]); len(missing) != 1 || missing[0] != ts[0].Name+".new_column" {
		t.Errorf("an undescribed column: %v", missing)
	}
}

// docs/SCHEMA.md is the dictionary as generated: regenerate it with -update.
func TestSchemaDocIsCurrent(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, describeAll(t)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "SCHEMA.md")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(have, buf.Bytes()) {
		t.Errorf("docs/SCHEMA.md is not the generated dictionary (%v): run go test -tags duckdb_arrow ./internal/datadict -update", err)
	}
}
