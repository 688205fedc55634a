package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A generated set is cached in <cache>/<set>/ beside a stamp file written
// last, once the six files are complete: the set is reused when the stamp's
// generator options are the ones asked for and the files are there.

const stampFile = "stamp.json"

// generatedFiles are what osservatorio generate writes.
var generatedFiles = []string{"organisations.csv", "bodies.csv", "memberships.csv", "meetings.csv", "attendance.csv", "contributions.csv"}

type stamp struct {
	Generator genParams        `json:"generator"`
	Counts    map[string]int64 `json:"counts"` // rows per kind, as generate printed them
	Written   time.Time        `json:"written"`
	Seconds   float64          `json:"seconds"` // how long generating took
}

func readStamp(dir string) (stamp, error) {
	var s stamp
	b, err := os.ReadFile(filepath.Join(dir, stampFile))
	if err != nil {
		return s, err
	}
	err = json.Unmarshal(b, &s)
	return s, err
}

func writeStamp(dir string, s stamp) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, stampFile+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, stampFile))
}

// cached returns the stamp of dir when it holds a complete set generated
// with want; ok is false otherwise (with why, for the log).
func cached(dir string, want genParams) (s stamp, ok bool, why string) {
	s, err := readStamp(dir)
	if err != nil {
		return s, false, "no stamp"
	}
	if s.Generator != want {
		return s, false, fmt.Sprintf("generated with %+v, want %+v", s.Generator, want)
	}
	for _, f := range generatedFiles {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || !fi.Mode().IsRegular() {
			return s, false, f + " missing"
		}
	}
	return s, true, ""
}

// ensureSet makes dir hold the set generated with p, reusing it when the
// stamp matches; reused says which.
func ensureSet(ctx context.Context, bin, dir string, p genParams, log *slog.Logger) (s stamp, reused bool, err error) {
	if s, ok, why := cached(dir, p); ok {
		log.Info("data set cached", "dir", dir, "attendance", s.Counts["attendance"])
		return s, true, nil
	} else {
		log.Info("generating the data set", "dir", dir, "because", why)
	}
	if err := os.RemoveAll(dir); err != nil {
		return s, false, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return s, false, err
	}
	res, err := runProc(ctx, bin, append([]string{"generate", "--out", dir}, p.args()...)...)
	if err != nil {
		return s, false, err
	}
	s = stamp{Generator: p, Counts: parseCounts(res.Stdout), Written: time.Now().UTC().Truncate(time.Second), Seconds: secs(res.Wall)}
	if s.Counts["attendance"] == 0 {
		return s, false, fmt.Errorf("generate printed no attendance count: %s", tail(string(res.Stdout), 500))
	}
	return s, false, writeStamp(dir, s)
}

// parseCounts reads generate's "<kind> <rows>" lines.
func parseCounts(out []byte) map[string]int64 {
	counts := map[string]int64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			continue
		}
		if n, err := strconv.ParseInt(f[1], 10, 64); err == nil {
			counts[f[0]] = n
		}
	}
	return counts
}
