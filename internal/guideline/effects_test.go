package guideline

import (
	"context"
	"math"
	"slices"
	"testing"
)

// x marks a null in the expectations below.
var x = math.NaN()

// wantRow is one hand-worked row (testdata/README.md): the adopter's values
// and counts in each window, the comparison group's values, the difference.
type wantRow struct {
	body, ind                                  string
	before, after, bn, bd, an, ad, cb, ca, did float64
}

// The fixture after the correction, as_of 2024-12-31, w = 365: every value
// worked by hand in testdata/README.md.
var handWorked = []wantRow{
	// A: T1 adopted 2023-07-01 (corrected), L 365, closed; comparison T2 + T5.
	{"T1", "P01", 5.0 / 6, 6.0 / 8, 5, 6, 6, 8, 3.0 / 4, 1, -1.0 / 3},
	{"T1", "P04", 3.0 / 2, 2.0 / 3, 3, 2, 2, 3, 1.0 / 2, 2.0 / 3, -1},
	{"T1", "P05", 2.0 / 3, 1.0 / 3, 2, 3, 1, 3, 2.0 / 3, 1, -2.0 / 3},
	{"T1", "Q01", 0, 1.0 / 3, 0, 1, 1, 3, 1, 1.0 / 3, 1},
	{"T1", "Q02", 5.5, 6, x, x, x, x, 6, 9.5, -3},
	{"T1", "Q04", 1.0 / 2, 2.0 / 3, 1, 2, 2, 3, 1, 1.0 / 3, 5.0 / 6},
	{"T1", "Q07", 1.0 / 3, 1, 1, 3, 2, 2, 1, 1.0 / 2, 7.0 / 6},
	{"T1", "Q08", 1.0 / 2, 1, 1, 2, 2, 2, 0, 1, -1.0 / 2},
	{"T1", "E01", 2.0 / 3, 3.0 / 4, 2, 3, 3, 4, 1.0 / 3, 1.0 / 2, -1.0 / 12},
	{"T1", "E04", 4.0 / 5, 1, 4, 5, 6, 6, 1, 5.0 / 6, 11.0 / 30},
	// B: T3 adopted 2024-03-01, L 306, open; comparison T2.
	{"T3", "P01", 1.0 / 2, 1, 1, 2, 2, 2, 1, 1, 1.0 / 2},
	{"T3", "P04", 1, 1, 1, 1, 1, 1, 1, 0, 1},
	{"T3", "P05", 1.0 / 2, 1, 1, 2, 2, 2, 1, 1, 1.0 / 2},
	{"T3", "Q01", 0, 1, 0, 1, 1, 1, 0, 1, 0},
	{"T3", "Q02", 9, 11, x, x, x, x, x, 10, x},
	{"T3", "Q04", 1, 1, 1, 1, 1, 1, 0, 1, -1},
	{"T3", "Q07", 1, 0, 1, 1, 0, 1, 0, x, x},
	{"T3", "Q08", 1, x, 1, 1, 0, 0, x, x, x},
	{"T3", "E01", 1, 1.0 / 2, 1, 1, 1, 2, 2.0 / 3, 1, -5.0 / 6},
	{"T3", "E04", 1, 1, 1, 1, 2, 2, 1, 1, 0},
	// C: T5 adopted 2024-09-01, L 122, open; empty comparison group.
	{"T5", "P01", x, 1, 0, 0, 1, 1, x, x, x},
	{"T5", "P04", 0, 0, 0, 1, 0, 1, x, x, x},
	{"T5", "P05", x, 1, 0, 0, 1, 1, x, x, x},
	{"T5", "Q01", 0, 1, 0, 1, 1, 1, x, x, x},
	{"T5", "Q02", x, 12, x, x, x, x, x, x, x},
	{"T5", "Q04", 0, 1, 0, 1, 1, 1, x, x, x},
	{"T5", "Q07", x, x, 0, 0, 0, 0, x, x, x},
	{"T5", "Q08", x, x, 0, 0, 0, 0, x, x, x},
	{"T5", "E01", x, 0, 0, 0, 0, 1, x, x, x},
	{"T5", "E04", x, 1, 0, 0, 1, 1, x, x, x},
}

// The mean across adopters of LG-COPROG: did, n and open per indicator.
var handMeans = []struct {
	ind  string
	did  float64
	n    int
	open bool
}{
	{"P01", 1.0 / 12, 2, true}, {"P04", 0, 2, true}, {"P05", -1.0 / 12, 2, true}, {"Q01", 1.0 / 2, 2, true},
	{"Q02", -3, 1, false}, {"Q04", -1.0 / 12, 2, true}, {"Q07", 7.0 / 6, 1, false}, {"Q08", -1.0 / 2, 1, false},
	{"E01", -11.0 / 24, 2, true}, {"E04", 11.0 / 60, 2, true},
}

func TestEffectsByHand(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	v1 := load(t, st, "organisations.csv", "bodies.csv", "meetings.csv", "attendance.csv", "contributions.csv",
		"guideline_adoptions.csv")
	v2 := load(t, st, "adozioni_correzione.csv")
	const asOf = "2024-12-31"

	rows, err := Effects(ctx, st.DB(), Params{DataVersion: v2, AsOf: asOf, Guideline: "LG-COPROG"})
	if err != nil {
		t.Fatal(err)
	}
	// 3 compared adoptions x 10 indicators, 10 means, 2 not compared.
	if len(rows) != 42 {
		t.Fatalf("%d rows, want 42", len(rows))
	}
	for i, w := range handWorked {
		checkRow(t, rows[i], w)
	}
	adoption := map[string]struct {
		L     int
		open  bool
		compN int
	}{"T1": {365, false, 2}, "T3": {306, true, 1}, "T5": {122, true, 0}}
	for _, e := range rows[:30] {
		a := adoption[e.BodyID]
		if e.GuidelineID != "LG-COPROG" || e.WindowDays != 365 || ip(e.L) != a.L || e.Open == nil || *e.Open != a.open ||
			ip(e.CompNBodies) != a.compN || e.Reason != "" {
			t.Errorf("%s %s: guideline %s window %d L %v open %v comp_n %v reason %q; want L %d open %v comp_n %d",
				e.BodyID, e.Indicator, e.GuidelineID, e.WindowDays, e.L, e.Open, e.CompNBodies, e.Reason, a.L, a.open, a.compN)
		}
		if wantN := map[bool]int{true: 1, false: 0}[e.DiD != nil]; ip(e.N) != wantN {
			t.Errorf("%s %s: n %v, want %d", e.BodyID, e.Indicator, e.N, wantN)
		}
	}
	for i, m := range handMeans {
		e := rows[30+i]
		if e.BodyID != "all" || e.Indicator != m.ind || !near(e.DiD, m.did) || ip(e.N) != m.n || e.Open == nil || *e.Open != m.open ||
			e.L != nil || e.Before != nil || e.CompNBodies != nil {
			t.Errorf("mean row %d: %s %s did %v n %v open %v L %v; want all %s did %v n %d open %v",
				i, e.BodyID, e.Indicator, fp(e.DiD), ip(e.N), e.Open, e.L, m.ind, m.did, m.n, m.open)
		}
	}
	// D: too recent (L 17); E: adopted after as_of. Listed, no values.
	checkNotCompared(t, rows[40], "L1", ReasonUnder30Days, 17)
	checkNotCompared(t, rows[41], "L2", ReasonAfterAsOf, -1)

	// Before the correction (data version v1) T1's date was 2024-12-10: L 22,
	// not compared; B and C are unchanged, so each mean is B's difference.
	old, err := Effects(ctx, st.DB(), Params{DataVersion: v1, AsOf: asOf, Guideline: "LG-COPROG"})
	if err != nil {
		t.Fatal(err)
	}
	if len(old) != 33 {
		t.Fatalf("at data version %d: %d rows, want 33", v1, len(old))
	}
	for i, w := range handWorked[10:] {
		checkRow(t, old[i], w)
	}
	for i, m := range handMeans {
		b := handWorked[10+i].did
		e := old[20+i]
		wantN := 1
		if math.IsNaN(b) {
			wantN = 0
		}
		if e.BodyID != "all" || e.Indicator != m.ind || !near(e.DiD, b) || ip(e.N) != wantN {
			t.Errorf("v%d mean %s: did %v n %v, want %v n %d", v1, e.Indicator, fp(e.DiD), ip(e.N), b, wantN)
		}
	}
	checkNotCompared(t, old[30], "L1", ReasonUnder30Days, 17)
	checkNotCompared(t, old[31], "L2", ReasonAfterAsOf, -1)
	checkNotCompared(t, old[32], "T1", ReasonUnder30Days, 22)

	// Every guideline: TOOLKIT-PM (T2's adoption) comes too, and T2 having
	// adopted another guideline left it in LG-COPROG's comparison groups.
	all, err := Effects(ctx, st.DB(), Params{DataVersion: v2, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 62 || !slices.EqualFunc(all[:42], rows, func(a, b Effect) bool { return slices.Equal(a.CSVRecord(), b.CSVRecord()) }) ||
		all[42].GuidelineID != "TOOLKIT-PM" || all[42].BodyID != "T2" {
		t.Errorf("every guideline: %d rows, want LG-COPROG's 42 then TOOLKIT-PM's 20", len(all))
	}

	// Two windows: each row says its window; guideline by guideline, then
	// window by window.
	two, err := Effects(ctx, st.DB(), Params{DataVersion: v2, AsOf: asOf, Guideline: "LG-COPROG", Windows: []int{90, 365}})
	if err != nil {
		t.Fatal(err)
	}
	if len(two) < 42 || two[0].WindowDays != 90 || two[len(two)-1].WindowDays != 365 {
		t.Errorf("windows 90 and 365: %d rows, first window %d", len(two), two[0].WindowDays)
	}
	if _, err := Effects(ctx, st.DB(), Params{DataVersion: v2, AsOf: "31/12/2024"}); err == nil {
		t.Error("a malformed as_of was accepted")
	}
}

func checkRow(t *testing.T, e Effect, w wantRow) {
	t.Helper()
	got := []*float64{e.Before, e.After, e.BeforeNum, e.BeforeDen, e.AfterNum, e.AfterDen, e.CompBefore, e.CompAfter, e.DiD}
	want := []float64{w.before, w.after, w.bn, w.bd, w.an, w.ad, w.cb, w.ca, w.did}
	names := []string{"before", "after", "before_num", "before_den", "after_num", "after_den", "comp_before", "comp_after", "did"}
	if e.BodyID != w.body || e.Indicator != w.ind {
		t.Errorf("row %s %s, want %s %s", e.BodyID, e.Indicator, w.body, w.ind)
		return
	}
	for i := range got {
		if !near(got[i], want[i]) {
			t.Errorf("%s %s: %s = %v, want %v", w.body, w.ind, names[i], fp(got[i]), want[i])
		}
	}
}

func checkNotCompared(t *testing.T, e Effect, body, reason string, l int) {
	t.Helper()
	if e.BodyID != body || e.Reason != reason || ip(e.L) != l || e.Indicator != "" || e.Before != nil || e.DiD != nil || e.N != nil || e.Open != nil {
		t.Errorf("not compared: %+v; want %s %s L %d and no values", e, body, reason, l)
	}
}

// near: both null, or equal up to rounding.
func near(got *float64, want float64) bool {
	if got == nil || math.IsNaN(want) {
		return got == nil && math.IsNaN(want)
	}
	return math.Abs(*got-want) < 1e-12
}

func fp(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}

// ip is an int pointer's value, -1 for null.
func ip(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

// The public small-cell rule of E01: a window value of 1 or 2 people is
// withheld with its counts, so is the difference built from it and the mean
// that difference is in; other indicators and larger cells are untouched.
func TestWithholdSmallCells(t *testing.T) {
	st := openStore(t)
	load(t, st, "organisations.csv", "bodies.csv", "meetings.csv", "attendance.csv", "contributions.csv", "guideline_adoptions.csv")
	v := load(t, st, "adozioni_correzione.csv")
	rows, err := Effects(context.Background(), st.DB(), Params{DataVersion: v, AsOf: "2024-12-31", Guideline: "LG-COPROG"})
	if err != nil {
		t.Fatal(err)
	}
	Withhold(rows)
	find := func(body, ind string) Effect {
		for _, e := range rows {
			if e.BodyID == body && e.Indicator == ind {
				return e
			}
		}
		t.Fatalf("no row %s %s", body, ind)
		return Effect{}
	}
	// T1: 3 and 4 people before and after, 3 and 4 in the comparison group.
	if e := find("T1", "E01"); e.Suppressed || !near(e.DiD, -1.0/12) || !near(e.Before, 2.0/3) {
		t.Errorf("T1 E01 (no small cell) changed: %+v", e)
	}
	// T3: 1 person before, 2 after, 1 in the comparison group after (3 before).
	e := find("T3", "E01")
	if !e.Suppressed || e.Before != nil || e.BeforeNum != nil || e.BeforeDen != nil || e.After != nil || e.AfterDen != nil ||
		e.CompAfter != nil || !near(e.CompBefore, 2.0/3) || e.DiD != nil {
		t.Errorf("T3 E01: %+v", e)
	}
	// T5: nobody before (no value to hide), 1 person after.
	if e := find("T5", "E01"); !e.Suppressed || e.After != nil || e.BeforeDen == nil || *e.BeforeDen != 0 {
		t.Errorf("T5 E01: %+v", e)
	}
	// The mean had T3's difference in it: withheld, n kept.
	if e := find("all", "E01"); !e.Suppressed || e.DiD != nil || ip(e.N) != 2 {
		t.Errorf("mean E01: %+v", e)
	}
	if e := find("T3", "P01"); e.Suppressed || !near(e.DiD, 1.0/2) {
		t.Errorf("T3 P01 changed: %+v", e)
	}
}
