package indicator

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/ingest"
)

// A refresh is idempotent per (data version, as_of); a later load gives a new
// version whose snapshot sits beside the old one, which stays unchanged.
func TestSnapshotsHistoryAndIdempotence(t *testing.T) {
	ctx := context.Background()
	st := loadFixture(t)
	db := st.DB()

	first, err := Refresh(ctx, st, fixtureAsOf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v1, err := Values(ctx, db, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(v1) == 0 || v1[0].DataVersion != first.DataVersion || v1[0].AsOf != "2025-03-31" {
		t.Fatalf("first snapshot: %d values, %+v", len(v1), first)
	}

	// Same version and as_of: nothing happens (the clock time of as_of is ignored).
	again, err := Refresh(ctx, st, fixtureAsOf.Add(15*time.Hour), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Skipped || again.DataVersion != first.DataVersion || again.Rows != 0 {
		t.Fatalf("second refresh not skipped: %+v", again)
	}
	var stored int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM indicator_values").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != first.Rows {
		t.Fatalf("%d rows stored after a skipped refresh, want %d", stored, first.Rows)
	}

	// Another as_of for the same version is another snapshot; "latest" is the greatest as_of.
	early, err := Refresh(ctx, st, time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC), Options{})
	if err != nil || early.Skipped {
		t.Fatalf("refresh at another as_of: %+v %v", early, err)
	}
	latest, err := Values(ctx, db, Filter{Indicator: "C01", Scope: "all", Period: "all"})
	if err != nil || len(latest) != 6 || latest[0].AsOf != "2025-03-31" {
		t.Fatalf("latest as_of: %+v %v", latest, err)
	}
	// At 2025-01-15 O5 is still on B2 and O8 already on B1 (m8 from 2025-01-01): C04 all/all
	// voting m1 m3 m6 m9 m10 m14 m15 -> 5/7, as at 2025-03-31; body:B1 has O8 (research) either way.
	at, err := Values(ctx, db, Filter{Indicator: "C01", Scope: "body:B1", Period: "all", AsOf: "2025-01-15"})
	if err != nil || len(at) != 6 {
		t.Fatalf("values at 2025-01-15: %+v %v", at, err)
	}

	// A correction file: O1 was present at M6 after all. New data version.
	upd, _ := filepath.Abs("testdata/update/attendance_correction.csv")
	res, err := ingest.Load(ctx, st, []string{upd}, ingest.Options{})
	if err != nil || res[0].Outcome != ingest.Loaded || res[0].DataVersion != first.DataVersion+1 {
		t.Fatalf("correction load: %+v %v", res, err)
	}
	second, err := Refresh(ctx, st, fixtureAsOf, Options{})
	if err != nil || second.Skipped || second.DataVersion != first.DataVersion+1 {
		t.Fatalf("refresh after the correction: %+v %v", second, err)
	}
	// The new version: P01 all/2024 = 14/19 (was 13/19).
	p01, err := Values(ctx, db, Filter{Indicator: "P01", Scope: "all", Period: "2024"})
	if err != nil || len(p01) != 1 || p01[0].DataVersion != second.DataVersion || *p01[0].Numerator != 14 || *p01[0].Denominator != 19 {
		t.Fatalf("P01 after the correction: %+v %v", p01, err)
	}
	// The old version, asked for explicitly, is exactly as it was.
	old, err := Values(ctx, db, Filter{DataVersion: first.DataVersion, AsOf: "2025-03-31"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(old, v1) {
		t.Fatalf("the snapshot of version %d changed after a later load", first.DataVersion)
	}
	bs, err := Brokers(ctx, db, "all", "all", first.DataVersion)
	if err != nil || len(bs) != 9 || bs[0].OrgID != "O1" {
		t.Fatalf("old brokers: %+v %v", bs, err)
	}

	snaps, err := Snapshots(ctx, db)
	if err != nil || len(snaps) != 3 || snaps[0].DataVersion != second.DataVersion {
		t.Fatalf("snapshots: %+v %v", snaps, err)
	}
	// A version never computed is an error that lists the stored snapshots.
	none, err := Values(ctx, db, Filter{DataVersion: 999})
	var ns *NoSnapshotError
	if !errors.As(err, &ns) || len(none) != 0 || len(ns.Available) != 3 {
		t.Fatalf("unknown version: %v %v", none, err)
	}
	if _, err := Values(ctx, db, Filter{AsOf: "31/03/2025"}); err == nil {
		t.Fatal("a malformed as_of was accepted")
	}
}

// With no data at all a refresh still fills the grid: scope all, period all.
func TestRefreshEmptyStore(t *testing.T) {
	ctx := context.Background()
	st := openEmpty(t)
	sum, err := Refresh(ctx, st, fixtureAsOf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	vs, err := Values(ctx, st.DB(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defs, _ := Catalogue()
	if sum.DataVersion != 0 || int64(len(vs)) != sum.Rows || len(vs) != len(defs)+11 {
		t.Fatalf("%+v: %d values", sum, len(vs))
	}
	got := valuesByKey(t, vs)
	// C02 = 0 with no members; C01 = 0 per category; P01 empty.
	check(t, key{"C02", "all", "all", ""}, "value", got[key{"C02", "all", "all", ""}].Value, 0.0)
	check(t, key{"C01", "all", "all", "research"}, "value", got[key{"C01", "all", "all", "research"}].Value, 0.0)
	check(t, key{"P01", "all", "all", ""}, "value", got[key{"P01", "all", "all", ""}].Value, nil)
	check(t, key{"N05", "all", "all", ""}, "value", got[key{"N05", "all", "all", ""}].Value, 0.0)
}

// Every refresh, a skipped one too, rewrites indicator_catalogue from the
// files: one row per indicator, with its names as the catalogue has them.
func TestRefreshWritesCatalogueTable(t *testing.T) {
	ctx := context.Background()
	st := loadFixture(t)
	defs, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if i == 1 {
			// A stale row is gone after the (skipped) second refresh.
			if _, err := st.DB().Exec("UPDATE indicator_catalogue SET name_en = 'stale' WHERE indicator = 'P01'"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := Refresh(ctx, st, fixtureAsOf, Options{}); err != nil {
			t.Fatal(err)
		}
		var n int
		var it, en string
		if err := st.DB().QueryRow(`SELECT (SELECT count(*) FROM indicator_catalogue), name_it, name_en
			FROM indicator_catalogue WHERE indicator = 'P01'`).Scan(&n, &it, &en); err != nil {
			t.Fatal(err)
		}
		if n != len(defs) || it != "Tasso di presenza" || en != "Attendance rate" {
			t.Errorf("refresh %d: %d rows, P01 %q / %q", i, n, it, en)
		}
	}
}

// Several indicators at once, and the scopes of one kind, select what the
// single filters select: the values sorted by storeValues are read by
// range, and a wrong range would lose or add scopes.
func TestValuesIndicatorsAndScopePrefix(t *testing.T) {
	ctx := context.Background()
	st := loadFixture(t)
	db := st.DB()
	if _, err := Refresh(ctx, st, fixtureAsOf, Options{}); err != nil {
		t.Fatal(err)
	}
	all, err := Values(ctx, db, Filter{WithCounts: true})
	if err != nil {
		t.Fatal(err)
	}
	var want, wantNuts []Value
	for _, v := range all {
		if v.Indicator == "C01" || v.Indicator == "P01" {
			want = append(want, v)
		}
		if v.Indicator == "P01" && len(v.Scope) > 5 && v.Scope[:5] == "nuts:" {
			wantNuts = append(wantNuts, v)
		}
	}
	got, err := Values(ctx, db, Filter{Indicators: []string{"P01", "C01"}, WithCounts: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("C01 and P01: %d values, want %d", len(got), len(want))
	}
	// One scope, several indicators: read as one SELECT for a scope that
	// is not a body's, one per indicator for a body's.
	bodyScope := ""
	for _, v := range all {
		if strings.HasPrefix(v.Scope, "body:") {
			bodyScope = v.Scope
			break
		}
	}
	for _, scope := range []string{"all", bodyScope} {
		var wantScope []Value
		for _, v := range want {
			if v.Scope == scope {
				wantScope = append(wantScope, v)
			}
		}
		got, err := Values(ctx, db, Filter{Indicators: []string{"P01", "C01"}, Scope: scope, WithCounts: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(wantScope) == 0 || !reflect.DeepEqual(got, wantScope) {
			t.Errorf("C01 and P01 in %q: %d values, want %d", scope, len(got), len(wantScope))
		}
	}
	nuts, err := Values(ctx, db, Filter{Indicator: "P01", ScopePrefix: "nuts:", WithCounts: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(wantNuts) == 0 || !reflect.DeepEqual(nuts, wantNuts) {
		t.Errorf("P01 in the nuts scopes: %d values, want %d", len(nuts), len(wantNuts))
	}
}
