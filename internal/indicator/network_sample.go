package indicator

import (
	"context"
	"encoding/binary"
	"math"
	"math/bits"
	"math/rand/v2"
)

// N03 above the exact limits: the sampling estimate of Riondato and
// Kornaropoulos ("Fast approximation of betweenness centrality through
// sampling", WSDM 2014 / DMKD 2016). It draws r pairs (u, v) of distinct
// nodes uniformly and, for each, one shortest u–v path uniformly among all
// of them; a node's estimate is the share of the r paths it lies inside.
// With r = (c/ε²)(⌊log2(VD−2)⌋ + 1 + ln(1/δ)), VD the vertex diameter (the
// most nodes on a shortest path), every node's estimate is within ε of its
// betweenness normalised by N(N−1), all nodes at once, with probability at
// least 1−δ. Chosen over source sampling (Brandes–Pich): its r does not grow
// with N, and for ε = 0.01 source sampling would need ≈ 75,000 full searches
// of the largest graph, half of the exact computation.
//
// RK's r holds whatever the betweenness values are; the large graphs here
// have small ones (the top broker of the 10 M `all` graph is ≈ 0.01), and a
// small share is known to within ε after far fewer paths. So the sampling
// stops early when it can prove so (progressive sampling, in the manner of
// KADABRA, Borassi and Natale 2016): see sampleChecks.
const (
	sampleEpsilon = 0.01 // additive error on the normalised betweenness
	sampleDelta   = 0.1  // probability that some node's error exceeds it
	sampleC       = 0.5  // the constant of the VC-dimension bound (RK, §4.1)
)

// sampleSize is RK's r for a vertex-diameter bound vd.
func sampleSize(vd int, eps, delta float64) int {
	vd = max(vd, 3)                // VD − 2 ≥ 1: a graph with no path of 3 nodes has none inside
	lg := bits.Len(uint(vd-2)) - 1 // ⌊log2(VD−2)⌋
	return int(math.Ceil(sampleC / (eps * eps) * (float64(lg) + 1 + math.Log(1/delta))))
}

// estimate is a sampled betweenness.
type estimate struct {
	raw     []float64 // per node, each pair once: share of the paths × N(N−1)/2
	bound   float64   // additive error on raw / ((N−1)(N−2)/2), with probability 1−δ
	samples int       // r
	vd      int       // the vertex-diameter bound r was taken for
	work    int64     // adjacency entries read
}

// sampleSeed derives the generator's seed from the graph's content, so that
// the same graph always gives the same estimate.
func sampleSeed(fp [16]byte) *rand.Rand {
	return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(fp[:8]), binary.LittleEndian.Uint64(fp[8:])))
}

// sampleBetweenness estimates the betweenness of g (see the top of the
// file) with b's buffers. maxWork > 0 gives up (nil, nil) as soon as the
// sampling has read, or is on course to read, more than maxWork adjacency
// entries: the caller then computes the exact value, which is cheaper.
func (b *brandes) sampleBetweenness(ctx context.Context, g *cgraph, fp [16]byte, maxWork int64) (*estimate, error) {
	n := g.n()
	est := &estimate{raw: make([]float64, n)}
	if n < 3 {
		return est, nil
	}
	b.grow(n)
	b.growB(n)
	vd, work := b.vdBound(g)
	r := sampleSize(vd, sampleEpsilon, sampleDelta/2) // the other δ/2 goes to the early stops
	est.vd = vd
	// RK bound ε on betweenness ÷ N(N−1) (ordered pairs); the stored
	// normalisation is ÷ (N−1)(N−2): ε·N/(N−2).
	est.bound = sampleEpsilon * float64(n) / float64(n-2)
	if vd <= 2 { // every component a clique: no node is inside a shortest path, exactly
		est.samples, est.bound, est.work = 0, 0, work
		return est, nil
	}
	rng := sampleSeed(fp)
	hits := make([]int32, n)
	a, z := b.sides(n)
	checks := newSampleChecks(n, r, sampleEpsilon, sampleDelta/2)
	target := checks.next(0)
	i := 0
	for ; i < r; i++ {
		if i == target {
			if checks.pass(hits, i) {
				break
			}
			target = checks.next(i)
		}
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if maxWork > 0 && i&63 == 0 {
			goal := min(target, r) // the next check, or r
			if work > maxWork || i >= goal/16 && work/int64(i)*int64(goal) > maxWork {
				return nil, nil // the work to it would pass the exact value's
			}
		}
		u := int32(rng.IntN(n))
		v := int32(rng.IntN(n - 1))
		if v >= u {
			v++
		}
		if b.comp[u] != b.comp[v] {
			continue // no path: counted among the r, inside nothing
		}
		work += b.samplePath(g, rng, &a, &z, u, v, hits)
	}
	b.order, b.orderB = a.ord[:0], z.ord[:0]
	r, est.samples = i, i
	scale := float64(n) * float64(n-1) / 2 / float64(r)
	for i, h := range hits {
		est.raw[i] = float64(h) * scale
	}
	est.work = work
	return est, nil
}

// side is one end of a bidirectional search: distances and path counts from
// its source, the nodes reached in order, and the last complete level
// (ord[front:], at distance level, whose rows hold cost entries). seen and
// fresh are bitsets of the nodes reached and of those reached by the level
// being built: a few KB that stay in cache, so the many entries that lead
// back to nodes already reached cost no read of dist or sigma (at 10^5
// nodes those arrays do not fit in the core's cache).
type side struct {
	dist        []int32
	sigma       []float64
	ord         []int32
	seen, fresh []uint64
	front       int
	level       int32
	cost        int64
}

// sides makes the two sides of the search on b's buffers (grown for n).
func (b *brandes) sides(n int) (side, side) {
	W := (n + 63) / 64
	b.vis, b.lvl = resizeWords(b.vis, W), resizeWords(b.lvl, W)
	b.next, b.seenB = resizeWords(b.next, W), resizeWords(b.seenB, W)
	return side{dist: b.dist, sigma: b.sigma, ord: b.order, seen: b.vis, fresh: b.lvl},
		side{dist: b.distB, sigma: b.delta, ord: b.orderB, seen: b.seenB, fresh: b.next} // delta: σ of the other side
}

func (s *side) start(g *cgraph, src int32) {
	s.ord = append(s.ord[:0], src)
	s.dist[src], s.sigma[src] = 0, 1
	s.seen[src>>6] |= 1 << (uint(src) & 63)
	s.front, s.level, s.cost = 0, 0, int64(g.off[src+1]-g.off[src])
}

// reset marks every node s reached unreached again (sigma back to 0: it
// may be brandes' delta).
func (s *side) reset() {
	for _, v := range s.ord {
		s.dist[v], s.sigma[v] = -1, 0
		s.seen[v>>6] = 0
	}
}

// expand adds the next level to s, each new node's path count the sum over
// its neighbours in the current level, and reports whether it met the other
// side and whether the level is empty. A first pass looks only for nodes the
// other side has reached (its seen bits): if there are any, the shortest
// paths meet there and the level is made of them alone (the rest of it is
// never needed). Most of the nodes a search reaches are found in that last
// step, so skipping them more than halves the cost; an earlier step pays
// the probe, reading bits only.
func (s *side) expand(g *cgraph, other *side) (met, empty bool) {
	next := s.level + 1
	first := len(s.ord)
	front := s.ord[s.front:first]
	seen, fresh := s.seen, s.fresh
	visit := func(w int32, k int, bit uint64, sx float64) {
		if fresh[k]&bit == 0 {
			seen[k] |= bit
			fresh[k] |= bit
			s.dist[w], s.sigma[w] = next, sx
			s.ord = append(s.ord, w)
		} else {
			s.sigma[w] += sx
		}
	}
	for _, x := range front {
		sx := s.sigma[x]
		for _, w := range g.adj[g.off[x]:g.off[x+1]] {
			if k, bit := int(w>>6), uint64(1)<<(uint(w)&63); other.seen[k]&bit != 0 {
				visit(w, k, bit, sx)
			}
		}
	}
	met = len(s.ord) > first
	if !met {
		for _, x := range front {
			sx := s.sigma[x]
			for _, w := range g.adj[g.off[x]:g.off[x+1]] {
				k, bit := int(w>>6), uint64(1)<<(uint(w)&63)
				if seen[k]&bit == 0 || fresh[k]&bit != 0 {
					visit(w, k, bit, sx)
				}
			}
		}
	}
	s.front, s.level, s.cost = first, next, 0
	for _, w := range s.ord[first:] {
		fresh[w>>6] = 0
		s.cost += int64(g.off[w+1] - g.off[w])
	}
	return met, len(s.ord) == first
}

// samplePath draws one shortest u–v path uniformly (u, v in one component)
// and counts its inner nodes in hits; it returns the entries read. The two
// searches grow from u and v, each step the side whose last level has the
// fewer entries to read (balanced bidirectional search). When a new level
// of one side reaches nodes of the other, the distance is known: every
// shortest path crosses exactly one of those nodes w, σ_u(w)·σ_v(w) of them
// through w. Pick w in that proportion, then walk back to each source
// choosing each predecessor p in proportion to σ(p): a uniform path.
func (b *brandes) samplePath(g *cgraph, rng *rand.Rand, a, z *side, u, v int32, hits []int32) int64 {
	a.start(g, u)
	z.start(g, v)
	var work int64
	for {
		s, o := a, z
		if z.cost < a.cost {
			s, o = z, a
		}
		work += s.cost
		met, empty := s.expand(g, o)
		if empty {
			break // cannot happen within a component; nothing inside
		}
		if !met {
			continue
		}
		var total float64
		for _, w := range s.ord[s.front:] { // all reached by o
			total += s.sigma[w] * o.sigma[w]
		}
		t := rng.Float64() * total
		var w int32
		for _, w = range s.ord[s.front:] {
			if t -= s.sigma[w] * o.sigma[w]; t < 0 {
				break // else the last one: rounding
			}
		}
		if o.dist[w] > 0 { // w is not the other source
			hits[w]++
		}
		work += walkBack(g, rng, s, w, hits) + walkBack(g, rng, o, w, hits)
		break
	}
	a.reset()
	z.reset()
	return work
}

// walkBack goes from x to the source of s along a uniform shortest path,
// counting the nodes passed strictly between x and the source.
func walkBack(g *cgraph, rng *rand.Rand, s *side, x int32, hits []int32) int64 {
	var work int64
	for d := s.dist[x]; d > 1; d-- {
		row := g.adj[g.off[x]:g.off[x+1]]
		work += int64(len(row))
		t := rng.Float64() * s.sigma[x]
		for _, p := range row {
			if s.dist[p] == d-1 {
				x = p // the last predecessor if rounding leaves t ≥ 0
				if t -= s.sigma[p]; t < 0 {
					break
				}
			}
		}
		hits[x]++
	}
	return work
}

// vdBound labels the components of g in b.comp and returns an upper bound
// on the vertex diameter, and the entries read. In each component a search
// from its node of highest degree (a hub is near everything: a tight
// bound) gives the two largest distances d1 ≥ d2 to distinct nodes; any two
// nodes are at most d1 + d2 apart through it, so VD ≤ d1 + d2 + 1.
func (b *brandes) vdBound(g *cgraph) (int, int64) {
	n := g.n()
	b.comp = resize(b.comp, n)
	comp := b.comp
	for i := range comp {
		comp[i] = -1
	}
	deg := func(x int32) int32 { return g.off[x+1] - g.off[x] }
	var roots []int32
	queue := b.order[:0]
	for s := int32(0); s < int32(n); s++ {
		if comp[s] >= 0 {
			continue
		}
		c := int32(len(roots))
		hub := s
		queue = append(queue[:0], s)
		comp[s] = c
		for h := 0; h < len(queue); h++ {
			x := queue[h]
			if deg(x) > deg(hub) {
				hub = x
			}
			for _, w := range g.adj[g.off[x]:g.off[x+1]] {
				if comp[w] < 0 {
					comp[w] = c
					queue = append(queue, w)
				}
			}
		}
		roots = append(roots, hub)
	}
	vd := 1
	dist := b.dist // all -1 (grow)
	for _, x := range roots {
		if deg(x) == 0 {
			continue
		}
		queue = append(queue[:0], x)
		dist[x] = 0
		for h := 0; h < len(queue); h++ {
			y := queue[h]
			for _, w := range g.adj[g.off[y]:g.off[y+1]] {
				if dist[w] < 0 {
					dist[w] = dist[y] + 1
					queue = append(queue, w)
				}
			}
		}
		last := queue[len(queue)-1]
		d1 := int(dist[last])
		d2 := d1 - 1
		if len(queue) >= 2 && dist[queue[len(queue)-2]] == dist[last] {
			d2 = d1
		}
		vd = max(vd, d1+d2+1)
		for _, y := range queue {
			dist[y] = -1
		}
	}
	b.order = queue[:0]
	return vd, 2 * int64(len(g.adj)) // two passes over the rows
}
