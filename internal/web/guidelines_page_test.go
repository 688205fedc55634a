package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

// The guideline pages over the hand-worked fixture (values from
// internal/guideline/testdata/README.md, as_of 2024-12-31, w = 365).
func TestGuidelinePages(t *testing.T) {
	srv, st, tok := guidelineServer(t)
	ctx := context.Background()
	v0, _ := st.DataVersion(ctx)

	code, index := get(t, srv.URL+"/linee-guida?lang=it")
	if code != 200 {
		t.Fatalf("/linee-guida: %d", code)
	}
	for _, want := range []string{`href="/linee-guida/LG-COPROG?`, "Linee guida sulla co-progettazione",
		"<td>5</td><td>2023-07-01</td><td>2025-02-01</td>", "<td>1</td><td>2023-01-01</td><td>2023-01-01</td>",
		`class="active" aria-current="page">Linee guida</a>`, "non una stima causale"} {
		if !strings.Contains(index, want) {
			t.Errorf("/linee-guida lacks %q", want)
		}
	}

	code, page := get(t, srv.URL+"/linee-guida/LG-COPROG?lang=it")
	if code != 200 {
		t.Fatalf("/linee-guida/LG-COPROG: %d %.300s", code, page)
	}
	for _, want := range []string{
		// The adopters: T1 as corrected (version 1.1, 2023-07-01, DD 7/2023).
		`<a href="/organismi/T1?lang=it">Tavolo partenariale uno</a></td><td>Tavolo partenariale</td><td>1.1</td><td>2023-07-01</td><td>DD 7/2023</td>`,
		// Case A: its windows and comparison group T2 + T5.
		"prima 2022-07-01 – 2023-06-30, dopo 2023-07-01 – 2024-06-29 (365 giorni per finestra)",
		`2 organismi (<a href="/organismi/T2?lang=it">Tavolo partenariale due</a>, <a href="/organismi/T5?lang=it">Tavolo partenariale cinque</a>)`,
		"entro il 2024-06-29",
		// P01 of A: 5/6 before, 6/8 after, DiD −1/3, in figures and words.
		"<td>Tavolo partenariale uno</td><td>83,3 % (5/6)</td><td>75,0 % (6/8)</td><td>75,0 % (3/4)</td><td>100,0 % (6/6)</td><td>2</td><td>−33,3 punti</td>",
		"da 83,3 % a 75,0 % (−8,3 punti); gruppo di confronto (2 organismi): da 75,0 % a 100,0 % (&#43;25 punti).",
		"Differenza nelle differenze: −33,3 punti: la variazione dell&#39;organismo è inferiore di 33,3 punti a quella del gruppo di confronto.",
		// The mean across adopters of P01: 1/12 (n 2).
		"(n = 2): &#43;8,3 punti.",
		// P04 of A: DiD −1; Q02 of A: −3 working days; Q01 of A: +1 = +100 points.
		"<td>1,5 (3/2)</td><td>0,667 (2/3)</td><td>0,5 (1/2)</td><td>0,667 (2/3)</td><td>2</td><td>−1</td>",
		"<td>2</td><td>−3 giorni lavorativi</td>",
		// B: open window; C: no comparison body; D too recent; E after as_of.
		"finestra dopo l&#39;adozione ancora aperta: 306 giorni su 365 alla data di riferimento",
		"nessun organismo di confronto: nessuna differenza calcolabile",
		"gruppo di confronto piccolo",
		"adozione troppo recente per un confronto: 17 giorni alla data di riferimento",
		"adottata dopo la data di riferimento (2024-12-31)",
		"non una stima causale",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/linee-guida/LG-COPROG lacks %q", want)
		}
	}
	// Caveats and types as words, never codes.
	for _, code := range []string{"window_under_30_days", "adopted_after_as_of", "open_window", "no_comparison_bodies",
		"few_comparison_bodies", "small_cells_withheld", "partnership_table"} {
		if strings.Contains(page, code) {
			t.Errorf("the page shows the code %s", code)
		}
	}
	// E01: T3's small cells (1 and 2 people) and the mean holding its
	// difference are withheld, as the API does for the public; T1's shown.
	checkE01 := func(who, page string) {
		t.Helper()
		e01 := sectionByID(page, "g-0-E01")
		if !strings.Contains(e01, "<td>Tavolo partenariale tre</td><td>&lt; 3 persone</td><td>&lt; 3 persone</td><td>66,7 % (2/3)</td><td>&lt; 3 persone</td><td>1</td><td>&lt; 3 persone</td>") ||
			!strings.Contains(e01, "<td>Tavolo partenariale uno</td><td>66,7 % (2/3)</td><td>75,0 % (3/4)</td>") ||
			!strings.Contains(e01, "valori su meno di 3 persone non mostrati") {
			t.Errorf("%s: E01 section without T3 withheld and T1 shown:\n%s", who, e01)
		}
		for _, hidden := range []string{"−83,3 punti", "−45,8 punti", "100,0 % (1/1)", "50,0 % (1/2)"} {
			if strings.Contains(e01, hidden) {
				t.Errorf("%s: E01 section shows the withheld %q", who, hidden)
			}
		}
	}
	checkE01("anonymous", page)
	// A public page: researchers read the counts in the API, not here.
	_, rpage := get(t, srv.URL+"/linee-guida/LG-COPROG?lang=it", "Authorization", "Bearer "+tok["researcher"])
	checkE01("researcher", rpage)

	_, en := get(t, srv.URL+"/linee-guida/LG-COPROG?lang=en")
	for _, want := range []string{`<html lang="en">`, "Difference in differences: −33.3 points: the body&#39;s change falls short of the comparison group&#39;s by 33.3 points.",
		"the window after the adoption is still open: 306 days of 365", "adopted too recently to compare: 17 days", "not a causal estimate"} {
		if !strings.Contains(en, want) {
			t.Errorf("English page lacks %q", want)
		}
	}

	// A cited snapshot: at data version 6 T1's date was 2024-12-10 (L 22).
	code, v6 := get(t, srv.URL+"/linee-guida/LG-COPROG?lang=it&data_version=6&as_of=2024-12-31")
	if code != 200 || !strings.Contains(v6, "<td>2024-12-10</td>") || !strings.Contains(v6, "22 giorni alla data di riferimento") ||
		!strings.Contains(v6, `name="data_version" value="6"`) {
		t.Errorf("data version 6: %d", code)
	}
	// Two windows: a section each.
	if _, two := get(t, srv.URL+"/linee-guida/LG-COPROG?window=180,365"); !strings.Contains(two, "Finestra di 180 giorni") ||
		!strings.Contains(two, "Finestra di 365 giorni") {
		t.Error("window=180,365: not both windows")
	}
	for path, want := range map[string]int{
		"/linee-guida/LG-NESSUNA":                                 404,
		"/linee-guida/LG-COPROG?window=0":                         400,
		"/linee-guida/LG-COPROG?scope=all":                        400,
		"/linee-guida/LG-COPROG?data_version=99&as_of=2024-12-31": 404,
	} {
		if code, body := get(t, srv.URL+path); code != want || !strings.Contains(body, "<html") {
			t.Errorf("%s: %d, want an HTML %d", path, code, want)
		}
	}
	if v, _ := st.DataVersion(ctx); v != v0 {
		t.Errorf("reading the pages changed the data version %d → %d", v0, v)
	}

	// The Laboratori's notes on the guideline show on its page (writing one
	// empties the page cache, so the cached page is redrawn).
	note := `{"target": {"kind": "guideline", "guideline": "LG-COPROG"}, "text": "Adottata dopo il ciclo di incontri territoriali."}`
	if resp, out := do(t, "POST", srv.URL+"/api/annotations", tok["lab"], strings.NewReader(note), "application/json"); resp.StatusCode != 201 {
		t.Fatalf("note: %d %s", resp.StatusCode, out)
	}
	if _, page := get(t, srv.URL+"/linee-guida/LG-COPROG?lang=it"); !strings.Contains(page, "Adottata dopo il ciclo di incontri territoriali.") {
		t.Error("the guideline page does not show its note")
	}
}

// Before any snapshot is published the pages list the adoptions at the
// current data version and say why there is no comparison yet.
func TestGuidelinePageUnpublished(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "u.duckdb"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fx := "../guideline/testdata/"
	if _, err := ingest.Load(ctx, st, []string{fx + "bodies.csv", fx + "guideline_adoptions.csv"}, ingest.Options{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(st, testLog(), web.IndicatorOptions())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if code, page := get(t, srv.URL+"/linee-guida?lang=it"); code != 200 || !strings.Contains(page, "<td>5</td><td>2024-03-01</td><td>2025-02-01</td>") {
		t.Errorf("/linee-guida unpublished: %d", code)
	}
	code, page := get(t, srv.URL+"/linee-guida/LG-COPROG?lang=it")
	if code != 200 || !strings.Contains(page, "<td>2024-12-10</td>") || !strings.Contains(page, "non ne è ancora pubblicata nessuna") ||
		strings.Contains(page, "Finestra di 365 giorni") {
		t.Errorf("/linee-guida/LG-COPROG unpublished: %d", code)
	}
}

// sectionByID is the HTML of the page's section with this id.
func sectionByID(page, id string) string {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(page[i:], "</section>")
	return page[i : i+j]
}

// POST /api/guidelines/adoptions: lab and admin tokens add and correct
// adoptions through the loader (a new data version, the old row in
// history), all or nothing; GET lists them.
func TestGuidelineAdoptionsAPI(t *testing.T) {
	srv, st, tok := guidelineServer(t)
	ctx := context.Background()
	db := st.DB()
	post := func(token, body string) (int, map[string]any) {
		t.Helper()
		resp, out := do(t, "POST", srv.URL+"/api/guidelines/adoptions", token, strings.NewReader(body), "application/json")
		var m map[string]any
		json.Unmarshal([]byte(out), &m)
		return resp.StatusCode, m
	}
	list := func(q string) (string, []map[string]any) {
		t.Helper()
		resp, out := do(t, "GET", srv.URL+"/api/guidelines/adoptions"+q, "", nil, "")
		var rows []map[string]any
		if resp.StatusCode != 200 || json.Unmarshal([]byte(out), &rows) != nil {
			t.Fatalf("GET adoptions%s: %d %s", q, resp.StatusCode, out)
		}
		return resp.Header.Get("X-Osservatorio-Data-Version"), rows
	}
	adopted := func(rows []map[string]any, body, g string) any {
		for _, r := range rows {
			if r["body_id"] == body && r["guideline_id"] == g {
				return r["adopted"]
			}
		}
		return nil
	}

	v, rows := list("?guideline=LG-COPROG")
	if v != "7" || len(rows) != 5 || adopted(rows, "T1", "LG-COPROG") != "2023-07-01" || rows[0]["body_name"] != "Tavolo partenariale uno" {
		t.Errorf("GET adoptions: version %s, %v", v, rows)
	}
	if v, rows := list("?data_version=6"); v != "6" || len(rows) != 6 || adopted(rows, "T1", "LG-COPROG") != "2024-12-10" {
		t.Errorf("GET adoptions at 6: version %s, %v", v, rows)
	}

	correction := `[{"body_id": "T3", "guideline_id": "LG-COPROG", "guideline_version": "1.2", "adopted": "2024-04-01", "act": "DD 9/2024"}]`
	for who, want := range map[string]int{"": 401, "viewer": 403, "researcher": 403} {
		if code, out := post(tok[who], correction); code != want {
			t.Errorf("POST by %q: %d, want %d: %v", who, code, want, out)
		}
	}

	// A lab token corrects T3's date: version 8, the old row in history.
	code, out := post(tok["lab"], correction)
	if code != 200 || out["outcome"] != "loaded" || out["data_version"] != 8.0 || out["rows_loaded"] != 1.0 || len(out["rejects"].([]any)) != 0 {
		t.Fatalf("lab correction: %d %v", code, out)
	}
	var now, old string
	var replaced int64
	if err := db.QueryRow(`SELECT strftime(adopted, '%Y-%m-%d') FROM guideline_adoptions WHERE body_id = 'T3' AND guideline_id = 'LG-COPROG'`).Scan(&now); err != nil || now != "2024-04-01" {
		t.Errorf("T3 now adopted %q %v", now, err)
	}
	if err := db.QueryRow(`SELECT strftime(adopted, '%Y-%m-%d'), replaced_in FROM guideline_adoptions_history
		WHERE body_id = 'T3' AND guideline_id = 'LG-COPROG'`).Scan(&old, &replaced); err != nil || old != "2024-03-01" || replaced != 8 {
		t.Errorf("T3's old row in history: %q replaced in %d %v", old, replaced, err)
	}
	// The loader refreshed and published: the API and the page show it.
	if v, rows := list("?guideline=LG-COPROG"); v != "8" || adopted(rows, "T3", "LG-COPROG") != "2024-04-01" {
		t.Errorf("after the correction: version %s, %v", v, rows)
	}
	if _, page := get(t, srv.URL+"/linee-guida/LG-COPROG?lang=it"); !strings.Contains(page, "<td>1.2</td><td>2024-04-01</td><td>DD 9/2024</td>") {
		t.Error("the page does not show the corrected adoption")
	}
	// The same rows again: nothing to do.
	if code, out := post(tok["lab"], correction); code != 200 || out["outcome"] != "unchanged" || out["data_version"] != 8.0 {
		t.Errorf("the same correction again: %d %v", code, out)
	}
	// An admin adds an adoption.
	if code, out := post(tok["admin"], `[{"body_id": "T4", "guideline_id": "TOOLKIT-PM", "adopted": "15/06/2024", "source": "https://example.it/atto"}]`); code != 200 || out["data_version"] != 9.0 {
		t.Errorf("admin adds: %d %v", code, out)
	}

	// A bad date in row 2: nothing applied (row 1 is good), the answer
	// names the row and the field.
	count := func() (n int64) {
		db.QueryRow(`SELECT (SELECT count(*) FROM guideline_adoptions) * 1000 + (SELECT count(*) FROM guideline_adoptions_history) * 100 +
			(SELECT count(*) FROM loads)`).Scan(&n)
		return n
	}
	before := count()
	code, out = post(tok["lab"], `[{"body_id": "T2", "guideline_id": "LG-COPROG", "adopted": "2024-05-01"},
		{"body_id": "T4", "guideline_id": "LG-COPROG", "adopted": "2024-13-01"}]`)
	rejects, _ := out["rejects"].([]any)
	if code != 422 || out["outcome"] != "refused" || out["data_version"] != 9.0 || len(rejects) != 1 ||
		!strings.Contains(out["error"].(string), "row 2, adopted: bad_date") {
		t.Fatalf("bad date: %d %v", code, out)
	}
	if r := rejects[0].(map[string]any); r["row"] != 2.0 || r["field"] != "adopted" || r["value"] != "2024-13-01" || r["reason"] != "bad_date" {
		t.Errorf("reject: %v", r)
	}
	if v, _ := st.DataVersion(ctx); v != 9 || count() != before {
		t.Errorf("a refused POST changed the database: version %d, counts %d → %d", v, before, count())
	}
	// An unknown body is the loader's unknown_reference, named the same way.
	if code, out := post(tok["admin"], `[{"body_id": "NESSUNO", "guideline_id": "LG-COPROG", "adopted": "2024-05-01"}]`); code != 422 ||
		!strings.Contains(out["error"].(string), "row 1, body_id: unknown_reference") {
		t.Errorf("unknown body: %d %v", code, out)
	}
	// Fields outside the contract (a person's name) and malformed bodies
	// are refused before anything is written.
	for body, want := range map[string]string{
		`[{"body_id": "T2", "guideline_id": "LG-COPROG", "adopted": "2024-05-01", "nome": "N.N."}]`: `row 1: json: unknown field "nome"`,
		`{"body_id": "T2"}`: "send a JSON array",
		`[]`:                "no adoption",
		`[{"body_id": 7}]`:  "row 1:",
	} {
		if code, out := post(tok["admin"], body); code != 400 || !strings.Contains(out["error"].(string), want) {
			t.Errorf("%s: %d %v, want 400 %q", body, code, out, want)
		}
	}
	big := `[{"body_id": "T2", "guideline_id": "LG-COPROG", "adopted": "2024-05-01", "title": "` + strings.Repeat("x", 1<<20) + `"}]`
	if code, _ := post(tok["admin"], big); code != 413 {
		t.Errorf("a body over 1 MiB: %d, want 413", code)
	}
	if v, _ := st.DataVersion(ctx); v != 9 {
		t.Errorf("refused POSTs changed the data version to %d", v)
	}
	_, audit := do(t, "GET", srv.URL+"/api/audit", tok["admin"], nil, "")
	if strings.Count(audit, `"action":"guideline.adoptions"`) != 2 {
		t.Errorf("adoptions not audited twice: %s", audit)
	}

	// A signed-in page session needs the CSRF token, as every POST does.
	resp, _ := do(t, "POST", srv.URL+"/accesso", "", strings.NewReader(url.Values{"token": {tok["lab"]}}.Encode()),
		"application/x-www-form-urlencoded")
	if len(resp.Cookies()) != 1 {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/api/guidelines/adoptions", strings.NewReader(correction))
	req.AddCookie(resp.Cookies()[0])
	req.Header.Set("Content-Type", "application/json")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 403 {
		t.Errorf("session POST without the CSRF token: %d", r.StatusCode)
	}
}
