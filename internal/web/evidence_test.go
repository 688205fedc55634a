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
	"time"

	"osservatorio/internal/auth"
	"osservatorio/internal/evidence"
	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

// Evidence packs over HTTP on the guideline package's hand-worked fixture:
// only the lab role writes, drafts stay private, a frozen pack's page shows
// the value worked out by hand, and its ZIP verifies.
func TestEvidencePacksOverHTTP(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "e.duckdb"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var files []string
	for _, f := range []string{"organisations.csv", "bodies.csv", "meetings.csv", "attendance.csv", "contributions.csv", "guideline_adoptions.csv"} {
		files = append(files, "../guideline/testdata/"+f)
	}
	if _, err := ingest.Load(ctx, st, files, ingest.Options{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	sum, err := indicator.Refresh(ctx, st, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), indicator.Options{})
	if err != nil || indicator.Publish(ctx, st, sum.DataVersion, sum.AsOf) != nil {
		t.Fatal(err)
	}
	tokens := map[auth.Role]string{}
	for _, r := range []auth.Role{auth.Viewer, auth.Lab} {
		if tokens[r], _, err = auth.Create(ctx, st, "ufficio "+string(r), r, nil); err != nil {
			t.Fatal(err)
		}
	}
	o := web.IndicatorOptions()
	o.RatePerSecond = -1
	h, err := web.New(st, testLog(), o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	create := `{"title":"Preavviso nei tavoli","authors":["LRI 2"],"purpose":"Linee guida, cap. 3",
		"indicators":["Q01"],"scopes":["body:T1"],"periods":["2023"],"guideline_id":"LG-COPROG"}`
	for _, c := range []struct {
		token string
		want  int
	}{{"", http.StatusUnauthorized}, {tokens[auth.Viewer], http.StatusForbidden}} {
		if resp, body := do(t, "POST", srv.URL+"/api/evidence", c.token, strings.NewReader(create), "application/json"); resp.StatusCode != c.want {
			t.Fatalf("create with %q: %d %s", c.token, resp.StatusCode, body)
		}
	}
	lab := tokens[auth.Lab]
	resp, body := do(t, "POST", srv.URL+"/api/evidence", lab, strings.NewReader(create), "application/json")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var p evidence.Pack
	if err := json.Unmarshal([]byte(body), &p); err != nil || !evidence.ValidID(p.ID) || len(p.Items) != 2 {
		t.Fatalf("created %+v (%v)", p, err)
	}
	if resp, body := do(t, "POST", srv.URL+"/api/evidence", lab, strings.NewReader(`{"title":""}`), "application/json"); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "title") {
		t.Fatalf("no title: %d %s", resp.StatusCode, body)
	}

	// A draft is the Laboratori's own.
	if resp, _ := do(t, "GET", srv.URL+"/evidenze/"+p.ID, "", nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("draft page for anyone: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "GET", srv.URL+"/evidenze/"+p.ID+"/zip", lab, nil, ""); resp.StatusCode != http.StatusConflict {
		t.Fatalf("zip of a draft: %d", resp.StatusCode)
	}
	if resp, body := do(t, "POST", srv.URL+"/api/evidence/"+p.ID+"/freeze", lab, nil, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("freeze: %d %s", resp.StatusCode, body)
	}
	if resp, _ := do(t, "POST", srv.URL+"/api/evidence/"+p.ID+"/items", lab, strings.NewReader(`{"indicators":["P01"]}`), "application/json"); resp.StatusCode != http.StatusConflict {
		t.Fatalf("add to a frozen pack: %d", resp.StatusCode)
	}

	note := `{"target":{"kind":"pack","pack":"` + p.ID + `"},"text":"Da rivedere con il Laboratorio"}`
	if resp, body := do(t, "POST", srv.URL+"/api/annotations", lab, strings.NewReader(note), "application/json"); resp.StatusCode != http.StatusCreated {
		t.Fatalf("note on the pack: %d %s", resp.StatusCode, body)
	}
	// The frozen pack's page, for anyone: Q01 of T1 in 2023 is 1/1 (T1-2 is
	// written and left out; T1-3 had 14 and 10 working days' notice).
	resp, body = do(t, "GET", srv.URL+"/evidenze/"+p.ID+"?lang=it", "", nil, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("page: %d", resp.StatusCode)
	}
	for _, want := range []string{p.ID, "Preavviso nei tavoli", "<td>100,0 %</td><td>1</td><td>1</td>", "Organismo: ", "LG-COPROG",
		"dossier di evidenze " + p.ID, "/evidenze/" + p.ID + "/zip", "Da rivedere con il Laboratorio"} {
		if !strings.Contains(body, want) {
			t.Errorf("the pack's page lacks %q", want)
		}
	}
	resp, zipBody := do(t, "GET", srv.URL+"/evidenze/"+p.ID+"/zip", "", nil, "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("zip: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rep := evidence.CheckZip(ctx, st.DB(), []byte(zipBody))
	if !rep.OK() || rep.Digest != resp.Header.Get("X-Osservatorio-Manifest-Sha256") {
		t.Fatalf("downloaded ZIP: %+v, header %q", rep, resp.Header.Get("X-Osservatorio-Manifest-Sha256"))
	}
	resp, body = do(t, "POST", srv.URL+"/api/evidence/"+p.ID+"/verify", lab, nil, "")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, `{"ok":true`) {
		t.Fatalf("verify: %d %s", resp.StatusCode, body)
	}
	_, body = do(t, "GET", srv.URL+"/api/evidence", "", nil, "")
	if !strings.Contains(body, p.ID) {
		t.Fatalf("list: %s", body)
	}

	// From a dashboard: an indicator panel links to the form, which asks
	// for a Laboratorio's sign-in; the form's POST adds to a new draft.
	_, body = do(t, "GET", srv.URL+"/cruscotti/qualita", "", nil, "")
	if !strings.Contains(body, "/evidenze/aggiungi?") {
		t.Fatal("no «Aggiungi al dossier» link on the dashboard")
	}
	_, body = do(t, "GET", srv.URL+"/evidenze/aggiungi?indicators=Q01&scope=all&period=all&lang=it", "", nil, "")
	if !strings.Contains(body, "riservato ai Laboratori") {
		t.Fatal("the add form does not ask an anonymous reader to sign in")
	}
	// The guideline page links to the same form, for its comparison.
	_, body = do(t, "GET", srv.URL+"/linee-guida/LG-COPROG", "", nil, "")
	if !strings.Contains(body, "/evidenze/aggiungi?back=") || !strings.Contains(body, "guideline=LG-COPROG") {
		t.Fatal("no «Aggiungi al dossier» link on the guideline page")
	}
	form := url.Values{"title": {"Dal cruscotto"}, "indicators": {"Q01"}, "scope": {"all"}, "period": {"all"}}
	resp, body = do(t, "POST", srv.URL+"/evidenze", lab, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/evidenze/EP-") {
		t.Fatalf("new draft from a dashboard: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	draft := strings.TrimPrefix(strings.SplitN(resp.Header.Get("Location"), "?", 2)[0], "/evidenze/")
	form = url.Values{"pack": {draft}, "guideline": {"LG-COPROG"}, "window": {"365"}}
	if resp, body := do(t, "POST", srv.URL+"/evidenze/aggiungi", lab, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a guideline comparison into the draft: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, "GET", srv.URL+"/api/evidence/"+draft, lab, nil, "")
	if !strings.Contains(body, `"kind":"guideline"`) || !strings.Contains(body, `"kind":"indicator"`) {
		t.Fatalf("the draft holds: %s", body)
	}
}
