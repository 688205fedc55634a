package dashboard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"osservatorio/internal/indicator"
	"osservatorio/queries"
)

// pageSQL returns the text of queries/pages/<name>.sql.
func pageSQL(name string) string {
	b, err := fs.ReadFile(queries.FS, "pages/"+name+".sql")
	if err != nil {
		panic("dashboard: missing queries/pages/" + name + ".sql") // embedded: a build error, not a runtime one
	}
	return string(b)
}

// Option is one choice of a filter.
type Option struct{ Value, Label string }

// Options are the choices of every filter, by filter name.
type Options map[string][]Option

// FilterOptions reads the filter choices from the records of the snapshot's
// data version. A version's records never change, so the choices of the
// last few versions read are kept (every page needs them; at 10 M
// attendance rows reading them scans the meetings). Callers must not
// modify the result.
func FilterOptions(ctx context.Context, db *sql.DB, snap indicator.Snapshot) (Options, error) {
	if o, ok := optionsMemo.get(db, snap.DataVersion); ok {
		return o, nil
	}
	o, err := readFilterOptions(ctx, db, snap.DataVersion)
	if err == nil {
		optionsMemo.put(db, snap.DataVersion, o)
	}
	return o, err
}

// optionsMemo holds the filter choices of the last optionsKept data
// versions, per database.
var optionsMemo = &memo{}

const optionsKept = 4

type memoKey struct {
	db      *sql.DB
	version int64
}

type memo struct {
	mu    sync.Mutex
	order []memoKey // oldest first
	m     map[memoKey]Options
}

func (c *memo) get(db *sql.DB, v int64) (Options, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	o, ok := c.m[memoKey{db, v}]
	return o, ok
}

func (c *memo) put(db *sql.DB, v int64, o Options) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := memoKey{db, v}
	if c.m == nil {
		c.m = map[memoKey]Options{}
	}
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.order) == optionsKept {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, k)
	c.m[k] = o
}

func readFilterOptions(ctx context.Context, db *sql.DB, version int64) (Options, error) {
	rows, err := db.QueryContext(ctx, pageSQL("filter_options"), sql.Named("data_version", version))
	if err != nil {
		return nil, fmt.Errorf("filter options: %w", err)
	}
	defer rows.Close()
	out := Options{}
	for rows.Next() {
		var f, v, l string
		var o int
		if err := rows.Scan(&f, &v, &l, &o); err != nil {
			return nil, err
		}
		out[f] = append(out[f], Option{Value: v, Label: l})
	}
	return out, rows.Err()
}

// ScopeLabel names an indicator scope in words: "all bodies", or the
// filter and its value's label. word gives the words of "scope_all" and of
// the filter names, label the words of a value's label (both in the
// reader's language).
func (o Options) ScopeLabel(scope string, word, label func(string) string) string {
	kind, v, ok := strings.Cut(scope, ":")
	if !ok {
		return word("scope_all")
	}
	text := v
	for _, opt := range o[kind] {
		if opt.Value == v {
			text = label(opt.Label)
		}
	}
	return word(kind) + ": " + text
}

// Check refuses a filter value that names nothing in the data, saying what
// is accepted (the first few choices).
func (o Options) Check(f Filters, names []string) error {
	for _, name := range names {
		v := f.Get(name)
		if v == "" {
			continue
		}
		var accepted []string
		found := false
		for _, c := range o[name] {
			found = found || c.Value == v
			accepted = append(accepted, c.Value)
		}
		if !found {
			if len(accepted) > 12 {
				accepted = append(accepted[:12], "…")
			}
			return &ParamError{name, v, "one of " + strings.Join(accepted, ", ")}
		}
	}
	return nil
}

// BodyItem is one line of the list of bodies.
type BodyItem struct {
	ID, Name, Type, Cycle string
	Meetings              int64
}

// Bodies lists the bodies of the snapshot's data version.
func Bodies(ctx context.Context, db *sql.DB, snap indicator.Snapshot) ([]BodyItem, error) {
	rows, err := db.QueryContext(ctx, pageSQL("bodies"), sql.Named("data_version", snap.DataVersion))
	if err != nil {
		return nil, fmt.Errorf("bodies: %w", err)
	}
	defer rows.Close()
	var out []BodyItem
	for rows.Next() {
		var b BodyItem
		if err := rows.Scan(&b.ID, &b.Name, &b.Type, &b.Cycle, &b.Meetings); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ErrNotFound: the id names no body or organisation in the data shown.
var ErrNotFound = errors.New("not found")

// Name returns the name of a body (kind "body") or an organisation ("org")
// at the snapshot's data version, or ErrNotFound.
func Name(ctx context.Context, db *sql.DB, snap indicator.Snapshot, kind, id string) (string, error) {
	var n string
	err := db.QueryRowContext(ctx, pageSQL("name"), sql.Named("data_version", snap.DataVersion),
		sql.Named("kind", kind), sql.Named("id", id)).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return n, err
}

// Change is one load between two data versions.
type Change struct {
	DataVersion, LoadID                int64
	File, Kind                         string
	RowsRead, RowsLoaded, RowsRejected int64
	Finished                           time.Time
}

// Changes lists the loads that made the data versions after from, up to to.
func Changes(ctx context.Context, db *sql.DB, from, to int64) ([]Change, error) {
	rows, err := db.QueryContext(ctx, pageSQL("changes"), sql.Named("from", from), sql.Named("to", to))
	if err != nil {
		return nil, fmt.Errorf("changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.DataVersion, &c.LoadID, &c.File, &c.Kind, &c.RowsRead, &c.RowsLoaded, &c.RowsRejected, &c.Finished); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
