package guideline

// The small-cell rule of E01 (women's share, indicators.md): a window value
// describing fewer than 3 people (its denominator, people with gender F or M,
// from 1 to 2) is withheld from the public. For the comparison that means the
// four window values — before, after, comp_before, comp_after — with their
// counts, and the difference built from them (it would give the hidden value
// back from the other three); and the mean across adopters when one of the
// differences in it was withheld (the mean times n, minus the others, is that
// difference). The CLI and the researcher API give every value with its
// counts: only answers to the public (viewers; later the public pages) call
// Withhold.

// smallCellBelow is E01's threshold: its metadata says "denominator < 3 people".
const smallCellBelow = 3

func small(den *float64) bool { return den != nil && *den >= 1 && *den < smallCellBelow }

// Withhold blanks the small E01 cells of rows in place and marks them.
func Withhold(rows []Effect) {
	type key struct {
		g string
		w int
	}
	hidden := map[key]bool{} // (guideline, window) with a withheld difference
	for i := range rows {
		e := &rows[i]
		if e.Indicator != "E01" || e.BodyID == "all" || e.Reason != "" {
			continue
		}
		hid := false
		if small(e.BeforeDen) {
			e.Before, e.BeforeNum, e.BeforeDen, hid = nil, nil, nil, true
		}
		if small(e.AfterDen) {
			e.After, e.AfterNum, e.AfterDen, hid = nil, nil, nil, true
		}
		if small(e.CompBeforeDen) {
			e.CompBefore, e.CompBeforeNum, e.CompBeforeDen, hid = nil, nil, nil, true
		}
		if small(e.CompAfterDen) {
			e.CompAfter, e.CompAfterNum, e.CompAfterDen, hid = nil, nil, nil, true
		}
		if hid {
			if e.DiD != nil {
				hidden[key{e.GuidelineID, e.WindowDays}] = true
			}
			e.DiD, e.Suppressed = nil, true
		}
	}
	for i := range rows {
		e := &rows[i]
		if e.Indicator == "E01" && e.BodyID == "all" && hidden[key{e.GuidelineID, e.WindowDays}] {
			e.DiD, e.Suppressed = nil, true
		}
	}
}
