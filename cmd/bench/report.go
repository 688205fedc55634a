package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// report is bench.json: the machine, the code, every figure of every set,
// and the targets with whether they were met.
type report struct {
	Date     time.Time    `json:"date"`
	Git      gitInfo      `json:"git"`
	Machine  machineInfo  `json:"machine"`
	Options  reportOpts   `json:"options"`
	Sets     []*setReport `json:"sets"`
	Targets  []target     `json:"targets"`
	Seconds  float64      `json:"seconds"` // the whole run
	Failures []string     `json:"failures,omitempty"`
}

type reportOpts struct {
	Sets     []string `json:"sets"`
	Only     []string `json:"only"`
	Duration string   `json:"page_duration"`
	Clients  int      `json:"page_clients"`
	AsOf     string   `json:"as_of"`
	Memory   string   `json:"serve_memory_limit"`
	GoMemory string   `json:"serve_go_memory_limit"`
}

// setReport holds one data set's figures; a section not run stays nil.
type setReport struct {
	Name     string           `json:"name"`
	Label    string           `json:"label"`
	Gen      genParams        `json:"generator"`
	Rows     map[string]int64 `json:"rows"`
	Cache    string           `json:"cache"` // "reused" or "generated in N s"
	FullLoad *procFig         `json:"full_load,omitempty"`
	Load     *loadFigs        `json:"load,omitempty"`
	Refresh  *refreshFigs     `json:"refresh,omitempty"`
	Exports  *exportFigs      `json:"exports,omitempty"`
	Serve    *serveFigs       `json:"serve,omitempty"`
	Pages    *pageFigs        `json:"pages,omitempty"`
	LoadRSS  *serveLoadFigs   `json:"serve_load_refresh,omitempty"`
	Errors   []string         `json:"errors,omitempty"`
}

// loadFigs: the attendance file loaded by osservatorio load, beside DuckDB's
// read_csv of it, each into a database holding the same dimensions.
type loadFigs struct {
	Rows        int64      `json:"rows"`
	Loader      loadTiming `json:"loader"`
	ReadCSV     loadTiming `json:"read_csv"`
	Ratio       float64    `json:"ratio"`         // loader rows/s ÷ read_csv rows/s, the work alone
	ProcessRate float64    `json:"process_ratio"` // the same over the whole processes
	Rejected    int64      `json:"rejected"`
	DuckDB      string     `json:"duckdb,omitempty"`
}

type loadTiming struct {
	Seconds        float64 `json:"seconds"` // the load (or INSERT) itself, commit included
	RowsPerSecond  float64 `json:"rows_per_second"`
	ProcessSeconds float64 `json:"process_seconds"` // the whole process: open, load, close
	PeakRSSMB      float64 `json:"peak_rss_mb"`
}

// refreshFigs: a full refresh, then one body's new month loaded and the
// refresh after it.
type refreshFigs struct {
	FullFlag        bool       `json:"full_flag"` // indicators has --full (incremental refresh exists)
	Full            procFig    `json:"full"`
	NewMonth        monthFiles `json:"new_month"`
	NewMonthLoad    procFig    `json:"new_month_load"`
	Incremental     *procFig   `json:"incremental,omitempty"` // nil: no incremental refresh in this build
	IncrementalNote string     `json:"incremental_note,omitempty"`
	After           procFig    `json:"refresh_after_new_month"` // what the refresh after the month took, whatever it did
}

// exportFigs: SELECT * FROM attendance through POST /api/sql beside DuckDB's
// COPY of it, per format.
type exportFigs struct {
	Rows    int64       `json:"rows"`
	Formats []exportFig `json:"formats"`
}

type exportFig struct {
	Format           string    `json:"format"`
	CopyRuns         []float64 `json:"copy_runs_seconds"` // every run; the figures below are the fastest's
	HTTPRuns         []float64 `json:"http_runs_seconds"`
	CopySeconds      float64   `json:"copy_seconds"`
	CopyRowsPerSec   float64   `json:"copy_rows_per_second"`
	CopyPeakRSSMB    float64   `json:"copy_process_peak_rss_mb"`
	CopyBytes        int64     `json:"copy_bytes"`
	HTTPSeconds      float64   `json:"http_seconds"`
	HTTPRowsPerSec   float64   `json:"http_rows_per_second"`
	HTTPBytes        int64     `json:"http_bytes"`
	Ratio            float64   `json:"ratio"` // HTTP rows/s ÷ COPY rows/s
	ServePeakGrowMB  float64   `json:"serve_peak_growth_mb"`
	ServeRSSBeforeMB float64   `json:"serve_rss_before_mb"`
	Error            string    `json:"error,omitempty"`
}

// serveFigs: the server's start and its memory over its life.
type serveFigs struct {
	StartSeconds float64 `json:"start_seconds"` // until /readyz answered
	RSSStartMB   float64 `json:"rss_at_start_mb"`
	PeakRSSMB    float64 `json:"peak_rss_mb"` // over its whole life (rusage at exit)
	StopSeconds  float64 `json:"stop_seconds"`
}

// pageFigs: the page cases, and the server's memory before and after them.
type pageFigs struct {
	Body   string     `json:"body"`
	Cases  []pageCase `json:"cases"`
	Before memFig     `json:"server_before"`
	After  memFig     `json:"server_after"`
	Note   string     `json:"note"`
}

type memFig struct {
	RSSMB float64 `json:"rss_mb"`
	HWMMB float64 `json:"hwm_mb"`
}

func memOf(m memStatus) memFig { return memFig{kbToMB(m.RSSKB), kbToMB(m.HWMKB)} }

type pageCase struct {
	Name      string         `json:"name"` // panoramica_cached, …
	Page      string         `json:"page"`
	Cached    bool           `json:"cached"`
	URL       string         `json:"url"` // the URL, or an example of the varied ones
	Clients   int            `json:"clients"`
	Requests  int            `json:"requests"`
	Errors    int            `json:"errors"`
	Statuses  map[string]int `json:"statuses"`
	Seconds   float64        `json:"seconds"` // until the last request ended
	PerSecond float64        `json:"requests_per_second"`
	P50ms     float64        `json:"p50_ms"`
	P90ms     float64        `json:"p90_ms"`
	P99ms     float64        `json:"p99_ms"`
	MaxMs     float64        `json:"max_ms"`
	URLs      int            `json:"distinct_urls,omitempty"` // uncached: the URLs available
	Repeats   int            `json:"repeated_urls,omitempty"` // uncached: requests beyond them (cache hits possible)
	Server    memFig         `json:"server_after"`
	FirstErr  string         `json:"first_error,omitempty"`
}

// serveLoadFigs: an upload through POST /api/loads, which serve loads and
// follows with its refresh; the server's peak memory through it.
type serveLoadFigs struct {
	NewMonth      monthFiles `json:"new_month"`
	Seconds       float64    `json:"seconds"` // the request: load and refresh
	RSSBeforeMB   float64    `json:"rss_before_mb"`
	PeakRSSMB     float64    `json:"peak_rss_mb"` // VmHWM after it, reset before it
	SampledPeakMB float64    `json:"sampled_peak_mb"`
	PeakReset     bool       `json:"peak_reset"` // false: the peak is the server's whole life
	DataVersion   int64      `json:"data_version"`
	Error         string     `json:"error,omitempty"` // the upload's answer was not a 200
}

func writeReport(path string, r *report) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func readReport(path string) (*report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := &report{}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
