package web

import (
	"github.com/gin-gonic/gin"
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"osservatorio/internal/dashboard"
)

// compareView is the content of /confronta.
type compareView struct {
	Scopes, Periods []option
	A, B, PA, PB    string
	ALabel, BLabel  string
	Rows            []compareRowView
	Chart           *chartView
}

type compareRowView struct {
	Name, A, B, Diff string
}

// comparePage puts two scopes, or two periods of one scope, side by side:
// /confronta?a=body:X&pa=2023&b=body:Y&pb=2023.
func (s *Server) comparePage(c *gin.Context) {
	lg := lang(c.Request)
	ctx := c.Request.Context()
	cv := compareView{A: orDefault(c.Query("a"), "all"), B: orDefault(c.Query("b"), "all"),
		PA: orDefault(c.Query("pa"), "all"), PB: orDefault(c.Query("pb"), "all")}
	snap, err := s.snapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	o, err := dashboard.FilterOptions(ctx, s.st.DB(), snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := o.CheckSide("a", cv.A, "pa", cv.PA); err != nil {
		s.fail(c, err)
		return
	}
	if err := o.CheckSide("b", cv.B, "pb", cv.PB); err != nil {
		s.fail(c, err)
		return
	}
	rows, err := dashboard.Compare(ctx, s.st.DB(), snap, dashboard.Side{Scope: cv.A, Period: cv.PA}, dashboard.Side{Scope: cv.B, Period: cv.PB})
	if err != nil {
		s.fail(c, err)
		return
	}
	cv.Scopes = append([]option{{Value: "all", Label: T(lg, "scope_all")}}, scopeOptions(lg, o)...)
	cv.Periods = []option{{Value: "all", Label: L(lg, "all")}}
	for _, y := range o["year"] {
		cv.Periods = append(cv.Periods, option{Value: y.Value, Label: y.Label})
	}
	cv.ALabel = s.scopeLabel(lg, cv.A, o) + ", " + periodLabel(lg, cv.PA)
	cv.BLabel = s.scopeLabel(lg, cv.B, o) + ", " + periodLabel(lg, cv.PB)
	var names []string
	var va, vb []opts.BarData
	for _, r := range rows {
		unit, name := s.unit(r.Indicator), r.Indicator
		if s.explain != nil {
			if e := s.explain(r.Indicator, lg); e != nil {
				name = r.Indicator + " " + e.Name
			}
		}
		rv := compareRowView{Name: name, A: sideValue(lg, r.A, r.AHidden, unit), B: sideValue(lg, r.B, r.BHidden, unit), Diff: "–"}
		if r.A != nil && r.B != nil {
			rv.Diff = cellDisplay(lg, *r.B-*r.A, unit)
		}
		cv.Rows = append(cv.Rows, rv)
		if unit == "share" {
			names = append(names, r.Indicator)
			va = append(va, opts.BarData{Value: pct(r.A)})
			vb = append(vb, opts.BarData{Value: pct(r.B)})
		}
	}
	if len(names) > 0 {
		ch := charts.NewBar()
		ch.SetGlobalOptions(baseOpts("c_confronta", "380px")...)
		ch.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Name: "%"}))
		ch.SetXAxis(names).AddSeries("A", va).AddSeries("B", vb)
		v := snippet(ch)
		cv.Chart = &v
	}
	pd := s.basePage(c, lg, "confronta", T(lg, "compare"), T(lg, "compare_lead"))
	s.withSnapshot(c, &pd, snap)
	pd.Data = cv
	s.render(c, 200, "compare.html", pd)
}

// scopeOptions are the scopes a comparison can take, labelled.
func scopeOptions(lg string, o dashboard.Options) []option {
	var out []option
	for _, kind := range []string{"cycle", "programme", "body_type", "nuts", "body"} {
		for _, v := range o[kind] {
			out = append(out, option{Value: kind + ":" + v.Value, Label: T(lg, kind) + ": " + L(lg, v.Label)})
		}
	}
	return out
}

func periodLabel(lg, p string) string {
	if p == "all" {
		return L(lg, "all")
	}
	return p
}

func sideValue(lg string, v *float64, hidden bool, unit string) string {
	if hidden {
		return T(lg, "suppressed")
	}
	if v == nil {
		return "–"
	}
	return cellDisplay(lg, *v, unit)
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func pct(p *float64) any {
	if p == nil {
		return nil
	}
	return round(*p * 100)
}
