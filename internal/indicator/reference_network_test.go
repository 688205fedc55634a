package indicator

// The reference computation of the network indicators (N01, N03, N05) and
// N03's top 10. The co-participation graph is built from the attendance rows;
// betweenness is computed by brute force over pairs (BFS distances and
// shortest-path counts from every node), a different method from the
// project's Brandes accumulation, cheap enough for graphs of a few hundred
// nodes.

import (
	"database/sql"
	"fmt"
	"math/big"
	"math/bits"
	"sort"
	"testing"
	"time"

	"osservatorio/internal/store"
)

// refBroker is one row of the top 10.
type refBroker struct {
	rank          int
	org           string
	bet, normalis float64
}

// refBrokers is N03's top 10 of one scope and period, with every node's
// betweenness and the exact value of the nodes near the top 10's values.
type refBrokers struct {
	top   []refBroker
	pairs float64 // (N-1)(N-2)/2
	bet   map[string]float64
	exact map[string]*big.Rat
}

// refNetwork puts N01, N03, N05 of the cell and returns its top 10 brokers
// (nil when there are none).
func refNetwork(d *refData, c *refCell, put refPut) *refBrokers {
	// Every present row counts, invited or not; a meeting links all the
	// organisations present at it.
	var groups [][]string
	nodeSet := map[string]bool{}
	for _, m := range refMeetingsOf(d, c) {
		seen := map[string]bool{}
		var g []string
		for _, a := range d.attByMt[m.id] {
			if refPresent(a) && !seen[a.org] {
				seen[a.org] = true
				g = append(g, a.org)
				nodeSet[a.org] = true
			}
		}
		groups = append(groups, g)
	}
	nodes := make([]string, 0, len(nodeSet))
	for o := range nodeSet {
		nodes = append(nodes, o)
	}
	sort.Strings(nodes) // index order = org_id order (ties in the ranking)
	idx := map[string]int{}
	for i, o := range nodes {
		idx[o] = i
	}
	n := len(nodes)
	linked := make([][]bool, n)
	for i := range linked {
		linked[i] = make([]bool, n)
	}
	for _, g := range groups {
		for _, a := range g {
			for _, b := range g {
				if a != b {
					linked[idx[a]][idx[b]] = true
				}
			}
		}
	}
	adj := make([][]int, n)
	edges := 0
	for i := range n {
		for j := range n {
			if linked[i][j] {
				adj[i] = append(adj[i], j)
				if i < j {
					edges++
				}
			}
		}
	}
	nf := float64(n)
	put("N01", "", refRatio(2*float64(edges), nf*(nf-1)))

	dist, sigma := refShortestPaths(adj)

	// N05: components (an isolated organisation is one), and the largest's share.
	comp := make([]int, n)
	for i := range comp {
		comp[i] = -1
	}
	comps, largest := 0, 0
	for s := range n {
		if comp[s] >= 0 {
			continue
		}
		size := 0
		for v := range n {
			if dist[s][v] >= 0 {
				comp[v] = comps
				size++
			}
		}
		comps++
		largest = max(largest, size)
	}
	put("N05", "", refVal{v: refF(float64(comps))})
	put("N05", "largest_share", refRatio(float64(largest), nf))

	// N03: with fewer than three organisations nobody can be in between; the
	// project's documented choice is value NULL, numerator 0, denominator 0.
	if n < 3 {
		put("N03", "", refVal{num: refF(0), den: refF(0)})
		return nil
	}
	bet := refBetweenness(dist, sigma)
	pairs := (nf - 1) * (nf - 2) / 2
	// Float sums in different orders can split a true tie by one ulp, so
	// values equal up to rounding are compared exactly (big.Rat) before
	// falling back to org_id.
	exact := map[int]*big.Rat{}
	exactOf := func(v int) *big.Rat {
		if exact[v] == nil {
			exact[v] = refExactBetweenness(v, bet[v], dist, sigma)
		}
		return exact[v]
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := order[a], order[b]
		if !refClose(bet[x], bet[y]) {
			return bet[x] > bet[y]
		}
		return exactOf(x).Cmp(exactOf(y)) > 0
	})
	top := bet[order[0]]
	put("N03", "", refVal{v: refF(top / pairs), num: refF(top), den: refF(pairs)})
	bs := &refBrokers{pairs: pairs, bet: map[string]float64{}, exact: map[string]*big.Rat{}}
	for i, o := range nodes {
		bs.bet[o] = bet[i]
	}
	for k := 0; k < min(10, n); k++ {
		i := order[k]
		bs.top = append(bs.top, refBroker{rank: k + 1, org: nodes[i], bet: bet[i], normalis: bet[i] / pairs})
	}
	// Keep the exact values of every node near the top 10's values, to
	// classify an exchanged pair in the comparison.
	for i := range n {
		for _, b := range bs.top {
			if refClose(bet[i], b.bet) {
				bs.exact[nodes[i]] = exactOf(i)
			}
		}
	}
	return bs
}

// refShortestPaths runs a BFS from every node: dist[s][v] (-1 when v is not
// reachable) and sigma[s][v], the number of shortest s-v paths.
func refShortestPaths(adj [][]int) ([][]int, [][]float64) {
	n := len(adj)
	dist := make([][]int, n)
	sigma := make([][]float64, n)
	queue := make([]int, 0, n)
	for s := range n {
		ds, ss := make([]int, n), make([]float64, n)
		for v := range ds {
			ds[v] = -1
		}
		ds[s], ss[s] = 0, 1
		queue = append(queue[:0], s)
		for h := 0; h < len(queue); h++ {
			u := queue[h]
			for _, v := range adj[u] {
				if ds[v] < 0 {
					ds[v] = ds[u] + 1
					queue = append(queue, v)
				}
				if ds[v] == ds[u]+1 {
					ss[v] += ss[u]
				}
			}
		}
		dist[s], sigma[s] = ds, ss
	}
	return dist, sigma
}

// refBetweenness sums, over every unordered pair {s, t} of other nodes, the
// share of shortest s-t paths through v: σ_sv·σ_vt/σ_st when
// d(s,v)+d(v,t) = d(s,t). Each pair is counted once.
func refBetweenness(dist [][]int, sigma [][]float64) []float64 {
	n := len(dist)
	bet := make([]float64, n)
	for s := range n {
		for t := s + 1; t < n; t++ {
			dst := dist[s][t]
			if dst < 2 { // unreachable or adjacent: nobody in between
				continue
			}
			for v := range n {
				if v == s || v == t {
					continue
				}
				dsv := dist[s][v]
				if dsv >= 1 && dsv < dst && dist[v][t] == dst-dsv {
					bet[v] += sigma[s][v] * sigma[v][t] / sigma[s][t]
				}
			}
		}
	}
	return bet
}

// refExactBetweenness is refBetweenness of one node in exact rational
// arithmetic (the path counts are integers, exact in float64 here). The terms
// σ_sv·σ_vt/σ_st are summed per denominator σ_st first, which keeps the
// rational additions few. bet is the node's float value: a float sum of
// positive terms is 0 only when there is no term.
func refExactBetweenness(v int, bet float64, dist [][]int, sigma [][]float64) *big.Rat {
	sum := new(big.Rat)
	if bet == 0 {
		return sum
	}
	n := len(dist)
	byDen := map[uint64]uint64{}
	for s := range n {
		for t := s + 1; t < n; t++ {
			dst, dsv := dist[s][t], dist[s][v]
			if s == v || t == v || dst < 2 || dsv < 1 || dsv >= dst || dist[v][t] != dst-dsv {
				continue
			}
			hi, num := bits.Mul64(refCount(sigma[s][v]), refCount(sigma[v][t]))
			acc, carry := bits.Add64(byDen[refCount(sigma[s][t])], num, 0)
			if hi != 0 || carry != 0 {
				panic("reference: exact betweenness overflows uint64")
			}
			byDen[refCount(sigma[s][t])] = acc
		}
	}
	for den, num := range byDen {
		sum.Add(sum, new(big.Rat).SetFrac(new(big.Int).SetUint64(num), new(big.Int).SetUint64(den)))
	}
	return sum
}

// refCount is a path count as an integer; counts stay below 2^53 here, so
// the float64 holding them is exact.
func refCount(x float64) uint64 {
	if x >= 1<<53 {
		panic(fmt.Sprintf("reference: path count %g is not exact in float64", x))
	}
	return uint64(x)
}

// refStoredBrokers reads indicator_brokers of one snapshot.
func refStoredBrokers(t *testing.T, st *store.Store, version int64, asOf time.Time) map[[2]string][]refBroker {
	got := map[[2]string][]refBroker{}
	q := fmt.Sprintf(`SELECT scope, period, rank, org_id, betweenness, normalised
		FROM indicator_brokers WHERE data_version = %d AND as_of = DATE '%s' ORDER BY scope, period, rank`,
		version, asOf.Format(time.DateOnly))
	refRows(t, st.DB(), q, func(r *sql.Rows) error {
		var k [2]string
		var b refBroker
		if err := r.Scan(&k[0], &k[1], &b.rank, &b.org, &b.bet, &b.normalis); err != nil {
			return err
		}
		got[k] = append(got[k], b)
		return nil
	})
	return got
}

// refCompareBrokers compares the top 10 of every scope and period, rank by
// rank: the organisation, its raw and normalised betweenness. When the
// organisations differ, the exact values say whether it is a true tie that
// was not broken by org_id ("tie order") or a different ranking ("org").
func refCompareBrokers(t *testing.T, got map[[2]string][]refBroker, want map[[2]string]*refBrokers) {
	t.Helper()
	var msgs []string
	perKind := map[string]int{}
	bad := func(kind string, k [2]string, format string, args ...any) {
		perKind[kind]++
		msgs = append(msgs, fmt.Sprintf("brokers %s %s: ", k[0], k[1])+fmt.Sprintf(format, args...))
	}
	for k, w := range want {
		g := got[k]
		storedBet := map[string]float64{}
		for _, b := range g {
			storedBet[b.org] = b.bet
		}
		if len(g) != len(w.top) {
			bad("count", k, "%d stored, reference %d", len(g), len(w.top))
		}
		for i := range min(len(g), len(w.top)) {
			gb, wb := g[i], w.top[i]
			if gb.rank != wb.rank {
				bad("rank", k, "row %d has rank %d", i+1, gb.rank)
				continue
			}
			if gb.org != wb.org {
				ge, we := w.exact[gb.org], w.exact[wb.org]
				if ge != nil && we != nil && ge.Cmp(we) == 0 {
					bad("tie order", k, "rank %d stored %s, reference %s: both have betweenness exactly %s = %s (stored floats %v and %v), ties go by org_id",
						wb.rank, gb.org, wb.org, we.RatString(), we.FloatString(12), gb.bet, refStoredOf(storedBet, wb.org))
				} else {
					bad("org", k, "rank %d stored %s (reference betweenness %v), reference %s (%v)", wb.rank, gb.org, w.bet[gb.org], wb.org, wb.bet)
				}
			}
			// The stored betweenness of the stored organisation, whatever its rank.
			if rb, ok := w.bet[gb.org]; !ok || !refClose(gb.bet, rb) || !refClose(gb.normalis, rb/w.pairs) {
				bad("betweenness", k, "rank %d %s stored %v (normalised %v), reference %v", gb.rank, gb.org, gb.bet, gb.normalis, rb)
			}
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			bad("extra", k, "%d stored, none in the reference", len(g))
		}
	}
	refReport(t, "indicator_brokers", len(want), msgs, perKind)
}

// refStoredOf is an organisation's stored betweenness, or "not listed".
func refStoredOf(stored map[string]float64, org string) any {
	if b, ok := stored[org]; ok {
		return b
	}
	return "not listed"
}
