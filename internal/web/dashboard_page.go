package web

import (
	"fmt"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/annotation"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
	"osservatorio/internal/metrics"
)

type filterView struct {
	Name, Label, Value string
	Options            []option
}

// dashView is the content of a dashboard page.
type dashView struct {
	Filters  []filterView
	Selected []string
	// Scope names the population of the indicator panels; Mixed: the
	// filters select a narrower one for the other panels (marked on the page).
	Scope string
	Mixed bool
	// RecordsOnly: no panel shows an indicator (an organisation's page):
	// the page says it shows records, not in which scope indicators are.
	RecordsOnly bool
	Panels      []panelView
	Notes       NotesView // a body page's notes on the body
}

func (s *Server) dashboardPage(c *gin.Context) { s.renderDashboard(c, c.Param("id"), "", "") }
func (s *Server) bodyPage(c *gin.Context)      { s.renderDashboard(c, "organismo", c.Param("id"), "") }
func (s *Server) orgPage(c *gin.Context)       { s.renderDashboard(c, "organizzazione", "", c.Param("id")) }

// renderDashboard serves a dashboard, or a body's or organisation's page:
// from the cache when this view of this snapshot was drawn before.
func (s *Server) renderDashboard(c *gin.Context, id, body, org string) {
	d := s.board(id)
	if d == nil || (body == "" && org == "" && d.Scoped != "") {
		s.fail(c, errNotFound)
		return
	}
	f, snap, err := s.viewParams(c, d, body, org)
	if err != nil {
		s.fail(c, err)
		return
	}
	lg := lang(c.Request)
	key := s.cacheKey(c, snap, lg, f)
	pg, ok := s.cache.get(key)
	metrics.PageCache(ok)
	if ok {
		writePage(c, pg)
		return
	}
	if s.limiter != nil && !s.limiter.allow(clientKey(c)) { // a page not cached costs queries: rate-limited
		s.fail(c, errTooMany)
		return
	}
	// Renders run a few at a time and the others wait their turn: with 32
	// at once on two cores, DuckDB and the OS shared the CPU unevenly and
	// some pages waited 15 times the median (p99 0.8 s against p50 55 ms
	// at 10 M rows). A page drawn while this one waited is sent from the
	// cache.
	metrics.RendersWaiting(1)
	select {
	case s.renderSlots <- struct{}{}:
		metrics.RendersWaiting(-1)
		defer func() { <-s.renderSlots }()
	case <-c.Request.Context().Done():
		metrics.RendersWaiting(-1)
		return // the client left while waiting
	}
	if pg, ok := s.cache.get(key); ok {
		writePage(c, pg)
		return
	}
	pd, err := s.dashboardData(c, d, f, snap, lg)
	if err != nil {
		s.fail(c, err)
		return
	}
	b, err := s.renderBytes("dashboard.html", pd)
	if err != nil {
		s.fail(c, err)
		return
	}
	pg = newPage(b)
	s.cache.put(key, pg)
	writePage(c, pg)
}

// viewParams reads and checks a dashboard view's parameters: only the
// dashboard's filters and a snapshot may be named.
func (s *Server) viewParams(c *gin.Context, d *dashboard.Dashboard, body, org string) (dashboard.Filters, indicator.Snapshot, error) {
	if err := checkParams(c, append(append([]string{}, d.Filters...), snapshotParams...)); err != nil {
		return dashboard.Filters{}, indicator.Snapshot{}, err
	}
	f, err := dashboard.FiltersFrom(c.Request.URL.Query())
	if err != nil {
		return f, indicator.Snapshot{}, err
	}
	if body != "" {
		f.Body = body
	}
	if org != "" {
		f.Org = org
	}
	snap, err := s.snapshot(c)
	return f, snap, err
}

// cacheKey names a view of a snapshot: only what the page reads (checked
// parameters, language, the day for the citation's access date, and the host
// when citations use it), so unknown parameters cannot multiply entries.
func (s *Server) cacheKey(c *gin.Context, snap indicator.Snapshot, lg string, f dashboard.Filters) string {
	host := ""
	if s.baseURL == "" {
		host = c.Request.Host
	}
	q := f.Query()
	for _, k := range snapshotParams {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	return fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s", snap.DataVersion, snap.AsOf, lg, time.Now().UTC().Format(time.DateOnly),
		host, c.Request.URL.Path, q.Encode())
}

func (s *Server) dashboardData(c *gin.Context, d *dashboard.Dashboard, f dashboard.Filters, snap indicator.Snapshot, lg string) (pageData, error) {
	pd := s.basePage(c, lg, d.ID, d.Title.In(lg), d.Description.In(lg))
	v, err := dashboard.Build(c.Request.Context(), s.st.DB(), d, f, snap, lg)
	if err != nil {
		return pd, err
	}
	if v.Name != "" {
		pd.Title = v.Name + " — " + pd.Title
	}
	s.withSnapshot(c, &pd, snap) // after the title: the citation names it
	dv := dashView{Mixed: f.Mixed(), Scope: s.scopeLabel(lg, f.Scope(), v.Options), RecordsOnly: true}
	for _, p := range d.Panels {
		if p.Query == "" {
			dv.RecordsOnly = false
		}
	}
	dv.Filters, dv.Selected = filterViews(d, f, v.Options, lg)
	// The notes on what the page shows, read at once: the indicator values
	// of each panel (taken before s.panel relabels the kpis' rows) and, on a
	// body's page, the body.
	targets := make([][]annotation.Target, len(d.Panels))
	var all []annotation.Target
	for i, p := range d.Panels {
		targets[i] = panelTargets(p, v.Tables[i], f)
		all = append(all, targets[i]...)
	}
	if d.Scoped == "body" {
		all = append(all, annotation.Body(f.Body))
	}
	notes, err := annotation.ForTargets(c.Request.Context(), s.st.DB(), all)
	if err != nil {
		return pd, err
	}
	if d.Scoped == "body" {
		dv.Notes = Notes(lg, *c.Request.URL, pickNotes(notes, []annotation.Target{annotation.Body(f.Body)}))
	}
	for i, p := range d.Panels {
		pv := s.panel(d, p, v.Tables[i], f, snap, lg, string(pd.Keep), i)
		pv.Marked = dv.Mixed && p.Query == ""
		page := *c.Request.URL
		page.Fragment = "panel-" + p.ID
		pv.Notes = Notes(lg, page, pickNotes(notes, targets[i]))
		dv.Panels = append(dv.Panels, pv)
	}
	pd.Data = dv
	return pd, nil
}

// filterViews builds the filter form with the values present in the data,
// and the list of what is selected.
func filterViews(d *dashboard.Dashboard, f dashboard.Filters, opts dashboard.Options, lg string) ([]filterView, []string) {
	var out []filterView
	var selected []string
	for _, name := range d.Filters {
		cur := f.Get(name)
		fv := filterView{Name: name, Label: T(lg, name), Value: cur}
		fv.Options = append(fv.Options, option{Value: "", Label: T(lg, "all")})
		for _, o := range opts[name] {
			ov := option{Value: o.Value, Label: L(lg, o.Label)}
			if ov.Value == cur {
				selected = append(selected, fv.Label+": "+ov.Label)
			}
			fv.Options = append(fv.Options, ov)
		}
		out = append(out, fv)
	}
	return out, selected
}

// scopeLabel names an indicator scope in words: "all bodies", or the filter
// and the label of its value.
func (s *Server) scopeLabel(lg, scope string, opts dashboard.Options) string {
	return opts.ScopeLabel(scope, func(c string) string { return T(lg, c) }, func(c string) string { return L(lg, c) })
}
