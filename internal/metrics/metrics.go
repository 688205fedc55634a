// Package metrics holds the service's Prometheus collectors and the registry
// /metrics serves. Callers record where things happen (the scheduler counts
// its runs, serve times the refresh); this package only names and keeps the
// numbers. Labels take values from small fixed sets (outcomes, job names from
// the configuration, gin's route patterns) so the series stay few.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "osservatorio"

// Registry holds every collector of the service, and the Go runtime's and
// the process's. It is not the client library's global registry, so nothing
// a dependency registers there leaks into /metrics.
var Registry = prometheus.NewRegistry()

var (
	loads = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "loads_total",
		Help: "Files offered to the loader, by outcome: loaded, refused (whole file), unchanged (already loaded)."},
		[]string{"outcome"})
	rowsLoaded = prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: "rows_loaded_total",
		Help: "Rows stored by loads."})
	rowsRejected = prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: "rows_rejected_total",
		Help: "Rows rejected by loads (kept in the rejects table with their reason)."})
	dataVersion = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "data_version",
		Help: "The data version the published indicators were computed from."})
	refreshSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace,
		Name: "indicator_refresh_duration_seconds", Help: "Time to compute the indicators of a new data version.",
		Buckets: prometheus.ExponentialBuckets(0.25, 2, 12)}) // 0.25 s … 8.5 min
	httpSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace,
		Name: "http_request_duration_seconds", Help: "HTTP request latency by route pattern and status.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"route", "status"})
	jobRuns = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "job_runs_total",
		Help: "Runs of scheduled jobs (inbox, source:<name>, backup)."}, []string{"job"})
	jobFailures = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "job_failures_total",
		Help: "Runs of scheduled jobs that failed."}, []string{"job"})
	pageCache = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "page_cache_lookups_total",
		Help: "Rendered-page cache lookups, by result: hit or miss."}, []string{"result"})
	rendersWaiting = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "page_renders_waiting",
		Help: "Uncached page renders waiting for a render slot (2 per core): a queue that stays long means too many readers for the machine."})
)

// Load outcomes and cache results, created at zero so that rates and alerts
// work before the first event.
var (
	loadOutcomes = []string{"loaded", "refused", "unchanged"}
	cacheResults = []string{"hit", "miss"}
)

func init() {
	Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		loads, rowsLoaded, rowsRejected, dataVersion, refreshSeconds, httpSeconds, jobRuns, jobFailures, pageCache,
		rendersWaiting)
	for _, o := range loadOutcomes {
		loads.WithLabelValues(o)
	}
	for _, r := range cacheResults {
		pageCache.WithLabelValues(r)
	}
}

// Load counts one file's load: its outcome and its rows.
func Load(outcome string, loaded, rejected int64) {
	loads.WithLabelValues(outcome).Inc()
	rowsLoaded.Add(float64(loaded))
	rowsRejected.Add(float64(rejected))
}

// DataVersion sets the data version being served.
func DataVersion(v int64) { dataVersion.Set(float64(v)) }

// Refresh records the duration of one indicator refresh that computed.
func Refresh(d time.Duration) { refreshSeconds.Observe(d.Seconds()) }

// Job makes a job's series exist at zero (called when it is scheduled).
func Job(name string) {
	jobRuns.WithLabelValues(name)
	jobFailures.WithLabelValues(name)
}

// JobRun counts one run of a job, and a failure when err is not nil.
func JobRun(name string, err error) {
	jobRuns.WithLabelValues(name).Inc()
	if err != nil {
		jobFailures.WithLabelValues(name).Inc()
	}
}

// PageCache counts one lookup in the rendered-page cache.
func PageCache(hit bool) {
	if hit {
		pageCache.WithLabelValues("hit").Inc()
		return
	}
	pageCache.WithLabelValues("miss").Inc()
}

// RendersWaiting adds delta to the renders waiting for a slot: +1 when one
// starts waiting, -1 when it is admitted or its client leaves.
func RendersWaiting(delta int) { rendersWaiting.Add(float64(delta)) }

// Handler serves the registry in the Prometheus text format.
func Handler() http.Handler {
	return promhttp.HandlerFor(Registry, promhttp.HandlerOpts{Registry: Registry})
}
