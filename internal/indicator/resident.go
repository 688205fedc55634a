package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"osservatorio/internal/resident"
)

// MaxResidentValues bounds the values KeepResident holds in memory (about
// 55 bytes each: the 708,400 of the 10 M bench set take 39 MB and load in
// 1.2 s). A snapshot with more is read from the database.
const MaxResidentValues = 2_000_000

var residentLimit = MaxResidentValues // lowered by a test

// The published snapshot's values of the scopes that are not bodies (all,
// cycles, programmes, body types, regions) are held in memory: every
// uncached overview, composition or participation page reads a scope's
// indicators, and from DuckDB that read costs 4–6 ms of CPU at 10 M
// attendance rows (a row group decompressed for a few hundred values).
// Bodies stay in the database: they are four times as many values, and a
// body page's cost is elsewhere (its members and network).
//
// The values are the stored ones, before the small-cell rule: SnapshotValues
// applies it to what it returns from memory as from the database.
var held resident.Sets[*residentSet]

// residentSet is one snapshot's values, by scope, each scope's sorted as
// SnapshotValues sorts (indicator, period, category). Strings are interned
// in strs; a value is 48 bytes.
type residentSet struct {
	asOf   string // its data version is the holder's
	strs   []string
	scopes map[string][]packedValue
}

type packedValue struct {
	indicator, period, category uint32 // indexes into strs
	value, numerator, denom     float64
	bound                       float64
	nulls                       uint8 // nullValue…: which of the four are NULL
	estimate                    bool
}

const (
	nullValue = 1 << iota
	nullNumerator
	nullDenominator
	nullBound
)

// KeepResident loads the values of snap's scopes that are not bodies into
// memory, in place of what was held for db, and returns how many it holds.
// serve calls it after each publication; until it returns, and for any
// other snapshot, reads go to the database. A snapshot with more than
// MaxResidentValues such values is not held (an error says so) and the
// previous set is dropped. A newer version's set, put in place by a later
// publication while this one loaded, is kept.
func KeepResident(ctx context.Context, db *sql.DB, snap Snapshot) (int, error) {
	if snap.Zero() {
		return 0, nil
	}
	set, n, err := loadResident(ctx, db, snap)
	if err != nil {
		held.Drop(db)
		return 0, err
	}
	held.Put(db, snap.DataVersion, set)
	return n, nil
}

// DropResident forgets the values held for db (its store is closing).
func DropResident(db *sql.DB) { held.Drop(db) }

func loadResident(ctx context.Context, db *sql.DB, snap Snapshot) (*residentSet, int, error) {
	const where = ` FROM indicator_values WHERE data_version = ? AND as_of = CAST(? AS DATE) AND NOT starts_with(scope, 'body:')`
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*)`+where, snap.DataVersion, snap.AsOf).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("indicator: values in memory: %w", err)
	}
	if n > residentLimit {
		return nil, 0, fmt.Errorf("indicator: values in memory: %d values of scopes that are not bodies, more than the %d held", n, residentLimit)
	}
	rows, err := db.QueryContext(ctx, `SELECT indicator, scope, period, category, value, numerator, denominator,
		coalesce(estimate, false), error_bound`+where+` ORDER BY scope, indicator, period, category`, snap.DataVersion, snap.AsOf)
	if err != nil {
		return nil, 0, fmt.Errorf("indicator: values in memory: %w", err)
	}
	defer rows.Close()
	set := &residentSet{asOf: snap.AsOf, scopes: map[string][]packedValue{}}
	index := map[string]uint32{}
	intern := func(s string) uint32 {
		i, ok := index[s]
		if !ok {
			i = uint32(len(set.strs))
			index[s] = i
			set.strs = append(set.strs, s)
		}
		return i
	}
	var held int
	var scope, cur string
	var vals []packedValue
	for rows.Next() {
		var ind, period, cat string
		var val, num, den, bound sql.NullFloat64
		var p packedValue
		if err := rows.Scan(&ind, &scope, &period, &cat, &val, &num, &den, &p.estimate, &bound); err != nil {
			return nil, 0, err
		}
		if scope != cur {
			if vals != nil {
				set.scopes[cur] = slices.Clip(vals)
			}
			cur, vals = scope, nil
		}
		p.indicator, p.period, p.category = intern(ind), intern(period), intern(cat)
		fill := func(n sql.NullFloat64, null uint8) float64 {
			if !n.Valid {
				p.nulls |= null
			}
			return n.Float64
		}
		p.value, p.numerator = fill(val, nullValue), fill(num, nullNumerator)
		p.denom, p.bound = fill(den, nullDenominator), fill(bound, nullBound)
		vals = append(vals, p)
		held++
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if vals != nil {
		set.scopes[cur] = slices.Clip(vals)
	}
	return set, held, nil
}

// residentValues returns the values f selects from memory, before the
// small-cell rule, when they are held: f names one scope that is not a body
// of the snapshot held for db, without a prefix or paging.
func residentValues(db *sql.DB, snap Snapshot, f Filter) ([]Value, bool) {
	if f.Scope == "" || strings.HasPrefix(f.Scope, "body:") || f.ScopePrefix != "" || f.Limit > 0 || f.Offset > 0 {
		return nil, false
	}
	set, version, ok := held.Get(db)
	if !ok || version != snap.DataVersion || set.asOf != snap.AsOf {
		return nil, false
	}
	want := f.Indicators
	if len(want) == 0 && f.Indicator != "" {
		want = []string{f.Indicator}
	}
	var out []Value
	for _, p := range set.scopes[f.Scope] {
		ind := set.strs[p.indicator]
		if len(want) > 0 && !slices.Contains(want, ind) || f.Period != "" && set.strs[p.period] != f.Period {
			continue
		}
		v := Value{Indicator: ind, Scope: f.Scope, Period: set.strs[p.period], Category: set.strs[p.category],
			DataVersion: version, AsOf: set.asOf, Estimate: p.estimate}
		v.Value, v.Numerator = p.unpack(nullValue, p.value), p.unpack(nullNumerator, p.numerator)
		v.Denominator, v.ErrorBound = p.unpack(nullDenominator, p.denom), p.unpack(nullBound, p.bound)
		out = append(out, v)
	}
	return out, true
}

func (p *packedValue) unpack(null uint8, x float64) *float64 {
	if p.nulls&null != 0 {
		return nil
	}
	return &x
}
