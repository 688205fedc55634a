package web

import (
	"fmt"
	"html/template"
	"math"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"

	"osservatorio/internal/dashboard"
)

// palette: one colour per partner category, kept across every chart.
var palette = []string{"#1f4e79", "#c0504d", "#4f9a94", "#e3a21a", "#7b5ea7", "#6b8e23", "#8c564b", "#d16ba5", "#5b7083", "#2ca02c"}

var categoryColour = map[string]string{
	"institutional": "#1f4e79", "economic_social": "#e3a21a", "civil_society": "#c0504d",
	"environmental": "#6b8e23", "equality_inclusion": "#7b5ea7", "research": "#4f9a94",
}

// chartView is what a template needs of a chart: the element to draw in and
// the echarts option as JSON, which /assets/charts.js applies (no inline
// script, so the Content-Security-Policy can forbid inline scripts). Labels
// (JSON chartLabels) and Links (JSON, name → page) are what charts.js adds:
// short labels on axes and legends, and a click on a name opening its page.
type chartView struct {
	Element, Option string
	Labels, Links   string
}

// Label widths, in characters: an axis's categories, a horizontal bar's
// (which have the width of the chart), a legend's items.
const (
	labelAxis   = 24
	labelHbar   = 32
	labelLegend = 40
)

// chartLabels are the short labels a chart shows for long names, full name
// → label, on its category axes and in its legend. The option keeps the
// full names, so tooltips show them.
type chartLabels struct {
	Axis   map[string]string `json:"axis,omitempty"`
	Legend map[string]string `json:"legend,omitempty"`
}

// shorten records the labels of names cut to width, in m.
func shorten(m *map[string]string, names []string, width int) {
	for i, l := range shortLabels(names, width) {
		if l != names[i] {
			if *m == nil {
				*m = map[string]string{}
			}
			(*m)[names[i]] = l
		}
	}
}

// legendRows estimates the rows a legend of these names wraps to in a
// chart of the panel's width: echarts draws a 25 px symbol, a 10 px gap and
// about 7 px a character (12 px type); a half panel is about 520 px wide.
func legendRows(names []string, width string) int {
	avail := 520.0
	if width == "full" {
		avail = 1180
	}
	rows, x := 1, 0.0
	for _, n := range names {
		w := 35 + 7*float64(utf8.RuneCountInString(n))
		if x > 0 && x+w > avail {
			rows, x = rows+1, 0
		}
		x += w + 10
	}
	return rows
}

// legendOpts is a legend that wraps to as many rows as it needs (a scroll
// legend pages: "Istituzi… 1/2"), with the grid kept clear of it; it
// returns the height the legend takes.
func legendOpts(ss []series, width string) ([]charts.GlobalOpts, int) {
	var names []string
	for _, s := range ss {
		names = append(names, shortLabels([]string{s.name}, labelLegend)[0])
	}
	h := 24 * legendRows(names, width)
	return []charts.GlobalOpts{charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"})}, h
}

// series is one named column of numbers over the x categories.
type series struct {
	name, code string // label shown, stored code (for the category colours)
	values     []any  // float64 or nil
}

// shape reads a table as x categories and numeric series: long tables
// (x, series, value) are pivoted; wide ones give a series per value column.
func shape(p dashboard.Panel, t dashboard.Table, lang, valueLabel string) ([]string, []series) {
	xi := t.Col(p.X)
	if xi < 0 {
		xi = 0
		if t.Col("anno") >= 0 {
			xi = t.Col("anno")
		} else if t.Col("categoria") >= 0 {
			xi = t.Col("categoria")
		}
	}
	valueCols := p.Values
	if len(valueCols) == 0 {
		valueCols = []string{"valore"}
	}
	si := t.Col(p.Series)
	if si < 0 && p.Indicator != "" && p.Query == "" && t.Col("anno") >= 0 && hasCategories(t) {
		si = t.Col("categoria") // an indicator with a value per category: one line per category
	}
	var xs []string
	xpos := map[string]int{}
	for _, r := range t.Rows {
		x := cellText(r[xi])
		if _, ok := xpos[x]; !ok {
			xpos[x] = len(xs)
			xs = append(xs, x)
		}
	}
	scale := 1.0
	if p.Unit == "share" {
		scale = 100
	}
	var out []series
	if si >= 0 {
		vi := t.Col(valueCols[0])
		spos := map[string]int{}
		for _, r := range t.Rows {
			s := cellText(r[si])
			if _, ok := spos[s]; !ok {
				spos[s] = len(out)
				out = append(out, series{name: L(lang, s), code: s, values: make([]any, len(xs))})
			}
			if v, ok := dashboard.Number(r[vi]); ok {
				out[spos[s]].values[xpos[cellText(r[xi])]] = round(v * scale)
			}
		}
	} else {
		for _, c := range valueCols {
			vi := t.Col(c)
			if vi < 0 {
				continue
			}
			s := series{name: L(lang, c), values: make([]any, len(xs))}
			if c == "valore" && valueLabel != "" {
				s.name = valueLabel
			}
			for _, r := range t.Rows {
				if v, ok := dashboard.Number(r[vi]); ok {
					s.values[xpos[cellText(r[xi])]] = round(v * scale)
				}
			}
			out = append(out, s)
		}
	}
	labels := make([]string, len(xs))
	for i, x := range xs {
		labels[i] = L(lang, x)
	}
	return labels, out
}

func hasCategories(t dashboard.Table) bool {
	ci := t.Col("categoria")
	for _, r := range t.Rows {
		if cellText(r[ci]) != "" {
			return true
		}
	}
	return false
}

func round(v float64) float64 { return math.Round(v*1000) / 1000 }

func unitName(p dashboard.Panel, lang string) string {
	switch p.Unit {
	case "share":
		return "%"
	case "days":
		return L(lang, "giorni_lavorativi")
	}
	return ""
}

func baseOpts(id string, height string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: "100%", Height: height, AssetsHost: "/assets/"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
		charts.WithColorsOpts(opts.Colors(palette)),
		charts.WithAnimation(false),
	}
}

// buildChart draws a panel's table, with the short labels of its long
// names; ok is false when the panel is a table only.
func buildChart(p dashboard.Panel, t dashboard.Table, lang, id, valueLabel string) (render.Renderer, chartLabels, bool) {
	var lb chartLabels
	height := 340
	if p.Width == "full" {
		height = 420
	}
	switch p.Chart {
	case "line", "bar", "stacked", "hbar":
		xs, ss := shape(p, t, lang, valueLabel)
		if p.Chart == "hbar" {
			height = max(260, 28*len(xs)+80)
			shorten(&lb.Axis, xs, labelHbar)
		} else {
			shorten(&lb.Axis, xs, labelAxis)
		}
		var names []string
		for _, s := range ss {
			names = append(names, s.name)
		}
		shorten(&lb.Legend, names, labelLegend)
		return axisChart(p, xs, ss, lang, id, height), lb, true
	case "lorenz":
		return lorenz(p, t, lang, id, height), lb, true
	case "pie":
		xs, ss := shape(p, t, lang, valueLabel)
		shorten(&lb.Legend, xs, labelLegend)
		c := charts.NewPie()
		c.SetGlobalOptions(baseOpts(id, px(height))...)
		c.SetGlobalOptions(charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}))
		var data []opts.PieData
		if len(ss) > 0 {
			for i, x := range xs {
				data = append(data, opts.PieData{Name: x, Value: ss[0].values[i]})
			}
		}
		c.AddSeries(p.ID, data)
		return c, lb, true
	case "map":
		return italyMap(p, t, lang, id), lb, true
	case "graph":
		return networkChart(t, lang, id, px(height)), lb, true
	case "heatmap":
		c, names := heatmap(p, t, lang, id)
		shorten(&lb.Axis, names, labelAxis)
		return c, lb, true
	}
	return nil, lb, false
}

func px(n int) string { return fmt.Sprintf("%dpx", n) }

// axisChart draws lines or bars over categories. Category labels are not
// cut here: charts.js puts the short labels of chartLabels on the axis.
func axisChart(p dashboard.Panel, xs []string, ss []series, lang, id string, height int) render.Renderer {
	yAxis := opts.YAxis{Name: unitName(p, lang), Type: "value"}
	legend, lh := legendOpts(ss, p.Width)
	height += lh - 24 // the chart grows by the legend's rows past the first
	if p.Chart == "line" || p.Chart == "bar" || p.Chart == "stacked" {
		if p.Chart == "line" {
			c := charts.NewLine()
			c.SetGlobalOptions(baseOpts(id, px(height))...)
			c.SetGlobalOptions(legend...)
			c.SetGlobalOptions(charts.WithYAxisOpts(yAxis), charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
				charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "3%", Right: "6%", Top: "40", Bottom: fmt.Sprint(lh + 12)}))
			c.SetXAxis(xs)
			for i, s := range ss {
				data := make([]opts.LineData, len(s.values))
				for j, v := range s.values {
					data[j] = opts.LineData{Value: v}
				}
				so := []charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), ShowSymbol: opts.Bool(true)})}
				if col, ok := categoryColour[s.code]; ok {
					so = append(so, charts.WithItemStyleOpts(opts.ItemStyle{Color: col}), charts.WithLineStyleOpts(opts.LineStyle{Color: col}))
				}
				if p.Mark != 0 && i == 0 {
					so = append(so, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: markName(p, lang), YAxis: markValue(p)}),
						markStyle(false))
				}
				c.AddSeries(s.name, data, so...)
			}
			return c
		}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(baseOpts(id, px(height))...)
	c.SetGlobalOptions(legend...)
	if p.Chart == "hbar" {
		c.SetGlobalOptions(charts.WithGridOpts(opts.Grid{Left: "2%", Right: "4%", ContainLabel: opts.Bool(true), Bottom: fmt.Sprint(lh + 12)}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
			charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: unitName(p, lang)}))
		c.XYReversal()
	} else {
		c.SetGlobalOptions(charts.WithYAxisOpts(yAxis),
			charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Rotate: rotation(shortLabels(xs, labelAxis)), Interval: "0"}}),
			charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Bottom: fmt.Sprint(lh + 12)}))
	}
	c.SetXAxis(xs)
	for i, s := range ss {
		data := make([]opts.BarData, len(s.values))
		for j, v := range s.values {
			data[j] = opts.BarData{Value: v}
		}
		var so []charts.SeriesOpts
		if col, ok := categoryColour[s.code]; ok {
			so = append(so, charts.WithItemStyleOpts(opts.ItemStyle{Color: col}))
		}
		if p.Chart == "stacked" {
			so = append(so, charts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
		}
		if p.Mark != 0 && i == 0 {
			at := markCategory(xs, p.Mark)
			if p.Chart == "hbar" { // the value axis runs along x
				at = markValue(p)
			}
			so = append(so, charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: markName(p, lang), XAxis: at}), markStyle(true))
		}
		c.AddSeries(s.name, data, so...)
	}
	return c
}

// rotation tilts the x labels when they would not fit side by side.
func rotation(xs []string) float64 {
	total := 0
	for _, x := range xs {
		total += len([]rune(x))
	}
	if total > 50 {
		return 30
	}
	return 0
}

// lorenz draws a Lorenz curve; the axis titles sit along their axes, where
// they have the room a title at the axis's end (cut to "Quota di") lacks.
func lorenz(p dashboard.Panel, t dashboard.Table, lang, id string, height int) render.Renderer {
	xi, yi := t.Col(p.X), t.Col(p.Values[0])
	c := charts.NewLine()
	c.SetGlobalOptions(baseOpts(id, px(height))...)
	c.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100, Name: L(lang, p.X) + " (%)", NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100, Name: L(lang, p.Values[0]) + " (%)", NameLocation: "middle", NameGap: 40}),
		charts.WithGridOpts(opts.Grid{Left: "64", Right: "24", Top: "24", Bottom: "84"}))
	var curve, equal []opts.LineData
	for _, r := range t.Rows {
		x, _ := dashboard.Number(r[xi])
		y, _ := dashboard.Number(r[yi])
		curve = append(curve, opts.LineData{Value: []float64{round(x * 100), round(y * 100)}})
	}
	equal = []opts.LineData{{Value: []float64{0, 0}}, {Value: []float64{100, 100}}}
	c.AddSeries(T(lang, "lorenz"), curve,
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	c.AddSeries(T(lang, "equality"), equal,
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	return c
}

func networkChart(t dashboard.Table, lang, id, height string) render.Renderer {
	nodes, edges := dashboard.Network(t)
	cats := []string{"institutional", "economic_social", "civil_society", "environmental", "equality_inclusion", "research"}
	catIndex := map[string]int{}
	var gcats []*opts.GraphCategory
	for i, c := range cats {
		catIndex[c] = i
		gcats = append(gcats, &opts.GraphCategory{Name: L(lang, c), ItemStyle: &opts.ItemStyle{Color: categoryColour[c]}})
	}
	sort.SliceStable(nodes, func(i, j int) bool {
		if nodes[i].Category != nodes[j].Category {
			return catIndex[nodes[i].Category] < catIndex[nodes[j].Category]
		}
		return nodes[i].Betweenness > nodes[j].Betweenness
	})
	var gn []opts.GraphNode
	for _, n := range nodes {
		gn = append(gn, opts.GraphNode{Name: n.Name, Value: float32(round(n.Betweenness)), Category: catIndex[n.Category],
			SymbolSize: 6 + 40*math.Sqrt(n.Betweenness)})
	}
	name := map[string]string{}
	for _, n := range nodes {
		name[n.ID] = n.Name
	}
	var gl []opts.GraphLink
	for _, e := range edges {
		gl = append(gl, opts.GraphLink{Source: name[e.From], Target: name[e.To], Value: float32(e.Meetings)})
	}
	c := charts.NewGraph()
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: "100%", Height: "560px", AssetsHost: "/assets/"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithAnimation(false),
	)
	// A force layout animates for seconds and, on dense partnerships, folds
	// into a line; a circle ordered by category settles at once and shows
	// who bridges the groups.
	c.AddSeries("rete", gn, gl, charts.WithGraphChartOpts(opts.GraphChart{Layout: "circular", Roam: opts.Bool(true),
		Categories: gcats, LineStyle: &opts.LineStyle{Opacity: opts.Float(0.15), Curveness: 0.3}}))
	return c
}

// heatmap draws a square matrix over the names of x and series; it returns
// the names, whose short labels charts.js puts on both axes.
func heatmap(p dashboard.Panel, t dashboard.Table, lang, id string) (render.Renderer, []string) {
	xi, yi, vi := t.Col(p.X), t.Col(p.Series), t.Col(p.Values[0])
	set := map[string]bool{}
	for _, r := range t.Rows {
		set[cellText(r[xi])] = true
		set[cellText(r[yi])] = true
	}
	var names []string
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	pos := map[string]int{}
	for i, n := range names {
		pos[n] = i
	}
	var data []opts.HeatMapData
	maxV := 1.0
	for _, r := range t.Rows {
		v, _ := dashboard.Number(r[vi])
		maxV = math.Max(maxV, v)
		x, y := pos[cellText(r[xi])], pos[cellText(r[yi])]
		data = append(data, opts.HeatMapData{Value: [3]any{x, y, v}}, opts.HeatMapData{Value: [3]any{y, x, v}})
	}
	c := charts.NewHeatMap()
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: "100%", Height: fmt.Sprintf("%dpx", max(360, 22*len(names)+160)), AssetsHost: "/assets/"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: names, AxisLabel: &opts.AxisLabel{Rotate: 45, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true)}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: 0, Max: float32(maxV), Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#f3f6fa", "#1f4e79"}}}),
		charts.WithAnimation(false),
	)
	c.AddSeries(L(lang, p.Values[0]), data)
	return c, names
}

// snippet renders a chart for a page template: its element and its option,
// as go-echarts' RenderSnippet gives them but for the blank lines at their
// ends (TestSnippetAsGoEcharts). RenderSnippet parses its templates at every
// call and runs a backtracking regexp over the HTML-escaped option to drop
// the markers of JavaScript functions, then unescapes it: a tenth of a body
// page's CPU. On the escaped option only the bare marker __f__ can match
// (its quotes are &#34; there), so the option is the JSON without it.
func snippet(r render.Renderer) chartView {
	c, init, ok := chartParts(r)
	if !ok {
		s := r.RenderSnippet()
		return chartView{Element: s.Element, Option: s.Option}
	}
	c.Validate() // what RenderSnippet runs first
	var el strings.Builder
	chartElement.Execute(&el, init) // three strings into a builder: cannot fail
	return chartView{Element: el.String(), Option: strings.TrimSpace(strings.ReplaceAll(string(c.JSONNotEscaped()), "__f__", ""))}
}

// chartParts finds what snippet needs in a go-echarts chart (a pointer to a
// struct that embeds its BaseConfiguration).
func chartParts(r render.Renderer) (echart, opts.Initialization, bool) {
	c, ok := r.(echart)
	v := reflect.ValueOf(r)
	if !ok || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, opts.Initialization{}, false
	}
	f := v.Elem().FieldByName("Initialization")
	if !f.IsValid() || !f.CanInterface() {
		return nil, opts.Initialization{}, false
	}
	init, ok := f.Interface().(opts.Initialization)
	return c, init, ok
}

// echart is what snippet needs of a go-echarts chart.
type echart interface {
	Validate()
	JSONNotEscaped() template.HTML
}

// chartElement is go-echarts' base_element template.
var chartElement = template.Must(template.New("base_element").Parse(`<div class="container">
    <div class="item" id="{{ .ChartID }}" style="width:{{ .Width }};height:{{ .Height }};"></div>
</div>`))
