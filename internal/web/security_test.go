package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"osservatorio/internal/web"
)

// Pages carry no inline script, so the Content-Security-Policy forbids
// them; every answer has the security headers.
func TestSecurityHeadersAndNoInlineScript(t *testing.T) {
	srv, _ := sampleServer(t)
	for _, p := range []string{"/cruscotti/rete", "/confronta", "/organismi/LPP", "/dati", "/api/indicators", "/nope"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-ID") == "" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
	_, page := get(t, srv.URL+"/cruscotti/rete")
	scripts := regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1)
	if len(scripts) < 3 {
		t.Fatalf("scripts: %v", scripts)
	}
	for _, s := range scripts {
		if !strings.Contains(s, `src="/assets/`) {
			t.Errorf("inline script on the page: %s", s)
		}
	}
	if !strings.Contains(page, `data-option="{`) {
		t.Error("charts carry no JSON option")
	}
}

// A client past its rate gets 429 with Retry-After on downloads and the API,
// and on pages not in the cache; cached pages stay free.
func TestRateLimit(t *testing.T) {
	_, st := sampleServer(t)
	o := web.IndicatorOptions()
	o.RatePerSecond, o.RateBurst = 0.01, 3
	h, err := web.New(st, testLog(), o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	codes := []int{}
	for i := 0; i < 4; i++ {
		code, _ := get(t, srv.URL+"/api/indicators/values?id=P01")
		codes = append(codes, code)
	}
	if codes[0] != 200 || codes[2] != 200 || codes[3] != http.StatusTooManyRequests {
		t.Fatalf("codes %v, want 200 ×3 then 429", codes)
	}
	resp, err := http.Get(srv.URL + "/csv/panoramica/presenza")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("CSV past the limit: %d %v", resp.StatusCode, resp.Header)
	}
	if code, _ := get(t, srv.URL+"/cruscotti/panoramica?year=2022"); code != http.StatusTooManyRequests {
		t.Errorf("uncached page past the limit: %d", code)
	}
	// Paging: a page of values with a link to the next.
	_, st2 := sampleServer(t)
	o2 := web.IndicatorOptions()
	o2.RatePerSecond = -1
	h2, _ := web.New(st2, testLog(), o2)
	srv2 := httptest.NewServer(h2)
	defer srv2.Close()
	resp, err = http.Get(srv2.URL + "/api/indicators/values?limit=10")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if link := resp.Header.Get("Link"); !strings.Contains(link, "offset=10") || !strings.Contains(link, `rel="next"`) {
		t.Errorf("no next page link: %q", link)
	}
	if code, _ := get(t, srv2.URL+"/api/indicators/values?limit=100000"); code != http.StatusBadRequest {
		t.Errorf("a page over the maximum: %d", code)
	}
}
