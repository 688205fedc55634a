package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
)

func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A body filter changes the numbers to that body's values: the CSV of the
// attendance panel must hold exactly the P01 snapshot of scope body:<id>.
func TestBodyFilterShowsThatBodysValues(t *testing.T) {
	srv, st := sampleServer(t)
	ctx := context.Background()
	const body = "LPP"
	want, err := indicator.Values(ctx, st.DB(), indicator.Filter{Indicator: "P01", Scope: "body:" + body})
	if err != nil || len(want) == 0 {
		t.Fatalf("values: %v %v", want, err)
	}
	byYear := map[string]float64{}
	for _, v := range want {
		if v.Value != nil {
			byYear[v.Period] = *v.Value
		}
	}
	all := readCSV(t, srv.URL+"/csv/panoramica/presenza")
	filtered := readCSV(t, srv.URL+"/csv/organismo/presenza?body="+body)
	if len(filtered) < 2 {
		t.Fatalf("no rows for body %s", body)
	}
	differs := false
	for i, row := range filtered[1:] {
		year, v := row[0], parseF(t, row[2])
		if w, ok := byYear[year]; !ok || w != v {
			t.Errorf("body %s, %s: CSV %v, snapshot %v", body, year, v, w)
		}
		if i+1 < len(all) && all[i+1][2] != row[2] {
			differs = true
		}
	}
	if !differs {
		t.Error("the body filter did not change any value")
	}
	// The page shows the selection and draws from the same values.
	code, page := get(t, srv.URL+"/organismi/"+body+"?lang=it")
	if code != http.StatusOK || !strings.Contains(page, "Organismo: Laboratorio Permanente sul Partenariato") {
		t.Errorf("page with body filter: %d", code)
	}
}

func readCSV(t *testing.T, url string) [][]string {
	t.Helper()
	code, body := get(t, url)
	if code != http.StatusOK {
		t.Fatalf("%s: %d %s", url, code, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func parseF(t *testing.T, s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return f
}

func TestLanguageAndOfflineAssets(t *testing.T) {
	srv, _ := sampleServer(t)
	_, it := get(t, srv.URL+"/cruscotti/partecipazione")
	_, en := get(t, srv.URL+"/cruscotti/partecipazione", "Accept-Language", "en-GB,en;q=0.9")
	_, forced := get(t, srv.URL+"/cruscotti/partecipazione?lang=en", "Accept-Language", "it")
	if !strings.Contains(it, `<html lang="it">`) || !strings.Contains(it, "Tasso di presenza per anno") {
		t.Error("Italian is not the default")
	}
	if !strings.Contains(en, `<html lang="en">`) || !strings.Contains(forced, "Attendance rate by year") {
		t.Error("English is not served for Accept-Language en or ?lang=en")
	}
	for _, page := range []string{it, en} {
		for _, bad := range []string{"https://", "http://", "//cdn"} {
			if i := strings.Index(page, `src="`+bad); i >= 0 {
				t.Errorf("page loads a script from another host: %s", page[i:i+60])
			}
		}
	}
	for _, a := range []string{"/assets/echarts.min.js", "/assets/italy-map.js", "/assets/style.css", "/favicon.ico"} {
		if code, _ := get(t, srv.URL+a); code != http.StatusOK {
			t.Errorf("%s: %d", a, code)
		}
	}
	// Numbers in the locale's format: Italian decimal comma.
	if !strings.Contains(it, ",") || !strings.Contains(it, " %") {
		t.Error("no Italian-formatted percentages on the page")
	}
}

func TestIndicatorAPIFields(t *testing.T) {
	srv, _ := sampleServer(t)
	code, body := get(t, srv.URL+"/api/indicators/values?id=C01&scope=all&period=all")
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	var vs []map[string]any
	if err := json.Unmarshal([]byte(body), &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) != 6 {
		t.Fatalf("C01 all/all: %d rows, want one per category", len(vs))
	}
	for _, f := range []string{"indicator", "scope", "period", "category", "value", "numerator", "denominator", "data_version"} {
		if _, ok := vs[0][f]; !ok {
			t.Errorf("field %s missing", f)
		}
	}
	code, body = get(t, srv.URL+"/api/indicators/P01/series?scope=all")
	if code != http.StatusOK || !strings.Contains(body, `"period":"2020"`) || strings.Contains(body, `"period":"all"`) {
		t.Errorf("series: %d %s", code, body[:min(200, len(body))])
	}
	code, body = get(t, srv.URL+"/api/indicators")
	if code != http.StatusOK || !strings.Contains(body, `"id":"Q01"`) || !strings.Contains(body, `"explanation"`) {
		t.Errorf("catalogue: %d", code)
	}
	code, body = get(t, srv.URL+"/api/loads")
	if code != http.StatusOK || !strings.Contains(body, `"rejects"`) {
		t.Errorf("loads: %d", code)
	}
}

// Every panel of every dashboard computes on the sample, with and without
// filters (a broken query would otherwise show only as an error page).
func TestEveryPanelComputes(t *testing.T) {
	srv, st := sampleServer(t)
	boards, err := dashboard.All()
	if err != nil {
		t.Fatal(err)
	}
	var body, org string
	st.DB().QueryRow("SELECT body_id FROM bodies ORDER BY body_id LIMIT 1").Scan(&body)
	st.DB().QueryRow("SELECT org_id FROM organisations ORDER BY org_id LIMIT 1").Scan(&org)
	for _, d := range boards {
		for _, q := range []string{"", "year=2023", "cycle=2014-2020&body_type=workshop", "nuts=ITF5"} {
			if q != "" && !strings.Contains(strings.Join(d.Filters, ","), strings.SplitN(q, "=", 2)[0]) {
				continue // a filter the dashboard does not offer is refused (tested elsewhere)
			}
			switch d.Scoped {
			case "body":
				q += "&body=" + body
			case "org":
				q += "&org=" + org
			}
			for _, p := range d.Panels {
				if code, out := get(t, srv.URL+"/csv/"+d.ID+"/"+p.ID+"?"+q); code != http.StatusOK {
					t.Errorf("%s/%s?%s: %d %s", d.ID, p.ID, q, code, out)
				}
			}
		}
	}
}

// Every page without a chart answers 200 in both languages (the browser test
// covers the rest; this one runs without Chromium).
func TestPlainPages(t *testing.T) {
	srv, _ := sampleServer(t)
	for _, p := range []string{"/dati", "/versioni", "/organismi", "/confronta?a=all&pa=2023&b=all&pb=2024", "/versioni?da=1&a=3"} {
		for _, lg := range []string{"it", "en"} {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			if code, body := get(t, srv.URL+p+sep+"lang="+lg); code != http.StatusOK {
				t.Errorf("%s (%s): %d %.200s", p, lg, code, body)
			}
		}
	}
}

// A panel whose rows hold no computable value (workshops have no voting
// members, so C04 is undefined every year) says so instead of drawing empty
// axes, and keeps its table.
func TestPanelWithoutValuesSaysWhy(t *testing.T) {
	srv, _ := sampleServer(t)
	_, page := get(t, srv.URL+"/cruscotti/composizione?cycle=2014-2020&body_type=workshop&lang=it")
	i := strings.Index(page, `id="panel-voto"`)
	if i < 0 {
		t.Fatal("no panel-voto")
	}
	panel := page[i : i+strings.Index(page[i:], "</section>")]
	if !strings.Contains(panel, "Nessun valore calcolabile") || strings.Contains(panel, `class="chart"`) || !strings.Contains(panel, "<table>") {
		t.Errorf("panel without values: %s", panel)
	}
}

// Role codes reach readers as their labels (a list of codes, each
// translated), and the CSV keeps the codes joined with "|".
func TestRolesShownByLabel(t *testing.T) {
	srv, st := sampleServer(t)
	var body string
	if err := st.DB().QueryRow(`SELECT body_id FROM memberships GROUP BY 1 HAVING count(DISTINCT role) > 1 ORDER BY 1 LIMIT 1`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	_, page := get(t, srv.URL+"/organismi/"+body+"?lang=it")
	i := strings.Index(page, `id="panel-componenti"`)
	if i < 0 {
		t.Fatal("no members panel")
	}
	panel := page[i : i+strings.Index(page[i:], "</section>")]
	if !strings.Contains(panel, "Componente") || strings.Contains(panel, "member") {
		t.Errorf("roles by code on the page")
	}
	rows := readCSV(t, srv.URL+"/csv/organismo/componenti?body="+body)
	found := false
	for _, r := range rows[1:] {
		found = found || strings.Contains(r[len(r)-1], "member")
	}
	if !found {
		t.Errorf("the CSV lost the role codes: %v", rows[1:3])
	}
}

// A KPI says what it is out of, and its change since the year before in
// percentage points: P01 in 2025 over all bodies is present rows ÷ rows,
// and the page gives those rows as "su N".
func TestKPIShowsItsBase(t *testing.T) {
	srv, st := sampleServer(t)
	var den, prev float64
	if err := st.DB().QueryRow(`SELECT denominator FROM indicator_values WHERE indicator = 'P01' AND scope = 'all' AND period = '2025' AND category = ''`).Scan(&den); err != nil {
		t.Fatal(err)
	}
	if err := st.DB().QueryRow(`SELECT value FROM indicator_values WHERE indicator = 'P01' AND scope = 'all' AND period = '2024' AND category = ''`).Scan(&prev); err != nil {
		t.Fatal(err)
	}
	if den >= 1000 || prev == 0 {
		t.Fatalf("the sample's P01 base is %v (this test writes it without a thousands separator)", den)
	}
	_, body := get(t, srv.URL+"/cruscotti/panoramica?lang=it")
	want := fmt.Sprintf("2025 · su %s · ", strconv.FormatFloat(den, 'f', 0, 64))
	if !strings.Contains(body, want) || !strings.Contains(body, " pp</span> rispetto al 2024 (") {
		t.Errorf("the P01 KPI lacks %q or its change in points", want)
	}
	if strings.Contains(body, "(: ") {
		t.Error(`a KPI shows "(: …)"`)
	}
	// Its data table gives the value as the tile does, a percentage.
	var v float64
	st.DB().QueryRow(`SELECT value FROM indicator_values WHERE indicator = 'P01' AND scope = 'all' AND period = '2025' AND category = ''`).Scan(&v)
	if pct := strings.Replace(strconv.FormatFloat(v*100, 'f', 1, 64), ".", ",", 1) + " %"; !strings.Contains(body, "<td>"+pct+"</td>") {
		t.Errorf("the KPI data table lacks P01 as %q", pct)
	}
}

// Confronta gives B − A of a share in signed percentage points, and its CSV
// the same difference at full precision: P01 over all bodies, 2023 against
// 2024, from the stored values.
func TestCompareInPointsAndCSV(t *testing.T) {
	srv, st := sampleServer(t)
	var a, b float64
	for _, p := range []struct {
		year string
		dst  *float64
	}{{"2023", &a}, {"2024", &b}} {
		if err := st.DB().QueryRow(`SELECT value FROM indicator_values WHERE indicator = 'P01' AND scope = 'all' AND period = ? AND category = ''`, p.year).Scan(p.dst); err != nil {
			t.Fatal(err)
		}
	}
	sign := "+"
	if b < a {
		sign = "−"
	}
	want := sign + strings.Replace(strconv.FormatFloat(math.Abs(b-a)*100, 'f', 1, 64), ".", ",", 1) + " pp"
	_, body := get(t, srv.URL+"/confronta?a=all&pa=2023&b=all&pb=2024&lang=it")
	if !strings.Contains(body, "<td>"+want+"</td>") {
		t.Errorf("P01's difference should read %q", want)
	}
	for _, zero := range []string{">-0<", ">−0<", ">-0,0 pp<", ">−0,0 pp<", ">+0,0 pp<", ">+0<"} {
		if strings.Contains(body, zero) {
			t.Errorf("a difference reads %s", zero)
		}
	}
	rows := readCSV(t, srv.URL+"/confronta/csv?a=all&pa=2023&b=all&pb=2024")
	found := false
	for _, r := range rows[1:] {
		if r[0] == "P01" {
			found = true
			if d := parseF(t, r[9]); math.Abs(d-(b-a)) > 1e-12 || r[1] != "all" || r[2] != "2023" || r[6] != "2024" {
				t.Errorf("CSV row %v, want difference %v", r, b-a)
			}
		}
	}
	if !found {
		t.Error("no P01 row in the comparison's CSV")
	}
}

// The regions view maps an indicator's value in each NUTS 2 scope: its
// data table gives Basilicata (ITF5) the stored P01 of scope nuts:ITF5.
func TestRegionsMapValues(t *testing.T) {
	srv, st := sampleServer(t)
	var want float64
	if err := st.DB().QueryRow(`SELECT value FROM indicator_values WHERE indicator = 'P01' AND scope = 'nuts:ITF5' AND period = 'all' AND category = ''`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, srv.URL+"/csv/partecipazione/presenza_regioni")
	if strings.Join(rows[0][:3], ",") != "regione,nuts,valore" {
		t.Fatalf("columns %v", rows[0])
	}
	found := false
	for _, r := range rows[1:] {
		if r[1] == "ITF5" {
			found = true
			if r[0] != "Basilicata" || math.Abs(parseF(t, r[2])-want) > 1e-12 {
				t.Errorf("ITF5 row %v, want Basilicata %v", r, want)
			}
		}
	}
	if !found {
		t.Error("no Basilicata on the attendance map")
	}
}

// A panel with nothing to show says why in its own terms: a body whose
// attendance records no gender shows Parità's line, not "< 3 persone".
func TestEmptyPanelSaysWhy(t *testing.T) {
	srv, st := sampleServer(t)
	loadAndPublish(t, st, map[string]string{
		"bodies.csv":     "body_id,name,type\nTAVOLO-PROVA,Tavolo di prova,tavolo_partenariale\n",
		"meetings.csv":   "meeting_id,body_id,date,phase\nTP-1,TAVOLO-PROVA,2025-03-10,programming\n",
		"attendance.csv": "meeting_id,org_id,person_id,invited,present\nTP-1,CGIL,R9001,true,true\nTP-1,CGIL,R9002,true,true\n",
	})
	_, body := get(t, srv.URL+"/organismi/TAVOLO-PROVA?lang=it")
	if !strings.Contains(body, "Nessun dato di genere per questa selezione") {
		t.Error("the body page's gender panel does not say there is no gender data")
	}
}

// With a year selected, a trend chart keeps every year and marks that one.
func TestTrendMarksSelectedYear(t *testing.T) {
	srv, _ := sampleServer(t)
	_, body := get(t, srv.URL+"/cruscotti/parita?year=2023&lang=it")
	if !strings.Contains(body, `&#34;xAxis&#34;:&#34;2023&#34;`) || !strings.Contains(body, `&#34;2020&#34;`) {
		t.Error("the E01 trend does not keep every year with 2023 marked")
	}
}

// An organisation's page has no indicator: it says it shows records, not
// the scope indicators are computed for.
func TestOrganisationPageSaysWhatItShows(t *testing.T) {
	srv, _ := sampleServer(t)
	_, body := get(t, srv.URL+"/organizzazioni/ANCI?lang=it")
	if !strings.Contains(body, "Questa pagina mostra i registri") || strings.Contains(body, "Gli indicatori sono calcolati per l&#39;ambito") {
		t.Error("the organisation page speaks of an indicator scope")
	}
}
