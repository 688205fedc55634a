package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"osservatorio/internal/indicator"
)

// SmallCell is a query panel's small-cell rule: rows whose Count column is
// at least 1 and below Below describe too few people, and their Columns are
// withheld (indicator panels take the rule of their indicator instead).
type SmallCell struct {
	Count   string   `yaml:"count"`
	Below   float64  `yaml:"below"`
	Columns []string `yaml:"columns"`
}

// PanelData computes the table of one panel from the snapshot snap (its data
// version and reference date), with every small-cell rule applied: this is
// the one place where public panel data is built, so the page, its data
// table and its CSV withhold the same cells.
func PanelData(ctx context.Context, db *sql.DB, p Panel, f Filters, snap indicator.Snapshot, lang string) (Table, error) {
	return panelData(ctx, db, p, f, snap, lang, readValues(ctx, db, snap, f.Scope()))
}

// panelData is PanelData with the scope's indicator values from vals.
func panelData(ctx context.Context, db *sql.DB, p Panel, f Filters, snap indicator.Snapshot, lang string, vals valueSource) (Table, error) {
	switch {
	case p.Query != "":
		t, err := queryPanel(ctx, db, p, f, snap, lang)
		if err != nil {
			return t, err
		}
		p.SmallCell.apply(t)
		return t, nil
	case p.Chart == "kpis":
		return headline(vals, p.Indicators, f)
	case p.View == "categories":
		return indicatorTable(vals, p.Indicator, f.Period(), false)
	case p.View == "regions":
		return regionTable(ctx, db, p.Indicator, f.Period(), snap)
	default:
		return indicatorTable(vals, p.Indicator, "", true)
	}
}

// valueSource gives the stored values of indicators in the filters' scope,
// every period, small cells withheld, sorted as indicator.Values sorts them.
type valueSource func(ids ...string) ([]indicator.Value, error)

// readValues reads them from the snapshot at each call.
func readValues(ctx context.Context, db *sql.DB, snap indicator.Snapshot, scope string) valueSource {
	return func(ids ...string) ([]indicator.Value, error) {
		return indicator.SnapshotValues(ctx, db, snap, indicator.Filter{Indicators: ids, Scope: scope})
	}
}

// pageValues reads the values of every indicator panel of panels (but
// regional maps, which read other scopes) in one statement, and serves the
// panels from them: a page's indicator panels cost one query, not one each.
func pageValues(ctx context.Context, db *sql.DB, panels []Panel, snap indicator.Snapshot, scope string) (valueSource, error) {
	read := readValues(ctx, db, snap, scope)
	var ids []string
	for _, p := range panels {
		switch {
		case p.Query != "" || p.View == "regions":
		case p.Chart == "kpis":
			ids = append(ids, p.Indicators...)
		default:
			ids = append(ids, p.Indicator)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) < 2 {
		return read, nil
	}
	all, err := read(ids...)
	if err != nil {
		return nil, err
	}
	byID := map[string][]indicator.Value{}
	for _, v := range all {
		byID[v.Indicator] = append(byID[v.Indicator], v)
	}
	return func(ids ...string) ([]indicator.Value, error) {
		var out []indicator.Value
		for _, id := range ids {
			out = append(out, byID[id]...)
		}
		return out, nil
	}, nil
}

func queryPanel(ctx context.Context, db *sql.DB, p Panel, f Filters, snap indicator.Snapshot, lang string) (Table, error) {
	var t Table
	var err error
	if p.StoredQuery != "" && !f.Mixed() {
		// The refresh stored the table for single scopes; a cell it does not
		// have (a filter value naming no scope) falls back to the records.
		if t, err = runQuery(ctx, db, p.ID, p.StoredQuery, f, snap, lang); err != nil {
			return t, err
		}
	}
	if len(t.Rows) == 0 {
		if t, err = runQuery(ctx, db, p.ID, p.Query, f, snap, lang); err != nil {
			return t, err
		}
	}
	if err := addNames(ctx, db, snap.DataVersion, p.Names, &t); err != nil {
		return t, fmt.Errorf("panel %s: %w", p.ID, err)
	}
	// A link naming a column the query does not return is a definition
	// error: say so rather than show names that lead nowhere.
	for col, l := range p.Links {
		if t.Col(col) < 0 || t.Col(l.ID) < 0 {
			return t, fmt.Errorf("panel %s: links.%s: query %s returns no column %q or %q", p.ID, col, p.Query, col, l.ID)
		}
	}
	return t, nil
}

// runQuery runs the dashboard query name for panel id.
func runQuery(ctx context.Context, db *sql.DB, id, name string, f Filters, snap indicator.Snapshot, lang string) (Table, error) {
	q, err := QuerySQL(name)
	if err != nil {
		return Table{}, err
	}
	rows, err := db.QueryContext(ctx, q, params(f, snap, lang)...)
	if err != nil {
		return Table{}, fmt.Errorf("panel %s: %w", id, err)
	}
	defer rows.Close()
	return readTable(rows)
}

// params are the named SQL parameters every dashboard query may use.
func params(f Filters, s indicator.Snapshot, lang string) []any {
	return []any{
		sql.Named("cycle", f.Cycle), sql.Named("programme", f.Programme), sql.Named("body_type", f.BodyType),
		sql.Named("nuts", f.Nuts), sql.Named("year", f.Year), sql.Named("body", f.Body), sql.Named("org", f.Org),
		sql.Named("scope", f.Scope()), sql.Named("period", f.Period()), sql.Named("data_version", s.DataVersion),
		sql.Named("as_of", s.AsOf), sql.Named("lang", lang),
	}
}

func (r *SmallCell) apply(t Table) {
	if r == nil {
		return
	}
	ci := t.Col(r.Count)
	if ci < 0 {
		return
	}
	for _, row := range t.Rows {
		n, ok := Number(row[ci])
		if !ok || n < 1 || n >= r.Below {
			continue
		}
		for _, c := range r.Columns {
			if i := t.Col(c); i >= 0 {
				row[i] = Suppressed{}
			}
		}
	}
}

// indicatorTable is an indicator's values in the scope: by year (series,
// every period but "all") or per category for one period.
func indicatorTable(vals valueSource, id, period string, series bool) (Table, error) {
	vs, err := vals(id)
	if err != nil {
		return Table{}, err
	}
	t := Table{Columns: []string{"anno", "categoria", "valore", "numeratore", "denominatore"}}
	if !series {
		t.Columns = t.Columns[1:]
	}
	for _, v := range vs {
		if series && v.Period == "all" || !series && v.Period != period {
			continue
		}
		row := []any{v.Category, cell(v.Value, v.Suppressed), cell(v.Numerator, v.Suppressed), cell(v.Denominator, v.Suppressed)}
		if series {
			row = append([]any{v.Period}, row...)
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// RegionColumns are the columns of a regions view: the region's name (as
// the map of Italy names it), its NUTS 2 code, the value and its counts.
var RegionColumns = []string{"regione", "nuts", "valore", "numeratore", "denominatore"}

// regionTable is an indicator's value in each NUTS 2 region's scope (the
// bodies located there) for one period, small cells withheld.
func regionTable(ctx context.Context, db *sql.DB, id, period string, snap indicator.Snapshot) (Table, error) {
	vs, err := indicator.SnapshotValues(ctx, db, snap, indicator.Filter{Indicator: id, Period: period, ScopePrefix: "nuts:"})
	if err != nil {
		return Table{}, err
	}
	opts, err := FilterOptions(ctx, db, snap)
	if err != nil {
		return Table{}, err
	}
	name := map[string]string{}
	for _, o := range opts["nuts"] { // "ITF5 Basilicata"
		name[o.Value] = strings.TrimSpace(strings.TrimPrefix(o.Label, o.Value))
	}
	t := Table{Columns: RegionColumns}
	for _, v := range vs {
		code, ok := strings.CutPrefix(v.Scope, "nuts:")
		if !ok || v.Category != "" || name[code] == "" {
			continue
		}
		t.Rows = append(t.Rows, []any{name[code], code, cell(v.Value, v.Suppressed), cell(v.Numerator, v.Suppressed), cell(v.Denominator, v.Suppressed)})
	}
	return t, nil
}

func cell(p *float64, suppressed bool) any {
	switch {
	case suppressed:
		return Suppressed{}
	case p == nil:
		return nil
	}
	return *p
}

// headline gives, per indicator, the value for the period and for the year
// before (for period all: the latest year and the one before it), with the
// numerator and denominator behind the value.
func headline(vals valueSource, ids []string, f Filters) (Table, error) {
	t := Table{Columns: []string{"indicatore", "anno", "valore", "anno_precedente", "valore_precedente", "numeratore", "denominatore"}}
	all, err := vals(ids...)
	if err != nil {
		return t, err
	}
	for _, id := range ids {
		byYear := map[string]indicator.Value{}
		var years []string
		for _, v := range all {
			if v.Indicator == id && v.Category == "" && v.Period != "all" {
				byYear[v.Period] = v
				years = append(years, v.Period)
			}
		}
		sort.Strings(years)
		year := f.Year
		if year == "" && len(years) > 0 {
			year = years[len(years)-1]
		}
		prev := ""
		if y, err := strconv.Atoi(year); err == nil {
			prev = strconv.Itoa(y - 1)
		}
		cur, before := byYear[year], byYear[prev]
		t.Rows = append(t.Rows, []any{id, year, cell(cur.Value, cur.Suppressed), prev, cell(before.Value, before.Suppressed),
			cell(cur.Numerator, cur.Suppressed), cell(cur.Denominator, cur.Suppressed)})
	}
	return t, nil
}

// MaySuppress reports whether a panel can withhold cells (its own rule, or
// that of an indicator it shows), so that its downloads always carry the
// column saying which rows are withheld.
func (p Panel) MaySuppress() bool {
	if p.SmallCell != nil {
		return true
	}
	defs, err := indicator.Catalogue()
	if err != nil {
		return false
	}
	for _, d := range defs {
		if d.Small != nil && (d.ID == p.Indicator && p.Query == "" || contains(p.Indicators, d.ID)) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
