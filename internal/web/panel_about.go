package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
)

// panelAbout is what a panel's XLSX says about its numbers, as (label, text)
// lines: the chart and its page, the definition of each indicator it shows
// (the explanation beside the chart), the filters, the indicators' scope,
// the data version and reference date, the small-cell rule and the page's
// citation, so a workbook passed on still says where its numbers come from.
func (s *Server) panelAbout(r *http.Request, d *dashboard.Dashboard, p dashboard.Panel, f dashboard.Filters,
	snap indicator.Snapshot, v dashboard.View, lg string) [][2]string {
	title := d.Title.In(lg)
	if v.Name != "" { // a body's or organisation's page, titled as the page is
		title = v.Name + " — " + title
	}
	out := [][2]string{{T(lg, "chart"), p.Title.In(lg)}, {T(lg, "page"), title}}
	if note := p.Note.In(lg); note != "" {
		out = append(out, [2]string{T(lg, "notes"), note})
	}
	ids := p.Indicators
	if p.Indicator != "" {
		ids = []string{p.Indicator}
	}
	for _, id := range ids {
		var e *Explanation
		if s.explain != nil {
			e = s.explain(id, lg)
		}
		if e == nil {
			continue
		}
		out = append(out, [2]string{T(lg, "indicator"), e.Name + " (" + e.ID + ")"})
		for _, kv := range [][2]string{{"what", e.What}, {"formula", e.Formula}, {"why", e.Why},
			{"read", e.Read}, {"caveats", e.Caveats}, {"source", e.Source}} {
			if kv[1] != "" {
				out = append(out, [2]string{T(lg, kv[0]), kv[1]})
			}
		}
	}
	_, selected := filterViews(d, f, v.Options, lg)
	filters := strings.Join(selected, " · ")
	if filters == "" {
		filters = T(lg, "no_filters")
	}
	out = append(out, [2]string{T(lg, "filters"), filters})
	if p.Query == "" { // indicator values exist per scope: say which one these are
		out = append(out, [2]string{T(lg, "ind_scope"), s.scopeLabel(lg, f.Scope(), v.Options)})
	}
	out = append(out, [2]string{T(lg, "data_version"), strconv.FormatInt(snap.DataVersion, 10)},
		[2]string{T(lg, "as_of_label"), snap.AsOf})
	if p.MaySuppress() {
		out = append(out, [2]string{T(lg, "small_cells"), T(lg, "suppressed_note")})
	}
	if !snap.Zero() {
		path, q := pageAddress(d, f)
		out = append(out, [2]string{T(lg, "citation"), s.cite(r, lg, title, path, q, snap).Text})
	}
	return out
}

// pageAddress is the path and query of the page a panel is on: a scoped
// page names its body or organisation in the path.
func pageAddress(d *dashboard.Dashboard, f dashboard.Filters) (string, url.Values) {
	q := f.Query()
	switch d.Scoped {
	case "body":
		q.Del("body")
		return "/organismi/" + url.PathEscape(f.Body), q
	case "org":
		q.Del("org")
		return "/organizzazioni/" + url.PathEscape(f.Org), q
	}
	return "/cruscotti/" + d.ID, q
}
