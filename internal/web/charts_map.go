package web

import (
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
	"github.com/go-echarts/go-echarts/v2/types"

	"osservatorio/internal/dashboard"
)

// italyMap draws a choropleth of Italy's NUTS 2 regions: a query's values by
// region name, or an indicator's value in each region's scope (view regions).
func italyMap(p dashboard.Panel, t dashboard.Table, lang, id string) render.Renderer {
	xcol, vcol, name := p.X, "", ""
	if len(p.Values) > 0 {
		vcol, name = p.Values[0], L(lang, p.Values[0])
	}
	if p.View == "regions" { // an indicator's value per region
		xcol, vcol, name = "regione", "valore", unitName(p, lang)
	}
	xi, vi := t.Col(xcol), t.Col(vcol)
	scale := 1.0
	if p.Unit == "share" {
		scale = 100
	}
	c := charts.NewMap()
	c.RegisterMapType("italia")
	minV, maxV := math.Inf(1), 0.0
	var data []opts.MapData
	for _, r := range t.Rows {
		v, ok := dashboard.Number(r[vi])
		if !ok { // withheld or undefined: the region stays grey, as one without data
			continue
		}
		minV, maxV = math.Min(minV, v*scale), math.Max(maxV, v*scale)
		data = append(data, opts.MapData{Name: cellText(r[xi]), Value: round(v * scale)})
	}
	// Counts from 0; shares over the tens they span, so that regions at 72
	// and 88 % do not look alike.
	lo := 0.0
	if p.Unit == "share" && len(data) > 0 {
		lo, maxV = math.Floor(minV/10)*10, math.Min(100, math.Ceil(maxV/10)*10)
		if lo == maxV {
			lo = math.Max(0, lo-10)
		}
	}
	top := strings.TrimSpace(formatNumber(lang, maxV, "count") + " " + name)
	bottom := strings.TrimSpace(formatNumber(lang, lo, "count") + " " + name)
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: "100%", Height: "560px", AssetsHost: "/assets/"}),
		// The value on hover, with the region's name; no legend (its symbol
		// would put a dot on every region).
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: types.FuncStr("{b}: {c} " + name)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: float32(lo), Max: float32(max(maxV, lo+1)), Text: []string{top, bottom},
			InRange: &opts.VisualMapInRange{Color: []string{"#e8eef5", "#1f4e79"}}, Left: "left", Bottom: "5%"}),
		charts.WithAnimation(false),
	)
	c.AddSeries(name, data)
	return c
}
