package evidence

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"osservatorio/internal/annotation"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/guideline"
	"osservatorio/internal/indicator"
)

// Words turns a code (a filter name, a body type, a role…) into words in a
// language; the web layer's label table is passed in, so pages and reports
// name things alike. Nil leaves codes as they are.
type Words func(lang, code string) string

// View is a pack ready to render, in one language, with the public's small
// cells withheld: the web page and the offline report show the same view.
type View struct {
	Lang     string
	Pack     *Pack
	Citation string
	Items    []ItemView
	Loads    []Load
	Rejected int64 // rows rejected by the loads behind the data version
	Words    map[string]string
	// Notes are the Laboratori's notes on the pack and its values, as they
	// stood when it was frozen: the report carries them; the site's page
	// shows the current ones with its own notes box.
	Notes []annotation.Annotation
}

// NoteTargets are what notes shown with a pack are about: the pack and
// each of its indicator values.
func (p *Pack) NoteTargets() []annotation.Target {
	ts := []annotation.Target{annotation.Pack(p.ID)}
	for _, it := range p.Items {
		if it.Kind == KindIndicator {
			ts = append(ts, annotation.IndicatorValue(it.Indicator, it.Scope, it.Period))
		}
	}
	return ts
}

// ItemView is one item as shown.
type ItemView struct {
	Seq                        int
	Kind                       string
	Title, Scope, Period       string
	Unit                       string
	Rows                       []ValueRow
	Chart                      string // echarts option as JSON, "" when there is nothing to draw
	Explain                    indicator.Explanation
	ExplainedIn                int // the item that explains the same indicator already (0: this one)
	SQL, SQLSHA256, File       string
	Effects                    []EffectRow
	Window                     int
	ComparisonBodies, Adopters int
	// A named query: how a researcher reproduces its rows.
	ResultRows   int64
	ResultSHA256 string
	Reproduce    string
}

// ValueRow is one value with its counts, as text.
type ValueRow struct {
	Label, Value, Numerator, Denominator string
	Suppressed                           bool
}

// EffectRow is one row of a guideline comparison, as text.
type EffectRow struct {
	Body, Indicator, Before, After, CompBefore, CompAfter, DiD, N, Note string
}

// NewView builds the view of p in lang ("it" or "en"). Scope labels come
// from the records of the pack's own data version.
func NewView(ctx context.Context, db *sql.DB, p *Pack, lang, citation string, words Words) (*View, error) {
	if words == nil {
		words = func(_, c string) string { return c }
	}
	defs, err := indicator.Catalogue()
	if err != nil {
		return nil, err
	}
	byID := map[string]indicator.Def{}
	for _, d := range defs {
		byID[d.ID] = d
	}
	opts, err := dashboard.FilterOptions(ctx, db, indicator.Snapshot{DataVersion: p.DataVersion, AsOf: p.AsOf})
	if err != nil {
		return nil, err
	}
	v := &View{Lang: lang, Pack: p, Citation: citation, Words: reportWords(lang)}
	for _, l := range p.Loads {
		v.Rejected += l.Rejected
		l.Kind = words(lang, l.Kind) // "Presenze", not "attendance"
		v.Loads = append(v.Loads, l)
	}
	explained := map[string]int{}
	for _, it := range p.Items {
		iv := ItemView{Seq: it.Seq, Kind: it.Kind, SQL: it.SQL, SQLSHA256: it.SQLSHA256, File: queryFile(it)}
		switch it.Kind {
		case KindIndicator:
			d := byID[it.Indicator]
			iv.Title = it.Indicator + " " + pick(lang, d.NameIT, d.NameEN)
			iv.Unit, iv.Explain = d.Unit, d.Explain[lang]
			if first, ok := explained[it.Indicator]; ok {
				iv.ExplainedIn = first
			} else {
				explained[it.Indicator] = it.Seq
			}
			iv.Scope = scopeLabel(lang, it.Scope, opts, words)
			iv.Period = periodLabel(lang, it.Period)
			vals := public(it.Values)
			for _, x := range vals {
				value := format(lang, d.Unit, x.Value)
				if x.Estimate && x.ErrorBound != nil {
					value += " " + pick(lang, "(stima ±", "(estimate ±") + format(lang, d.Unit, x.ErrorBound) + ")"
				}
				iv.Rows = append(iv.Rows, ValueRow{Label: categoryLabel(lang, x.Category, words), Value: value,
					Numerator: count(lang, x.Numerator), Denominator: count(lang, x.Denominator), Suppressed: x.Suppressed})
			}
			iv.Chart = trendChart(lang, d.Unit, it.Period, public(it.Trend), words)
		case KindGuideline:
			iv.Title, iv.Window = it.Guideline, it.Window
			rows := make([]guideline.Effect, len(it.Effects))
			for i, e := range it.Effects {
				rows[i] = e.unwrap()
			}
			guideline.Withhold(rows)
			for _, e := range rows {
				iv.Effects = append(iv.Effects, effectRow(lang, e, byID, opts, words))
				if e.BodyID == "all" && e.CompNBodies != nil {
					iv.ComparisonBodies = max(iv.ComparisonBodies, *e.CompNBodies)
				}
			}
			iv.Adopters = adopters(rows)
			iv.Chart = effectsChart(lang, rows)
		case KindQuery:
			iv.Title, iv.ResultRows, iv.ResultSHA256 = it.Query, it.ResultRows, it.ResultSHA256
			if q, err := namedQuery(it.Query); err == nil {
				iv.Title = it.Query + " · " + pick(lang, q.TitleIT, q.TitleEN)
			}
			iv.Reproduce = reproduce(it, p.DataVersion)
		}
		v.Items = append(v.Items, iv)
	}
	return v, nil
}

// public is a copy of vals with the small-cell rule applied.
func public(vals []indicator.Value) []indicator.Value {
	out := slices.Clone(vals)
	if err := indicator.Withhold(out); err != nil {
		// The catalogue parsed already (NewView read it): cannot happen.
		panic(err)
	}
	return out
}

func queryFile(it Item) string {
	switch it.Kind {
	case KindGuideline:
		return fmt.Sprintf("queries/%02d-%s-%d.sql", it.Seq, it.Guideline, it.Window)
	case KindQuery:
		return fmt.Sprintf("queries/%02d-%s.sql", it.Seq, it.Query)
	}
	return fmt.Sprintf("queries/%02d-%s.sql", it.Seq, it.Indicator)
}

func pick(lang, it, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return it
}

func scopeLabel(lang, scope string, opts dashboard.Options, words Words) string {
	w := func(c string) string { return words(lang, c) }
	return opts.ScopeLabel(scope, w, w)
}

func periodLabel(lang, p string) string {
	if p == "all" {
		return pick(lang, "tutto il periodo", "whole period")
	}
	return p
}

func categoryLabel(lang, c string, words Words) string {
	if c == "" {
		return pick(lang, "valore", "value")
	}
	return words(lang, c)
}

// format writes a value in its unit: shares as percentages.
func format(lang, unit string, p *float64) string {
	if p == nil {
		return "—"
	}
	x := *p
	var s string
	switch unit {
	case "share":
		s = strconv.FormatFloat(x*100, 'f', 1, 64) + " %"
	case "count":
		s = strconv.FormatFloat(x, 'f', 0, 64)
	case "index", "ratio":
		s = strconv.FormatFloat(x, 'f', 3, 64)
	default:
		s = strconv.FormatFloat(x, 'f', 1, 64)
	}
	if lang == "it" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func count(lang string, p *float64) string {
	if p == nil {
		return "—"
	}
	if *p == math.Trunc(*p) {
		return strconv.FormatFloat(*p, 'f', 0, 64)
	}
	return format(lang, "", p)
}

// trendChart draws the yearly values (one line per category), marking the
// item's year.
func trendChart(lang, unit, period string, trend []indicator.Value, words Words) string {
	var years, cats []string
	for _, v := range trend {
		if !slices.Contains(years, v.Period) {
			years = append(years, v.Period)
		}
		if !slices.Contains(cats, v.Category) {
			cats = append(cats, v.Category)
		}
	}
	if len(years) < 2 {
		return ""
	}
	slices.Sort(years)
	scale := 1.0
	if unit == "share" {
		scale = 100
	}
	var series []map[string]any
	for _, c := range cats {
		data := make([]any, len(years))
		for _, v := range trend {
			if v.Category == c && v.Value != nil {
				data[slices.Index(years, v.Period)] = math.Round(*v.Value*scale*1000) / 1000
			}
		}
		series = append(series, map[string]any{"name": categoryLabel(lang, c, words), "type": "line", "data": data, "connectNulls": false})
	}
	if slices.Contains(years, period) && len(series) > 0 {
		series[0]["markLine"] = map[string]any{"symbol": "none", "silent": true, "label": map[string]any{"formatter": period},
			"lineStyle": map[string]any{"type": "dashed", "color": "#555"}, "data": []any{map[string]any{"xAxis": period}}}
	}
	axis := map[string]any{"type": "value"}
	if unit == "share" {
		axis["name"], axis["max"] = "%", 100
	}
	return chartJSON(map[string]any{
		"animation": false,
		"tooltip":   map[string]any{"trigger": "axis"},
		"legend":    map[string]any{"type": "scroll", "bottom": 0},
		"grid":      map[string]any{"left": 48, "right": 16, "top": 24, "bottom": 48},
		"xAxis":     map[string]any{"type": "category", "data": years},
		"yAxis":     axis,
		"series":    series,
	})
}

// effectsChart draws the mean across adopters: before and after, adopters
// and comparison group, per indicator.
func effectsChart(lang string, rows []guideline.Effect) string {
	var inds []string
	get := map[string]guideline.Effect{}
	for _, e := range rows {
		if e.BodyID == "all" && e.Indicator != "" {
			inds = append(inds, e.Indicator)
			get[e.Indicator] = e
		}
	}
	if len(inds) == 0 {
		return ""
	}
	names := [4]string{pick(lang, "adottanti, prima", "adopters, before"), pick(lang, "adottanti, dopo", "adopters, after"),
		pick(lang, "confronto, prima", "comparison, before"), pick(lang, "confronto, dopo", "comparison, after")}
	var series []map[string]any
	for k, name := range names {
		data := make([]any, len(inds))
		for i, ind := range inds {
			e := get[ind]
			if p := [4]*float64{e.Before, e.After, e.CompBefore, e.CompAfter}[k]; p != nil {
				data[i] = math.Round(*p*1000) / 1000
			}
		}
		series = append(series, map[string]any{"name": name, "type": "bar", "data": data})
	}
	return chartJSON(map[string]any{
		"animation": false,
		"tooltip":   map[string]any{"trigger": "axis"},
		"legend":    map[string]any{"bottom": 0},
		"grid":      map[string]any{"left": 48, "right": 16, "top": 24, "bottom": 48},
		"xAxis":     map[string]any{"type": "category", "data": inds},
		"yAxis":     map[string]any{"type": "value"},
		"series":    series,
	})
}

func chartJSON(o map[string]any) string {
	b, err := json.Marshal(o)
	if err != nil {
		return ""
	}
	return string(b)
}

func adopters(rows []guideline.Effect) int {
	seen := map[string]bool{}
	for _, e := range rows {
		if e.BodyID != "all" {
			seen[e.BodyID] = true
		}
	}
	return len(seen)
}

func effectRow(lang string, e guideline.Effect, byID map[string]indicator.Def, opts dashboard.Options, words Words) EffectRow {
	body := pick(lang, "media degli adottanti", "mean across adopters")
	if e.BodyID != "all" {
		body = e.BodyID
		for _, o := range opts["body"] {
			if o.Value == e.BodyID {
				body = o.Label
			}
		}
	}
	unit := byID[e.Indicator].Unit
	r := EffectRow{Body: body, Indicator: e.Indicator, Before: format(lang, unit, e.Before), After: format(lang, unit, e.After),
		CompBefore: format(lang, unit, e.CompBefore), CompAfter: format(lang, unit, e.CompAfter), DiD: format(lang, "index", e.DiD)}
	if e.N != nil {
		r.N = strconv.Itoa(*e.N)
	}
	switch {
	case e.Reason == guideline.ReasonAfterAsOf:
		r.Note = pick(lang, "adottata dopo la data di riferimento: nessun confronto", "adopted after the reference date: no comparison")
	case e.Reason == guideline.ReasonUnder30Days:
		r.Note = pick(lang, "adozione troppo recente (finestra sotto 30 giorni): nessun confronto", "adopted too recently (window under 30 days): no comparison")
	case e.Suppressed:
		r.Note = pick(lang, "meno di 3 persone: valori non pubblicati", "fewer than 3 people: values withheld")
	case e.Open != nil && *e.Open:
		r.Note = pick(lang, "finestra dopo ancora aperta", "after window still open")
	}
	return r
}

// reproduce is the command that gives a named query's rows again, as the
// pack hashed them.
func reproduce(it Item, v int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "osservatorio export %s --data-version %d --format csv", it.Query, v)
	keys := slices.Sorted(maps.Keys(it.Params))
	for _, k := range keys {
		fmt.Fprintf(&b, " --param %s=%s", k, it.Params[k])
	}
	b.WriteString(" | sha256sum")
	return b.String()
}
