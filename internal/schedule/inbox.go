package schedule

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"osservatorio/internal/ingest"
)

// settle is how long a file must be left untouched before it is taken, so a
// file still being copied into the inbox is not loaded half-written.
const settle = 500 * time.Millisecond

// ScanInbox loads the files waiting in the inbox, in one batch (dependency
// order), then moves each to loaded/ or, refused whole, to refused/ with a
// .reason.txt beside it. Anything that is not a regular file (a symbolic
// link, a pipe) is refused by the load without being read or followed, and
// moved to refused/ as it is (a link stays a link).
func (s *Scheduler) ScanInbox(ctx context.Context) ([]ingest.Result, error) {
	dir := s.cfg.Inbox
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	all, err := ingest.Expand([]string{dir})
	if err != nil {
		return nil, err
	}
	var files []string
	for _, f := range all {
		if fi, err := os.Lstat(f); err == nil && time.Since(fi.ModTime()) >= settle {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, nil
	}
	results, err := ingest.Load(ctx, s.st, files, ingest.Options{Source: "inbox"})
	for _, r := range results {
		if merr := file(r, dir); merr != nil {
			s.log.Error("inbox: move", "file", r.Path, "err", merr)
		}
	}
	return results, err
}

// file moves a handled file out of the inbox.
func file(r ingest.Result, inbox string) error {
	sub := "loaded"
	if r.Outcome == ingest.Refused {
		sub = "refused"
	}
	dest, err := freeName(filepath.Join(inbox, sub), filepath.Base(r.Path))
	if err != nil {
		return err
	}
	if err := os.Rename(r.Path, dest); err != nil {
		return err
	}
	if r.Outcome == ingest.Refused {
		reason := fmt.Sprintf("refused (%s)\n%s\n", r.Reason, r.Message)
		return writeNew(dest+".reason.txt", []byte(reason))
	}
	return nil
}

// writeNew writes a new file at path, replacing whatever was there without
// following it: a link planted at path must not redirect the write.
func writeNew(path string, data []byte) error {
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// freeName returns dir/name, or a time-stamped variant when it is taken.
func freeName(dir, name string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	p := filepath.Join(dir, name)
	if _, err := os.Lstat(p); os.IsNotExist(err) {
		return p, nil
	}
	return filepath.Join(dir, time.Now().UTC().Format("20060102T150405.000")+"-"+name), nil
}
