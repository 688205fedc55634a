package indicator

// Twins: nodes with the same neighbourhood. Meeting graphs are unions of
// cliques, so they have many: the organisations that attended the same
// meetings of a body share their closed neighbourhood N[v] (adjacent twins);
// two nodes joined only through the same neighbours share their open
// neighbourhood N(v) (non-adjacent twins).
//
// Twins u and v have the same distances and shortest-path counts to every
// other node, by swapping them, so Brandes's dependency vectors δ_u and δ_v
// agree on every node but u and v, and neither lies on a shortest path
// from the other (δ_u(v) = δ_v(u) = 0). A class of k twins therefore needs
// one breadth-first search, from its representative, whose dependencies
// count k times: exactly the betweenness of a search from every node, at
// the cost of one search per class. A node cannot have twins of both
// kinds (if N[u] = N[v] and N(u) = N(w), w would be adjacent to v and so in
// N[u]), so one class per node is enough.

// twinWeights returns, per node of g, the size of the twin class it
// represents (its smallest member), 0 for the other members: how many
// times a search from the node counts. Classes are found by a hash of each
// neighbourhood and checked exactly, so a hash collision only costs a
// search. weights and mark are scratch slices of at least g.n() entries,
// open and closed scratch maps (cleared here, so a worker reuses them from
// graph to graph).
func twinWeights(g *cgraph, weights []float64, mark []int32, open, closed map[uint64]int32) []float64 {
	n := g.n()
	weights = weights[:n]
	mark = mark[:n]
	clear(mark)
	var stamp int32
	// Open neighbourhood hash: a sum of mixed indexes, so order does not
	// matter; the closed one adds the node itself.
	clear(open)
	clear(closed)
	deg := func(v int32) int32 { return g.off[v+1] - g.off[v] }
	// same reports whether v's neighbourhood equals r's: open, or closed
	// (then v and r are adjacent, and N(v)\{r} = N(r)\{v}). Each check
	// stamps r's neighbourhood with a new stamp, so no reset is needed.
	same := func(r, v int32, isClosed bool) bool {
		if deg(r) != deg(v) {
			return false
		}
		stamp++
		for _, x := range g.adj[g.off[r]:g.off[r+1]] {
			mark[x] = stamp
		}
		if isClosed {
			if mark[v] != stamp {
				return false // v is not r's neighbour
			}
			mark[r] = stamp
		}
		// Both lists have deg entries, without duplicates: equal sets when
		// v's all lie in r's (closed: v's neighbour r stands for r's v).
		for _, x := range g.adj[g.off[v]:g.off[v+1]] {
			if mark[x] != stamp {
				return false
			}
		}
		return true
	}
	for v := int32(0); v < int32(n); v++ {
		weights[v] = 1
		if deg(v) == 0 {
			continue
		}
		var h uint64
		for _, x := range g.adj[g.off[v]:g.off[v+1]] {
			h += mix64(uint64(x) + 1)
		}
		hc := h + mix64(uint64(v)+1)
		if r, ok := closed[hc]; ok && same(r, v, true) {
			weights[r]++
			weights[v] = 0
			continue
		}
		if r, ok := open[h]; ok && same(r, v, false) {
			weights[r]++
			weights[v] = 0
			continue
		}
		if _, ok := closed[hc]; !ok {
			closed[hc] = v
		}
		if _, ok := open[h]; !ok {
			open[h] = v
		}
	}
	return weights
}
