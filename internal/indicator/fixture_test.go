package indicator

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"osservatorio/internal/store"
)

// The fixture (testdata/fixture) and every indicator worked out by hand for
// the scopes "all" and "body:B1", the year 2024 and the period "all",
// with as_of = 2025-03-31.
//
// Organisations (category, NUTS 2 = first 4 characters of nuts):
//   O1 institutional ITF4   O2 institutional ITF4 (ITF47)   O3 economic_social -
//   O4 economic_social ITF5 O5 civil_society ITF5 (ITF52)   O6 environmental ITC1
//   O7 equality_inclusion - O8 research ITF4                O9 civil_society ITF4 (ITF43)
// Bodies: B1 monitoring_committee P-ALFA 2021-2027 ITF4; B2 partnership_table
//   P-ALFA 2021-2027 ITF47; B3 workshop P-BETA 2014-2020 (no nuts).
// Scopes: all, body:B1, body:B2, body:B3, body_type:monitoring_committee,
//   body_type:partnership_table, body_type:workshop, programme:P-ALFA,
//   programme:P-BETA, cycle:2014-2020, cycle:2021-2027, nuts:ITF4 (B1 and B2:
//   ITF47 starts with ITF4; B3 has no nuts, so there is no other nuts scope).
// Periods: 2023, 2024 (years with meetings) and all.
//
// Memberships (m#: body org person gender voting start end) and who is in
// office at 2023-12-31 / 2024-12-31 / as_of 2025-03-31:
//   m1  B1 O1 P01 F  v 2022-01-01 -           yes yes yes
//   m2  B1 O2 P02 M  v 2022-01-01 2023-12-31  yes no  no   (end = t counts)
//   m3  B1 O3 P03 M  v 2023-06-01 -           yes yes yes
//   m4  B1 O4 P04 F  - 2024-01-01 -           no  yes yes
//   m5  B1 O5 P05 X  v 2022-01-01 2024-12-31  yes yes no
//   m6  B1 O7 P07 F  v 2024-12-31 -           no  yes yes  (start = t counts)
//   m7  B1 O1 P11 M  - 2022-01-01 -           yes yes yes
//   m8  B1 O8 -   -  - 2025-01-01 -           no  no  yes
//   m9  B2 O1 P21 M  v 2023-01-01 -           yes yes yes
//   m10 B2 O5 P22 F  v 2023-01-01 -           yes yes yes
//   m11 B2 O6 P23 -  v 2023-01-01 2024-06-30  yes no  no
//   m12 B2 O8 P24 F  - 2024-07-01 -           no  yes yes
//   m13 B3 O4 P31 M  v 2019-01-01 2023-12-31  yes no  no
//   m14 B3 O6 P32 F  v 2019-01-01 -           yes yes yes
//   m15 B3 O7 P33 F  v 2020-01-01 -           yes yes yes
// Member organisations:
//   all  2023-12-31: O1 O2 O3 O4 O5 O6 O7          B1 2023-12-31: O1 O2 O3 O5
//   all  2024-12-31: O1 O3 O4 O5 O6 O7 O8 (7)      B1 2024-12-31: O1 O3 O4 O5 O7 (5)
//   all  as_of:      O1 O3 O4 O5 O6 O7 O8 (7)      B1 as_of:      O1 O3 O4 O7 O8 (5)
//
// Meetings (working days strictly after the dispatch, up to the day before):
//   M1 B1 2023-05-10 programming    in_person notice 04-20 -> 11 (25/4 and 1/5 skipped), docs 04-26 -> 8: not compliant
//   M2 B1 2024-04-03 implementation remote    notice = docs 03-15 -> 11 (Easter Monday 1/4 skipped): compliant
//   M3 B1 2024-06-12 monitoring     (empty)   notice missing, docs 05-29 -> 9: not compliant (empty mode counts)
//   M4 B1 2024-11-20 monitoring     written   notice 11-19 -> 0, docs 11-20 (same day) -> 0: left out of Q01
//   M5 B2 2023-06-06 programming    hybrid    notice = docs 05-22 -> 9 (2/6 was a Friday): not compliant
//   M6 B2 2024-02-14 evaluation     in_person notice 01-25 -> 13, docs 01-29 -> 11: compliant
//   M7 B3 2023-12-27 evaluation     in_person notice 12-07 -> 10 (8/12, 25/12, 26/12 skipped), docs 12-12 -> 8: not compliant
//   minutes: M1 M3 M4 M5 M7 published; M2 M6 not.
//   topics: M1 needs_analysis priorities; M2 allocation indicators; M3 none;
//   M4 committee_composition; M5 priorities horizontal_principles;
//   M6 needs_analysis; M7 indicators.
//
// Attendance (org person gender, inv = invited, P = present or delegated):
//   M1: O1 P01 F inv P | O1 P11 M inv - | O2 P02 M inv P(delegated) | O3 P03 M inv - | O5 P05 X inv P | O9 P09 F uninvited P
//   M2: O1 P01 F inv P | O3 P03 M inv P | O4 P04 F inv P | O5 P05 X inv - | O6 (no person) inv P
//   M3: O1 P01 F inv P | O3 P03 M inv - | O4 P04 F inv P(delegated) | O5 P05 X inv P | O7 P07 (no gender) inv -
//   M4: O1 P01 F inv P | O3 P03 M inv P | O4 P04 F inv - | O5 P05 X inv - | O7 P07 (no gender) inv P
//   M5: O1 P21 M inv P | O5 P22 F inv P | O6 P23 (no gender) inv - | O9 P09 F uninvited P
//   M6: O1 P21 M inv - | O5 P22 F inv P | O6 P23 M inv P | O8 P24 F inv P
//   M7: O4 P31 M inv P | O6 P32 F inv P | O7 P33 F inv - | O2 (no person) inv P
//
// Contributions (effective body = the meeting's body, else body_id; year = submitted):
//   c1 O1 M1      -> B1 2023 responded accepted
//   c2 O5 M1      -> B1 2023 -         rejected
//   c3 O3 M2 (B2) -> B1 2024 responded partially_accepted (the meeting's body wins)
//   c4 O5 - B1    -> B1 2024 -         pending
//   c5 O9 M5      -> B2 2023 responded not_assessed (O9 never invited)
//   c6 O5 M6      -> B2 2024 responded accepted
//   c7 O6 - B3    -> B3 2022 -         rejected (2022 is no period: only in "all")
//   c8 O4 M7      -> B3 2024 responded accepted (submitted in 2024 about a 2023 meeting)
//   c9 O1 M4      -> B1 2024 -         pending (empty outcome)

var fixtureAsOf = time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)

type key struct{ ind, scope, period, cat string }

// exp is an expected row; nil stands for NULL.
type exp struct{ v, num, den any }

func loadFixture(t testing.TB) *store.Store {
	t.Helper()
	dir, _ := filepath.Abs("testdata/fixture")
	return loadDir(t, dir)
}

func valuesByKey(t testing.TB, vs []Value) map[key]Value {
	m := map[key]Value{}
	for _, v := range vs {
		k := key{v.Indicator, v.Scope, v.Period, v.Category}
		if _, dup := m[k]; dup {
			t.Fatalf("duplicate row %v", k)
		}
		m[k] = v
	}
	return m
}

func TestFixtureByHand(t *testing.T) {
	ctx := context.Background()
	st := loadFixture(t)
	sum, err := Refresh(ctx, st, fixtureAsOf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped || sum.AsOf != "2025-03-31" || sum.Rows == 0 {
		t.Fatalf("summary %+v", sum)
	}
	vs, err := Values(ctx, st.DB(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got := valuesByKey(t, vs)

	ln := math.Log
	want := map[key]exp{}
	add := func(ind, scope, period, cat string, v, num, den any) {
		want[key{ind, scope, period, cat}] = exp{v, num, den}
	}
	cats := []string{"institutional", "economic_social", "civil_society", "environmental", "equality_inclusion", "research"}

	// ---- Composition ------------------------------------------------------
	// C01 all/2024 and all/all: O1 | O3 O4 | O5 | O6 | O7 | O8.
	for _, p := range []string{"2024", "all"} {
		for i, n := range []float64{1, 2, 1, 1, 1, 1} {
			add("C01", "all", p, cats[i], n, nil, nil)
		}
	}
	// C01 B1/2024: O1 | O3 O4 | O5 | - | O7 | -.
	for i, n := range []float64{1, 2, 1, 0, 1, 0} {
		add("C01", "body:B1", "2024", cats[i], n, nil, nil)
	}
	// C01 B1/all (as_of): O1 | O3 O4 | - (O5 left 2024-12-31) | - | O7 | O8.
	for i, n := range []float64{1, 2, 0, 0, 1, 1} {
		add("C01", "body:B1", "all", cats[i], n, nil, nil)
	}
	// C02: all six categories for all; four for B1.
	add("C02", "all", "2024", "", 1.0, 6, 6)
	add("C02", "all", "all", "", 1.0, 6, 6)
	add("C02", "body:B1", "2024", "", 4.0/6, 4, 6)
	add("C02", "body:B1", "all", "", 4.0/6, 4, 6)
	// C03: non-institutional / members: all 6/7; B1 4/5 (only O1 institutional).
	add("C03", "all", "2024", "", 6.0/7, 6, 7)
	add("C03", "all", "all", "", 6.0/7, 6, 7)
	add("C03", "body:B1", "2024", "", 4.0/5, 4, 5)
	add("C03", "body:B1", "all", "", 4.0/5, 4, 5)
	// C04: voting memberships held by non-institutional / voting memberships.
	// all/2024: voting m1 m3 m5 m6 m9 m10 m14 m15 = 8; non-inst m3 m5 m6 m10 m14 m15 = 6.
	add("C04", "all", "2024", "", 6.0/8, 6, 8)
	// all/all: voting m1 m3 m6 m9 m10 m14 m15 = 7; non-inst m3 m6 m10 m14 m15 = 5.
	add("C04", "all", "all", "", 5.0/7, 5, 7)
	// B1/2024: voting m1 m3 m5 m6 = 4, non-inst 3. B1/all: m1 m3 m6 = 3, non-inst 2.
	add("C04", "body:B1", "2024", "", 3.0/4, 3, 4)
	add("C04", "body:B1", "all", "", 2.0/3, 2, 3)
	// C05 = 1 - Σ n_k²/n²: all: (1,2,1,1,1,1)/7 -> 1 - 9/49; B1: (1,2,1,1)/5 -> 1 - 7/25.
	add("C05", "all", "2024", "", 1-9.0/49, nil, nil)
	add("C05", "all", "all", "", 1-9.0/49, nil, nil)
	add("C05", "body:B1", "2024", "", 1-7.0/25, nil, nil)
	add("C05", "body:B1", "all", "", 1-7.0/25, nil, nil)
	// C06: H = Σ -p ln p. all: 5×(1/7) ln 7 + (2/7) ln(7/2); B1: 3×(1/5) ln 5 + (2/5) ln(5/2).
	hAll := 5.0/7*ln(7) + 2.0/7*ln(3.5)
	hB1 := 3.0/5*ln(5) + 2.0/5*ln(2.5)
	add("C06", "all", "2024", "", hAll/ln(6), hAll, ln(6))
	add("C06", "all", "all", "", hAll/ln(6), hAll, ln(6))
	add("C06", "body:B1", "2024", "", hB1/ln(6), hB1, ln(6))
	add("C06", "body:B1", "all", "", hB1/ln(6), hB1, ln(6))
	// C07: distinct NUTS 2. all: O1 ITF4, O4 ITF5, O5 ITF5, O6 ITC1, O8 ITF4 -> 3.
	// B1/2024: O1 ITF4, O4 ITF5, O5 ITF5 -> 2; B1/all: O1 ITF4, O4 ITF5, O8 ITF4 -> 2.
	add("C07", "all", "2024", "", 3.0, nil, nil)
	add("C07", "all", "all", "", 3.0, nil, nil)
	add("C07", "body:B1", "2024", "", 2.0, nil, nil)
	add("C07", "body:B1", "all", "", 2.0, nil, nil)
	// N04: members of ≥ 2 bodies. all/2024: O1 (B1 B2), O5 (B1 B2), O7 (B1 B3) = 3 of 7.
	// all/all: O1, O7, O8 (m8 B1 + m12 B2) = 3 of 7 (O5 is only on B2 now). One body: 0.
	add("N04", "all", "2024", "", 3.0/7, 3, 7)
	add("N04", "all", "all", "", 3.0/7, 3, 7)
	add("N04", "body:B1", "2024", "", 0.0, 0, 5)
	add("N04", "body:B1", "all", "", 0.0, 0, 5)
	// E02: voting memberships at t, persons F / persons F or M (P05 is X).
	// all/2024: F P01 P07 P22 P32 P33, M P03 P21 -> 5/7; all/all: same people -> 5/7.
	// B1/2024: F P01 P07, M P03 -> 2/3; B1/all: F P01 P07, M P03 -> 2/3.
	add("E02", "all", "2024", "", 5.0/7, 5, 7)
	add("E02", "all", "all", "", 5.0/7, 5, 7)
	add("E02", "body:B1", "2024", "", 2.0/3, 2, 3)
	add("E02", "body:B1", "all", "", 2.0/3, 2, 3)
	// E03: bodies with an equality_inclusion member (O7): B1 (m6 from 2024-12-31) and B3 -> 2 of 3.
	add("E03", "all", "2024", "", 2.0/3, 2, 3)
	add("E03", "all", "all", "", 2.0/3, 2, 3)
	add("E03", "body:B1", "2024", "", 1.0, 1, 1)
	add("E03", "body:B1", "all", "", 1.0, 1, 1)
	// P06 2024: all: M_2024 = O1 O3 O4 O5 O6 O7 O8, M_2023 = O1..O7 -> union 8, Δ {O2, O8} = 2.
	// B1: M_2024 = O1 O3 O4 O5 O7, M_2023 = O1 O2 O3 O5 -> union 6, Δ {O2, O4, O7} = 3.
	add("P06", "all", "2024", "", 2.0/8, 2, 8)
	add("P06", "body:B1", "2024", "", 3.0/6, 3, 6)
	add("P06", "all", "all", "", nil, nil, nil)
	add("P06", "body:B1", "all", "", nil, nil, nil)

	// ---- Participation ----------------------------------------------------
	// P01: invited present rows / invited rows.
	// all/2024 (M2 M3 M4 M6): rows 5+5+5+4 = 19, present 4+3+3+3 = 13.
	// all/all: + M1 5/3, M5 3/2, M7 4/3 -> 31 rows, 21 present.
	// B1/2024 (M2 M3 M4): 15 rows, 10 present. B1/all: + M1 -> 20, 13.
	add("P01", "all", "2024", "", 13.0/19, 13, 19)
	add("P01", "all", "all", "", 21.0/31, 21, 31)
	add("P01", "body:B1", "2024", "", 10.0/15, 10, 15)
	add("P01", "body:B1", "all", "", 13.0/20, 13, 20)
	// P03: invited organisations with a contribution in scope and period.
	// all/2024: invited O1 O3 O4 O5 O6 O7 O8; contributors O1 (c9) O3 (c3) O4 (c8, B3) O5 (c4 c6) -> 4/7.
	// all/all: invited O1..O8; contributors O1 O3 O4 O5 O6 (O9 never invited) -> 5/8.
	// B1/2024: invited O1 O3 O4 O5 O6 O7; contributors O1 O3 O5 -> 3/6.
	// B1/all: invited O1..O7; contributors O1 O3 O5 -> 3/7.
	add("P03", "all", "2024", "", 4.0/7, 4, 7)
	add("P03", "all", "all", "", 5.0/8, 5, 8)
	add("P03", "body:B1", "2024", "", 3.0/6, 3, 6)
	add("P03", "body:B1", "all", "", 3.0/7, 3, 7)
	// P04: contributions / meetings. all/2024: c3 c4 c6 c8 c9 / M2 M3 M4 M6 = 5/4; all/all: 9/7;
	// B1/2024: c3 c4 c9 / 3; B1/all: c1 c2 c3 c4 c9 / 4.
	add("P04", "all", "2024", "", 5.0/4, 5, 4)
	add("P04", "all", "all", "", 9.0/7, 9, 7)
	add("P04", "body:B1", "2024", "", 1.0, 3, 3)
	add("P04", "body:B1", "all", "", 5.0/4, 5, 4)
	// P05: present at ≥ 75 % of the meetings invited to (per meeting: any invited row present).
	// all/2024: O1 3/4 ✓, O3 2/3, O4 2/3, O5 2/4, O6 2/2 ✓, O7 1/2, O8 1/1 ✓ -> 3/7.
	// all/all: O1 5/6 ✓ (at M1 P01 came, P11 did not), O2 2/2 ✓, O3 2/4, O4 3/4 ✓, O5 4/6,
	//          O6 3/4 ✓, O7 1/3, O8 1/1 ✓ -> 5/8.
	// B1/2024: O1 3/3 ✓, O3 2/3, O4 2/3, O5 1/3, O6 1/1 ✓, O7 1/2 -> 2/6.
	// B1/all: O1 4/4 ✓, O2 1/1 ✓, O3 2/4, O4 2/3, O5 2/4, O6 1/1 ✓, O7 1/2 -> 3/7.
	add("P05", "all", "2024", "", 3.0/7, 3, 7)
	add("P05", "all", "all", "", 5.0/8, 5, 8)
	add("P05", "body:B1", "2024", "", 2.0/6, 2, 6)
	add("P05", "body:B1", "all", "", 3.0/7, 3, 7)
	// P07: Gini over invited organisations' contribution counts.
	// all/2024: x = 0 0 0 1 1 1 2 (O6 O7 O8 | O1 O3 O4 | O5): Σ|xi-xj| over ordered pairs
	//   = 2 × (3·3·1 + 3·1·2 + 3·1·1) = 36; 2n²x̄ = 2·7·5 = 70.
	// all/all: x = 0 0 0 1 1 1 2 3 (O2 O7 O8 | O3 O4 O6 | O1 | O5): unordered 9+6+9+3+6+1 = 34 -> 68; 2·8·8 = 128.
	// B1/2024: x = 0 0 0 1 1 1 (O4 O6 O7 | O1 O3 O5): 2 × 9 = 18; 2·6·3 = 36.
	// B1/all: x = 0 0 0 0 1 2 2 (O2 O4 O6 O7 | O3 | O1 O5): unordered 4+16+2 = 22 -> 44; 2·7·5 = 70.
	add("P07", "all", "2024", "", 36.0/70, 36, 70)
	add("P07", "all", "all", "", 68.0/128, 68, 128)
	add("P07", "body:B1", "2024", "", 18.0/36, 18, 36)
	add("P07", "body:B1", "all", "", 44.0/70, 44, 70)
	// P09: P01 of the category - P01 overall.
	// all/2024: inst 3/4 (O1), econ 4/6, civil 2/4 (O5), env 2/2, equality 1/2, research 1/1; overall 13/19.
	for i, r := range []float64{3.0 / 4, 4.0 / 6, 2.0 / 4, 1, 1.0 / 2, 1} {
		add("P09", "all", "2024", cats[i], r-13.0/19, nil, nil)
	}
	// all/all: inst 7/9 (O1 O2), econ 5/8, civil 4/6 (O9 uninvited), env 3/4, equality 1/3, research 1/1; overall 21/31.
	for i, r := range []float64{7.0 / 9, 5.0 / 8, 4.0 / 6, 3.0 / 4, 1.0 / 3, 1} {
		add("P09", "all", "all", cats[i], r-21.0/31, nil, nil)
	}
	// B1/2024: inst 3/3, econ 4/6, civil 1/3, env 1/1, equality 1/2, research no invited rows (NULL); overall 10/15.
	for i, r := range []float64{1, 4.0 / 6, 1.0 / 3, 1, 1.0 / 2} {
		add("P09", "body:B1", "2024", cats[i], r-10.0/15, nil, nil)
	}
	add("P09", "body:B1", "2024", "research", nil, nil, nil)
	// B1/all: inst 5/6, econ 4/7, civil 2/4, env 1/1, equality 1/2, research NULL; overall 13/20.
	for i, r := range []float64{5.0 / 6, 4.0 / 7, 2.0 / 4, 1, 1.0 / 2} {
		add("P09", "body:B1", "all", cats[i], r-13.0/20, nil, nil)
	}
	add("P09", "body:B1", "all", "research", nil, nil, nil)

	// ---- Process ----------------------------------------------------------
	// Q01: compliant / non-written meetings. all/2024: M2 ✓ M3 ✗ M6 ✓ (M4 written) -> 2/3;
	// all/all: + M1 ✗ M5 ✗ M7 ✗ -> 2/6; B1/2024: M2 ✓ M3 ✗ -> 1/2; B1/all: + M1 -> 1/3.
	add("Q01", "all", "2024", "", 2.0/3, 2, 3)
	add("Q01", "all", "all", "", 2.0/6, 2, 6)
	add("Q01", "body:B1", "2024", "", 1.0/2, 1, 2)
	add("Q01", "body:B1", "all", "", 1.0/3, 1, 3)
	// Q02: median documents working days. all/2024: 0 9 11 11 -> 10; all/all: 0 8 8 9 9 11 11 -> 9;
	// B1/2024: 0 9 11 -> 9; B1/all: 0 8 9 11 -> 8.5.
	add("Q02", "all", "2024", "", 10.0, nil, nil)
	add("Q02", "all", "all", "", 9.0, nil, nil)
	add("Q02", "body:B1", "2024", "", 9.0, nil, nil)
	add("Q02", "body:B1", "all", "", 8.5, nil, nil)
	// Q04: minutes. all/2024: M3 M4 of M2 M3 M4 M6 -> 2/4; all/all: 5/7; B1/2024: 2/3; B1/all: 3/4.
	add("Q04", "all", "2024", "", 2.0/4, 2, 4)
	add("Q04", "all", "all", "", 5.0/7, 5, 7)
	add("Q04", "body:B1", "2024", "", 2.0/3, 2, 3)
	add("Q04", "body:B1", "all", "", 3.0/4, 3, 4)
	// Q05: phases. all/2024: implementation monitoring evaluation -> 3; all/all: 4;
	// B1/2024: implementation monitoring -> 2; B1/all: + programming -> 3.
	add("Q05", "all", "2024", "", 3.0/4, 3, 4)
	add("Q05", "all", "all", "", 1.0, 4, 4)
	add("Q05", "body:B1", "2024", "", 2.0/4, 2, 4)
	add("Q05", "body:B1", "all", "", 3.0/4, 3, 4)
	// Q06: art. 8 topics. all/2024: allocation indicators committee_composition needs_analysis -> 4;
	// all/all: 6; B1/2024: allocation indicators committee_composition -> 3; B1/all: + needs_analysis priorities -> 5.
	add("Q06", "all", "2024", "", 4.0/6, 4, 6)
	add("Q06", "all", "all", "", 1.0, 6, 6)
	add("Q06", "body:B1", "2024", "", 3.0/6, 3, 6)
	add("Q06", "body:B1", "all", "", 5.0/6, 5, 6)
	// Q07: responded / contributions. all/2024: c3 c6 c8 of 5; all/all: c1 c3 c5 c6 c8 of 9;
	// B1/2024: c3 of c3 c4 c9; B1/all: c1 c3 of 5.
	add("Q07", "all", "2024", "", 3.0/5, 3, 5)
	add("Q07", "all", "all", "", 5.0/9, 5, 9)
	add("Q07", "body:B1", "2024", "", 1.0/3, 1, 3)
	add("Q07", "body:B1", "all", "", 2.0/5, 2, 5)
	// Q08: (partially) accepted / assessed. all/2024: c3 c6 c8 of c3 c6 c8 -> 3/3;
	// all/all: c1 c3 c6 c8 of + c2 c7 -> 4/6; B1/2024: c3 -> 1/1; B1/all: c1 c3 of c1 c2 c3 -> 2/3.
	add("Q08", "all", "2024", "", 1.0, 3, 3)
	add("Q08", "all", "all", "", 4.0/6, 4, 6)
	add("Q08", "body:B1", "2024", "", 1.0, 1, 1)
	add("Q08", "body:B1", "all", "", 2.0/3, 2, 3)

	// ---- Equality (attendance) ------------------------------------------
	// E01: present rows (invited or not), distinct persons F / F or M.
	// all/2024: F P01 P04 P22 P24, M P03 P23 -> 4/6.
	// all/all: F P01 P09 P04 P22 P24 P32, M P02 P03 P21 P23 P31 -> 6/11.
	// B1/2024: F P01 P04, M P03 -> 2/3; B1/all: F P01 P09 P04, M P02 P03 -> 3/5.
	add("E01", "all", "2024", "", 4.0/6, 4, 6)
	add("E01", "all", "all", "", 6.0/11, 6, 11)
	add("E01", "body:B1", "2024", "", 2.0/3, 2, 3)
	add("E01", "body:B1", "all", "", 3.0/5, 3, 5)
	// E04: present rows with person and gender F/M/X / present rows with person.
	// M1 4/4, M2 3/3, M3 3/3, M4 2/3 (P07 no gender), M5 3/3, M6 3/3, M7 2/2.
	add("E04", "all", "2024", "", 11.0/12, 11, 12)
	add("E04", "all", "all", "", 20.0/21, 20, 21)
	add("E04", "body:B1", "2024", "", 8.0/9, 8, 9)
	add("E04", "body:B1", "all", "", 12.0/13, 12, 13)

	// ---- Network ------------------------------------------------------------
	// Present organisations: M1 {O1 O2 O5 O9}, M2 {O1 O3 O4 O6}, M3 {O1 O4 O5},
	// M4 {O1 O3 O7}, M5 {O1 O5 O9}, M6 {O5 O6 O8}, M7 {O2 O4 O6}.
	// B1/2024: N = 6 (O1 O3 O4 O5 O6 O7), E = 6 (M2) + 2 (M3: 1-5 4-5) + 2 (M4: 1-7 3-7) = 10.
	// B1/all: N = 8 (+ O2 O9), E = 10 + 5 (M1: 1-2 1-9 2-5 2-9 5-9) = 15.
	// all/2024: N = 7 (B1/2024 + O8), E = 10 + 3 (M6: 5-6 5-8 6-8) = 13.
	// all/all: N = 9, E = 15 + 3 (M6) + 2 (M7: 2-4 2-6) = 20.
	add("N01", "body:B1", "2024", "", 20.0/30, 20, 30)
	add("N01", "body:B1", "all", "", 30.0/56, 30, 56)
	add("N01", "all", "2024", "", 26.0/42, 26, 42)
	add("N01", "all", "all", "", 40.0/72, 40, 72)
	// N05: all four graphs are connected.
	for _, c := range []struct {
		scope, period string
		n             float64
	}{{"body:B1", "2024", 6}, {"body:B1", "all", 8}, {"all", "2024", 7}, {"all", "all", 9}} {
		add("N05", c.scope, c.period, "", 1.0, nil, nil)
		add("N05", c.scope, c.period, "largest_share", 1.0, c.n, c.n)
	}
	// N03 (betweenness, each pair once; denominator (N-1)(N-2)/2):
	// B1/2024: non-adjacent pairs 3-5 {1,4}, 4-7 {1,3}, 5-6 {1,4}, 5-7 {1}, 6-7 {1,3}
	//   -> O1 = ½+½+½+1+½ = 3, O3 = 1, O4 = 1; max 3 / 10.
	// B1/all: O1 is adjacent to everyone; 13 pairs at distance 2 -> O1 = 7 + 6·½ = 10,
	//   O3 = 1 (4-7, 6-7), O4 = 1 (3-5, 5-6), O5 = 1 (2-4, 4-9); max 10 / 21.
	// all/2024: 7 pairs at distance 2 and 7-8 at distance 3 (7-1-5-8, 7-1-6-8, 7-3-6-8)
	//   -> O1 = ⅓+½+1+½+⅔ = 3, O6 = ½+⅓+1+½+⅔ = 3, O3 = 4/3, O5 = 4/3, O4 = ⅓ (sum 9 = 7·1 + 1·2);
	//   max 3 (O1, tie with O6 broken by org_id) / 15.
	// all/all: 15 pairs at distance 2, 7-8 at distance 3 -> O1 = 7, O6 = 23/6, O5 = 7/2, O3 = 4/3,
	//   O2 = ⅔, O4 = ⅔ (sum 17 = 15 + 2); max 7 / 28.
	add("N03", "body:B1", "2024", "", 3.0/10, 3, 10)
	add("N03", "body:B1", "all", "", 10.0/21, 10, 21)
	add("N03", "all", "2024", "", 3.0/15, 3, 15)
	add("N03", "all", "all", "", 7.0/28, 7, 28)

	// ---- A few other cells ---------------------------------------------------
	// body:B3 in 2024: no meeting, one contribution (c8): P04 empty denominator.
	add("P04", "body:B3", "2024", "", nil, 1, 0)
	add("P01", "body:B3", "2024", "", nil, 0, 0)
	add("Q02", "body:B3", "2024", "", nil, nil, nil)
	add("Q05", "body:B3", "2024", "", nil, nil, nil)
	add("Q06", "body:B3", "2024", "", nil, nil, nil)
	add("N01", "body:B3", "2024", "", nil, 0, 0)
	add("N03", "body:B3", "2024", "", nil, 0, 0)
	add("N05", "body:B3", "2024", "", 0.0, nil, nil)
	add("N05", "body:B3", "2024", "largest_share", nil, 0, 0)
	// body:B3 in 2023: M7's triangle O2 O4 O6: density 1, nobody in between.
	add("N01", "body:B3", "2023", "", 1.0, 6, 6)
	add("N03", "body:B3", "2023", "", 0.0, 0, 1)
	// body:B3 members at 2024-12-31: O6 O7; at 2023-12-31: O4 O6 O7 -> turnover 1/3.
	add("P06", "body:B3", "2024", "", 1.0/3, 1, 3)
	// body:B1 in 2023: M_2023 = O1 O2 O3 O5, M_2022 = O1 O2 O5 -> 1/4.
	add("P06", "body:B1", "2023", "", 1.0/4, 1, 4)
	// nuts:ITF4 = B1 + B2, so in 2024 it is the same as all minus B3: C03 members O1 O3 O4 O5 O7 O8.
	add("C03", "nuts:ITF4", "2024", "", 5.0/6, 5, 6)
	// C01 without members: body:B2 as_of has O1 O5 O8: no economic_social member -> 0.
	add("C01", "body:B2", "all", "economic_social", 0.0, nil, nil)

	for k, e := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("%v: no row", k)
			continue
		}
		check(t, k, "value", g.Value, e.v)
		check(t, k, "numerator", g.Numerator, e.num)
		check(t, k, "denominator", g.Denominator, e.den)
	}

	// Brokers, ranked by raw betweenness, ties by org_id.
	brokers := map[[2]string][]struct {
		org string
		raw float64
	}{
		{"body:B1", "2024"}: {{"O1", 3}, {"O3", 1}, {"O4", 1}, {"O5", 0}, {"O6", 0}, {"O7", 0}},
		{"body:B1", "all"}:  {{"O1", 10}, {"O3", 1}, {"O4", 1}, {"O5", 1}, {"O2", 0}, {"O6", 0}, {"O7", 0}, {"O9", 0}},
		{"all", "2024"}:     {{"O1", 3}, {"O6", 3}, {"O3", 4.0 / 3}, {"O5", 4.0 / 3}, {"O4", 1.0 / 3}, {"O7", 0}, {"O8", 0}},
		{"all", "all"}: {{"O1", 7}, {"O6", 23.0 / 6}, {"O5", 3.5}, {"O3", 4.0 / 3}, {"O2", 2.0 / 3}, {"O4", 2.0 / 3},
			{"O7", 0}, {"O8", 0}, {"O9", 0}},
	}
	dens := map[[2]string]float64{{"body:B1", "2024"}: 10, {"body:B1", "all"}: 21, {"all", "2024"}: 15, {"all", "all"}: 28}
	names := map[string]string{"O1": "Regione Alfa", "O6": "Legambiente Zeta"}
	for sp, list := range brokers {
		bs, err := Brokers(ctx, st.DB(), sp[0], sp[1], 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(bs) != len(list) {
			t.Errorf("brokers %v: %d, want %d: %+v", sp, len(bs), len(list), bs)
			continue
		}
		for i, w := range list {
			b := bs[i]
			if b.Rank != i+1 || b.OrgID != w.org || math.Abs(b.Betweenness-w.raw) > 1e-9 ||
				math.Abs(b.Normalised-w.raw/dens[sp]) > 1e-9 {
				t.Errorf("brokers %v rank %d: got %+v, want %s %v", sp, i+1, b, w.org, w.raw)
			}
			if n, ok := names[b.OrgID]; ok && b.Name != n {
				t.Errorf("broker %s name %q", b.OrgID, b.Name)
			}
		}
	}

	// Every indicator covers the whole grid: 12 scopes x 3 periods (x its categories).
	scopes := []string{"all", "body:B1", "body:B2", "body:B3", "body_type:monitoring_committee",
		"body_type:partnership_table", "body_type:workshop", "programme:P-ALFA", "programme:P-BETA",
		"cycle:2014-2020", "cycle:2021-2027", "nuts:ITF4"}
	defs, _ := Catalogue()
	for _, d := range defs {
		dcats := []string{""}
		switch d.ID {
		case "C01", "P09":
			dcats = cats
		case "N05":
			dcats = []string{"", "largest_share"}
		}
		for _, s := range scopes {
			for _, p := range []string{"2023", "2024", "all"} {
				for _, c := range dcats {
					if _, ok := got[key{d.ID, s, p, c}]; !ok {
						t.Errorf("%s: no row for %s %s %q", d.ID, s, p, c)
					}
				}
			}
		}
	}
	if n := len(got); n != len(defs)*len(scopes)*3+(5+5+1)*len(scopes)*3 {
		t.Errorf("%d rows, want %d (extra rows for unknown scopes or periods?)", n, len(defs)*len(scopes)*3+11*len(scopes)*3)
	}
	if int64(len(got)) != sum.Rows {
		t.Errorf("summary says %d rows, stored %d", sum.Rows, len(got))
	}
}

func check(t *testing.T, k key, what string, got *float64, want any) {
	t.Helper()
	if want == nil {
		if got != nil {
			t.Errorf("%v %s: got %v, want NULL", k, what, *got)
		}
		return
	}
	var w float64
	switch x := want.(type) {
	case float64:
		w = x
	case int:
		w = float64(x)
	default:
		panic(fmt.Sprintf("bad expectation %T", want))
	}
	if got == nil {
		t.Errorf("%v %s: got NULL, want %v", k, what, w)
		return
	}
	if math.Abs(*got-w) > 1e-9 {
		t.Errorf("%v %s: got %v, want %v", k, what, *got, w)
	}
}
