package web

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
)

// Explanation is an indicator's page-ready description in one language.
type Explanation struct {
	ID, Name, What, Formula, Why, Read, Caveats, Source string
}

// Explainer returns the explanation of an indicator, or nil.
type Explainer func(id, lang string) *Explanation

type navItem struct {
	Href, Label string
	Active      bool
}

type filterView struct {
	Name, Label, Value string
	Options            []option
}

type option struct {
	Value, Label string
	Selected     bool
}

type tableView struct {
	Columns []string
	Rows    [][]string
}

type kpiView struct {
	Label, Value, Previous, Change, Year, PrevYear string
	Up, Down                                       bool
}

type panelView struct {
	ID, Title, Note, Width, CSV string
	Chart                       *chartView
	Table                       tableView
	Kpis                        []kpiView
	Explain                     *Explanation
	Empty                       bool
	MapCredit                   bool
}

type pageData struct {
	Lang, Title, Description, Path string
	LangIT, LangEN                 string
	Nav                            []navItem
	Filters                        []filterView
	Selected                       []string
	Scope                          string
	Snapshot                       dashboard.Snapshot
	Panels                         []panelView
	Body                           template.HTML // pages with their own content
}

func (s *Server) nav(lang, current string) []navItem {
	var out []navItem
	for _, d := range s.boards {
		if d.Scoped != "" {
			continue
		}
		out = append(out, navItem{Href: "/cruscotti/" + d.ID, Label: d.Title.In(lang), Active: d.ID == current})
	}
	out = append(out,
		navItem{Href: "/organismi", Label: T(lang, "bodies"), Active: current == "organismi"},
		navItem{Href: "/confronta", Label: T(lang, "compare"), Active: current == "confronta"},
		navItem{Href: "/dati", Label: T(lang, "dati"), Active: current == "dati"})
	return out
}

// langLinks returns the current URL with lang=it and lang=en.
func langLinks(r *http.Request) (string, string) {
	q := r.URL.Query()
	q.Set("lang", "it")
	it := r.URL.Path + "?" + q.Encode()
	q.Set("lang", "en")
	return it, r.URL.Path + "?" + q.Encode()
}

// dashboardPage renders /cruscotti/:id (and the scoped body and org pages).
func (s *Server) dashboardPage(c *gin.Context) {
	s.renderDashboard(c, c.Param("id"), "", "")
}

func (s *Server) renderDashboard(c *gin.Context, id, body, org string) {
	r := c.Request
	lg := lang(r)
	d := s.board(id)
	if d == nil {
		c.String(http.StatusNotFound, "dashboard %q not found", id)
		return
	}
	f := dashboard.FiltersFrom(r.URL.Query())
	if body != "" {
		f.Body = body
	}
	if org != "" {
		f.Org = org
	}
	if err := f.Valid(); err != nil {
		c.String(http.StatusBadRequest, "%v", err)
		return
	}
	ctx := r.Context()
	snap, err := s.snapshot(ctx)
	if err != nil {
		fail(c, err)
		return
	}
	key := fmt.Sprintf("%d|%s|%s|%s|%s", snap.DataVersion, snap.AsOf, lg, r.URL.Path, canonical(r.URL.Query()))
	if b, ok := s.cache.get(key); ok {
		c.Data(http.StatusOK, "text/html; charset=utf-8", b)
		return
	}
	pd := pageData{Lang: lg, Title: d.Title.In(lg), Description: d.Description.In(lg), Path: r.URL.Path,
		Nav: s.nav(lg, d.ID), Snapshot: snap, Scope: f.Scope()}
	pd.LangIT, pd.LangEN = langLinks(r)
	switch {
	case body != "":
		pd.Title = s.bodyName(ctx, body) + " — " + pd.Title
	case org != "":
		pd.Title = s.orgName(ctx, org) + " — " + pd.Title
	}
	if pd.Filters, pd.Selected, err = s.filterViews(ctx, d, f, lg); err != nil {
		fail(c, err)
		return
	}
	for i, p := range d.Panels {
		pv, err := s.panel(ctx, d, p, f, snap, lg, i)
		if err != nil {
			fail(c, err)
			return
		}
		pd.Panels = append(pd.Panels, pv)
	}
	var buf bytes.Buffer
	if err := s.tpl.ExecuteTemplate(&buf, "dashboard.html", pd); err != nil {
		fail(c, err)
		return
	}
	s.cache.put(key, buf.Bytes())
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

func (s *Server) panel(ctx context.Context, d *dashboard.Dashboard, p dashboard.Panel, f dashboard.Filters,
	snap dashboard.Snapshot, lg string, i int) (panelView, error) {
	pv := panelView{ID: p.ID, Title: p.Title.In(lg), Note: p.Note.In(lg), Width: p.Width,
		MapCredit: p.Chart == "map"}
	if pv.Width == "" {
		pv.Width = "half"
	}
	q := f.Query()
	q.Set("lang", lg)
	pv.CSV = fmt.Sprintf("/csv/%s/%s?%s", d.ID, p.ID, q.Encode())
	if s.explain != nil && p.Indicator != "" {
		pv.Explain = s.explain(p.Indicator, lg)
	}
	t, err := dashboard.PanelData(ctx, s.st.DB(), p, f, snap, lg)
	if err != nil {
		return pv, err
	}
	if len(t.Rows) == 0 {
		pv.Empty = true
		return pv, nil
	}
	label := ""
	if pv.Explain != nil {
		label = pv.Explain.Name
	}
	if p.Chart == "kpis" {
		pv.Kpis = s.kpis(t, lg)
		for j, k := range pv.Kpis { // name the indicators in the data table too
			t.Rows[j][0] = k.Label
		}
	} else if ch, ok := buildChart(p, t, lg, fmt.Sprintf("c_%s_%d", strings.ReplaceAll(p.ID, "-", "_"), i), label); ok {
		v := snippet(ch)
		pv.Chart = &v
	}
	pv.Table = displayTable(t, p, lg, s.smallCell(p))
	return pv, nil
}

// smallCell says which rows of a panel describe fewer than 3 people: their
// values are suppressed on public pages (E01, E02 and women's shares).
func (s *Server) smallCell(p dashboard.Panel) func(t dashboard.Table, r []any) bool {
	switch {
	case p.Query == "women_by_body":
		return func(t dashboard.Table, r []any) bool {
			n, _ := dashboard.Number(r[t.Col("persone")])
			return n < 3
		}
	case p.Indicator == "E01" || p.Indicator == "E02":
		return func(t dashboard.Table, r []any) bool {
			di := t.Col("denominatore")
			if di < 0 {
				return false
			}
			n, ok := dashboard.Number(r[di])
			return ok && n < 3
		}
	}
	return nil
}

func displayTable(t dashboard.Table, p dashboard.Panel, lg string, small func(dashboard.Table, []any) bool) tableView {
	tv := tableView{}
	for _, c := range t.Columns {
		tv.Columns = append(tv.Columns, L(lg, c))
	}
	for _, r := range t.Rows {
		row := make([]string, len(r))
		suppress := small != nil && small(t, r)
		for i, v := range r {
			unit := ""
			if col := t.Columns[i]; col == "valore" || col == "presenza" || col == "quota_donne" || contains(p.Values, col) {
				unit = p.Unit
			}
			row[i] = cellDisplay(lg, v, unit)
			if suppress && unit != "" {
				row[i] = T(lg, "suppressed")
			}
		}
		tv.Rows = append(tv.Rows, row)
	}
	return tv
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) kpis(t dashboard.Table, lg string) []kpiView {
	var out []kpiView
	for _, r := range t.Rows {
		id := cellText(r[0])
		unit := "count"
		label := L(lg, id)
		if s.explain != nil {
			if e := s.explain(id, lg); e != nil {
				label, unit = e.Name, s.unit(id)
			}
		}
		k := kpiView{Label: label, Year: cellText(r[1]), PrevYear: cellText(r[3]),
			Value: cellDisplay(lg, r[2], unit), Previous: cellDisplay(lg, r[4], unit)}
		v, ok1 := dashboard.Number(r[2])
		pv, ok2 := dashboard.Number(r[4])
		if ok1 && ok2 {
			d := v - pv
			if unit == "share" {
				k.Change = fmt.Sprintf("%+.1f pp", d*100)
				if lg == "it" {
					k.Change = strings.Replace(k.Change, ".", ",", 1)
				}
			} else {
				k.Change = (map[bool]string{true: "+", false: ""}[d > 0]) + formatNumber(lg, d, unit)
			}
			k.Up, k.Down = d > 0, d < 0
		}
		out = append(out, k)
	}
	return out
}

// canonical orders query parameters so equal views share a cache entry.
func canonical(q url.Values) string { return q.Encode() }

func (s *Server) bodyName(ctx context.Context, id string) string {
	var n string
	if err := s.st.DB().QueryRowContext(ctx, "SELECT name FROM bodies WHERE body_id = ?", id).Scan(&n); err != nil {
		return id
	}
	return n
}

func (s *Server) orgName(ctx context.Context, id string) string {
	var n string
	if err := s.st.DB().QueryRowContext(ctx, "SELECT name FROM organisations WHERE org_id = ?", id).Scan(&n); err != nil {
		return id
	}
	return n
}

// filterViews builds the filter form of a dashboard with the values present
// in the data, and the list of what is selected.
func (s *Server) filterViews(ctx context.Context, d *dashboard.Dashboard, f dashboard.Filters, lg string) ([]filterView, []string, error) {
	current := map[string]string{"cycle": f.Cycle, "programme": f.Programme, "body_type": f.BodyType,
		"nuts": f.Nuts, "year": f.Year, "body": f.Body}
	var out []filterView
	var selected []string
	for _, name := range d.Filters {
		opts, err := s.filterOptions(ctx, name, lg)
		if err != nil {
			return nil, nil, err
		}
		fv := filterView{Name: name, Label: T(lg, name), Value: current[name]}
		fv.Options = append(fv.Options, option{Value: "", Label: T(lg, "all"), Selected: current[name] == ""})
		for _, o := range opts {
			o.Selected = o.Value == current[name]
			if o.Selected {
				selected = append(selected, fv.Label+": "+o.Label)
			}
			fv.Options = append(fv.Options, o)
		}
		out = append(out, fv)
	}
	return out, selected, nil
}

var filterSQL = map[string]string{
	"cycle":     "SELECT DISTINCT cycle, cycle FROM bodies WHERE cycle IS NOT NULL ORDER BY 1",
	"programme": "SELECT programme, any_value(programme) FROM bodies WHERE programme IS NOT NULL GROUP BY 1 ORDER BY 1",
	"body_type": "SELECT DISTINCT type, type FROM bodies ORDER BY 1",
	"nuts":      "SELECT DISTINCT left(nuts, 4), left(nuts, 4) || ' ' || coalesce(nuts2_region(nuts), '') FROM bodies WHERE length(nuts) >= 4 ORDER BY 1",
	"year":      "SELECT DISTINCT year(date)::VARCHAR, year(date)::VARCHAR FROM meetings ORDER BY 1 DESC",
	"body":      "SELECT body_id, name FROM bodies ORDER BY name",
}

func (s *Server) filterOptions(ctx context.Context, name, lg string) ([]option, error) {
	rows, err := s.st.DB().QueryContext(ctx, filterSQL[name])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []option
	for rows.Next() {
		var v, l sql.NullString
		if err := rows.Scan(&v, &l); err != nil {
			return nil, err
		}
		out = append(out, option{Value: v.String, Label: L(lg, l.String)})
	}
	return out, rows.Err()
}
