package dashboard

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// A network's ties carry the name and category of both ends, as the
// organisations of the data version shown have them: the same from memory
// (KeepNames) as from the database, on the stored ties (Rete, all bodies)
// and on those read from the records (a body's page).
func TestNamesOfTies(t *testing.T) {
	ctx := context.Background()
	st, snap := loadPublished(t, "../../data/sample")
	db := st.DB()
	ds, err := All()
	if err != nil {
		t.Fatal(err)
	}
	panel := func(dash string) Panel {
		for _, d := range ds {
			for _, p := range d.Panels {
				if d.ID == dash && p.ID == "grafo" {
					return p
				}
			}
		}
		t.Fatalf("no grafo panel on %s", dash)
		return Panel{}
	}
	cases := []struct {
		p Panel
		f Filters
	}{
		{panel("rete"), Filters{}},
		{panel("rete"), Filters{Year: "2024"}},
		{panel("organismo"), Filters{Body: "LPP"}},
		{panel("organismo"), Filters{Body: "LPP", Year: "2023"}},
	}
	fromDB := make([]Table, len(cases))
	for i, c := range cases {
		if fromDB[i], err = PanelData(ctx, db, c.p, c.f, snap, "it"); err != nil {
			t.Fatal(err)
		}
		want := []string{"da", "a", "riunioni", "da_nome", "da_categoria", "a_nome", "a_categoria"}
		if !reflect.DeepEqual(fromDB[i].Columns, want) || len(fromDB[i].Rows) < 10 {
			t.Fatalf("%+v: columns %v, %d rows", c.f, fromDB[i].Columns, len(fromDB[i].Rows))
		}
		// Each end's name and category are the organisation's.
		for _, row := range fromDB[i].Rows {
			for _, end := range [][3]int{{0, 3, 4}, {1, 5, 6}} {
				var name, cat string
				if err := db.QueryRow(`SELECT name, category FROM organisations_at(?) WHERE org_id = ?`,
					snap.DataVersion, row[end[0]]).Scan(&name, &cat); err != nil {
					t.Fatal(err)
				}
				if row[end[1]] != name || row[end[2]] != cat {
					t.Fatalf("%+v: %v named %v, %v; the organisation is %q, %q", c.f, row[end[0]], row[end[1]], row[end[2]], name, cat)
				}
			}
		}
	}
	n, err := KeepNames(ctx, db, snap.DataVersion)
	if err != nil || n < 50 {
		t.Fatalf("KeepNames: %d, %v", n, err)
	}
	defer DropNames(db)
	for i, c := range cases {
		got, err := PanelData(ctx, db, c.p, c.f, snap, "it")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, fromDB[i]) {
			t.Errorf("%+v: from memory\n%v\nfrom the database\n%v", c.f, got, fromDB[i])
		}
	}

	// An id that names no organisation drops its row, as the join did; a
	// missing id column is a definition error.
	ns := []Naming{{ID: "x", Name: "n", Category: "c"}}
	tab := Table{Columns: []string{"x"}, Rows: [][]any{{"NOPE"}, {fromDB[0].Rows[0][0]}}}
	if err := addNames(ctx, db, snap.DataVersion, ns, &tab); err != nil || len(tab.Rows) != 1 || tab.Rows[0][1] != fromDB[0].Rows[0][3] {
		t.Errorf("unknown id: %v %v", tab.Rows, err)
	}
	if err := addNames(ctx, db, snap.DataVersion, []Naming{{ID: "y", Name: "n", Category: "c"}}, &tab); err == nil {
		t.Error("a missing id column passed")
	}
	// A newer version's set, put in place while this one loaded, is kept.
	heldNames.Put(db, snap.DataVersion+1, map[string]orgName{})
	if _, err := KeepNames(ctx, db, snap.DataVersion); err != nil {
		t.Fatal(err)
	}
	if _, kept, _ := heldNames.Get(db); kept != snap.DataVersion+1 {
		t.Errorf("an older version (%d) replaced the newer one held", kept)
	}
	DropNames(db)
	if _, err := KeepNames(ctx, db, snap.DataVersion); err != nil {
		t.Fatal(err)
	}
	// Over the limit nothing is held, and the previous set is dropped.
	residentNamesLimit = n - 1
	defer func() { residentNamesLimit = MaxResidentNames }()
	if _, err := KeepNames(ctx, db, snap.DataVersion); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("over the limit: %v", err)
	}
	if _, _, held := heldNames.Get(db); held {
		t.Error("over the limit: the previous set is still held")
	}
}
