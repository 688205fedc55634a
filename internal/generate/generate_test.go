package generate

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var testOpt = Options{Orgs: 600, Bodies: 40, Years: 6, EndYear: 2025, Seed: 7}

var wantHeaders = map[string][]string{
	"organisations": {"org_id", "name", "category", "level", "nuts", "small", "legal_form"},
	"bodies":        {"body_id", "name", "type", "programme", "cycle", "fund", "nuts", "started"},
	"memberships":   {"body_id", "org_id", "person_id", "gender", "role", "voting", "start", "end"},
	"meetings":      {"meeting_id", "body_id", "date", "phase", "mode", "notice_date", "documents_date", "minutes_published", "topics"},
	"attendance":    {"meeting_id", "org_id", "person_id", "gender", "invited", "present", "delegated"},
	"contributions": {"contribution_id", "org_id", "meeting_id", "body_id", "submitted", "kind", "response_date", "outcome"},
}

func write(t testing.TB, opt Options) (string, Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Write(context.Background(), dir, opt)
	if err != nil {
		t.Fatalf("Write(%+v): %v", opt, err)
	}
	return dir, st
}

// table is a parsed CSV file: rows as maps from the header names.
type table struct {
	header []string
	rows   []map[string]string
}

func readTable(t testing.TB, dir, kind string) table {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, kind+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s.csv: %v", kind, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s.csv: empty", kind)
	}
	tb := table{header: recs[0]}
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(rec))
		for i, h := range tb.header {
			m[h] = rec[i]
		}
		tb.rows = append(tb.rows, m)
	}
	return tb
}

type dataset struct {
	orgs, bodies, memberships, meetings, attendance, contributions table
}

func readAll(t testing.TB, dir string) dataset {
	return dataset{
		orgs:          readTable(t, dir, "organisations"),
		bodies:        readTable(t, dir, "bodies"),
		memberships:   readTable(t, dir, "memberships"),
		meetings:      readTable(t, dir, "meetings"),
		attendance:    readTable(t, dir, "attendance"),
		contributions: readTable(t, dir, "contributions"),
	}
}

func set(vals ...string) map[string]bool {
	m := map[string]bool{}
	for _, v := range vals {
		m[v] = true
	}
	return m
}

var (
	enumCategory = set("institutional", "economic_social", "civil_society", "environmental", "equality_inclusion", "research")
	enumLevel    = set("", "eu", "national", "regional", "local")
	enumType     = set("monitoring_committee", "partnership_table", "workshop", "lab", "working_group", "consultation")
	enumCycle    = set("2014-2020", "2021-2027")
	enumGender   = set("", "F", "M", "X")
	enumRole     = set("chair", "member", "substitute", "permanent_guest", "observer")
	enumPhase    = set("programming", "implementation", "monitoring", "evaluation")
	enumMode     = set("", "in_person", "remote", "hybrid", "written")
	enumTopic    = set("needs_analysis", "priorities", "allocation", "indicators", "horizontal_principles", "committee_composition")
	enumKind     = set("written", "oral", "amendment")
	enumOutcome  = set("", "accepted", "partially_accepted", "rejected", "not_assessed", "pending")
	enumBool     = set("true", "false")
	nuts2        = set("ITC1", "ITC2", "ITC3", "ITC4", "ITF1", "ITF2", "ITF3", "ITF4", "ITF5", "ITF6", "ITG1", "ITG2",
		"ITH1", "ITH2", "ITH3", "ITH4", "ITH5", "ITI1", "ITI2", "ITI3", "ITI4")
)

func parseDate(t testing.TB, what, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatalf("%s: bad date %q", what, s)
	}
	return d
}

func checkNuts(t testing.TB, what, s string) {
	t.Helper()
	if s == "" {
		return
	}
	if (len(s) != 4 && len(s) != 5) || !nuts2[s[:4]] {
		t.Fatalf("%s: bad NUTS code %q", what, s)
	}
}

func checkEnum(t testing.TB, what string, enum map[string]bool, v string) {
	t.Helper()
	if !enum[v] {
		t.Fatalf("%s: value %q not allowed", what, v)
	}
}

// checkValid verifies every row against the contract: enums, dates, keys,
// references, and that invited rows belong to representatives in office.
func checkValid(t *testing.T, dir string, opt Options, st Stats) dataset {
	t.Helper()
	opt = opt.Defaults()
	ds := readAll(t, dir)
	for kind, tb := range map[string]table{"organisations": ds.orgs, "bodies": ds.bodies, "memberships": ds.memberships,
		"meetings": ds.meetings, "attendance": ds.attendance, "contributions": ds.contributions} {
		if int64(len(tb.rows)) != st[kind] {
			t.Errorf("Stats[%s] = %d, file has %d rows", kind, st[kind], len(tb.rows))
		}
	}
	last := time.Date(opt.EndYear, 12, 31, 0, 0, 0, 0, time.UTC)

	orgs := map[string]map[string]string{}
	for _, o := range ds.orgs.rows {
		id := o["org_id"]
		if orgs[id] != nil {
			t.Fatalf("duplicate org_id %s", id)
		}
		orgs[id] = o
		if id == "" || o["name"] == "" {
			t.Fatalf("organisation without id or name: %v", o)
		}
		checkEnum(t, "category", enumCategory, o["category"])
		checkEnum(t, "level", enumLevel, o["level"])
		checkNuts(t, "organisation nuts", o["nuts"])
		checkEnum(t, "small", set("", "true", "false"), o["small"])
	}
	bodies := map[string]map[string]string{}
	started := map[string]time.Time{}
	for _, b := range ds.bodies.rows {
		id := b["body_id"]
		if bodies[id] != nil {
			t.Fatalf("duplicate body_id %s", id)
		}
		bodies[id] = b
		if id == "" || b["name"] == "" || b["programme"] == "" || b["fund"] == "" {
			t.Fatalf("incomplete body %v", b)
		}
		checkEnum(t, "type", enumType, b["type"])
		checkEnum(t, "cycle", enumCycle, b["cycle"])
		if !strings.HasPrefix(b["programme"], "20") || !strings.Contains(b["programme"], "IT") {
			t.Fatalf("programme %q is not CCI-like", b["programme"])
		}
		checkNuts(t, "body nuts", b["nuts"])
		started[id] = parseDate(t, "started", b["started"])
	}

	type membership struct {
		body, org, gender string
		start, end        time.Time // end zero = open
	}
	memKeys := map[string]bool{}
	persons := map[string][]membership{}
	for _, m := range ds.memberships.rows {
		key := m["body_id"] + "|" + m["org_id"] + "|" + m["person_id"] + "|" + m["start"]
		if memKeys[key] {
			t.Fatalf("duplicate membership key %s", key)
		}
		memKeys[key] = true
		if bodies[m["body_id"]] == nil || orgs[m["org_id"]] == nil {
			t.Fatalf("membership with unknown reference: %v", m)
		}
		if !strings.HasPrefix(m["person_id"], "R") {
			t.Fatalf("person_id %q is not a pseudonym", m["person_id"])
		}
		checkEnum(t, "gender", enumGender, m["gender"])
		checkEnum(t, "role", enumRole, m["role"])
		checkEnum(t, "voting", enumBool, m["voting"])
		ms := membership{body: m["body_id"], org: m["org_id"], gender: m["gender"], start: parseDate(t, "start", m["start"])}
		if m["end"] != "" {
			ms.end = parseDate(t, "end", m["end"])
			if ms.end.Before(ms.start) {
				t.Fatalf("membership ends before it starts: %v", m)
			}
		}
		if ms.start.Before(started[ms.body]) {
			t.Fatalf("membership starts before its body: %v", m)
		}
		persons[m["person_id"]] = append(persons[m["person_id"]], ms)
	}

	meetings := map[string]map[string]string{}
	meetingDate := map[string]time.Time{}
	for _, m := range ds.meetings.rows {
		id := m["meeting_id"]
		if meetings[id] != nil {
			t.Fatalf("duplicate meeting_id %s", id)
		}
		meetings[id] = m
		if bodies[m["body_id"]] == nil {
			t.Fatalf("meeting with unknown body: %v", m)
		}
		d := parseDate(t, "date", m["date"])
		if d.After(last) || d.Year() < opt.EndYear-opt.Years+1 {
			t.Fatalf("meeting outside the years: %v", m)
		}
		if d.Before(started[m["body_id"]]) {
			t.Fatalf("meeting before its body was set up: %v", m)
		}
		meetingDate[id] = d
		checkEnum(t, "phase", enumPhase, m["phase"])
		checkEnum(t, "mode", enumMode, m["mode"])
		for _, c := range []string{"notice_date", "documents_date", "minutes_published"} {
			if m[c] != "" {
				x := parseDate(t, c, m[c])
				if c == "minutes_published" && !x.After(d) || c != "minutes_published" && !x.Before(d) {
					t.Fatalf("%s on the wrong side of the meeting: %v", c, m)
				}
			}
		}
		if m["topics"] != "" {
			seen := map[string]bool{}
			for _, tp := range strings.Split(m["topics"], "|") {
				checkEnum(t, "topic", enumTopic, tp)
				if seen[tp] {
					t.Fatalf("repeated topic: %v", m)
				}
				seen[tp] = true
			}
			if len(seen) > 3 {
				t.Fatalf("more than 3 topics: %v", m)
			}
		}
	}

	attKeys := map[string]bool{}
	for _, a := range ds.attendance.rows {
		key := a["meeting_id"] + "|" + a["org_id"] + "|" + a["person_id"]
		if attKeys[key] {
			t.Fatalf("duplicate attendance key %s", key)
		}
		attKeys[key] = true
		m := meetings[a["meeting_id"]]
		if m == nil || orgs[a["org_id"]] == nil {
			t.Fatalf("attendance with unknown reference: %v", a)
		}
		checkEnum(t, "gender", enumGender, a["gender"])
		for _, c := range []string{"invited", "present", "delegated"} {
			checkEnum(t, c, enumBool, a[c])
		}
		if a["present"] == "true" && a["delegated"] == "true" {
			t.Fatalf("present and delegated: %v", a)
		}
		p := a["person_id"]
		if a["invited"] == "false" {
			if a["present"] != "true" {
				t.Fatalf("uninvited row not present: %v", a)
			}
			if p != "" && persons[p] != nil {
				t.Fatalf("uninvited row of a member's representative: %v", a)
			}
			continue
		}
		// An invited organisation holds a seat in the meeting's body on the day.
		d, body := meetingDate[a["meeting_id"]], m["body_id"]
		ok := false
		if p == "" {
			ok = seatedOn(ds, body, a["org_id"], d)
		} else {
			for _, ms := range persons[p] {
				if ms.body == body && ms.org == a["org_id"] && !ms.start.After(d) && (ms.end.IsZero() || !ms.end.Before(d)) {
					ok = true
					if a["gender"] != "" && a["gender"] != ms.gender {
						t.Fatalf("attendance gender differs from membership: %v", a)
					}
				}
			}
		}
		if !ok {
			t.Fatalf("invited row without a membership in office on %s: %v", d.Format(time.DateOnly), a)
		}
	}

	contribIDs := map[string]bool{}
	for _, c := range ds.contributions.rows {
		if contribIDs[c["contribution_id"]] || c["contribution_id"] == "" {
			t.Fatalf("duplicate or empty contribution_id: %v", c)
		}
		contribIDs[c["contribution_id"]] = true
		if orgs[c["org_id"]] == nil {
			t.Fatalf("contribution with unknown org: %v", c)
		}
		if c["meeting_id"] == "" && c["body_id"] == "" {
			t.Fatalf("contribution with neither meeting nor body: %v", c)
		}
		if c["meeting_id"] != "" {
			m := meetings[c["meeting_id"]]
			if m == nil {
				t.Fatalf("contribution with unknown meeting: %v", c)
			}
			if c["body_id"] != "" && c["body_id"] != m["body_id"] {
				t.Fatalf("contribution body differs from its meeting's: %v", c)
			}
		}
		if c["body_id"] != "" && bodies[c["body_id"]] == nil {
			t.Fatalf("contribution with unknown body: %v", c)
		}
		sub := parseDate(t, "submitted", c["submitted"])
		if sub.After(last) {
			t.Fatalf("contribution submitted after the last year: %v", c)
		}
		if c["response_date"] != "" && parseDate(t, "response_date", c["response_date"]).Before(sub) {
			t.Fatalf("response before submission: %v", c)
		}
		checkEnum(t, "kind", enumKind, c["kind"])
		checkEnum(t, "outcome", enumOutcome, c["outcome"])
	}
	return ds
}

// seatedOn reports whether org holds a membership of body on day d.
func seatedOn(ds dataset, body, org string, d time.Time) bool {
	day := d.Format(time.DateOnly)
	for _, m := range ds.memberships.rows {
		if m["body_id"] == body && m["org_id"] == org && m["start"] <= day && (m["end"] == "" || m["end"] >= day) {
			return true
		}
	}
	return false
}

func TestDefaults(t *testing.T) {
	got := Options{}.Defaults()
	want := Options{Orgs: 400, Bodies: 30, Years: 6, EndYear: 2025, Seed: 1}
	if got != want {
		t.Fatalf("Defaults() = %+v, want %+v", got, want)
	}
	keep := Options{Orgs: 5, Bodies: 2, Years: 1, EndYear: 2022, Seed: 9}
	if keep.Defaults() != keep {
		t.Fatalf("Defaults changed set fields: %+v", keep.Defaults())
	}
}

func TestHeaders(t *testing.T) {
	dir, st := write(t, Options{})
	for kind, want := range wantHeaders {
		raw, err := os.ReadFile(filepath.Join(dir, kind+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
			t.Errorf("%s.csv starts with a BOM", kind)
		}
		first, _, _ := bytes.Cut(raw, []byte("\n"))
		if string(first) != strings.Join(want, ",") {
			t.Errorf("%s.csv header = %q, want %q", kind, first, strings.Join(want, ","))
		}
		if st[kind] <= 0 {
			t.Errorf("Stats[%s] = %d", kind, st[kind])
		}
	}
	if len(st) != len(wantHeaders) {
		t.Errorf("Stats has %d kinds: %v", len(st), st)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 6 {
		t.Errorf("dir holds %d entries, want the 6 files", len(entries))
	}
}

func TestDeterminism(t *testing.T) {
	a, sa := write(t, testOpt)
	b, sb := write(t, testOpt)
	o := testOpt
	o.Seed++
	c, _ := write(t, o)
	for kind := range wantHeaders {
		fa, _ := os.ReadFile(filepath.Join(a, kind+".csv"))
		fb, _ := os.ReadFile(filepath.Join(b, kind+".csv"))
		if !bytes.Equal(fa, fb) {
			t.Errorf("%s.csv differs between two runs with the same seed", kind)
		}
		if sa[kind] != sb[kind] {
			t.Errorf("Stats[%s] differ: %d vs %d", kind, sa[kind], sb[kind])
		}
	}
	for _, kind := range []string{"organisations", "memberships", "meetings", "attendance", "contributions"} {
		fa, _ := os.ReadFile(filepath.Join(a, kind+".csv"))
		fc, _ := os.ReadFile(filepath.Join(c, kind+".csv"))
		if bytes.Equal(fa, fc) {
			t.Errorf("%s.csv is the same with a different seed", kind)
		}
	}
}

func TestValid(t *testing.T) {
	dir, st := write(t, testOpt)
	checkValid(t, dir, testOpt, st)
}

func TestValidEdgeOptions(t *testing.T) {
	for _, opt := range []Options{
		{Orgs: 1, Bodies: 1, Years: 1, Seed: 3},
		{Orgs: 10, Bodies: 7, Years: 2, Seed: 4},
		{Orgs: 120, Bodies: 5, Years: 12, EndYear: 2025, Seed: 5}, // from 2014
		{Orgs: 150, Bodies: 9, Years: 4, EndYear: 2012, Seed: 6},  // before both cycles
		{Orgs: 150, Bodies: 9, Years: 3, EndYear: 2021, Seed: 8},  // 2021-2027 bodies just set up
		{Orgs: 150, Bodies: 9, Years: 3, EndYear: 2031, Seed: 9},  // after 2014-2020 closure
	} {
		dir, st := write(t, opt)
		ds := checkValid(t, dir, opt, st)
		if int(st["organisations"]) != opt.Orgs || int(st["bodies"]) != opt.Bodies {
			t.Errorf("%+v: wrote %v", opt, st)
		}
		if opt.Orgs > 1 && len(ds.meetings.rows) == 0 {
			t.Errorf("%+v: no meetings", opt)
		}
	}
	if _, err := Write(context.Background(), t.TempDir(), Options{Orgs: -1}); err == nil {
		t.Error("negative Orgs accepted")
	}
}

// cancelAfter is a context whose Err turns to Canceled after n calls.
type cancelAfter struct {
	context.Context
	n atomic.Int64
}

func (c *cancelAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestCancel(t *testing.T) {
	for _, n := range []int64{0, 200} {
		dir := t.TempDir()
		ctx := &cancelAfter{Context: context.Background()}
		ctx.n.Store(n)
		_, err := Write(ctx, dir, testOpt)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("after %d checks: err = %v, want context.Canceled", n, err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 0 {
			t.Fatalf("cancelled Write left %d files behind", len(entries))
		}
	}
}

// Italian working days, written independently of the generator: Monday to
// Friday minus the national holidays, counted strictly after the dispatch
// date up to the day before the meeting.
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	return time.Date(y, time.Month((h+l-7*m+114)/31), (h+l-7*m+114)%31+1, 0, 0, 0, 0, time.UTC)
}

func holiday(d time.Time) bool {
	switch d.Format("01-02") {
	case "01-01", "01-06", "04-25", "05-01", "06-02", "08-15", "11-01", "12-08", "12-25", "12-26":
		return true
	}
	return d.Equal(easter(d.Year()).AddDate(0, 0, 1))
}

func workingDays(dispatch, meeting time.Time) int {
	n := 0
	for d := dispatch.AddDate(0, 0, 1); d.Before(meeting); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !holiday(d) {
			n++
		}
	}
	return n
}

func TestWorkingDays(t *testing.T) {
	for y, want := range map[int]string{2019: "2019-04-21", 2020: "2020-04-12", 2021: "2021-04-04",
		2022: "2022-04-17", 2023: "2023-04-09", 2024: "2024-03-31", 2025: "2025-04-20"} {
		if got := easter(y).Format(time.DateOnly); got != want {
			t.Errorf("easter(%d) = %s, want %s", y, got, want)
		}
		if got := easterSunday(y); got != mkDay(y, easter(y).Month(), easter(y).Day()) {
			t.Errorf("easterSunday(%d) wrong", y)
		}
	}
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	// Easter Monday 2025-04-21 and Liberation Day 2025-04-25 are holidays.
	if got := workingDays(d("2025-04-17"), d("2025-04-28")); got != 4 {
		t.Errorf("working days = %d, want 4", got)
	}
	cal := newCalendar(2019, 2026)
	for _, m := range []string{"2025-04-28", "2025-01-07", "2024-12-27", "2023-06-05"} {
		for n := 1; n <= 25; n++ {
			s := cal.dispatchBefore(mkDay(d(m).Year(), d(m).Month(), d(m).Day()), n)
			y, mo, dd := s.date()
			if got := workingDays(time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC), d(m)); got != n {
				t.Errorf("dispatchBefore(%s, %d) = %d-%02d-%02d, counting %d", m, n, y, mo, dd, got)
			}
		}
	}
}

func TestRealism(t *testing.T) {
	dir, st := write(t, testOpt)
	ds := readAll(t, dir)
	orgs := map[string]map[string]string{}
	cats := map[string]int{}
	small, known := 0, 0
	for _, o := range ds.orgs.rows {
		orgs[o["org_id"]] = o
		cats[o["category"]]++
		if o["small"] != "" {
			known++
			if o["small"] == "true" {
				small++
			}
		}
	}
	between := func(what string, v, lo, hi float64) {
		t.Helper()
		if v < lo || v > hi {
			t.Errorf("%s = %.3f, want in [%.2f, %.2f]", what, v, lo, hi)
		} else {
			t.Logf("%s = %.3f", what, v)
		}
	}
	n := float64(len(ds.orgs.rows))
	between("institutional share", float64(cats["institutional"])/n, 0.22, 0.38)
	between("civil society share", float64(cats["civil_society"])/n, 0.15, 0.25)
	between("small share", float64(small)/float64(known), 0.28, 0.45)

	// Attendance.
	type rate struct{ rows, present int }
	var all, smallCivil, institutional rate
	uninvited := 0
	for _, a := range ds.attendance.rows {
		if a["invited"] != "true" {
			uninvited++
			continue
		}
		p := 0
		if a["present"] == "true" || a["delegated"] == "true" {
			p = 1
		}
		all.rows++
		all.present += p
		o := orgs[a["org_id"]]
		switch {
		case o["category"] == "civil_society" && o["small"] == "true":
			smallCivil.rows++
			smallCivil.present += p
		case o["category"] == "institutional" && o["small"] == "false":
			institutional.rows++
			institutional.present += p
		}
	}
	r := func(x rate) float64 { return float64(x.present) / float64(x.rows) }
	between("attendance rate", r(all), 0.60, 0.85)
	between("small civil-society attendance", r(smallCivil), 0.38, 0.65)
	between("institutional attendance", r(institutional), 0.80, 0.97)
	if r(smallCivil) > r(institutional)-0.2 {
		t.Errorf("small civil society attends %.2f, institutions %.2f: the gap is too small", r(smallCivil), r(institutional))
	}
	between("uninvited share", float64(uninvited)/float64(len(ds.attendance.rows)), 0.004, 0.02)

	// Contributions: heavy tail.
	per := map[string]int{}
	for _, c := range ds.contributions.rows {
		per[c["org_id"]]++
	}
	counts := make([]int, 0, len(per))
	total := 0
	for _, c := range per {
		counts = append(counts, c)
		total += c
	}
	sort.Sort(sort.Reverse(sort.IntSlice(counts)))
	top := 0
	for _, c := range counts[:max(1, len(counts)/10)] {
		top += c
	}
	between("top 10% contributors' share", float64(top)/float64(total), 0.35, 0.8)
	between("contributions per attendance row", float64(st["contributions"])/float64(st["attendance"]), 0.02, 0.12)
	responded := 0
	for _, c := range ds.contributions.rows {
		if c["response_date"] != "" {
			responded++
		}
	}
	between("contributions with a response", float64(responded)/float64(total), 0.55, 0.8)

	// Notice: most meetings are convened at least 10 working days ahead.
	withNotice, ok10, missing := 0, 0, 0
	remote := map[bool][2]int{} // pandemic years → {remote, meetings}
	for _, m := range ds.meetings.rows {
		d, _ := time.Parse(time.DateOnly, m["date"])
		if m["notice_date"] == "" {
			missing++
		} else {
			nd, _ := time.Parse(time.DateOnly, m["notice_date"])
			withNotice++
			if workingDays(nd, d) >= 10 {
				ok10++
			}
		}
		if y := d.Year(); y <= 2021 || y >= 2023 {
			x := remote[y <= 2021]
			if m["mode"] == "remote" {
				x[0]++
			}
			x[1]++
			remote[y <= 2021] = x
		}
	}
	between("notices >= 10 working days", float64(ok10)/float64(withNotice), 0.75, 0.95)
	between("meetings without notice date", float64(missing)/float64(len(ds.meetings.rows)), 0.005, 0.08)
	pand, later := remote[true], remote[false]
	if float64(pand[0])/float64(pand[1]) < 2*float64(later[0])/float64(later[1]) {
		t.Errorf("remote meetings: %v in 2020-21, %v from 2023: not more common in the pandemic", pand, later)
	}

	// Membership: gender, multi-membership, turnover.
	f, fm := 0, 0
	bodiesOf := map[string]map[string]bool{}
	ended := 0
	for _, m := range ds.memberships.rows {
		switch m["gender"] {
		case "F":
			f++
			fm++
		case "M":
			fm++
		}
		if bodiesOf[m["org_id"]] == nil {
			bodiesOf[m["org_id"]] = map[string]bool{}
		}
		bodiesOf[m["org_id"]][m["body_id"]] = true
		if m["end"] != "" && m["end"] < "2025-12-31" {
			ended++
		}
	}
	between("women among representatives", float64(f)/float64(fm), 0.33, 0.47)
	multi := 0
	for _, b := range bodiesOf {
		if len(b) >= 2 {
			multi++
		}
	}
	between("members of several bodies", float64(multi)/float64(len(bodiesOf)), 0.3, 0.95)
	between("memberships that ended", float64(ended)/float64(len(ds.memberships.rows)), 0.1, 0.8)
	// Initial composition of each body: 15 to 60 organisations.
	for _, b := range ds.bodies.rows {
		initial := map[string]bool{}
		for _, m := range ds.memberships.rows {
			if m["body_id"] == b["body_id"] && m["start"] == b["started"] {
				initial[m["org_id"]] = true
			}
		}
		if len(initial) < 15 || len(initial) > 60 {
			t.Errorf("body %s starts with %d member organisations", b["body_id"], len(initial))
		}
	}
}

// BenchmarkWrite1M writes about a million attendance rows per iteration.
func BenchmarkWrite1M(b *testing.B) {
	dir := b.TempDir()
	opt := Options{Orgs: 15000, Bodies: 1000}
	var rows int64
	for b.Loop() {
		st, err := Write(context.Background(), dir, opt)
		if err != nil {
			b.Fatal(err)
		}
		rows += st["attendance"]
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
