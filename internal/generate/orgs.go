package generate

import (
	"fmt"
	"math"
	"math/rand/v2"
)

type org struct {
	cat      uint8
	level    int8 // -1 = unknown
	region   int8 // where it is (for sampling), even when nuts is empty
	small    int8 // -1 = unknown
	nuts     string
	legal    string
	presence float64 // probability of attending a meeting it is invited to
	contrib  float64 // contribution propensity (Pareto)
	expAtt   float64 // exp(-λ) of its contributions per meeting attended
	expAbs   float64 // and per meeting missed
	id       []byte
}

func (g *gen) makeOrgs(r *rand.Rand) {
	g.orgs = make([]org, g.opt.Orgs)
	g.regional = make([]pool, len(regions))
	catW := categoryWeights[:]
	for i := range g.orgs {
		o := &g.orgs[i]
		o.id = appendID(nil, "ORG", i+1, 6)
		o.cat = uint8(pick(r, catW))
		o.level = int8(pick(r, levelWeights[o.cat][:]))
		if r.Float64() < 0.03 {
			o.level = -1
		}
		rg := pickRegion(r)
		switch o.level {
		case levelEU:
			rg = regionLazio
		case levelNational:
			if r.Float64() < 0.6 {
				rg = regionLazio
				if r.Float64() < 0.5 {
					o.nuts = "ITI43"
				} else {
					o.nuts = "ITI4"
				}
			}
		case levelRegional:
			o.nuts = regions[rg].code
		case levelLocal:
			n3 := regions[rg].nuts3
			o.nuts = n3[r.IntN(len(n3))]
		default:
			if r.Float64() < 0.5 {
				o.nuts = regions[rg].code
			}
		}
		if r.Float64() < 0.04 {
			o.nuts = "" // unknown
		}
		o.region = int8(rg)
		lv := int(o.level)
		if lv < 0 {
			lv = levelRegional
		}
		o.small = 0
		if r.Float64() < smallProb[o.cat][lv] {
			o.small = 1
		}
		if r.Float64() < 0.05 {
			o.small = -1
		}
		forms := legalForms[o.cat]
		if o.cat == catInstitutional {
			switch lv {
			case levelLocal:
				forms = forms[:4]
			case levelRegional:
				forms = forms[4:6]
			default:
				forms = forms[6:]
			}
		}
		if r.Float64() >= 0.06 {
			o.legal = forms[r.IntN(len(forms))]
		}
		p := presenceBase[o.cat] * (0.9 + 0.2*r.Float64())
		if o.small == 1 {
			p *= smallPresence
		}
		o.presence = min(p, 0.98)
		w := 0.2 * math.Pow(1-r.Float64(), -1/1.2) // Pareto, alpha 1.2
		o.contrib = min(w, 25) * contribMult[o.cat]
		o.expAtt = math.Exp(-contribRate * o.contrib)
		o.expAbs = math.Exp(-contribRate * absentContrib * o.contrib)

		pop := math.Exp(0.8 * r.NormFloat64())
		switch o.level {
		case levelNational:
			pop *= 1.6
		case levelEU:
			pop *= 0.8
		case levelRegional:
			pop *= 1.2
		case levelLocal:
			pop *= 0.8
		}
		g.global.add(int32(i), pop)
		if o.level == levelNational || o.level == levelEU || o.nuts == "" {
			g.national.add(int32(i), pop)
		} else {
			g.regional[rg].add(int32(i), pop)
		}
	}
}

func (g *gen) writeOrgs() error {
	s := g.sinks[kOrganisations]
	var name []byte
	for i := range g.orgs {
		o := &g.orgs[i]
		b := s.buf()
		b = append(b, o.id...)
		b = append(b, ',')
		name = fmt.Appendf(name[:0], "Organizzazione %d (%s)", i+1, categoryIT[o.cat])
		b = appendField(b, string(name))
		b = append(b, ',')
		b = append(b, categories[o.cat]...)
		b = append(b, ',')
		if o.level >= 0 {
			b = append(b, levels[o.level]...)
		}
		b = append(b, ',')
		b = append(b, o.nuts...)
		b = append(b, ',')
		if o.small >= 0 {
			b = appendBool(b, o.small == 1)
		}
		b = append(b, ',')
		b = appendField(b, o.legal)
		b = append(b, '\n')
		s.row(b)
	}
	return s.err
}
