package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/indicator"
)

// Reading never computes or publishes: an as_of with no stored snapshot is a
// 404 listing the stored ones, and the pages keep the published reference
// date; a snapshot computed by an explicit command is readable by name and
// still does not replace the published one.
func TestReadingNeverPublishes(t *testing.T) {
	srv, st := sampleServer(t)
	runs := func() int {
		var n int
		if err := st.DB().QueryRow("SELECT count(*) FROM indicator_runs").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := runs()
	code, body := get(t, srv.URL+"/api/indicators/values?id=C03&scope=all&period=all&as_of=2021-06-30")
	if code != http.StatusNotFound || !strings.Contains(body, `"as_of":"2025-12-31"`) || !strings.Contains(body, `"published":true`) {
		t.Fatalf("unknown as_of: %d %s", code, body)
	}
	if runs() != before {
		t.Fatal("a GET computed a snapshot")
	}
	pub, err := indicator.Published(context.Background(), st.DB())
	if err != nil || pub.AsOf != "2025-12-31" {
		t.Fatalf("published: %+v %v", pub, err)
	}
	code, page := get(t, srv.URL+"/cruscotti/panoramica?as_of=2021-06-30")
	if code != http.StatusNotFound || !strings.Contains(page, fmt.Sprintf("data_version=%d&amp;as_of=2025-12-31", pub.DataVersion)) {
		t.Errorf("page for an unknown as_of: %d", code)
	}
	if code, _ := get(t, srv.URL+"/api/indicators/values?data_version=99"); code != http.StatusNotFound {
		t.Errorf("unknown data_version: %d", code)
	}

	// The explicit command (the CLI) computes 2021-06-30 beside it.
	if _, err := indicator.Refresh(context.Background(), st, time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC), indicator.Options{}); err != nil {
		t.Fatal(err)
	}
	code, body = get(t, srv.URL+"/api/indicators/values?id=C03&scope=all&period=all&as_of=2021-06-30")
	if code != http.StatusOK || !strings.Contains(body, `"as_of":"2021-06-30"`) {
		t.Fatalf("stored as_of: %d %s", code, body)
	}
	time.Sleep(1100 * time.Millisecond) // past the published snapshot's one-second memo
	_, page = get(t, srv.URL+"/cruscotti/composizione?year=2024")
	if !strings.Contains(page, "2025-12-31") || strings.Contains(page, "(data di riferimento 2021-06-30)") {
		t.Error("the pages do not show the published reference date any more")
	}
	_, body = get(t, srv.URL+"/api/indicators/values?id=C03&scope=all&period=all")
	if !strings.Contains(body, `"as_of":"2025-12-31"`) {
		t.Errorf("the API default is not the published snapshot: %s", body)
	}
	// A page can cite the other snapshot and then shows exactly it.
	code, page = get(t, srv.URL+"/cruscotti/composizione?as_of=2021-06-30")
	if code != http.StatusOK || !strings.Contains(page, "2021-06-30") || !strings.Contains(page, `class="cited"`) {
		t.Errorf("cited snapshot page: %d", code)
	}
}

// A cell about fewer than 3 people is withheld alike in the API, the page's
// data table and the CSV: value, numerator and denominator.
func TestSmallCellsWithheldEverywhere(t *testing.T) {
	srv, st := sampleServer(t)
	// A working group with one meeting in 2024 attended by two people, a
	// woman and a man: E01 for body:GL-PICCOLO 2024 is 1 ÷ 2, a small cell.
	loadAndPublish(t, st, map[string]string{
		"organismi_piccolo.csv": "id_organismo,denominazione,tipo\nGL-PICCOLO,Gruppo di lavoro piccolo,gruppo_lavoro\n",
		"riunioni_piccolo.csv":  "id_riunione,id_organismo,data,fase\nGLP-1,GL-PICCOLO,2024-05-06,attuazione\n",
		"presenze_piccolo.csv":  "id_riunione,id_organizzazione,id_rappresentante,genere,presente\nGLP-1,ACT,P-1,F,sì\nGLP-1,DPCOE,P-2,M,sì\n",
	})
	const body, scope, period = "GL-PICCOLO", "body:GL-PICCOLO", "2024"
	var num, den float64
	if err := st.DB().QueryRow(`SELECT numerator, denominator FROM indicator_values
		WHERE indicator = 'E01' AND scope = ? AND period = ? AND data_version = (SELECT max(version) FROM data_versions)`,
		scope, period).Scan(&num, &den); err != nil || num != 1 || den != 2 {
		t.Fatalf("stored E01 for the small body: %v/%v %v", num, den, err)
	}

	code, out := get(t, srv.URL+"/api/indicators/values?id=E01&scope="+scope+"&period="+period)
	var vs []map[string]any
	if code != http.StatusOK || json.Unmarshal([]byte(out), &vs) != nil || len(vs) != 1 {
		t.Fatalf("API: %d %s", code, out)
	}
	if vs[0]["suppressed"] != true || vs[0]["value"] != nil || vs[0]["numerator"] != nil || vs[0]["denominator"] != nil {
		t.Errorf("API leaks a small cell: %v", vs[0])
	}

	rows := readCSV(t, srv.URL+"/csv/organismo/donne?body="+body)
	head := strings.Join(rows[0], ",")
	if head != "anno,categoria,valore,numeratore,denominatore,soppresso" {
		t.Fatalf("CSV header %s", head)
	}
	found := false
	for _, r := range rows[1:] {
		if r[0] == period {
			found = true
			if r[2] != "" || r[3] != "" || r[4] != "" || r[5] != "true" {
				t.Errorf("CSV leaks a small cell: %v", r)
			}
		}
	}
	if !found {
		t.Fatalf("CSV has no row for %s", period)
	}

	_, page := get(t, srv.URL+"/organismi/"+body+"?lang=it")
	i := strings.Index(page, `id="panel-donne"`)
	if i < 0 {
		t.Fatal("no women's share panel on the body page")
	}
	panel := page[i:]
	panel = panel[:strings.Index(panel, "</section>")]
	row := "<tr><td>" + period + "</td><td></td><td>< 3 persone</td><td>< 3 persone</td><td>< 3 persone</td></tr>"
	if !strings.Contains(strings.ReplaceAll(panel, "&lt;", "<"), row) {
		t.Errorf("page table does not withhold %s %s (want %s)", scope, period, row)
	}
}

// Unknown ids are 404, malformed or unknown parameters 400 saying what is
// accepted, HEAD works where GET does, folders are not listed.
func TestUnknownAndMalformedRequests(t *testing.T) {
	srv, _ := sampleServer(t)
	for _, c := range []struct {
		path string
		code int
		says string
	}{
		{"/organismi/NOPE", 404, ""},
		{"/organizzazioni/NOPE", 404, ""},
		{"/cruscotti/nope", 404, ""},
		{"/csv/organismo/presenza?body=NOPE", 404, ""},
		{"/confronta?a=LPP", 400, "body:&lt;id&gt;"},
		{"/confronta?a=body:LPP&pa=1990", 400, "a year with meetings"},
		{"/api/indicators/values?scope=body:*", 400, "body:<id>"},
		{"/api/indicators/values?period=20x4", 400, "a year"},
		{"/cruscotti/panoramica?x=1", 400, "reads only lang, cycle"},
		{"/cruscotti/panoramica?year=abc", 400, "YYYY"},
		{"/cruscotti/panoramica?cycle=1999-2005", 400, "2014-2020"},
		{"/cruscotti/panoramica?body=LPP", 400, "reads only"},
		{"/api/loads?limit=100000", 400, "from 1 to 200"},
		{"/cruscotti/panoramica?data_version=abc", 400, "data version"},
		{"/assets/", 404, ""},
		{"/cruscotti/panoramica?year=" + strings.Repeat("9", 300), 400, "at most 200"},
	} {
		code, body := get(t, srv.URL+c.path)
		if code != c.code || !strings.Contains(body, c.says) {
			t.Errorf("%s: %d, want %d saying %q: %.300s", c.path, code, c.code, c.says, body)
		}
	}
	for path, want := range map[string]int{"/cruscotti/panoramica": 200, "/organismi/LPP": 200, "/organismi/NOPE": 404,
		"/api/indicators/values?id=P01": 200, "/csv/panoramica/presenza": 200} {
		req, _ := http.NewRequest(http.MethodHead, srv.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("HEAD %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

// A failing request shows a plain page (or JSON under /api) with a request
// id, never the database's error text.
func TestErrorsShowNoDatabaseText(t *testing.T) {
	srv, st := sampleServer(t)
	st.Close() // every query now fails inside DuckDB's driver
	code, page := get(t, srv.URL+"/cruscotti/qualita?year=2023")
	if code != http.StatusInternalServerError || !strings.Contains(page, `<html lang="it">`) || !strings.Contains(page, "segnalate questo codice: <code>") {
		t.Errorf("page error: %d %.300s", code, page)
	}
	code, body := get(t, srv.URL+"/api/status")
	if code != http.StatusInternalServerError || !strings.Contains(body, `"request_id"`) {
		t.Errorf("API error: %d %s", code, body)
	}
	for _, leak := range []string{"sql:", "database is closed", "Error:", "duckdb", "Binder"} {
		if strings.Contains(page, leak) || strings.Contains(body, leak) {
			t.Errorf("error answer shows %q", leak)
		}
	}
}

// Combined filters: indicator panels cover a wider population than the
// record panels, and the page says so on each of them.
func TestMixedFiltersSaySo(t *testing.T) {
	srv, _ := sampleServer(t)
	_, mixed := get(t, srv.URL+"/cruscotti/partecipazione?cycle=2021-2027&body_type=lab&lang=it")
	if !strings.Contains(mixed, "i pannelli di indicatori (segnati) riguardano <strong>Tipo di organismo: Laboratorio</strong>") ||
		strings.Count(mixed, `<p class="population">`) < 5 {
		t.Errorf("combined filters do not say which population the indicators cover")
	}
	_, single := get(t, srv.URL+"/cruscotti/partecipazione?body_type=lab&lang=it")
	if strings.Contains(single, `class="population"`) {
		t.Error("a single filter is flagged as mixed")
	}
}

// Every page carries a citation of the snapshot it shows, and a CSV's name
// says what it holds.
func TestCitation(t *testing.T) {
	srv, st := sampleServer(t)
	pub, err := indicator.Published(context.Background(), st.DB())
	if err != nil {
		t.Fatal(err)
	}
	v := fmt.Sprint(pub.DataVersion)
	_, page := get(t, srv.URL+"/cruscotti/rete?year=2024&lang=en")
	if !strings.Contains(page, `class="cite-link" href="`+srv.URL+`/cruscotti/rete?as_of=2025-12-31&amp;data_version=`+v+`&amp;lang=en&amp;year=2024"`) ||
		!strings.Contains(page, "«Network», Partnership Observatory, Data version "+v+", reference date 2025-12-31, accessed "+time.Now().UTC().Format(time.DateOnly)) {
		t.Errorf("no citation on the page")
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/csv/parita/donne?cycle=2014-2020&year=2023", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="parita_donne_cycle-2014-2020_year-2023_v`+v+`_2025-12-31.csv"` {
		t.Errorf("CSV name: %s", cd)
	}
}

// A page citing an older data version shows that version's records and
// indicator values exactly, after a later load corrected them.
func TestCitedVersionShowsItsOwnRecords(t *testing.T) {
	srv, st := sampleServer(t)
	old, err := indicator.Published(context.Background(), st.DB())
	if err != nil {
		t.Fatal(err)
	}
	const panel = "/csv/partecipazione/contributori?year=2024"
	const ind = "/csv/panoramica/presenza"
	before, beforeP01 := readCSV(t, srv.URL+panel), readCSV(t, srv.URL+ind)
	// A later load: forty more contributions of one organisation in 2024
	// (it tops the list), and a correction of one attendance row.
	contribs := "id_contributo,id_organizzazione,id_organismo,data_invio,esito\n"
	for i := 1; i <= 40; i++ {
		contribs += fmt.Sprintf("X-%d,ACT,LPP,2024-03-%02d,accolto\n", i, i%28+1)
	}
	loadAndPublish(t, st, map[string]string{
		"contributi_aggiunti.csv":   contribs,
		"presenze_correzione.jsonl": `{"meeting_id": "CDS-PONGOV-20200203", "org_id": "DFP", "person_id": "R0361", "gender": "M", "invited": true, "present": true, "delegated": false}` + "\n",
	})
	time.Sleep(1100 * time.Millisecond) // past the published snapshot's memo
	now := readCSV(t, srv.URL+panel)
	if fmt.Sprint(now) == fmt.Sprint(before) {
		t.Fatal("the later load changed nothing on the published page; the test proves nothing")
	}
	cite := fmt.Sprintf("&data_version=%d&as_of=%s", old.DataVersion, old.AsOf)
	cited := readCSV(t, srv.URL+panel+cite)
	if fmt.Sprint(cited) != fmt.Sprint(before) {
		t.Errorf("cited records differ from what was published then:\n%v\n%v", cited, before)
	}
	citedP01 := readCSV(t, srv.URL+ind+"?"+cite[1:])
	if fmt.Sprint(citedP01) != fmt.Sprint(beforeP01) {
		t.Errorf("cited indicator values differ:\n%v\n%v", citedP01, beforeP01)
	}
	if fmt.Sprint(readCSV(t, srv.URL+ind)) == fmt.Sprint(beforeP01) {
		t.Error("the corrected attendance row did not change the published P01")
	}
}
