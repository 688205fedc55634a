package web

import (
	"context"
	"fmt"
	"html/template"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// comparePage puts two scopes, or two periods of one scope, side by side:
// /confronta?a=body:X&pa=2023&b=body:Y&pb=2023.
func (s *Server) comparePage(c *gin.Context) {
	lg := lang(c.Request)
	ctx := c.Request.Context()
	q := c.Request.URL.Query()
	a, b := orDefault(q.Get("a"), "all"), orDefault(q.Get("b"), "all")
	pa, pb := orDefault(q.Get("pa"), "all"), orDefault(q.Get("pb"), "all")
	snap, err := s.snapshot(ctx)
	if err != nil {
		fail(c, err)
		return
	}
	scopes, err := s.scopeOptions(ctx, lg)
	if err != nil {
		fail(c, err)
		return
	}
	periods, err := s.filterOptions(ctx, "year", lg)
	if err != nil {
		fail(c, err)
		return
	}
	periods = append([]option{{Value: "all", Label: T(lg, "all")}}, periods...)
	var sb strings.Builder
	esc := template.HTMLEscapeString
	sb.WriteString(`<form class="filters" method="get" action="/confronta"><input type="hidden" name="lang" value="` + lg + `">`)
	for _, side := range []struct{ name, pname, val, pval, label string }{{"a", "pa", a, pa, "A"}, {"b", "pb", b, pb, "B"}} {
		fmt.Fprintf(&sb, `<label>%s: %s<select name="%s">`, side.label, T(lg, "body"), side.name)
		for _, o := range scopes {
			fmt.Fprintf(&sb, `<option value="%s"%s>%s</option>`, esc(o.Value), sel(o.Value == side.val), esc(o.Label))
		}
		fmt.Fprintf(&sb, `</select></label><label>%s: %s<select name="%s">`, side.label, T(lg, "period"), side.pname)
		for _, o := range periods {
			fmt.Fprintf(&sb, `<option value="%s"%s>%s</option>`, esc(o.Value), sel(o.Value == side.pval), esc(o.Label))
		}
		sb.WriteString(`</select></label>`)
	}
	fmt.Fprintf(&sb, `<button type="submit">%s</button></form>`, T(lg, "compare"))

	rows, err := s.st.DB().QueryContext(ctx, `SELECT indicator,
		max(value) FILTER (WHERE scope = ? AND period = ?), max(value) FILTER (WHERE scope = ? AND period = ?)
		FROM indicator_values WHERE coalesce(category, '') = '' AND data_version = ? AND as_of = ?::DATE
		GROUP BY indicator ORDER BY indicator`, a, pa, b, pb, snap.DataVersion, orDefault(snap.AsOf, "1970-01-01"))
	if err != nil {
		fail(c, err)
		return
	}
	defer rows.Close()
	fmt.Fprintf(&sb, `<section class="panel full"><h2>%s</h2><table><thead><tr><th scope="col">%s</th><th scope="col">A: %s %s</th><th scope="col">B: %s %s</th><th scope="col">B − A</th></tr></thead><tbody>`,
		T(lg, "compare"), T(lg, "indicator"), esc(a), esc(pa), esc(b), esc(pb))
	var names []string
	var va, vb []opts.BarData
	for rows.Next() {
		var id string
		var x, y *float64
		if err := rows.Scan(&id, &x, &y); err != nil {
			fail(c, err)
			return
		}
		unit, name := s.unit(id), id
		if s.explain != nil {
			if e := s.explain(id, lg); e != nil {
				name = id + " " + e.Name
			}
		}
		diff := "–"
		if x != nil && y != nil {
			diff = cellDisplay(lg, *y-*x, unit)
		}
		fmt.Fprintf(&sb, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", esc(name),
			cellDisplay(lg, deref(x), unit), cellDisplay(lg, deref(y), unit), diff)
		if unit == "share" {
			names = append(names, id)
			va = append(va, opts.BarData{Value: pct(x)})
			vb = append(vb, opts.BarData{Value: pct(y)})
		}
	}
	sb.WriteString("</tbody></table></section>")
	if len(names) > 0 {
		ch := charts.NewBar()
		ch.SetGlobalOptions(baseOpts("c_confronta", "380px")...)
		ch.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Name: "%"}))
		ch.SetXAxis(names).AddSeries("A", va).AddSeries("B", vb)
		v := snippet(ch)
		fmt.Fprintf(&sb, `<section class="panel full"><h2>%s (%%)</h2><div class="chart">%s%s</div></section>`,
			map[string]string{"it": "Quote a confronto", "en": "Shares compared"}[lg], v.Element, v.Script)
	}
	desc := map[string]string{"it": "Due organismi, o due periodi dello stesso organismo, fianco a fianco.",
		"en": "Two bodies, or two periods of one body, side by side."}[lg]
	s.page(c, "confronta", T(lg, "compare"), desc, template.HTML(`<div class="grid">`+sb.String()+`</div>`))
}

func (s *Server) scopeOptions(ctx context.Context, lg string) ([]option, error) {
	bodies, err := s.filterOptions(ctx, "body", lg)
	if err != nil {
		return nil, err
	}
	out := []option{{Value: "all", Label: T(lg, "all")}}
	for _, b := range bodies {
		out = append(out, option{Value: "body:" + b.Value, Label: b.Label})
	}
	return out, nil
}

func sel(b bool) string {
	if b {
		return " selected"
	}
	return ""
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func pct(p *float64) any {
	if p == nil {
		return nil
	}
	return round(*p * 100)
}
