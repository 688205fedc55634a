package web_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The console is for researchers: 401 without a token, 403 for a viewer;
// with a researcher it lists the schema and the named exports.
func TestConsoleRoles(t *testing.T) {
	srv, _, tok := authServer(t, false)
	for who, want := range map[string]int{"": 401, "viewer": 403, "researcher": 200} {
		resp, body := do(t, "GET", srv.URL+"/console", tok[who], nil, "")
		if resp.StatusCode != want {
			t.Errorf("%q: %d, want %d", who, resp.StatusCode, want)
		}
		if want == 200 && (!strings.Contains(body, "<code>attendance</code>") || !strings.Contains(body, "/api/exports/") ||
			!strings.Contains(body, `src="/assets/console.js"`)) {
			t.Errorf("console content: %.300s", body)
		}
	}
}

// In Chromium: a researcher signs in with the token, runs a query from the
// console, and its rows appear as a table (the JSON page of /api/sql, sent
// with the session's CSRF token), with no console error.
func TestConsoleInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: .ci/run must install it")
		}
		t.Skip("chromium not installed")
	}
	srv, _, tok := authServer(t, false)
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true)}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var errs []string
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == "error" {
				errs = append(errs, m.String())
			}
		}
	}()
	// Sign in as the form does (POST /accesso), then hand the session cookie
	// to the browser: a form submission's redirect races the next navigation.
	resp, _ := do(t, "POST", srv.URL+"/accesso", "", strings.NewReader(url.Values{"token": {tok["researcher"]}}.Encode()),
		"application/x-www-form-urlencoded")
	if len(resp.Cookies()) != 1 {
		t.Fatalf("sign-in: %d %v", resp.StatusCode, resp.Cookies())
	}
	ck := resp.Cookies()[0]
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/healthz")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: ck.Name, Value: ck.Value, URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/console?lang=it")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`button[value="json"]`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`#sql-result table tbody tr`)); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('sql-status').textContent`))
		t.Fatalf("no result table: %v (status: %s)", err, status)
	}
	head, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#sql-result th')).map(e => e.textContent).join(',')`))
	if err != nil || head != "type,riunioni" {
		t.Errorf("result header %q %v", head, err)
	}
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('sql-status').textContent`))
	if !strings.Contains(status, "righe") {
		t.Errorf("status %q", status)
	}
	for _, e := range errs {
		t.Errorf("console: %s", e)
	}
}
