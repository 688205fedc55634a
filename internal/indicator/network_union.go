package indicator

import (
	"slices"
)

// unionWork holds the scratch arrays reused by every unit and union.
type unionWork struct {
	loc   []int32 // global org -> local index (valid for the current graph)
	stamp []int32 // global org -> last graph that touched it
	tag   int32
	uoff  []int32 // umap of unit ui: umap[uoff[ui]:uoff[ui+1]]
	umap  []int32 // unit-local index -> union-local index
	bits  []uint64
	nodes []int32
	occ   []int32
	cnt   []int32
	mark  []int32
	uf    []int32
	tie   tieWork // the Rete page's ties (network_ties.go)
}

func newUnionWork(orgs int) *unionWork {
	return &unionWork{loc: make([]int32, orgs+1), stamp: make([]int32, orgs+1)}
}

func (w *unionWork) nextTag() int32 {
	w.tag++
	if w.tag == 0 { // wrapped: clear the stamps
		clear(w.stamp)
		w.tag = 1
	}
	return w.tag
}

// collect gathers the distinct global ids of lists, ascending, and sets loc.
func (w *unionWork) collect(each func(yield func(g int32))) []int32 {
	tag := w.nextTag()
	w.nodes = w.nodes[:0]
	each(func(g int32) {
		if w.stamp[g] != tag {
			w.stamp[g] = tag
			w.nodes = append(w.nodes, g)
		}
	})
	slices.Sort(w.nodes)
	for i, g := range w.nodes {
		w.loc[g] = int32(i)
	}
	return w.nodes
}

// unit builds the graph of one body from its meetings: each meeting's present
// organisations are all linked.
func (w *unionWork) unit(in *netInput, meets []int32) *cgraph {
	nodes := w.collect(func(yield func(int32)) {
		for _, mt := range meets {
			for _, g := range in.presOrgs[in.presStart[mt]:in.presStart[mt+1]] {
				yield(g)
			}
		}
	})
	n := len(nodes)
	g := &cgraph{nodes: slices.Clone(nodes)}
	// Occurrences: for each local node, the meetings it was present at.
	w.cnt = resize(w.cnt, n+1)
	clear(w.cnt)
	for _, mt := range meets {
		for _, o := range in.presOrgs[in.presStart[mt]:in.presStart[mt+1]] {
			w.cnt[w.loc[o]+1]++
		}
	}
	for i := 1; i <= n; i++ {
		w.cnt[i] += w.cnt[i-1]
	}
	w.occ = resize(w.occ, int(w.cnt[n]))
	fill := resize(w.mark, n)
	copy(fill, w.cnt[:n])
	for _, mt := range meets {
		for _, o := range in.presOrgs[in.presStart[mt]:in.presStart[mt+1]] {
			l := w.loc[o]
			w.occ[fill[l]] = mt
			fill[l]++
		}
	}
	w.mark = fill
	rb := newRowBuilder(n)
	for i := 0; i < n; i++ {
		for _, mt := range w.occ[w.cnt[i]:w.cnt[i+1]] {
			for _, o := range in.presOrgs[in.presStart[mt]:in.presStart[mt+1]] {
				rb.set(w.loc[o])
			}
		}
		rb.endRow(int32(i))
	}
	g.off, g.adj = rb.off, rb.adj
	g.components()
	return g
}

// sparseRows is the size above which union rows are listed, not scanned.
const sparseRows = 8192

// union merges the units of a scope's bodies; the adjacency is kept only for
// unions of 3 to maxNodes nodes (those that get the exact N03; the
// betweenness pool builds the larger ones, with maxNodes unbounded, for
// the estimate).
func (w *unionWork) union(us []*cgraph, st netStats, maxNodes int) netStats {
	nodes := w.collect(func(yield func(int32)) {
		for _, u := range us {
			for _, g := range u.nodes {
				yield(g)
			}
		}
	})
	n := len(nodes)
	st.n = n
	// Occurrences of each node: (unit, local index in the unit), packed.
	w.cnt = resize(w.cnt, n+1)
	clear(w.cnt)
	for _, u := range us {
		for _, g := range u.nodes {
			w.cnt[w.loc[g]+1]++
		}
	}
	for i := 1; i <= n; i++ {
		w.cnt[i] += w.cnt[i-1]
	}
	w.occ = resize(w.occ, 2*int(w.cnt[n]))
	fill := resize(w.mark, n)
	copy(fill, w.cnt[:n])
	for ui, u := range us {
		for li, g := range u.nodes {
			l := w.loc[g]
			w.occ[2*fill[l]], w.occ[2*fill[l]+1] = int32(ui), int32(li)
			fill[l]++
		}
	}
	// Components: union-find over the units' components.
	w.uf = resize(w.uf, n)
	for i := range w.uf {
		w.uf[i] = int32(i)
	}
	for _, u := range us {
		for li, g := range u.nodes {
			ufUnion(w.uf, w.loc[g], w.loc[u.nodes[u.rep[li]]])
		}
	}
	sizes := resize(fill, n) // reuse: component sizes by root
	clear(sizes)
	for i := 0; i < n; i++ {
		r := ufFind(w.uf, int32(i))
		if sizes[r] == 0 {
			st.comps++
		}
		sizes[r]++
		st.large = max(st.large, int(sizes[r]))
	}
	clear(sizes)
	w.mark = sizes

	// umap turns each unit's local indices into the union's: a small array
	// per unit, so the loops below need no lookup by global id.
	w.uoff = resize(w.uoff, len(us)+1)
	w.uoff[0] = 0
	for ui, u := range us {
		w.uoff[ui+1] = w.uoff[ui] + int32(len(u.nodes))
	}
	w.umap = resize(w.umap, int(w.uoff[len(us)]))
	for ui, u := range us {
		m := w.umap[w.uoff[ui]:w.uoff[ui+1]]
		for li, g := range u.nodes {
			m[li] = w.loc[g]
		}
	}
	row := func(k int32) (adj []int32, m []int32) {
		ui, li := w.occ[2*k], w.occ[2*k+1]
		u := us[ui]
		return u.adj[u.off[li]:u.off[li+1]], w.umap[w.uoff[ui]:w.uoff[ui+1]]
	}

	if n >= 3 && n <= maxNodes {
		// Adjacency needed for N03: sorted rows from a bitset. A node in one
		// unit only keeps that unit's row: umap preserves the org order, so
		// the mapped row is already sorted and needs no bitset.
		// Above sparseRows nodes a row's bits are not scanned (N/64 words
		// per row: 3·10^8 at 10^5 nodes) but listed as set, then sorted, or
		// read off the bitset when the row is long (endSparseRow).
		rb := newRowBuilder(n)
		// Room for every unit's entries (a tie met in two bodies is counted
		// twice: at 10 M rows that over-counts by 0.6 %): no regrowing.
		var room int64
		for _, u := range us {
			room += int64(len(u.adj))
		}
		rb.adj = make([]int32, 0, min(room, int64(n)*int64(n-1)))
		sparse := n > sparseRows
		for i := 0; i < n; i++ {
			if w.cnt[i+1]-w.cnt[i] == 1 {
				adj, m := row(w.cnt[i])
				for _, lj := range adj {
					rb.adj = append(rb.adj, m[lj])
				}
				rb.off = append(rb.off, int32(len(rb.adj)))
				continue
			}
			for k := w.cnt[i]; k < w.cnt[i+1]; k++ {
				adj, m := row(k)
				for _, lj := range adj {
					if sparse {
						rb.add(m[lj])
					} else {
						rb.set(m[lj])
					}
				}
			}
			if sparse {
				rb.endSparseRow()
			} else {
				rb.endRow(int32(i))
			}
		}
		if cap(rb.adj)-len(rb.adj) > len(rb.adj)/8 {
			rb.adj = slices.Clone(rb.adj) // many ties met in several bodies: the graph may be held a while
		}
		st.graph = &cgraph{nodes: slices.Clone(nodes), off: rb.off, adj: rb.adj}
		st.e = st.graph.edges()
		return st
	}
	// Count the distinct neighbours only: a node in one unit has that unit's
	// degree; the others mark their neighbours in a bitset over the union
	// (n/8 bytes: it stays in cache), cleared word by word afterwards.
	w.bits = resizeWords(w.bits, (n+63)/64)
	var deg int64
	for i := 0; i < n; i++ {
		if w.cnt[i+1]-w.cnt[i] == 1 {
			adj, _ := row(w.cnt[i])
			deg += int64(len(adj))
			continue
		}
		bits := w.bits
		for k := w.cnt[i]; k < w.cnt[i+1]; k++ {
			ui, li := w.occ[2*k], w.occ[2*k+1]
			u := us[ui]
			m := w.umap[w.uoff[ui]:w.uoff[ui+1]]
			for _, lj := range u.adj[u.off[li]:u.off[li+1]] {
				l := m[lj]
				if bit := uint64(1) << (uint(l) & 63); bits[l>>6]&bit == 0 {
					bits[l>>6] |= bit
					deg++
				}
			}
		}
		for k := w.cnt[i]; k < w.cnt[i+1]; k++ {
			ui, li := w.occ[2*k], w.occ[2*k+1]
			u := us[ui]
			m := w.umap[w.uoff[ui]:w.uoff[ui+1]]
			for _, lj := range u.adj[u.off[li]:u.off[li+1]] {
				bits[m[lj]>>6] = 0
			}
		}
	}
	st.e = deg / 2
	return st
}

// resizeWords is resize for a bitset, returned cleared.
func resizeWords(s []uint64, n int) []uint64 {
	if cap(s) < n {
		return make([]uint64, n, n+n/4)
	}
	s = s[:n]
	clear(s)
	return s
}

func resize(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/4)
	}
	return s[:n]
}

func ufFind(uf []int32, x int32) int32 {
	for uf[x] != x {
		uf[x] = uf[uf[x]]
		x = uf[x]
	}
	return x
}

func ufUnion(uf []int32, a, b int32) {
	ra, rb := ufFind(uf, a), ufFind(uf, b)
	if ra != rb {
		if ra < rb {
			uf[rb] = ra
		} else {
			uf[ra] = rb
		}
	}
}
