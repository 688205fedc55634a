package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
)

// compareView is the content of /confronta.
type compareView struct {
	Scopes, Periods []option
	A, B, PA, PB    string
	ALabel, BLabel  string
	Rows            []compareRowView
	Chart           *chartView
	CSV             string // the same comparison as a machine CSV
}

type compareRowView struct {
	Name, A, B, Diff string
	Explain          *Explanation
}

// comparePage puts two scopes, or two periods of one scope, side by side:
// /confronta?a=body:X&pa=2023&b=body:Y&pb=2023.
func (s *Server) comparePage(c *gin.Context) {
	lg := lang(c.Request)
	a, b, snap, o, rows, err := s.comparison(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	cv := compareView{A: a.Scope, B: b.Scope, PA: a.Period, PB: b.Period}
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
		var ex *Explanation
		if s.explain != nil {
			if ex = s.explain(r.Indicator, lg); ex != nil {
				name = r.Indicator + " " + ex.Name
			}
		}
		rv := compareRowView{Name: name, Explain: ex, A: sideValue(lg, r.A, r.AHidden, unit), B: sideValue(lg, r.B, r.BHidden, unit), Diff: "–"}
		if r.A != nil && r.B != nil {
			rv.Diff = difference(lg, *r.B-*r.A, unit)
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
		ch.SetXAxis(names).AddSeries("A: "+cv.ALabel, va).AddSeries("B: "+cv.BLabel, vb)
		v := snippet(ch)
		cv.Chart = &v
	}
	q := c.Request.URL.Query()
	q.Set("data_version", strconv.FormatInt(snap.DataVersion, 10))
	q.Set("as_of", snap.AsOf)
	q.Del("lang")
	cv.CSV = "/confronta/csv?" + q.Encode()
	pd := s.basePage(c, lg, "confronta", T(lg, "compare"), T(lg, "compare_lead"))
	s.withSnapshot(c, &pd, snap)
	pd.Data = cv
	s.render(c, 200, "compare.html", pd)
}

// comparison reads and checks /confronta's sides (scope and period of A
// and B) and computes them on the request's snapshot.
func (s *Server) comparison(c *gin.Context) (a, b dashboard.Side, snap indicator.Snapshot, o dashboard.Options, rows []dashboard.CompareRow, err error) {
	ctx := c.Request.Context()
	a = dashboard.Side{Scope: orDefault(c.Query("a"), "all"), Period: orDefault(c.Query("pa"), "all")}
	b = dashboard.Side{Scope: orDefault(c.Query("b"), "all"), Period: orDefault(c.Query("pb"), "all")}
	if snap, err = s.snapshot(c); err != nil {
		return
	}
	if o, err = dashboard.FilterOptions(ctx, s.st.DB(), snap); err != nil {
		return
	}
	if err = o.CheckSide("a", a.Scope, "pa", a.Period); err != nil {
		return
	}
	if err = o.CheckSide("b", b.Scope, "pb", b.Period); err != nil {
		return
	}
	rows, err = dashboard.Compare(ctx, s.st.DB(), snap, a, b)
	return
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

// difference is B − A as a reader expects it: shares in percentage
// points, a sign on every change, no "-0".
func difference(lg string, d float64, unit string) string {
	var text string
	if unit == "share" {
		p := printers[lg]
		if p == nil {
			p = printers["it"]
		}
		text = p.Sprintf("%.1f pp", math.Abs(d)*100)
	} else {
		text = formatNumber(lg, math.Abs(d), unit)
	}
	if strings.Trim(text, "0,. p") == "" { // rounds to zero: no sign
		return text
	}
	if d > 0 {
		return "+" + text
	}
	return "−" + text
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

// compareCSV: GET /confronta/csv — the comparison of /confronta as a
// machine CSV: codes, full-precision values, withheld cells flagged.
func (s *Server) compareCSV(c *gin.Context) {
	a, b, snap, _, rows, err := s.comparison(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"indicatore", "a_ambito", "a_periodo", "a_valore", "a_soppresso", "b_ambito", "b_periodo", "b_valore", "b_soppresso", "differenza"})
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'g', -1, 64)
	}
	for _, r := range rows {
		diff := ""
		if r.A != nil && r.B != nil {
			diff = strconv.FormatFloat(*r.B-*r.A, 'g', -1, 64)
		}
		w.Write([]string{r.Indicator, a.Scope, a.Period, num(r.A), strconv.FormatBool(r.AHidden),
			b.Scope, b.Period, num(r.B), strconv.FormatBool(r.BHidden), diff})
	}
	w.Flush()
	name := fmt.Sprintf("confronta_%s_%s_%s_%s_v%d_%s.csv", a.Scope, a.Period, b.Scope, b.Period, snap.DataVersion, snap.AsOf)
	c.Header("Content-Disposition", `attachment; filename="`+fileChars(name, '-')+`"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
