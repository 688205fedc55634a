package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// The exports section: a researcher's SELECT * FROM attendance posted to
// /api/sql as CSV and as Parquet, read to the end, beside DuckDB's own COPY
// of the same query to a file (a helper process on the database, before
// serve holds it). Each side runs exportRuns times and counts its fastest
// run: a single COPY's time moved by a third between runs (1.7–2.5 s at
// 10 M rows), more than the difference measured.

const exportRuns = 3

const exportSQL = "SELECT * FROM attendance"

var exportFormats = []string{"csv", "parquet"}

// copies runs COPY … TO for each format (serve must not be running).
func (e *env) copies(ctx context.Context) (*exportFigs, error) {
	ef := &exportFigs{}
	for _, f := range exportFormats {
		file := filepath.Join(e.work, "copy."+f)
		fig := exportFig{Format: f}
		for run := 1; run <= exportRuns; run++ {
			e.log.Info("COPY to a file", "format", f, "run", run)
			r, h, err := e.helper(ctx, "copy", "--db", e.db, "--file", file, "--format", f)
			os.Remove(file)
			if err != nil {
				return ef, err
			}
			ef.Rows = h.Rows
			fig.CopyRuns = append(fig.CopyRuns, h.Seconds)
			if fig.CopySeconds == 0 || h.Seconds < fig.CopySeconds {
				fig.CopySeconds, fig.CopyRowsPerSec, fig.CopyBytes = h.Seconds, rate(h.Rows, h.Seconds), h.Bytes
			}
			fig.CopyPeakRSSMB = max(fig.CopyPeakRSSMB, kbToMB(r.MaxRSSKB))
			e.log.Info("COPY done", "format", f, "seconds", h.Seconds, "rows", h.Rows)
		}
		ef.Formats = append(ef.Formats, fig)
	}
	return ef, nil
}

// httpExports posts the query in each format and reads the answer to the end.
func (e *env) httpExports(ctx context.Context, s *server, ef *exportFigs) {
	client := &http.Client{Timeout: time.Hour}
	for i := range ef.Formats {
		f := &ef.Formats[i]
		for run := 1; run <= exportRuns; run++ {
			e.log.Info("export over HTTP", "format", f.Format, "run", run)
			before, _ := procMem(s.pid())
			reset := resetPeak(s.pid()) == nil
			body, _ := json.Marshal(map[string]any{"sql": exportSQL, "format": f.Format})
			start := time.Now()
			n, err := postTo(ctx, client, s.base+"/api/sql", s.researcher, "application/json", bytes.NewReader(body), io.Discard)
			took := time.Since(start)
			after, _ := procMem(s.pid())
			if run == 1 {
				f.ServeRSSBeforeMB = kbToMB(before.RSSKB)
			}
			if reset {
				f.ServePeakGrowMB = max(f.ServePeakGrowMB, kbToMB(after.HWMKB-before.RSSKB))
			}
			if err != nil {
				f.Error = err.Error()
				e.log.Error("export over HTTP", "format", f.Format, "err", err)
				break
			}
			f.HTTPRuns = append(f.HTTPRuns, secs(took))
			if f.HTTPSeconds == 0 || secs(took) < f.HTTPSeconds {
				f.HTTPSeconds, f.HTTPBytes = secs(took), n
				f.HTTPRowsPerSec = rate(ef.Rows, took.Seconds())
			}
			e.log.Info("export over HTTP done", "format", f.Format, "seconds", secs(took), "bytes", n)
		}
		if f.Error == "" {
			f.Ratio = ratio(f.HTTPRowsPerSec, f.CopyRowsPerSec)
			e.log.Info("export over HTTP: the fastest runs", "format", f.Format, "copy", f.CopySeconds, "http", f.HTTPSeconds, "ratio", f.Ratio)
		}
	}
}

// postTo posts body with a bearer token and copies the answer to w;
// anything but 200 is an error with the answer's start.
func postTo(ctx context.Context, c *http.Client, url, token, contentType string, body io.Reader, w io.Writer) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", contentType)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 2000))
		return 0, fmt.Errorf("%s: %s: %s", url, resp.Status, bytes.TrimSpace(b))
	}
	return io.Copy(w, resp.Body)
}
