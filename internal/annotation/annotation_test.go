package annotation_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"osservatorio/internal/annotation"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

// testStore loads testdata/bodies.csv (data version 1: bodies T1, T2) and
// testdata/guideline_adoptions.csv (version 2: T1 adopted LG-COPROG). No
// snapshot is published, so a note's default data version is the current, 2.
func testStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "a.duckdb"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, f := range []string{"bodies.csv", "guideline_adoptions.csv"} {
		res, err := ingest.Load(ctx, st, []string{filepath.Join("testdata", f)}, ingest.Options{Source: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if r := res[0]; r.Outcome != ingest.Loaded || r.RowsRejected != 0 {
			t.Fatalf("%s: %+v", f, r)
		}
	}
	return st
}

// fieldOf returns the field a *FieldError names, or "".
func fieldOf(err error) string {
	var fe *annotation.FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

func TestAddEditHistory(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	a, err := annotation.Add(ctx, st, annotation.Draft{Target: annotation.IndicatorValue("P01", "all", "2023"),
		Text: "  Il calo del 2023 segue la fusione di due tavoli.\n", Author: "k3j9x2m4q8ab"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != 1 || a.Revision != 1 || a.DataVersion != 2 || a.Author != "k3j9x2m4q8ab" || a.Edited() ||
		a.Text != "Il calo del 2023 segue la fusione di due tavoli." {
		t.Fatalf("added: %+v", a)
	}

	e, err := annotation.Edit(ctx, st, a.ID, annotation.Change{Text: "Il calo del 2023 segue la fusione di T1 e T2.", Author: "zz9", DataVersion: 1})
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != a.ID || e.Revision != 2 || !e.Edited() || e.Text != "Il calo del 2023 segue la fusione di T1 e T2." ||
		e.DataVersion != 1 || e.Author != "k3j9x2m4q8ab" || e.RevisedBy != "zz9" || !e.Created.Equal(a.Created) {
		t.Fatalf("edited: %+v", e)
	}
	// An edit without data version keeps the previous revision's.
	e3, err := annotation.Edit(ctx, st, a.ID, annotation.Change{Text: "Terza stesura.", Author: "zz9"})
	if err != nil || e3.Revision != 3 || e3.DataVersion != 1 {
		t.Fatalf("third: %+v %v", e3, err)
	}
	if _, err := annotation.Edit(ctx, st, a.ID, annotation.Change{Text: " Terza stesura. ", Author: "zz9"}); fieldOf(err) != "text" {
		t.Errorf("an edit changing nothing: %v", err)
	}

	h, err := annotation.History(ctx, st.DB(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Revisions) != 3 {
		t.Fatalf("history: %+v", h.Revisions)
	}
	r1, r2 := h.Revisions[0], h.Revisions[1]
	if r1.Revision != 1 || r1.Text != a.Text || r1.Author != "k3j9x2m4q8ab" || r1.DataVersion != 2 ||
		r2.Revision != 2 || r2.Text != e.Text || r2.Author != "zz9" || r2.DataVersion != 1 || h.Text != "Terza stesura." {
		t.Errorf("history: %+v", h)
	}

	if _, err := annotation.Edit(ctx, st, 99, annotation.Change{Text: "x", Author: "zz9"}); !errors.Is(err, annotation.ErrNotFound) {
		t.Errorf("edit of an unknown id: %v", err)
	}
	if _, err := annotation.History(ctx, st.DB(), 99); !errors.Is(err, annotation.ErrNotFound) {
		t.Errorf("history of an unknown id: %v", err)
	}
}

// Each refused value is a *FieldError naming the field, and nothing is
// stored.
func TestValidation(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	ok := annotation.Body("T1")
	cases := []struct {
		name  string
		d     annotation.Draft
		field string
	}{
		{"empty text", annotation.Draft{Target: ok, Text: " \n\t ", Author: "a1"}, "text"},
		{"2001 characters", annotation.Draft{Target: ok, Text: strings.Repeat("è", 2001), Author: "a1"}, "text"},
		{"control character", annotation.Draft{Target: ok, Text: "ciao\x1b[2J", Author: "a1"}, "text"},
		{"bidi override", annotation.Draft{Target: ok, Text: "ciao \u202e", Author: "a1"}, "text"},
		{"no author", annotation.Draft{Target: ok, Text: "ciao"}, "author"},
		{"a name, not an id", annotation.Draft{Target: ok, Text: "ciao", Author: "Mario Rossi"}, "author"},
		{"unknown kind", annotation.Draft{Target: annotation.Target{Kind: "org"}, Text: "ciao", Author: "a1"}, "target.kind"},
		{"unknown indicator", annotation.Draft{Target: annotation.IndicatorValue("Z99", "all", "2023"), Text: "ciao", Author: "a1"}, "target.indicator"},
		{"no scope", annotation.Draft{Target: annotation.IndicatorValue("P01", "", "2023"), Text: "ciao", Author: "a1"}, "target.scope"},
		{"bad scope", annotation.Draft{Target: annotation.IndicatorValue("P01", "region:X", "2023"), Text: "ciao", Author: "a1"}, "target.scope"},
		{"bad period", annotation.Draft{Target: annotation.IndicatorValue("P01", "all", "23"), Text: "ciao", Author: "a1"}, "target.period"},
		{"field of another kind", annotation.Draft{Target: annotation.Target{Kind: "body", Body: "T1", Period: "2023"}, Text: "ciao", Author: "a1"}, "target.period"},
		{"unknown body", annotation.Draft{Target: annotation.Body("T9"), Text: "ciao", Author: "a1"}, "target.body"},
		{"unknown guideline", annotation.Draft{Target: annotation.Guideline("LG-NONE"), Text: "ciao", Author: "a1"}, "target.guideline"},
		{"pack id form", annotation.Draft{Target: annotation.Pack("EP-26-7"), Text: "ciao", Author: "a1"}, "target.pack"},
		{"unknown pack", annotation.Draft{Target: annotation.Pack("EP-2026-0008"), Text: "ciao", Author: "a1"}, "target.pack"},
		{"data version 0 < v", annotation.Draft{Target: ok, Text: "ciao", Author: "a1", DataVersion: -1}, "data_version"},
		{"data version past the current", annotation.Draft{Target: ok, Text: "ciao", Author: "a1", DataVersion: 3}, "data_version"},
	}
	for _, c := range cases {
		_, err := annotation.Add(ctx, st, c.d)
		if fieldOf(err) != c.field {
			t.Errorf("%s: got %v, want an error on %s", c.name, err, c.field)
		} else if !strings.HasPrefix(err.Error(), c.field+": ") {
			t.Errorf("%s: the message does not start with the field: %v", c.name, err)
		}
	}
	if list, err := annotation.List(ctx, st.DB(), annotation.Filter{}); err != nil || len(list) != 0 {
		t.Errorf("refused notes were stored: %v %v", list, err)
	}
	// At the bounds: 2,000 characters (4,000 bytes), a line break, a known
	// target of each kind.
	if _, err := st.DB().ExecContext(ctx, `INSERT INTO evidence_packs (id, title, authors, purpose, created_at, created_by, data_version, as_of)
		VALUES ('EP-2026-0007', 'Prova', [], '', now(), 'cli', 1, DATE '2024-12-31')`); err != nil {
		t.Fatal(err)
	}
	for _, d := range []annotation.Draft{
		{Target: ok, Text: strings.Repeat("è", 2000), Author: "a1"},
		{Target: annotation.Guideline("LG-COPROG"), Text: "prima riga\r\nseconda riga", Author: "a1", DataVersion: 1},
		{Target: annotation.Pack("EP-2026-0007"), Text: "ciao", Author: "cli"},
		{Target: annotation.IndicatorValue("N03", "body:T2", "all"), Text: "ciao", Author: "a1"},
	} {
		a, err := annotation.Add(ctx, st, d)
		if err != nil {
			t.Errorf("%v: %v", d.Target, err)
		} else if d.Target.Kind == annotation.KindGuideline && a.Text != "prima riga\nseconda riga" {
			t.Errorf("line break: %q", a.Text)
		}
	}
}

func TestForAndList(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	add := func(target annotation.Target, text string) annotation.Annotation {
		t.Helper()
		a, err := annotation.Add(ctx, st, annotation.Draft{Target: target, Text: text, Author: "a1"})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	p23 := annotation.IndicatorValue("P01", "all", "2023")
	add(p23, "uno")
	add(annotation.IndicatorValue("P01", "all", "2024"), "due")
	add(annotation.IndicatorValue("P01", "body:T1", "2023"), "tre")
	add(annotation.Body("T1"), "quattro")
	add(p23, "cinque")
	add(annotation.Guideline("LG-COPROG"), "sei")

	got, err := annotation.For(ctx, st.DB(), p23)
	if err != nil || len(got) != 2 || got[0].Text != "uno" || got[1].Text != "cinque" {
		t.Fatalf("For P01/all/2023 (oldest first): %+v %v", got, err)
	}
	got, err = annotation.ForTargets(ctx, st.DB(), []annotation.Target{p23, annotation.Body("T1"), p23, annotation.Body("T2")})
	if err != nil || len(got) != 3 || got[0].Text != "uno" || got[1].Text != "quattro" || got[2].Text != "cinque" {
		t.Fatalf("ForTargets: %+v %v", got, err)
	}
	// Targets without notes beside one with: its notes alone; targets
	// without notes alone: none (the first look at the targets answers).
	if got, err := annotation.ForTargets(ctx, st.DB(), []annotation.Target{annotation.Body("T9"), annotation.Body("T1"), annotation.Body("T8")}); err != nil || len(got) != 1 || got[0].Text != "quattro" {
		t.Fatalf("ForTargets T9, T1, T8: %+v %v", got, err)
	}
	if got, err := annotation.ForTargets(ctx, st.DB(), []annotation.Target{annotation.Body("T9")}); err != nil || len(got) != 0 {
		t.Fatalf("ForTargets T9: %+v %v", got, err)
	}
	if _, err := annotation.ForTargets(ctx, st.DB(), make([]annotation.Target, annotation.MaxTargets+1)); fieldOf(err) != "targets" {
		t.Errorf("too many targets: %v", err)
	}

	texts := func(f annotation.Filter) string {
		t.Helper()
		list, err := annotation.List(ctx, st.DB(), f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		var s []string
		for _, a := range list {
			s = append(s, a.Text)
		}
		return strings.Join(s, ",")
	}
	for _, c := range []struct {
		f    annotation.Filter
		want string
	}{
		{annotation.Filter{}, "sei,cinque,quattro,tre,due,uno"}, // newest first
		{annotation.Filter{Kind: "indicator"}, "cinque,tre,due,uno"},
		{annotation.Filter{Indicator: "P01", Scope: "all"}, "cinque,due,uno"},
		{annotation.Filter{Period: "2023"}, "cinque,tre,uno"},
		{annotation.Filter{Scope: "body:T1"}, "tre"},
		{annotation.Filter{Body: "T1"}, "quattro"},
		{annotation.Filter{Kind: "guideline", Guideline: "LG-COPROG"}, "sei"},
		{annotation.Filter{Kind: "pack"}, ""},
		{annotation.Filter{Limit: 2, Offset: 1}, "cinque,quattro"},
	} {
		if got := texts(c.f); got != c.want {
			t.Errorf("%+v: %s, want %s", c.f, got, c.want)
		}
	}
	for _, c := range []struct {
		f     annotation.Filter
		field string
	}{
		{annotation.Filter{Kind: "org"}, "kind"},
		{annotation.Filter{Kind: "body", Indicator: "P01"}, "indicator"},
		{annotation.Filter{Indicator: "P01", Body: "T1"}, "body"},
		{annotation.Filter{Limit: annotation.MaxLimit + 1}, "limit"},
		{annotation.Filter{Offset: -1}, "offset"},
	} {
		if _, err := annotation.List(ctx, st.DB(), c.f); fieldOf(err) != c.field {
			t.Errorf("%+v: %v, want an error on %s", c.f, err, c.field)
		}
	}
}
