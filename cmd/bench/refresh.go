package main

import (
	"context"
	"path/filepath"
	"regexp"
)

// The refresh section: a full refresh of the indicators, then one body's new
// month loaded, then the refresh after it, which an incremental refresh
// makes cheap. indicators gets --full only when its help mentions the flag:
// a build without it has no incremental refresh, and its second refresh
// recomputes everything.

var fullFlag = regexp.MustCompile(`(?m)(^|[\s\[])--?full\b`)

// hasFullFlag reads osservatorio indicators --help.
func (e *env) hasFullFlag(ctx context.Context) bool {
	r, _ := runProc(ctx, e.bin, "indicators", "--help") // exit 0; the help goes to stdout (and stderr)
	return helpMentionsFull(string(r.Stdout) + string(r.Stderr))
}

func helpMentionsFull(help string) bool { return fullFlag.MatchString(help) }

const noIncremental = "n/a (no incremental refresh in this build)"

func (e *env) refresh(ctx context.Context) (*refreshFigs, error) {
	rf := &refreshFigs{FullFlag: e.hasFullFlag(ctx)}
	args := []string{"indicators", "--db", e.db, "--as-of", e.asOf, "--format", "csv", "--id", "P01"}
	full := args
	if rf.FullFlag {
		full = append(append([]string{}, args...), "--full")
	}
	e.log.Info("full refresh", "args", full[1:])
	r, err := runProc(ctx, e.bin, full...)
	if err != nil {
		return rf, err
	}
	rf.Full = r.fig()
	e.log.Info("full refresh done", "seconds", rf.Full.Seconds, "peak_rss_mb", rf.Full.PeakRSSMB)

	mf, err := e.newMonth(1)
	if err != nil {
		return rf, err
	}
	rf.NewMonth = mf
	e.log.Info("loading one body's new month", "body", mf.Body, "month", mf.Month, "attendance", mf.Attendance)
	lr, _, err := e.load(ctx, e.db, mf.Files...)
	if err != nil {
		return rf, err
	}
	rf.NewMonthLoad = lr.fig()

	e.log.Info("refresh after the new month", "args", args[1:])
	r, err = runProc(ctx, e.bin, args...)
	if err != nil {
		return rf, err
	}
	rf.After = r.fig()
	if rf.FullFlag {
		inc := r.fig()
		rf.Incremental = &inc
	} else {
		rf.IncrementalNote = noIncremental
	}
	e.log.Info("refresh after the new month done", "seconds", rf.After.Seconds, "incremental", rf.FullFlag)
	return rf, nil
}

// newMonth writes a new meeting for the body that met last, in
// deliveryMonth(last, n): n = 1 for the refresh section, 2 for serve's upload.
func (e *env) newMonth(n int) (monthFiles, error) {
	body, last, err := latestMeeting(filepath.Join(e.setDir, "meetings.csv"))
	if err != nil {
		return monthFiles{}, err
	}
	month := deliveryMonth(last, n)
	return writeBodyMonth(e.setDir, filepath.Join(e.work, "months", itoa(int64(n))), body, month)
}
