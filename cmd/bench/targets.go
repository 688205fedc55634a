package main

import "fmt"

// target is one of the targets, evaluated on a run's figures.
type target struct {
	ID       string   `json:"id"`
	What     string   `json:"what"`
	Set      string   `json:"set"`
	Limit    string   `json:"limit"`
	Value    *float64 `json:"value"` // nil: not measured
	Unit     string   `json:"unit"`
	Met      *bool    `json:"met"` // nil: not measured, or not applicable
	Note     string   `json:"note,omitempty"`
	Source   string   `json:"source"`
	atLeast  bool
	limit    float64
	measured func(*setReport) (v float64, ok bool, note string, errs int)
}

// targets are the scale issue's targets, plus the exports' from the
// researchers issue (docs/BENCHMARKS.md).
func targets() []target {
	page := func(name string) func(*setReport) (float64, bool, string, int) {
		return func(s *setReport) (float64, bool, string, int) {
			if s.Pages == nil {
				return 0, false, "", 0
			}
			for _, c := range s.Pages.Cases {
				if c.Name == name {
					note := ""
					if c.Errors > 0 {
						note = fmt.Sprintf("%d errors in %d requests", c.Errors, c.Requests)
					}
					return c.P99ms, c.Requests > 0, note, c.Errors
				}
			}
			return 0, false, "", 0
		}
	}
	export := func(format string) func(*setReport) (float64, bool, string, int) {
		return func(s *setReport) (float64, bool, string, int) {
			if s.Exports == nil {
				return 0, false, "", 0
			}
			for _, f := range s.Exports.Formats {
				if f.Format == format && f.Error == "" && f.Ratio > 0 {
					return f.Ratio, true, "", 0
				}
			}
			return 0, false, "", 0
		}
	}
	const scale, research = "scale issue", "researchers issue (docs/BENCHMARKS.md)"
	return []target{
		{ID: "load_vs_read_csv", What: "loader ÷ DuckDB read_csv, rows/s (attendance)", Set: "1m", Limit: "≥ 0.8", Unit: "×",
			atLeast: true, limit: 0.8, Source: scale, measured: func(s *setReport) (float64, bool, string, int) {
				if s.Load == nil {
					return 0, false, "", 0
				}
				return s.Load.Ratio, true, "", 0
			}},
		{ID: "full_refresh", What: "full indicator refresh", Set: "10m", Limit: "< 15 s", Unit: "s", limit: 15, Source: scale,
			measured: func(s *setReport) (float64, bool, string, int) {
				if s.Refresh == nil {
					return 0, false, "", 0
				}
				return s.Refresh.Full.Seconds, true, "", 0
			}},
		{ID: "incremental_refresh", What: "refresh after one body's new month", Set: "10m", Limit: "< 2 s", Unit: "s", limit: 2, Source: scale,
			measured: func(s *setReport) (float64, bool, string, int) {
				if s.Refresh == nil {
					return 0, false, "", 0
				}
				if s.Refresh.Incremental == nil {
					return 0, false, s.Refresh.IncrementalNote, 0
				}
				return s.Refresh.Incremental.Seconds, true, "", 0
			}},
		{ID: "panoramica_uncached_p99", What: "Panoramica uncached, p99, 32 clients", Set: "10m", Limit: "< 150 ms", Unit: "ms",
			limit: 150, Source: scale, measured: page("panoramica_uncached")},
		{ID: "body_uncached_p99", What: "body page uncached, p99, 32 clients", Set: "10m", Limit: "< 150 ms", Unit: "ms",
			limit: 150, Source: scale, measured: page("body_uncached")},
		{ID: "panoramica_cached_p99", What: "Panoramica cached, p99, 32 clients", Set: "10m", Limit: "< 20 ms", Unit: "ms",
			limit: 20, Source: scale, measured: page("panoramica_cached")},
		{ID: "body_cached_p99", What: "body page cached, p99, 32 clients", Set: "10m", Limit: "< 20 ms", Unit: "ms",
			limit: 20, Source: scale, measured: page("body_cached")},
		{ID: "serve_peak_rss", What: "serve's peak RSS through an upload (load + refresh)", Set: "10m", Limit: "< 2 GB", Unit: "MB",
			limit: 2048, Source: scale, measured: func(s *setReport) (float64, bool, string, int) {
				if s.LoadRSS == nil {
					return 0, false, "", 0
				}
				note := ""
				if !s.LoadRSS.PeakReset {
					note = "the peak could not be reset: serve's whole life"
				}
				if s.LoadRSS.Error != "" {
					note = join(note, "the upload failed: "+s.LoadRSS.Error)
				}
				return max(s.LoadRSS.PeakRSSMB, s.LoadRSS.SampledPeakMB), true, note, 0
			}},
		{ID: "export_csv", What: "CSV export over HTTP ÷ DuckDB COPY, rows/s", Set: "10m", Limit: "≥ 0.8", Unit: "×",
			atLeast: true, limit: 0.8, Source: research, measured: export("csv")},
		{ID: "export_parquet", What: "Parquet export over HTTP ÷ DuckDB COPY, rows/s", Set: "10m", Limit: "≥ 0.8", Unit: "×",
			atLeast: true, limit: 0.8, Source: research, measured: export("parquet")},
	}
}

// evaluate fills each target's value and verdict from the set it names.
func evaluate(sets []*setReport) []target {
	ts := targets()
	for i := range ts {
		t := &ts[i]
		var s *setReport
		for _, x := range sets {
			if x.Name == t.Set {
				s = x
			}
		}
		if s == nil {
			t.Note = "the " + setByName(t.Set).Label + " set was not run"
			continue
		}
		v, ok, note, errs := t.measured(s)
		t.Note = note
		if !ok {
			if t.Note == "" {
				t.Note = "not measured"
			}
			continue
		}
		met := v < t.limit
		if t.atLeast {
			met = v >= t.limit
		}
		met = met && errs == 0
		t.Value, t.Met = &v, &met
	}
	return ts
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
