package indicator

// brandes computes exact betweenness (Brandes 2001) on an unweighted,
// undirected cgraph. Its buffers are sized for the largest graph seen and
// reused from graph to graph, so a worker allocates only the result slice;
// the hot loop reads the CSR arrays (off, adj) and flat per-node arrays, no
// maps and no interfaces.
//
// For each source s: a breadth-first search records dist and sigma (the
// number of shortest s-v paths) and the order nodes are reached in; walking
// that order backwards, each node w passes sigma[v]/sigma[w]·(1+delta[w]) to
// its neighbours v one step closer to s (the predecessors, found by distance,
// so no predecessor lists are kept), and delta[w] is added to w's
// betweenness. Summed over every source this counts each unordered pair
// twice (as gonum's network.Betweenness does); the result is halved, so each
// pair of other nodes counts once (path a-b-c gives b 1).
type brandes struct {
	dist  []int32
	sigma []float64
	delta []float64
	order []int32 // the BFS queue; read backwards it is the stack

	// betweennessBits only: adjacency rows, reached, level and next bitsets,
	// and where each level starts in order.
	rows, vis, lvl, next []uint64
	starts               []int32

	// sampleBetweenness reuses the above (dist, sigma, order and the
	// bitsets for one side of its search, delta for the other side's path
	// counts) and adds the other side's distances, order and reached
	// bitset, and component labels.
	distB, orderB, comp []int32
	seenB               []uint64

	// Per node: how many times a search from it counts (its twin class's
	// size, 0 for a twin of an earlier node; network_twins.go), and
	// twinWeights's scratch.
	weight       []float64
	mark         []int32
	open, closed map[uint64]int32
	searches     int64 // searches the last prepare left to do
}

// grow sizes the buffers for n nodes and marks every node unreached.
func (b *brandes) grow(n int) {
	if cap(b.dist) < n {
		b.dist = make([]int32, n)
		b.sigma = make([]float64, n)
		b.delta = make([]float64, n)
		b.order = make([]int32, 0, n)
	}
	if cap(b.weight) < n {
		b.weight = make([]float64, n)
		b.mark = make([]int32, n)
	}
	b.dist = b.dist[:n]
	b.sigma = b.sigma[:n]
	b.delta = b.delta[:n]
	for i := range b.dist {
		b.dist[i] = -1
	}
}

// growB sizes the second search side of sampleBetweenness, unreached.
func (b *brandes) growB(n int) {
	if cap(b.distB) < n {
		b.distB = make([]int32, n)
		b.orderB = make([]int32, 0, n)
	}
	b.distB = b.distB[:n]
	for i := range b.distB {
		b.distB[i] = -1
	}
}

// betweenness returns the raw betweenness of every node of g (local index
// order), each unordered pair of other nodes counted once: with bitset rows
// when the graph is dense enough for them to pay (average degree at least
// the ⌈N/64⌉ words of a row: the meeting graphs, measured 4–7 times faster
// than the lists), else with the adjacency lists. Twins share one search
// (network_twins.go).
func (b *brandes) betweenness(g *cgraph) []float64 {
	n := g.n()
	if n < 3 {
		return make([]float64, n)
	}
	b.prepare(g, true)
	if len(g.adj) >= n*((n+63)/64) {
		return b.betweennessBits(g)
	}
	return b.betweennessLists(g)
}

// betweennessLists is brandes over the adjacency lists (CSR).
func (b *brandes) betweennessLists(g *cgraph) []float64 {
	n := g.n()
	cb := make([]float64, n)
	off, adj := g.off, g.adj
	dist, sigma, delta, weight := b.dist, b.sigma, b.delta, b.weight
	for s := int32(0); s < int32(n); s++ {
		ws := weight[s]
		if off[s+1] == off[s] || ws == 0 {
			continue // isolated (on no path, starts none), or a twin's search counts for it
		}
		order := append(b.order[:0], s)
		dist[s], sigma[s] = 0, 1
		for h := 0; h < len(order); h++ {
			v := order[h]
			dv, sv := dist[v]+1, sigma[v]
			for _, w := range adj[off[v]:off[v+1]] {
				switch dist[w] {
				case -1:
					dist[w] = dv
					sigma[w] = sv
					order = append(order, w)
				case dv:
					sigma[w] += sv
				}
			}
		}
		for i := len(order) - 1; i > 0; i-- {
			w := order[i]
			dw := dist[w] - 1
			c := (1 + delta[w]) / sigma[w]
			for _, v := range adj[off[w]:off[w+1]] {
				if dist[v] == dw {
					delta[v] += sigma[v] * c
				}
			}
			cb[w] += ws * delta[w]
		}
		// Reset only what this source touched.
		for _, v := range order {
			dist[v], sigma[v], delta[v] = -1, 0, 0
		}
		b.order = order
	}
	for i := range cb {
		cb[i] /= 2
	}
	return cb
}

// prepare sizes the buffers for g and sets each node's search weight: its
// twin class's size, or 1 for every node without twins (the tests compare
// both ways). betweennessLists and betweennessBits need it; g has at least
// 3 nodes.
func (b *brandes) prepare(g *cgraph, twins bool) {
	b.grow(g.n())
	if twins {
		if b.open == nil {
			b.open, b.closed = map[uint64]int32{}, map[uint64]int32{}
		}
		b.weight = twinWeights(g, b.weight, b.mark, b.open, b.closed)
	} else {
		b.weight = b.weight[:g.n()]
		for i := range b.weight {
			b.weight[i] = 1
		}
	}
	b.searches = 0
	for v, w := range b.weight {
		if w > 0 && g.off[v+1] > g.off[v] {
			b.searches++
		}
	}
}

// betweenness is brandes with buffers of its own (one graph).
func betweenness(g *cgraph) []float64 {
	var b brandes
	return b.betweenness(g)
}
