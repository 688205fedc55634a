package backup

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/schedule"
)

// The backup as the scheduler runs it in serve: on a short schedule, with
// loads still going through the same writer, pruned to keep.
func TestScheduledBackupRunsAndPrunes(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, filepath.Join(dir, "o.duckdb"))
	load(t, st, moreOrganisations(t))
	backups := filepath.Join(dir, "backups")
	const keep = 2
	s, err := schedule.New(st, schedule.Config{Tasks: []schedule.Task{
		{Name: "backup", Spec: "@every 1s", Run: Job(st, backups, keep)}}},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	runs := func() (n int) {
		st.DB().QueryRow("SELECT count(*) FROM job_runs WHERE job = 'backup' AND outcome = 'ok'").Scan(&n)
		return n
	}
	deadline := time.Now().Add(20 * time.Second)
	for runs() < keep+2 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := runs(); n < keep+2 {
		t.Fatalf("%d backup runs recorded, want at least %d", n, keep+2)
	}
	var failed int
	st.DB().QueryRow("SELECT count(*) FROM job_runs WHERE job = 'backup' AND outcome <> 'ok'").Scan(&failed)
	if failed > 0 {
		t.Errorf("%d backup runs failed", failed)
	}
	left, err := List(backups)
	if err != nil || len(left) != keep {
		t.Fatalf("backups left: %v %v, want %d", left, err, keep)
	}
	// The newest is the last run's, and it is a whole database.
	var last string
	st.DB().QueryRow("SELECT message FROM job_runs WHERE job = 'backup' ORDER BY started DESC LIMIT 1").Scan(&last)
	if !strings.HasPrefix(last, filepath.Base(left[0])) {
		t.Errorf("newest backup %s, last run said %q", left[0], last)
	}
	for _, p := range left {
		m, err := ReadManifest(p)
		if err != nil || m.DataVersion != 1 {
			t.Errorf("%s: manifest %+v %v", p, m, err)
		}
		if s := status(t, openStore(t, p)); s.DataVersion != 1 || s.Tables[0].Rows != 2 {
			t.Errorf("%s holds %+v", p, s)
		}
	}
}
