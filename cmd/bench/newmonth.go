package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// A body's new month: one meeting of an existing body in a month of the
// data's last year (deliveryMonth), and an attendance row for each representative in office
// then, written as a meetings and an attendance file in the contract's
// format (the generator's columns), to load as a monthly delivery would
// arrive.

// monthFiles describes the files written.
type monthFiles struct {
	Body       string   `json:"body"`
	Month      string   `json:"month"` // YYYY-MM
	MeetingID  string   `json:"meeting_id"`
	Date       string   `json:"date"`
	Attendance int      `json:"attendance_rows"`
	Files      []string `json:"-"`
}

// latestMeeting reads meetings.csv: the date of the last meeting and its
// body (the smallest body id among those meeting that day), an active body
// whose members are in office.
func latestMeeting(path string) (body string, last time.Time, err error) {
	err = eachRow(path, []string{"body_id", "date"}, func(r []string) error {
		d, err := time.Parse(time.DateOnly, r[1])
		if err != nil {
			return err
		}
		if d.After(last) || d.Equal(last) && r[0] < body {
			body, last = r[0], d
		}
		return nil
	})
	if err == nil && body == "" {
		err = errors.New(path + ": no meeting")
	}
	return body, last, err
}

// deliveryMonth is the first day of the month of last (n = 1: the refresh
// section's delivery) or n-1 months before it (serve's upload): inside the
// data's current year, as a region's monthly delivery is. (A month after
// the last date would open a new year: a new period for every scope.)
func deliveryMonth(last time.Time, n int) time.Time {
	return time.Date(last.Year(), last.Month()-time.Month(n-1), 1, 0, 0, 0, 0, time.UTC)
}

// meetingDay is the first weekday from the 15th of the month.
func meetingDay(month time.Time) time.Time {
	d := time.Date(month.Year(), month.Month(), 15, 0, 0, 0, 0, time.UTC)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// writeBodyMonth writes the meeting of body in month (its first day) and its
// attendance, read from the set's memberships.csv, into outDir.
func writeBodyMonth(setDir, outDir, body string, month time.Time) (monthFiles, error) {
	day := meetingDay(month)
	date := day.Format(time.DateOnly)
	mf := monthFiles{Body: body, Month: month.Format("2006-01"), Date: date,
		MeetingID: fmt.Sprintf("MB%s-%s", month.Format("200601"), body)}
	type member struct{ org, person, gender string }
	var members []member
	seen := map[[2]string]bool{}
	err := eachRow(filepath.Join(setDir, "memberships.csv"), []string{"body_id", "org_id", "person_id", "gender", "start", "end"},
		func(r []string) error {
			if r[0] != body || r[4] > date || r[5] != "" && r[5] < date { // ISO dates compare as strings
				return nil
			}
			k := [2]string{r[1], r[2]}
			if !seen[k] {
				seen[k] = true
				members = append(members, member{r[1], r[2], r[3]})
			}
			return nil
		})
	if err != nil {
		return mf, err
	}
	if len(members) == 0 {
		return mf, fmt.Errorf("body %s has nobody in office on %s", body, date)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return mf, err
	}
	stem := "bench-" + body + "-" + mf.Month + ".csv"
	meetings := [][]string{{"meeting_id", "body_id", "date", "phase", "mode", "notice_date", "documents_date", "minutes_published", "topics"},
		{mf.MeetingID, body, date, "implementation", "remote", day.AddDate(0, 0, -14).Format(time.DateOnly),
			day.AddDate(0, 0, -7).Format(time.DateOnly), "", "indicators|priorities"}}
	attendance := [][]string{{"meeting_id", "org_id", "person_id", "gender", "invited", "present", "delegated"}}
	for i, m := range members {
		present := i%5 != 4 // four in five come
		attendance = append(attendance, []string{mf.MeetingID, m.org, m.person, m.gender, "true", fmt.Sprint(present), "false"})
	}
	mf.Attendance = len(members)
	for _, f := range []struct {
		name string
		rows [][]string
	}{{"meetings-" + stem, meetings}, {"attendance-" + stem, attendance}} {
		p := filepath.Join(outDir, f.name)
		if err := writeCSV(p, f.rows); err != nil {
			return mf, err
		}
		mf.Files = append(mf.Files, p)
	}
	return mf, nil
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// eachRow calls fn with the named columns of every row of a CSV file with a
// header.
func eachRow(path string, cols []string, fn func([]string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = -1
		for j, h := range header {
			if h == c {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return fmt.Errorf("%s: no column %s", path, c)
		}
	}
	out := make([]string, len(cols))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i, j := range idx {
			out[i] = rec[j]
		}
		if err := fn(out); err != nil {
			return err
		}
	}
}
