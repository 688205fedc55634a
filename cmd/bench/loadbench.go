package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The load section: the database every later section uses is built in
// three steps, the dimensions (organisations, bodies, meetings), then the
// attendance file alone (timed), then the memberships and contributions;
// beside it, DuckDB's read_csv of the same attendance file into a fresh
// database holding the same dimensions (a helper process).

var dimensions = []string{"organisations.csv", "bodies.csv", "meetings.csv"}

// buildDB loads the whole set into e.db; with the load section it measures
// the attendance file alone and read_csv beside it.
func (e *env) buildDB(ctx context.Context, sr *setReport, measure bool) error {
	if !measure {
		e.log.Info("loading the whole set", "db", e.db)
		// The set's files by name: the folder also holds the cache's stamp.
		r, _, err := e.load(ctx, e.db, e.setFiles(generatedFiles...)...)
		if err != nil {
			return err
		}
		f := r.fig()
		sr.FullLoad = &f
		return nil
	}
	e.log.Info("loading the dimensions", "db", e.db)
	dims, _, err := e.load(ctx, e.db, e.setFiles(dimensions...)...)
	if err != nil {
		return err
	}
	// Both readers of attendance.csv find it in the page cache: the first
	// to read it from disk would pay for both (0.27 against 0.79–0.94 when
	// the set had just been copied or generated).
	if err := warm(e.setFiles("attendance.csv")[0]); err != nil {
		return err
	}
	e.log.Info("loading attendance.csv with osservatorio load")
	att, res, err := e.load(ctx, e.db, e.setFiles("attendance.csv")...)
	if err != nil {
		return err
	}
	e.log.Info("loading memberships and contributions")
	rest, _, err := e.load(ctx, e.db, e.setFiles("memberships.csv", "contributions.csv")...)
	if err != nil {
		return err
	}
	full := procFig{Seconds: round(dims.Wall.Seconds()+att.Wall.Seconds()+rest.Wall.Seconds(), 3),
		PeakRSSMB: kbToMB(max(dims.MaxRSSKB, att.MaxRSSKB, rest.MaxRSSKB))}
	sr.FullLoad = &full

	lf := &loadFigs{}
	sr.Load = lf
	a := res[0]
	work := a.Finished.Sub(a.Started)
	lf.Rows, lf.Rejected = a.RowsLoaded, a.RowsRejected
	lf.Loader = loadTiming{Seconds: secs(work), RowsPerSecond: rate(a.RowsLoaded, work.Seconds()),
		ProcessSeconds: secs(att.Wall), PeakRSSMB: kbToMB(att.MaxRSSKB)}
	e.log.Info("loader", "rows", a.RowsLoaded, "seconds", lf.Loader.Seconds, "process_seconds", lf.Loader.ProcessSeconds)

	// read_csv, into a fresh database with the same dimensions.
	db := filepath.Join(e.work, "read_csv.duckdb")
	defer removeDB(db)
	if _, _, err := e.load(ctx, db, e.setFiles(dimensions...)...); err != nil {
		return err
	}
	e.log.Info("inserting attendance.csv with DuckDB's read_csv")
	hr, h, err := e.helper(ctx, "readcsv", "--db", db, "--file", filepath.Join(e.setDir, "attendance.csv"))
	if err != nil {
		return err
	}
	lf.DuckDB = h.DuckDB
	lf.ReadCSV = loadTiming{Seconds: h.Seconds, RowsPerSecond: rate(h.Rows, h.Seconds),
		ProcessSeconds: secs(hr.Wall), PeakRSSMB: kbToMB(hr.MaxRSSKB)}
	if h.Rows != lf.Rows {
		return fmt.Errorf("read_csv inserted %d rows, the loader %d", h.Rows, lf.Rows)
	}
	lf.Ratio = ratio(lf.Loader.RowsPerSecond, lf.ReadCSV.RowsPerSecond)
	lf.ProcessRate = ratio(lf.ReadCSV.ProcessSeconds, lf.Loader.ProcessSeconds)
	e.log.Info("read_csv", "seconds", h.Seconds, "process_seconds", lf.ReadCSV.ProcessSeconds, "ratio", lf.Ratio)
	return nil
}

// helper runs this binary's helper in a child process.
func (e *env) helper(ctx context.Context, args ...string) (procResult, helperResult, error) {
	var h helperResult
	r, err := runProc(ctx, e.self, append([]string{helperArg}, args...)...)
	if err != nil {
		return r, h, err
	}
	if err := json.Unmarshal(r.Stdout, &h); err != nil {
		return r, h, fmt.Errorf("helper %v: %w", args, err)
	}
	return r, h, nil
}

// warm reads a file to the end, so that it is in the page cache.
func warm(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}
