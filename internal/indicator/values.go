package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Value is one stored indicator value. Value, Numerator and Denominator are
// nil where NULL; Category is "" for indicators without categories.
type Value struct {
	Indicator, Scope, Period, Category string
	Value, Numerator, Denominator      *float64
	DataVersion                        int64
	AsOf                               string // YYYY-MM-DD
}

// Filter selects stored values. Empty strings match everything.
type Filter struct {
	Indicator, Scope, Period string
	DataVersion              int64  // 0 = the latest version with a snapshot
	AsOf                     string // "" = the latest as_of computed for that version
}

// Values returns the values of one snapshot, sorted by indicator, scope,
// period and category. Without any snapshot it returns no values and no error.
func Values(ctx context.Context, db *sql.DB, f Filter) ([]Value, error) {
	dv, asOf, ok, err := resolve(ctx, db, f.DataVersion, f.AsOf)
	if err != nil || !ok {
		return nil, err
	}
	q := `SELECT indicator, scope, period, category, value, numerator, denominator
		FROM indicator_values WHERE data_version = ? AND as_of = CAST(? AS DATE)`
	args := []any{dv, asOf}
	for _, c := range []struct{ col, v string }{{"indicator", f.Indicator}, {"scope", f.Scope}, {"period", f.Period}} {
		if c.v != "" {
			q += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	q += " ORDER BY indicator, scope, period, category"
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("indicator: values: %w", err)
	}
	defer rows.Close()
	var out []Value
	for rows.Next() {
		v := Value{DataVersion: dv, AsOf: asOf}
		var val, num, den sql.NullFloat64
		if err := rows.Scan(&v.Indicator, &v.Scope, &v.Period, &v.Category, &val, &num, &den); err != nil {
			return nil, err
		}
		v.Value, v.Numerator, v.Denominator = ptr(val), ptr(num), ptr(den)
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
// Name and Category come from the current organisations table.
type Broker struct {
	Rank                    int
	OrgID, Name, Category   string
	Betweenness, Normalised float64
}

// Brokers returns N03's top organisations for a scope and period, by rank,
// from the snapshot of dataVersion (0 = latest) at its latest as_of.
func Brokers(ctx context.Context, db *sql.DB, scope, period string, dataVersion int64) ([]Broker, error) {
	return BrokersAt(ctx, db, scope, period, dataVersion, "")
}

// BrokersAt is Brokers for a given as_of ("" = the latest for the version).
func BrokersAt(ctx context.Context, db *sql.DB, scope, period string, dataVersion int64, asOf string) ([]Broker, error) {
	dv, at, ok, err := resolve(ctx, db, dataVersion, asOf)
	if err != nil || !ok {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT b.rank, b.org_id, coalesce(o.name, ''), coalesce(o.category, ''),
			b.betweenness, b.normalised
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
		if err := rows.Scan(&b.Rank, &b.OrgID, &b.Name, &b.Category, &b.Betweenness, &b.Normalised); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Snapshot is one stored refresh.
type Snapshot struct {
	DataVersion       int64
	AsOf              string
	Started, Finished time.Time
	SQL, Network      time.Duration
	Rows              int64
}

// Snapshots lists the stored refreshes, newest data version first, then
// newest as_of.
func Snapshots(ctx context.Context, db *sql.DB) ([]Snapshot, error) {
	rows, err := db.QueryContext(ctx, `SELECT data_version, strftime(as_of, '%Y-%m-%d'), started, finished, sql_ms, network_ms, rows
		FROM indicator_runs ORDER BY data_version DESC, as_of DESC`)
	if err != nil {
		return nil, fmt.Errorf("indicator: snapshots: %w", err)
	}
	defer rows.Close()
	var out []Snapshot
	for rows.Next() {
		var s Snapshot
		var sqlMS, netMS int64
		if err := rows.Scan(&s.DataVersion, &s.AsOf, &s.Started, &s.Finished, &sqlMS, &netMS, &s.Rows); err != nil {
			return nil, err
		}
		s.SQL, s.Network = time.Duration(sqlMS)*time.Millisecond, time.Duration(netMS)*time.Millisecond
		out = append(out, s)
	}
	return out, rows.Err()
}

// resolve turns (0, "") into the latest stored data version and its latest
// as_of (the greatest date, not the most recent run). ok is false when there
// is no such snapshot.
func resolve(ctx context.Context, db *sql.DB, dv int64, asOf string) (int64, string, bool, error) {
	if asOf != "" {
		if _, err := time.Parse(time.DateOnly, asOf); err != nil {
			return 0, "", false, fmt.Errorf("indicator: as_of %q is not a YYYY-MM-DD date", asOf)
		}
	}
	if dv == 0 {
		var v sql.NullInt64
		if err := db.QueryRowContext(ctx, "SELECT max(data_version) FROM indicator_runs").Scan(&v); err != nil {
			return 0, "", false, fmt.Errorf("indicator: %w", err)
		}
		if !v.Valid {
			return 0, "", false, nil
		}
		dv = v.Int64
	}
	var at sql.NullString
	q := "SELECT strftime(max(as_of), '%Y-%m-%d') FROM indicator_runs WHERE data_version = ?"
	args := []any{dv}
	if asOf != "" {
		q += " AND as_of = CAST(? AS DATE)"
		args = append(args, asOf)
	}
	if err := db.QueryRowContext(ctx, q, args...).Scan(&at); err != nil {
		return 0, "", false, fmt.Errorf("indicator: %w", err)
	}
	if !at.Valid {
		return 0, "", false, nil
	}
	return dv, strings.TrimSpace(at.String), true, nil
}
