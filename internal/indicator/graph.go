package indicator

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math/bits"
	"slices"
	"sort"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// cgraph is an undirected simple graph in compressed form: the nodes are
// organisations (dense keys o, ascending, so local index order = org_id
// order), adj[off[i]:off[i+1]] the ascending local indices of i's neighbours.
// rep and the component fields are filled by components().
type cgraph struct {
	nodes []int32
	off   []int32
	adj   []int32

	rep     []int32 // per node: the smallest local index of its component
	comps   int     // connected components
	largest int     // nodes in the largest component
}

func (g *cgraph) n() int       { return len(g.nodes) }
func (g *cgraph) edges() int64 { return int64(len(g.adj)) / 2 }

// work is the size of an exact betweenness computation: N sources times the
// 2E adjacency entries each breadth-first search visits.
func (g *cgraph) work() int64 { return int64(len(g.nodes)) * int64(len(g.adj)) }

// components labels the connected components (breadth-first search).
func (g *cgraph) components() {
	n := g.n()
	g.rep = make([]int32, n)
	for i := range g.rep {
		g.rep[i] = -1
	}
	g.comps, g.largest = 0, 0
	queue := make([]int32, 0, n)
	for s := 0; s < n; s++ {
		if g.rep[s] >= 0 {
			continue
		}
		g.comps++
		queue = append(queue[:0], int32(s))
		g.rep[s] = int32(s)
		for h := 0; h < len(queue); h++ {
			v := queue[h]
			for _, w := range g.adj[g.off[v]:g.off[v+1]] {
				if g.rep[w] < 0 {
					g.rep[w] = int32(s)
					queue = append(queue, w)
				}
			}
		}
		g.largest = max(g.largest, len(queue))
	}
}

// fingerprint identifies a graph's content (nodes and edges), so that a
// graph met again (a programme with a single body, a body that met in one
// year only) reuses the betweenness already computed. SHA-256 (hardware
// accelerated; FNV took 3 s of a 10 M refresh), truncated to 128 bits.
func (g *cgraph) fingerprint() [16]byte {
	var h contentHash
	h.int32s(g.nodes)
	h.int32s(g.off)
	h.int32s(g.adj)
	return h.sum()
}

// seedKey is the sampling estimate's seed: the graph's nodes named by
// ids[o] (a hash of their org_id) instead of their dense keys, which shift
// when organisations are added anywhere, and their degrees. So a graph that
// did not change gets the same estimate in every data version, whether a
// refresh recomputes it or carries it over (incremental.go). The edges are
// left out: a seed need not tell every graph apart, only be the same for the
// same graph, and hashing them took 5 s of a 10 M refresh. nil ids:
// fingerprint.
func (g *cgraph) seedKey(ids []uint64) [16]byte {
	if ids == nil {
		return g.fingerprint()
	}
	var h contentHash
	for _, o := range g.nodes {
		h.uint64(ids[o])
	}
	h.int32s(g.off)
	return h.sum()
}

// contentHash feeds integers to SHA-256 little-endian through a small
// buffer, each slice after its length.
type contentHash struct {
	h   hash.Hash
	buf []byte
}

func (c *contentHash) flush(room int) {
	if c.h == nil {
		c.h, c.buf = sha256.New(), make([]byte, 0, 1<<16)
	}
	if len(c.buf)+room > cap(c.buf) {
		c.h.Write(c.buf)
		c.buf = c.buf[:0]
	}
}

func (c *contentHash) uint64(x uint64) {
	c.flush(8)
	c.buf = binary.LittleEndian.AppendUint64(c.buf, x)
}

func (c *contentHash) int32s(xs []int32) {
	c.uint64(uint64(len(xs)))
	for len(xs) > 0 {
		c.flush(4)
		k := min(len(xs), (cap(c.buf)-len(c.buf))/4)
		for _, x := range xs[:k] {
			c.buf = binary.LittleEndian.AppendUint32(c.buf, uint32(x))
		}
		xs = xs[k:]
	}
}

func (c *contentHash) sum() [16]byte {
	c.flush(0) // makes the hash if nothing was fed
	c.h.Write(c.buf)
	var out [16]byte
	copy(out[:], c.h.Sum(nil))
	return out
}

// rowBuilder turns, node by node, a set of neighbour bits into sorted rows.
type rowBuilder struct {
	words []uint64
	off   []int32
	adj   []int32
}

func newRowBuilder(n int) *rowBuilder {
	return &rowBuilder{words: make([]uint64, (n+63)/64), off: append(make([]int32, 0, n+1), 0)}
}

func (r *rowBuilder) set(j int32) { r.words[j>>6] |= 1 << (uint(j) & 63) }

// add is set for rows ended by endSparseRow: a new neighbour is also
// appended to the row.
func (r *rowBuilder) add(j int32) {
	if k, bit := j>>6, uint64(1)<<(uint(j)&63); r.words[k]&bit == 0 {
		r.words[k] |= bit
		r.adj = append(r.adj, j)
	}
}

// endSparseRow ends a row made with add: sorted, its bits cleared. (A union
// row never holds the node itself: the units' rows do not.)
func (r *rowBuilder) endSparseRow() {
	start := int(r.off[len(r.off)-1])
	row := r.adj[start:]
	if len(row) >= len(r.words)/sparseScan {
		// Many neighbours: reading every word of the bitset, which stays in
		// cache, costs less than sorting them.
		k := start
		for w, x := range r.words {
			for x != 0 {
				r.adj[k] = int32(w*64 + bits.TrailingZeros64(x))
				k++
				x &= x - 1
			}
			r.words[w] = 0
		}
	} else {
		for _, j := range row {
			r.words[j>>6] = 0
		}
		slices.Sort(row)
	}
	r.off = append(r.off, int32(len(r.adj)))
}

// sparseScan: a row of at least words/sparseScan neighbours is read off the
// bitset rather than sorted (measured on the 10 M `all` union: 8 to 64 are
// alike; with the room made in advance by union, the union 1.5 → 1.1 s).
const sparseScan = 16

// endRow appends the bits set since the last row (minus self) and clears them.
func (r *rowBuilder) endRow(self int32) {
	for w, x := range r.words {
		for x != 0 {
			t := bits.TrailingZeros64(x)
			x &= x - 1
			if j := int32(w*64 + t); j != self {
				r.adj = append(r.adj, j)
			}
		}
		r.words[w] = 0
	}
	r.off = append(r.off, int32(len(r.adj)))
}

// ---- gonum adapter ---------------------------------------------------------

// gonumGraph exposes a cgraph to gonum (graph.Undirected), node IDs = local
// indices.
type gonumGraph struct {
	g     *cgraph
	nodes []graph.Node
}

func newGonumGraph(g *cgraph) *gonumGraph {
	nodes := make([]graph.Node, g.n())
	for i := range nodes {
		nodes[i] = simple.Node(i)
	}
	return &gonumGraph{g: g, nodes: nodes}
}

func (x *gonumGraph) Node(id int64) graph.Node {
	if id < 0 || id >= int64(len(x.nodes)) {
		return nil
	}
	return x.nodes[id]
}

func (x *gonumGraph) Nodes() graph.Nodes { return iterator.NewOrderedNodes(x.nodes) }

func (x *gonumGraph) From(id int64) graph.Nodes {
	if id < 0 || id >= int64(len(x.nodes)) {
		return graph.Empty
	}
	return &adjIter{ids: x.g.adj[x.g.off[id]:x.g.off[id+1]], nodes: x.nodes}
}

func (x *gonumGraph) HasEdgeBetween(a, b int64) bool {
	if a < 0 || b < 0 || a >= int64(len(x.nodes)) || b >= int64(len(x.nodes)) {
		return false
	}
	row := x.g.adj[x.g.off[a]:x.g.off[a+1]]
	i := sort.Search(len(row), func(i int) bool { return int64(row[i]) >= b })
	return i < len(row) && int64(row[i]) == b
}

func (x *gonumGraph) Edge(u, v int64) graph.Edge {
	if !x.HasEdgeBetween(u, v) {
		return nil
	}
	return simple.Edge{F: x.nodes[u], T: x.nodes[v]}
}

func (x *gonumGraph) EdgeBetween(u, v int64) graph.Edge { return x.Edge(u, v) }

var _ graph.Undirected = (*gonumGraph)(nil)

// adjIter iterates over one adjacency row without allocating nodes.
type adjIter struct {
	ids   []int32
	nodes []graph.Node
	i     int
}

func (it *adjIter) Next() bool {
	if it.i < len(it.ids) {
		it.i++
		return true
	}
	return false
}
func (it *adjIter) Len() int { return len(it.ids) - it.i }
func (it *adjIter) Reset()   { it.i = 0 }
func (it *adjIter) Node() graph.Node {
	if it.i == 0 || it.i > len(it.ids) {
		return nil
	}
	return it.nodes[it.ids[it.i-1]]
}

// gonumBetweenness is the raw betweenness of every node by gonum, each
// unordered pair of other nodes counted once: the reference the tests check
// the purpose-built brandes against (the refresh uses brandes). gonum's network.Betweenness sums over ordered
// pairs (s, t) and (t, s) for an undirected graph, so it counts each pair
// twice (on the path a-b-c it gives b 2): the result is halved.
func gonumBetweenness(g *cgraph) []float64 {
	cb := network.Betweenness(newGonumGraph(g))
	out := make([]float64, g.n())
	for id, v := range cb {
		out[id] = v / 2
	}
	return out
}
