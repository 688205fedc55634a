package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"osservatorio/internal/indicator"
	"osservatorio/internal/store"
)

// note is the JSON of an annotation, as much as the tests read.
type note struct {
	ID          int64  `json:"id"`
	Author      string `json:"author"`
	Text        string `json:"text"`
	DataVersion int64  `json:"data_version"`
	Revision    int    `json:"revision"`
	RevisedBy   string `json:"revised_by"`
	Target      struct {
		Kind, Indicator, Scope, Period, Body string
	} `json:"target"`
	Revisions []struct {
		Revision    int    `json:"revision"`
		Text        string `json:"text"`
		DataVersion int64  `json:"data_version"`
		Author      string `json:"author"`
	} `json:"revisions"`
}

func decodeNote(t *testing.T, body string) note {
	t.Helper()
	var n note
	if err := json.Unmarshal([]byte(body), &n); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return n
}

// tokenID is the public id inside a plaintext token osv_<id>_<secret>.
func tokenID(plain string) string { return strings.Split(plain, "_")[1] }

// A year with a P01 value in scope, from the sample's published snapshot.
func sampleYear(t *testing.T, st *store.Store, scope string) string {
	t.Helper()
	vs, err := indicator.Values(context.Background(), st.DB(), indicator.Filter{Indicator: "P01", Scope: scope})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Period != "all" && v.Category == "" {
			return v.Period
		}
	}
	t.Fatalf("no P01 year in scope %s", scope)
	return ""
}

// Anyone reads notes; only the lab role (and admin, who may do everything)
// writes them; an edit adds a revision and keeps the first text; writes are
// audited; refused values name their field.
func TestAnnotationsAPI(t *testing.T) {
	srv, st, tok := authServer(t, false)
	pub, err := indicator.Published(context.Background(), st.DB())
	if err != nil {
		t.Fatal(err)
	}
	const first = `{"target": {"kind": "indicator", "indicator": "P01", "scope": "all", "period": "2023"}, "text": "  Calo dovuto alla fusione di due tavoli.  "}`
	for _, c := range []struct {
		who  string
		want int
	}{{"", 401}, {"viewer", 403}, {"researcher", 403}} {
		if resp, body := do(t, "POST", srv.URL+"/api/annotations", tok[c.who], strings.NewReader(first), "application/json"); resp.StatusCode != c.want {
			t.Errorf("POST by %q: %d, want %d: %s", c.who, resp.StatusCode, c.want, body)
		}
	}
	resp, body := do(t, "POST", srv.URL+"/api/annotations", tok["lab"], strings.NewReader(first), "application/json")
	if resp.StatusCode != 201 {
		t.Fatalf("POST by lab: %d %s", resp.StatusCode, body)
	}
	n := decodeNote(t, body)
	if n.ID != 1 || n.Author != tokenID(tok["lab"]) || n.Text != "Calo dovuto alla fusione di due tavoli." || n.Revision != 1 ||
		n.DataVersion != pub.DataVersion || n.Target.Kind != "indicator" || n.Target.Period != "2023" {
		t.Errorf("added (author: the lab token's id; data version: the published %d): %+v", pub.DataVersion, n)
	}
	resp, body = do(t, "POST", srv.URL+"/api/annotations", tok["admin"],
		strings.NewReader(`{"target": {"kind": "body", "body": "LPP"}, "text": "Nota sull'organismo.", "data_version": 2}`), "application/json")
	if resp.StatusCode != 201 || decodeNote(t, body).DataVersion != 2 {
		t.Errorf("POST by admin with data_version 2: %d %s", resp.StatusCode, body)
	}

	for _, c := range []struct{ body, field string }{
		{`{"target": {"kind": "body", "body": "LPP"}, "text": "   "}`, "text"},
		{`{"target": {"kind": "body", "body": "LPP"}, "text": "` + strings.Repeat("a", 2001) + `"}`, "text"},
		{`{"text": "ciao"}`, "target"},
		{`{"target": {"kind": "indicator", "indicator": "X01", "scope": "all", "period": "2023"}, "text": "ciao"}`, "target.indicator"},
		{`{"target": {"kind": "body", "body": "NON-ESISTE"}, "text": "ciao"}`, "target.body"},
		{`{"target": {"kind": "pack", "pack": "EP-2026-07"}, "text": "ciao"}`, "target.pack"},
		{`{"target": {"kind": "body", "body": "LPP"}, "text": "ciao", "data_version": 999}`, "data_version"},
		{`{"target": {"kind": "body", "body": "LPP"}, "txt": "ciao"}`, "txt"},
		{`{"target": {"kind": "body", "body": "LPP"}, "text": 5}`, "text"},
	} {
		resp, out := do(t, "POST", srv.URL+"/api/annotations", tok["lab"], strings.NewReader(c.body), "application/json")
		var e struct{ Field, Error string }
		json.Unmarshal([]byte(out), &e)
		if resp.StatusCode != 400 || e.Field != c.field || !strings.HasPrefix(e.Error, c.field+":") && !strings.Contains(e.Error, c.field) {
			t.Errorf("%.60s: %d %s, want 400 on %s", c.body, resp.StatusCode, out, c.field)
		}
	}
	if resp, out := do(t, "POST", srv.URL+"/api/annotations", tok["lab"], strings.NewReader(`{"text": `), "application/json"); resp.StatusCode != 400 {
		t.Errorf("broken JSON: %d %s", resp.StatusCode, out)
	}

	// PUT: a new revision; viewers may not; the target cannot change.
	const edit = `{"text": "Calo dovuto alla fusione dei tavoli T1 e T2."}`
	if resp, _ := do(t, "PUT", srv.URL+"/api/annotations/1", tok["viewer"], strings.NewReader(edit), "application/json"); resp.StatusCode != 403 {
		t.Errorf("PUT by viewer: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "PUT", srv.URL+"/api/annotations/1", "", strings.NewReader(edit), "application/json"); resp.StatusCode != 401 {
		t.Errorf("anonymous PUT: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "PUT", srv.URL+"/api/annotations/99", tok["lab"], strings.NewReader(edit), "application/json"); resp.StatusCode != 404 {
		t.Errorf("PUT of an unknown id: %d", resp.StatusCode)
	}
	if resp, out := do(t, "PUT", srv.URL+"/api/annotations/1", tok["lab"], strings.NewReader(`{"text": "x", "target": {"kind": "body", "body": "LPP"}}`), "application/json"); resp.StatusCode != 400 || !strings.Contains(out, `"field":"target"`) {
		t.Errorf("PUT moving the target: %d %s", resp.StatusCode, out)
	}
	resp, body = do(t, "PUT", srv.URL+"/api/annotations/1", tok["lab"], strings.NewReader(edit), "application/json")
	if e := decodeNote(t, body); resp.StatusCode != 200 || e.Revision != 2 || e.Text != "Calo dovuto alla fusione dei tavoli T1 e T2." || e.ID != 1 {
		t.Fatalf("PUT by lab: %d %s", resp.StatusCode, body)
	}

	// GET one note: both revisions, public.
	resp, body = do(t, "GET", srv.URL+"/api/annotations/1", "", nil, "")
	h := decodeNote(t, body)
	if resp.StatusCode != 200 || h.Revision != 2 || len(h.Revisions) != 2 ||
		h.Revisions[0].Revision != 1 || h.Revisions[0].Text != "Calo dovuto alla fusione di due tavoli." ||
		h.Revisions[1].Revision != 2 || h.Revisions[1].Text != "Calo dovuto alla fusione dei tavoli T1 e T2." ||
		h.Revisions[1].Author != tokenID(tok["lab"]) {
		t.Errorf("GET /api/annotations/1: %d %s", resp.StatusCode, body)
	}
	for _, p := range []string{"/api/annotations/99", "/api/annotations/abc", "/api/annotations/0"} {
		if resp, _ := do(t, "GET", srv.URL+p, "", nil, ""); resp.StatusCode != 404 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}

	// The list and its filters.
	list := func(q string) []note {
		t.Helper()
		resp, body := do(t, "GET", srv.URL+"/api/annotations"+q, "", nil, "")
		var ns []note
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &ns) != nil {
			t.Fatalf("%s: %d %s", q, resp.StatusCode, body)
		}
		return ns
	}
	if ns := list(""); len(ns) != 2 || ns[0].ID != 2 || ns[1].ID != 1 {
		t.Errorf("list, newest first: %+v", ns)
	}
	if ns := list("?kind=indicator&indicator=P01&scope=all&period=2023"); len(ns) != 1 || ns[0].Revision != 2 {
		t.Errorf("indicator filter: %+v", ns)
	}
	if ns := list("?body=LPP"); len(ns) != 1 || ns[0].ID != 2 {
		t.Errorf("body filter: %+v", ns)
	}
	if ns := list("?pack=EP-2026-0001"); len(ns) != 0 {
		t.Errorf("pack filter: %+v", ns)
	}
	if ns := list("?limit=1&offset=1"); len(ns) != 1 || ns[0].ID != 1 {
		t.Errorf("limit and offset: %+v", ns)
	}
	for q, field := range map[string]string{"?kind=org": `"field":"kind"`, "?limit=0": "limit", "?limit=1001": "limit",
		"?offset=-1": "offset", "?colore=blu": "colore", "?kind=body&indicator=P01": `"field":"indicator"`} {
		if resp, out := do(t, "GET", srv.URL+"/api/annotations"+q, "", nil, ""); resp.StatusCode != 400 || !strings.Contains(out, field) {
			t.Errorf("%s: %d %s", q, resp.StatusCode, out)
		}
	}

	_, audit := do(t, "GET", srv.URL+"/api/audit", tok["admin"], nil, "")
	for _, want := range []string{`"action":"annotation.add","target":"annotation:1"`, `"action":"annotation.edit","target":"annotation:1"`,
		`"token_id":"` + tokenID(tok["lab"]) + `","role":"lab"`} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit lacks %s: %s", want, audit)
		}
	}
}

// section returns the HTML of a page's panel, from its <section> to the
// next one.
func section(t *testing.T, page, panel string) string {
	t.Helper()
	i := strings.Index(page, `id="panel-`+panel+`"`)
	if i < 0 {
		t.Fatalf("no panel %s", panel)
	}
	rest := page[i:]
	if j := strings.Index(rest, "<section"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// A note on an indicator value shows under the panel that shows that value,
// and under no other; a note on a body shows on its page; an edited note
// says so. Pages drawn before the note (cached) show it once it is written.
func TestAnnotationsOnPages(t *testing.T) {
	srv, st, tok := authServer(t, false)
	year := sampleYear(t, st, "all")
	bodyYear := sampleYear(t, st, "body:LPP")
	if code, page := get(t, srv.URL+"/cruscotti/panoramica"); code != 200 || strings.Contains(page, `class="annotations"`) {
		t.Fatalf("before any note: %d", code)
	}
	post := func(target, text string) note {
		t.Helper()
		resp, body := do(t, "POST", srv.URL+"/api/annotations", tok["lab"],
			strings.NewReader(`{"target": `+target+`, "text": "`+text+`"}`), "application/json")
		if resp.StatusCode != 201 {
			t.Fatalf("POST %s: %d %s", target, resp.StatusCode, body)
		}
		return decodeNote(t, body)
	}
	p01 := post(`{"kind": "indicator", "indicator": "P01", "scope": "all", "period": "`+year+`"}`, "Nota su P01 <b>tutti</b>")
	post(`{"kind": "indicator", "indicator": "P01", "scope": "body:LPP", "period": "`+bodyYear+`"}`, "Nota su P01 di LPP")
	post(`{"kind": "body", "body": "LPP"}`, "Nota sul Laboratorio LPP")
	post(`{"kind": "body", "body": "LABRI-1"}`, "Nota su LABRI-1")
	do(t, "PUT", srv.URL+"/api/annotations/1", tok["lab"], strings.NewReader(`{"text": "Nota su P01 <b>tutti</b>, rivista"}`), "application/json")

	_, page := get(t, srv.URL+"/cruscotti/panoramica")
	presenza := section(t, page, "presenza")
	for _, want := range []string{"Nota su P01 &lt;b&gt;tutti&lt;/b&gt;, rivista", p01.Author, "P01 · " + year,
		"modificata (2 revisioni,", "/cruscotti/panoramica?data_version=" + jsonInt(p01.DataVersion) + "&amp;lang=it#panel-presenza"} {
		if !strings.Contains(presenza, want) {
			t.Errorf("the attendance panel lacks %q:\n%s", want, presenza)
		}
	}
	if strings.Contains(page, "<b>tutti</b>") {
		t.Error("a note's text is not escaped")
	}
	if strings.Contains(section(t, page, "preavviso"), "Nota su P01") || strings.Contains(page, "Nota su P01 di LPP") ||
		strings.Contains(page, "Nota sul Laboratorio") {
		t.Error("a note shows where its target is not")
	}
	if _, en := get(t, srv.URL+"/cruscotti/panoramica?lang=en"); !strings.Contains(section(t, en, "presenza"), "edited (2 revisions,") {
		t.Error("English: no 'edited'")
	}

	_, body := get(t, srv.URL+"/organismi/LPP")
	if i := strings.Index(body, `class="grid"`); i < 0 || !strings.Contains(body[:i], "Nota sul Laboratorio LPP") {
		t.Error("the body page does not show the note on the body above its panels")
	}
	if !strings.Contains(section(t, body, "presenza"), "Nota su P01 di LPP") {
		t.Error("the body page's attendance panel does not show the note on its P01 value")
	}
	if strings.Contains(body, "Nota su LABRI-1") || strings.Contains(body, "rivista") {
		t.Error("the body page shows notes on other targets")
	}
}

func jsonInt(v int64) string { b, _ := json.Marshal(v); return string(b) }
