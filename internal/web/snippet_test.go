package web

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-echarts/go-echarts/v2/render"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

// snippet gives what go-echarts' RenderSnippet gives, but for the blank
// lines at their ends, for the chart of every panel of every dashboard on
// the sample (each kind of chart, with and without a year).
func TestSnippetAsGoEcharts(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "snippet.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, err := ingest.Expand([]string{"../../data/sample"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(ctx, st, files, ingest.Options{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := indicator.Refresh(ctx, st, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), indicator.Options{}); err != nil {
		t.Fatal(err)
	}
	snap, err := indicator.Published(ctx, st.DB())
	if err != nil {
		t.Fatal(err)
	}
	var body, org string
	st.DB().QueryRow("SELECT min(body_id) FROM bodies").Scan(&body)
	st.DB().QueryRow("SELECT min(org_id) FROM organisations").Scan(&org)
	ds, err := dashboard.All()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, d := range ds {
		for _, year := range []string{"", "2024"} {
			f := dashboard.Filters{Year: year, Body: map[bool]string{true: body}[d.Scoped == "body"],
				Org: map[bool]string{true: org}[d.Scoped == "org"]}
			for i, p := range d.Panels {
				tb, err := dashboard.PanelData(ctx, st.DB(), p, f, snap, "it")
				if err != nil {
					t.Fatal(err)
				}
				id := fmt.Sprintf("c_%s_%d", p.ID, i)
				fast, _, ok := buildChart(p, tb, "it", id, p.ID)
				if !ok {
					continue
				}
				lib, _, _ := buildChart(p, tb, "it", id, p.ID)
				want := lib.RenderSnippet()
				got := snippet(fast)
				// go-echarts ends both with blank lines of its templates.
				trim := strings.TrimSpace
				if got.Element != trim(want.Element) || got.Option != trim(want.Option) {
					t.Errorf("%s/%s year %q (%s):\nelement %q\nwant    %q\noption …%q\nwant   …%q",
						d.ID, p.ID, year, p.Chart, got.Element, want.Element, tail(got.Option, want.Option), tail(want.Option, got.Option))
				}
				kinds[p.Chart]++
			}
		}
	}
	for _, k := range []string{"line", "bar", "stacked", "hbar", "map", "graph", "heatmap", "lorenz"} {
		if kinds[k] == 0 {
			t.Errorf("no %s chart compared (compared: %v)", k, kinds)
		}
	}
}

// tail is a from where it differs from b.
func tail(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-20):]
}

// A renderer that is not a go-echarts chart is rendered by its own
// RenderSnippet.
func TestSnippetOtherRenderer(t *testing.T) {
	got := snippet(ownRenderer{})
	if got.Element != "<div>own</div>" || got.Option != "{}" {
		t.Fatalf("snippet = %+v", got)
	}
}

type ownRenderer struct{}

func (ownRenderer) Render(io.Writer) error { return nil }
func (ownRenderer) RenderContent() []byte  { return nil }
func (ownRenderer) RenderSnippet() render.ChartSnippet {
	return render.ChartSnippet{Element: "<div>own</div>", Option: "{}"}
}
