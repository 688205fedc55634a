package indicator

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// The values held in memory are the database's: for every scope that is
// not a body, and every kind of filter a page or the API passes, with and
// without the small-cell rule. A snapshot not held, a body and a paged read
// go to the database.
func TestResidentValuesAreTheStoredOnes(t *testing.T) {
	ctx := context.Background()
	st := loadFixture(t)
	db := st.DB()
	if _, err := Refresh(ctx, st, fixtureAsOf, Options{}); err != nil {
		t.Fatal(err)
	}
	snap, err := Published(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	all, err := SnapshotValues(ctx, db, snap, Filter{WithCounts: true})
	if err != nil {
		t.Fatal(err)
	}
	scopes := map[string]bool{}
	var bodyScope string
	for _, v := range all {
		if strings.HasPrefix(v.Scope, "body:") {
			bodyScope = v.Scope
		} else {
			scopes[v.Scope] = true
		}
	}
	var filters []Filter
	for scope := range scopes {
		for _, f := range []Filter{
			{Scope: scope},
			{Scope: scope, Indicator: "P01"},
			{Scope: scope, Indicators: []string{"P01", "C01", "E01", "Q01", "XX9"}},
			{Scope: scope, Period: "2024"},
			{Scope: scope, Indicator: "C01", Period: "all"},
			{Scope: scope, Indicators: []string{"N03", "N01"}, Period: "2024"},
		} {
			filters = append(filters, f, Filter{Scope: f.Scope, Indicator: f.Indicator, Indicators: f.Indicators, Period: f.Period, WithCounts: true})
		}
	}
	want := make([][]Value, len(filters))
	for i, f := range filters {
		if want[i], err = SnapshotValues(ctx, db, snap, f); err != nil {
			t.Fatal(err)
		}
	}
	n, err := KeepResident(ctx, db, snap)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { DropResident(db) })
	if n == 0 || n >= len(all) {
		t.Fatalf("held %d values of %d", n, len(all))
	}
	var compared, suppressed int
	for i, f := range filters {
		if _, ok := residentValues(db, snap, f); !ok {
			t.Fatalf("%+v: not read from memory", f)
		}
		got, err := SnapshotValues(ctx, db, snap, f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("%+v: from memory %d values, from the database %d:\n%v\n%v", f, len(got), len(want[i]), got, want[i])
		}
		compared += len(got)
		for _, v := range got {
			if v.Suppressed {
				suppressed++
			}
		}
	}
	if compared < 1000 || suppressed == 0 {
		t.Errorf("compared %d values, %d suppressed: the fixture should exercise both", compared, suppressed)
	}
	for _, c := range []struct {
		name string
		snap Snapshot
		f    Filter
	}{
		{"another data version", Snapshot{DataVersion: snap.DataVersion + 1, AsOf: snap.AsOf}, Filter{Scope: "all"}},
		{"another as_of", Snapshot{DataVersion: snap.DataVersion, AsOf: "2024-12-31"}, Filter{Scope: "all"}},
		{"a body", snap, Filter{Scope: bodyScope}},
		{"every scope", snap, Filter{Indicator: "P01"}},
		{"a prefix", snap, Filter{Scope: "all", ScopePrefix: "nuts:"}},
		{"a page", snap, Filter{Scope: "all", Limit: 10}},
	} {
		if _, ok := residentValues(db, c.snap, c.f); ok {
			t.Errorf("%s: read from memory", c.name)
		}
	}
	// A newer version's set, put in place while this one loaded, is kept.
	held.Put(db, snap.DataVersion+1, &residentSet{asOf: snap.AsOf})
	if _, err := KeepResident(ctx, db, snap); err != nil {
		t.Fatal(err)
	}
	if _, ok := residentValues(db, snap, Filter{Scope: "all"}); ok {
		t.Error("an older snapshot replaced the newer one held")
	}
	DropResident(db)
	if _, err := KeepResident(ctx, db, snap); err != nil {
		t.Fatal(err)
	}
	// Over the limit nothing is held, and the previous set is dropped.
	residentLimit = n - 1
	defer func() { residentLimit = MaxResidentValues }()
	if _, err := KeepResident(ctx, db, snap); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("over the limit: %v", err)
	}
	if _, ok := residentValues(db, snap, Filter{Scope: "all"}); ok {
		t.Error("over the limit: the previous set is still read")
	}
}
