// Package dashboard reads the dashboard definitions (dashboards/*.yaml; their
// format is documented in dashboards/README.md) and
// computes each panel's data as a table: from the indicator snapshots or from
// a query in queries/dashboards/. Charts, data tables and CSV downloads are
// all drawn from that one table, so they always show the same numbers.
package dashboard

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"

	"osservatorio/dashboards"
	"osservatorio/queries"
)

// Text is a label in Italian and English.
type Text struct {
	IT string `yaml:"it"`
	EN string `yaml:"en"`
}

// In returns the text in lang ("it" or "en"), falling back to Italian.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.IT
}

// Dashboard is one page of panels.
type Dashboard struct {
	ID          string   `yaml:"id"`
	Order       int      `yaml:"order"`
	Title       Text     `yaml:"title"`
	Description Text     `yaml:"description"`
	Filters     []string `yaml:"filters"` // of: cycle, programme, body_type, nuts, year, body
	Panels      []Panel  `yaml:"panels"`
	// Scoped dashboards are drawn for one body or organisation (/organismi/:id).
	Scoped string `yaml:"scoped"` // "", "body" or "org"
}

// Panel is one chart with its data table.
type Panel struct {
	ID        string `yaml:"id"`
	Title     Text   `yaml:"title"`
	Note      Text   `yaml:"note"`
	Indicator string `yaml:"indicator"` // an indicator id; its explanation is shown beside the chart
	// View of an indicator: "series" (by year, the default), "categories"
	// (per category, selected period) or "regions" (a map: its value in each
	// NUTS 2 region's scope, selected period).
	View  string `yaml:"view"`
	Query string `yaml:"query"` // a query in queries/dashboards/, without .sql
	// StoredQuery gives the same table as Query from tables the refresh
	// stores per scope and period; used when the filters select one scope
	// (not Mixed) and it finds the cell, so the page scans no records.
	StoredQuery string `yaml:"stored_query"`
	Chart       string `yaml:"chart"` // bar, hbar, stacked, line, pie, map, graph, heatmap, lorenz, table, kpis
	// Columns of the table used by the chart: X (categories), Series (pivot
	// column in long tables), Values (numeric columns; default: the rest).
	X      string   `yaml:"x"`
	Series string   `yaml:"series"`
	Values []string `yaml:"values"`
	Unit   string   `yaml:"unit"` // share (0–1 shown as %), count, days, index
	// Mark draws a labelled reference line: on bar charts at the x category
	// of that number (10 working days), on line and hbar charts at that
	// value (0.5 of a share: parity). MarkLabel names it.
	Mark      float64 `yaml:"mark"`
	MarkLabel Text    `yaml:"mark_label"`
	Width     string  `yaml:"width"` // "full" or "half" (default)
	// Indicators lists the ids of a kpis panel.
	Indicators []string `yaml:"indicators"`
	// EmptyNote says why a panel has nothing to show, in the panel's own
	// terms ("no gender data for this selection"); default: a general line.
	EmptyNote Text `yaml:"empty"`
	// SmallCell withholds rows about too few people in a query panel.
	SmallCell *SmallCell `yaml:"small_cell"`
	// Links make the cells of a column (the key: a name) links to the page
	// of the record whose id is in another column of the same row.
	Links map[string]Link `yaml:"links"`
	// Names add the name and category of organisations whose ids a query
	// panel's query returns (see Naming).
	Names []Naming `yaml:"names"`
}

// Link is where a column's cells lead: the page of an organisation
// (/organizzazioni/<id>) or of a body (/organismi/<id>), the id read from
// column ID. Pages show the name as a link and hide the id column;
// downloads keep both.
type Link struct {
	To string `yaml:"to"` // "org" or "body"
	ID string `yaml:"id"` // the column holding the id
}

// Href is the address of the page a link leads to, for the id.
func (l Link) Href(id string) string {
	return linkPages[l.To] + url.PathEscape(id)
}

var linkPages = map[string]string{"org": "/organizzazioni/", "body": "/organismi/"}

// All loads every dashboard, sorted by order then id.
func All() ([]Dashboard, error) {
	names, err := fs.Glob(dashboards.FS, "*.yaml")
	if err != nil {
		return nil, err
	}
	var out []Dashboard
	for _, n := range names {
		b, err := fs.ReadFile(dashboards.FS, n)
		if err != nil {
			return nil, err
		}
		var d Dashboard
		if err := yaml.UnmarshalWithOptions(b, &d, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("dashboards/%s: %w", n, err)
		}
		if err := d.check(n); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Order != out[j].Order {
			return out[i].Order < out[j].Order
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

var knownFilters = map[string]bool{"cycle": true, "programme": true, "body_type": true, "nuts": true, "year": true, "body": true}

// knownCharts are the charts the web layer draws; a definition naming any
// other is refused at start-up, not with an error on every request.
var knownCharts = map[string]bool{"bar": true, "hbar": true, "stacked": true, "line": true, "pie": true, "map": true,
	"graph": true, "heatmap": true, "table": true, "kpis": true, "lorenz": true}

var knownViews = map[string]bool{"": true, "series": true, "categories": true, "regions": true}

func (d *Dashboard) check(file string) error {
	if d.ID == "" || d.Title.IT == "" {
		return fmt.Errorf("dashboards/%s: id and title.it are required", file)
	}
	for _, f := range d.Filters {
		if !knownFilters[f] {
			return fmt.Errorf("dashboards/%s: unknown filter %q", file, f)
		}
	}
	seen := map[string]bool{}
	for i, p := range d.Panels {
		where := fmt.Sprintf("dashboards/%s: panel %d (%s)", file, i+1, p.ID)
		if p.ID == "" || seen[p.ID] {
			return fmt.Errorf("%s: a unique id is required", where)
		}
		seen[p.ID] = true
		if !knownCharts[p.Chart] {
			return fmt.Errorf("%s: unknown chart %q", where, p.Chart)
		}
		if !knownViews[p.View] {
			return fmt.Errorf("%s: unknown view %q (series, categories or regions)", where, p.View)
		}
		switch {
		case p.StoredQuery != "" && p.Query == "":
			return fmt.Errorf("%s: stored_query needs query (the table when the filters are mixed)", where)
		case p.Query != "":
			if p.StoredQuery != "" {
				if _, err := QuerySQL(p.StoredQuery); err != nil {
					return fmt.Errorf("%s: stored_query: %w", where, err)
				}
			}
			if _, err := QuerySQL(p.Query); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
		case p.Chart == "kpis":
			if len(p.Indicators) == 0 {
				return fmt.Errorf("%s: a kpis panel lists indicators or names a query", where)
			}
		case p.Indicator == "":
			return fmt.Errorf("%s: name an indicator or a query", where)
		}
		if p.View == "regions" && (p.Chart != "map" || p.Indicator == "") {
			return fmt.Errorf("%s: the regions view is an indicator's map", where)
		}
		if (p.Chart == "map" || p.Chart == "lorenz" || p.Chart == "heatmap") && p.View != "regions" && (p.X == "" || len(p.Values) == 0) {
			return fmt.Errorf("%s: a %s chart needs x and values", where, p.Chart)
		}
		for col, l := range p.Links {
			if p.Query == "" || p.Chart == "kpis" || linkPages[l.To] == "" || l.ID == "" || l.ID == col {
				return fmt.Errorf("%s: links.%s needs a query panel with a table, to: org or body, and id: another column", where, col)
			}
		}
		for _, n := range p.Names {
			if p.Query == "" || n.ID == "" || n.Name == "" || n.Category == "" {
				return fmt.Errorf("%s: names need a query panel, and id, name and category columns", where)
			}
		}
		if sc := p.SmallCell; sc != nil && (p.Query == "" || sc.Count == "" || sc.Below < 1 || len(sc.Columns) == 0) {
			return fmt.Errorf("%s: small_cell needs a query panel, count, below >= 1 and columns", where)
		}
	}
	return nil
}

// QuerySQL returns the text of queries/dashboards/<name>.sql.
func QuerySQL(name string) (string, error) {
	if strings.ContainsAny(name, "/\\.") {
		return "", fmt.Errorf("bad query name %q", name)
	}
	b, err := fs.ReadFile(queries.FS, path.Join("dashboards", name+".sql"))
	if err != nil {
		return "", fmt.Errorf("no query queries/dashboards/%s.sql", name)
	}
	return string(b), nil
}
