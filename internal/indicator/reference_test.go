package indicator

// TestReferenceIndependent checks the stored indicator values against a second,
// independent computation: a freshly generated dataset (a new seed on every
// run) is loaded and refreshed, then every indicator of the catalogue
// (../shared/indicators.md) is recomputed here in plain Go, straight from the
// written definitions, from the raw record tables only. Nothing of the
// production path is reused: not the SQL files, not the ind_ temp tables, not
// calendar_it, not gonum.
//
// Where the definitions leave a choice open, the reference follows the
// choices written down in queries/indicators/README.md ("Stored form: the
// choices made") and in the formula_en headers of the indicator files.
//
// Files: reference_test.go (driver, raw data, scopes, comparison),
// reference_compute_test.go (composition, participation, process, equality),
// reference_network_test.go (co-participation graph, N01, N03, N05, brokers).

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/generate"
	"osservatorio/internal/store"
)

// The six organisation categories, in the order the contract lists them.
var refCategories = []string{"institutional", "economic_social", "civil_society", "environmental", "equality_inclusion", "research"}

// refDay is a civil date: days since 1970-01-01.
type refDay int

func refDayOf(t time.Time) refDay {
	// Only the calendar date counts, whatever location the driver used.
	return refDay(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func refDate(y int, m time.Month, d int) refDay {
	return refDay(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (d refDay) time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }
func (d refDay) year() int       { return d.time().Year() }

// The raw records, as stored. Pointers and empty strings stand for NULL.
type refOrg struct{ id, category, nuts string }

type refBody struct{ id, typ, programme, cycle, nuts string }

type refMember struct {
	body, org, person, gender string
	voting                    bool
	start                     refDay
	end                       *refDay
}

type refMeeting struct {
	id, body, phase, mode     string
	date                      refDay
	notice, documents, minute *refDay
	topics                    []string
}

type refAtt struct {
	meeting, org, person, gender string
	invited, present, delegated  bool
}

type refContrib struct {
	id, org, meeting, body, outcome string
	submitted                       refDay
	response                        *refDay
}

type refData struct {
	orgs     map[string]refOrg
	bodies   []refBody
	members  []refMember
	meetings []refMeeting
	meetByID map[string]*refMeeting
	att      []refAtt
	attByMt  map[string][]refAtt
	contribs []refContrib
}

// refVal is one stored value; nil is NULL.
type refVal struct{ v, num, den *float64 }

type refKey struct{ ind, scope, period, cat string }

func refF(x float64) *float64 { return &x }

// refRatio is "a ÷ b": numerator and denominator always kept, value NULL on
// an empty denominator (README, stored form).
func refRatio(num, den float64) refVal {
	r := refVal{num: refF(num), den: refF(den)}
	if den != 0 {
		r.v = refF(num / den)
	}
	return r
}

// refCell is one scope × period of the grid.
type refCell struct {
	scope  string
	bodies map[string]bool
	period string
	year   int    // 0 for the period 'all'
	t      refDay // composition date: 31 Dec of the year, or as_of
}

// inPeriod: a meeting belongs to the year of its date, a contribution to the
// year it was submitted; 'all' takes everything.
func (c *refCell) inPeriod(d refDay) bool { return c.year == 0 || d.year() == c.year }

func TestReferenceIndependent(t *testing.T) {
	seed := rand.Int64N(1_000_000_000) + 1
	if s := os.Getenv("OSSERVATORIO_REF_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("OSSERVATORIO_REF_SEED: %v", err)
		}
		seed = n
	}
	t.Logf("seed %d (OSSERVATORIO_REF_SEED=%d reproduces this run)", seed, seed)
	t0 := time.Now()
	ctx := context.Background()

	// Small enough for seconds, big enough for shared members (≈2.6 bodies
	// per organisation), several programmes, cycles and NUTS scopes, and
	// five years of meetings (2021-2025).
	dir := t.TempDir()
	stats, err := generate.Write(ctx, dir, generate.Options{Orgs: 220, Bodies: 20, Years: 5, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %v", stats)
	st := loadDir(t, dir)

	// The definitions have no size limits; lift the project's betweenness
	// limits so that every N03 is computed exactly (they are tested elsewhere).
	unlimited := Options{Network: NetworkOptions{MaxNodes: math.MaxInt32, MaxWork: math.MaxInt64, MaxTotalWork: math.MaxInt64}}

	data := refRead(t, st)
	refCoverage(t, data)
	// One as_of inside the last year, one early in the data: the period
	// 'all' takes its composition at as_of.
	for _, asOf := range []time.Time{
		time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC),
		time.Date(2022, 3, 15, 0, 0, 0, 0, time.UTC),
	} {
		t.Run(asOf.Format(time.DateOnly), func(t *testing.T) {
			tr := time.Now()
			sum, err := Refresh(ctx, st, asOf, unlimited)
			if err != nil || sum.Skipped {
				t.Fatalf("refresh: %v (skipped %v)", err, sum.Skipped)
			}
			t.Logf("refresh: %d rows in %v, network %+v", sum.Rows, time.Since(tr).Round(time.Millisecond), sum.Graphs)
			tc := time.Now()
			want, brokers := refCompute(data, refDayOf(asOf))
			t.Logf("reference: %d rows in %v", len(want), time.Since(tc).Round(time.Millisecond))
			refInformative(t, want)
			got := refStored(t, st, sum.DataVersion, asOf)
			refCompare(t, got, want)
			refCompareBrokers(t, refStoredBrokers(t, st, sum.DataVersion, asOf), brokers)
		})
	}
	t.Logf("total %v", time.Since(t0).Round(time.Millisecond))
}

// refRows runs a plain SELECT on a record table and scans each row.
func refRows(t *testing.T, db *sql.DB, query string, scan func(*sql.Rows) error) {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func refStr(s sql.NullString) string { return s.String } // NULL and '' alike: empty text is no value

func refOptDay(n sql.NullTime) *refDay {
	if !n.Valid {
		return nil
	}
	d := refDayOf(n.Time)
	return &d
}

// refRead reads the six record tables into Go.
func refRead(t *testing.T, st *store.Store) *refData {
	db := st.DB()
	d := &refData{orgs: map[string]refOrg{}, meetByID: map[string]*refMeeting{}, attByMt: map[string][]refAtt{}}
	refRows(t, db, `SELECT org_id, category, nuts FROM organisations`, func(r *sql.Rows) error {
		var o refOrg
		var nuts sql.NullString
		err := r.Scan(&o.id, &o.category, &nuts)
		o.nuts = refStr(nuts)
		d.orgs[o.id] = o
		return err
	})
	refRows(t, db, `SELECT body_id, type, programme, cycle, nuts FROM bodies`, func(r *sql.Rows) error {
		var b refBody
		var prog, cyc, nuts sql.NullString
		err := r.Scan(&b.id, &b.typ, &prog, &cyc, &nuts)
		b.programme, b.cycle, b.nuts = refStr(prog), refStr(cyc), refStr(nuts)
		d.bodies = append(d.bodies, b)
		return err
	})
	refRows(t, db, `SELECT body_id, org_id, person_id, gender, voting, start, "end" FROM memberships`, func(r *sql.Rows) error {
		var m refMember
		var person, gender sql.NullString
		var start time.Time
		var end sql.NullTime
		err := r.Scan(&m.body, &m.org, &person, &gender, &m.voting, &start, &end)
		m.person, m.gender, m.start, m.end = refStr(person), refStr(gender), refDayOf(start), refOptDay(end)
		d.members = append(d.members, m)
		return err
	})
	refRows(t, db, `SELECT meeting_id, body_id, date, phase, mode, notice_date, documents_date, minutes_published, topics FROM meetings`, func(r *sql.Rows) error {
		var m refMeeting
		var mode sql.NullString
		var date time.Time
		var notice, docs, minutes sql.NullTime
		var topics any
		err := r.Scan(&m.id, &m.body, &date, &m.phase, &mode, &notice, &docs, &minutes, &topics)
		m.mode, m.date = refStr(mode), refDayOf(date)
		m.notice, m.documents, m.minute = refOptDay(notice), refOptDay(docs), refOptDay(minutes)
		if list, ok := topics.([]any); ok {
			for _, x := range list {
				if s, ok := x.(string); ok {
					m.topics = append(m.topics, s)
				}
			}
		} else if topics != nil {
			return fmt.Errorf("topics of %s: unexpected %T", m.id, topics)
		}
		d.meetings = append(d.meetings, m)
		return err
	})
	for i := range d.meetings {
		d.meetByID[d.meetings[i].id] = &d.meetings[i]
	}
	refRows(t, db, `SELECT meeting_id, org_id, person_id, gender, invited, present, delegated FROM attendance`, func(r *sql.Rows) error {
		var a refAtt
		var person, gender sql.NullString
		err := r.Scan(&a.meeting, &a.org, &person, &gender, &a.invited, &a.present, &a.delegated)
		a.person, a.gender = refStr(person), refStr(gender)
		d.att = append(d.att, a)
		d.attByMt[a.meeting] = append(d.attByMt[a.meeting], a)
		return err
	})
	refRows(t, db, `SELECT contribution_id, org_id, meeting_id, body_id, submitted, response_date, outcome FROM contributions`, func(r *sql.Rows) error {
		var c refContrib
		var meeting, body, outcome sql.NullString
		var sub time.Time
		var resp sql.NullTime
		err := r.Scan(&c.id, &c.org, &meeting, &body, &sub, &resp, &outcome)
		c.meeting, c.body, c.outcome = refStr(meeting), refStr(body), refStr(outcome)
		c.submitted, c.response = refDayOf(sub), refOptDay(resp)
		d.contribs = append(d.contribs, c)
		return err
	})
	return d
}

// refCoverage logs how much of the definitions' corner cases the generated
// data reach (they vary with the seed).
func refCoverage(t *testing.T, d *refData) {
	var noMode, noNotice, noDocs, detached, uninvited, delegated, noPerson int
	for _, m := range d.meetings {
		noMode += refCount01(m.mode == "")
		noNotice += refCount01(m.notice == nil)
		noDocs += refCount01(m.documents == nil)
	}
	for _, c := range d.contribs {
		detached += refCount01(c.meeting == "")
	}
	for _, a := range d.att {
		uninvited += refCount01(!a.invited && refPresent(a))
		delegated += refCount01(a.delegated && !a.present)
		noPerson += refCount01(a.person == "")
	}
	t.Logf("coverage: meetings without mode %d, notice %d, documents %d; contributions without meeting %d; "+
		"attendance uninvited present %d, delegated %d, without person %d; %d scopes",
		noMode, noNotice, noDocs, detached, uninvited, delegated, noPerson, len(refScopes(d)))
}

func refCount01(b bool) int {
	if b {
		return 1
	}
	return 0
}

// refScopes lists every scope with its bodies: all, body:, body_type:,
// programme:, cycle: and nuts:<NUTS 2> (bodies whose nuts starts with the
// code; a body without nuts, or with one shorter than a NUTS 2 code, is in
// no nuts scope).
func refScopes(d *refData) map[string]map[string]bool {
	sc := map[string]map[string]bool{"all": {}}
	add := func(name, body string) {
		if sc[name] == nil {
			sc[name] = map[string]bool{}
		}
		sc[name][body] = true
	}
	for _, b := range d.bodies {
		add("all", b.id)
		add("body:"+b.id, b.id)
		add("body_type:"+b.typ, b.id)
		if b.programme != "" {
			add("programme:"+b.programme, b.id)
		}
		if b.cycle != "" {
			add("cycle:"+b.cycle, b.id)
		}
		if len(b.nuts) >= 4 {
			add("nuts:"+b.nuts[:4], b.id)
		}
	}
	return sc
}

// refCompute computes the whole grid: values by key, and N03's top 10 by
// (scope, period).
func refCompute(d *refData, asOf refDay) (map[refKey]refVal, map[[2]string]*refBrokers) {
	years := map[int]bool{}
	for _, m := range d.meetings {
		years[m.date.year()] = true
	}
	type period struct {
		name string
		year int
		t    refDay
	}
	periods := []period{{"all", 0, asOf}}
	for y := range years {
		periods = append(periods, period{strconv.Itoa(y), y, refDate(y, 12, 31)})
	}
	out := map[refKey]refVal{}
	brokers := map[[2]string]*refBrokers{}
	for name, bodies := range refScopes(d) {
		for _, p := range periods {
			c := &refCell{scope: name, bodies: bodies, period: p.name, year: p.year, t: p.t}
			put := func(ind, cat string, v refVal) {
				k := refKey{ind, c.scope, c.period, cat}
				if _, dup := out[k]; dup {
					panic(fmt.Sprintf("reference: duplicate %v", k))
				}
				out[k] = v
			}
			refComposition(d, c, put)
			refParticipation(d, c, put)
			refProcess(d, c, put)
			refEquality(d, c, put)
			if top := refNetwork(d, c, put); top != nil {
				brokers[[2]string{c.scope, c.period}] = top
			}
		}
	}
	return out, brokers
}

// refInformative fails when the generated data leave an indicator without a
// single value (the comparison would then prove little), and logs the ones
// that take a single value everywhere.
func refInformative(t *testing.T, want map[refKey]refVal) {
	t.Helper()
	distinct := map[string]map[float64]bool{}
	for k, v := range want {
		if distinct[k.ind] == nil {
			distinct[k.ind] = map[float64]bool{}
		}
		if v.v != nil {
			distinct[k.ind][*v.v] = true
		}
	}
	for ind, vs := range distinct {
		switch {
		case len(vs) == 0:
			t.Errorf("reference: %s has no value anywhere: the generated data do not exercise it", ind)
		case len(vs) == 1:
			t.Logf("reference: %s takes a single value everywhere", ind)
		}
	}
}

// refStored reads indicator_values of one snapshot.
func refStored(t *testing.T, st *store.Store, version int64, asOf time.Time) map[refKey]refVal {
	got := map[refKey]refVal{}
	q := fmt.Sprintf(`SELECT indicator, scope, period, category, value, numerator, denominator
		FROM indicator_values WHERE data_version = %d AND as_of = DATE '%s'`, version, asOf.Format(time.DateOnly))
	refRows(t, st.DB(), q, func(r *sql.Rows) error {
		var k refKey
		var v, num, den sql.NullFloat64
		if err := r.Scan(&k.ind, &k.scope, &k.period, &k.cat, &v, &num, &den); err != nil {
			return err
		}
		if _, dup := got[k]; dup {
			return fmt.Errorf("duplicate stored row %v", k)
		}
		opt := func(n sql.NullFloat64) *float64 {
			if !n.Valid {
				return nil
			}
			return refF(n.Float64)
		}
		got[k] = refVal{opt(v), opt(num), opt(den)}
		return nil
	})
	return got
}

// refClose: equal within 1e-9, relative for large numbers.
func refClose(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func refFmt(p *float64) string {
	if p == nil {
		return "NULL"
	}
	return strconv.FormatFloat(*p, 'g', 12, 64)
}

// refCompare reports every difference between the stored rows and the
// reference: keys on one side only, and value, numerator or denominator that
// differ (or are NULL on one side only).
func refCompare(t *testing.T, got, want map[refKey]refVal) {
	t.Helper()
	var msgs []string
	perInd := map[string]int{}
	bad := func(k refKey, format string, args ...any) {
		perInd[k.ind]++
		msgs = append(msgs, fmt.Sprintf("%s %s %s %q: ", k.ind, k.scope, k.period, k.cat)+fmt.Sprintf(format, args...))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			bad(k, "missing from indicator_values (reference %s/%s=%s)", refFmt(w.num), refFmt(w.den), refFmt(w.v))
			continue
		}
		var diff []string
		for _, f := range []struct {
			name string
			g, w *float64
		}{{"value", g.v, w.v}, {"numerator", g.num, w.num}, {"denominator", g.den, w.den}} {
			if (f.g == nil) != (f.w == nil) || f.g != nil && !refClose(*f.g, *f.w) {
				diff = append(diff, f.name)
			}
		}
		if diff != nil {
			bad(k, "%s differ: stored %s/%s = %s, reference %s/%s = %s", strings.Join(diff, ", "),
				refFmt(g.num), refFmt(g.den), refFmt(g.v), refFmt(w.num), refFmt(w.den), refFmt(w.v))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			bad(k, "stored but not in the reference (%s/%s=%s)", refFmt(g.num), refFmt(g.den), refFmt(g.v))
		}
	}
	refReport(t, "indicator_values", len(want), msgs, perInd)
}

// refReport prints the first 20 differences (sorted, so runs are comparable)
// and the count per indicator.
func refReport(t *testing.T, what string, total int, msgs []string, perInd map[string]int) {
	t.Helper()
	if len(msgs) == 0 {
		t.Logf("%s: %d reference rows, all equal", what, total)
		return
	}
	sort.Strings(msgs)
	shown := msgs[:min(20, len(msgs))]
	inds := make([]string, 0, len(perInd))
	for ind := range perInd {
		inds = append(inds, ind)
	}
	slices.Sort(inds)
	var counts []string
	for _, ind := range inds {
		counts = append(counts, fmt.Sprintf("%s %d", ind, perInd[ind]))
	}
	t.Errorf("%s: %d differences from the reference (%d reference rows); per indicator: %s\n  %s",
		what, len(msgs), total, strings.Join(counts, ", "), strings.Join(shown, "\n  "))
}
