package main

import (
	"strings"
	"testing"
	"time"
)

func TestHelpMentionsFull(t *testing.T) {
	for help, want := range map[string]bool{
		"Flags:\n  -as-of string\n  -full\n    \trecompute everything\n": true,
		"Usage: osservatorio indicators [--full] [--as-of D]\n":          true,
		"Flags:\n  -as-of string\n  -format string\n":                    false,
		"  -fuller\n":         false,
		"recompute in full\n": false,
	} {
		if got := helpMentionsFull(help); got != want {
			t.Errorf("helpMentionsFull(%q) = %v, want %v", help, got, want)
		}
	}
}

func TestSplitList(t *testing.T) {
	got, err := splitList(" 10M, 1m,1m ", setNames())
	if err != nil || strings.Join(got, ",") != "10m,1m" {
		t.Errorf("splitList = %v, %v", got, err)
	}
	if _, err := splitList("1m,2m", setNames()); err == nil {
		t.Error("an unknown set was accepted")
	}
	if _, err := splitList(" , ", sections); err == nil {
		t.Error("an empty list was accepted")
	}
}

func TestParseStatus(t *testing.T) {
	m := parseStatus("Name:\tosservatorio\nVmHWM:\t  116156 kB\nVmRSS:\t   98000 kB\n")
	if m.HWMKB != 116156 || m.RSSKB != 98000 {
		t.Errorf("parseStatus = %+v", m)
	}
}

// The targets read the set they name; an unmeasured figure has no verdict,
// a page case with errors is not met.
func TestEvaluate(t *testing.T) {
	one := &setReport{Name: "1m", Label: "1 M", Load: &loadFigs{Ratio: 0.62}}
	ten := &setReport{Name: "10m", Label: "10 M",
		Refresh: &refreshFigs{Full: procFig{Seconds: 12}, IncrementalNote: noIncremental},
		Pages: &pageFigs{Cases: []pageCase{
			{Name: "panoramica_cached", Requests: 100, P99ms: 4},
			{Name: "body_cached", Requests: 100, P99ms: 3, Errors: 2},
		}}}
	byID := map[string]target{}
	for _, tg := range evaluate([]*setReport{one, ten}) {
		byID[tg.ID] = tg
	}
	check := func(id string, met *bool) {
		t.Helper()
		got := byID[id].Met
		if (got == nil) != (met == nil) || got != nil && *got != *met {
			t.Errorf("%s: met = %v, want %v (%+v)", id, got, met, byID[id])
		}
	}
	yes, no := true, false
	check("load_vs_read_csv", &no)
	check("full_refresh", &yes)
	check("incremental_refresh", nil)
	check("panoramica_cached_p99", &yes)
	check("body_cached_p99", &no)
	check("panoramica_uncached_p99", nil)
	check("serve_peak_rss", nil)
	if byID["incremental_refresh"].Note != noIncremental {
		t.Errorf("incremental note %q", byID["incremental_refresh"].Note)
	}
	// Only the 1 M set: every 10 M target says the set was not run.
	for _, tg := range evaluate([]*setReport{one}) {
		if tg.Set == "10m" && (tg.Met != nil || !strings.Contains(tg.Note, "not run")) {
			t.Errorf("%s: %+v", tg.ID, tg)
		}
	}
}

// The Markdown section renders every figure of a full report and tolerates
// sections that did not run.
func TestMarkdown(t *testing.T) {
	inc := procFig{Seconds: 1.5, PeakRSSMB: 900}
	full := &setReport{Name: "10m", Label: "10 M", Rows: map[string]int64{"attendance": 10225768}, Cache: "cached",
		FullLoad: &procFig{Seconds: 60, PeakRSSMB: 1200},
		Load:     &loadFigs{Rows: 10225768, Loader: loadTiming{Seconds: 20, RowsPerSecond: 511288}, ReadCSV: loadTiming{Seconds: 10}, Ratio: 0.5},
		Refresh: &refreshFigs{FullFlag: true, Full: procFig{Seconds: 30}, Incremental: &inc,
			NewMonth: monthFiles{Body: "B07330", Month: "2026-01", Attendance: 40}},
		Exports: &exportFigs{Rows: 10, Formats: []exportFig{{Format: "csv", Ratio: 0.99}, {Format: "parquet", Error: "boom"}}},
		Serve:   &serveFigs{RSSStartMB: 150, PeakRSSMB: 1500},
		Pages: &pageFigs{Note: "n", Cases: []pageCase{{Name: "panoramica_cached", Cached: true, PerSecond: 5000, P50ms: 4, P99ms: 30},
			{Name: "body_uncached", PerSecond: 3.2, P99ms: 2500, Errors: 1, Statuses: map[string]int{"200": 9, "500": 1}}}},
		LoadRSS: &serveLoadFigs{Seconds: 40, PeakRSSMB: 1800, PeakReset: true},
		Errors:  []string{"serve stop: a | b"}}
	bare := &setReport{Name: "1m", Label: "1 M", Rows: map[string]int64{}}
	r := &report{Date: time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC), Sets: []*setReport{bare, full}}
	r.Targets = evaluate(r.Sets)
	md := markdown(r)
	for _, want := range []string{"| figure | 1 M | 10 M |", "10,225,768", "B07330 2026-01, 40 rows", "1.50 s (900 MB)",
		"HTTP failed: boom", "5,000/s, 4.00 ms, 30 ms, 0", "500 × 1", "**1.76 GB**", `a \| b`, "| full indicator refresh | 10 M | < 15 s | 30.00 s | **no** |"} {
		if !strings.Contains(md, want) {
			t.Errorf("the section lacks %q:\n%s", want, md)
		}
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| figure") || strings.HasPrefix(line, "| attendance") {
			if n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); n != 4 {
				t.Errorf("row with %d pipes: %s", n, line)
			}
		}
	}
}

func TestFormats(t *testing.T) {
	for got, want := range map[string]string{
		fmtInt(1020910): "1,020,910", fmtInt(999): "999", fmtInt(-1234): "-1,234",
		fmtSeconds(0.25): "250 ms", fmtSeconds(1.234): "1.23 s", fmtSeconds(165.4): "165 s",
		fmtMB(350): "350 MB", fmtMB(2048): "2.00 GB", fmtRate(1.1e6): "1.10 M rows/s", fmtRate(550e3): "550 K rows/s",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
