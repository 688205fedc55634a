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
// serve holds it).

const exportSQL = "SELECT * FROM attendance"

var exportFormats = []string{"csv", "parquet"}

// copies runs COPY … TO for each format (serve must not be running).
func (e *env) copies(ctx context.Context) (*exportFigs, error) {
	ef := &exportFigs{}
	for _, f := range exportFormats {
		file := filepath.Join(e.work, "copy."+f)
		e.log.Info("COPY to a file", "format", f)
		r, h, err := e.helper(ctx, "copy", "--db", e.db, "--file", file, "--format", f)
		os.Remove(file)
		if err != nil {
			return ef, err
		}
		ef.Rows = h.Rows
		ef.Formats = append(ef.Formats, exportFig{Format: f, CopySeconds: h.Seconds, CopyRowsPerSec: rate(h.Rows, h.Seconds),
			CopyPeakRSSMB: kbToMB(r.MaxRSSKB), CopyBytes: h.Bytes})
		e.log.Info("COPY done", "format", f, "seconds", h.Seconds, "rows", h.Rows)
	}
	return ef, nil
}

// httpExports posts the query in each format and reads the answer to the end.
func (e *env) httpExports(ctx context.Context, s *server, ef *exportFigs) {
	client := &http.Client{Timeout: time.Hour}
	for i := range ef.Formats {
		f := &ef.Formats[i]
		e.log.Info("export over HTTP", "format", f.Format)
		before, _ := procMem(s.pid())
		reset := resetPeak(s.pid()) == nil
		body, _ := json.Marshal(map[string]any{"sql": exportSQL, "format": f.Format})
		start := time.Now()
		n, err := postTo(ctx, client, s.base+"/api/sql", s.researcher, "application/json", bytes.NewReader(body), io.Discard)
		took := time.Since(start)
		after, _ := procMem(s.pid())
		f.ServeRSSBeforeMB = kbToMB(before.RSSKB)
		if reset {
			f.ServePeakGrowMB = kbToMB(after.HWMKB - before.RSSKB)
		}
		if err != nil {
			f.Error = err.Error()
			e.log.Error("export over HTTP", "format", f.Format, "err", err)
			continue
		}
		f.HTTPSeconds, f.HTTPBytes = secs(took), n
		f.HTTPRowsPerSec = rate(ef.Rows, took.Seconds())
		f.Ratio = ratio(f.HTTPRowsPerSec, f.CopyRowsPerSec)
		e.log.Info("export over HTTP done", "format", f.Format, "seconds", f.HTTPSeconds, "bytes", n, "ratio", f.Ratio)
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
