package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/generate"
	"osservatorio/internal/ingest"
	"osservatorio/internal/store"
)

// A body's new month, written from a small generated set, loads through the
// real loader with no reject, after the data's last date.
func TestBodyMonthLoads(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	set := filepath.Join(dir, "set")
	if _, err := generate.Write(ctx, set, generate.Options{Orgs: 400, Bodies: 30}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(dir, "t.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, err := ingest.Expand([]string{set})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(ctx, st, files, ingest.Options{}); err != nil {
		t.Fatal(err)
	}

	body, last, err := latestMeeting(filepath.Join(set, "meetings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var dbLast time.Time
	if err := st.DB().QueryRow("SELECT max(date) FROM meetings").Scan(&dbLast); err != nil {
		t.Fatal(err)
	}
	if !last.Equal(dbLast) {
		t.Fatalf("latest meeting %s, the database's %s", last, dbLast)
	}
	for n := 1; n <= 2; n++ { // the refresh section's month, then serve's
		month := deliveryMonth(last, n)
		mf, err := writeBodyMonth(set, filepath.Join(dir, "months"), body, month)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(mf.Date, strconv.Itoa(last.Year())) || mf.Month != month.Format("2006-01") || mf.Attendance == 0 {
			t.Fatalf("month %d: %+v, not in the last year (last meeting %s)", n, mf, last.Format(time.DateOnly))
		}
		if d, _ := time.Parse(time.DateOnly, mf.Date); d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			t.Errorf("the meeting falls on a %s", d.Weekday())
		}
		res, err := ingest.Load(ctx, st, mf.Files, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int64{}
		for _, r := range res {
			if r.Outcome != ingest.Loaded || r.RowsRejected != 0 {
				t.Fatalf("%s: %s, %d rejected: %+v", r.File, r.Outcome, r.RowsRejected, r.Rejects)
			}
			kinds[r.Kind] = r.RowsLoaded
		}
		if kinds["meetings"] != 1 || kinds["attendance"] != int64(mf.Attendance) {
			t.Errorf("month %d loaded %v, want 1 meeting and %d attendance rows", n, kinds, mf.Attendance)
		}
		var rows int64
		st.DB().QueryRow("SELECT count(*) FROM attendance WHERE meeting_id = ?", mf.MeetingID).Scan(&rows)
		if rows != int64(mf.Attendance) {
			t.Errorf("month %d: %d rows in the database, %d written", n, rows, mf.Attendance)
		}
	}
}

func TestDeliveryMonthAndMeetingDay(t *testing.T) {
	last := time.Date(2025, 12, 22, 0, 0, 0, 0, time.UTC)
	if got := deliveryMonth(last, 1); !got.Equal(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("deliveryMonth(1) = %s", got)
	}
	if got := deliveryMonth(last, 2); !got.Equal(time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("deliveryMonth(2) = %s", got)
	}
	// 15 March 2026 is a Sunday.
	if got := meetingDay(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); got.Format(time.DateOnly) != "2026-03-16" {
		t.Errorf("meetingDay = %s", got)
	}
}
