package guideline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"osservatorio/queries"
)

// Guideline is one guideline as its adoptions record it at a data version.
type Guideline struct {
	ID     string `json:"guideline_id"`
	Title  string `json:"title"`  // of the latest adoption that gives one
	Bodies int    `json:"bodies"` // adopting bodies
	First  string `json:"first_adopted"`
	Last   string `json:"last_adopted"`
}

// ErrUnknown: no body had adopted the guideline at that data version.
var ErrUnknown = errors.New("guideline: no adoption of this guideline")

// Guidelines lists the guidelines adopted at data version v.
func Guidelines(ctx context.Context, db *sql.DB, v int64) ([]Guideline, error) {
	q, err := fs.ReadFile(queries.FS, "guidelines/list.sql")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, string(q), v)
	if err != nil {
		return nil, fmt.Errorf("guideline: list: %w", err)
	}
	defer rows.Close()
	var out []Guideline
	for rows.Next() {
		var g Guideline
		var title sql.NullString
		if err := rows.Scan(&g.ID, &title, &g.Bodies, &g.First, &g.Last); err != nil {
			return nil, err
		}
		g.Title = title.String
		out = append(out, g)
	}
	return out, rows.Err()
}

// Report is what a guideline's page shows: the guideline, its adoptions,
// the comparison (every window of p; none when p.AsOf is empty: nothing to
// cut the windows at) and the names of the bodies it mentions. The effects
// carry every value: public pages pass them to Withhold.
type Report struct {
	Guideline
	Adoptions []Adoption
	Effects   []Effect
	BodyNames map[string]string
}

// Detail reads the report of guideline p.Guideline at p.DataVersion;
// ErrUnknown when it had no adoption then.
func Detail(ctx context.Context, db *sql.DB, p Params) (Report, error) {
	var r Report
	if p.Guideline == "" {
		return r, ErrUnknown
	}
	list, err := Guidelines(ctx, db, p.DataVersion)
	if err != nil {
		return r, err
	}
	for _, g := range list {
		if g.ID == p.Guideline {
			r.Guideline = g
		}
	}
	if r.ID == "" {
		return r, ErrUnknown
	}
	if r.Adoptions, err = Adoptions(ctx, db, p.DataVersion, p.Guideline); err != nil {
		return r, err
	}
	if p.AsOf != "" {
		if r.Effects, err = Effects(ctx, db, p); err != nil {
			return r, err
		}
	}
	r.BodyNames, err = bodyNames(ctx, db, p.DataVersion)
	return r, err
}

func bodyNames(ctx context.Context, db *sql.DB, v int64) (map[string]string, error) {
	q, err := fs.ReadFile(queries.FS, "guidelines/body_names.sql")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, string(q), v)
	if err != nil {
		return nil, fmt.Errorf("guideline: body names: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// Windows are the dates of one adoption's windows: before = d − L … d − 1,
// after = d … d + L − 1 (also the day by which a comparison body must not
// have adopted the guideline).
type Windows struct {
	BeforeFrom, BeforeTo, AfterFrom, AfterTo string
}

// WindowDates gives the windows of an adoption on day adopted (YYYY-MM-DD)
// with L days in each.
func WindowDates(adopted string, l int) (Windows, error) {
	d, err := time.Parse(time.DateOnly, adopted)
	if err != nil {
		return Windows{}, fmt.Errorf("guideline: adoption date %q: %w", adopted, err)
	}
	day := func(n int) string { return d.AddDate(0, 0, n).Format(time.DateOnly) }
	return Windows{BeforeFrom: day(-l), BeforeTo: day(-1), AfterFrom: day(0), AfterTo: day(l - 1)}, nil
}

// Caveats that go with a row of the comparison wherever it is shown, besides
// the reasons an adoption is not compared (ReasonAfterAsOf,
// ReasonUnder30Days).
const (
	CaveatOpen          = "open_window"           // L < w: the after window has not run its course
	CaveatNoComparison  = "no_comparison_bodies"  // empty comparison group: no difference
	CaveatFewComparison = "few_comparison_bodies" // fewer than FewComparisonBodies
	CaveatWithheld      = "small_cells_withheld"  // Withhold blanked values
)

// FewComparisonBodies: a comparison group smaller than this moves with a
// single meeting of one of its bodies, so pages say so.
const FewComparisonBodies = 3

// Caveats lists the caveats of e, reason first.
func (e Effect) Caveats() []string {
	var out []string
	if e.Reason != "" {
		out = append(out, e.Reason)
	}
	if e.Open != nil && *e.Open {
		out = append(out, CaveatOpen)
	}
	if e.CompNBodies != nil {
		switch n := *e.CompNBodies; {
		case n == 0:
			out = append(out, CaveatNoComparison)
		case n < FewComparisonBodies:
			out = append(out, CaveatFewComparison)
		}
	}
	if e.Suppressed {
		out = append(out, CaveatWithheld)
	}
	return out
}
