package namedquery

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"osservatorio/internal/auth"
	"osservatorio/internal/sandbox"
	"osservatorio/internal/store"
)

const good = `-- id: by_year
-- title_it: Per anno
-- title_en: By year
-- description_it: Una descrizione
--   su due righe.
-- description_en: A description.
-- param: year int optional
-- param: body_id text
-- param: at date optional

SELECT * FROM meetings -- $not_a_param in a comment
WHERE ($year IS NULL OR year(date) = $year) AND body_id = $body_id AND '$nor_in_text' <> ''
  AND ($at IS NULL OR date <= CAST($at AS DATE));
`

func TestParse(t *testing.T) {
	q, err := Parse("exports/by_year.sql", good)
	if err != nil {
		t.Fatal(err)
	}
	want := []Param{{"year", Int, true}, {"body_id", Text, false}, {"at", Date, true}}
	if q.ID != "by_year" || q.DescriptionIT != "Una descrizione su due righe." || len(q.Params) != 3 ||
		q.Params[0] != want[0] || q.Params[1] != want[1] || q.Params[2] != want[2] ||
		!strings.HasPrefix(q.SQL, "SELECT * FROM meetings") || strings.HasSuffix(q.SQL, ";") {
		t.Errorf("parsed %+v", q)
	}
}

// A bad header is an error naming the file and what is wrong, so that the
// service refuses to start with it.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ change, from, to, want string }{
		{"no title", "-- title_en: By year\n", "", `"title_en" missing`},
		{"id not the file name", "-- id: by_year", "-- id: other", "match the file name"},
		{"key twice", "-- title_en: By year\n", "-- title_en: By year\n-- title_en: Again\n", "given twice"},
		{"unknown type", "year int optional", "year integer optional", `unknown type "integer"`},
		{"a word after the type", "year int optional", "year int maybe", "NAME TYPE optional"},
		{"no type", "-- param: body_id text", "-- param: body_id", "NAME TYPE"},
		{"a name taken by the address", "-- param: body_id text", "-- param: format text", "taken by the export address"},
		{"an upper-case name", "-- param: body_id text", "-- param: Body text", "lower-case"},
		{"declared twice", "-- param: body_id text", "-- param: body_id text\n-- param: body_id int", "declared twice"},
		{"declared, never used", "-- param: body_id text", "-- param: body_id text\n-- param: unused int", `"unused" is declared`},
		{"used, not declared", "body_id = $body_id", "body_id = $body_id AND $cycle = 1", "$cycle, which is not a declared"},
		{"a positional parameter", "body_id = $body_id", "body_id = $body_id AND $1 = 1", "$1, which is not"},
		{"no query", "SELECT * FROM meetings", "", ""},
	} {
		text := strings.Replace(good, c.from, c.to, 1)
		if c.change == "no query" {
			text = good[:strings.Index(good, "\nSELECT")]
		}
		_, err := Parse("exports/by_year.sql", text)
		if err == nil || !strings.Contains(err.Error(), "by_year.sql") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.change, err)
		}
	}
	// Load stops at the first bad file.
	fsys := fstest.MapFS{
		"exports/by_year.sql": {Data: []byte(good)},
		"exports/broken.sql":  {Data: []byte("-- id: broken\nSELECT 1")},
	}
	if _, err := Load(fsys); err == nil || !strings.Contains(err.Error(), "broken.sql") {
		t.Errorf("Load with a broken file: %v", err)
	}
}

func TestBind(t *testing.T) {
	q, err := Parse("exports/by_year.sql", good)
	if err != nil {
		t.Fatal(err)
	}
	args, params, err := q.Bind(map[string]string{"year": " 2023", "body_id": "LPP' OR 1=1 --", "at": "2024-02-29"})
	if err != nil {
		t.Fatal(err)
	}
	want := []sql.NamedArg{sql.Named("year", int64(2023)), sql.Named("body_id", "LPP' OR 1=1 --"), sql.Named("at", "2024-02-29")}
	for i, a := range args {
		if a.(sql.NamedArg) != want[i] {
			t.Errorf("arg %d: %#v, want %#v", i, a, want[i])
		}
	}
	if params["year"] != "2023" || params["at"] != "2024-02-29" || len(params) != 3 {
		t.Errorf("params for the provenance: %v", params)
	}
	// Optional ones absent or empty are NULL, and not in the provenance.
	args, params, err = q.Bind(map[string]string{"body_id": "LPP", "year": ""})
	if err != nil || args[0].(sql.NamedArg).Value != nil || args[2].(sql.NamedArg).Value != nil || len(params) != 1 {
		t.Errorf("optional absent: %v %v %v", args, params, err)
	}
	for _, c := range []struct {
		values      map[string]string
		param, want string
	}{
		{map[string]string{"body_id": "LPP", "year": "duemila"}, "year", "must be an int"},
		{map[string]string{"body_id": "LPP", "year": "2023.5"}, "year", "must be an int"},
		{map[string]string{"body_id": "LPP", "at": "2024-02-30"}, "at", "must be a date: YYYY-MM-DD"},
		{map[string]string{"body_id": "LPP", "at": "29/02/2024"}, "at", "must be a date"},
		{map[string]string{"year": "2023"}, "body_id", "required"},
		{map[string]string{"body_id": strings.Repeat("x", MaxText+1)}, "body_id", "must be a text"},
		{map[string]string{"body_id": "LPP", "cycle": "2014-2020"}, "cycle", "unknown: by_year takes year, body_id, at"},
	} {
		_, _, err := q.Bind(c.values)
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != c.param || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v", c.values, err)
		}
	}
}

// The embedded exports parse, and the gate gives each its role: the
// rejects are the administrators'.
func TestEmbeddedAndRoles(t *testing.T) {
	qs, err := All()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, q := range qs {
		ids[q.ID] = true
	}
	for _, id := range []string{"attendance_by_org_year", "co_participation_edges", "indicator_history",
		"contributions_outcomes", "composition_at_date", "load_rejects"} {
		if !ids[id] {
			t.Errorf("no export %s", id)
		}
	}
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "n.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := Check(context.Background(), st.DB(), qs, sandbox.ResearchTables, sandbox.AdminTables); err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		want := auth.Researcher
		if q.ID == "load_rejects" {
			want = auth.Admin
		}
		if q.Role != want {
			t.Errorf("%s: role %q, want %q", q.ID, q.Role, want)
		}
	}
	// A query the gate refuses for everyone stops the start-up.
	bad := []Query{{ID: "x", File: "exports/x.sql", SQL: "SELECT * FROM tokens"}}
	if err := Check(context.Background(), st.DB(), bad, sandbox.ResearchTables, sandbox.AdminTables); err == nil ||
		!strings.Contains(err.Error(), "x.sql") {
		t.Errorf("a query reading tokens: %v", err)
	}
}
