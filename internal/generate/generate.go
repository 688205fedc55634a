// Package generate writes a deterministic synthetic dataset for the
// Osservatorio sul Partenariato in the format of the data contract
// (docs/DATA.md): six CSV files (organisations, bodies,
// memberships, meetings, attendance, contributions), comma-delimited, UTF-8,
// English headers, ISO dates, true/false booleans, English enum values.
//
// The data imitate the partnership of EU cohesion policy in Italy under the
// European Code of Conduct on Partnership: organisations of six categories
// spread over real Italian NUTS 2/3 codes; monitoring committees, partnership
// tables, workshops, labs, working groups and consultations of 2014-2020 and
// 2021-2027 programmes (CCI-like codes); memberships with pseudonymous
// representatives, turnover and substitutes; meetings with notice and
// documents dates counted in Italian working days; attendance per invited
// representative (small civil-society organisations attend about half the
// meetings, institutions about 90 %), about 1 % uninvited present rows; and
// heavy-tailed (Pareto) contributions.
//
// # Determinism
//
// The same Options (after Defaults) give byte-identical files: every random
// draw comes from math/rand/v2 PCG sources seeded from Seed (one stream for
// the organisations and bodies, one per body for the rest), and bodies are
// processed in order. A Seed of 0 means the default seed 1.
//
// # Size
//
// Bodies are generated one at a time and their memberships, meetings,
// attendance and contributions are streamed to disk row by row as they are
// made, so memory is bounded by the organisations, the bodies and one body's
// memberships (about 60 MB of RSS for 10 million attendance rows), whatever
// the number of attendance rows.
//
// How the attendance grows: a body seats m ≈ 2.6·Orgs/Bodies member
// organisations at set-up (times 0.65-1.35 by body type, ±25 %, then clamped
// to 15-60 and to Orgs), and meets 4-10 times in a full year (about 6.5) in
// the years of its programming cycle: 2014-2020 bodies meet until 2024,
// 2021-2027 bodies from their set-up in 2021-2022, so with the default window
// 2020-2025 a body meets in about 4.1 of the 6 years (about 26.5 meetings).
// Each meeting gives one row per seated organisation's representative, plus
// a row for a substitute who came (about 4 %) and about 1 % uninvited rows:
//
//	attendance ≈ 1.05 × m × meetings ≈ 1.05 × m × 6.5 × Bodies × activeYears
//
// linear in Bodies at a fixed Orgs/Bodies ratio, and in the active years
// (Years=3, 6, 12 ending in 2025 give 0.61, 1, 2.15 times the rows of
// Years=6). Measured (Years=6, EndYear=2025, Seed=1):
//
//	Orgs      Bodies  attendance  memberships  meetings  contributions
//	   400        30      29,457        4,527       874          1,383  (defaults)
//	 4,000       300     270,588       40,561     7,804         15,798
//	15,000     1,000   1,020,910      152,698    26,632         66,230  ≈ 1 million
//	150,000   10,000  10,225,768    1,536,304   263,870        610,088  ≈ 10 million
//
// On 2 cores (Xeon 2.5 GHz) 10 million attendance rows (470 MB) take 5-10 s,
// bound by the disk; BenchmarkWrite1M reports about 1.5 million rows/s.
package generate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Options sets the size and the seed of the dataset.
type Options struct {
	Orgs    int   // organisations (default 400)
	Bodies  int   // partnership bodies (default 30)
	Years   int   // years of meetings, ending in EndYear (default 6)
	EndYear int   // last year with meetings (default 2025)
	Seed    int64 // same seed + options = byte-identical files (default 1)
}

// Stats counts what was written, per kind ("organisations", "bodies",
// "memberships", "meetings", "attendance", "contributions").
type Stats map[string]int64

// Defaults fills zero fields with the defaults.
func (o Options) Defaults() Options {
	if o.Orgs == 0 {
		o.Orgs = 400
	}
	if o.Bodies == 0 {
		o.Bodies = 30
	}
	if o.Years == 0 {
		o.Years = 6
	}
	if o.EndYear == 0 {
		o.EndYear = 2025
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

func (o Options) validate() error {
	switch {
	case o.Orgs < 1:
		return fmt.Errorf("generate: Orgs must be positive, got %d", o.Orgs)
	case o.Bodies < 1:
		return fmt.Errorf("generate: Bodies must be positive, got %d", o.Bodies)
	case o.Years < 1 || o.Years > 50:
		return fmt.Errorf("generate: Years must be between 1 and 50, got %d", o.Years)
	case o.EndYear < 2000 || o.EndYear > 2100:
		return fmt.Errorf("generate: EndYear must be between 2000 and 2100, got %d", o.EndYear)
	case o.Orgs > 99_999_999 || o.Bodies > 9_999_999:
		return errors.New("generate: too many organisations or bodies")
	}
	return nil
}

const (
	kOrganisations = iota
	kBodies
	kMemberships
	kMeetings
	kAttendance
	kContributions
	nKinds
)

var kindNames = [nKinds]string{"organisations", "bodies", "memberships", "meetings", "attendance", "contributions"}

var headers = [nKinds]string{
	"org_id,name,category,level,nuts,small,legal_form",
	"body_id,name,type,programme,cycle,fund,nuts,started",
	"body_id,org_id,person_id,gender,role,voting,start,end",
	"meeting_id,body_id,date,phase,mode,notice_date,documents_date,minutes_published,topics",
	"meeting_id,org_id,person_id,gender,invited,present,delegated",
	"contribution_id,org_id,meeting_id,body_id,submitted,kind,response_date,outcome",
}

// Write writes organisations.csv, bodies.csv, memberships.csv, meetings.csv,
// attendance.csv, contributions.csv into dir (created if missing). The files
// are written under temporary names and renamed into place only when all
// six are complete; on error (or a cancelled ctx) nothing is left behind.
func Write(ctx context.Context, dir string, opt Options) (Stats, error) {
	opt = opt.Defaults()
	if err := opt.validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	var sinks [nKinds]*sink
	cleanup := func() {
		for _, s := range sinks {
			if s != nil {
				s.f.Close()
				os.Remove(s.tmp)
			}
		}
	}
	for k := range sinks {
		f, err := os.CreateTemp(dir, "."+kindNames[k]+"-*.tmp")
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("generate: %w", err)
		}
		sinks[k] = &sink{f: f, w: bufio.NewWriterSize(f, bufSize), tmp: f.Name(), final: filepath.Join(dir, kindNames[k]+".csv")}
		sinks[k].header(headers[k])
	}
	g := newGen(opt, sinks)
	err := g.run(ctx)
	for _, s := range sinks {
		if err != nil {
			break
		}
		if s.err != nil {
			err = s.err
		} else if ferr := s.w.Flush(); ferr != nil {
			err = ferr
		} else if cerr := s.f.Close(); cerr != nil {
			err = cerr
		} else {
			err = os.Chmod(s.tmp, 0o644)
		}
	}
	if err != nil {
		cleanup()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("generate: %w", err)
	}
	for _, s := range sinks {
		if err := os.Rename(s.tmp, s.final); err != nil {
			cleanup()
			return nil, fmt.Errorf("generate: %w", err)
		}
	}
	st := Stats{}
	for k, s := range sinks {
		st[kindNames[k]] = s.rows
	}
	return st, nil
}

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

// pool draws organisations with probability proportional to a weight.
type pool struct {
	idx []int32
	cum []float64
}

func (p *pool) add(i int32, w float64) {
	if n := len(p.cum); n > 0 {
		w += p.cum[n-1]
	}
	p.idx = append(p.idx, i)
	p.cum = append(p.cum, w)
}

func (p *pool) draw(r *rand.Rand) int32 {
	u := r.Float64() * p.cum[len(p.cum)-1]
	lo, hi := 0, len(p.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if p.cum[mid] > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return p.idx[lo]
}

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

type gen struct {
	opt      Options
	sinks    [nKinds]*sink
	cal      *calendar
	winFirst int
	winLast  int
	horizon  day // 31 Dec EndYear
	orgs     []org
	global   pool
	national pool
	regional []pool
	bodies   []body
	seated   []int32 // per org: 1 + index of the body where it holds an open seat
	stamp    []int32 // per org: the meeting number it was last invited to
	seats    []seat
	reps     []rep
	active   []int
	persons  int
	meetings int
	contribs int
	mid      []byte
}

func newGen(opt Options, sinks [nKinds]*sink) *gen {
	g := &gen{opt: opt, sinks: sinks}
	g.winLast = opt.EndYear
	g.winFirst = opt.EndYear - opt.Years + 1
	g.horizon = mkDay(opt.EndYear, 12, 31)
	g.cal = newCalendar(min(g.winFirst-2, 2013), opt.EndYear+1)
	g.seated = make([]int32, opt.Orgs)
	g.stamp = make([]int32, opt.Orgs)
	return g
}

func pick(r *rand.Rand, w []float64) int {
	var t float64
	for _, x := range w {
		t += x
	}
	u := r.Float64() * t
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

func pickRegion(r *rand.Rand) int {
	if r.Float64() < 0.3 {
		return r.IntN(len(regions))
	}
	w := make([]float64, len(regions))
	for i, rg := range regions {
		w[i] = rg.pop
	}
	return pick(r, w)
}

func pickGender(r *rand.Rand) uint8 {
	u := r.Float64()
	switch {
	case u < 0.40:
		return gF
	case u < 0.97:
		return gM
	case u < 0.98:
		return gX
	}
	return gEmpty
}

// poisson draws from a Poisson distribution of mean λ, given l = exp(-λ)
// (Knuth's method, fine for the small means used here).
func poisson(r *rand.Rand, l float64) int {
	k := 0
	for p := r.Float64(); p > l; p *= r.Float64() {
		k++
	}
	return k
}

func (g *gen) run(ctx context.Context) error {
	r := rand.New(rand.NewPCG(uint64(g.opt.Seed), 0x0a5e5a70_01))
	g.makeOrgs(r)
	if err := g.writeOrgs(); err != nil {
		return err
	}
	g.makeBodies(r)
	if err := g.writeBodies(); err != nil {
		return err
	}
	for i := range g.bodies {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := g.runBody(ctx, i); err != nil {
			return err
		}
		for _, s := range g.sinks {
			if s.err != nil {
				return s.err
			}
		}
	}
	return nil
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
