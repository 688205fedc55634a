package web

import (
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"

	"osservatorio/internal/dashboard"
)

// Reference lines: a labelled value or category (mark, mark_label in the
// dashboard files) and the year a page's filter selects.

// markSelected marks the year a page's filter selects on a chart by year:
// trend charts keep every year, and show which one the rest of the page is
// about.
func markSelected(r render.Renderer, year, label string) {
	l, ok := r.(*charts.Line)
	if !ok || year == "" || len(l.MultiSeries) == 0 {
		return
	}
	// Labels along the lines: a chart may hold a level line too (parity).
	l.MultiSeries[0].ConfigureSeriesOpts(charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: label, XAxis: year}),
		markStyle(false))
}

// markValue is a reference value on the chart's scale (shares in %).
func markValue(p dashboard.Panel) float64 {
	if p.Unit == "share" {
		return p.Mark * 100
	}
	return p.Mark
}

// markName is the reference line's label: the panel's words, else the value.
func markName(p dashboard.Panel, lang string) string {
	if l := p.MarkLabel.In(lang); l != "" {
		return l
	}
	return fmt.Sprint(markValue(p))
}

// markStyle draws a reference line dashed, grey, its label level: above
// a vertical line's end, along a horizontal line's end.
func markStyle(vertical bool) charts.SeriesOpts {
	pos := "insideEndTop"
	if vertical {
		pos = "end"
	}
	return charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
		Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: pos},
		LineStyle: &opts.LineStyle{Type: "dashed", Color: "#555", Width: 2}})
}

// markCategory finds the x category of a reference value (bars by number).
func markCategory(xs []string, mark float64) any {
	want := fmt.Sprint(mark)
	for _, x := range xs {
		if x == want {
			return x
		}
	}
	return want
}
