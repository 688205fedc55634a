package indicator

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomGraph is G(n, p) over nodes 0..n-1 (fixed seed), so it has isolated
// nodes and several components when p is small.
func randomGraph(seed uint64, n int, p float64) *cgraph {
	r := rand.New(rand.NewPCG(seed, 1))
	var edges [][2]int32
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if r.Float64() < p {
				edges = append(edges, [2]int32{int32(i), int32(j)})
			}
		}
	}
	return graphOf(n, edges)
}

// cliqueGraph is built as the refresh builds a body's graph: meetings, each
// linking all its present organisations (sizes lo..hi, drawn from n nodes).
// Nodes in no meeting stay isolated.
func cliqueGraph(seed uint64, n, meetings, lo, hi int) *cgraph {
	r := rand.New(rand.NewPCG(seed, 2))
	var edges [][2]int32
	for m := 0; m < meetings; m++ {
		k := lo + r.IntN(hi-lo+1)
		present := r.Perm(n)[:min(k, n)]
		for a := range present {
			for b := a + 1; b < len(present); b++ {
				edges = append(edges, [2]int32{int32(present[a]), int32(present[b])})
			}
		}
	}
	return graphOf(n, edges)
}

func pathGraph(n int) *cgraph {
	var edges [][2]int32
	for i := 0; i+1 < n; i++ {
		edges = append(edges, [2]int32{int32(i), int32(i + 1)})
	}
	return graphOf(n, edges)
}

func starGraph(n int) *cgraph {
	var edges [][2]int32
	for i := 1; i < n; i++ {
		edges = append(edges, [2]int32{0, int32(i)})
	}
	return graphOf(n, edges)
}

func completeGraph(n int) *cgraph { return cliqueGraph(0, n, 1, n, n) }

// ranking is the broker order of the pool: betweenness descending, ties
// (within 1e-9) by local index = org_id.
func ranking(raw []float64) []int {
	idx := make([]int, len(raw))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(compareTol(raw[b], raw[a]), cmp.Compare(a, b))
	})
	return idx
}

// checkAgainstGonum compares brandes (with the buffers of b, reused) to
// gonum's network.Betweenness halved: every node within 1e-9 (relative to
// max(1, |value|)), and the same top 10 in the same order.
func checkAgainstGonum(t *testing.T, b *brandes, name string, g *cgraph) {
	t.Helper()
	want := gonumBetweenness(g)
	checkSame(t, name, b.betweenness(g), want)
	if g.n() < 3 {
		return
	}
	for _, twins := range []bool{false, true} {
		b.prepare(g, twins)
		checkSame(t, fmt.Sprintf("%s (lists, twins %v)", name, twins), b.betweennessLists(g), want)
		b.prepare(g, twins)
		checkSame(t, fmt.Sprintf("%s (bitsets, twins %v)", name, twins), b.betweennessBits(g), want)
	}
}

func checkSame(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, gonum %d", name, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-9*max(1, math.Abs(want[i])) {
			t.Fatalf("%s: node %d brandes %v, gonum %v", name, i, got[i], want[i])
		}
	}
	rg, rw := ranking(got), ranking(want)
	k := min(10, len(rg))
	if !slices.Equal(rg[:k], rw[:k]) {
		t.Fatalf("%s: top %d brandes %v, gonum %v", name, k, rg[:k], rw[:k])
	}
}

func TestBrandesMatchesGonum(t *testing.T) {
	type tc struct {
		name string
		g    *cgraph
	}
	var cases []tc
	add := func(name string, g *cgraph) { cases = append(cases, tc{name, g}) }
	// Random graphs: several sizes and densities, sparse ones disconnected
	// with isolated nodes.
	for _, n := range []int{3, 4, 7, 20, 60, 150, 300} {
		for _, p := range []float64{0.01, 0.05, 0.2, 0.6, 1} {
			for seed := uint64(1); seed <= 3; seed++ {
				add(fmt.Sprintf("G(%d,%.2f)#%d", n, p, seed), randomGraph(seed*1000+uint64(n), n, p))
			}
		}
	}
	// Unions of cliques, as the meetings make them.
	for _, c := range []struct{ n, meetings, lo, hi int }{
		{10, 3, 2, 4}, {30, 5, 3, 8}, {50, 20, 2, 6}, {100, 10, 5, 15},
		{200, 40, 3, 12}, {400, 60, 4, 20}, {400, 5, 10, 40}, {600, 150, 2, 10},
	} {
		for seed := uint64(1); seed <= 3; seed++ {
			add(fmt.Sprintf("cliques(%d,%d,%d-%d)#%d", c.n, c.meetings, c.lo, c.hi, seed),
				cliqueGraph(seed, c.n, c.meetings, c.lo, c.hi))
		}
	}
	// Stars, paths, complete graphs; a star and a path side by side (two
	// components); ties: a cycle (every node equal), two equal stars
	// (centres tied), complete graphs (all 0).
	for _, n := range []int{3, 4, 5, 12, 50, 200} {
		add(fmt.Sprintf("star(%d)", n), starGraph(n))
		add(fmt.Sprintf("path(%d)", n), pathGraph(n))
		add(fmt.Sprintf("complete(%d)", n), completeGraph(n))
	}
	var cyc, twoStars, starPath [][2]int32
	for i := 0; i < 25; i++ {
		cyc = append(cyc, [2]int32{int32(i), int32((i + 1) % 25)})
	}
	for i := 1; i < 8; i++ {
		twoStars = append(twoStars, [2]int32{0, int32(i)}, [2]int32{8, int32(8 + i)})
		starPath = append(starPath, [2]int32{0, int32(i)}, [2]int32{int32(8 + i), int32(9 + i)})
	}
	add("cycle(25)", graphOf(25, cyc))
	add("K(3,4)", graphOf(7, bipartite(0, 3, 4)))
	add("K(1,6)+K(5,2)", graphOf(14, append(bipartite(0, 1, 6), bipartite(7, 5, 2)...)))
	add("two stars", graphOf(16, twoStars))
	add("star+path+isolated", graphOf(20, starPath))
	add("isolated only", graphOf(5, nil))
	add("two nodes", graphOf(2, [][2]int32{{0, 1}}))

	// One brandes for every case, in an order that shrinks and grows the
	// graphs, as a pool worker meets them.
	var b brandes
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(cases), func(i, j int) { cases[i], cases[j] = cases[j], cases[i] })
	for _, c := range cases {
		checkAgainstGonum(t, &b, c.name, c.g)
	}
}

// The tie order is by org_id: two equal stars, the second with the smaller
// centre index after relabelling, and a cycle where every node ties.
func TestBrandesTies(t *testing.T) {
	var edges [][2]int32
	for i := 1; i < 6; i++ {
		edges = append(edges, [2]int32{3, int32(5 + i)}, [2]int32{0, int32(10 + i)})
	}
	g := graphOf(16, edges)
	r := ranking(betweenness(g))
	if r[0] != 0 || r[1] != 3 {
		t.Fatalf("tied centres 0 and 3: ranking %v", r[:4])
	}
	var cyc [][2]int32
	for i := 0; i < 12; i++ {
		cyc = append(cyc, [2]int32{int32(i), int32((i + 1) % 12)})
	}
	if r := ranking(betweenness(graphOf(12, cyc))); !slices.Equal(r[:10], []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Fatalf("cycle: ranking %v, want by index", r[:10])
	}
}

// benchGraphs are unions of meeting cliques shaped like the 10 M
// benchmark's graphs (medians: a body 45 organisations of average degree
// 39, a programme 174 of degree 44, a NUTS region up to 3,000 of degree 54)
// and a larger sparse one.
var benchGraphs = []struct {
	name string
	g    func() *cgraph
}{
	{"body45", func() *cgraph { return cliqueGraph(42, 45, 26, 25, 40) }},
	{"programme180", func() *cgraph { return bodiesGraph(43, 4, 45, 26, 25, 40) }},
	{"nuts1500", func() *cgraph { return bodiesGraph(44, 40, 40, 26, 20, 35) }},
	{"sparse1500", func() *cgraph { return cliqueGraph(42, 1500, 200, 5, 25) }},
}

// bodiesGraph is the union of k body graphs (cliqueGraph) on consecutive
// node ranges that overlap by a tenth, as bodies share a few organisations.
func bodiesGraph(seed uint64, k, n, meetings, lo, hi int) *cgraph {
	step := n - n/10
	total := step*(k-1) + n
	var edges [][2]int32
	for b := 0; b < k; b++ {
		g := cliqueGraph(seed+uint64(b), n, meetings, lo, hi)
		for i := 0; i < n; i++ {
			for _, j := range g.adj[g.off[i]:g.off[i+1]] {
				if int(j) > i {
					edges = append(edges, [2]int32{int32(b*step + i), int32(b*step) + j})
				}
			}
		}
	}
	return graphOf(total, edges)
}

func BenchmarkBetweenness(b *testing.B) {
	for _, bg := range benchGraphs {
		g := bg.g()
		impls := []struct {
			name string
			f    func(*cgraph) []float64
		}{
			{"lists", new(brandes).betweennessLists},
			{"bitsets", new(brandes).betweennessBits},
			{"gonum", gonumBetweenness},
		}
		for _, im := range impls {
			b.Run(bg.name+"/"+im.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					im.f(g)
				}
				reportGraph(b, g)
			})
		}
	}
}

// reportGraph adds the graph's size and the time per unit of work (N·2E,
// the unit of MaxWork and MaxTotalWork) to a benchmark's line.
func reportGraph(b *testing.B, g *cgraph) {
	b.ReportMetric(float64(g.n()), "nodes")
	b.ReportMetric(float64(g.edges()), "edges")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(g.work()), "ns/work")
}
