package web

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"osservatorio/internal/annotation"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/guideline"
	"osservatorio/internal/indicator"
	"osservatorio/internal/metrics"
)

// The guideline pages (docs/GUIDELINES.md): /linee-guida lists the
// guidelines, /linee-guida/:id shows one guideline's adoptions and the
// before/after comparison. They read the records and the reference date of
// the published snapshot (or of the one data_version and as_of name) and
// are public: small E01 cells are withheld (guideline.Withhold) for everyone.

// guidelinesPage: GET /linee-guida.
func (s *Server) guidelinesPage(c *gin.Context) {
	lg := lang(c.Request)
	snap, v, err := s.guidelineSnapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := guideline.Guidelines(c.Request.Context(), s.st.DB(), v)
	if err != nil {
		s.fail(c, err)
		return
	}
	pd := s.basePage(c, lg, "linee-guida", T(lg, "guidelines"), T(lg, "guidelines_lead"))
	s.withSnapshot(c, &pd, snap)
	pd.Data = list
	s.render(c, 200, "guidelines.html", pd)
}

// guidelineSnapshot is the snapshot a guideline page shows and the data
// version of the records it reads: the snapshot's, or, before anything is
// published, the current one (the adoptions can be listed; the comparison
// needs the snapshot's as_of).
func (s *Server) guidelineSnapshot(c *gin.Context) (indicator.Snapshot, int64, error) {
	snap, err := s.snapshot(c)
	if err != nil {
		return snap, 0, err
	}
	if !snap.Zero() {
		return snap, snap.DataVersion, nil
	}
	v, err := s.st.DataVersion(c.Request.Context())
	return snap, v, err
}

// guidelineView is the content of /linee-guida/:id.
type guidelineView struct {
	guideline.Guideline
	Adopters  []adopterView
	Window    string // the window parameter, as the form shows it
	Windows   []windowView
	NoCompare bool      // nothing published: no reference date to compare at
	Notes     NotesView // the Laboratori's notes on the guideline
}

type adopterView struct {
	BodyID, BodyName, Type, Version, Adopted, Act, Source string
	SourceLink                                            bool // the source is a web address
}

// windowView is the comparison for one window length.
type windowView struct {
	Title       string
	Pack        string // "Aggiungi al dossier": the form adding this comparison to a pack
	Compared    []adoptionView
	NotCompared []adoptionView
	Indicators  []indicatorView
}

// adoptionView is one adoption in one window: its windows' dates, its
// comparison group and its caveats (labels, never codes).
type adoptionView struct {
	BodyID, BodyName string
	Days             string // "365 days in each window"
	Windows          guideline.Windows
	CompN            string
	CompRule         string
	CompBodies       []bodyLink
	Caveats          []string
}

type bodyLink struct{ ID, Name string }

type indicatorView struct {
	ID, Name string
	Unit     string // the axis name
	Chart    *chartView
	Rows     []effectRowView
	Words    []string // each adoption's change and difference, in words
	Mean     string
	Caveats  []string
}

// effectRowView is one adoption's figures for one indicator, as shown.
type effectRowView struct {
	BodyName                             string
	Before, After, CompBefore, CompAfter string
	CompN, DiD                           string
}

// guidelinePage: GET /linee-guida/:id?window=&data_version=&as_of=. Drawn
// once per snapshot, window and language, then served from the page cache:
// the comparison is one query over every attendance row of the windows.
func (s *Server) guidelinePage(c *gin.Context) {
	lg := lang(c.Request)
	ctx := c.Request.Context()
	windowParam := c.DefaultQuery("window", strconv.Itoa(guideline.DefaultWindow))
	windows, err := guideline.ParseWindows(windowParam)
	if err != nil {
		s.fail(c, &dashboard.ParamError{Param: "window", Value: windowParam, Accepted: err.Error()})
		return
	}
	snap, v, err := s.guidelineSnapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	key := s.guidelineKey(c, snap, v, lg)
	if pg, ok := s.cache.get(key); ok {
		metrics.PageCache(true)
		writePage(c, pg)
		return
	}
	metrics.PageCache(false)
	if s.limiter != nil && !s.limiter.allow(clientKey(c)) { // not cached: it costs the comparison
		s.fail(c, errTooMany)
		return
	}
	rep, err := guideline.Detail(ctx, s.st.DB(), guideline.Params{DataVersion: v, AsOf: snap.AsOf, Windows: windows,
		Guideline: c.Param("id")})
	if errors.Is(err, guideline.ErrUnknown) {
		s.fail(c, errNotFound)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	guideline.Withhold(rep.Effects) // a public page: the rule of the API for non-researchers
	title := rep.ID
	if rep.Title != "" {
		title += " — " + rep.Title
	}
	pd := s.basePage(c, lg, "linee-guida", title, T(lg, "g_lead"))
	s.withSnapshot(c, &pd, snap)
	gv := s.guidelineData(rep, windows, windowParam, snap, lg)
	// Notes are not in the cache key: writing one empties the page cache.
	if gv.Notes, err = s.notesFor(c, lg, annotation.Guideline(rep.ID)); err != nil {
		s.fail(c, err)
		return
	}
	pd.Data = gv
	b, err := s.renderBytes("guideline.html", pd)
	if err != nil {
		s.fail(c, err)
		return
	}
	pg := newPage(b)
	s.cache.put(key, pg)
	writePage(c, pg)
}

// guidelineKey names a view of a guideline page: what the page reads (the
// records' version, the snapshot, the window, the language, the day for the
// citation's access date, the host when citations use it).
func (s *Server) guidelineKey(c *gin.Context, snap indicator.Snapshot, v int64, lg string) string {
	host := ""
	if s.baseURL == "" {
		host = c.Request.Host
	}
	q := url.Values{}
	for _, k := range append([]string{"window"}, snapshotParams...) {
		if val := c.Query(k); val != "" {
			q.Set(k, val)
		}
	}
	return fmt.Sprintf("guideline|%d|%d|%s|%s|%s|%s|%s|%s", v, snap.DataVersion, snap.AsOf, lg,
		time.Now().UTC().Format(time.DateOnly), host, c.Request.URL.Path, q.Encode())
}

func (s *Server) guidelineData(rep guideline.Report, windows []int, windowParam string, snap indicator.Snapshot, lg string) guidelineView {
	gv := guidelineView{Guideline: rep.Guideline, Window: windowParam, NoCompare: snap.AsOf == ""}
	for _, a := range rep.Adoptions {
		gv.Adopters = append(gv.Adopters, adopterView{BodyID: a.BodyID, BodyName: orDefault(a.BodyName, a.BodyID),
			Type: L(lg, a.BodyType), Version: a.Version, Adopted: a.Adopted, Act: a.Act, Source: a.Source,
			SourceLink: strings.HasPrefix(a.Source, "https://") || strings.HasPrefix(a.Source, "http://")})
	}
	if gv.NoCompare {
		return gv
	}
	adopted, types := map[string]string{}, map[string]string{}
	for _, a := range rep.Adoptions {
		adopted[a.BodyID], types[a.BodyID] = a.Adopted, a.BodyType
	}
	name := func(id string) string { return orDefault(rep.BodyNames[id], id) }
	for _, w := range windows {
		wv := windowView{Title: fmt.Sprintf(T(lg, "g_window_title"), w),
			Pack: "/evidenze/aggiungi?" + url.Values{"guideline": {gv.ID}, "window": {strconv.Itoa(w)}, "lang": {lg},
				"back": {"/linee-guida/" + gv.ID + "?lang=" + lg}}.Encode()}
		byInd := map[string][]guideline.Effect{}
		means := map[string]guideline.Effect{}
		for _, e := range rep.Effects {
			switch {
			case e.WindowDays != w:
			case e.Reason != "":
				wv.NotCompared = append(wv.NotCompared, adoptionView{BodyID: e.BodyID, BodyName: name(e.BodyID),
					Caveats: s.caveatLabels(lg, e, w, snap.AsOf)})
			case e.BodyID == "all":
				means[e.Indicator] = e
			default:
				byInd[e.Indicator] = append(byInd[e.Indicator], e)
			}
		}
		// The adoptions compared, from the rows of the first indicator
		// (every indicator has a row per compared adoption).
		for _, e := range byInd[guideline.Indicators[0]] {
			av := adoptionView{BodyID: e.BodyID, BodyName: name(e.BodyID), Caveats: s.caveatLabels(lg, e, w, snap.AsOf)}
			if e.L != nil {
				av.Days = fmt.Sprintf(T(lg, "g_days_each"), *e.L)
				av.Windows, _ = guideline.WindowDates(adopted[e.BodyID], *e.L)
			}
			av.CompN = compCount(lg, e.CompNBodies)
			av.CompRule = fmt.Sprintf(T(lg, "g_comp_rule"), L(lg, types[e.BodyID]), av.Windows.AfterTo)
			for _, b := range e.CompBodies {
				av.CompBodies = append(av.CompBodies, bodyLink{ID: b, Name: name(b)})
			}
			wv.Compared = append(wv.Compared, av)
		}
		if len(wv.Compared) > 0 {
			for _, ind := range guideline.Indicators {
				wv.Indicators = append(wv.Indicators, s.indicatorSection(lg, ind, w, byInd[ind], means[ind], name))
			}
		}
		gv.Windows = append(gv.Windows, wv)
	}
	return gv
}

// indicatorSection is one indicator's chart, figures and words.
func (s *Server) indicatorSection(lg, ind string, w int, rows []guideline.Effect, mean guideline.Effect, name func(string) string) indicatorView {
	unit := s.unit(ind)
	iv := indicatorView{ID: ind, Name: ind}
	if s.explain != nil {
		if e := s.explain(ind, lg); e != nil {
			iv.Name = ind + " " + e.Name
		}
	}
	switch unit {
	case "share":
		iv.Unit = "%"
	case "days":
		iv.Unit = T(lg, "g_wdays")
	}
	var xs []string
	var series [4][]opts.BarData
	withheld := false
	for _, e := range rows {
		bn := name(e.BodyID)
		xs = append(xs, bn)
		for i, v := range []*float64{e.Before, e.After, e.CompBefore, e.CompAfter} {
			var y any
			if v != nil {
				y = *v
				if unit == "share" {
					y = round(*v * 100)
				} else {
					y = round(*v)
				}
			}
			series[i] = append(series[i], opts.BarData{Value: y})
		}
		sup := e.Suppressed
		withheld = withheld || sup
		iv.Rows = append(iv.Rows, effectRowView{BodyName: bn,
			Before: figure(lg, e.Before, e.BeforeNum, e.BeforeDen, unit, sup), After: figure(lg, e.After, e.AfterNum, e.AfterDen, unit, sup),
			CompBefore: figure(lg, e.CompBefore, e.CompBeforeNum, e.CompBeforeDen, unit, sup && intVal(e.CompNBodies) > 0),
			CompAfter:  figure(lg, e.CompAfter, e.CompAfterNum, e.CompAfterDen, unit, sup && intVal(e.CompNBodies) > 0),
			CompN:      intOr(e.CompNBodies), DiD: didFigure(lg, e.DiD, unit, sup)})
		iv.Words = append(iv.Words, didWords(lg, bn, e, unit))
	}
	ch := charts.NewBar()
	ch.SetGlobalOptions(baseOpts(fmt.Sprintf("g_%d_%s", w, ind), "320px")...)
	ch.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Name: iv.Unit, Type: "value"}),
		charts.WithColorsOpts(opts.Colors{"#1f4e79", "#6f9fd8", "#7f7f7f", "#c7c7c7"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Rotate: rotation(xs), Interval: "0", Width: 140, Overflow: "truncate"}}),
		charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Bottom: "14%"}))
	ch.SetXAxis(xs)
	for i, key := range []string{"g_series_b0", "g_series_b1", "g_series_c0", "g_series_c1"} {
		ch.AddSeries(T(lg, key), series[i])
	}
	v := snippet(ch)
	iv.Chart = &v

	switch {
	case mean.Suppressed:
		iv.Mean = fmt.Sprintf(T(lg, "g_mean_none"), T(lg, "g_cav_withheld"))
	case mean.DiD != nil:
		iv.Mean = fmt.Sprintf(T(lg, "g_mean"), intVal(mean.N), signed(lg, *mean.DiD, unit))
	default:
		iv.Mean = fmt.Sprintf(T(lg, "g_mean_none"), T(lg, "g_mean_empty"))
	}
	if withheld || mean.Suppressed {
		iv.Caveats = append(iv.Caveats, T(lg, "g_cav_withheld"))
	}
	if mean.Open != nil && *mean.Open && mean.DiD != nil {
		iv.Caveats = append(iv.Caveats, T(lg, "g_cav_mean_open"))
	}
	return iv
}

// caveatLabels says e's caveats in words (guideline.Caveats gives codes).
func (s *Server) caveatLabels(lg string, e guideline.Effect, w int, asOf string) []string {
	var out []string
	for _, code := range e.Caveats() {
		var t string
		switch code {
		case guideline.CaveatOpen:
			t = fmt.Sprintf(T(lg, "g_cav_open"), intVal(e.L), w)
		case guideline.ReasonAfterAsOf:
			t = fmt.Sprintf(T(lg, "g_cav_after"), asOf)
		case guideline.ReasonUnder30Days:
			t = fmt.Sprintf(T(lg, "g_cav_recent"), intVal(e.L))
		case guideline.CaveatNoComparison:
			t = T(lg, "g_cav_nocomp")
		case guideline.CaveatFewComparison:
			t = T(lg, "g_cav_fewcomp")
		case guideline.CaveatWithheld:
			t = T(lg, "g_cav_withheld")
		default: // a caveat this page does not know yet: never its code
			t = T(lg, "g_cav_other")
		}
		out = append(out, t)
	}
	return out
}

// figure is a window value with its counts ("83,3 % (5/6)"); "–" without a
// value, the suppressed label when withheld (the browser test reads both).
func figure(lg string, v, num, den *float64, unit string, suppressed bool) string {
	if v == nil {
		if suppressed && den == nil && num == nil {
			return T(lg, "suppressed")
		}
		return "–"
	}
	out := formatNumber(lg, *v, unit)
	if num != nil && den != nil {
		out += " (" + formatNumber(lg, *num, "count") + "/" + formatNumber(lg, *den, "count") + ")"
	}
	return out
}

func didFigure(lg string, v *float64, unit string, suppressed bool) string {
	switch {
	case v != nil:
		return signed(lg, *v, unit)
	case suppressed:
		return T(lg, "suppressed")
	}
	return "–"
}

// signed writes a difference with its sign and unit: percentage points (one
// decimal) for shares, working days for Q02; no sign when it rounds to 0.
func signed(lg string, v float64, unit string) string {
	mag := math.Round(math.Abs(v)*1000) / 1000
	var a string
	switch unit {
	case "share":
		mag = math.Round(math.Abs(v)*1000) / 10
		a = formatNumber(lg, mag, "") + " " + T(lg, "g_points")
	case "days":
		a = formatNumber(lg, mag, "") + " " + T(lg, "g_wdays")
	default:
		a = formatNumber(lg, mag, "")
	}
	switch {
	case mag == 0:
		return a
	case v > 0:
		return "+" + a
	}
	return "−" + a
}

// didWords says one adoption's change, its comparison group's and the
// difference in differences, with the numbers.
func didWords(lg, body string, e guideline.Effect, unit string) string {
	change := func(a, b *float64) string {
		if a == nil || b == nil {
			return "–"
		}
		return signed(lg, *b-*a, unit)
	}
	val := func(v, num, den *float64, withheld bool) string {
		s := figure(lg, v, num, den, unit, withheld)
		if i := strings.Index(s, " ("); i > 0 {
			s = s[:i] // the counts are in the table
		}
		return s
	}
	comp := e.Suppressed && intVal(e.CompNBodies) > 0
	words := fmt.Sprintf(T(lg, "g_from_to"), body, val(e.Before, e.BeforeNum, e.BeforeDen, e.Suppressed),
		val(e.After, e.AfterNum, e.AfterDen, e.Suppressed), change(e.Before, e.After), compCount(lg, e.CompNBodies),
		val(e.CompBefore, e.CompBeforeNum, e.CompBeforeDen, comp), val(e.CompAfter, e.CompAfterNum, e.CompAfterDen, comp),
		change(e.CompBefore, e.CompAfter))
	if e.DiD == nil {
		why := T(lg, "g_missing_value")
		if e.Suppressed {
			why = T(lg, "g_cav_withheld")
		} else if e.CompNBodies != nil && *e.CompNBodies == 0 {
			why = T(lg, "g_why_nocomp")
		}
		return words + " " + fmt.Sprintf(T(lg, "g_did_none"), why)
	}
	d := signed(lg, *e.DiD, unit)
	switch {
	case strings.HasPrefix(d, "+"):
		return words + " " + fmt.Sprintf(T(lg, "g_did_more"), d, strings.TrimPrefix(d, "+"))
	case strings.HasPrefix(d, "−"):
		return words + " " + fmt.Sprintf(T(lg, "g_did_less"), d, strings.TrimPrefix(d, "−"))
	}
	return words + " " + T(lg, "g_did_same")
}

func compCount(lg string, n *int) string {
	switch {
	case n == nil:
		return "–"
	case *n == 0:
		return T(lg, "g_comp_n0")
	case *n == 1:
		return T(lg, "g_comp_n1")
	}
	return fmt.Sprintf(T(lg, "g_comp_n"), *n)
}

func intVal(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func intOr(p *int) string {
	if p == nil {
		return "–"
	}
	return strconv.Itoa(*p)
}
