package schedule

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"time"

	"osservatorio/internal/ingest"
)

// Fetch downloads a remote source with a conditional GET (ETag,
// Last-Modified) and loads it when it changed.
func (s *Scheduler) Fetch(ctx context.Context, src Source) ([]ingest.Result, error) {
	var etag, modified sql.NullString
	err := s.st.DB().QueryRowContext(ctx, "SELECT etag, last_modified FROM source_state WHERE name = ?", src.Name).Scan(&etag, &modified)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src.URL, nil)
	if err != nil {
		return nil, err
	}
	if etag.Valid {
		req.Header.Set("If-None-Match", etag.String)
	}
	if modified.Valid {
		req.Header.Set("If-Modified-Since", modified.String)
	}
	resp, err := s.cfg.Client.Do(req)
	if err != nil {
		s.saveState(ctx, src, "", "", 0, err.Error())
		return nil, fmt.Errorf("source %s: %w", src.Name, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		s.saveState(ctx, src, etag.String, modified.String, resp.StatusCode, "not modified")
		return nil, nil
	case resp.StatusCode != http.StatusOK:
		msg := fmt.Sprintf("source %s: HTTP %s", src.Name, resp.Status)
		s.saveState(ctx, src, etag.String, modified.String, resp.StatusCode, msg)
		return nil, errors.New(msg)
	}
	// The file keeps the URL's base name: it names the record kind.
	name := path.Base(resp.Request.URL.Path)
	if u, err := url.Parse(src.URL); err == nil && path.Base(u.Path) != "" && path.Base(u.Path) != "/" {
		name = path.Base(u.Path)
	}
	dir := filepath.Join(s.cfg.WorkDir, "fetch", time.Now().UTC().Format("20060102T150405.000000"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	dest := filepath.Join(dir, name)
	f, err := os.Create(dest)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return nil, fmt.Errorf("source %s: %w", src.Name, err)
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	results, err := ingest.Load(ctx, s.st, []string{dest}, ingest.Options{Source: "url:" + src.Name})
	msg := "fetched"
	if len(results) == 1 {
		msg = results[0].Outcome
		if results[0].Outcome == ingest.Refused && s.cfg.Inbox != "" {
			// keep the refused file for inspection, like the inbox does
			results[0].Path = dest
			file(results[0], s.cfg.Inbox)
		}
	}
	s.saveState(ctx, src, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), resp.StatusCode, msg)
	return results, err
}

func (s *Scheduler) saveState(ctx context.Context, src Source, etag, modified string, status int, msg string) {
	err := s.st.Write(ctx, func(ctx context.Context, c *sql.Conn) error {
		_, err := c.ExecContext(ctx, `INSERT OR REPLACE INTO source_state VALUES (?, ?, ?, ?, ?, ?, ?)`,
			src.Name, src.URL, nullable(etag), nullable(modified), time.Now().UTC(), status, msg)
		return err
	})
	if err != nil {
		s.log.Error("source state", "source", src.Name, "err", err)
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
