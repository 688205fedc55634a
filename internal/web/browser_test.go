package web_test

import (
	"context"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

// browserPage is one address of the site and the filter selections it is
// opened with.
type browserPage struct {
	path    string
	query   url.Values           // part of the page itself (kept out of names)
	filters []url.Values         // the empty selection first
	board   *dashboard.Dashboard // the dashboard drawn, if any
}

// TestPagesInChromium opens every page of the site in headless Chromium, in
// both languages, with and without filters, and fails on what a reader would
// see broken but the server-side tests cannot: a chart series that draws
// nothing although the panel's data table shows figures for it, a missing or
// unusable citation link, a console error, a request to another host, a
// status other than 200, two labels of one axis or legend that read the same
// once cut to fit, an organisation's name in a table that does not lead to
// its page. Screenshots go to $OSSERVATORIO_SCREENSHOTS
// (default: screenshots/ at the repository root), one per page, language and
// filter selection.
func TestPagesInChromium(t *testing.T) {
	chromium := chromiumPath(t)
	srv, st := sampleServer(t)
	// The body and the organisation with the most to draw, so that their
	// pages fill every panel: a body with meetings in the filtered year, an
	// organisation with contributions and attendance (their charts once drew
	// empty from numbers the tables showed).
	var body, org string
	if err := st.DB().QueryRow(`SELECT body_id FROM meetings WHERE year(date) = 2023
		GROUP BY body_id ORDER BY count(*) DESC, body_id LIMIT 1`).Scan(&body); err != nil {
		t.Fatal("no body with meetings in 2023: ", err)
	}
	if err := st.DB().QueryRow(`SELECT org_id FROM contributions
		WHERE org_id IN (SELECT org_id FROM attendance WHERE invited AND (present OR delegated))
		GROUP BY org_id ORDER BY count(*) DESC, org_id LIMIT 1`).Scan(&org); err != nil {
		t.Fatal("no organisation with contributions and attendance: ", err)
	}
	orgs := orgIDs(t, st)
	// The sample records no guideline adoption: that body adopts one, so
	// that a guideline page draws its charts.
	loadAndPublish(t, st, map[string]string{"adozioni_linee_guida.csv": "id_organismo,id_linea_guida,titolo,data_adozione\n" +
		body + ",LG-COPROG,Linee guida sulla co-progettazione,2023-07-01\n"})
	boards, err := dashboard.All()
	if err != nil {
		t.Fatal(err)
	}
	var pages []browserPage
	for i, d := range boards {
		p := browserPage{path: "/cruscotti/" + d.ID, filters: filterSelections(d.Filters), board: &boards[i]}
		switch d.Scoped {
		case "body":
			p.path = "/organismi/" + body
		case "org":
			p.path = "/organizzazioni/" + org
		case "":
		default:
			t.Fatalf("dashboard %s: no page here for its scope %q", d.ID, d.Scoped)
		}
		pages = append(pages, p)
	}
	pages = append(pages,
		browserPage{path: "/organismi", filters: filterSelections(nil)},
		browserPage{path: "/confronta", query: url.Values{"a": {"all"}, "pa": {"2023"}, "b": {"all"}, "pb": {"2024"}},
			filters: filterSelections(nil)},
		browserPage{path: "/versioni", filters: filterSelections(nil)},
		browserPage{path: "/dati", filters: filterSelections(nil)},
		browserPage{path: "/dati-aperti", filters: filterSelections(nil)},
		browserPage{path: "/linee-guida", filters: filterSelections(nil)},
		browserPage{path: "/linee-guida/LG-COPROG", filters: filterSelections(nil)},
		browserPage{path: "/cerca", query: url.Values{"q": {"comune"}}, filters: filterSelections(nil)},
	)

	shots := os.Getenv("OSSERVATORIO_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join("..", "..", "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	// One browser for every view, each view in its own tab: starting
	// Chromium costs more than a page.
	bctx := browser(t, chromium)

	// A few tabs at a time (and no more than -parallel): much of a view's
	// time is the server drawing it and the settle wait.
	tabs := make(chan struct{}, 3)
	start, views := time.Now(), 0
	for _, p := range pages {
		views += 2 * len(p.filters)
		t.Run(strings.Trim(strings.ReplaceAll(p.path, "/", "_"), "_"), func(t *testing.T) {
			t.Parallel()
			for _, f := range p.filters {
				for _, lg := range []string{"it", "en"} {
					t.Run(viewName(lg, f), func(t *testing.T) {
						t.Parallel()
						tabs <- struct{}{}
						defer func() { <-tabs }()
						checkPage(t, bctx, srv.URL, p, lg, f, shots, orgs)
					})
				}
			}
		})
	}
	t.Cleanup(func() { t.Logf("%d pages, %d views in %s", len(pages), views, time.Since(start).Round(time.Second)) })
}

// orgIDs are the organisations' ids by name, for the links of the tables.
func orgIDs(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	orgs := map[string]string{}
	rows, err := st.DB().Query(`SELECT name, org_id FROM organisations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, id string
		if err := rows.Scan(&name, &id); err != nil {
			t.Fatal(err)
		}
		orgs[name] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return orgs
}

// filterSelections are the views of a page offering these filters: none
// selected, one year, and two filters combined (the population notes and
// the queries' filter joins differ when more than one is set).
func filterSelections(offered []string) []url.Values {
	out := []url.Values{{}}
	if slices.Contains(offered, "year") {
		out = append(out, url.Values{"year": {"2023"}})
	}
	if slices.Contains(offered, "cycle") && slices.Contains(offered, "body_type") {
		out = append(out, url.Values{"cycle": {"2014-2020"}, "body_type": {"workshop"}})
	}
	return out
}

// viewName names a view in subtests and screenshots: the language, then the
// filters in a stable order.
func viewName(lg string, f url.Values) string {
	parts := []string{lg}
	for _, k := range slices.Sorted(maps.Keys(f)) {
		parts = append(parts, k+"-"+f.Get(k))
	}
	return strings.Join(parts, "_")
}

// pageReport is what a page shows of itself, read in the browser.
type pageReport struct {
	Lang   string        `json:"lang"`
	Cite   *string       `json:"cite"` // the footer's citation href, nil without one
	Charts []chartReport `json:"charts"`
	URLs   []string      `json:"urls"`  // the page and every resource it fetched
	Cells  []cellReport  `json:"cells"` // every cell of the tables of the page
}

type cellReport struct {
	Text string `json:"text"`
	Href string `json:"href"` // the cell's link, "" without one
}

// labelGroup is the text one axis or legend of a chart draws, each label as
// rendered (after any cut to fit).
type labelGroup struct {
	Kind  string   `json:"kind"` // xAxis, yAxis, legend, …
	Texts []string `json:"texts"`
}

type chartReport struct {
	Panel    string         `json:"panel"` // section.panel id, or its heading when it has none
	Instance bool           `json:"instance"`
	Series   []seriesReport `json:"series"`
	// The table of the figures the chart draws, as the reader sees it.
	Headers []string     `json:"headers"`
	Cells   [][]string   `json:"cells"`
	Labels  []labelGroup `json:"labels"`
}

type seriesReport struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Items  int    `json:"items"`
	Points int    `json:"points"` // items that put a mark on the chart
}

// inspectJS reads every chart's series back from its echarts instance, with
// the table beside it, the citation link and the requests of the page. An
// item is drawn when echarts has a number to place: a number or numeric
// string (not null, not '-'), alone, in {value: …} or as the last
// coordinate of an [x, y] / [x, y, v] array whose coordinates are all set.
// A graph draws its nodes only when it has links too. A dashboard panel keeps
// its figures in its own data table; the comparison's chart draws the table
// of the panel beside it. Labels are read from what echarts drew: each
// text of an axis or legend view, as its rendered spans (which hold the
// text after echarts cut it to its width), hidden ones left out.
const inspectJS = `(() => {
  const num = v => (typeof v === 'number' && isFinite(v)) ||
    (typeof v === 'string' && v.trim() !== '' && v !== '-' && isFinite(Number(v)));
  const drawn = d => {
    if (d !== null && typeof d === 'object' && !Array.isArray(d)) d = d.value;
    if (Array.isArray(d)) return d.length > 0 && d.every(x => x !== null && x !== undefined && x !== '-') && num(d[d.length - 1]);
    return num(d);
  };
  const text = el => el.textContent.trim();
  const drawnText = el => el.childrenRef ?
    el.childrenRef().filter(c => c.style && c.style.text != null).map(c => c.style.text).join('') : String(el.style.text ?? '');
  const labels = inst => {
    const out = [];
    for (const view of inst._componentsViews || []) {
      const kind = view.__model && view.__model.mainType;
      if (!/Axis$|^legend$/.test(kind || '')) continue;
      const texts = [];
      view.group.traverse(el => {
        if (el.type === 'text' && !el.ignore && !el.invisible) texts.push(drawnText(el).trim());
      });
      out.push({kind, texts});
    }
    return out;
  };
  const charts = [];
  for (const box of document.querySelectorAll('.chart')) {
    const panel = box.closest('section.panel');
    const el = box.querySelector('.item');
    const inst = el ? echarts.getInstanceByDom(el) : null;
    const table = panel && panel.querySelector('details.data table') ? panel.querySelector('details.data table') :
      document.querySelector('main section.panel table');
    const c = {panel: panel ? (panel.id || text(panel.querySelector('h2') || panel)) : '', instance: !!inst, series: [],
      headers: table ? Array.from(table.querySelectorAll('thead th'), text) : [],
      cells: table ? Array.from(table.querySelectorAll('tbody tr'), tr => Array.from(tr.cells, text)) : [],
      labels: inst ? labels(inst) : []};
    for (const s of inst ? (inst.getOption().series || []) : []) {
      const data = s.data || s.nodes || [];
      const points = s.type === 'graph' ?
        ((s.links || s.edges || []).length > 0 ? data.filter(n => n && n.name != null).length : 0) : data.filter(drawn).length;
      c.series.push({name: String(s.name ?? ''), type: s.type || '', items: data.length, points});
    }
    charts.push(c);
  }
  const cite = document.querySelector('footer a.cite-link');
  const cells = Array.from(document.querySelectorAll('main table td'), td => {
    const a = td.querySelector('a[href]');
    return {text: text(td), href: a ? a.getAttribute('href') : ''};
  });
  return {lang: document.documentElement.lang, cite: cite ? cite.getAttribute('href') : null, charts, cells,
    urls: [location.href].concat(performance.getEntriesByType('resource').map(e => e.name))};
})()`

// checkPage opens one view in a new tab of the browser and checks it; orgs
// are the organisations' ids by name.
func checkPage(t *testing.T, bctx context.Context, base string, p browserPage, lg string, f url.Values, shots string, orgs map[string]string) {
	q := url.Values{"lang": {lg}}
	for _, m := range []url.Values{p.query, f} {
		for k, v := range m {
			q[k] = v
		}
	}
	addr := base + p.path + "?" + q.Encode()

	tab, cancel := chromedp.NewContext(bctx)
	defer cancel()
	var mu sync.Mutex
	var console []string
	msgs := chromedp.Console(tab)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == "error" || m.Type == "exception" || m.Type == "assert" || strings.HasPrefix(string(m.Type), "log:error") {
				mu.Lock()
				console = append(console, m.String())
				mu.Unlock()
			}
		}
	}()
	// Read last, so that errors logged while the page draws are in.
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range console {
			t.Errorf("%s: console: %s", addr, m)
		}
	}()
	ctx, cancelT := context.WithTimeout(tab, 60*time.Second)
	defer cancelT()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(addr))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 {
		t.Fatalf("%s: HTTP %d", addr, resp.Status)
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady("footer")); err != nil {
		t.Fatal(err)
	}
	// Let the charts draw (animation is off) before reading and the screenshot.
	time.Sleep(700 * time.Millisecond)
	r, err := chromedp.Run(ctx, chromedp.Evaluate[pageReport](inspectJS))
	if err != nil {
		t.Fatal(err)
	}

	if r.Lang != lg {
		t.Errorf("%s: <html lang=%q>", addr, r.Lang)
	}
	checked := 0
	for _, c := range r.Charts {
		if !c.Instance {
			t.Errorf("%s: panel %s: chart has no echarts instance", addr, c.Panel)
			continue
		}
		if len(c.Series) == 0 && len(c.Cells) > 0 {
			t.Errorf("%s: panel %s: chart has no series although its table has %d rows", addr, c.Panel, len(c.Cells))
		}
		var panel *dashboard.Panel
		if p.board != nil {
			for i := range p.board.Panels {
				if "panel-"+p.board.Panels[i].ID == c.Panel {
					panel = &p.board.Panels[i]
				}
			}
		}
		for _, s := range c.Series {
			rows, col := figures(c, s, panel, lg)
			if rows == 0 {
				continue
			}
			checked++
			if s.Points == 0 {
				t.Errorf("%s: panel %s: %s series %q draws none of its %d items although the panel's table shows %d figures for it in %q",
					addr, c.Panel, s.Type, s.Name, s.Items, rows, col)
			}
			if s.Type == "map" && s.Points != rows { // every region with a figure has its value on the map
				t.Errorf("%s: panel %s: the map gives %d regions a value, its table %d", addr, c.Panel, s.Points, rows)
			}
		}
	}
	for _, c := range r.Charts {
		checkLabels(t, addr, c)
	}
	linked := 0
	for _, cell := range r.Cells {
		id, ok := orgs[cell.Text]
		if !ok {
			continue
		}
		if u, err := url.Parse(cell.Href); err != nil || u.Path != "/organizzazioni/"+id || u.Query().Get("lang") != lg {
			t.Errorf("%s: the organisation %q in a table links to %q, not to its page /organizzazioni/%s", addr, cell.Text, cell.Href, id)
			continue
		}
		linked++
	}
	checkCite(t, addr, r.Cite, p.path, lg, f)
	if p.path != "/dati-aperti" { // that page names tables and files on purpose
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.body.innerText"))
		if err != nil {
			t.Fatal(err)
		}
		checkNoCodes(t, addr, text, lg)
	}
	for _, u := range r.URLs {
		if !strings.HasPrefix(u, base) && !strings.HasPrefix(u, "data:") {
			t.Errorf("%s: request left the server: %s", addr, u)
		}
	}

	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(shots, strings.Trim(strings.ReplaceAll(p.path, "/", "-"), "-")+"_"+viewName(lg, f)+".png")
	if err := os.WriteFile(name, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d charts, %d series checked, %d organisations linked, %d requests, %s", addr, len(r.Charts), checked, linked, len(r.URLs), name)
}

// figures counts the rows of a chart's table that show a figure for series
// s, and names the column read. A series must then draw: this is how an
// engine value the chart code could not read (a HUGEINT once emptied
// "Accolti" and "Presenze" while their tables showed numbers) fails here.
// The column is the one headed like the series (a column per series, or
// "A: …" on the comparison), else the panel's value column; when the table
// has a column of series names (a series per category) only the rows naming
// s count. A table whose column holds only "–" (an indicator with nothing to
// divide, e.g. the voting share of workshops, which have no votes) or
// withheld cells has nothing to draw. Without such a column every row counts.
func figures(c chartReport, s seriesReport, p *dashboard.Panel, lg string) (int, string) {
	var cols []int
	for i, h := range c.Headers {
		if h == s.Name || strings.HasPrefix(h, s.Name+":") {
			cols = append(cols, i)
		}
	}
	if len(cols) == 0 && p != nil {
		values := p.Values
		if len(values) == 0 {
			values = []string{"valore"}
		}
		for i, h := range c.Headers {
			if slices.ContainsFunc(values, func(v string) bool { return h == web.L(lg, v) }) {
				cols = append(cols, i)
			}
		}
	}
	if len(cols) == 0 {
		return len(c.Cells), "any column"
	}
	rows := c.Cells
	if named := slices.DeleteFunc(slices.Clone(rows), func(r []string) bool { return !slices.Contains(r, s.Name) }); len(named) > 0 {
		rows = named
	}
	n := 0
	for _, r := range rows {
		if slices.ContainsFunc(cols, func(i int) bool {
			return i < len(r) && r[i] != "" && r[i] != "–" && r[i] != web.T(lg, "suppressed")
		}) {
			n++
		}
	}
	var names []string
	for _, i := range cols {
		names = append(names, c.Headers[i])
	}
	return n, strings.Join(names, ", ")
}

// checkLabels: a reader tells the categories of an axis and the items of a
// legend apart by their labels, so no two may read the same as drawn
// ("Comitato di Sorve…" three times once did).
func checkLabels(t *testing.T, addr string, c chartReport) {
	t.Helper()
	for _, g := range c.Labels {
		seen := map[string]int{}
		for _, s := range g.Texts {
			if seen[s]++; s != "" && seen[s] == 2 {
				t.Errorf("%s: panel %s: %s shows %q more than once, in %q", addr, c.Panel, g.Kind, s, g.Texts)
			}
		}
	}
}

// checkCite: every page shows a published snapshot of the sample, so its
// footer must cite it with an address that reopens this very view: absolute
// (it is pasted elsewhere), naming the snapshot, the language and the
// filters.
func checkCite(t *testing.T, addr string, href *string, path, lg string, f url.Values) {
	t.Helper()
	if href == nil {
		t.Errorf("%s: no citation link (footer a.cite-link)", addr)
		return
	}
	u, err := url.Parse(*href)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		t.Errorf("%s: citation link %q is not an absolute address", addr, *href)
		return
	}
	cq := u.Query()
	if !strings.Contains(*href, "data_version=") || !strings.Contains(*href, "as_of=") ||
		cq.Get("data_version") == "" || cq.Get("as_of") == "" {
		t.Errorf("%s: citation link %q does not name the snapshot (data_version, as_of)", addr, *href)
	}
	if u.Path != path || cq.Get("lang") != lg {
		t.Errorf("%s: citation link %q does not cite this page in %s", addr, *href, lg)
	}
	for k := range f {
		if cq.Get(k) != f.Get(k) {
			t.Errorf("%s: citation link %q drops the filter %s=%s", addr, *href, k, f.Get(k))
		}
	}
}

// chromiumPath finds Debian's chromium: CI must have it (.ci/run installs
// it); elsewhere the browser tests are skipped without it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: .ci/run must install it")
		}
		t.Skip("chromium not installed (apt-get install chromium)")
	}
	return chromium
}

// browser starts headless Chromium with the flags that work here (and
// extra ones) and opens its first tab; it closes when the test ends (with
// t.Cleanup: parallel subtests run after the test function returns).
func browser(t *testing.T, chromium string, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1366, 900)}, extra...)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	return bctx
}

// rawCodes are internal codes a reader must never meet: scope codes,
// programme codes without their words, and, on Italian pages, the English
// codes of roles, categories and load outcomes.
var rawCodes = []*regexp.Regexp{
	regexp.MustCompile(`\b(body|programme|nuts|cycle|body_type|org):[A-Za-z0-9]`),
	regexp.MustCompile("`all`"),
	regexp.MustCompile(`(^|[^(])\b20[0-9]{2}IT[0-9]{2}(RF|SF|M2)OP[0-9]{3}\b`),
}

var rawCodesIT = regexp.MustCompile(`\b(member|substitute|observer|loaded|refused|institutional|economic_social|civil_society|equality_inclusion|guideline_adoptions|rejects)\b`)

func checkNoCodes(t *testing.T, addr, text, lg string) {
	t.Helper()
	res := rawCodes
	if lg == "it" {
		res = append(res[:len(res):len(res)], rawCodesIT)
	}
	for _, re := range res {
		if m := re.FindString(text); m != "" {
			t.Errorf("%s: a code reaches the reader: %q", addr, m)
		}
	}
}
