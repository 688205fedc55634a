package indicator

import (
	"context"
	"database/sql"
	"testing"
)

// workingDays is the documented rule on the calendar_it table.
const workingDaysSQL = `SELECT CASE WHEN a.d >= m.d THEN 0 ELSE m.cum_before - a.cum END
	FROM calendar_it a, calendar_it m WHERE a.d = CAST(? AS DATE) AND m.d = CAST(? AS DATE)`

func TestWorkingDays(t *testing.T) {
	st := openEmpty(t)
	db := st.DB()
	cases := []struct {
		dispatch, meeting string
		want              int
		why               string
	}{
		{"2023-04-20", "2023-05-10", 11, "Fri 21; 24, 26-28 (Tue 25 Apr off); 2-5 (Mon 1 May off); 8, 9"},
		{"2023-04-26", "2023-05-10", 8, "27, 28; 2-5; 8, 9"},
		{"2024-03-15", "2024-04-03", 11, "18-22, 25-29 (Good Friday works); Easter Monday 1 Apr off; 2 Apr"},
		{"2025-04-17", "2025-04-29", 5, "Fri 18; Easter Monday 21 off; 22-24; Fri 25 Apr off; Mon 28"},
		{"2024-04-24", "2024-04-26", 0, "only Thu 25 Apr in between, a holiday"},
		{"2023-05-22", "2023-06-06", 9, "23-26, 29-31, Thu 1 Jun; Fri 2 Jun off; Mon 5"},
		{"2025-05-29", "2025-06-05", 3, "Fri 30; Mon 2 Jun off; 3, 4"},
		{"2024-05-29", "2024-06-12", 9, "30, 31; 2 Jun is a Sunday; 3-7, 10, 11"},
		{"2023-12-07", "2023-12-27", 10, "Fri 8 Dec off; 11-15, 18-22; 25, 26 Dec off"},
		{"2024-12-20", "2025-01-08", 8, "23, 24, 27, 30, 31; 1 Jan off; 2, 3; Mon 6 Jan off; 7"},
		{"2024-08-12", "2024-08-19", 3, "13, 14, 16 (Thu 15 Aug off)"},
		{"2024-10-30", "2024-11-05", 2, "Thu 31, Mon 4 (Fri 1 Nov off)"},
		{"2024-05-30", "2024-06-03", 1, "Fri 31 May"},
		{"2024-05-31", "2024-06-03", 0, "a weekend in between"},
		{"2024-06-11", "2024-06-12", 0, "the day before the meeting: nothing strictly in between"},
		{"2024-06-12", "2024-06-12", 0, "same day"},
		{"2024-06-20", "2024-06-12", 0, "after the meeting: 0, never negative"},
	}
	for _, c := range cases {
		var got int
		if err := db.QueryRow(workingDaysSQL, c.dispatch, c.meeting).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s -> %s: %d working days, want %d (%s)", c.dispatch, c.meeting, got, c.want, c.why)
		}
	}

	// Easter Monday from the computed Easter Sunday.
	for _, d := range []string{"2000-04-24", "2011-04-25", "2019-04-22", "2024-04-01", "2025-04-21", "2038-04-26"} {
		var h sql.NullString
		if err := db.QueryRow("SELECT holiday FROM calendar_it WHERE d = CAST(? AS DATE)", d).Scan(&h); err != nil {
			t.Fatal(err)
		}
		// 2011-04-25 is both Easter Monday and Liberation Day: either name will do.
		if !h.Valid || (h.String != "easter_monday" && d != "2011-04-25") {
			t.Errorf("%s: holiday %v, want easter_monday", d, h)
		}
	}
	// Working days in a year: 2024 has 262 weekdays, 8 holidays on a weekday (1/1, Easter
	// Monday 1/4, 25/4, 1/5, 15/8, 1/11, 25/12, 26/12) -> 254; 2023 has 260 weekdays and 10
	// (6/1, 10/4, 25/4, 1/5, 2/6, 15/8, 1/11, 8/12, 25/12, 26/12) -> 250.
	for year, want := range map[int]int{2024: 254, 2023: 250} {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM calendar_it WHERE working AND year(d) = ?", year).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%d: %d working days, want %d", year, n, want)
		}
	}
}

// The refresh's own path: the working days _prepare.sql computes per meeting.
func TestPreparedWorkingDays(t *testing.T) {
	ctx := context.Background()
	st := loadFixture(t)
	want := map[string][2]sql.NullInt64{
		"M1": {{Int64: 11, Valid: true}, {Int64: 8, Valid: true}},
		"M2": {{Int64: 11, Valid: true}, {Int64: 11, Valid: true}},
		"M3": {{}, {Int64: 9, Valid: true}},
		"M4": {{Int64: 0, Valid: true}, {Int64: 0, Valid: true}},
		"M5": {{Int64: 9, Valid: true}, {Int64: 9, Valid: true}},
		"M6": {{Int64: 13, Valid: true}, {Int64: 11, Valid: true}},
		"M7": {{Int64: 10, Valid: true}, {Int64: 8, Valid: true}},
	}
	err := st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		defer cleanup(context.WithoutCancel(ctx), conn)
		if _, err := conn.ExecContext(ctx, "SET VARIABLE as_of = DATE '2025-03-31'"); err != nil {
			return err
		}
		if err := runFile(ctx, conn, "_prepare.sql", nil); err != nil {
			return err
		}
		rows, err := conn.QueryContext(ctx, "SELECT meeting_id, notice_wd, documents_wd FROM ind_meeting")
		if err != nil {
			return err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var id string
			var nw, dw sql.NullInt64
			if err := rows.Scan(&id, &nw, &dw); err != nil {
				return err
			}
			n++
			if w := want[id]; nw != w[0] || dw != w[1] {
				t.Errorf("%s: notice %v documents %v, want %v %v", id, nw, dw, w[0], w[1])
			}
		}
		if n != len(want) {
			t.Errorf("%d meetings, want %d", n, len(want))
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// cleanup leaves nothing of a refresh on the pooled connection.
func TestCleanupLeavesNothing(t *testing.T) {
	ctx := context.Background()
	st := loadFixture(t)
	err := st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, "SET VARIABLE as_of = DATE '2025-03-31'"); err != nil {
			return err
		}
		if err := runFile(ctx, conn, "_prepare.sql", nil); err != nil {
			return err
		}
		cleanup(ctx, conn)
		var tables, macros int
		if err := conn.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM duckdb_tables() WHERE temporary AND starts_with(table_name, 'ind_')),
			(SELECT count(*) FROM duckdb_functions() WHERE database_name = 'temp' AND starts_with(function_name, 'ind_'))`).Scan(&tables, &macros); err != nil {
			return err
		}
		var v sql.NullString
		conn.QueryRowContext(ctx, "SELECT CAST(getvariable('as_of') AS VARCHAR)").Scan(&v)
		if tables != 0 || macros != 0 || v.Valid {
			t.Errorf("left behind: %d tables, %d macros, as_of %v", tables, macros, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
