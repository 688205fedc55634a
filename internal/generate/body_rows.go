package generate

import (
	"math/rand/v2"
)

// attGender: the register sometimes omits the gender it knows.
func (g *gen) attGender(r *rand.Rand, gd uint8) uint8 {
	if r.Float64() < 0.03 {
		return gEmpty
	}
	return gd
}

func (g *gen) attendance(o int32, person int32, gd uint8, invited, present, delegated bool) {
	s := g.sinks[kAttendance]
	b := s.buf()
	b = append(b, g.mid...)
	b = append(b, ',')
	b = append(b, g.orgs[o].id...)
	b = append(b, ',')
	if person >= 0 {
		b = appendID(b, "R", int(person), 7)
	}
	b = append(b, ',')
	b = append(b, genders[gd]...)
	b = append(b, ',')
	b = appendBool(b, invited)
	b = append(b, ',')
	b = appendBool(b, present)
	b = append(b, ',')
	b = appendBool(b, delegated)
	b = append(b, '\n')
	s.row(b)
}

func (g *gen) contribution(r *rand.Rand, b *body, m *meeting, o int32, attended bool) {
	g.contribs++
	detached := r.Float64() < 0.1
	kind := 0
	switch {
	case detached:
	case m.mode == mdWritten || !attended:
		if r.Float64() < 0.15 {
			kind = 2
		}
	default:
		kind = pick(r, []float64{50, 35, 15})
	}
	d := m.date
	var sub day
	switch {
	case detached:
		sub = max(d-45+day(r.IntN(91)), b.started)
	case kind == 1:
		sub = d
	case kind == 2:
		sub = d - 1 - day(r.IntN(7))
	default:
		from := m.docs
		if from == 0 || from > d {
			from = d - 10
		}
		sub = from + day(r.IntN(int(d+7-from)+1))
	}
	sub = min(sub, g.horizon)
	var resp day
	if r.Float64() < 0.72 {
		if x := sub + 7 + day(r.ExpFloat64()*35); x <= g.horizon {
			resp = x
		}
	}
	outcome := ""
	if resp != 0 {
		outcome = outcomes[pick(r, []float64{30, 25, 25, 20})]
	} else if u := r.Float64(); u < 0.08 {
		outcome = "not_assessed"
	} else if u < 0.6 {
		outcome = "pending"
	}

	s := g.sinks[kContributions]
	bb := s.buf()
	bb = appendID(bb, "C", g.contribs, 8)
	bb = append(bb, ',')
	bb = append(bb, g.orgs[o].id...)
	bb = append(bb, ',')
	if !detached {
		bb = append(bb, g.mid...)
	}
	bb = append(bb, ',')
	if detached || r.Float64() < 0.7 {
		bb = append(bb, b.id...)
	}
	bb = appendDate(append(bb, ','), sub)
	bb = append(bb, ',')
	bb = append(bb, kinds[kind]...)
	bb = appendDate(append(bb, ','), resp)
	bb = append(bb, ',')
	bb = append(bb, outcome...)
	bb = append(bb, '\n')
	s.row(bb)
}
