package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run this binary as the real program in a child
// process (OSSERVATORIO_TEST_AS_MAIN=1): a server that another process sees
// holding the database, stopped by a real SIGTERM.
func TestMain(m *testing.M) {
	if os.Getenv("OSSERVATORIO_TEST_AS_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// startServe runs `osservatorio serve args...` in a child process and waits
// until it serves; it returns its address, its log and the process.
func startServe(t *testing.T, args ...string) (string, *syncBuffer, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve"}, args...)...)
	cmd.Env = append(os.Environ(), "OSSERVATORIO_TEST_AS_MAIN=1")
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan int, 1)
	go func() { cmd.Wait(); exited <- cmd.ProcessState.ExitCode() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	})
	return servingURL(t, logs, exited), logs, cmd
}

// shutdownSteps are serve's shutdown messages, in the order they must come.
var shutdownSteps = []string{
	"shutdown: stopping the HTTP server: no new connections, waiting for running requests",
	"shutdown: HTTP server stopped",
	"shutdown: stopping the scheduler: no new jobs, waiting for the running one",
	"shutdown: scheduler stopped",
	"shutdown: checkpoint",
	"shutdown: checkpoint done",
	"shutdown: closing the database",
	"shutdown: database closed",
	"shutdown: complete",
}

// checkShutdown checks serve's JSON log for every shutdown step in order, and
// that the checkpoint left no WAL beside the database.
func checkShutdown(t *testing.T, logs, db string) {
	t.Helper()
	var msgs []string
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec struct{ Msg string }
		if json.Unmarshal([]byte(line), &rec) == nil && strings.HasPrefix(rec.Msg, "shutdown: ") {
			msgs = append(msgs, rec.Msg)
		}
	}
	i := 0
	for _, m := range msgs {
		if i < len(shutdownSteps) && m == shutdownSteps[i] {
			i++
		}
	}
	if i != len(shutdownSteps) {
		t.Errorf("shutdown log %q\nwant in order %q", msgs, shutdownSteps)
	}
	if fi, err := os.Stat(db + ".wal"); err == nil && fi.Size() > 0 {
		t.Errorf("WAL left after shutdown: %d bytes", fi.Size())
	}
}

// While serve runs, restore and backup are refused with a plain reason and
// the server goes on; after a SIGTERM it shuts down in order, and the
// restore goes through.
func TestRestoreIsRefusedWhileServeRuns(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "live.duckdb")
	if code, _, errs := runCLI(t, "load", "--db", db, "../../data/sample"); code != exitOK {
		t.Fatal(errs)
	}
	before := statusOf(t, db)
	code, out, errs := runCLI(t, "backup", "--db", db)
	if code != exitOK {
		t.Fatal(errs)
	}
	bak := strings.SplitN(out, "\n", 2)[0]
	more := writeFile(t, t.TempDir(), "organisations.csv", "org_id,name,category\nR1,Ente,institutional\n")
	runCLI(t, "load", "--db", db, more)

	cfg := writeFile(t, dir, "osservatorio.yaml", "backup_schedule: \"off\"\nas_of: 2025-12-31\nthreads: 2\nmemory_limit: 1GB\nlog_format: json\n")
	base, logs, server := startServe(t, "--config", cfg, "--db", db, "--listen", "127.0.0.1:0",
		"--inbox", filepath.Join(dir, "inbox"), "--no-sample")

	code, _, errs = runCLI(t, "restore", "--db", db, bak)
	if code != exitFailed || !strings.Contains(errs, "in use by another process") || !strings.Contains(errs, "stop it first") {
		t.Errorf("restore while serving: exit %d %q", code, errs)
	}
	code, _, errs = runCLI(t, "backup", "--db", db)
	if code != exitFailed || !strings.Contains(errs, "in use by another process") || !strings.Contains(errs, "backup_schedule") {
		t.Errorf("backup while serving: exit %d %q", code, errs)
	}
	if s := get(t, base+"/api/status"); !strings.Contains(s, `"data_version":7`) {
		t.Errorf("the server after the refused restore: %s", s)
	}
	if entries, _ := filepath.Glob(db + ".*"); len(entries) > 1 { // the WAL at most
		t.Errorf("the refused restore left files: %v", entries)
	}

	server.Process.Signal(syscall.SIGTERM)
	deadline := time.Now().Add(60 * time.Second)
	for server.ProcessState == nil && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if server.ProcessState == nil || server.ProcessState.ExitCode() != 0 {
		t.Fatalf("serve after SIGTERM: %v\n%s", server.ProcessState, logs.String())
	}
	checkShutdown(t, logs.String(), db)

	if code, out, errs := runCLI(t, "restore", "--db", db, bak); code != exitOK {
		t.Fatalf("restore after serve stopped: exit %d %s %s", code, out, errs)
	}
	if after := statusOf(t, db); after.DataVersion != before.DataVersion {
		t.Errorf("data version after restore %d, want %d", after.DataVersion, before.DataVersion)
	}
}
