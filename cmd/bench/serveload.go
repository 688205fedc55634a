package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// The serve section: one body's next month uploaded through POST /api/loads
// as an administrator; serve loads it and then refreshes the indicators
// before it answers (its AfterLoad), so the request spans a load and a
// refresh. The server's peak memory is reset before (clear_refs) and read
// after; it is also sampled every 100 ms in case the reset is refused.

func (e *env) serveLoad(ctx context.Context, s *server) (*serveLoadFigs, error) {
	sl := &serveLoadFigs{}
	mf, err := e.newMonth(2)
	if err != nil {
		return sl, err
	}
	sl.NewMonth = mf
	body, contentType, err := multipartFiles(mf.Files)
	if err != nil {
		return sl, err
	}
	before, _ := procMem(s.pid())
	sl.RSSBeforeMB = kbToMB(before.RSSKB)
	sl.PeakReset = resetPeak(s.pid()) == nil

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var sampled int64
	wg.Go(func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if m, err := procMem(s.pid()); err == nil {
				sampled = max(sampled, m.RSSKB)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	e.log.Info("upload through serve (load and refresh)", "body", mf.Body, "month", mf.Month, "attendance", mf.Attendance)
	start := time.Now()
	answer, err := postBody(ctx, s.base+"/api/loads", s.admin, contentType, body)
	sl.Seconds = secs(time.Since(start))
	close(stop)
	wg.Wait()
	after, _ := procMem(s.pid())
	sl.PeakRSSMB, sl.SampledPeakMB = kbToMB(after.HWMKB), kbToMB(sampled)
	if err != nil {
		// The memory figures stand (serve may still have loaded and
		// refreshed: its write timeout can end a long answer first).
		sl.Error = err.Error()
		e.log.Error("upload", "err", err, "peak_rss_mb", sl.PeakRSSMB)
		return sl, nil
	}
	var out struct {
		DataVersion int64 `json:"data_version"`
	}
	json.Unmarshal(answer, &out)
	sl.DataVersion = out.DataVersion
	e.log.Info("upload done", "seconds", sl.Seconds, "peak_rss_mb", sl.PeakRSSMB, "data_version", sl.DataVersion)
	return sl, nil
}

// multipartFiles is a multipart/form-data body with each file as a file field.
func multipartFiles(files []string) (*bytes.Buffer, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range files {
		part, err := w.CreateFormFile("files", filepath.Base(p))
		if err != nil {
			return nil, "", err
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, "", err
		}
		_, err = io.Copy(part, f)
		f.Close()
		if err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return &buf, w.FormDataContentType(), nil
}

// postBody posts and returns the answer's body.
func postBody(ctx context.Context, url, token, contentType string, body io.Reader) ([]byte, error) {
	var out bytes.Buffer
	_, err := postTo(ctx, &http.Client{Timeout: time.Hour}, url, token, contentType, body, &out)
	return out.Bytes(), err
}
