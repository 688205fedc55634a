package guideline

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// What the guideline pages read, over the hand-worked fixture
// (testdata/README.md): the list, one guideline's report with its comparison
// groups by name, the windows' dates and the caveats.
func TestReport(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	v1 := load(t, st, "organisations.csv", "bodies.csv", "meetings.csv", "attendance.csv", "contributions.csv",
		"guideline_adoptions.csv")
	v2 := load(t, st, "adozioni_correzione.csv")

	list, err := Guidelines(ctx, st.DB(), v2)
	if err != nil {
		t.Fatal(err)
	}
	// The correction gives no title: the title stays the latest one given.
	want := []Guideline{{"LG-COPROG", "Linee guida sulla co-progettazione", 5, "2023-07-01", "2025-02-01"},
		{"TOOLKIT-PM", "Toolkit Pon Metro", 1, "2023-01-01", "2023-01-01"}}
	if !slices.Equal(list, want) {
		t.Errorf("guidelines at v%d: %+v, want %+v", v2, list, want)
	}
	if old, _ := Guidelines(ctx, st.DB(), v1); len(old) != 2 || old[0].First != "2024-03-01" {
		t.Errorf("guidelines at v%d: %+v, want LG-COPROG first adopted 2024-03-01 (before the correction)", v1, old)
	}

	r, err := Detail(ctx, st.DB(), Params{DataVersion: v2, AsOf: "2024-12-31", Guideline: "LG-COPROG"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Linee guida sulla co-progettazione" || len(r.Adoptions) != 5 || len(r.Effects) != 42 ||
		r.Adoptions[0].BodyID != "T1" || r.Adoptions[0].BodyName != "Tavolo partenariale uno" || r.Adoptions[0].Version != "1.1" ||
		r.BodyNames["T2"] != "Tavolo partenariale due" {
		t.Errorf("report: %+v", r)
	}
	groups := map[string][]string{}
	caveats := map[string][]string{}
	for _, e := range r.Effects {
		if e.Indicator == "P01" || e.Reason != "" {
			groups[e.BodyID], caveats[e.BodyID] = e.CompBodies, e.Caveats()
		}
	}
	// A: T2 and T5; B: T2; C: none (README, "Comparison groups").
	if !slices.Equal(groups["T1"], []string{"T2", "T5"}) || !slices.Equal(groups["T3"], []string{"T2"}) ||
		groups["T5"] == nil || len(groups["T5"]) != 0 || groups["all"] != nil {
		t.Errorf("comparison groups: %v", groups)
	}
	for body, want := range map[string][]string{
		"T1": {CaveatFewComparison}, "T3": {CaveatOpen, CaveatFewComparison}, "T5": {CaveatOpen, CaveatNoComparison},
		"all": {CaveatOpen}, "L1": {ReasonUnder30Days}, "L2": {ReasonAfterAsOf},
	} {
		if !slices.Equal(caveats[body], want) {
			t.Errorf("%s caveats %v, want %v", body, caveats[body], want)
		}
	}
	Withhold(r.Effects)
	for _, e := range r.Effects {
		if e.BodyID == "T3" && e.Indicator == "E01" && !slices.Contains(e.Caveats(), CaveatWithheld) {
			t.Errorf("T3 E01 withheld without its caveat: %v", e.Caveats())
		}
	}

	// Without a reference date: the adoptions, no comparison.
	if r, err := Detail(ctx, st.DB(), Params{DataVersion: v2, Guideline: "TOOLKIT-PM"}); err != nil || len(r.Adoptions) != 1 || r.Effects != nil {
		t.Errorf("TOOLKIT-PM without as_of: %+v %v", r, err)
	}
	if _, err := Detail(ctx, st.DB(), Params{DataVersion: v2, AsOf: "2024-12-31", Guideline: "LG-NESSUNA"}); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown guideline: %v", err)
	}

	// Case A's windows (README): before 2022-07-01 … 2023-06-30, after
	// 2023-07-01 … 2024-06-29.
	w, err := WindowDates("2023-07-01", 365)
	if err != nil || w != (Windows{"2022-07-01", "2023-06-30", "2023-07-01", "2024-06-29"}) {
		t.Errorf("windows of A: %+v %v", w, err)
	}
}

// WriteCSV writes the contract's adoptions file and says where each row
// starts, a value with a line break included, so rejects lead back to rows.
func TestWriteCSV(t *testing.T) {
	var b strings.Builder
	starts, err := WriteCSV(&b, []NewAdoption{
		{BodyID: "T1", GuidelineID: "LG-COPROG", Adopted: "2024-01-01", Title: "Linee guida,\nseconda riga"},
		{BodyID: "T2", GuidelineID: "LG-COPROG", Version: "1.0", Adopted: "01/02/2024", Act: `DD "7"`, Source: "https://example.it"},
	})
	want := "body_id,guideline_id,guideline_version,title,adopted,act,source\n" +
		"T1,LG-COPROG,,\"Linee guida,\nseconda riga\",2024-01-01,,\n" +
		"T2,LG-COPROG,1.0,,01/02/2024,\"DD \"\"7\"\"\",https://example.it\n"
	if err != nil || b.String() != want || !slices.Equal(starts, []int{2, 4}) {
		t.Errorf("WriteCSV: %v %v\n%s", starts, err, b.String())
	}
	for line, row := range map[int]int{1: 0, 2: 1, 3: 1, 4: 2, 9: 2} {
		if got := RowOfLine(starts, line); got != row {
			t.Errorf("line %d: row %d, want %d", line, got, row)
		}
	}
}
