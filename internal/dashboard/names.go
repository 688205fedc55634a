package dashboard

import (
	"context"
	"database/sql"
	"fmt"

	"osservatorio/internal/resident"
)

// Naming adds to a query panel's table the name and category of the
// organisation whose id is in column ID, as columns Name and Category (in
// the order the panel lists them, after the query's own). The query returns
// ids alone: joined in SQL, every column of ids scanned the 150,000
// organisations' ids again (5–9 ms each at 10 M attendance rows, two in a
// network of ties), where a lookup here costs microseconds. A row whose id
// names no organisation is dropped, as the join dropped it.
type Naming struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	Category string `yaml:"category"`
}

// MaxResidentNames bounds the organisations KeepNames holds (about 170
// bytes each: 150,000 take 25 MB). Above it, names are read from the
// database for each table.
const MaxResidentNames = 500_000

var residentNamesLimit = MaxResidentNames // lowered by a test

// heldNames holds the organisations of one data version per database, by
// id: the published snapshot's, which serve keeps after each publication.
var heldNames resident.Sets[map[string]orgName]

type orgName struct{ name, category string }

// KeepNames loads the organisations of data version v into memory, in place
// of what was held for db, and returns how many it holds. More than
// MaxResidentNames are not held (an error says so; the previous set is
// dropped): names are then read from the database. A newer version's set,
// put in place while this one loaded, is kept.
func KeepNames(ctx context.Context, db *sql.DB, v int64) (int, error) {
	orgs, err := loadNames(ctx, db, v)
	if err != nil {
		heldNames.Drop(db)
		return 0, err
	}
	heldNames.Put(db, v, orgs)
	return len(orgs), nil
}

// DropNames forgets the organisations held for db (its store is closing).
func DropNames(db *sql.DB) { heldNames.Drop(db) }

func loadNames(ctx context.Context, db *sql.DB, v int64) (map[string]orgName, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM organisations_at(?)`, v).Scan(&n); err != nil {
		return nil, fmt.Errorf("names in memory: %w", err)
	}
	if n > residentNamesLimit {
		return nil, fmt.Errorf("names in memory: %d organisations, more than the %d held", n, residentNamesLimit)
	}
	rows, err := db.QueryContext(ctx, `SELECT org_id, name, category FROM organisations_at(?)`, v)
	if err != nil {
		return nil, fmt.Errorf("names in memory: %w", err)
	}
	orgs := make(map[string]orgName, n)
	return orgs, scanNames(rows, orgs)
}

// scanNames reads rows of (org_id, name, category) into out, and closes them.
func scanNames(rows *sql.Rows, out map[string]orgName) error {
	defer rows.Close()
	for rows.Next() {
		var id string
		var o orgName
		if err := rows.Scan(&id, &o.name, &o.category); err != nil {
			return err
		}
		out[id] = o
	}
	return rows.Err()
}

// orgNames returns the name and category of the organisations ids at data
// version v: from memory when KeepNames holds that version, else in one
// query.
func orgNames(ctx context.Context, db *sql.DB, v int64, ids []string) (map[string]orgName, error) {
	out := make(map[string]orgName, len(ids))
	if orgs, version, ok := heldNames.Get(db); ok && version == v {
		for _, id := range ids {
			if o, ok := orgs[id]; ok {
				out[id] = o
			}
		}
		return out, nil
	}
	rows, err := db.QueryContext(ctx, pageSQL("org_names"), sql.Named("data_version", v), sql.Named("ids", ids))
	if err != nil {
		return nil, fmt.Errorf("names: %w", err)
	}
	return out, scanNames(rows, out)
}

// addNames applies a panel's namings to t (see Naming).
func addNames(ctx context.Context, db *sql.DB, v int64, ns []Naming, t *Table) error {
	if len(ns) == 0 {
		return nil
	}
	cols := make([]int, len(ns))
	seen := map[string]bool{}
	var ids []string
	for i, n := range ns {
		if cols[i] = t.Col(n.ID); cols[i] < 0 {
			return fmt.Errorf("names: the query returns no column %q", n.ID)
		}
		for _, row := range t.Rows {
			if id, ok := row[cols[i]].(string); ok && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	orgs, err := orgNames(ctx, db, v, ids)
	if err != nil {
		return err
	}
	for _, n := range ns {
		t.Columns = append(t.Columns, n.Name, n.Category)
	}
	kept := t.Rows[:0]
rows:
	for _, row := range t.Rows {
		for i := range ns {
			id, _ := row[cols[i]].(string)
			o, ok := orgs[id]
			if !ok {
				continue rows
			}
			row = append(row, o.name, o.category)
		}
		kept = append(kept, row)
	}
	t.Rows = kept
	return nil
}
