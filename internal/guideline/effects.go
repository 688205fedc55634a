// Package guideline compares how bodies work before and after they adopt a
// guideline (the Linee Guida on partnership co-design, a toolkit, a regional
// protocol): for each adoption, ten indicators over the meetings of a window
// before and a window after the adoption date, the same for a comparison
// group of bodies of the same type that had not adopted it, the difference in
// differences, and its mean across the adopters. The definition is the
// section "Guideline adoptions: before and after" of the shared indicators.md;
// docs/GUIDELINES.md explains it. It is a description, not a causal estimate.
//
// The computation is SQL (queries/guidelines/effects.sql), not Go: it is a
// set computation over windows of meetings — joins and groupings DuckDB does
// well on the attendance rows — and, as for the indicators, researchers can
// read in one file exactly what is compared. Go binds the parameters, reads
// the rows and applies the public small-cell rule.
package guideline

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"osservatorio/queries"
)

// DefaultWindow is the window w in days when none is given; a request asks
// for at most MaxWindows windows of at most MaxWindowDays days (each window
// is one more pass over the attendance rows).
const (
	DefaultWindow = 365
	MaxWindows    = 4
	MaxWindowDays = 3650
)

// Reasons an adoption is not compared (Effect.Reason).
const (
	ReasonAfterAsOf   = "adopted_after_as_of"  // d > as_of
	ReasonUnder30Days = "window_under_30_days" // L < 30
)

// Indicators are the ten indicators compared, in the order rows come.
var Indicators = []string{"P01", "P04", "P05", "Q01", "Q02", "Q04", "Q07", "Q08", "E01", "E04"}

// Params choose the comparison.
type Params struct {
	DataVersion int64  // the records as they were at this version
	AsOf        string // reference date YYYY-MM-DD: windows end at the latest here
	Windows     []int  // window lengths w in days (default: DefaultWindow)
	Guideline   string // one guideline_id; "" = every guideline
}

// Effect is one row of the comparison: one adoption (BodyID) or the mean
// across the adopters (BodyID "all"), one indicator, one window. The JSON
// field names are the CLI's and the API's. An adoption not compared has
// Reason set, no indicator and no values.
type Effect struct {
	GuidelineID string   `json:"guideline_id"`
	BodyID      string   `json:"body_id"`
	Indicator   string   `json:"indicator"`
	WindowDays  int      `json:"window_days"`
	L           *int     `json:"L"`    // days in each window; nil for "all" and for an adoption after as_of
	Open        *bool    `json:"open"` // L < w; for "all": one of the adoptions with a value is open
	Before      *float64 `json:"before"`
	After       *float64 `json:"after"`
	BeforeNum   *float64 `json:"before_num"`
	BeforeDen   *float64 `json:"before_den"`
	AfterNum    *float64 `json:"after_num"`
	AfterDen    *float64 `json:"after_den"`
	CompBefore  *float64 `json:"comp_before"`
	CompAfter   *float64 `json:"comp_after"`
	CompNBodies *int     `json:"comp_n_bodies"`
	DiD         *float64 `json:"did"`
	N           *int     `json:"n"` // adoptions with a difference: 0 or 1 for one adoption
	Reason      string   `json:"reason,omitempty"`
	// Suppressed: a small cell was withheld (public answers only, see Withhold).
	Suppressed bool `json:"suppressed,omitempty"`

	// The comparison group's counts (used by the small-cell rule) and its
	// bodies (shown on the pages); not in the CLI's and the API's rows.
	CompBeforeNum, CompBeforeDen, CompAfterNum, CompAfterDen *float64 `json:"-"`
	CompBodies                                               []string `json:"-"`
}

// Effects computes the comparison for every adoption (or those of one
// guideline) and every window.
func Effects(ctx context.Context, db *sql.DB, p Params) ([]Effect, error) {
	if _, err := time.Parse(time.DateOnly, p.AsOf); err != nil {
		return nil, fmt.Errorf("guideline: as_of %q is not a date YYYY-MM-DD", p.AsOf)
	}
	windows := p.Windows
	if len(windows) == 0 {
		windows = []int{DefaultWindow}
	}
	q, err := fs.ReadFile(queries.FS, "guidelines/effects.sql")
	if err != nil {
		return nil, err
	}
	var out []Effect
	for _, w := range windows {
		if w < 1 {
			return nil, fmt.Errorf("guideline: window %d: a window is at least 1 day", w)
		}
		rows, err := db.QueryContext(ctx, string(q), p.DataVersion, p.AsOf, w, p.Guideline)
		if err != nil {
			return nil, fmt.Errorf("guideline: effects: %w", err)
		}
		if out, err = scanEffects(rows, out, w); err != nil {
			return nil, err
		}
	}
	// Guideline by guideline, then window by window; the query's order
	// (adoptions, the mean, those not compared) within.
	slices.SortStableFunc(out, func(a, b Effect) int {
		return cmp.Or(cmp.Compare(a.GuidelineID, b.GuidelineID), cmp.Compare(a.WindowDays, b.WindowDays))
	})
	return out, nil
}

// ParseWindows reads "365" or "180,365": whole days from 1 to MaxWindowDays,
// at most MaxWindows of them.
func ParseWindows(s string) ([]int, error) {
	parts := strings.Split(s, ",")
	if len(parts) > MaxWindows {
		return nil, fmt.Errorf("window %q: at most %d windows", s, MaxWindows)
	}
	var out []int
	for _, part := range parts {
		w, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || w < 1 || w > MaxWindowDays {
			return nil, fmt.Errorf("window %q: give whole days from 1 to %d (e.g. 365 or 180,365)", s, MaxWindowDays)
		}
		out = append(out, w)
	}
	return out, nil
}

func scanEffects(rows *sql.Rows, out []Effect, w int) ([]Effect, error) {
	defer rows.Close()
	for rows.Next() {
		var e Effect
		var ind, reason, members sql.NullString
		var l, compN, n sql.NullInt64
		var open sql.NullBool
		var f [13]sql.NullFloat64
		var part, ord int
		if err := rows.Scan(&e.GuidelineID, &e.BodyID, &ind, &l, &open, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5],
			&f[6], &f[7], &compN, &f[8], &n, &reason, &f[9], &f[10], &f[11], &f[12], &members, &part, &ord); err != nil {
			return out, err
		}
		if members.Valid {
			if err := json.Unmarshal([]byte(members.String), &e.CompBodies); err != nil {
				return out, fmt.Errorf("guideline: comparison bodies: %w", err)
			}
		}
		e.Indicator, e.Reason, e.WindowDays = ind.String, reason.String, w
		e.L, e.CompNBodies, e.N = intPtr(l), intPtr(compN), intPtr(n)
		if open.Valid {
			e.Open = &open.Bool
		}
		for i, dst := range []**float64{&e.Before, &e.After, &e.BeforeNum, &e.BeforeDen, &e.AfterNum, &e.AfterDen,
			&e.CompBefore, &e.CompAfter, &e.DiD, &e.CompBeforeNum, &e.CompBeforeDen, &e.CompAfterNum, &e.CompAfterDen} {
			if f[i].Valid {
				v := f[i].Float64
				*dst = &v
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func intPtr(v sql.NullInt64) *int {
	if !v.Valid {
		return nil
	}
	i := int(v.Int64)
	return &i
}

// CSVHeader is the header of the CSV form: the fields of Effect, reason last.
var CSVHeader = []string{"guideline_id", "body_id", "indicator", "window_days", "L", "open", "before", "after",
	"before_num", "before_den", "after_num", "after_den", "comp_before", "comp_after", "comp_n_bodies", "did", "n", "reason"}

// CSVRecord is e as a CSV row (empty = null).
func (e Effect) CSVRecord() []string {
	return []string{e.GuidelineID, e.BodyID, e.Indicator, strconv.Itoa(e.WindowDays), intText(e.L), boolText(e.Open),
		num(e.Before), num(e.After), num(e.BeforeNum), num(e.BeforeDen), num(e.AfterNum), num(e.AfterDen),
		num(e.CompBefore), num(e.CompAfter), intText(e.CompNBodies), num(e.DiD), intText(e.N), e.Reason}
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func boolText(p *bool) string {
	if p == nil {
		return ""
	}
	return strconv.FormatBool(*p)
}
