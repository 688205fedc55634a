package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"osservatorio/data"
	"osservatorio/internal/backup"
	"osservatorio/internal/config"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
	"osservatorio/internal/ingest"
	"osservatorio/internal/metrics"
	"osservatorio/internal/schedule"
	"osservatorio/internal/store"
	"osservatorio/internal/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "[--config FILE] [--db PATH] [--listen ADDR] [--inbox DIR] [--inbox-schedule SPEC] [--log-format text|json] [--log-level LEVEL]", stderr)
	cfgPath := fs.String("config", "osservatorio.yaml", "configuration file (optional; flags win over it)")
	db := fs.String("db", "", "DuckDB database file (default data/osservatorio.duckdb, env "+envDB+")")
	listen := fs.String("listen", "", "address to listen on (default 127.0.0.1:8080)")
	inbox := fs.String("inbox", "", "folder scanned for new files (default data/inbox)")
	spec := fs.String("inbox-schedule", "", `cron spec of the inbox scan (default "@every 1m")`)
	noSample := fs.Bool("no-sample", false, "do not fill an empty database with the bundled sample")
	logFormat := fs.String("log-format", "", "log format: text or json (default text)")
	logLevel := fs.String("log-level", "", "log level: debug, info, warn or error (default info)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	cfg, err := config.Load(*cfgPath, !flagSet(fs, "config"))
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return exitUsage
	}
	override(&cfg.DB, *db, os.Getenv(envDB))
	override(&cfg.Listen, *listen, "")
	override(&cfg.Inbox, *inbox, "")
	override(&cfg.InboxSchedule, *spec, "")
	override(&cfg.LogFormat, *logFormat, "")
	override(&cfg.LogLevel, *logLevel, "")
	if problems := config.Check(cfg); len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "serve: config:", p)
		}
		return exitUsage
	}
	log := newLogger(stderr, cfg.LogFormat, cfg.LogLevel)
	slog.SetDefault(log) // for what logs through the default logger

	if cfg.GoMemoryLimit != "" { // checked by config.Check
		n, _ := config.ParseSize(cfg.GoMemoryLimit)
		debug.SetMemoryLimit(n)
	}
	dataDir := filepath.Dir(cfg.DB)
	st, err := store.Open(ctx, store.Options{Path: cfg.DB, MemoryLimit: cfg.MemoryLimit, Threads: cfg.Threads})
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return exitFailed
	}
	defer st.Close()
	defer indicator.DropResident(st.DB())
	defer dashboard.DropNames(st.DB())
	if cfg.WantSample() && !*noSample {
		if err := loadSampleIfEmpty(ctx, st, filepath.Join(dataDir, "tmp"), log); err != nil {
			fmt.Fprintln(stderr, "serve: sample:", err)
			return exitFailed
		}
	}

	// Indicators follow the data: computed now if this version lacks them,
	// and again after every run that loaded something; the snapshot of the
	// configured reference-date policy is then published. Nothing else
	// publishes: pages and the API only read.
	refresh := func(ctx context.Context) error {
		start := time.Now()
		sum, err := indicator.Refresh(ctx, st, asOfDate(cfg.AsOf), indicator.Options{})
		if err != nil {
			return err
		}
		if !sum.Skipped {
			metrics.Refresh(time.Since(start))
			mode, base := "full", int64(0)
			if sum.Base != nil {
				mode, base = "incremental", sum.Base.DataVersion
			}
			log.Info("indicators computed", "data_version", sum.DataVersion, "as_of", sum.AsOf, "values", sum.Rows,
				"mode", mode, "base_version", base, "cells_computed", sum.CellsComputed, "cells_carried", sum.CellsCarried,
				"sql", sum.SQL.Round(time.Millisecond).String(), "network", sum.Network.Round(time.Millisecond).String())
		}
		if err := indicator.Publish(ctx, st, sum.DataVersion, sum.AsOf); err != nil {
			return err
		}
		metrics.DataVersion(sum.DataVersion) // what pages now show
		keepResident(ctx, st, log, indicator.Snapshot{DataVersion: sum.DataVersion, AsOf: sum.AsOf})
		return nil
	}
	if err := refresh(ctx); err != nil {
		fmt.Fprintln(stderr, "serve: indicators:", err)
		return exitFailed
	}
	var tasks []schedule.Task
	if cfg.BackupSchedule != config.BackupsOff {
		tasks = append(tasks, schedule.Task{Name: "backup", Spec: cfg.BackupSchedule,
			Run: backup.Job(st, cfg.Backups(), cfg.BackupKeep)})
	}
	sched, err := schedule.New(st, schedule.Config{Inbox: cfg.Inbox, InboxSchedule: cfg.InboxSchedule,
		WorkDir: filepath.Join(dataDir, "tmp"), Sources: cfg.Sources, AfterLoad: refresh, Tasks: tasks,
		Unpublished: func(ctx context.Context) (bool, error) { return unpublished(ctx, st) }}, log)
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return exitFailed
	}
	// The loads that uploads start run to the end whether or not their
	// client stays; the shutdown stops them once its grace period is over.
	work, stopWork := context.WithCancel(context.Background())
	defer stopWork()
	wo := web.IndicatorOptions()
	wo.Work = work
	wo.BaseURL, wo.RequireLogin, wo.UploadDir = cfg.PublicURL, cfg.RequireLogin, filepath.Join(dataDir, "tmp")
	wo.RatePerSecond, wo.RateBurst, wo.SQLConcurrency = cfg.RatePerSecond, cfg.RateBurst, cfg.SQLConcurrency
	if cfg.SQLTimeout != "" {
		d, err := time.ParseDuration(cfg.SQLTimeout)
		if err != nil {
			fmt.Fprintf(stderr, "serve: sql_timeout %q: %v\n", cfg.SQLTimeout, err)
			return exitUsage
		}
		wo.SQLTimeout = d
	}
	// Uploads and the adoptions API go through the same loader as the inbox
	// (with the options the web layer gives: source, all or nothing), then the
	// refresh.
	wo.Load = func(ctx context.Context, files []string, opt ingest.Options) ([]ingest.Result, error) {
		res, err := ingest.Load(ctx, st, files, opt)
		for _, r := range res {
			metrics.Load(r.Outcome, r.RowsLoaded, r.RowsRejected)
		}
		if err != nil {
			return res, err
		}
		return res, refresh(ctx)
	}
	handler, err := web.New(st, log, wo)
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return exitFailed
	}
	// Timeouts bound what a slow or idle client can hold; writes get long
	// enough for a large download or upload report.
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Minute,
		WriteTimeout: 10 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	sched.Start()
	log.Info("osservatorio serving", "url", "http://"+ln.Addr().String(), "db", st.Path(), "inbox", cfg.Inbox,
		"backups", cfg.Backups(), "backup_schedule", cfg.BackupSchedule)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	code := exitOK
	select {
	case <-ctx.Done():
		log.Info("shutdown: signal received")
	case err := <-errc:
		log.Error("shutdown: the HTTP server failed", "err", err)
		code = exitFailed
	}
	if err := shutdown(log, srv, stopWork, sched, st, shutdownTimeout); err != nil {
		code = exitFailed
	}
	return code
}

// shutdownTimeout bounds the wait for running requests and the running job
// together; past it the job's context is cancelled (a load rolls back whole).
const shutdownTimeout = 60 * time.Second

// shutdown stops serve in the order that loses nothing: first no new
// connections and the running requests finished (they read the store);
// then no new jobs and the running one finished (its write commits or rolls
// back whole); then a CHECKPOINT, so the database file alone holds every
// committed write, and the store closed. Each step is logged with its time.
func shutdown(log *slog.Logger, srv *http.Server, stopWork func(), sched *schedule.Scheduler, st *store.Store, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var errs []error
	step := func(doing, done string, fn func() error) {
		log.Info("shutdown: " + doing)
		start := time.Now()
		if err := fn(); err != nil {
			log.Error("shutdown: "+doing, "err", err)
			errs = append(errs, err)
			return
		}
		log.Info("shutdown: "+done, "ms", time.Since(start).Milliseconds())
	}
	step("stopping the HTTP server: no new connections, waiting for running requests", "HTTP server stopped",
		func() error {
			err := srv.Shutdown(ctx)
			if err != nil {
				srv.Close() // cancels the requests still running
				stopWork()  // and the loads of uploads (they roll back)
			}
			return err
		})
	step("stopping the scheduler: no new jobs, waiting for the running one", "scheduler stopped",
		func() error { return sched.Stop(ctx) })
	// Not bounded by ctx: the checkpoint waits for a cancelled job's write
	// to end, and then must run whole.
	step("checkpoint", "checkpoint done", func() error { return st.Checkpoint(context.Background()) })
	step("closing the database", "database closed", st.Close)
	if len(errs) == 0 {
		log.Info("shutdown: complete")
	}
	return errors.Join(errs...)
}

// loadSampleIfEmpty fills a database that has never loaded anything with
// the bundled sample (embedded in the binary).
func loadSampleIfEmpty(ctx context.Context, st *store.Store, tmp string, log *slog.Logger) error {
	s, err := st.Status(ctx, 1)
	if err != nil || len(s.Loads) > 0 {
		return err
	}
	dir, err := os.MkdirTemp(tmp, "sample-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.CopyFS(dir, data.Sample); err != nil {
		return err
	}
	files, err := ingest.Expand([]string{filepath.Join(dir, "sample")})
	if err != nil {
		return err
	}
	results, err := ingest.Load(ctx, st, files, ingest.Options{Source: "sample"})
	for _, r := range results {
		metrics.Load(r.Outcome, r.RowsLoaded, r.RowsRejected)
		log.Info("sample loaded", "file", r.File, "outcome", r.Outcome, "rows", r.RowsLoaded, "rejected", r.RowsRejected)
	}
	return err
}

func override(dst *string, flagValue, envValue string) {
	if envValue != "" {
		*dst = envValue
	}
	if flagValue != "" {
		*dst = flagValue
	}
}

// asOfDate is the configured reference date, or today.
func asOfDate(fixed string) time.Time {
	if t, err := time.Parse(time.DateOnly, fixed); err == nil {
		return t
	}
	now := time.Now()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// keepResident holds what pages read most of the published snapshot snap in
// memory: its values of the scopes that are not bodies
// (indicator.KeepResident) and the names of its organisations
// (dashboard.KeepNames). A failure costs speed, not figures: pages then
// read those from the database, so it is logged and the refresh stands.
func keepResident(ctx context.Context, st *store.Store, log *slog.Logger, snap indicator.Snapshot) {
	start := time.Now()
	values, err := indicator.KeepResident(ctx, st.DB(), snap)
	if err != nil {
		log.Warn("indicator values stay in the database", "err", err)
	}
	names, err := dashboard.KeepNames(ctx, st.DB(), snap.DataVersion)
	if err != nil {
		log.Warn("organisation names stay in the database", "err", err)
	}
	log.Info("published snapshot in memory", "data_version", snap.DataVersion, "as_of", snap.AsOf, "values", values,
		"organisations", names, "took", time.Since(start).Round(time.Millisecond).String())
}

// unpublished reports whether the database holds data newer than the
// published snapshot: the refresh after a load failed (the scheduler then
// tries it again).
func unpublished(ctx context.Context, st *store.Store) (bool, error) {
	cur, err := st.DataVersion(ctx)
	if err != nil {
		return false, err
	}
	pub, err := indicator.Published(ctx, st.DB())
	if err != nil {
		return false, err
	}
	return pub.DataVersion < cur, nil
}
