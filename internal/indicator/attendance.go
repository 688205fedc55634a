package indicator

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// The attendance pass reads the attendance rows once (with dense keys, see
// _attendance.sql) and groups them in Go, meeting by meeting: grouping 10 M
// rows by (meeting, organisation) in DuckDB means a hash table of nearly as
// many groups, while here the rows of a meeting are together after a
// counting sort and an organisation's rows are merged with a stamp array.
// It writes ind_bo_att (per body, year and organisation) and hands the
// present (meeting, organisation) pairs to the network step.

// Flags of an attendance row, packed by _attendance.sql.
const (
	attInvited = 1 << iota // invited
	attPresent             // present OR delegated
	attPID                 // present, with a person_id
	attPIDG                // present, with a person_id and gender F, M or X
)

// attendancePass fills in.presStart/presOrgs and writes ind_bo_att.
func attendancePass(ctx context.Context, conn *sql.Conn, in *netInput) error {
	text, err := helper("_attendance.sql")
	if err != nil {
		return err
	}
	var rm, ro, rf []int32
	if err := scanInt32(ctx, conn, named(text)["rows"], func(c [][]int32) {
		rm, ro, rf = append(rm, c[0]...), append(ro, c[1]...), append(rf, c[2]...)
	}); err != nil {
		return fmt.Errorf("attendance: %w", err)
	}
	// Rows by meeting (counting sort).
	start := make([]int32, in.meetings+2)
	for _, mt := range rm {
		start[mt+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	orgs := make([]int32, len(ro))
	flags := make([]int32, len(rf))
	fill := slices.Clone(start)
	for i, mt := range rm {
		orgs[fill[mt]], flags[fill[mt]] = ro[i], rf[i]
		fill[mt]++
	}
	rm, ro, rf = nil, nil, nil

	// Meetings by body and year: each (b, y) group gives ind_bo_att rows.
	meets := make([]int32, 0, in.meetings)
	for mt := 1; mt <= in.meetings; mt++ {
		meets = append(meets, int32(mt))
	}
	slices.SortFunc(meets, func(a, b int32) int {
		return cmp.Or(cmp.Compare(in.meetBody[a], in.meetBody[b]), cmp.Compare(in.meetYear[a], in.meetYear[b]), cmp.Compare(a, b))
	})

	// Per organisation: the last meeting and group that touched it, and the
	// sums of the current meeting and group.
	seenM := make([]int32, in.orgs+1)
	seenG := make([]int32, in.orgs+1)
	mInv, mInvPres, mPres := make([]int32, in.orgs+1), make([]int32, in.orgs+1), make([]bool, in.orgs+1)
	type boSums struct{ invRows, invPresRows, invMeetings, invMeetingsPres, pidRows, pidGRows int32 }
	acc := make([]boSums, in.orgs+1)
	out := newColumns("b", "y", "o", "inv_rows", "inv_present_rows", "inv_meetings", "inv_meetings_present", "pid_rows", "pid_g_rows")
	in.presStart = make([]int32, in.meetings+2)
	pres := make([][]int32, in.meetings+1)
	var touchedG, touchedM []int32
	group := int32(0)
	flush := func(b, y int32) {
		for _, o := range touchedG {
			s := acc[o]
			out.add(b, y, o, s.invRows, s.invPresRows, s.invMeetings, s.invMeetingsPres, s.pidRows, s.pidGRows)
		}
		touchedG = touchedG[:0]
	}
	for i, mt := range meets {
		b, y := in.meetBody[mt], in.meetYear[mt]
		if i == 0 || b != in.meetBody[meets[i-1]] || y != in.meetYear[meets[i-1]] {
			if i > 0 {
				flush(in.meetBody[meets[i-1]], in.meetYear[meets[i-1]])
			}
			group++
		}
		touchedM = touchedM[:0]
		for r := start[mt]; r < start[mt+1]; r++ {
			o, f := orgs[r], flags[r]
			if seenM[o] != mt {
				seenM[o] = mt
				touchedM = append(touchedM, o)
				mInv[o], mInvPres[o], mPres[o] = 0, 0, false
			}
			if seenG[o] != group {
				seenG[o] = group
				touchedG = append(touchedG, o)
				acc[o] = boSums{}
			}
			s := &acc[o]
			if f&attInvited != 0 {
				s.invRows++
				mInv[o]++
				if f&attPresent != 0 {
					s.invPresRows++
					mInvPres[o]++
				}
			}
			if f&attPresent != 0 {
				mPres[o] = true
			}
			if f&attPID != 0 {
				s.pidRows++
			}
			if f&attPIDG != 0 {
				s.pidGRows++
			}
		}
		for _, o := range touchedM {
			s := &acc[o]
			if mInv[o] > 0 {
				s.invMeetings++
			}
			if mInvPres[o] > 0 {
				s.invMeetingsPres++
			}
			if mPres[o] {
				pres[mt] = append(pres[mt], o)
			}
		}
		slices.Sort(pres[mt])
	}
	if len(meets) > 0 {
		flush(in.meetBody[meets[len(meets)-1]], in.meetYear[meets[len(meets)-1]])
	}
	for mt := 1; mt <= in.meetings; mt++ {
		in.presStart[mt+1] = in.presStart[mt] + int32(len(pres[mt]))
	}
	in.presOrgs = make([]int32, 0, in.presStart[in.meetings+1])
	for mt := 1; mt <= in.meetings; mt++ {
		in.presOrgs = append(in.presOrgs, pres[mt]...)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeTable(ctx, conn, "ind_bo_att", out)
}
