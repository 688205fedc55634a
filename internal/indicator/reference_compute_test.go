package indicator

// The reference computation of the composition, participation, process and
// equality indicators, one function per family, each reading the raw records
// of one scope × period (see reference_test.go).

import (
	"math"
	"slices"
	"time"
)

type refPut func(ind, cat string, v refVal)

// refPresent: present through a delegate counts as present.
func refPresent(a refAtt) bool { return a.present || a.delegated }

// refMembersAt are the membership rows of the cell's bodies in office at t:
// start <= t and (end empty or end >= t).
func refMembersAt(d *refData, bodies map[string]bool, t refDay) []refMember {
	var out []refMember
	for _, m := range d.members {
		if bodies[m.body] && m.start <= t && (m.end == nil || *m.end >= t) {
			out = append(out, m)
		}
	}
	return out
}

// refMemberOrgs is the set of member organisations (each once).
func refMemberOrgs(ms []refMember) map[string]bool {
	s := map[string]bool{}
	for _, m := range ms {
		s[m.org] = true
	}
	return s
}

// refComposition: C01-C07, N04, E02, E03 at the period's date t, and P06
// (members at 31 Dec of the year and of the year before).
func refComposition(d *refData, c *refCell, put refPut) {
	ms := refMembersAt(d, c.bodies, c.t)
	orgBodies := map[string]map[string]bool{}
	for _, m := range ms {
		if orgBodies[m.org] == nil {
			orgBodies[m.org] = map[string]bool{}
		}
		orgBodies[m.org][m.body] = true
	}
	n := float64(len(orgBodies))
	perCat := map[string]float64{}
	nuts2 := map[string]bool{}
	var nonInst, multi float64
	for o, bs := range orgBodies {
		org := d.orgs[o]
		perCat[org.category]++
		if org.category != "institutional" {
			nonInst++
		}
		if org.nuts != "" { // NUTS 2 = the first 4 characters
			nuts2[org.nuts[:min(4, len(org.nuts))]] = true
		}
		if len(bs) >= 2 {
			multi++
		}
	}

	// C01: one row per category, 0 without members, no numerator/denominator.
	covered := 0.0
	for _, cat := range refCategories {
		put("C01", cat, refVal{v: refF(perCat[cat])})
		if perCat[cat] > 0 {
			covered++
		}
	}
	put("C02", "", refRatio(covered, 6))
	put("C03", "", refRatio(nonInst, n))

	// C04 counts membership rows with a vote, not organisations.
	var voting, votingPartners float64
	for _, m := range ms {
		if m.voting {
			voting++
			if d.orgs[m.org].category != "institutional" {
				votingPartners++
			}
		}
	}
	put("C04", "", refRatio(votingPartners, voting))

	// C05 and C06 are undefined without members; C06 keeps H and ln 6.
	if n == 0 {
		put("C05", "", refVal{})
		put("C06", "", refVal{})
	} else {
		var sumSq, h float64
		for _, cat := range refCategories {
			if p := perCat[cat] / n; p > 0 {
				sumSq += p * p
				h -= p * math.Log(p)
			}
		}
		put("C05", "", refVal{v: refF(1 - sumSq)})
		put("C06", "", refVal{v: refF(h / math.Log(6)), num: refF(h), den: refF(math.Log(6))})
	}
	put("C07", "", refVal{v: refF(float64(len(nuts2)))})
	put("N04", "", refRatio(multi, n))

	// E02: people, by the gender of their voting membership rows.
	women, known := map[string]bool{}, map[string]bool{}
	for _, m := range ms {
		if !m.voting || m.person == "" {
			continue
		}
		if m.gender == "F" || m.gender == "M" {
			known[m.person] = true
		}
		if m.gender == "F" {
			women[m.person] = true
		}
	}
	put("E02", "", refRatio(float64(len(women)), float64(len(known))))

	// E03: every body of the scope is in the denominator.
	eqBodies := map[string]bool{}
	for _, m := range ms {
		if d.orgs[m.org].category == "equality_inclusion" {
			eqBodies[m.body] = true
		}
	}
	put("E03", "", refRatio(float64(len(eqBodies)), float64(len(c.bodies))))

	// P06: null for 'all'; otherwise Δ and ∪ of the member organisations at
	// the end of the year and of the year before.
	if c.year == 0 {
		put("P06", "", refVal{})
		return
	}
	now := refMemberOrgs(refMembersAt(d, c.bodies, refDate(c.year, 12, 31)))
	before := refMemberOrgs(refMembersAt(d, c.bodies, refDate(c.year-1, 12, 31)))
	union, inter := map[string]bool{}, 0.0
	for o := range now {
		union[o] = true
		if before[o] {
			inter++
		}
	}
	for o := range before {
		union[o] = true
	}
	u := float64(len(union))
	p06 := refVal{num: refF(u - inter), den: refF(u)}
	if u > 0 {
		p06.v = refF(1 - inter/u)
	}
	put("P06", "", p06)
}

// refMeetingsOf are the meetings of the cell's bodies in its period.
func refMeetingsOf(d *refData, c *refCell) []*refMeeting {
	var out []*refMeeting
	for i := range d.meetings {
		m := &d.meetings[i]
		if c.bodies[m.body] && c.inPeriod(m.date) {
			out = append(out, m)
		}
	}
	return out
}

// refContribsOf are the contributions of the cell: the body is the
// meeting's, else the contribution's body_id; the year is the submission's.
func refContribsOf(d *refData, c *refCell) []refContrib {
	var out []refContrib
	for _, x := range d.contribs {
		body := x.body
		if x.meeting != "" {
			body = d.meetByID[x.meeting].body
		}
		if c.bodies[body] && c.inPeriod(x.submitted) {
			out = append(out, x)
		}
	}
	return out
}

// refParticipation: P01, P03, P04, P05, P07, P09 over the invited rows of the
// cell's meetings and the cell's contributions.
func refParticipation(d *refData, c *refCell, put refPut) {
	meetings := refMeetingsOf(d, c)
	var rows, present float64
	catRows, catPresent := map[string]float64{}, map[string]float64{}
	invitedTo := map[string]map[string]bool{} // org -> meetings it was invited to
	presentAt := map[string]map[string]bool{} // org -> meetings where an invited row was present
	for _, m := range meetings {
		for _, a := range d.attByMt[m.id] {
			if !a.invited {
				continue
			}
			cat := d.orgs[a.org].category
			rows++
			catRows[cat]++
			if invitedTo[a.org] == nil {
				invitedTo[a.org] = map[string]bool{}
				presentAt[a.org] = map[string]bool{}
			}
			invitedTo[a.org][m.id] = true
			if refPresent(a) {
				present++
				catPresent[cat]++
				presentAt[a.org][m.id] = true
			}
		}
	}
	put("P01", "", refRatio(present, rows))

	// P09: the category's P01 minus the overall P01; no numerator/denominator.
	for _, cat := range refCategories {
		if catRows[cat] == 0 {
			put("P09", cat, refVal{})
			continue
		}
		put("P09", cat, refVal{v: refF(catPresent[cat]/catRows[cat] - present/rows)})
	}

	contribs := refContribsOf(d, c)
	count := map[string]float64{}
	for _, x := range contribs {
		count[x.org]++
	}
	put("P04", "", refRatio(float64(len(contribs)), float64(len(meetings))))

	// P03, P05, P07 are over the invited organisations only: a contributor
	// never invited in the cell is left out.
	n := float64(len(invitedTo))
	var active, regular float64
	var xs []float64
	for o, inv := range invitedTo {
		if count[o] > 0 {
			active++
		}
		if 4*len(presentAt[o]) >= 3*len(inv) { // present at >= 75 % of its meetings
			regular++
		}
		xs = append(xs, count[o])
	}
	put("P03", "", refRatio(active, n))
	put("P05", "", refRatio(regular, n))

	// P07: Σ_i Σ_j |x_i − x_j| over ordered pairs, and 2 n² x̄ = 2 n Σx.
	var sumAbs, sum float64
	for _, xi := range xs {
		sum += xi
		for _, xj := range xs {
			sumAbs += math.Abs(xi - xj)
		}
	}
	put("P07", "", refRatio(sumAbs, 2*n*sum))
}

// refProcess: Q01, Q02, Q04-Q08.
func refProcess(d *refData, c *refCell, put refPut) {
	meetings := refMeetingsOf(d, c)

	// Q01: written procedures out (an empty mode stays in); a missing date is
	// non-compliant.
	var q01n, q01d float64
	var docsDays []int
	var minutes float64
	phases, topics := map[string]bool{}, map[string]bool{}
	art8 := map[string]bool{"needs_analysis": true, "priorities": true, "allocation": true,
		"indicators": true, "horizontal_principles": true, "committee_composition": true}
	for _, m := range meetings {
		if m.mode != "written" {
			q01d++
			if m.notice != nil && m.documents != nil &&
				refWorkingDays(*m.notice, m.date) >= 10 && refWorkingDays(*m.documents, m.date) >= 10 {
				q01n++
			}
		}
		if m.documents != nil {
			docsDays = append(docsDays, refWorkingDays(*m.documents, m.date))
		}
		if m.minute != nil {
			minutes++
		}
		phases[m.phase] = true
		for _, tp := range m.topics {
			if art8[tp] {
				topics[tp] = true
			}
		}
	}
	put("Q01", "", refRatio(q01n, q01d))

	// Q02: median, the mean of the two middle values for an even count.
	q02 := refVal{}
	if k := len(docsDays); k > 0 {
		slices.Sort(docsDays)
		med := float64(docsDays[k/2])
		if k%2 == 0 {
			med = float64(docsDays[k/2-1]+docsDays[k/2]) / 2
		}
		q02.v = refF(med)
	}
	put("Q02", "", q02)
	put("Q04", "", refRatio(minutes, float64(len(meetings))))

	// Q05, Q06: NULL (numerator and denominator too) without meetings.
	if len(meetings) == 0 {
		put("Q05", "", refVal{})
		put("Q06", "", refVal{})
	} else {
		put("Q05", "", refRatio(float64(len(phases)), 4))
		put("Q06", "", refRatio(float64(len(topics)), 6))
	}

	var answered, decided, taken float64
	contribs := refContribsOf(d, c)
	for _, x := range contribs {
		if x.response != nil {
			answered++
		}
		switch x.outcome {
		case "accepted", "partially_accepted":
			taken++
			decided++
		case "rejected":
			decided++
		}
	}
	put("Q07", "", refRatio(answered, float64(len(contribs))))
	put("Q08", "", refRatio(taken, decided))
}

// refEquality: E01 and E04 over the present attendance rows (invited or not)
// of the cell's meetings; E02 and E03 are composition (refComposition).
func refEquality(d *refData, c *refCell, put refPut) {
	women, known := map[string]bool{}, map[string]bool{}
	var withPerson, withGender float64
	for _, m := range refMeetingsOf(d, c) {
		for _, a := range d.attByMt[m.id] {
			if !refPresent(a) || a.person == "" {
				continue
			}
			withPerson++
			switch a.gender {
			case "F":
				women[a.person] = true
				known[a.person] = true
				withGender++
			case "M":
				known[a.person] = true
				withGender++
			case "X":
				withGender++
			}
		}
	}
	put("E01", "", refRatio(float64(len(women)), float64(len(known))))
	put("E04", "", refRatio(withGender, withPerson))
}

// refEaster is Easter Sunday by the anonymous Gregorian algorithm.
func refEaster(y int) refDay {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return refDate(y, time.Month(month), day)
}

// refWorking: Monday to Friday minus the Italian national holidays.
func refWorking(d refDay) bool {
	t := d.time()
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	switch md := [2]int{int(t.Month()), t.Day()}; md {
	case [2]int{1, 1}, [2]int{1, 6}, [2]int{4, 25}, [2]int{5, 1}, [2]int{6, 2}, [2]int{8, 15},
		[2]int{11, 1}, [2]int{12, 8}, [2]int{12, 25}, [2]int{12, 26}:
		return false
	}
	return d != refEaster(t.Year())+1 // Easter Monday
}

// refWorkingDays counts working days strictly after the dispatch a up to and
// including the day before the meeting m; 0 when a is on or after m.
func refWorkingDays(a, m refDay) int {
	n := 0
	for d := a + 1; d < m; d++ {
		if refWorking(d) {
			n++
		}
	}
	return n
}
