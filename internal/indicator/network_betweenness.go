package indicator

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// betJob is one submitted graph; fp (its content) is the key of its result.
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

// betweennessPool runs the exact Brandes of network_brandes.go on the
// submitted graphs with o.BetweennessWorkers goroutines, each with its own
// reused buffers. A graph with the same content as one
// already submitted is not computed again.
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
	busy    time.Duration     // time spent computing betweenness, summed over workers
	budget  int64             // o.MaxTotalWork
	kept    int               // o.BrokersKept
}

func newBetweennessPool(ctx context.Context, o NetworkOptions) *betweennessPool {
	bp := &betweennessPool{ctx: ctx, jobs: make(chan betJob, 64),
		results: map[[16]byte]*betResult{}, first: map[[16]byte]bool{}, sizes: map[[2]int64]bool{},
		budget: o.MaxTotalWork, kept: o.BrokersKept}
	workers := max(1, o.BetweennessWorkers)
	for i := 0; i < workers; i++ {
		bp.wg.Add(1)
		go func() {
			defer bp.wg.Done()
			var br brandes // this worker's buffers, reused from graph to graph
			for j := range bp.jobs {
				r := &betResult{}
				if err := bp.ctx.Err(); err != nil {
					r.err = err
				} else {
					t0 := time.Now()
					r.raw = br.betweenness(j.g)
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
// fit in what is left of the budget (then it returns false).
func (bp *betweennessPool) submit(s, p int32, g *cgraph) bool {
	size := [2]int64{int64(g.n()), int64(len(g.adj))}
	if bp.work+g.work() > bp.budget && !bp.sizes[size] {
		return false // new (no graph of its size was run) and over the budget: no need to hash it
	}
	j := betJob{idx: len(bp.order), s: s, p: p, g: g, fp: g.fingerprint()}
	if !bp.first[j.fp] {
		if bp.work+g.work() > bp.budget {
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
		// Each node's fractions are added in the order of the sources and
		// of the search, so equal betweenness can differ in the last bits:
		// within 1e-9 is a tie.
		slices.SortFunc(idx, func(a, b int) int {
			return cmp.Or(compareTol(r.raw[b], r.raw[a]), cmp.Compare(a, b))
		})
		top := r.raw[idx[0]]
		rows = append(rows, n03Row(netStats{s: j.s, p: j.p, n: n}, &top))
		for k := 0; k < min(bp.kept, n); k++ {
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
