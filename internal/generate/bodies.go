package generate

import (
	"fmt"
	"math"
	"math/rand/v2"
)

type programme struct {
	code     string
	fund     string
	newCycle bool
	region   int // -1 = national programme
	approval day
}

type body struct {
	id        []byte
	name      string
	typ       int
	prog      *programme
	nuts      string
	region    int
	started   day
	first     int // first and last year with meetings (first > last: none)
	last      int
	horizon   day // last day of the body's life within the data
	dissolved bool
	orgLevel  bool // attendance register per organisation, without person_id
	size      int
}

func (g *gen) makeBodies(r *rand.Rand) {
	oldSpan := max(0, min(g.winLast, 2024)-g.winFirst+1)
	newSpan := max(0, g.winLast-max(g.winFirst, 2021)+1)
	pNew := float64(newSpan) / float64(oldSpan+newSpan)

	nb := g.opt.Bodies
	np := max(1, (nb+3)/4)
	progs := make([]programme, np)
	seq := map[string]int{}
	for i := range progs {
		p := &progs[i]
		p.newCycle = r.Float64() < pNew
		national := r.Float64() < 0.3
		p.region = -1
		if !national {
			p.region = pickRegion(r)
		}
		var prefix string
		year := "2014"
		if p.newCycle {
			year = "2021"
		}
		if national {
			switch pick(r, []float64{40, 30, 10, 10, 10}) {
			case 0:
				p.fund, prefix = "FESR", "IT16RFPN"
			case 1:
				p.fund, prefix = "FSE+", "IT05SFPN"
			case 2:
				p.fund, prefix = "FEAMPA", "IT14MFPR"
			case 3:
				p.fund, prefix = "JTF", "IT16JTPR"
			default:
				p.fund, prefix = "FEASR", "IT06RDNP"
			}
		} else {
			switch pick(r, []float64{45, 30, 15, 10}) {
			case 0:
				p.fund, prefix = "FESR", "IT16RFPR"
			case 1:
				p.fund, prefix = "FSE+", "IT05SFPR"
			case 2:
				p.fund, prefix = "FESR-FSE+", "IT16FFPR"
			default:
				p.fund, prefix = "FEASR", "IT06RDRP"
			}
		}
		if !p.newCycle { // 2014-2020 names and codes
			switch p.fund {
			case "FSE+":
				p.fund, prefix = "FSE", "IT05SFOP"
			case "FESR-FSE+":
				p.fund, prefix = "FESR-FSE", "IT16M2OP"
			case "FEAMPA":
				p.fund, prefix = "FEAMP", "IT14MFOP"
			case "JTF":
				p.fund, prefix = "FESR", "IT16RFOP"
			case "FESR":
				prefix = "IT16RFOP"
			}
		} else if p.fund == "FEASR" {
			year, prefix = "2023", "IT06AFSP"
		}
		prefix = year + prefix
		seq[prefix]++
		p.code = fmt.Sprintf("%s%03d", prefix, seq[prefix])
		if p.newCycle {
			p.approval = mkDay(2021, 9, 1) + day(r.IntN(480))
		} else {
			p.approval = mkDay(2014, 11, 1) + day(r.IntN(425))
		}
	}

	base := 2.625 * float64(g.opt.Orgs) / float64(nb)
	g.bodies = make([]body, nb)
	typW := bodyTypeWeights[:]
	for i := range g.bodies {
		b := &g.bodies[i]
		b.id = appendID(nil, "B", i+1, 5)
		p := &progs[i%np]
		b.prog = p
		b.typ = btMonitoring
		if i >= np {
			b.typ = pick(r, typW)
			b.name = fmt.Sprintf("%s %d - %s", bodyTypeIT[b.typ], i/np, p.code)
		} else {
			b.name = fmt.Sprintf("%s %s", bodyTypeIT[b.typ], p.code)
		}
		b.region = p.region
		if p.region >= 0 {
			b.nuts = regions[p.region].code
			if (b.typ == btWorkshop || b.typ == btLab || b.typ == btConsultation) && r.Float64() < 0.3 {
				n3 := regions[p.region].nuts3
				b.nuts = n3[r.IntN(len(n3))]
			}
		} else if (b.typ == btWorkshop || b.typ == btLab) && r.Float64() < 0.2 {
			b.region = pickRegion(r)
			b.nuts = regions[b.region].code
		}
		if b.typ == btMonitoring {
			b.started = p.approval + 20 + day(r.IntN(70))
		} else {
			b.started = p.approval - 120 + day(r.IntN(600))
		}
		if p.newCycle {
			b.started = max(b.started, mkDay(2021, 1, 15))
		} else if g.winFirst < 2015 {
			b.started = min(b.started, mkDay(g.winFirst, 1, 1)-1-day(r.IntN(365)))
		}
		b.started = min(b.started, mkDay(g.opt.EndYear, 12, 1))
		b.first = max(g.winFirst, b.started.year())
		b.last = g.winLast
		b.horizon = g.horizon
		if !p.newCycle && g.winLast > 2024 {
			b.last = 2024
			b.horizon = mkDay(2024, 12, 31)
			b.dissolved = true
		}
		b.orgLevel = r.Float64() < orgLevelProb[b.typ]
		size := int(math.Round(base * sizeMult[b.typ] * (0.75 + 0.5*r.Float64())))
		b.size = min(max(size, 15), 60, g.opt.Orgs)
	}
}

func (g *gen) writeBodies() error {
	s := g.sinks[kBodies]
	for i := range g.bodies {
		bd := &g.bodies[i]
		b := s.buf()
		b = append(b, bd.id...)
		b = append(b, ',')
		b = appendField(b, bd.name)
		b = append(b, ',')
		b = append(b, bodyTypes[bd.typ]...)
		b = append(b, ',')
		b = append(b, bd.prog.code...)
		b = append(b, ',')
		if bd.prog.newCycle {
			b = append(b, "2021-2027"...)
		} else {
			b = append(b, "2014-2020"...)
		}
		b = append(b, ',')
		b = appendField(b, bd.prog.fund)
		b = append(b, ',')
		b = append(b, bd.nuts...)
		b = append(b, ',')
		b = appendDate(b, bd.started)
		b = append(b, '\n')
		s.row(b)
	}
	return s.err
}
