package store

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestHelperHoldsDatabase is not a test: run as a subprocess with
// STORE_TEST_HOLD set, it opens that database as serve does and keeps it
// open until its stdin closes, so the lock is held by another process.
func TestHelperHoldsDatabase(t *testing.T) {
	path := os.Getenv("STORE_TEST_HOLD")
	if path == "" {
		t.Skip("helper process only")
	}
	s, err := Open(context.Background(), Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("ready\n")
	io.Copy(io.Discard, os.Stdin)
	s.Close()
}

// holdInOtherProcess opens path in a child process; the returned function
// closes it there.
func holdInOtherProcess(t *testing.T, path string) func() {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldsDatabase$")
	cmd.Env = append(os.Environ(), "STORE_TEST_HOLD="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		cmd.Process.Kill()
		t.Fatalf("helper process: %q %v", line, err)
	}
	return func() { stdin.Close(); cmd.Wait() }
}

func TestOpenAndHoldReportInUse(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "o.duckdb")
	s, err := Open(ctx, Options{Path: path}) // create it
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	release := holdInOtherProcess(t, path)
	if _, err := Open(ctx, Options{Path: path}); !errors.Is(err, ErrInUse) {
		t.Errorf("Open while another process has it: err = %v, want ErrInUse", err)
	}
	if _, err := Hold(path); !errors.Is(err, ErrInUse) {
		t.Errorf("Hold while another process has it: err = %v, want ErrInUse", err)
	}
	release()

	free, err := Hold(path)
	if err != nil {
		t.Fatalf("Hold of a free file: %v", err)
	}
	if _, err := Hold(filepath.Join(t.TempDir(), "missing.duckdb")); err != nil {
		t.Errorf("Hold of a missing file: %v", err)
	}
	if err := free(); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(ctx, Options{Path: path}); err != nil {
		t.Errorf("Open after release: %v", err)
	} else {
		s.Close()
	}
}

func TestCheckpointEmptiesTheWAL(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if _, err := s.DB().Exec("INSERT INTO data_versions VALUES (1, NULL, now())"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(s.Path() + ".wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("expected a WAL after a write: %v", err)
	}
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(s.Path() + ".wal"); err == nil && fi.Size() > 0 {
		t.Errorf("WAL after CHECKPOINT: %d bytes", fi.Size())
	}
}
