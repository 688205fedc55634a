package web_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"osservatorio/internal/sandbox"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

// GET /api/schema is public and holds every research table with every
// column, its DuckDB type and its meaning in both languages.
func TestSchemaAPI(t *testing.T) {
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "s.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := web.New(st, testLog(), web.Options{RatePerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	code, body := get(t, srv.URL+"/api/schema")
	var doc struct {
		Tables []struct {
			Name          string `json:"name"`
			DescriptionIT string `json:"description_it"`
			Columns       []struct {
				Name          string `json:"name"`
				Type          string `json:"type"`
				DescriptionIT string `json:"description_it"`
				DescriptionEN string `json:"description_en"`
			} `json:"columns"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(body), &doc); code != 200 || err != nil || len(doc.Tables) != len(sandbox.ResearchTables) {
		t.Fatalf("%d %v: %d tables", code, err, len(doc.Tables))
	}
	for i, tb := range doc.Tables {
		var n int
		st.DB().QueryRow("SELECT count(*) FROM information_schema.columns WHERE table_name = ?", tb.Name).Scan(&n)
		if tb.Name != sandbox.ResearchTables[i] || tb.DescriptionIT == "" || len(tb.Columns) != n {
			t.Errorf("%s: %d columns, the table has %d", tb.Name, len(tb.Columns), n)
		}
		for _, c := range tb.Columns {
			if c.Type == "" || c.DescriptionIT == "" || c.DescriptionEN == "" {
				t.Errorf("%s.%s: %+v", tb.Name, c.Name, c)
			}
			if tb.Name == "attendance_history" && c.Name == "replaced_in" && c.Type != "BIGINT" {
				t.Errorf("replaced_in is %s", c.Type)
			}
		}
	}
}
