package indicator

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// betMode is how a submitted graph gets its N03.
type betMode uint8

const (
	betExact         betMode = iota // exact Brandes (within the limits and the budget)
	betSample                       // the sampling estimate (above the limits)
	betSampleOrExact                // the estimate, or the exact value where that is cheaper (over the budget)
)

// betJob is one submitted graph: g, or, for a union too large to build
// before it is needed, its units us (the worker builds it). key identifies
// the content (g's fingerprint, or the period and the units).
type betJob struct {
	g    *cgraph
	us   []*cgraph
	key  [16]byte
	mode betMode
}

// betRef is one submission, in order: the scope and period it gives N03 to.
type betRef struct {
	s, p int32
	key  [16]byte
}

type betResult struct {
	nodes []int32   // org keys by local index
	raw   []float64 // per local node, each pair once
	est   *estimate // nil: exact
	err   error
}

// betweennessPool computes N03 on the submitted graphs with
// o.BetweennessWorkers goroutines, each with its own reused buffers: the
// exact Brandes of network_brandes.go, or the sampling estimate of
// network_sample.go. A graph with the same content as one already
// submitted is not computed again. Only the results are kept, so a graph
// is freed once computed.
type betweennessPool struct {
	ctx     context.Context
	jobs    chan betJob
	wg      sync.WaitGroup
	mu      sync.Mutex
	results map[[16]byte]*betResult
	order   []betRef // every submission, in order
	first   map[[16]byte]bool
	sizes   map[[2]int64]bool // (N, 2E) of the exact graphs in first: a cheap test before hashing
	work    int64             // Σ work of the distinct exact graphs
	budget  int64             // o.MaxTotalWork
	kept    int               // o.BrokersKept
	ids     []uint64          // per dense organisation key: its org_id's hash (the estimates' seeds)
	unions  sync.WaitGroup    // queued jobs that build a union from a period's units
	stats   NetworkStats      // the computing part: Computed, Sampled, SampleWork, times
}

func newBetweennessPool(ctx context.Context, o NetworkOptions, orgs int, ids []uint64) *betweennessPool {
	bp := &betweennessPool{ctx: ctx, jobs: make(chan betJob, 64),
		results: map[[16]byte]*betResult{}, first: map[[16]byte]bool{}, sizes: map[[2]int64]bool{},
		budget: o.MaxTotalWork, kept: o.BrokersKept, ids: ids}
	workers := max(1, o.BetweennessWorkers)
	for i := 0; i < workers; i++ {
		bp.wg.Add(1)
		go func() {
			defer bp.wg.Done()
			var br brandes    // this worker's buffers, reused from graph to graph
			var uw *unionWork // made at the first union to build
			for j := range bp.jobs {
				r := &betResult{}
				if err := bp.ctx.Err(); err != nil {
					r.err = err
				} else {
					if j.g == nil {
						if uw == nil {
							uw = newUnionWork(orgs)
						}
						j.g = uw.union(j.us, netStats{}, math.MaxInt).graph
					}
					bp.compute(&br, j, r)
				}
				bp.mu.Lock()
				bp.results[j.key] = r
				bp.mu.Unlock()
				if j.us != nil {
					bp.unions.Done()
				}
			}
		}()
	}
	return bp
}

// compute fills r for job j (its graph built).
func (bp *betweennessPool) compute(br *brandes, j betJob, r *betResult) {
	g := j.g
	r.nodes = g.nodes
	t0 := time.Now()
	exact := func() {
		r.raw = br.betweenness(g)
		d := time.Since(t0)
		bp.mu.Lock()
		bp.stats.Computed++
		bp.stats.Nodes += int64(g.n())
		bp.stats.Searches += br.searches
		bp.stats.BetweennessTime += d
		bp.mu.Unlock()
	}
	if j.mode == betExact {
		exact()
		return
	}
	var maxWork int64 // betSample: no limit
	if j.mode == betSampleOrExact {
		maxWork = g.work()
	}
	est, err := br.sampleBetweenness(bp.ctx, g, g.seedKey(bp.ids), maxWork)
	switch {
	case err != nil:
		r.err = err
	case est == nil: // exact is cheaper (its time includes the estimate given up)
		exact()
	default:
		r.raw = est.raw
		if est.samples > 0 { // else every component is a clique: 0, exactly
			r.est = est
		}
		d := time.Since(t0)
		bp.mu.Lock()
		bp.stats.Sampled++
		bp.stats.SampleWork += est.work
		bp.stats.SampleTime += d
		bp.mu.Unlock()
	}
}

// submit queues the exact betweenness of g, unless g is new and its work
// does not fit in what is left of the budget (then it returns false).
func (bp *betweennessPool) submit(s, p int32, g *cgraph) bool {
	size := [2]int64{int64(g.n()), int64(len(g.adj))}
	if bp.work+g.work() > bp.budget && !bp.sizes[size] {
		return false // new (no graph of its size was run) and over the budget: no need to hash it
	}
	key := g.fingerprint()
	if !bp.first[key] {
		if bp.work+g.work() > bp.budget {
			return false
		}
		bp.sizes[size] = true
		bp.work += g.work()
		bp.queue(betJob{g: g, key: key, mode: betExact})
	}
	bp.order = append(bp.order, betRef{s, p, key})
	return true
}

// sample queues the estimate of g, or of the union of us when g is nil
// (key: the period and the units' bodies, see unitsKey).
func (bp *betweennessPool) sample(s, p int32, g *cgraph, us []*cgraph, key [16]byte, mode betMode) {
	if g != nil {
		key = g.fingerprint()
	}
	if !bp.first[key] {
		bp.queue(betJob{g: g, us: us, key: key, mode: mode})
	}
	bp.order = append(bp.order, betRef{s, p, key})
}

func (bp *betweennessPool) queue(j betJob) {
	bp.first[j.key] = true
	if j.us != nil {
		bp.unions.Add(1)
	}
	bp.jobs <- j
}

// drainUnions waits until every queued union is built and computed, so that
// the units they were built from can be freed before the next period's are
// made: at 100 M attendance rows, holding every period's units took the
// full refresh to 19.8 GB.
func (bp *betweennessPool) drainUnions() { bp.unions.Wait() }

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
		r := bp.results[j.key]
		if r == nil || r.err != nil {
			if r != nil {
				return nil, nil, r.err
			}
			return nil, nil, fmt.Errorf("network: betweenness of scope %d period %d missing", j.s, j.p)
		}
		n := len(r.nodes)
		den := pairsOthers(n)
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		// Ranking: betweenness descending, ties by org_id (= local index).
		// Each node's fractions are added in the order of the sources and
		// of the search, so equal betweenness can differ in the last bits:
		// within 1e-9 is a tie. (Estimates are counts times one scale:
		// equal counts are equal.)
		slices.SortFunc(idx, func(a, b int) int {
			return cmp.Or(compareTol(r.raw[b], r.raw[a]), cmp.Compare(a, b))
		})
		top := r.raw[idx[0]]
		rows = append(rows, n03Row(netStats{s: j.s, p: j.p, n: n}, &top, r.est))
		for k := 0; k < min(bp.kept, n); k++ {
			i := idx[k]
			br := brokerRow{s: j.s, p: j.p, rank: k + 1, o: r.nodes[i],
				betweenness: r.raw[i], normalised: r.raw[i] / den}
			if r.est != nil {
				br.bound, br.samples = f64(r.est.bound), int32(r.est.samples)
			}
			brokers = append(brokers, br)
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

// unitsKey identifies the union of a period's units by the period and the
// bodies (ascending) whose units it joins: the same list, the same graph.
func unitsKey(p int32, bodies []int32) [16]byte {
	h := fnv.New128a()
	b := binary.LittleEndian.AppendUint32(nil, uint32(p))
	for _, x := range bodies {
		b = binary.LittleEndian.AppendUint32(b, uint32(x))
	}
	h.Write(b)
	var out [16]byte
	copy(out[:], h.Sum(nil))
	return out
}
