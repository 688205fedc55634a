package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// server is osservatorio serve running on the set's database, on a free
// loopback port, with no rate limit (32 clients share one address), long
// research queries allowed, no sample, no scheduled backup.
type server struct {
	cmd        *exec.Cmd
	base       string // http://127.0.0.1:port
	researcher string // tokens
	admin      string
	done       chan struct{}
	waitErr    error
	log        *os.File
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// tokens creates a researcher's and an admin's token (before serve opens
// the database: one process at a time holds it).
func (e *env) tokens(ctx context.Context) (researcher, admin string, err error) {
	for _, t := range []struct {
		role string
		dst  *string
	}{{"researcher", &researcher}, {"admin", &admin}} {
		r, err := runProc(ctx, e.bin, "tokens", "add", "--db", e.db, "--role", t.role, "--name", "bench-"+t.role)
		if err != nil {
			return "", "", err
		}
		*t.dst = strings.TrimSpace(string(r.Stdout))
	}
	return researcher, admin, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// serveConfig is the configuration file serve runs with.
func serveConfig(listen, db, inbox, asOf, memory, goMemory string) string {
	extra := ""
	if goMemory != "" {
		extra = fmt.Sprintf("go_memory_limit: %q\n", goMemory)
	}
	return fmt.Sprintf(`# written by cmd/bench
listen: %q
db: %q
inbox: %q
as_of: %q
sample: false
backup_schedule: "off"
rate_per_second: -1
sql_timeout: 30m
log_level: warn
memory_limit: %q
`, listen, db, inbox, asOf, memory) + extra
}

// startServe starts serve and waits until /readyz answers (serve computes
// the indicators it lacks before it listens).
func (e *env) startServe(ctx context.Context) (*server, *serveFigs, error) {
	researcher, admin, err := e.tokens(ctx)
	if err != nil {
		return nil, nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	listen := fmt.Sprintf("127.0.0.1:%d", port)
	cfg := filepath.Join(e.work, "serve.yaml")
	if err := os.WriteFile(cfg, []byte(serveConfig(listen, e.db, filepath.Join(e.work, "inbox"), e.asOf, e.o.Memory, e.o.GoMemory)), 0o644); err != nil {
		return nil, nil, err
	}
	logf, err := os.Create(filepath.Join(e.work, "serve.log"))
	if err != nil {
		return nil, nil, err
	}
	s := &server{base: "http://" + listen, researcher: researcher, admin: admin, done: make(chan struct{}), log: logf}
	s.cmd = exec.Command(e.bin, "serve", "--config", cfg, "--no-sample")
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		logf.Close()
		return nil, nil, err
	}
	go func() { s.waitErr = s.cmd.Wait(); close(s.done) }()
	e.log.Info("serve started", "pid", s.pid(), "url", s.base, "log", logf.Name())
	sf := &serveFigs{}
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		select {
		case <-s.done:
			logf.Close()
			return nil, nil, fmt.Errorf("serve exited before it was ready (%v): see %s", s.waitErr, logf.Name())
		case <-ctx.Done():
			s.stop()
			return nil, nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		resp, err := client.Get(s.base + "/readyz")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
	}
	sf.StartSeconds = secs(time.Since(start))
	if m, err := procMem(s.pid()); err == nil {
		sf.RSSStartMB = kbToMB(m.RSSKB)
	}
	e.log.Info("serve ready", "seconds", sf.StartSeconds, "rss_mb", sf.RSSStartMB)
	return s, sf, nil
}

// stop ends serve as an operator would (SIGTERM: it finishes its requests
// and checkpoints) and returns its whole life's peak memory.
func (s *server) stop() (peakKB int64, took time.Duration, err error) {
	start := time.Now()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(3 * time.Minute):
		s.cmd.Process.Kill()
		<-s.done
		err = errors.New("serve did not stop within 3 minutes: killed")
	}
	s.log.Close()
	if s.cmd.ProcessState != nil {
		peakKB = maxRSSKB(s.cmd.ProcessState)
	}
	if err == nil && s.waitErr != nil {
		err = fmt.Errorf("serve: %w (see %s)", s.waitErr, s.log.Name())
	}
	return peakKB, time.Since(start), err
}
