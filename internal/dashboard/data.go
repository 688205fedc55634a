package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Filters are the selections of a view, taken from URL query parameters, so
// every view has a shareable address.
type Filters struct {
	Cycle     string
	Programme string
	BodyType  string
	Nuts      string
	Year      string
	Body      string
	Org       string
}

// FiltersFrom reads the filters of a URL query.
func FiltersFrom(q url.Values) Filters {
	return Filters{Cycle: q.Get("cycle"), Programme: q.Get("programme"), BodyType: q.Get("body_type"),
		Nuts: q.Get("nuts"), Year: q.Get("year"), Body: q.Get("body"), Org: q.Get("org")}
}

// Query renders the filters back as URL parameters (empty ones left out).
func (f Filters) Query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"cycle": f.Cycle, "programme": f.Programme, "body_type": f.BodyType,
		"nuts": f.Nuts, "year": f.Year, "body": f.Body, "org": f.Org} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// Scope is the indicator scope the filters select. Snapshots exist per single
// scope, so the most specific filter wins: body, programme, body type, NUTS 2,
// cycle. Query panels apply every filter at once.
func (f Filters) Scope() string {
	switch {
	case f.Body != "":
		return "body:" + f.Body
	case f.Programme != "":
		return "programme:" + f.Programme
	case f.BodyType != "":
		return "body_type:" + f.BodyType
	case f.Nuts != "":
		return "nuts:" + f.Nuts
	case f.Cycle != "":
		return "cycle:" + f.Cycle
	}
	return "all"
}

// Period is the selected year, or "all".
func (f Filters) Period() string {
	if f.Year != "" {
		return f.Year
	}
	return "all"
}

// Valid checks the values' form (they only ever reach SQL as parameters).
func (f Filters) Valid() error {
	if f.Year != "" {
		if y, err := strconv.Atoi(f.Year); err != nil || y < 1900 || y > 2200 {
			return fmt.Errorf("year %q is not a year", f.Year)
		}
	}
	return nil
}

// Snapshot identifies the indicator values a page is drawn from.
type Snapshot struct {
	DataVersion int64
	AsOf        string
	Computed    time.Time
}

// Latest returns the newest computed snapshot (zero when none yet).
func Latest(ctx context.Context, db *sql.DB) (Snapshot, error) {
	var s Snapshot
	var asOf time.Time
	err := db.QueryRowContext(ctx, `SELECT data_version, as_of, finished FROM indicator_runs
		ORDER BY data_version DESC, finished DESC LIMIT 1`).Scan(&s.DataVersion, &asOf, &s.Computed)
	if err == sql.ErrNoRows {
		return Snapshot{}, nil
	}
	s.AsOf = asOf.Format(time.DateOnly)
	return s, err
}

// Table is a panel's data: what the chart draws, the data table shows and
// the CSV download holds.
type Table struct {
	Columns []string
	Rows    [][]any
}

// Col returns the index of a column, or -1.
func (t Table) Col(name string) int {
	for i, c := range t.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// params are the named SQL parameters every dashboard query may use.
func params(f Filters, s Snapshot, lang string) []any {
	asOf := s.AsOf
	if asOf == "" {
		asOf = time.Now().Format(time.DateOnly)
	}
	return []any{
		sql.Named("cycle", f.Cycle), sql.Named("programme", f.Programme), sql.Named("body_type", f.BodyType),
		sql.Named("nuts", f.Nuts), sql.Named("year", f.Year), sql.Named("body", f.Body), sql.Named("org", f.Org),
		sql.Named("scope", f.Scope()), sql.Named("period", f.Period()), sql.Named("data_version", s.DataVersion),
		sql.Named("as_of", asOf), sql.Named("lang", lang),
	}
}

// indicatorSQL are the built-in views of an indicator's snapshot values.
var indicatorSQL = map[string]string{
	"series": `SELECT period AS anno, coalesce(category, '') AS categoria, value AS valore,
		numerator AS numeratore, denominator AS denominatore
		FROM indicator_values WHERE indicator = $indicator AND scope = $scope AND period <> 'all'
		AND data_version = $data_version AND as_of = $as_of::DATE ORDER BY period, categoria`,
	"categories": `SELECT coalesce(category, '') AS categoria, value AS valore, numerator AS numeratore, denominator AS denominatore
		FROM indicator_values WHERE indicator = $indicator AND scope = $scope AND period = $period
		AND data_version = $data_version AND as_of = $as_of::DATE ORDER BY categoria`,
}

// PanelData computes the table of one panel.
func PanelData(ctx context.Context, db *sql.DB, p Panel, f Filters, s Snapshot, lang string) (Table, error) {
	var q string
	args := params(f, s, lang)
	switch {
	case p.Query != "":
		var err error
		if q, err = QuerySQL(p.Query); err != nil {
			return Table{}, err
		}
	case p.Chart == "kpis":
		return headline(ctx, db, p.Indicators, f, s)
	default:
		view := p.View
		if view == "" {
			view = "series"
		}
		q = indicatorSQL[view]
		if q == "" {
			return Table{}, fmt.Errorf("panel %s: unknown view %q", p.ID, view)
		}
		args = append(args, sql.Named("indicator", p.Indicator))
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return Table{}, fmt.Errorf("panel %s: %w", p.ID, err)
	}
	defer rows.Close()
	return readTable(rows)
}

func readTable(rows *sql.Rows) (Table, error) {
	cols, err := rows.Columns()
	if err != nil {
		return Table{}, err
	}
	t := Table{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return t, err
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, rows.Err()
}

// headline gives, per indicator, the value for the period and for the year
// before (for period all: the latest year and the one before it).
func headline(ctx context.Context, db *sql.DB, ids []string, f Filters, s Snapshot) (Table, error) {
	t := Table{Columns: []string{"indicatore", "anno", "valore", "anno_precedente", "valore_precedente"}}
	for _, id := range ids {
		rows, err := db.QueryContext(ctx, `SELECT period, value FROM indicator_values
			WHERE indicator = ? AND scope = ? AND coalesce(category, '') = '' AND period <> 'all'
			AND data_version = ? AND as_of = ?::DATE ORDER BY period`, id, f.Scope(), s.DataVersion, s.AsOf)
		if err != nil {
			return t, err
		}
		byYear := map[string]any{}
		var years []string
		for rows.Next() {
			var p string
			var v sql.NullFloat64
			if err := rows.Scan(&p, &v); err != nil {
				rows.Close()
				return t, err
			}
			years = append(years, p)
			if v.Valid {
				byYear[p] = v.Float64
			} else {
				byYear[p] = nil
			}
		}
		rows.Close()
		year := f.Year
		if year == "" && len(years) > 0 {
			year = years[len(years)-1]
		}
		prev := ""
		if y, err := strconv.Atoi(year); err == nil {
			prev = strconv.Itoa(y - 1)
		}
		t.Rows = append(t.Rows, []any{id, year, byYear[year], prev, byYear[prev]})
	}
	return t, nil
}
