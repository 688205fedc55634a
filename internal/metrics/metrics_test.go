package metrics

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// requests is how many requests the latency histogram holds for a route
// and status (deltas keep the tests right under -count=N).
func requests(t *testing.T, route, status string) uint64 {
	t.Helper()
	families, err := Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "osservatorio_http_request_duration_seconds" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["route"] == route && labels["status"] == status {
				return m.GetHistogram().GetSampleCount()
			}
		}
	}
	return 0
}

func TestMiddlewareLabelsByRoutePattern(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(GinMiddleware(), gin.CustomRecoveryWithWriter(io.Discard, func(c *gin.Context, _ any) {
		c.AbortWithStatus(http.StatusInternalServerError)
	}))
	r.GET("/organismi/:id", func(c *gin.Context) { c.String(http.StatusOK, c.Param("id")) })
	r.GET("/boom", func(*gin.Context) { panic("boom") })
	r.GET("/metrics", gin.WrapH(Handler()))
	ids, unmatched, boom := requests(t, "/organismi/:id", "200"), requests(t, "unmatched", "404"), requests(t, "/boom", "500")
	for _, p := range []string{"/organismi/1", "/organismi/2", "/organismi/3", "/wp-login.php", "/.env", "/boom"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	if got := requests(t, "/organismi/:id", "200") - ids; got != 3 {
		t.Errorf("/organismi/:id 200: %d requests, want 3", got)
	}
	if got := requests(t, "unmatched", "404") - unmatched; got != 2 {
		t.Errorf("unmatched 404: %d requests, want 2", got)
	}
	if got := requests(t, "/boom", "500") - boom; got != 1 {
		t.Errorf("a panic: %d requests with status 500, want 1 (the middleware must see recovery's status)", got)
	}

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{`osservatorio_http_request_duration_seconds_count{route="/organismi/:id",status="200"}`,
		"go_goroutines", "process_resident_memory_bytes"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, `route="/organismi/1"`) || strings.Contains(body, `route="/.env"`) {
		t.Error("a path became a label value")
	}
}

func TestCountersAndZeroSeries(t *testing.T) {
	// Series exist before any event, so rates and alerts work from the start.
	for _, family := range []string{`osservatorio_loads_total{outcome="refused"}`, `osservatorio_page_cache_lookups_total{result="hit"}`,
		`osservatorio_page_renders_waiting 0`} {
		rec := httptest.NewRecorder()
		Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		if !strings.Contains(rec.Body.String(), family) {
			t.Errorf("/metrics lacks %s", family)
		}
	}
	type reading struct {
		name string
		read func() float64
		want float64 // change
	}
	readings := []reading{
		{"loaded", func() float64 { return testutil.ToFloat64(loads.WithLabelValues("loaded")) }, 1},
		{"refused", func() float64 { return testutil.ToFloat64(loads.WithLabelValues("refused")) }, 1},
		{"rows loaded", func() float64 { return testutil.ToFloat64(rowsLoaded) }, 10},
		{"rows rejected", func() float64 { return testutil.ToFloat64(rowsRejected) }, 2},
		{"backup runs", func() float64 { return testutil.ToFloat64(jobRuns.WithLabelValues("backup")) }, 2},
		{"backup failures", func() float64 { return testutil.ToFloat64(jobFailures.WithLabelValues("backup")) }, 1},
		{"inbox runs", func() float64 { return testutil.ToFloat64(jobRuns.WithLabelValues("inbox")) }, 0},
		{"cache hits", func() float64 { return testutil.ToFloat64(pageCache.WithLabelValues("hit")) }, 1},
		{"cache misses", func() float64 { return testutil.ToFloat64(pageCache.WithLabelValues("miss")) }, 2},
		{"renders waiting", func() float64 { return testutil.ToFloat64(rendersWaiting) }, 1},
	}
	before := make([]float64, len(readings))
	for i, r := range readings {
		before[i] = r.read()
	}
	Load("loaded", 10, 2)
	Load("refused", 0, 0)
	Job("backup")
	JobRun("backup", nil)
	JobRun("backup", errors.New("disk full"))
	Job("inbox")
	PageCache(true)
	PageCache(false)
	PageCache(false)
	RendersWaiting(1)
	RendersWaiting(1)
	RendersWaiting(-1)
	DataVersion(7)
	for i, r := range readings {
		if got := r.read() - before[i]; got != r.want {
			t.Errorf("%s went up by %v, want %v", r.name, got, r.want)
		}
	}
	if got := testutil.ToFloat64(dataVersion); got != 7 {
		t.Errorf("data version %v", got)
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `osservatorio_job_failures_total{job="inbox"} 0`) {
		t.Error("a scheduled job's failures are not exposed at zero")
	}
}
