package main

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// markdown is the bench section of docs/BENCHMARKS.md: when and where the
// run was made, the targets, and every figure per set.
func markdown(r *report) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	commit := r.Git.Commit
	if len(commit) > 12 {
		commit = commit[:12]
	}
	dirty := ""
	if r.Git.Dirty {
		dirty = " with uncommitted changes"
	}
	var labels []string
	for _, s := range r.Sets {
		labels = append(labels, s.Label)
	}
	w("Last run: %s, commit `%s`%s (branch `%s`), sets %s, sections %s; %s, %d cores, %.1f GiB, Linux %s; "+
		"load average %s at the start, %s at the end; the run took %s. Every figure is also in `bench.json`.\n\n",
		r.Date.UTC().Format("2006-01-02 15:04 UTC"), commit, dirty, r.Git.Branch, strings.Join(labels, " and "),
		strings.Join(r.Options.Only, ", "), r.Machine.CPU, r.Machine.Cores, r.Machine.MemoryGiB, r.Machine.Kernel,
		r.Machine.LoadAvgStart, r.Machine.LoadAvgEnd, fmtSeconds(r.Seconds))

	w("| target | set | limit | measured | met |\n|---|---|---|---|---|\n")
	for _, t := range r.Targets {
		measured := "–"
		switch {
		case t.Value != nil && t.Note != "":
			measured = fmtValue(*t.Value, t.Unit) + " (" + t.Note + ")"
		case t.Value != nil:
			measured = fmtValue(*t.Value, t.Unit)
		case t.Note != "":
			measured = t.Note
		}
		w("| %s | %s | %s | %s | %s |\n", t.What, setByName(t.Set).Label, t.Limit, measured, verdict(t.Met))
	}
	w("\n")

	w("| figure |")
	for _, s := range r.Sets {
		w(" %s |", s.Label)
	}
	w("\n|---|")
	for range r.Sets {
		w("---|")
	}
	w("\n")
	for _, row := range figureRows(r.Sets) {
		w("| %s |", row.name)
		for _, c := range row.cells {
			w(" %s |", c)
		}
		w("\n")
	}
	for _, s := range r.Sets {
		for _, e := range s.Errors {
			w("\n%s: **failed**: %s\n", s.Label, mdEscape(e))
		}
	}
	if len(r.Sets) > 0 && r.Sets[0].Pages != nil {
		w("\nPages: %d clients for %s per case, plain net/http on loopback, a second process; %s. "+
			"serve runs with `memory_limit: %s` and `go_memory_limit: %s`.\n",
			r.Options.Clients, r.Options.Duration, r.Sets[0].Pages.Note, cmp.Or(r.Options.Memory, "4GB"), cmp.Or(r.Options.GoMemory, "none"))
	}
	return b.String()
}

type figRow struct {
	name  string
	cells []string
}

// figureRows are the table's rows: one per figure, a cell per set ("–" where
// the set has no such figure).
func figureRows(sets []*setReport) []figRow {
	type getter func(*setReport) string
	rows := []struct {
		name string
		get  getter
	}{
		{"attendance rows (generator `--orgs`/`--bodies`)", func(s *setReport) string {
			return fmt.Sprintf("%s (%d / %d)", fmtInt(s.Rows["attendance"]), s.Gen.Orgs, s.Gen.Bodies)
		}},
		{"data set", func(s *setReport) string { return s.Cache }},
		{"`osservatorio load` of the whole set (processes, peak RSS)", func(s *setReport) string {
			if s.FullLoad == nil {
				return "–"
			}
			return fmtSeconds(s.FullLoad.Seconds) + ", " + fmtMB(s.FullLoad.PeakRSSMB)
		}},
		{"attendance: `osservatorio load` (load; process; peak RSS)", func(s *setReport) string {
			if s.Load == nil {
				return "–"
			}
			return loadCell(s.Load.Loader)
		}},
		{"attendance: DuckDB `read_csv` INSERT (statement; process; peak RSS)", func(s *setReport) string {
			if s.Load == nil {
				return "–"
			}
			return loadCell(s.Load.ReadCSV)
		}},
		{"loader ÷ `read_csv` (rows/s; whole processes)", func(s *setReport) string {
			if s.Load == nil {
				return "–"
			}
			return fmt.Sprintf("**%.2f**; %.2f", s.Load.Ratio, s.Load.ProcessRate)
		}},
		{"full refresh, `indicators` (peak RSS)", func(s *setReport) string {
			if s.Refresh == nil {
				return "–"
			}
			return procCell(s.Refresh.Full)
		}},
		{"one body's new month: `load` of meetings + attendance", func(s *setReport) string {
			if s.Refresh == nil {
				return "–"
			}
			m := s.Refresh.NewMonth
			return fmt.Sprintf("%s %s, %d rows: %s", m.Body, m.Month, m.Attendance, fmtSeconds(s.Refresh.NewMonthLoad.Seconds))
		}},
		{"incremental refresh after it (peak RSS)", func(s *setReport) string {
			if s.Refresh == nil {
				return "–"
			}
			if s.Refresh.Incremental == nil {
				return s.Refresh.IncrementalNote + "; the refresh after it recomputed everything: " + procCell(s.Refresh.After)
			}
			return procCell(*s.Refresh.Incremental)
		}},
		{"export CSV (fastest of 3 runs each): COPY; HTTP `/api/sql`; ratio; serve's peak growth", exportCell("csv")},
		{"export Parquet (zstd, fastest of 3): COPY; HTTP; ratio; serve's peak growth", exportCell("parquet")},
		{"Panoramica cached: requests/s, p50, p99, errors", pageCell("panoramica_cached")},
		{"Panoramica uncached", pageCell("panoramica_uncached")},
		{"body page cached", pageCell("body_cached")},
		{"body page uncached", pageCell("body_uncached")},
		{"serve RSS: ready; before pages → after (VmRSS, VmHWM)", func(s *setReport) string {
			if s.Serve == nil {
				return "–"
			}
			out := fmtMB(s.Serve.RSSStartMB) + " (ready in " + fmtSeconds(s.Serve.StartSeconds) + ")"
			if s.Pages != nil {
				out += fmt.Sprintf("; %s, %s → %s, %s", fmtMB(s.Pages.Before.RSSMB), fmtMB(s.Pages.Before.HWMMB),
					fmtMB(s.Pages.After.RSSMB), fmtMB(s.Pages.After.HWMMB))
			}
			return out
		}},
		{"serve: upload of the next month (load + refresh), peak RSS through it", func(s *setReport) string {
			if s.LoadRSS == nil {
				return "–"
			}
			out := fmt.Sprintf("%s, **%s** (from %s)", fmtSeconds(s.LoadRSS.Seconds),
				fmtMB(max(s.LoadRSS.PeakRSSMB, s.LoadRSS.SampledPeakMB)), fmtMB(s.LoadRSS.RSSBeforeMB))
			if s.LoadRSS.Error != "" {
				out += "; the upload failed: " + s.LoadRSS.Error
			}
			return out
		}},
		{"serve: peak RSS over its whole life", func(s *setReport) string {
			if s.Serve == nil || s.Serve.PeakRSSMB == 0 {
				return "–"
			}
			return fmtMB(s.Serve.PeakRSSMB)
		}},
	}
	out := make([]figRow, len(rows))
	for i, r := range rows {
		out[i].name = r.name
		for _, s := range sets {
			out[i].cells = append(out[i].cells, mdEscape(r.get(s)))
		}
	}
	return out
}

func loadCell(t loadTiming) string {
	return fmt.Sprintf("%s (%s); %s; %s", fmtSeconds(t.Seconds), fmtRate(t.RowsPerSecond), fmtSeconds(t.ProcessSeconds), fmtMB(t.PeakRSSMB))
}

func procCell(p procFig) string { return fmtSeconds(p.Seconds) + " (" + fmtMB(p.PeakRSSMB) + ")" }

func exportCell(format string) func(*setReport) string {
	return func(s *setReport) string {
		if s.Exports == nil {
			return "–"
		}
		for _, f := range s.Exports.Formats {
			if f.Format != format {
				continue
			}
			if f.Error != "" {
				return fmt.Sprintf("COPY %s; HTTP failed: %s", fmtRate(f.CopyRowsPerSec), f.Error)
			}
			return fmt.Sprintf("%s (%s%s); %s (%s%s, %s); **%.2f**; %s", fmtRate(f.CopyRowsPerSec), fmtSeconds(f.CopySeconds),
				runsRange(f.CopyRuns), fmtRate(f.HTTPRowsPerSec), fmtSeconds(f.HTTPSeconds), runsRange(f.HTTPRuns),
				fmtBytes(f.HTTPBytes), f.Ratio, fmtMB(f.ServePeakGrowMB))
		}
		return "–"
	}
}

// runsRange is ", runs A–B" for more than one run, the slowest beside the
// fastest that the figure counts.
func runsRange(runs []float64) string {
	if len(runs) < 2 {
		return ""
	}
	return ", runs " + fmtSeconds(slices.Min(runs)) + "–" + fmtSeconds(slices.Max(runs))
}

func pageCell(name string) func(*setReport) string {
	return func(s *setReport) string {
		if s.Pages == nil {
			return "–"
		}
		for _, c := range s.Pages.Cases {
			if c.Name != name {
				continue
			}
			out := fmt.Sprintf("%s/s, %s, %s, %d", fmtFloat(c.PerSecond), fmtMs(c.P50ms), fmtMs(c.P99ms), c.Errors)
			if c.Errors > 0 {
				out += " (" + statuses(c.Statuses) + ")"
			}
			if !c.Cached {
				out += fmt.Sprintf(" [%s requests, %s URLs]", fmtInt(int64(c.Requests)), fmtInt(int64(c.URLs)))
			}
			return out
		}
		return "–"
	}
}

func statuses(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s × %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func verdict(met *bool) string {
	switch {
	case met == nil:
		return "–"
	case *met:
		return "yes"
	}
	return "**no**"
}

func fmtValue(v float64, unit string) string {
	switch unit {
	case "s":
		return fmtSeconds(v)
	case "ms":
		return fmtMs(v)
	case "MB":
		return fmtMB(v)
	case "×":
		return fmt.Sprintf("%.2f", v)
	}
	return fmtFloat(v) + " " + unit
}

func fmtSeconds(s float64) string {
	switch {
	case s < 1:
		return fmt.Sprintf("%.0f ms", s*1000)
	case s < 100:
		return fmt.Sprintf("%.2f s", s)
	}
	return fmt.Sprintf("%.0f s", s)
}

func fmtMs(v float64) string {
	if v < 10 {
		return fmt.Sprintf("%.2f ms", v)
	}
	return fmtInt(int64(v+0.5)) + " ms"
}

func fmtMB(mb float64) string {
	if mb >= 1024 {
		return fmt.Sprintf("%.2f GB", mb/1024)
	}
	return fmt.Sprintf("%.0f MB", mb)
}

func fmtBytes(n int64) string { return fmtMB(float64(n) / (1 << 20)) }

func fmtRate(r float64) string {
	if r >= 1e6 {
		return fmt.Sprintf("%.2f M rows/s", r/1e6)
	}
	return fmt.Sprintf("%.0f K rows/s", r/1e3)
}

func fmtFloat(v float64) string {
	if v >= 100 {
		return fmtInt(int64(v + 0.5))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// fmtInt writes n with commas between thousands.
func fmtInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// mdEscape keeps a cell in its table: no pipe, no newline.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
