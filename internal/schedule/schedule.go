// Package schedule runs the service's periodic jobs with robfig/cron: the
// inbox scan, the remote sources' fetches, whatever must follow a load (the
// indicator refresh) and tasks that load nothing (the backup). Overlapping runs are skipped, panics recovered,
// every run recorded, and Stop waits for a running job.
package schedule

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"osservatorio/internal/ingest"
	"osservatorio/internal/metrics"
	"osservatorio/internal/store"
)

// Source is a remote file fetched on its own schedule.
type Source struct {
	Name     string `yaml:"name" json:"name"`
	URL      string `yaml:"url" json:"url"`
	Schedule string `yaml:"schedule" json:"schedule"` // cron spec; default every hour
}

// Config says what to run and when.
type Config struct {
	Inbox         string // folder scanned for new files
	InboxSchedule string // cron spec (5 fields or @every); default "@every 1m"
	WorkDir       string // where fetched files are written before loading
	Sources       []Source
	// AfterLoad runs after any run that loaded data (e.g. refresh indicators).
	AfterLoad func(ctx context.Context) error
	// Unpublished reports whether loaded data still waits for AfterLoad: a
	// refresh that failed (after an upload too). A later run that loads
	// nothing then calls AfterLoad again, RetryAfter after the failure
	// (default a minute), the wait doubled after each failure up to an hour:
	// without it the new data would stay unpublished until the next load.
	Unpublished func(ctx context.Context) (bool, error)
	RetryAfter  time.Duration
	Client      *http.Client
	Tasks       []Task
}

// Task is a periodic job that loads nothing, such as the backup. Every run is
// recorded, with Run's summary line or its error.
type Task struct {
	Name string
	Spec string // cron spec, as for the inbox
	Run  func(ctx context.Context) (summary string, err error)
}

// ParseSpec checks a cron spec the way the scheduler reads it: 5 fields or a
// descriptor (@hourly, @every 1m).
func ParseSpec(spec string) error {
	_, err := cron.ParseStandard(spec)
	return err
}

// Scheduler owns the cron instance.
type Scheduler struct {
	st   *store.Store
	cfg  Config
	log  *slog.Logger
	cron *cron.Cron
	ctx  context.Context
	stop context.CancelFunc

	mu      sync.Mutex    // guards the retry of a failed AfterLoad:
	wait    time.Duration // the last wait (0: no failure since the last success)
	retryAt time.Time     // not before then
}

// New prepares the jobs; Start runs them.
func New(st *store.Store, cfg Config, log *slog.Logger) (*Scheduler, error) {
	if cfg.InboxSchedule == "" {
		cfg.InboxSchedule = "@every 1m"
	}
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = time.Minute
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 5 * time.Minute}
	}
	cl := cronLogger{log}
	c := cron.New(cron.WithChain(cron.Recover(cl), cron.SkipIfStillRunning(cl)), cron.WithLogger(cl))
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{st: st, cfg: cfg, log: log, cron: c, ctx: ctx, stop: cancel}
	if cfg.Inbox != "" {
		if _, err := c.AddFunc(cfg.InboxSchedule, func() { s.runJob("inbox", s.ScanInbox) }); err != nil {
			return nil, fmt.Errorf("inbox schedule %q: %w", cfg.InboxSchedule, err)
		}
		metrics.Job("inbox")
	}
	for _, src := range cfg.Sources {
		spec := src.Schedule
		if spec == "" {
			spec = "@hourly"
		}
		if _, err := c.AddFunc(spec, func() {
			s.runJob("source:"+src.Name, func(ctx context.Context) ([]ingest.Result, error) { return s.Fetch(ctx, src) })
		}); err != nil {
			return nil, fmt.Errorf("source %s schedule %q: %w", src.Name, spec, err)
		}
		metrics.Job("source:" + src.Name)
	}
	for _, t := range cfg.Tasks {
		if _, err := c.AddFunc(t.Spec, func() { s.runTask(t) }); err != nil {
			return nil, fmt.Errorf("%s schedule %q: %w", t.Name, t.Spec, err)
		}
		metrics.Job(t.Name)
	}
	return s, nil
}

// Start starts the schedule in the background.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops scheduling and waits (until ctx ends) for a running job.
func (s *Scheduler) Stop(ctx context.Context) error {
	done := s.cron.Stop()
	select {
	case <-done.Done():
		s.stop()
		return nil
	case <-ctx.Done():
		s.stop() // cancel the running job's context
		return ctx.Err()
	}
}

// runJob runs one job, records it, and calls AfterLoad when data changed.
func (s *Scheduler) runJob(name string, job func(ctx context.Context) ([]ingest.Result, error)) {
	start := time.Now().UTC()
	results, err := job(s.ctx)
	loaded := 0
	for _, r := range results {
		if r.Outcome == ingest.Loaded {
			loaded++
		}
		metrics.Load(r.Outcome, r.RowsLoaded, r.RowsRejected)
	}
	retried := false
	if err == nil && s.cfg.AfterLoad != nil {
		if loaded > 0 {
			err = s.afterLoad()
		} else if s.retryDue() {
			retried = true
			err = s.afterLoad()
		}
	}
	metrics.JobRun(name, err)
	outcome, msg := "ok", fmt.Sprintf("%d file(s), %d loaded", len(results), loaded)
	if retried {
		msg = "after a failed refresh, the data loaded before is now refreshed and published"
	}
	if err != nil {
		outcome, msg = "failed", err.Error()
		s.log.Error("job failed", "job", name, "err", err)
	} else if len(results) > 0 || retried {
		s.log.Info("job done", "job", name, "files", len(results), "loaded", loaded, "retried_refresh", retried)
	}
	if len(results) == 0 && err == nil && !retried {
		return // nothing happened: keep the run history readable
	}
	s.record(name, start, outcome, msg)
}

// afterLoad runs AfterLoad and sets when a failure is retried.
func (s *Scheduler) afterLoad() error {
	err := s.cfg.AfterLoad(s.ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		s.wait, s.retryAt = 0, time.Time{}
		return nil
	}
	s.wait = min(max(2*s.wait, s.cfg.RetryAfter), time.Hour)
	s.retryAt = time.Now().Add(s.wait)
	if s.cfg.Unpublished != nil {
		s.log.Warn("the refresh after a load failed: tried again on a run after the wait", "wait", s.wait.String())
	}
	return err
}

// retryDue reports whether AfterLoad is owed (Unpublished) and its wait is
// over.
func (s *Scheduler) retryDue() bool {
	if s.cfg.Unpublished == nil {
		return false
	}
	s.mu.Lock()
	due := !time.Now().Before(s.retryAt)
	s.mu.Unlock()
	if !due {
		return false
	}
	owed, err := s.cfg.Unpublished(s.ctx)
	if err != nil {
		s.log.Warn("unpublished data: cannot tell", "err", err)
	}
	return err == nil && owed
}

// runTask runs one task and records it, whatever happened.
func (s *Scheduler) runTask(t Task) {
	start := time.Now().UTC()
	msg, err := t.Run(s.ctx)
	metrics.JobRun(t.Name, err)
	outcome := "ok"
	if err != nil {
		outcome, msg = "failed", err.Error()
		s.log.Error("job failed", "job", t.Name, "err", err)
	} else {
		s.log.Info("job done", "job", t.Name, "result", msg, "ms", time.Since(start).Milliseconds())
	}
	s.record(t.Name, start, outcome, msg)
}

func (s *Scheduler) record(name string, start time.Time, outcome, msg string) {
	werr := s.st.Write(context.WithoutCancel(s.ctx), func(ctx context.Context, c *sql.Conn) error {
		_, err := c.ExecContext(ctx, "INSERT INTO job_runs VALUES (?, ?, ?, ?, ?)", name, start, time.Now().UTC(), outcome, msg)
		return err
	})
	if werr != nil {
		s.log.Error("record job run", "job", name, "err", werr)
	}
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
