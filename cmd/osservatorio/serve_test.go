package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that serve's logger and the test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// servingURL waits for serve's "serving" log line and returns its address.
func servingURL(t *testing.T, logs interface{ String() string }, exited <-chan int) string {
	t.Helper()
	re := regexp.MustCompile(`"?url"?[=:]"?(http://127\.0\.0\.1:[0-9]+)`)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-exited:
			t.Fatalf("serve exited with %d:\n%s", code, logs.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start:\n%s", logs.String())
	return ""
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return string(b)
}

// metric is the value of one series in a /metrics body (-1 when absent).
func metric(body, series string) float64 {
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

// dropInInbox writes a file into the inbox, backdated so the scan takes it.
func dropInInbox(t *testing.T, inbox, name, content string) {
	t.Helper()
	os.MkdirAll(inbox, 0o755)
	p := writeFile(t, inbox, name, content)
	old := time.Now().Add(-time.Minute)
	os.Chtimes(p, old, old)
}

// serve in this process, a file dropped into its inbox, and /metrics shows
// the load, its rows, the new data version, the refresh, the job run and the
// requests; cancelling the context shuts serve down cleanly.
// serveInProcess runs `osservatorio serve args...` in this process (so its
// metrics are this process's) and waits until it serves. stop ends it and
// checks that it exits cleanly within a minute.
func serveInProcess(t *testing.T, args ...string) (base string, logs *syncBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	logs = &syncBuffer{}
	exited := make(chan int, 1)
	go func() { exited <- run(ctx, append([]string{"serve"}, args...), io.Discard, logs) }()
	return servingURL(t, logs, exited), logs, func() {
		t.Helper()
		cancel()
		select {
		case code := <-exited:
			if code != exitOK {
				t.Errorf("serve exit %d\n%s", code, logs.String())
			}
		case <-time.After(60 * time.Second):
			t.Fatal("serve did not stop")
		}
	}
}

func TestServeMetricsAfterALoad(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "serve.duckdb")
	inbox := filepath.Join(dir, "inbox")
	cfg := writeFile(t, dir, "osservatorio.yaml", `inbox_schedule: "@every 1s"
backup_schedule: "off"
as_of: 2025-12-31
threads: 2
memory_limit: 1GB
`)
	base, logs, stop := serveInProcess(t, "--config", cfg, "--db", db, "--listen", "127.0.0.1:0", "--inbox", inbox, "--no-sample",
		"--log-format", "json")

	m0 := get(t, base+"/metrics")
	get(t, base+"/healthz")
	healthz0 := max(0, metric(m0, `osservatorio_http_request_duration_seconds_count{route="/healthz",status="200"}`))
	loaded0 := metric(m0, `osservatorio_loads_total{outcome="loaded"}`)
	rows0, rejected0 := metric(m0, "osservatorio_rows_loaded_total"), metric(m0, "osservatorio_rows_rejected_total")
	runs0 := metric(m0, `osservatorio_job_runs_total{job="inbox"}`)
	refresh0 := metric(m0, "osservatorio_indicator_refresh_duration_seconds_count")
	if loaded0 < 0 || rows0 < 0 || rejected0 < 0 || runs0 < 0 || refresh0 < 0 {
		t.Fatalf("series missing before the first load:\n%s", m0)
	}
	if v := metric(m0, "osservatorio_data_version"); v != 0 {
		t.Errorf("data version before any load = %v", v)
	}

	dropInInbox(t, inbox, "organisations.csv", "org_id,name,category\nM1,Comune di Prova,institutional\nM2,Altro,sconosciuta\nM3,Terzo,environmental\n")
	var m1 string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		m1 = get(t, base+"/metrics")
		// the run is counted once it ends, after the refresh it triggered
		if metric(m1, "osservatorio_data_version") == 1 && metric(m1, `osservatorio_job_runs_total{job="inbox"}`) > runs0 {
			break
		}
	}
	for series, want := range map[string]float64{
		`osservatorio_loads_total{outcome="loaded"}`:                                      loaded0 + 1,
		`osservatorio_loads_total{outcome="refused"}`:                                     metric(m0, `osservatorio_loads_total{outcome="refused"}`),
		"osservatorio_rows_loaded_total":                                                  rows0 + 2,
		"osservatorio_rows_rejected_total":                                                rejected0 + 1,
		"osservatorio_data_version":                                                       1,
		"osservatorio_indicator_refresh_duration_seconds_count":                           refresh0 + 1,
		`osservatorio_job_failures_total{job="inbox"}`:                                    0,
		`osservatorio_http_request_duration_seconds_count{route="/healthz",status="200"}`: healthz0 + 1,
	} {
		if got := metric(m1, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if got := metric(m1, `osservatorio_job_runs_total{job="inbox"}`); got < runs0+1 {
		t.Errorf("inbox runs = %v, want at least %v", got, runs0+1)
	}
	if got := metric(m1, `osservatorio_http_request_duration_seconds_count{route="/metrics",status="200"}`); got < 2 {
		t.Errorf("/metrics requests counted: %v", got)
	}

	stop()
	checkShutdown(t, logs.String(), db)
	// Each publication puts the published snapshot in memory: at the start
	// (data version 0) and after the load (1, with its two organisations).
	resident := map[float64]float64{}
	// --log-format json: every line is one JSON record with level and msg.
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["level"] == nil || rec["msg"] == nil {
			t.Errorf("not a JSON log record: %q", line)
		}
		if rec["msg"] == "published snapshot in memory" {
			dv, _ := rec["data_version"].(float64)
			resident[dv], _ = rec["organisations"].(float64)
		}
	}
	if resident[1] != 2 {
		t.Errorf("data version 1 not put in memory with its 2 organisations (held: %v)", resident)
	}
}
