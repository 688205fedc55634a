package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// runSet measures one data set: its figures, and the errors that stopped a
// section (a failed section keeps no figures, so no target reads half of one).
func runSet(ctx context.Context, o options, bin, self string, ds dataSet, log *slog.Logger) *setReport {
	sr := &setReport{Name: ds.Name, Label: ds.Label, Gen: ds.Gen}
	fail := func(section string, err error) {
		log.Error("section failed", "set", ds.Label, "section", section, "err", err)
		sr.Errors = append(sr.Errors, section+": "+err.Error())
	}
	setDir := filepath.Join(o.Cache, ds.Name)
	st, reused, err := ensureSet(ctx, bin, setDir, ds.Gen, log)
	if err != nil {
		fail("generate", err)
		return sr
	}
	sr.Rows = st.Counts
	sr.Cache = fmt.Sprintf("generated in %s", fmtSeconds(st.Seconds))
	if reused {
		sr.Cache = fmt.Sprintf("cached (generated in %s on %s)", fmtSeconds(st.Seconds), st.Written.Format("2006-01-02"))
	}
	work, err := filepath.Abs(filepath.Join(o.Cache, "work-"+ds.Name))
	if err == nil {
		os.RemoveAll(work)
		err = os.MkdirAll(work, 0o755)
	}
	if err != nil {
		fail("work folder", err)
		return sr
	}
	if !o.Keep {
		defer os.RemoveAll(work)
	}
	absSet, _ := filepath.Abs(setDir)
	e := &env{bin: bin, self: self, setDir: absSet, work: work, db: filepath.Join(work, "osservatorio.duckdb"),
		asOf: o.AsOf, clients: o.Clients, o: o, log: log.With("set", ds.Label)}

	if err := e.buildDB(ctx, sr, o.Only["load"]); err != nil {
		sr.Load = nil
		fail("load", err)
		return sr
	}
	if o.Only["refresh"] {
		rf, err := e.refresh(ctx)
		if err != nil {
			fail("refresh", err)
		} else {
			sr.Refresh = rf
		}
	}
	if !o.Only["exports"] && !o.Only["pages"] && !o.Only["serve"] {
		return sr
	}
	var ef *exportFigs
	if o.Only["exports"] {
		if ef, err = e.copies(ctx); err != nil {
			fail("exports (COPY)", err)
			ef = nil
		}
	}
	e.withServe(ctx, sr, ef, fail)
	return sr
}

// withServe runs the sections that need serve, then stops it.
func (e *env) withServe(ctx context.Context, sr *setReport, ef *exportFigs, fail func(string, error)) {
	s, sf, err := e.startServe(ctx)
	if err != nil {
		fail("serve", err)
		return
	}
	sr.Serve = sf
	defer func() {
		peak, took, err := s.stop()
		sf.PeakRSSMB, sf.StopSeconds = kbToMB(peak), secs(took)
		if err != nil {
			fail("serve stop", err)
		}
		e.log.Info("serve stopped", "peak_rss_mb", sf.PeakRSSMB)
	}()
	if ef != nil {
		e.httpExports(ctx, s, ef)
		sr.Exports = ef
	}
	if e.o.Only["pages"] && ctx.Err() == nil {
		body, _, err := latestMeeting(filepath.Join(e.setDir, "meetings.csv"))
		if err == nil {
			sr.Pages, err = e.pages(ctx, s, body)
		}
		if err != nil {
			sr.Pages = nil
			fail("pages", err)
		}
	}
	if e.o.Only["serve"] && ctx.Err() == nil {
		sl, err := e.serveLoad(ctx, s)
		if err != nil {
			fail("serve upload", err)
		} else {
			sr.LoadRSS = sl
		}
	}
}
