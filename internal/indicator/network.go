package indicator

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Limits of the exact betweenness (N03). gonum's network.Betweenness is exact
// Brandes, O(N·E), and its map-based bookkeeping costs about 0.1 µs per
// adjacency entry visited (measured: a 50-node graph with 980 edges takes
// ~9 ms, a 500-node graph with 25,000 edges ~2.5 s). A graph with more than
// MaxBetweennessNodes organisations, or whose work N·2E exceeds
// MaxBetweennessWork, gets N03 = NULL (its denominator is kept) so that a
// refresh never stalls on one huge graph.
//
// MaxBetweennessTotalWork caps the betweenness work of a whole refresh (Σ N·2E
// of the distinct graphs computed; 5·10^7 ≈ 5–7 s of CPU, the share of N03 in
// a refresh of 10 M attendance rows that should take under 30 s), because a large
// dataset has tens of thousands of graphs (one per scope and period): once
// it is spent, the remaining graphs get N03 = NULL too. Graphs are taken in a
// fixed order, so the same data and as_of always give the same values: the
// period "all" first, then the years from the most recent; within a period
// the scopes all, cycle:, body_type:, nuts:, programme:, body:, each kind by
// name. A graph whose result is already known (same content) costs nothing.
var (
	MaxBetweennessNodes           = 3000
	MaxBetweennessWork      int64 = 20_000_000
	MaxBetweennessTotalWork int64 = 50_000_000
	// BetweennessWorkers run the betweenness of different graphs in parallel.
	BetweennessWorkers = runtime.GOMAXPROCS(0)
	// NetworkWorkers build the graphs of different bodies and scopes in parallel.
	NetworkWorkers = runtime.GOMAXPROCS(0)
	// BrokersKept is how many top organisations N03 keeps per scope and period.
	BrokersKept = 10
)

// netInput is what the network step reads from the prepared temp tables.
type netInput struct {
	orgs, bodies, scopes, meetings int
	periods                        []int32
	meetBody, meetYear             []int32   // by meeting key mt (1-based)
	presStart                      []int32   // present orgs of meeting mt, ascending: presOrgs[presStart[mt]:presStart[mt+1]]
	presOrgs                       []int32   // (filled by the attendance pass)
	scopeBodies                    [][]int32 // by scope key s (1-based)
	scopeNames                     []string  // by scope key s
}

// netRow is one value for ind_network.
type netRow struct {
	s, p                          int32
	indicator, category           string
	value, numerator, denominator *float64
}

type brokerRow struct {
	s, p        int32
	rank        int
	o           int32
	betweenness float64
	normalised  float64
}

func f64(v float64) *float64 { return &v }

// ratio is num/den, NULL when den is 0.
func ratio(num, den float64) *float64 {
	if den == 0 {
		return nil
	}
	return f64(num / den)
}

// readNetInput pulls the network inputs (see _network.sql) through Arrow;
// the present pairs come from the attendance pass.
func readNetInput(ctx context.Context, conn *sql.Conn, q map[string]string) (*netInput, error) {
	in := &netInput{}
	if err := conn.QueryRowContext(ctx, q["sizes"]).Scan(&in.orgs, &in.bodies, &in.scopes, &in.meetings); err != nil {
		return nil, fmt.Errorf("network sizes: %w", err)
	}
	if err := scanInt32(ctx, conn, q["periods"], func(c [][]int32) {
		in.periods = append(in.periods, c[0]...)
	}); err != nil {
		return nil, fmt.Errorf("network periods: %w", err)
	}
	in.meetBody = make([]int32, in.meetings+1)
	in.meetYear = make([]int32, in.meetings+1)
	if err := scanInt32(ctx, conn, q["meetings"], func(c [][]int32) {
		for i, mt := range c[0] {
			in.meetBody[mt], in.meetYear[mt] = c[1][i], c[2][i]
		}
	}); err != nil {
		return nil, fmt.Errorf("network meetings: %w", err)
	}
	in.scopeBodies = make([][]int32, in.scopes+1)
	if err := scanInt32(ctx, conn, q["scope_bodies"], func(c [][]int32) {
		for i, s := range c[0] {
			in.scopeBodies[s] = append(in.scopeBodies[s], c[1][i])
		}
	}); err != nil {
		return nil, fmt.Errorf("network scopes: %w", err)
	}
	for _, bs := range in.scopeBodies {
		slices.Sort(bs)
	}
	in.scopeNames = make([]string, in.scopes+1)
	rows, err := conn.QueryContext(ctx, q["scopes"])
	if err != nil {
		return nil, fmt.Errorf("network scope names: %w", err)
	}
	for rows.Next() {
		var s int
		var name string
		if err := rows.Scan(&s, &name); err != nil {
			rows.Close()
			return nil, err
		}
		in.scopeNames[s] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// netStats is one scope×period graph's summary, and its betweenness job.
type netStats struct {
	s, p  int32
	n     int
	e     int64
	comps int
	large int
	graph *cgraph // kept only when N03 is computed for it
}

// networkResult computes N01, N03, N05 for every scope and period.
type networkResult struct {
	rows    []netRow
	brokers []brokerRow
	stats   NetworkStats
}

// NetworkStats counts the co-participation graphs of a refresh (one per scope
// and period with at least one organisation present) and what N03 did.
type NetworkStats struct {
	Graphs          int   // scope×period graphs with N >= 1
	Betweenness     int   // graphs with N03 computed (N >= 3, within the limits)
	Computed        int   // distinct graphs actually run through gonum (the rest reused a result)
	OverLimit       int   // graphs with N >= 3 above MaxBetweennessNodes or MaxBetweennessWork: N03 NULL
	OverBudget      int   // graphs left out once MaxBetweennessTotalWork was spent: N03 NULL
	Work            int64 // Σ N·2E of the distinct graphs computed
	BetweennessTime time.Duration
}

// computeNetwork builds the co-participation graphs and their metrics.
//
// For each period it first builds one graph per body ("unit") from that
// body's meetings in the period: each meeting links all its present
// organisations, deduplicated with a per-node bitset, so the cost is
// Σ|meeting|² plus N²/64 word scans per unit: linear in the attendance rows
// for bounded meeting sizes. A scope's graph is the union of its bodies'
// units (a meeting belongs to one body). Unions are deduplicated with a
// bitset when N03 will need the adjacency (N ≤ MaxBetweennessNodes) and with
// a stamp array otherwise (edges are only counted); components merge the
// units' components with a union-find.
func computeNetwork(ctx context.Context, in *netInput) (*networkResult, error) {
	// Meetings of each body, by year.
	bodyMeetings := make([][]int32, in.bodies+1)
	for mt := 1; mt <= in.meetings; mt++ {
		if in.presStart[mt+1] > in.presStart[mt] {
			b := in.meetBody[mt]
			bodyMeetings[b] = append(bodyMeetings[b], int32(mt))
		}
	}
	res := &networkResult{}
	workers := max(1, NetworkWorkers)
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
	bet := newBetweennessPool(ctx)
	for _, p := range periodOrder(in.periods) {
		units := make([]*cgraph, in.bodies+1)
		parallel(in.bodies, func(w *unionWork, i int) {
			b := i + 1
			var meets []int32
			for _, mt := range bodyMeetings[b] {
				if p == 0 || in.meetYear[mt] == p {
					meets = append(meets, mt)
				}
			}
			if len(meets) > 0 {
				units[b] = w.unit(in, meets)
			}
		})
		stats := make([]netStats, len(order))
		parallel(len(order), func(w *unionWork, i int) {
			s := order[i]
			var us []*cgraph
			for _, b := range in.scopeBodies[s] {
				if units[b] != nil {
					us = append(us, units[b])
				}
			}
			st := netStats{s: int32(s), p: p}
			switch len(us) {
			case 0:
			case 1:
				g := us[0]
				st.n, st.e, st.comps, st.large, st.graph = g.n(), g.edges(), g.comps, g.largest, g
			default:
				st = w.union(us, st)
			}
			stats[i] = st
		})
		if err := ctx.Err(); err != nil {
			bet.stop()
			return nil, err
		}
		// In the fixed order: the betweenness budget is spent deterministically.
		for _, st := range stats {
			res.rows = append(res.rows, statRows(st)...)
			if st.n > 0 {
				res.stats.Graphs++
			}
			switch {
			case st.n < 3:
				res.rows = append(res.rows, n03Row(st, nil))
			case st.graph == nil || st.n > MaxBetweennessNodes || st.graph.work() > MaxBetweennessWork:
				res.stats.OverLimit++
				res.rows = append(res.rows, n03Row(st, nil))
			case !bet.submit(st.s, st.p, st.graph):
				res.stats.OverBudget++
				res.rows = append(res.rows, n03Row(st, nil))
			default:
				res.stats.Betweenness++
			}
		}
	}
	rows, brokers, err := bet.wait()
	if err != nil {
		return nil, err
	}
	res.rows = append(res.rows, rows...)
	res.brokers = brokers
	res.stats.Computed, res.stats.Work, res.stats.BetweennessTime = len(bet.first), bet.work, bet.busy
	return res, nil
}

// statRows are N01 and N05 of one scope and period.
func statRows(st netStats) []netRow {
	n := float64(st.n)
	twoE := 2 * float64(st.e)
	return []netRow{
		{s: st.s, p: st.p, indicator: "N01", value: ratio(twoE, n*(n-1)), numerator: f64(twoE), denominator: f64(n * (n - 1))},
		{s: st.s, p: st.p, indicator: "N05", value: f64(float64(st.comps))},
		{s: st.s, p: st.p, indicator: "N05", category: "largest_share", value: ratio(float64(st.large), n),
			numerator: f64(float64(st.large)), denominator: f64(n)},
	}
}

// pairsOthers is (N-1)(N-2)/2, the pairs of other nodes (0 below 3 nodes).
func pairsOthers(n int) float64 {
	if n < 3 {
		return 0
	}
	return float64(n-1) * float64(n-2) / 2
}

// n03Row is N03 of one scope and period; raw is nil when betweenness was not
// computed (fewer than 3 nodes: no intermediary, numerator 0; above the
// limits: numerator and value NULL).
func n03Row(st netStats, top *float64) netRow {
	den := pairsOthers(st.n)
	r := netRow{s: st.s, p: st.p, indicator: "N03", denominator: f64(den)}
	switch {
	case st.n < 3:
		r.numerator = f64(0)
	case top != nil:
		r.numerator = top
		r.value = ratio(*top, den)
	}
	return r
}

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

// union merges the units of a scope's bodies.
func (w *unionWork) union(us []*cgraph, st netStats) netStats {
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

	if n >= 3 && n <= MaxBetweennessNodes {
		// Adjacency needed for N03: sorted rows from a bitset. A node in one
		// unit only keeps that unit's row: umap preserves the org order, so
		// the mapped row is already sorted and needs no bitset.
		rb := newRowBuilder(n)
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
					rb.set(m[lj])
				}
			}
			rb.endRow(int32(i))
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

// ---- betweenness in parallel ------------------------------------------------

type betJob struct {
	idx  int
	s, p int32
	g    *cgraph
	fp   [16]byte
}

type betResult struct {
	raw []float64 // per local node, each pair once
	err error
}

// betweennessPool runs gonum's Betweenness on the submitted graphs with
// BetweennessWorkers goroutines. A graph with the same content as one already
// submitted is not computed again.
type betweennessPool struct {
	ctx     context.Context
	jobs    chan betJob
	wg      sync.WaitGroup
	mu      sync.Mutex
	results map[[16]byte]*betResult
	order   []betJob // every submission, in order
	first   map[[16]byte]bool
	sizes   map[[2]int64]bool // (N, 2E) of the graphs in first: a cheap test before hashing
	work    int64             // Σ work of the distinct graphs
	busy    time.Duration     // time spent inside gonum, summed over workers
}

func newBetweennessPool(ctx context.Context) *betweennessPool {
	bp := &betweennessPool{ctx: ctx, jobs: make(chan betJob, 64),
		results: map[[16]byte]*betResult{}, first: map[[16]byte]bool{}, sizes: map[[2]int64]bool{}}
	workers := max(1, BetweennessWorkers)
	for i := 0; i < workers; i++ {
		bp.wg.Add(1)
		go func() {
			defer bp.wg.Done()
			for j := range bp.jobs {
				r := &betResult{}
				if err := bp.ctx.Err(); err != nil {
					r.err = err
				} else {
					t0 := time.Now()
					r.raw = betweenness(j.g)
					d := time.Since(t0)
					bp.mu.Lock()
					bp.busy += d
					bp.mu.Unlock()
				}
				bp.mu.Lock()
				bp.results[j.fp] = r
				bp.mu.Unlock()
			}
		}()
	}
	return bp
}

// submit queues the betweenness of g, unless g is new and its work does not
// fit in what is left of MaxBetweennessTotalWork (then it returns false).
func (bp *betweennessPool) submit(s, p int32, g *cgraph) bool {
	size := [2]int64{int64(g.n()), int64(len(g.adj))}
	if bp.work+g.work() > MaxBetweennessTotalWork && !bp.sizes[size] {
		return false // new (no graph of its size was run) and over the budget: no need to hash it
	}
	j := betJob{idx: len(bp.order), s: s, p: p, g: g, fp: g.fingerprint()}
	if !bp.first[j.fp] {
		if bp.work+g.work() > MaxBetweennessTotalWork {
			return false
		}
		bp.first[j.fp] = true
		bp.sizes[size] = true
		bp.work += g.work()
		bp.jobs <- j
	}
	bp.order = append(bp.order, j)
	return true
}

// periodOrder is the order the betweenness budget is spent in: the period
// "all" (0) first, then the years from the most recent.
func periodOrder(periods []int32) []int32 {
	out := slices.Clone(periods)
	slices.SortFunc(out, func(a, b int32) int {
		switch {
		case a == b:
			return 0
		case a == 0:
			return -1
		case b == 0:
			return 1
		}
		return cmp.Compare(b, a)
	})
	return out
}

// scopeOrder lists the scope keys by kind (all, cycle, body_type, nuts,
// programme, body), then by name.
func scopeOrder(in *netInput) []int {
	rank := func(name string) int {
		for i, p := range []string{"all", "cycle:", "body_type:", "nuts:", "programme:", "body:"} {
			if strings.HasPrefix(name, p) {
				return i
			}
		}
		return 6
	}
	out := make([]int, in.scopes)
	for i := range out {
		out[i] = i + 1
	}
	slices.SortFunc(out, func(a, b int) int {
		na, nb := in.scopeNames[a], in.scopeNames[b]
		return cmp.Or(cmp.Compare(rank(na), rank(nb)), strings.Compare(na, nb))
	})
	return out
}

func (bp *betweennessPool) stop() {
	close(bp.jobs)
	bp.wg.Wait()
}

// wait finishes the jobs and turns them into N03 rows and top-10 lists.
func (bp *betweennessPool) wait() ([]netRow, []brokerRow, error) {
	bp.stop()
	var rows []netRow
	var brokers []brokerRow
	for _, j := range bp.order {
		r := bp.results[j.fp]
		if r == nil || r.err != nil {
			if r != nil {
				return nil, nil, r.err
			}
			return nil, nil, fmt.Errorf("network: betweenness of scope %d period %d missing", j.s, j.p)
		}
		n := j.g.n()
		den := pairsOthers(n)
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		// Ranking: betweenness descending, ties by org_id (= local index).
		// gonum adds each node's fractions in its own order, so equal
		// betweenness can differ in the last bits: within 1e-9 is a tie.
		slices.SortFunc(idx, func(a, b int) int {
			return cmp.Or(compareTol(r.raw[b], r.raw[a]), cmp.Compare(a, b))
		})
		top := r.raw[idx[0]]
		rows = append(rows, n03Row(netStats{s: j.s, p: j.p, n: n}, &top))
		for k := 0; k < min(BrokersKept, n); k++ {
			i := idx[k]
			brokers = append(brokers, brokerRow{s: j.s, p: j.p, rank: k + 1, o: j.g.nodes[i],
				betweenness: r.raw[i], normalised: r.raw[i] / den})
		}
	}
	return rows, brokers, nil
}

// compareTol is cmp.Compare with values within 1e-9 (relative) taken as equal.
func compareTol(a, b float64) int {
	if math.Abs(a-b) <= 1e-9*max(math.Abs(a), math.Abs(b)) {
		return 0
	}
	return cmp.Compare(a, b)
}
