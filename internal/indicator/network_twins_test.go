package indicator

import (
	"slices"
	"testing"
)

// bipartite is the edges of the complete bipartite graph K(a,b) on the
// nodes from..from+a+b-1: each side's nodes are non-adjacent twins.
func bipartite(from, a, b int32) [][2]int32 {
	var e [][2]int32
	for i := range a {
		for j := range b {
			e = append(e, [2]int32{from + i, from + a + j})
		}
	}
	return e
}

// Twin classes worked out by hand. Two meetings {0,1,2,3} and {3,4,5}:
// 0, 1, 2 share N[v] = {0,1,2,3}, 4 and 5 share {3,4,5}, 3 is alone.
// K(3,4) plus an isolated node: the sides are open twins, the isolated
// node starts no search but keeps weight 1. A path 0-1-2-3 has no twins
// (N(0) = {1}, N(2) = {1,3}); a complete graph is one class.
func TestTwinWeights(t *testing.T) {
	clique := func(nodes ...int32) (e [][2]int32) {
		for i, a := range nodes {
			for _, b := range nodes[i+1:] {
				e = append(e, [2]int32{a, b})
			}
		}
		return e
	}
	for _, c := range []struct {
		name string
		g    *cgraph
		want []float64
	}{
		{"two meetings", graphOf(6, append(clique(0, 1, 2, 3), clique(3, 4, 5)...)), []float64{3, 0, 0, 1, 2, 0}},
		{"K(3,4)+isolated", graphOf(8, bipartite(0, 3, 4)), []float64{3, 0, 0, 4, 0, 0, 0, 1}},
		{"path", pathGraph(4), []float64{1, 1, 1, 1}},
		{"complete", completeGraph(5), []float64{5, 0, 0, 0, 0}},
	} {
		n := c.g.n()
		got := twinWeights(c.g, make([]float64, n), make([]int32, n), map[uint64]int32{}, map[uint64]int32{})
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: weights %v, want %v", c.name, got, c.want)
		}
	}
}

// Meeting graphs have many twins: the searches saved are what makes the
// exact betweenness of every body graph affordable (docs/BENCHMARKS.md).
func TestTwinsOnMeetingGraphs(t *testing.T) {
	g := bodiesGraph(3, 8, 400, 60, 4, 20)
	n := g.n()
	w := twinWeights(g, make([]float64, n), make([]int32, n), map[uint64]int32{}, map[uint64]int32{})
	var searches, total float64
	for _, x := range w {
		total += x
		if x > 0 {
			searches++
		}
	}
	if total != float64(n) {
		t.Fatalf("weights add up to %v, not the %d nodes", total, n)
	}
	// Organisations that attended a single meeting of a body share its
	// clique: the generated bodies have some in every seed.
	if searches >= float64(n) {
		t.Fatalf("%d nodes, %v searches: no twins found", n, searches)
	}
	t.Logf("%d nodes, %v searches", n, searches)
}
