package dashboard

import (
	"context"
	"database/sql"

	"osservatorio/internal/indicator"
)

// View is everything a dashboard page shows, computed from one snapshot:
// the filter choices, the name of the body or organisation a scoped page is
// about, and each panel's table.
type View struct {
	Options Options
	Name    string // a scoped page's body or organisation; "" otherwise
	Tables  []Table
}

// Build checks a view's filters against the data (a value that names
// nothing is a *ParamError, an unknown body or organisation ErrNotFound)
// and computes every panel.
func Build(ctx context.Context, db *sql.DB, d *Dashboard, f Filters, snap indicator.Snapshot, lang string) (View, error) {
	var v View
	var err error
	if v.Options, v.Name, err = checkView(ctx, db, d, f, snap); err != nil {
		return v, err
	}
	vals, err := pageValues(ctx, db, d.Panels, snap, f.Scope())
	if err != nil {
		return v, err
	}
	for _, p := range d.Panels {
		t, err := panelData(ctx, db, p, f, snap, lang, vals)
		if err != nil {
			return v, err
		}
		v.Tables = append(v.Tables, t)
	}
	return v, nil
}

// BuildPanel is Build for one panel (its downloads), with the same checks:
// Tables holds that panel's table alone; Options and Name let a download
// name the filters and the page as the page does.
func BuildPanel(ctx context.Context, db *sql.DB, d *Dashboard, p Panel, f Filters, snap indicator.Snapshot, lang string) (View, error) {
	var v View
	var err error
	if v.Options, v.Name, err = checkView(ctx, db, d, f, snap); err != nil {
		return v, err
	}
	t, err := PanelData(ctx, db, p, f, snap, lang)
	if err != nil {
		return v, err
	}
	v.Tables = []Table{t}
	return v, nil
}

// checkView reads the filter choices, refuses values that name nothing,
// and finds the name of a scoped page's body or organisation.
func checkView(ctx context.Context, db *sql.DB, d *Dashboard, f Filters, snap indicator.Snapshot) (Options, string, error) {
	opts, err := FilterOptions(ctx, db, snap)
	if err != nil {
		return nil, "", err
	}
	if err := opts.Check(f, d.Filters); err != nil {
		return nil, "", err
	}
	var name string
	switch d.Scoped {
	case "body":
		name, err = scopedName(ctx, db, snap, "body", f.Body)
	case "org":
		name, err = scopedName(ctx, db, snap, "org", f.Org)
	}
	return opts, name, err
}

func scopedName(ctx context.Context, db *sql.DB, snap indicator.Snapshot, kind, id string) (string, error) {
	if id == "" {
		return "", &ParamError{Param: kind, Accepted: "the id of the " + kind + " the page is about"}
	}
	return Name(ctx, db, snap, kind, id)
}
