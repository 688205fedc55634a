package dashboard

import (
	"context"
	"database/sql"
	"strings"

	"osservatorio/internal/indicator"
)

// Side is one side of a comparison: an indicator scope and a period.
type Side struct{ Scope, Period string }

// CompareRow is one indicator's values on the two sides (nil: no value).
type CompareRow struct {
	Indicator        string
	A, B             *float64
	AHidden, BHidden bool // withheld by the small-cell rule
}

// CheckSide refuses a scope or period that names nothing in the data: a
// scope is "all" or kind:value with kind one of body, body_type, programme,
// cycle, nuts; a period is "all" or a year with meetings.
func (o Options) CheckSide(param string, scope string, pparam, period string) error {
	if scope != "all" {
		kind, v, ok := strings.Cut(scope, ":")
		valid := false
		if ok && kind != "year" {
			for _, c := range o[kind] {
				valid = valid || c.Value == v
			}
		}
		if !valid {
			return &ParamError{param, scope, "all, or body:<id>, body_type:<type>, programme:<code>, cycle:<cycle>, nuts:<NUTS 2> of a value in the data"}
		}
	}
	if period != "all" {
		valid := false
		for _, c := range o["year"] {
			valid = valid || c.Value == period
		}
		if !valid {
			return &ParamError{pparam, period, "all, or a year with meetings"}
		}
	}
	return nil
}

// Compare puts the indicators without categories of two sides next to each
// other, from one snapshot.
func Compare(ctx context.Context, db *sql.DB, snap indicator.Snapshot, a, b Side) ([]CompareRow, error) {
	var rows []CompareRow
	pos := map[string]int{}
	for side, sd := range []Side{a, b} {
		vs, err := indicator.SnapshotValues(ctx, db, snap, indicator.Filter{Scope: sd.Scope, Period: sd.Period})
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if v.Category != "" {
				continue
			}
			i, ok := pos[v.Indicator]
			if !ok {
				i = len(rows)
				pos[v.Indicator] = i
				rows = append(rows, CompareRow{Indicator: v.Indicator})
			}
			if side == 0 {
				rows[i].A, rows[i].AHidden = v.Value, v.Suppressed
			} else {
				rows[i].B, rows[i].BHidden = v.Value, v.Suppressed
			}
		}
	}
	return rows, nil
}
