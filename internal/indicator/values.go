package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Value is one stored indicator value. Value, Numerator and Denominator are
// nil where NULL; Category is "" for indicators without categories.
type Value struct {
	Indicator, Scope, Period, Category string
	Value, Numerator, Denominator      *float64
	DataVersion                        int64
	AsOf                               string // YYYY-MM-DD
	// Suppressed: the value describes too few people to publish (the
	// indicator's small-cell rule); Value, Numerator and Denominator are nil.
	Suppressed bool
	// Estimate: a sampling estimate (N03 above the exact limits), within
	// ±ErrorBound of the exact value with probability 0.9.
	Estimate   bool
	ErrorBound *float64
}

// Filter selects stored values. Empty strings match everything.
type Filter struct {
	Indicator, Scope, Period string
	// Indicators, when set, selects several indicators at once (with
	// Indicator empty); ScopePrefix the scopes of one kind ("nuts:"), read
	// as a range of the sorted snapshot (see storeValues).
	Indicators  []string
	ScopePrefix string
	// DataVersion and AsOf name the snapshot as Resolve reads them: both
	// empty is the published snapshot.
	DataVersion int64
	AsOf        string
	// WithCounts keeps the values of small cells (for researchers and the
	// CLI); without it the small-cell rule of each indicator suppresses them.
	WithCounts bool
	// Limit and Offset page the values in their order (Limit 0: all).
	Limit, Offset int
}

// Values returns the values of one snapshot, sorted by indicator, scope,
// period and category. A snapshot that is not stored is a *NoSnapshotError.
func Values(ctx context.Context, db *sql.DB, f Filter) ([]Value, error) {
	snap, err := Resolve(ctx, db, f.DataVersion, f.AsOf)
	if err != nil {
		return nil, err
	}
	return SnapshotValues(ctx, db, snap, f)
}

// SnapshotValues is Values for a snapshot already resolved (f's DataVersion
// and AsOf are ignored): from memory when KeepResident holds them, else
// from the database.
func SnapshotValues(ctx context.Context, db *sql.DB, snap Snapshot, f Filter) ([]Value, error) {
	out, ok := residentValues(db, snap, f)
	if !ok {
		var err error
		if out, err = storedValues(ctx, db, snap, f); err != nil {
			return nil, err
		}
	}
	if !f.WithCounts {
		if err := Withhold(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// storedValues reads the values f selects from the database, before the
// small-cell rule.
func storedValues(ctx context.Context, db *sql.DB, snap Snapshot, f Filter) ([]Value, error) {
	dv, asOf := snap.DataVersion, snap.AsOf
	// The snapshot is stored in reading order (storeValues): the scopes
	// that are not bodies by scope, then the bodies' by indicator and scope.
	// So several indicators of one such scope are one SELECT (its few row
	// groups, read once); otherwise one SELECT per indicator, where an
	// equality prunes to that indicator's row groups and an IN list would
	// read those of every indicator between the first and the last.
	var parts []string
	var args []any
	// selectOf adds the SELECT of the indicators ids (none: every one).
	selectOf := func(ids []string) {
		part := `SELECT indicator, scope, period, category, value, numerator, denominator, coalesce(estimate, false), error_bound
		FROM indicator_values WHERE data_version = ? AND as_of = CAST(? AS DATE)`
		args = append(args, dv, asOf)
		switch len(ids) {
		case 0:
		case 1:
			part += " AND indicator = ?"
			args = append(args, ids[0])
		default:
			part += " AND indicator IN (?" + strings.Repeat(", ?", len(ids)-1) + ")"
			for _, id := range ids {
				args = append(args, id)
			}
		}
		for _, c := range []struct{ col, v string }{{"scope", f.Scope}, {"period", f.Period}} {
			if c.v != "" {
				part += " AND " + c.col + " = ?"
				args = append(args, c.v)
			}
		}
		if p := f.ScopePrefix; p != "" {
			// The prefix's range: from p up to p with its last byte incremented.
			part += " AND scope >= ? AND scope < ?"
			args = append(args, p, p[:len(p)-1]+string(rune(p[len(p)-1]+1)))
		}
		parts = append(parts, part)
	}
	switch ids := f.Indicators; {
	case len(ids) == 0 && f.Indicator == "":
		selectOf(nil)
	case len(ids) == 0:
		selectOf([]string{f.Indicator})
	case f.Scope != "" && !strings.HasPrefix(f.Scope, "body:"):
		selectOf(ids)
	default:
		for _, id := range ids {
			selectOf([]string{id})
		}
	}
	q := strings.Join(parts, "\nUNION ALL\n")
	q += " ORDER BY indicator, scope, period, category"
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("indicator: values: %w", err)
	}
	defer rows.Close()
	var out []Value
	for rows.Next() {
		v := Value{DataVersion: dv, AsOf: asOf}
		var val, num, den, bound sql.NullFloat64
		if err := rows.Scan(&v.Indicator, &v.Scope, &v.Period, &v.Category, &val, &num, &den, &v.Estimate, &bound); err != nil {
			return nil, err
		}
		v.Value, v.Numerator, v.Denominator, v.ErrorBound = ptr(val), ptr(num), ptr(den), ptr(bound)
		out = append(out, v)
	}
	return out, rows.Err()
}

func ptr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	return &n.Float64
}

// Broker is one of N03's top organisations. Betweenness is raw (each pair of
// other organisations counted once); Normalised is divided by (N-1)(N-2)/2.
// Name and Category come from the current organisations table. Estimate:
// the values are a sampling estimate from SamplePaths shortest paths,
// Normalised within ±ErrorBound for every organisation with probability 0.9.
type Broker struct {
	Rank                    int
	OrgID, Name, Category   string
	Betweenness, Normalised float64
	Estimate                bool
	ErrorBound              *float64 `json:",omitempty"`
	SamplePaths             int      `json:",omitempty"`
}

// Brokers returns N03's top organisations for a scope and period, by rank,
// from the snapshot of dataVersion (0 = latest) at its latest as_of.
func Brokers(ctx context.Context, db *sql.DB, scope, period string, dataVersion int64) ([]Broker, error) {
	return BrokersAt(ctx, db, scope, period, dataVersion, "")
}

// BrokersAt is Brokers for a given as_of ("" = the latest for the version).
func BrokersAt(ctx context.Context, db *sql.DB, scope, period string, dataVersion int64, asOf string) ([]Broker, error) {
	snap, err := Resolve(ctx, db, dataVersion, asOf)
	if err != nil {
		return nil, err
	}
	dv, at := snap.DataVersion, snap.AsOf
	rows, err := db.QueryContext(ctx, `SELECT b.rank, b.org_id, coalesce(o.name, ''), coalesce(o.category, ''),
			b.betweenness, b.normalised, coalesce(b.estimate, false), b.error_bound, coalesce(b.sample_paths, 0)
		FROM indicator_brokers b LEFT JOIN organisations o ON o.org_id = b.org_id
		WHERE b.data_version = ? AND b.as_of = CAST(? AS DATE) AND b.scope = ? AND b.period = ?
		ORDER BY b.rank`, dv, at, scope, period)
	if err != nil {
		return nil, fmt.Errorf("indicator: brokers: %w", err)
	}
	defer rows.Close()
	var out []Broker
	for rows.Next() {
		var b Broker
		var bound sql.NullFloat64
		if err := rows.Scan(&b.Rank, &b.OrgID, &b.Name, &b.Category, &b.Betweenness, &b.Normalised,
			&b.Estimate, &bound, &b.SamplePaths); err != nil {
			return nil, err
		}
		b.ErrorBound = ptr(bound)
		out = append(out, b)
	}
	return out, rows.Err()
}
