package indicator

import (
	"cmp"
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// NetworkOptions bound the network step (zero fields take the defaults).
//
// MaxNodes and MaxWork limit the exact betweenness (N03) of one graph.
// Exact Brandes is O(N·E): the work of a graph is N·2E (N searches over the
// 2E adjacency entries). The purpose-built Brandes (network_brandes.go)
// costs about 0.4–2 ns per unit of work on the meeting graphs (unions of
// cliques, bitset rows) and 5–6 ns on sparse ones; gonum's map-based
// network.Betweenness, the tests' reference, 34–89 ns (BenchmarkBetweenness). A graph
// with more than MaxNodes organisations, or whose work exceeds MaxWork (10^9,
// about 1 s; the largest NUTS graph under 3,000 organisations at 10 M
// attendance rows is 5·10^8), gets the sampling estimate of
// network_sample.go instead (stored as an estimate, with its error bound),
// so that a refresh never stalls on one huge graph.
//
// MaxTotalWork caps the exact betweenness work of a whole refresh (Σ N·2E
// of the distinct graphs computed; 4·10^10: the 10 M benchmark's distinct
// graphs within the limits add up to 3.5·10^10, so every body, programme
// and NUTS graph up to 3,000 organisations gets its exact value), because a
// large dataset has tens of thousands of graphs (one per scope and period):
// once it is spent, the remaining graphs get the estimate too, or their
// exact value where the estimate would cost more (small graphs: see
// sampleBetweenness), never NULL. Graphs are taken in a fixed order, so the
// same data and as_of always give the same values: the period "all" first,
// then the years from the most recent; within a period the scopes all,
// cycle:, body_type:, nuts:, programme:, body:, each kind by name. A graph
// whose result is already known (same content) costs nothing.
//
// BetweennessWorkers run the betweenness of different graphs in parallel;
// GraphWorkers build the graphs of different bodies and scopes (and add up
// the rollups) in parallel. BrokersKept is how many top organisations N03
// keeps per scope and period.
type NetworkOptions struct {
	MaxNodes           int   // default 3000
	MaxWork            int64 // per graph, default 1_000_000_000
	MaxTotalWork       int64 // per refresh, default 40_000_000_000
	BetweennessWorkers int   // default runtime.GOMAXPROCS(0)
	GraphWorkers       int   // default runtime.GOMAXPROCS(0)
	BrokersKept        int   // default 10
}

// withDefaults fills the zero fields.
func (o NetworkOptions) withDefaults() NetworkOptions {
	o.MaxNodes = cmp.Or(o.MaxNodes, 3000)
	o.MaxWork = cmp.Or(o.MaxWork, 1_000_000_000)
	o.MaxTotalWork = cmp.Or(o.MaxTotalWork, 40_000_000_000)
	o.BetweennessWorkers = cmp.Or(o.BetweennessWorkers, runtime.GOMAXPROCS(0))
	o.GraphWorkers = cmp.Or(o.GraphWorkers, runtime.GOMAXPROCS(0))
	o.BrokersKept = cmp.Or(o.BrokersKept, 10)
	return o
}

// netStats is one scope×period graph's summary, and its betweenness job.
type netStats struct {
	s, p  int32
	n     int
	e     int64
	comps int
	large int
	graph *cgraph // the graph, when its adjacency was built (N ≤ MaxNodes)
	// Else, for N03's estimate, the units of a union with N ≥ 3 (the
	// betweenness worker builds it) and their key (unitsKey).
	units   []*cgraph
	unitKey [16]byte
}

// networkResult computes N01, N03, N05 for every scope and period; keys
// are the graphs' keys (cells with a meeting), reused the cells whose
// graph is the base's (their rows come from the base, see graphKey).
type networkResult struct {
	rows    []netRow
	brokers []brokerRow
	keys    []keyRow
	reused  [][2]int32
	ties    []tieRow
	stats   NetworkStats
}

// keyRow is one cell's graph key.
type keyRow struct {
	s, p int32
	key  graphKey
}

// NetworkStats counts the co-participation graphs of a refresh (one per scope
// and period with at least one organisation present) and what N03 did.
type NetworkStats struct {
	Graphs          int   // scope×period graphs with N >= 1
	Betweenness     int   // graphs with exact N03 within the limits and the budget
	Computed        int   // distinct graphs whose exact betweenness was computed (the rest reused a result)
	OverLimit       int   // graphs with N >= 3 above MaxNodes or MaxWork: N03 estimated
	OverBudget      int   // graphs left once MaxTotalWork was spent: N03 estimated, or exact where cheaper
	Sampled         int   // distinct graphs whose betweenness was estimated
	Reused          int   // graphs equal to the base's (incremental refresh): N01, N03, N05 copied
	Nodes           int64 // nodes of the graphs computed exactly
	Searches        int64 // their breadth-first searches: one per twin class (network_twins.go)
	Work            int64 // Σ N·2E of the distinct graphs submitted within the budget
	SampleWork      int64 // adjacency entries read by the estimates
	BetweennessTime time.Duration
	SampleTime      time.Duration // time spent on estimates, summed over workers
	TieTime         time.Duration // computing the Rete page's ties (network_ties.go)
}

// computeNetwork builds the co-participation graphs and their metrics.
//
// For each period it first builds one graph per body ("unit") from that
// body's meetings in the period: each meeting links all its present
// organisations, deduplicated with a per-node bitset, so the cost is
// Σ|meeting|² plus N²/64 word scans per unit: linear in the attendance rows
// for bounded meeting sizes. A scope's graph is the union of its bodies'
// units (a meeting belongs to one body). Unions are deduplicated with a
// bitset when N03 will need the adjacency (N ≤ o.MaxNodes) and with
// a stamp array otherwise (edges are only counted); components merge the
// units' components with a union-find.
// o has its defaults filled.
func computeNetwork(ctx context.Context, in *netInput, o NetworkOptions) (*networkResult, error) {
	// Meetings of each body, by year.
	bodyMeetings := make([][]int32, in.bodies+1)
	for mt := 1; mt <= in.meetings; mt++ {
		if in.presStart[mt+1] > in.presStart[mt] {
			b := in.meetBody[mt]
			bodyMeetings[b] = append(bodyMeetings[b], int32(mt))
		}
	}
	res := &networkResult{}
	workers := max(1, o.GraphWorkers)
	works := make([]*unionWork, workers)
	for i := range works {
		works[i] = newUnionWork(in.orgs)
	}
	// parallel runs fn(i) for i in [0, n) on the workers; each result goes to
	// its own slot, so the outcome does not depend on the scheduling.
	parallel := func(n int, fn func(w *unionWork, i int)) {
		var next atomic.Int64
		var wg sync.WaitGroup
		for _, w := range works {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= n || ctx.Err() != nil {
						return
					}
					fn(w, i)
				}
			}()
		}
		wg.Wait()
	}
	order := scopeOrder(in)
	var tieScopes []int
	for _, s := range order {
		if tieScope(in.scopeNames[s]) {
			tieScopes = append(tieScopes, s)
		}
	}
	bet := newBetweennessPool(ctx, o, in.orgs, in.orgIDs)
	for _, p := range periodOrder(in.periods) {
		// Each body's meetings in the period, and its unit's key: the
		// base's for a body the changes did not touch, else from the unit
		// built now. Then each scope's key, and whether its graph is the
		// base's (reused: N01, N03, N05 copied, see graphKey). The other
		// scopes' bodies get their units built.
		meets := make([][]int32, in.bodies+1)
		for b := 1; b <= in.bodies; b++ {
			for _, mt := range bodyMeetings[b] {
				if p == 0 || in.meetYear[mt] == p {
					meets[b] = append(meets[b], mt)
				}
			}
		}
		// The Rete page's ties, in scope order. Every cell computed gets
		// them, reused graphs too: a meeting among organisations that had
		// met already changes no graph but does change their ties.
		t0 := time.Now()
		ties := make([][]tieRow, len(tieScopes))
		parallel(len(tieScopes), func(w *unionWork, i int) {
			ties[i] = w.tie.ties(in, tieScopes[i], p, meets)
		})
		for _, t := range ties {
			res.ties = append(res.ties, t...)
		}
		res.stats.TieTime += time.Since(t0)
		units := make([]*cgraph, in.bodies+1)
		ukeys := make([]graphKey, in.bodies+1)
		build := func(need func(b int) bool) {
			parallel(in.bodies, func(w *unionWork, i int) {
				b := i + 1
				if units[b] == nil && len(meets[b]) > 0 && need(b) {
					units[b] = w.unit(in, meets[b])
					ukeys[b] = units[b].contentKey(in.orgIDs)
				}
			})
		}
		build(func(b int) bool {
			k, ok := in.baseUnitKeys[[2]int32{int32(b), p}]
			if ok && !in.touched[b] {
				ukeys[b] = k
				return false
			}
			return true
		})
		reused := make([]bool, len(order))
		need := make([]bool, in.bodies+1)
		for i, s := range order {
			var k graphKey
			met := false
			for _, b := range in.scopeBodies[s] {
				if len(meets[b]) > 0 {
					k, met = k.add(ukeys[b]), true
				}
			}
			if !met {
				continue
			}
			res.keys = append(res.keys, keyRow{int32(s), p, k})
			if bk, ok := in.baseKeys[[2]int32{int32(s), p}]; ok && bk == k {
				reused[i] = true
				res.reused = append(res.reused, [2]int32{int32(s), p})
				continue
			}
			for _, b := range in.scopeBodies[s] {
				need[b] = true
			}
		}
		build(func(b int) bool { return need[b] })
		stats := make([]netStats, len(order))
		parallel(len(order), func(w *unionWork, i int) {
			s := order[i]
			if reused[i] {
				return
			}
			var us []*cgraph
			var bs []int32
			for _, b := range in.scopeBodies[s] {
				if units[b] != nil {
					us = append(us, units[b])
					bs = append(bs, b)
				}
			}
			st := netStats{s: int32(s), p: p}
			switch len(us) {
			case 0:
			case 1:
				g := us[0]
				st.n, st.e, st.comps, st.large, st.graph = g.n(), g.edges(), g.comps, g.largest, g
			default:
				st = w.union(us, st, o.MaxNodes)
				if st.graph == nil && st.n >= 3 {
					st.units, st.unitKey = us, unitsKey(p, bs)
				}
			}
			stats[i] = st
		})
		if err := ctx.Err(); err != nil {
			bet.stop()
			return nil, err
		}
		// In the fixed order: the betweenness budget is spent deterministically.
		for i, st := range stats {
			if reused[i] {
				res.stats.Reused++
				continue
			}
			res.rows = append(res.rows, statRows(st)...)
			if st.n > 0 {
				res.stats.Graphs++
			}
			switch {
			case st.n < 3: // undefined: nobody can be in between
				res.rows = append(res.rows, n03Row(st, nil, nil))
			case st.graph == nil || st.n > o.MaxNodes || st.graph.work() > o.MaxWork:
				res.stats.OverLimit++
				bet.sample(st.s, st.p, st.graph, st.units, st.unitKey, betSample)
			case !bet.submit(st.s, st.p, st.graph):
				res.stats.OverBudget++
				bet.sample(st.s, st.p, st.graph, nil, [16]byte{}, betSampleOrExact)
			default:
				res.stats.Betweenness++
			}
		}
		bet.drainUnions()
	}
	rows, brokers, err := bet.wait()
	if err != nil {
		return nil, err
	}
	res.rows = append(res.rows, rows...)
	res.brokers = brokers
	ps := bet.stats
	res.stats.Computed, res.stats.Sampled, res.stats.Work, res.stats.SampleWork = ps.Computed, ps.Sampled, bet.work, ps.SampleWork
	res.stats.BetweennessTime, res.stats.SampleTime = ps.BetweennessTime, ps.SampleTime
	res.stats.Nodes, res.stats.Searches = ps.Nodes, ps.Searches
	return res, nil
}
