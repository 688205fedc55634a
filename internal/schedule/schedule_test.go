package schedule

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

const orgsCSV = "org_id,name,category\nO1,Comune di Matera,institutional\nO2,Legambiente Basilicata,environmental\n"

func setup(t *testing.T) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), store.Options{Path: filepath.Join(dir, "s.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	inbox := filepath.Join(dir, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	return st, inbox
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// writeOld writes a file and backdates it, so the inbox takes it at once.
func writeOld(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Minute)
	os.Chtimes(path, old, old)
}

func TestScanInboxMovesFiles(t *testing.T) {
	st, inbox := setup(t)
	writeOld(t, filepath.Join(inbox, "organisations.csv"), orgsCSV)
	writeOld(t, filepath.Join(inbox, "attendance.jsonl"), "<html><body>502 Bad Gateway</body></html>\n")
	s, err := New(st, Config{Inbox: inbox}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	results, err := s.ScanInbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 {
		t.Fatalf("results = %+v", results)
	}
	if _, err := os.Stat(filepath.Join(inbox, "loaded", "organisations.csv")); err != nil {
		t.Error("loaded file not moved:", err)
	}
	reason, err := os.ReadFile(filepath.Join(inbox, "refused", "attendance.jsonl.reason.txt"))
	if err != nil || !strings.Contains(string(reason), "bad_format") {
		t.Errorf("reason file: %q %v", reason, err)
	}
	if v, _ := st.DataVersion(context.Background()); v != 1 {
		t.Errorf("data version = %d, want 1", v)
	}
	// Nothing left: a second scan does nothing.
	if again, err := s.ScanInbox(context.Background()); err != nil || len(again) != 0 {
		t.Errorf("second scan: %v %v", again, err)
	}
}

func TestScheduleLoadsDroppedFileWithoutRestart(t *testing.T) {
	st, inbox := setup(t)
	var after atomic.Int32
	s, err := New(st, Config{Inbox: inbox, InboxSchedule: "@every 1s",
		AfterLoad: func(context.Context) error { after.Add(1); return nil }}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	defer s.Stop(context.Background())
	time.Sleep(1200 * time.Millisecond) // the schedule is running with an empty inbox
	writeOld(t, filepath.Join(inbox, "organizzazioni.csv"), orgsCSV)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if v, _ := st.DataVersion(context.Background()); v == 1 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if v, _ := st.DataVersion(context.Background()); v != 1 {
		t.Fatalf("the schedule did not load the dropped file (data version %d)", v)
	}
	time.Sleep(300 * time.Millisecond)
	if after.Load() < 1 {
		t.Error("AfterLoad was not called")
	}
	var runs int
	st.DB().QueryRow("SELECT count(*) FROM job_runs WHERE job = 'inbox' AND outcome = 'ok'").Scan(&runs)
	if runs < 1 {
		t.Error("the run was not recorded")
	}
}

func TestFetchConditionalGET(t *testing.T) {
	st, inbox := setup(t)
	var full, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", `"v1"`)
		io.WriteString(w, orgsCSV)
	}))
	defer srv.Close()
	s, err := New(st, Config{Inbox: inbox, WorkDir: t.TempDir()}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Name: "partner", URL: srv.URL + "/open/organisations.csv"}
	ctx := context.Background()
	res, err := s.Fetch(ctx, src)
	if err != nil || len(res) != 1 || res[0].Outcome != ingest.Loaded || res[0].RowsLoaded != 2 {
		t.Fatalf("first fetch: %+v %v", res, err)
	}
	res, err = s.Fetch(ctx, src)
	if err != nil || len(res) != 0 {
		t.Fatalf("second fetch should be not-modified: %+v %v", res, err)
	}
	if full.Load() != 1 || notModified.Load() != 1 {
		t.Errorf("full=%d notModified=%d", full.Load(), notModified.Load())
	}
	if v, _ := st.DataVersion(ctx); v != 1 {
		t.Errorf("data version = %d", v)
	}
}

func TestStopWaitsForRunningJob(t *testing.T) {
	st, inbox := setup(t)
	s, err := New(st, Config{Inbox: inbox}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	done := atomic.Bool{}
	s.cron.AddFunc("@every 1s", func() { <-release; done.Store(true) })
	s.Start()
	time.Sleep(1500 * time.Millisecond) // the job is now running and blocked
	go func() { time.Sleep(300 * time.Millisecond); close(release) }()
	if err := s.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !done.Load() {
		t.Error("Stop returned before the running job finished")
	}
}

// TestInboxRefusesLinksAndPipes: a link to a good file outside the inbox, a
// link to a file with a secret first line, and a named pipe are refused
// unread, moved to refused/ as they are (the link stays a link, its target
// untouched) with their reason, and nothing is loaded. A link planted in
// refused/ does not redirect the reason file.
func TestInboxRefusesLinksAndPipes(t *testing.T) {
	st, inbox := setup(t)
	outside := t.TempDir()
	good := filepath.Join(outside, "organisations.csv")
	writeOld(t, good, orgsCSV)
	secret := filepath.Join(outside, "passwd")
	writeOld(t, secret, "root:x:0:0:SECRET-FIRST-LINE:/root:/bin/bash\n")
	for name, target := range map[string]string{"organisations.csv": good, "attendance.csv": secret} {
		if err := os.Symlink(target, filepath.Join(inbox, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(inbox, "meetings.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A link planted where the reason file will go must not redirect it.
	victim := filepath.Join(outside, "victim")
	writeOld(t, victim, "untouched")
	if err := os.MkdirAll(filepath.Join(inbox, "refused"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(inbox, "refused", "meetings.csv.reason.txt")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(settle) // the links' own times are now; let them settle
	s, err := New(st, Config{Inbox: inbox}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	type scan struct {
		results []ingest.Result
		err     error
	}
	done := make(chan scan, 1)
	go func() { r, err := s.ScanInbox(context.Background()); done <- scan{r, err} }()
	var got scan
	select {
	case got = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the inbox scan blocked (on the pipe?)")
	}
	if got.err != nil || len(got.results) != 3 {
		t.Fatalf("results %+v, err %v", got.results, got.err)
	}
	for _, r := range got.results {
		if r.Outcome != ingest.Refused || r.Reason != "bad_format" || r.SHA256 != "" {
			t.Errorf("%s: %s %s %q", r.File, r.Outcome, r.Reason, r.Message)
		}
		reason, err := os.ReadFile(filepath.Join(inbox, "refused", r.File+".reason.txt"))
		if err != nil || !strings.Contains(string(reason), "not a regular file") && !strings.Contains(string(reason), "links are not followed") {
			t.Errorf("%s: reason file %q %v", r.File, reason, err)
		}
	}
	if fi, err := os.Lstat(filepath.Join(inbox, "refused", "organisations.csv")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was not moved as a link: %v %v", fi, err)
	}
	if b, err := os.ReadFile(good); err != nil || string(b) != orgsCSV {
		t.Errorf("the link's target changed: %q %v", b, err)
	}
	if b, err := os.ReadFile(victim); err != nil || string(b) != "untouched" {
		t.Errorf("the reason file was written through a planted link: %q %v", b, err)
	}
	var logged string
	if err := st.DB().QueryRow("SELECT string_agg(message, ' ') FROM loads").Scan(&logged); err != nil || strings.Contains(logged, "SECRET") {
		t.Errorf("load log %q %v", logged, err)
	}
	if v, _ := st.DataVersion(context.Background()); v != 0 {
		t.Errorf("data version = %d, want 0", v)
	}
}

func TestTasksAreRunAndRecorded(t *testing.T) {
	st, _ := setup(t)
	var ok, bad atomic.Int32
	s, err := New(st, Config{Tasks: []Task{
		{Name: "good", Spec: "@every 1s", Run: func(context.Context) (string, error) { ok.Add(1); return "done", nil }},
		{Name: "bad", Spec: "@every 1s", Run: func(context.Context) (string, error) { bad.Add(1); return "", io.ErrUnexpectedEOF }},
	}}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	deadline := time.Now().Add(10 * time.Second)
	for (ok.Load() < 1 || bad.Load() < 1) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	var okRuns, failed int
	st.DB().QueryRow("SELECT count(*) FROM job_runs WHERE job = 'good' AND outcome = 'ok' AND message = 'done'").Scan(&okRuns)
	st.DB().QueryRow("SELECT count(*) FROM job_runs WHERE job = 'bad' AND outcome = 'failed' AND message = 'unexpected EOF'").Scan(&failed)
	if okRuns < 1 || failed < 1 {
		t.Errorf("recorded runs: ok %d, failed %d", okRuns, failed)
	}
}

func TestParseSpec(t *testing.T) {
	for _, spec := range []string{"@every 1m", "0 3 * * *", "*/5 * * * *", "@hourly"} {
		if err := ParseSpec(spec); err != nil {
			t.Errorf("%q: %v", spec, err)
		}
	}
	for _, spec := range []string{"", "every minute", "0 3 * *", "0 0 3 * * *", "@every soon"} {
		if err := ParseSpec(spec); err == nil {
			t.Errorf("%q should not parse", spec)
		}
	}
	if _, err := New(nil, Config{Tasks: []Task{{Name: "backup", Spec: "nightly"}}}, quiet()); err == nil ||
		!strings.Contains(err.Error(), `backup schedule "nightly"`) {
		t.Errorf("a bad task spec: %v", err)
	}
}

// A refresh that fails after a load is tried again on later runs that load
// nothing, while data waits unpublished, after a wait that doubles with
// each failure; once it succeeds, no more. Each retry is recorded.
func TestFailedRefreshIsRetried(t *testing.T) {
	st, inbox := setup(t)
	var mu sync.Mutex
	var calls []time.Time
	var published int64 // the data version last refreshed, as serve publishes it
	s, err := New(st, Config{Inbox: inbox, InboxSchedule: "@every 1s", RetryAfter: 1500 * time.Millisecond,
		AfterLoad: func(ctx context.Context) error {
			mu.Lock()
			defer mu.Unlock()
			calls = append(calls, time.Now())
			if len(calls) < 3 {
				return errors.New("out of memory")
			}
			published, _ = st.DataVersion(ctx)
			return nil
		},
		Unpublished: func(ctx context.Context) (bool, error) {
			v, err := st.DataVersion(ctx)
			mu.Lock()
			defer mu.Unlock()
			return v > published, err
		}}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	s.runJob("inbox", s.ScanInbox) // nothing loaded, nothing owed: no call
	writeOld(t, filepath.Join(inbox, "organizzazioni.csv"), orgsCSV)
	s.Start()
	defer s.Stop(context.Background())
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		done := published == 1
		mu.Unlock()
		if done {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(2500 * time.Millisecond) // the runs after the success call nothing
	mu.Lock()
	defer mu.Unlock()
	if len(calls) != 3 || published != 1 {
		t.Fatalf("AfterLoad called %d times, published version %d; want 3 (two failures, then the success) and 1", len(calls), published)
	}
	// The first retry waits RetryAfter, the second twice that (the runs
	// come every second: without the doubling it would come after 2 s).
	if d := calls[1].Sub(calls[0]); d < 1500*time.Millisecond {
		t.Errorf("first retry after %v", d)
	}
	if d := calls[2].Sub(calls[1]); d < 3*time.Second {
		t.Errorf("second retry after %v", d)
	}
	var failed, retried int
	st.DB().QueryRow("SELECT count_if(outcome = 'failed'), count_if(outcome = 'ok' AND message LIKE 'after a failed refresh%') FROM job_runs WHERE job = 'inbox'").
		Scan(&failed, &retried)
	if failed != 2 || retried != 1 {
		t.Errorf("recorded %d failed runs and %d retries, want 2 and 1", failed, retried)
	}
}
