package generate

import (
	"context"
	"math/rand/v2"
)

// seat is an organisation's membership of a body over a span of time; its
// representatives (the titular chain and an optional substitute chain) are
// ranges of gen.reps.
type seat struct {
	org    int32
	role   uint8
	voting bool
	start  day
	end    day // 0 = open
	t0, t1 int32
	s0, s1 int32
}

type rep struct {
	person int32
	gender uint8
	start  day
	end    day // 0 = open
}

// meeting is what contributions need to know about their meeting.
type meeting struct {
	date day
	docs day
	mode int // -1 = empty
}

// drawMember picks an organisation without an open seat in body tag; chair
// asks for an institutional one when possible. It returns -1 when every
// organisation is seated.
func (g *gen) drawMember(r *rand.Rand, b *body, tag int32, chair bool) int32 {
	for try := 0; try < 400; try++ {
		var p *pool
		u := r.Float64()
		switch {
		case b.region >= 0 && u < 0.6 && len(g.regional[b.region].idx) > 0:
			p = &g.regional[b.region]
		case (b.region >= 0 && u < 0.85 || b.region < 0 && u < 0.5) && len(g.national.idx) > 0:
			p = &g.national
		default:
			p = &g.global
		}
		o := p.draw(r)
		if g.seated[o] == tag {
			continue
		}
		c := g.orgs[o].cat
		if chair {
			if c != catInstitutional && try < 200 {
				continue
			}
		} else if r.Float64()*affinityMax >= affinity[b.typ][c] {
			continue
		}
		return o
	}
	n := len(g.orgs)
	start := r.IntN(n)
	for k := 0; k < n; k++ {
		o := int32((start + k) % n)
		if g.seated[o] != tag {
			return o
		}
	}
	return -1
}

func (g *gen) addSeat(r *rand.Rand, o int32, start day, tag int32) {
	role := uint8(roleMember)
	switch u := r.Float64(); {
	case u < 0.09:
		role = roleGuest
	case u < 0.15:
		role = roleObserver
	}
	voting := role == roleMember && r.Float64() < 0.95
	g.seats = append(g.seats, seat{org: o, role: role, voting: voting, start: start})
	g.seated[o] = tag
	g.active = append(g.active, len(g.seats)-1)
}

// chain appends the successive representatives holding a post from start to
// end (open when the post is still held at the end of the data).
func (g *gen) chain(r *rand.Rand, start, end day, open bool, meanDays float64) {
	s := start
	for {
		change := s + 30 + day(r.ExpFloat64()*meanDays)
		g.persons++
		rp := rep{person: int32(g.persons), gender: pickGender(r), start: s}
		if change > end {
			if !open {
				rp.end = end
			}
			g.reps = append(g.reps, rp)
			return
		}
		rp.end = change - 1
		g.reps = append(g.reps, rp)
		s = change
	}
}

// repAt returns the index of the representative of reps[lo:hi] in office on d, or -1.
func (g *gen) repAt(lo, hi int32, d day) int32 {
	for i := lo; i < hi; i++ {
		rp := &g.reps[i]
		if rp.start <= d && (rp.end == 0 || rp.end >= d) {
			return i
		}
	}
	return -1
}

func (g *gen) runBody(ctx context.Context, bi int) error {
	b := &g.bodies[bi]
	r := rand.New(rand.NewPCG(uint64(g.opt.Seed), 0x5eed_0000_0000+uint64(bi)))
	tag := int32(bi + 1)
	g.seats = g.seats[:0]
	g.reps = g.reps[:0]
	g.active = g.active[:0]

	// Composition at set-up: a chair (normally the managing authority) and members.
	if o := g.drawMember(r, b, tag, true); o >= 0 {
		g.seats = append(g.seats, seat{org: o, role: roleChair, voting: true, start: b.started})
		g.seated[o] = tag
		g.active = append(g.active, 0)
	}
	for len(g.seats) < b.size {
		o := g.drawMember(r, b, tag, false)
		if o < 0 {
			break
		}
		g.addSeat(r, o, b.started, tag)
	}

	// Turnover: each year some organisations leave and others join.
	var leavers []int32
	for y := b.started.year() + 1; y <= b.last; y++ {
		y0 := mkDay(y, 1, 1)
		leavers = leavers[:0]
		keep := g.active[:0]
		for _, si := range g.active {
			s := &g.seats[si]
			if s.role != roleChair && r.Float64() < 0.08 {
				d := max(y0+day(r.IntN(365)), s.start+30)
				if d < b.horizon {
					s.end = d
					leavers = append(leavers, s.org)
					continue
				}
			}
			keep = append(keep, si)
		}
		g.active = keep
		joins := len(leavers) + r.IntN(3) - 1
		if float64(len(g.active)+joins) < 0.85*float64(b.size) {
			joins++
		} else if float64(len(g.active)+joins) > 1.15*float64(b.size) {
			joins--
		}
		for j := 0; j < joins; j++ {
			o := g.drawMember(r, b, tag, false)
			if o < 0 {
				break
			}
			g.addSeat(r, o, min(y0+day(r.IntN(365)), b.horizon-1), tag)
		}
		for _, o := range leavers {
			g.seated[o] = 0
		}
	}

	// Representatives, and the membership rows.
	ms := g.sinks[kMemberships]
	for i := range g.seats {
		s := &g.seats[i]
		end, open := s.end, false
		if end == 0 {
			end = b.horizon
			if b.dissolved {
				s.end = end
			} else {
				open = true
			}
		}
		s.t0 = int32(len(g.reps))
		g.chain(r, s.start, end, open, 1500)
		s.t1 = int32(len(g.reps))
		s.s0 = s.t1
		if r.Float64() < 0.3 {
			if st := s.start + day(r.IntN(90)); st <= end {
				g.chain(r, st, end, open, 1100)
			}
		}
		s.s1 = int32(len(g.reps))
		for k := s.t0; k < s.s1; k++ {
			rp := &g.reps[k]
			bb := ms.buf()
			bb = append(bb, b.id...)
			bb = append(bb, ',')
			bb = append(bb, g.orgs[s.org].id...)
			bb = appendID(append(bb, ','), "R", int(rp.person), 7)
			bb = append(bb, ',')
			bb = append(bb, genders[rp.gender]...)
			bb = append(bb, ',')
			if k < s.t1 {
				bb = append(bb, roles[s.role]...)
				bb = appendBool(append(bb, ','), s.voting)
			} else {
				bb = append(bb, roles[roleSubstitute]...)
				bb = appendBool(append(bb, ','), false)
			}
			bb = appendDate(append(bb, ','), rp.start)
			bb = appendDate(append(bb, ','), rp.end)
			bb = append(bb, '\n')
			ms.row(bb)
		}
	}

	// Meetings, year by year, each with its attendance and contributions.
	first := b.started.year() >= g.winFirst
	for y := b.first; y <= b.last; y++ {
		lo := max(mkDay(y, 1, 8), b.started+20)
		hi := min(mkDay(y, 12, 22), b.horizon)
		if lo > hi {
			continue
		}
		mm := meetingsPerYear[b.typ]
		k := mm[0] + r.IntN(mm[1]-mm[0]+1)
		kf := float64(k) * min(float64(hi-lo+1)/349, 1)
		k = int(kf)
		if r.Float64() < kf-float64(k) {
			k++
		}
		seg := float64(hi-lo+1) / float64(max(k, 1))
		for i := 0; i < k; i++ {
			a := lo + day(float64(i)*seg)
			z := max(lo+day(float64(i+1)*seg)-1, a)
			d := a + day(r.IntN(int(z-a)+1))
			if _, m, dd := d.date(); m == 8 && dd >= 5 && dd <= 25 {
				d = a + day(r.IntN(int(z-a)+1))
			}
			d, ok := g.cal.workingIn(d, a, z)
			if !ok {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			g.meeting(r, b, d, first)
			first = false
		}
	}
	return nil
}

// meeting writes one meeting row, its attendance and its contributions.
func (g *gen) meeting(r *rand.Rand, b *body, d day, first bool) {
	g.meetings++
	mseq := int32(g.meetings)
	g.mid = appendID(g.mid[:0], "M", g.meetings, 8)
	y := d.year()

	pw := phaseWeights(b, y)
	phase := pick(r, pw[:])
	mw := modeWeights(b, y)
	mode := pick(r, mw[:])
	if r.Float64() < 0.01 {
		mode = -1
	}

	// Notice and documents, in working days before the meeting.
	var notice, docs day
	nN := 0
	if u := r.Float64(); u >= 0.03 {
		if u < 0.16 {
			nN = 2 + r.IntN(8)
		} else {
			nN = 10 + r.IntN(13)
		}
		notice = g.cal.dispatchBefore(d, nN)
	}
	if u := r.Float64(); u >= 0.04 {
		var dN int
		switch {
		case u < 0.14:
			dN = 1 + r.IntN(9)
		case nN >= 10:
			dN = nN - r.IntN(min(4, nN-9))
		default:
			dN = 10 + r.IntN(10)
		}
		if nN > 0 && dN > nN {
			dN = nN
		}
		docs = g.cal.dispatchBefore(d, dN)
	}
	var minutes day
	if r.Float64() < minutesProb[b.typ] {
		if m := d + 15 + day(r.IntN(60)); m <= g.horizon {
			minutes = m
		}
	}
	var tmask uint8
	nt := 0
	switch u := r.Float64(); {
	case u < 0.15:
	case u < 0.5:
		nt = 1
	case u < 0.8:
		nt = 2
	default:
		nt = 3
	}
	tw := topicWeights[phase]
	if first {
		tw[5] = 10
		nt = max(nt, 1)
	}
	for ; nt > 0; nt-- {
		t := pick(r, tw[:])
		tmask |= 1 << t
		tw[t] = 0
	}

	s := g.sinks[kMeetings]
	bb := s.buf()
	bb = append(bb, g.mid...)
	bb = append(bb, ',')
	bb = append(bb, b.id...)
	bb = appendDate(append(bb, ','), d)
	bb = append(bb, ',')
	bb = append(bb, phases[phase]...)
	bb = append(bb, ',')
	if mode >= 0 {
		bb = append(bb, modes[mode]...)
	}
	bb = appendDate(append(bb, ','), notice)
	bb = appendDate(append(bb, ','), docs)
	bb = appendDate(append(bb, ','), minutes)
	bb = append(bb, ',')
	sep := false
	for t := range topics {
		if tmask&(1<<t) != 0 {
			if sep {
				bb = append(bb, '|')
			}
			bb = append(bb, topics[t]...)
			sep = true
		}
	}
	bb = append(bb, '\n')
	s.row(bb)

	// Attendance: one row per invited representative (or per organisation,
	// for bodies that keep their register that way).
	modeF := 1.0
	switch mode {
	case mdRemote:
		modeF = 1.04
	case mdHybrid:
		modeF = 1.02
	case mdWritten:
		modeF = 0.85
	}
	m := meeting{date: d, docs: docs, mode: mode}
	rows := 0
	for i := range g.seats {
		st := &g.seats[i]
		if st.start > d || (st.end != 0 && st.end < d) {
			continue
		}
		g.stamp[st.org] = mseq
		o := &g.orgs[st.org]
		p := o.presence * modeF
		if st.role == roleGuest || st.role == roleObserver {
			p *= 0.8
		}
		attends := r.Float64() < p
		delegated := !attends && mode != mdWritten && r.Float64() < 0.1
		if b.orgLevel {
			g.attendance(st.org, -1, gEmpty, true, attends, delegated)
			rows++
		} else {
			t := g.repAt(st.t0, st.t1, d)
			sb := g.repAt(st.s0, st.s1, d)
			tp, sp := attends, false
			if attends && sb >= 0 {
				if u := r.Float64(); u < 0.08 {
					tp, sp = false, true
				} else if u < 0.14 {
					sp = true
				}
			}
			if t >= 0 {
				g.attendance(st.org, g.reps[t].person, g.attGender(r, g.reps[t].gender), true, tp, delegated)
				rows++
			}
			// The register lists the titular representative, present or not,
			// and the substitute when the substitute came.
			if sp {
				g.attendance(st.org, g.reps[sb].person, g.attGender(r, g.reps[sb].gender), true, sp, false)
				rows++
			}
		}
		el := o.expAtt
		if !attends && !delegated {
			el = o.expAbs
		}
		for n := poisson(r, el); n > 0; n-- {
			g.contribution(r, b, &m, st.org, attends || delegated)
		}
	}
	// About 1 % of rows: organisations that attended without an invitation.
	nu := int(float64(rows)*0.01 + r.Float64())
	for j := 0; j < nu; j++ {
		for try := 0; try < 20; try++ {
			o := int32(r.IntN(len(g.orgs)))
			if g.stamp[o] == mseq {
				continue
			}
			g.stamp[o] = mseq
			if b.orgLevel || r.Float64() < 0.3 {
				g.attendance(o, -1, gEmpty, false, true, false)
			} else {
				g.persons++
				g.attendance(o, int32(g.persons), pickGender(r), false, true, false)
			}
			break
		}
	}
}
