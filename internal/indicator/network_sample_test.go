package indicator

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"osservatorio/internal/generate"
)

type sampleCase struct {
	name string
	g    *cgraph
}

// sampleCases are graphs for the estimator, small enough for a test of a
// few seconds: random ones (sparse ones disconnected, with isolated nodes),
// unions of meeting cliques, and graphs full of ties.
func sampleCases() []sampleCase {
	var cases []sampleCase
	add := func(name string, g *cgraph) { cases = append(cases, sampleCase{name, g}) }
	for _, c := range []struct {
		n int
		p float64
	}{{40, 0.1}, {150, 0.02}, {300, 0.01}, {300, 0.05}, {500, 0.004}} {
		add(fmt.Sprintf("G(%d,%.3f)", c.n, c.p), randomGraph(uint64(c.n)*7+1, c.n, c.p))
	}
	for _, c := range []struct{ n, meetings, lo, hi int }{
		{60, 12, 3, 8}, {200, 40, 3, 12}, {400, 60, 4, 20}, {600, 150, 2, 10},
	} {
		add(fmt.Sprintf("cliques(%d,%d,%d-%d)", c.n, c.meetings, c.lo, c.hi), cliqueGraph(9, c.n, c.meetings, c.lo, c.hi))
	}
	add("bodies(6×40)", bodiesGraph(44, 6, 40, 26, 20, 35))
	add("star(40)", starGraph(40))
	add("path(30)", pathGraph(30))
	add("complete(25)", completeGraph(25))
	var cyc, twoStars [][2]int32
	for i := 0; i < 30; i++ {
		cyc = append(cyc, [2]int32{int32(i), int32((i + 1) % 30)})
	}
	for i := 1; i < 10; i++ {
		twoStars = append(twoStars, [2]int32{0, int32(i)}, [2]int32{10, int32(10 + i)}, [2]int32{0, 10})
	}
	add("cycle(30)", graphOf(30, cyc))
	add("two stars joined", graphOf(20, twoStars))
	add("pairs and isolated", graphOf(8, [][2]int32{{0, 1}, {2, 3}}))
	return cases
}

// vertexDiameter is the most nodes on a shortest path (searches from every
// node).
func vertexDiameter(g *cgraph) int {
	vd := 1
	for s := 0; s < g.n(); s++ {
		dist := make([]int, g.n())
		for i := range dist {
			dist[i] = -1
		}
		dist[s] = 0
		queue := []int32{int32(s)}
		for h := 0; h < len(queue); h++ {
			v := queue[h]
			for _, w := range g.adj[g.off[v]:g.off[v+1]] {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					vd = max(vd, dist[w]+1)
					queue = append(queue, w)
				}
			}
		}
	}
	return vd
}

// Every node's estimate is within the stated bound of its exact normalised
// betweenness (gonum's, the reference; the seed is fixed, so this is
// deterministic), the vertex-diameter bound holds, and r is RK's for it or
// one of the early checks, which some graphs pass.
func TestSampleWithinBound(t *testing.T) {
	var b brandes
	early := 0
	defer func() {
		if early < 3 {
			t.Errorf("%d graphs stopped before RK's r, want at least 3", early)
		}
	}()
	for _, c := range sampleCases() {
		g, n := c.g, c.g.n()
		exact := gonumBetweenness(g)
		est, err := b.sampleBetweenness(context.Background(), g, g.fingerprint(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if vd := vertexDiameter(g); est.vd < vd {
			t.Errorf("%s: vertex diameter %d, bound %d", c.name, vd, est.vd)
		}
		if est.vd <= 2 {
			if est.samples != 0 || est.bound != 0 || slices.Max(exact) != 0 {
				t.Errorf("%s: no path of 3 nodes: %+v, exact max %v", c.name, est, slices.Max(exact))
			}
			continue
		}
		rk := sampleSize(est.vd, sampleEpsilon, sampleDelta/2)
		checks := newSampleChecks(n, rk, sampleEpsilon, sampleDelta/2)
		if est.samples != rk {
			early++
			if !slices.Contains(checks.sizes, est.samples) {
				t.Errorf("%s: r %d is neither RK's %d nor a check %v", c.name, est.samples, rk, checks.sizes)
			}
		}
		if want := sampleEpsilon * float64(n) / float64(n-2); est.bound != want {
			t.Errorf("%s: bound %v, want %v", c.name, est.bound, want)
		}
		den := pairsOthers(n)
		worst := 0.0
		for i := range exact {
			d := math.Abs(est.raw[i]-exact[i]) / den
			worst = max(worst, d)
			if d > est.bound {
				t.Errorf("%s: node %d estimate %.5f, exact %.5f: off by more than %.4f", c.name, i, est.raw[i]/den, exact[i]/den, est.bound)
			}
		}
		t.Logf("%-22s N %4d  VD ≤ %3d  r %6d  worst error %.5f (bound %.4f)", c.name, n, est.vd, est.samples, worst, est.bound)
	}
}

// One shortest path is drawn uniformly among all: for fixed pairs, each
// node lies on the drawn path as often as σ_uv(w)/σ_uv says (within 5
// standard deviations of the binomial), on graphs with many paths of
// different counts.
func TestSamplePathUniform(t *testing.T) {
	const draws = 20000
	for _, g := range []*cgraph{cliqueGraph(5, 120, 40, 3, 9), randomGraph(6, 80, 0.06), bodiesGraph(7, 3, 30, 12, 8, 14)} {
		n := g.n()
		var b brandes
		b.grow(n)
		b.growB(n)
		b.vdBound(g) // labels the components
		a, z := b.sides(n)
		rng := rand.New(rand.NewPCG(1, 2))
		checked := 0
		for u := int32(0); u < int32(n) && checked < 6; u += 7 {
			du, su := bfsCounts(g, u)
			for v := int32(n - 1); v > u && checked < 6; v -= 5 {
				if du[v] < 3 {
					continue // paths with at least two inner nodes
				}
				checked++
				dv, sv := bfsCounts(g, v)
				hits := make([]int32, n)
				for i := 0; i < draws; i++ {
					b.samplePath(g, rng, &a, &z, u, v, hits)
				}
				for w := range hits {
					p := 0.0
					if w != int(u) && w != int(v) && du[w]+dv[w] == du[v] {
						p = su[w] * sv[w] / su[v]
					}
					got := float64(hits[w]) / draws
					if math.Abs(got-p) > 5*math.Sqrt(p*(1-p)/draws)+1e-9 {
						t.Errorf("pair %d-%d (distance %d): node %d on %.4f of the paths drawn, exactly %.4f", u, v, du[v], w, got, p)
					}
				}
			}
		}
		if checked == 0 {
			t.Fatal("no pair at distance 3 or more")
		}
	}
}

// bfsCounts is the distances (-1: unreachable) and shortest-path counts from s.
func bfsCounts(g *cgraph, s int32) ([]int, []float64) {
	dist, sigma := make([]int, g.n()), make([]float64, g.n())
	for i := range dist {
		dist[i] = -1
	}
	dist[s], sigma[s] = 0, 1
	queue := []int32{s}
	for h := 0; h < len(queue); h++ {
		v := queue[h]
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if dist[w] < 0 {
				dist[w] = dist[v] + 1
				queue = append(queue, w)
			}
			if dist[w] == dist[v]+1 {
				sigma[w] += sigma[v]
			}
		}
	}
	return dist, sigma
}

// r = (c/ε²)(⌊log2(VD−2)⌋ + 1 + ln(1/δ)), c = 0.5.
func TestSampleSize(t *testing.T) {
	for _, c := range []struct{ vd, r int }{{1, 16513}, {3, 16513}, {4, 21513}, {6, 26513}, {7, 26513}, {10, 31513}, {34, 41513}} {
		if r := sampleSize(c.vd, 0.01, 0.1); r != c.r {
			t.Errorf("VD %d: r %d, want %d", c.vd, r, c.r)
		}
	}
	if r := sampleSize(7, 0.02, 0.1); r != 6629 {
		t.Errorf("ε 0.02: r %d", r)
	}
}

// The early stop's arithmetic, worked by hand for the 10 M `all` graph
// (N = 136,800) with the δ/2 = 0.05 the checks share:
// L = ln(4 · 16 · 136,800 / 0.05) = ln(175,104,000) = 18.981;
// the first check is at ⌈L / −ln(1 − 0.01)⌉ = ⌈18.981 / 0.0100503⌉ = 1,889;
// a top share of 0.0105 (the graph's): KL(0.0105‖0.0205) = 0.0105·ln(0.0105/0.0205)
// + 0.9895·ln(0.9895/0.9795) = −0.0070258 + 0.0100517 = 0.0030259, reached by
// L/r at r ≥ 6,273: not within ε after 6,000 paths, within after 10,000. A share
// of one half needs KL(0.5‖0.51) = 0.0002000 ≥ L/r, r ≥ 94,886: never before RK's r.
func TestSampleChecks(t *testing.T) {
	if d := bernoulliKL(0.0105, 0.0205); math.Abs(d-0.0030259) > 1e-7 {
		t.Errorf("KL(0.0105‖0.0205) = %.7f, want 0.0030259", d)
	}
	if d := bernoulliKL(0, 0.01); math.Abs(d-0.0100503) > 1e-7 {
		t.Errorf("KL(0‖0.01) = %.7f, want 0.0100503", d)
	}
	rk := sampleSize(7, sampleEpsilon, sampleDelta/2)
	c := newSampleChecks(136800, rk, 0.01, 0.05)
	if math.Abs(c.logInv-18.981) > 5e-4 || len(c.sizes) != sampleStops || c.sizes[0] != 1889 || c.sizes[len(c.sizes)-1] >= rk {
		t.Fatalf("L %.4f, checks %v (RK's r %d)", c.logInv, c.sizes, rk)
	}
	for _, k := range []struct {
		r      int
		shares []float64
		pass   bool
	}{
		{1889, nil, true}, {1888, nil, false},
		{6000, []float64{0.0105, 0.003}, false}, {10000, []float64{0.0105, 0.003}, true},
		{10000, []float64{0.0105, 0.5}, false}, {rk - 1, []float64{0.5}, false},
		{20000, []float64{0.97}, true}, // near 1 the interval is narrow again
	} {
		hits := make([]int32, 1000) // most nodes on no path
		for i, sh := range k.shares {
			hits[10*i+7] = int32(math.Round(sh * float64(k.r)))
		}
		if got := c.pass(hits, k.r); got != k.pass {
			t.Errorf("after %d paths, shares %v: pass %v, want %v", k.r, k.shares, got, k.pass)
		}
	}
}

// The guarantee holds however the sampling stops: with 40 seeds, every
// estimate of every node of graphs that stop early is within ε of gonum's
// exact value (the probability that one is not is at most δ = 0.1 per run;
// the checks are conservative, so a sound rule misses by far less).
func TestSampleEarlyStopHolds(t *testing.T) {
	var b brandes
	for _, g := range []*cgraph{cliqueGraph(9, 600, 150, 2, 10), randomGraph(2101, 300, 0.05), cliqueGraph(9, 400, 60, 4, 20)} {
		n := g.n()
		exact := gonumBetweenness(g)
		den := pairsOthers(n)
		stops, early := map[int]int{}, 0
		for seed := 0; seed < 40; seed++ {
			fp := g.fingerprint()
			fp[0] += byte(seed)
			est, err := b.sampleBetweenness(context.Background(), g, fp, 0)
			if err != nil {
				t.Fatal(err)
			}
			stops[est.samples]++
			if est.samples < sampleSize(est.vd, sampleEpsilon, sampleDelta/2) {
				early++
			}
			for i := range exact {
				if d := math.Abs(est.raw[i]-exact[i]) / den; d > est.bound {
					t.Fatalf("N %d seed %d, r %d: node %d off by %.5f > %.4f", n, seed, est.samples, i, d, est.bound)
				}
			}
		}
		if early == 0 {
			t.Errorf("N %d: never stopped early", n)
		}
		t.Logf("N %d: paths drawn → runs %v", n, stops)
	}
}

// The seed comes from the graph's content: the same graph, built again or
// met by a worker whose buffers held other graphs, gives the same estimate,
// bit for bit; another graph another draw.
func TestSampleDeterministic(t *testing.T) {
	g1 := cliqueGraph(3, 300, 50, 3, 12)
	g2 := cliqueGraph(3, 300, 50, 3, 12) // built again: same content
	var fresh, used brandes
	for _, c := range sampleCases()[:4] {
		if _, err := used.sampleBetweenness(context.Background(), c.g, c.g.fingerprint(), 0); err != nil {
			t.Fatal(err)
		}
		used.betweenness(c.g)
	}
	a, err := fresh.sampleBetweenness(context.Background(), g1, g1.fingerprint(), 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := used.sampleBetweenness(context.Background(), g2, g2.fingerprint(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.raw, b.raw) || a.work != b.work || a.samples != b.samples {
		t.Fatal("same graph, different estimates")
	}
	fp := g1.fingerprint()
	fp[0]++
	c, _ := fresh.sampleBetweenness(context.Background(), g1, fp, 0)
	if slices.Equal(a.raw, c.raw) {
		t.Fatal("another seed, the same draw")
	}
}

// With maxWork the estimate gives way to the exact value when that is
// cheaper (a small graph), and not when it is not (a large sparse one); a
// cancelled context stops it.
func TestSampleMaxWorkAndCancel(t *testing.T) {
	var b brandes
	small := cliqueGraph(4, 40, 10, 3, 8)
	if est, err := b.sampleBetweenness(context.Background(), small, small.fingerprint(), small.work()); est != nil || err != nil {
		t.Fatalf("small graph: %+v %v, want the exact value instead", est, err)
	}
	large := randomGraph(8, 3000, 0.002)
	est, err := b.sampleBetweenness(context.Background(), large, large.fingerprint(), large.work())
	if est == nil || err != nil || est.work > large.work() {
		t.Fatalf("large graph: %v, work %d of %d", err, est.work, large.work())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.sampleBetweenness(ctx, large, large.fingerprint(), 0); err == nil {
		t.Fatal("cancelled: no error")
	}
	// The buffers are left clean: exact Brandes after an estimate matches gonum.
	checkSame(t, "after sampling", b.betweenness(small), gonumBetweenness(small))
}

// Ties in the estimate (equal hit counts) rank by org_id, as exact ones do:
// in a cycle every node's estimate is near the same value.
func TestSampleRankingTies(t *testing.T) {
	var cyc [][2]int32
	for i := 0; i < 12; i++ {
		cyc = append(cyc, [2]int32{int32(i), int32((i + 1) % 12)})
	}
	g := graphOf(12, cyc)
	var b brandes
	est, _ := b.sampleBetweenness(context.Background(), g, g.fingerprint(), 0)
	r := ranking(est.raw)
	for k := 1; k < len(r); k++ {
		a, c := est.raw[r[k-1]], est.raw[r[k]]
		if a < c || a == c && r[k-1] > r[k] {
			t.Fatalf("ranking %v of %v", r, est.raw)
		}
	}
}

// meetingsGraph is a co-participation graph shaped like the generated
// data's (internal/generate): organisations in 21 regions, a sixth of them
// national, each with a popularity (lognormal); bodies of 30–60 members, a
// third national, the others drawing four in five members from their
// region; 26 meetings each, with 60–80 % of the members present. Built as
// the refresh builds a graph (unionWork.unit).
func meetingsGraph(seed uint64, orgs, bodies int) *cgraph {
	r := rand.New(rand.NewPCG(seed, 3))
	const regions = 21
	type pool struct {
		ids []int32
		cum []float64
	}
	pools := make([]pool, regions+1) // regions, then national
	for o := 1; o <= orgs; o++ {
		k := regions
		if r.IntN(6) > 0 {
			k = r.IntN(regions)
		}
		p := &pools[k]
		w := math.Exp(0.8 * r.NormFloat64())
		if len(p.cum) > 0 {
			w += p.cum[len(p.cum)-1]
		}
		p.ids, p.cum = append(p.ids, int32(o)), append(p.cum, w)
	}
	draw := func(p *pool) int32 {
		i, _ := slices.BinarySearch(p.cum, r.Float64()*p.cum[len(p.cum)-1])
		return p.ids[min(i, len(p.ids)-1)]
	}
	in := &netInput{orgs: orgs, presStart: []int32{0, 0}}
	var meets []int32
	for b := 0; b < bodies; b++ {
		region := -1
		if r.IntN(3) > 0 {
			region = r.IntN(regions)
		}
		size := 30 + r.IntN(31)
		seen := map[int32]bool{}
		var members []int32
		for len(members) < size {
			p := &pools[regions]
			if region >= 0 && r.IntN(5) > 0 {
				p = &pools[region]
			}
			if o := draw(p); !seen[o] {
				seen[o] = true
				members = append(members, o)
			}
		}
		for m := 0; m < 26; m++ {
			share := 0.6 + 0.2*r.Float64()
			var present []int32
			for _, o := range members {
				if r.Float64() < share {
					present = append(present, o)
				}
			}
			slices.Sort(present)
			in.presOrgs = append(in.presOrgs, present...)
			in.presStart = append(in.presStart, int32(len(in.presOrgs)))
			in.meetings++
			meets = append(meets, int32(in.meetings))
		}
	}
	return newUnionWork(orgs).unit(in, meets)
}

// BenchmarkSampleBetweenness estimates N03 on meeting graphs the size of the
// largest graphs at 1 M attendance rows and, with OSSERVATORIO_BENCH_10M=1,
// at 10 M (scope all, period all).
func BenchmarkSampleBetweenness(b *testing.B) {
	sizes := []struct {
		name           string
		orgs, bodies   int
		onlyWithEnvVar bool
	}{{"15k", 15000, 1000, false}, {"150k", 150000, 10000, true}}
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			if s.onlyWithEnvVar && os.Getenv("OSSERVATORIO_BENCH_10M") != "1" {
				b.Skip("set OSSERVATORIO_BENCH_10M=1")
			}
			g := meetingsGraph(1, s.orgs, s.bodies)
			fp := g.fingerprint()
			var br brandes
			var est *estimate
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var err error
				if est, err = br.sampleBetweenness(context.Background(), g, fp, 0); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(g.n()), "nodes")
			b.ReportMetric(float64(len(g.adj)), "2E")
			b.ReportMetric(float64(est.samples), "r")
			b.ReportMetric(float64(est.vd), "VD")
			b.ReportMetric(float64(est.work)/float64(est.samples), "entries/path")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(est.work), "ns/entry")
		})
	}
}

// BenchmarkSampleGenerated10M estimates N03 on the largest graph of the 10 M
// generated dataset (scope all, period all), read from its CSV files as
// BenchmarkRefresh10M generates them (OSSERVATORIO_BENCH_10M=1;
// OSSERVATORIO_BENCH_DIR keeps them).
func BenchmarkSampleGenerated10M(b *testing.B) {
	if os.Getenv("OSSERVATORIO_BENCH_10M") != "1" {
		b.Skip("set OSSERVATORIO_BENCH_10M=1 (generation takes a while)")
	}
	dir := generated(b, "10m", generate.Options{Orgs: 150000, Bodies: 10000, Years: 6, Seed: 1})
	g := csvGraph(b, filepath.Join(dir, "attendance.csv"))
	fp := g.fingerprint()
	var br brandes
	var est *estimate
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		if est, err = br.sampleBetweenness(context.Background(), g, fp, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(g.n()), "nodes")
	b.ReportMetric(float64(len(g.adj)), "2E")
	b.ReportMetric(float64(est.samples), "r")
	b.ReportMetric(float64(est.vd), "VD")
	b.ReportMetric(float64(est.work)/float64(est.samples), "entries/path")
	top := slices.Max(est.raw) / pairsOthers(g.n())
	b.ReportMetric(top, "top_normalised")
}

// csvGraph is the co-participation graph of every present (or delegated)
// attendance row of an attendance.csv: each meeting links its organisations.
func csvGraph(b *testing.B, path string) *cgraph {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Scan()
	col := map[string]int{}
	for i, c := range strings.Split(sc.Text(), ",") {
		col[c] = i
	}
	meet, orgs := map[string]int32{}, map[string]int32{}
	var pres [][]int32
	for sc.Scan() {
		r := strings.Split(sc.Text(), ",")
		if r[col["present"]] != "true" && r[col["delegated"]] != "true" {
			continue
		}
		mt, ok := meet[r[col["meeting_id"]]]
		if !ok {
			mt = int32(len(pres))
			meet[r[col["meeting_id"]]] = mt
			pres = append(pres, nil)
		}
		o, ok := orgs[r[col["org_id"]]]
		if !ok {
			o = int32(len(orgs) + 1)
			orgs[r[col["org_id"]]] = o
		}
		pres[mt] = append(pres[mt], o)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	in := &netInput{orgs: len(orgs), meetings: len(pres), presStart: []int32{0, 0}}
	var meets []int32
	for i, p := range pres {
		slices.Sort(p)
		in.presOrgs = append(in.presOrgs, slices.Compact(p)...)
		in.presStart = append(in.presStart, int32(len(in.presOrgs)))
		meets = append(meets, int32(i+1))
	}
	return newUnionWork(in.orgs).unit(in, meets)
}
