package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPagesInChromium loads every page of every dashboard in headless
// Chromium: every chart instance must exist, the console must stay clean and
// no request may leave the server. Screenshots go to $OSSERVATORIO_SCREENSHOTS
// (default: screenshots/ at the repository root).
func TestPagesInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: .ci/run must install it")
		}
		t.Skip("chromium not installed (apt-get install chromium)")
	}
	srv, st := sampleServer(t)
	var body, org string
	st.DB().QueryRow("SELECT body_id FROM bodies ORDER BY body_id LIMIT 1").Scan(&body)
	st.DB().QueryRow("SELECT org_id FROM contributions GROUP BY org_id ORDER BY count(*) DESC, org_id LIMIT 1").Scan(&org)
	pages := []string{
		"/cruscotti/panoramica", "/cruscotti/composizione", "/cruscotti/partecipazione", "/cruscotti/qualita",
		"/cruscotti/rete", "/cruscotti/parita", "/organismi", "/organismi/" + body, "/organizzazioni/" + org,
		"/confronta?a=all&pa=2023&b=all&pb=2024", "/dati", "/cruscotti/panoramica?lang=en&year=2023",
		"/cruscotti/composizione?body_type=workshop",
	}
	shots := os.Getenv("OSSERVATORIO_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join("..", "..", "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1366, 900)}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}

	for i, p := range pages {
		t.Run(strings.Trim(strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "-").Replace(p), "_"), func(t *testing.T) {
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
			ctx, cancelT := context.WithTimeout(tab, 60*time.Second)
			defer cancelT()
			resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.URL+p))
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != 200 {
				t.Fatalf("HTTP %d", resp.Status)
			}
			if err := chromedp.Do(ctx, chromedp.WaitReady("footer")); err != nil {
				t.Fatal(err)
			}
			// Let the charts draw (animation is off) and the force layout settle a little.
			time.Sleep(700 * time.Millisecond)
			charts, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](
				`Array.from(document.querySelectorAll('.chart .item')).map(el => !!echarts.getInstanceByDom(el))`))
			if err != nil {
				t.Fatal(err)
			}
			want, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.chart').length`))
			if err != nil {
				t.Fatal(err)
			}
			if len(charts) != want {
				t.Errorf("%d chart containers, %d chart elements", want, len(charts))
			}
			for j, ok := range charts {
				if !ok {
					t.Errorf("chart %d has no echarts instance", j)
				}
			}
			urls, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
				`[location.href].concat(performance.getEntriesByType('resource').map(e => e.name))`))
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range urls {
				if !strings.HasPrefix(u, srv.URL) && !strings.HasPrefix(u, "data:") {
					t.Errorf("request left the server: %s", u)
				}
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(shots, fmt.Sprintf("%02d-%s.png", i+1, strings.Trim(strings.NewReplacer("/", "-", "?", "-", "&", "-", "=", "-").Replace(p), "-")))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, m := range console {
				t.Errorf("console: %s", m)
			}
			t.Logf("%s: %d charts, %d requests, screenshot %s", p, len(charts), len(urls), name)
		})
	}
}
