package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"osservatorio/internal/evidence"
	"osservatorio/internal/indicator"
	"osservatorio/internal/web"
)

// TestEvidenceInChromium: a frozen pack of the sample data, its pages on the
// site (checked like every other page), and its offline report opened from
// the ZIP in a browser whose network goes nowhere: every chart drawn, no
// request but the file itself.
func TestEvidenceInChromium(t *testing.T) {
	chromium := chromiumPath(t)
	ctx := context.Background()
	srv, st := sampleServer(t)
	snap, err := indicator.Published(ctx, st.DB())
	if err != nil {
		t.Fatal(err)
	}
	id, err := evidence.Create(ctx, st, evidence.Meta{Title: "Partecipazione e preavviso", Authors: []string{"LRI 1"}}, snap)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.AddIndicators(ctx, st, id, []string{"P01", "Q01", "E01"}, []string{"all", "body:LPP"}, []string{"2024", "all"}); err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.Freeze(ctx, st, id, web.EvidenceEnv("")); err != nil {
		t.Fatal(err)
	}

	shots := os.Getenv("OSSERVATORIO_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join("..", "..", "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	// Requests to any host go to a closed port: the report must need none.
	bctx := browser(t, chromium, chromedp.Flag("proxy-server", "http://127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "<-loopback>;127.0.0.1"))

	orgs := orgIDs(t, st)
	for _, path := range []string{"/evidenze", "/evidenze/" + id} {
		for _, lg := range []string{"it", "en"} {
			checkPage(t, bctx, srv.URL, browserPage{path: path}, lg, url.Values{}, shots, orgs)
		}
	}

	data, err := evidence.ZIP(ctx, st.DB(), id)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".html") {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(f.Name)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, name := range []string{"report.html", "report.en.html"} {
		tab, cancel := chromedp.NewContext(bctx)
		tctx, cancelT := context.WithTimeout(tab, 60*time.Second)
		addr := "file://" + filepath.Join(dir, name)
		if _, err := chromedp.Run(tctx, chromedp.NavigateResponse(addr)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		type report struct {
			Charts, Drawn int
			Requests      []string
		}
		r, err := chromedp.Run(tctx, chromedp.Evaluate[report](`({
			Charts: document.querySelectorAll(".chart[data-option]").length,
			Drawn: document.querySelectorAll(".chart[data-drawn='true'] .item svg path").length > 0 ?
				[...document.querySelectorAll(".chart[data-option]")].filter(c => c.querySelector(".item svg path")).length : 0,
			Requests: performance.getEntriesByType("resource").map(e => e.name),
		})`))
		if err != nil {
			t.Fatal(err)
		}
		// 12 items; each indicator and scope has yearly values to draw.
		if r.Charts != 12 || r.Drawn != r.Charts {
			t.Errorf("%s: %d charts, %d drawn", name, r.Charts, r.Drawn)
		}
		for _, u := range r.Requests {
			if !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") {
				t.Errorf("%s: the offline report asked for %s", name, u)
			}
		}
		png, err := chromedp.Run(tctx, chromedp.FullScreenshot(90))
		if err == nil {
			os.WriteFile(filepath.Join(shots, "evidence-"+strings.TrimSuffix(name, ".html")+".png"), png, 0o644)
		}
		cancelT()
		cancel()
	}
}
