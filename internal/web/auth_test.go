package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/auth"
	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

// authServer serves the sample with uploads enabled (the loader, then the
// refresh and publication, as serve wires them) and one token per role.
func authServer(t *testing.T, requireLogin bool) (*httptest.Server, *store.Store, map[string]string) {
	t.Helper()
	_, st := sampleServer(t)
	ctx := context.Background()
	tokens := map[string]string{}
	for _, r := range auth.Roles {
		plain, _, err := auth.Create(ctx, st, "test "+string(r), r, nil)
		if err != nil {
			t.Fatal(err)
		}
		tokens[string(r)] = plain
	}
	plain, tok, err := auth.Create(ctx, st, "revocato", auth.Admin, nil)
	if err != nil || auth.Revoke(ctx, st, tok.ID) != nil {
		t.Fatal(err)
	}
	tokens["revoked"] = plain
	o := web.IndicatorOptions()
	o.RatePerSecond, o.RequireLogin, o.UploadDir = -1, requireLogin, t.TempDir()
	o.Load = func(ctx context.Context, files []string, opt ingest.Options) ([]ingest.Result, error) {
		res, err := ingest.Load(ctx, st, files, opt)
		if err != nil {
			return res, err
		}
		sum, err := indicator.Refresh(ctx, st, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), indicator.Options{})
		if err != nil {
			return res, err
		}
		return res, indicator.Publish(ctx, st, sum.DataVersion, sum.AsOf)
	}
	h, err := web.New(st, testLog(), o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, st, tokens
}

func do(t *testing.T, method, url, token string, body io.Reader, contentType string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func multipartFiles(t *testing.T, files map[string]string) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for name, content := range files {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

// Admin endpoints answer 401 without a token or with a wrong or revoked
// one, 403 to other roles; a viewer can never upload or see rejected values.
func TestRolesGuardAdminEndpoints(t *testing.T) {
	srv, _, tok := authServer(t, false)
	for _, c := range []struct {
		token string
		want  int
	}{
		{"", 401}, {"osv_nope_nope", 401}, {tok["revoked"], 401}, {tok["viewer"], 403},
		{tok["researcher"], 403}, {tok["lab"], 403}, {tok["admin"], 200},
	} {
		resp, body := do(t, "GET", srv.URL+"/api/audit", c.token, nil, "")
		if resp.StatusCode != c.want {
			t.Errorf("audit with %.12q: %d, want %d: %s", c.token, resp.StatusCode, c.want, body)
		}
		if c.want == 401 && resp.Header.Get("WWW-Authenticate") == "" && c.token == "" {
			t.Error("401 without WWW-Authenticate")
		}
		body2, ct := multipartFiles(t, map[string]string{"organizzazioni_x.csv": "id_organizzazione,denominazione,categoria\nX1,Ente X,ricerca\n"})
		resp, _ = do(t, "POST", srv.URL+"/api/loads", c.token, body2, ct)
		want := c.want
		if resp.StatusCode != want {
			t.Errorf("upload with %.12q: %d, want %d", c.token, resp.StatusCode, want)
		}
	}
	// A bad token on a public page is refused too, not silently ignored.
	if resp, _ := do(t, "GET", srv.URL+"/cruscotti/panoramica", "osv_x_y", nil, ""); resp.StatusCode != 401 {
		t.Errorf("bad token on a page: %d", resp.StatusCode)
	}
}

// An admin upload runs the loader, bumps the data version, is audited; the
// rejected value it produced is shown to admins only.
func TestUploadAndRejectedValues(t *testing.T) {
	srv, st, tok := authServer(t, false)
	before, _ := st.DataVersion(context.Background())
	body, ct := multipartFiles(t, map[string]string{
		"organizzazioni_nuove.csv": "id_organizzazione,denominazione,categoria\nNUOVA-1,Ente nuovo,ricerca\nNUOVA-2,Ente strano,categoria_segreta\n",
	})
	resp, out := do(t, "POST", srv.URL+"/api/loads", tok["admin"], body, ct)
	if resp.StatusCode != 200 || !strings.Contains(out, `"rows_loaded":1`) || !strings.Contains(out, `"rows_rejected":1`) {
		t.Fatalf("upload: %d %s", resp.StatusCode, out)
	}
	after, _ := st.DataVersion(context.Background())
	if after != before+1 {
		t.Errorf("data version %d → %d", before, after)
	}
	_, audit := do(t, "GET", srv.URL+"/api/audit", tok["admin"], nil, "")
	if !strings.Contains(audit, `"action":"load.upload"`) || !strings.Contains(audit, "organizzazioni_nuove.csv") {
		t.Errorf("upload not audited: %s", audit)
	}
	for who, want := range map[string]bool{"": false, "viewer": false, "researcher": false, "admin": true} {
		_, loads := do(t, "GET", srv.URL+"/api/loads?limit=1", tok[who], nil, "")
		if strings.Contains(loads, "categoria_segreta") != want {
			t.Errorf("%q sees the rejected value: %v, want %v", who, !want, want)
		}
	}
	if _, page := get(t, srv.URL+"/dati"); strings.Contains(page, "categoria_segreta") {
		t.Error("/dati shows a rejected value")
	}
	bad, ct := multipartFiles(t, map[string]string{"programma.exe": "MZ"})
	if resp, _ := do(t, "POST", srv.URL+"/api/loads", tok["admin"], bad, ct); resp.StatusCode != 400 {
		t.Errorf("an .exe upload: %d", resp.StatusCode)
	}
}

// Researchers get the counts behind small cells from the API; the public
// does not.
func TestResearcherSeesSmallCellCounts(t *testing.T) {
	srv, st, tok := authServer(t, false)
	loadAndPublish(t, st, map[string]string{
		"organismi_piccolo.csv": "id_organismo,denominazione,tipo\nGL-PICCOLO,Gruppo di lavoro piccolo,gruppo_lavoro\n",
		"riunioni_piccolo.csv":  "id_riunione,id_organismo,data,fase\nGLP-1,GL-PICCOLO,2024-05-06,attuazione\n",
		"presenze_piccolo.csv":  "id_riunione,id_organizzazione,id_rappresentante,genere,presente\nGLP-1,ACT,P-1,F,sì\nGLP-1,DPCOE,P-2,M,sì\n",
	})
	time.Sleep(1100 * time.Millisecond)
	q := "/api/indicators/values?id=E01&scope=body:GL-PICCOLO&period=2024"
	for who, want := range map[string]string{"": `"suppressed":true`, "viewer": `"suppressed":true`,
		"researcher": `"value":0.5,"numerator":1,"denominator":2`, "admin": `"numerator":1,"denominator":2`} {
		_, body := do(t, "GET", srv.URL+q, tok[who], nil, "")
		if !strings.Contains(body, want) {
			t.Errorf("%q: %s, want %s", who, body, want)
		}
	}
}

// Pages take a token once and keep an HttpOnly, SameSite=Strict session;
// a state-changing form needs the session's CSRF token.
func TestSessionAndCSRF(t *testing.T) {
	srv, _, tok := authServer(t, false)
	resp, _ := do(t, "POST", srv.URL+"/accesso", "", strings.NewReader(url.Values{"token": {"osv_sbagliato_x"}}.Encode()),
		"application/x-www-form-urlencoded")
	if resp.StatusCode != 401 {
		t.Errorf("wrong token at sign-in: %d", resp.StatusCode)
	}
	resp, _ = do(t, "POST", srv.URL+"/accesso", "", strings.NewReader(url.Values{"token": {tok["admin"]}}.Encode()),
		"application/x-www-form-urlencoded")
	cookies := resp.Cookies()
	if resp.StatusCode != http.StatusSeeOther || len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("sign-in: %d %v", resp.StatusCode, cookies)
	}
	withCookie := func(method, path string, form url.Values) (*http.Response, string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
		req.AddCookie(cookies[0])
		if method == "POST" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, page := withCookie("GET", "/accesso", nil)
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if resp.StatusCode != 200 || m == nil || !strings.Contains(page, "test admin") {
		t.Fatalf("signed-in page: %d", resp.StatusCode)
	}
	if resp, _ := withCookie("GET", "/api/audit", nil); resp.StatusCode != 200 {
		t.Errorf("session does not carry the role: %d", resp.StatusCode)
	}
	if resp, _ := withCookie("POST", "/esci", url.Values{"csrf": {"sbagliato"}}); resp.StatusCode != 403 {
		t.Errorf("sign-out without the CSRF token: %d", resp.StatusCode)
	}
	if resp, _ := withCookie("POST", "/esci", url.Values{"csrf": {m[1]}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-out with the CSRF token: %d", resp.StatusCode)
	}
	if resp, _ := withCookie("GET", "/api/audit", nil); resp.StatusCode != 401 {
		t.Errorf("the session outlived sign-out: %d", resp.StatusCode)
	}
}

// With login required, anonymous requests get 401 and any valid token passes.
func TestRequireLogin(t *testing.T) {
	srv, _, tok := authServer(t, true)
	if resp, _ := do(t, "GET", srv.URL+"/cruscotti/panoramica", "", nil, ""); resp.StatusCode != 401 {
		t.Errorf("anonymous page: %d", resp.StatusCode)
	}
	if resp, _ := do(t, "GET", srv.URL+"/cruscotti/panoramica", tok["viewer"], nil, ""); resp.StatusCode != 200 {
		t.Errorf("viewer page: %d", resp.StatusCode)
	}
	for _, p := range []string{"/healthz", "/accesso", "/assets/style.css"} {
		if resp, _ := do(t, "GET", srv.URL+p, "", nil, ""); resp.StatusCode != 200 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	var vs []map[string]any
	_, body := do(t, "GET", srv.URL+"/api/indicators/values?id=P01&scope=all&period=all", tok["viewer"], nil, "")
	if json.Unmarshal([]byte(body), &vs) != nil || len(vs) != 1 {
		t.Errorf("viewer API: %s", body)
	}
}
