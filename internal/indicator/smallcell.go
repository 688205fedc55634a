package indicator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// SmallCell is an indicator's small-cell rule, declared in its metadata
// ("small_cell: denominator < 3 people: …"): a value whose Count (the
// numerator or the denominator) is at least 1 and below Below describes too
// few people to publish. Value, numerator and denominator are then withheld
// alike on every public page, table, download and API answer; an empty cell
// (0 people) has no value to hide and is shown as no data.
type SmallCell struct {
	Count string  // "numerator" or "denominator"
	Below float64 // e.g. 3
}

var smallCellForm = regexp.MustCompile(`^(numerator|denominator) < ([0-9]+)\b`)

// ParseSmallCell reads a small_cell metadata value: "none …" is no rule,
// "numerator|denominator < N …" is a rule; anything else is an error, so a
// rule cannot be mistyped into silence.
func ParseSmallCell(text string) (*SmallCell, error) {
	text = strings.TrimSpace(text)
	if text == "none" || strings.HasPrefix(text, "none ") {
		return nil, nil
	}
	m := smallCellForm.FindStringSubmatch(text)
	if m == nil {
		return nil, fmt.Errorf("%q is neither \"none …\" nor \"numerator|denominator < N …\"", text)
	}
	n, _ := strconv.ParseFloat(m[2], 64)
	return &SmallCell{Count: m[1], Below: n}, nil
}

// Hides reports whether a value with these counts must be withheld.
func (r SmallCell) Hides(num, den *float64) bool {
	c := den
	if r.Count == "numerator" {
		c = num
	}
	return c != nil && *c >= 1 && *c < r.Below
}

// Withhold applies each value's small-cell rule in place: a value about too
// few people loses value, numerator and denominator and is marked
// Suppressed. Everything that publishes stored values calls it (the API and
// pages through SnapshotValues, evidence packs where they are shown).
func Withhold(vals []Value) error {
	rules, err := smallCellRules()
	if err != nil {
		return err
	}
	for i := range vals {
		v := &vals[i]
		if r, ok := rules[v.Indicator]; ok && r.Hides(v.Numerator, v.Denominator) {
			v.Value, v.Numerator, v.Denominator, v.Suppressed = nil, nil, nil, true
		}
	}
	return nil
}

var (
	rulesOnce sync.Once
	rules     map[string]SmallCell
	rulesErr  error
)

// smallCellRules maps indicator ids to their small-cell rule.
func smallCellRules() (map[string]SmallCell, error) {
	rulesOnce.Do(func() {
		defs, err := Catalogue()
		if err != nil {
			rulesErr = err
			return
		}
		rules = map[string]SmallCell{}
		for _, d := range defs {
			if d.Small != nil {
				rules[d.ID] = *d.Small
			}
		}
	})
	return rules, rulesErr
}
