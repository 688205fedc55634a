package indicator

import (
	"cmp"
	"container/heap"
	"slices"
	"strings"
)

// The Rete page draws the tieEdges strongest co-participation ties (meetings
// shared) among the tieOrgs organisations present at most meetings
// (queries/dashboards/network_edges.sql). From the records that takes
// 0.3–0.9 s for a scope holding every body at 10 M attendance rows, so the
// network step stores them (indicator_network_ties) for the cells of the
// scopes all, cycle, body type and region: one pass over each cell's present
// (meeting, organisation) pairs. Bodies and programmes stay on the records
// query: small there, and thousands of cells of up to 400 rows here.
const (
	tieOrgs  = 120
	tieEdges = 400
)

// tieRow is one stored tie: organisations a < b (dense keys, which follow
// org_id) present together at n meetings of cell (s, p).
type tieRow struct{ s, p, a, b, n int32 }

// tieScope says whether a scope's ties are stored.
func tieScope(name string) bool {
	for _, p := range []string{"cycle:", "body_type:", "nuts:"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return name == "all"
}

// tieWork is a worker's scratch for ties, indexed by organisation key.
type tieWork struct {
	count   []int32 // meetings present in the cell
	top     []int32 // 1 + rank among the top organisations, 0 for the others
	touched []int32 // organisations with count > 0
	pairs   []int32 // tieOrgs × tieOrgs meetings shared, by rank
	members []int32 // one meeting's top organisations, by rank
}

// ties computes the ties of scope s in period p; meets are each body's
// meetings in p. Ties are broken as the records query breaks them: the
// organisations by org_id, the ties by their two org_ids.
func (w *tieWork) ties(in *netInput, s int, p int32, meets [][]int32) []tieRow {
	if w.count == nil {
		w.count = make([]int32, in.orgs+1)
		w.top = make([]int32, in.orgs+1)
		w.pairs = make([]int32, tieOrgs*tieOrgs)
	}
	w.touched = w.touched[:0]
	for _, b := range in.scopeBodies[s] {
		for _, mt := range meets[b] {
			for _, o := range in.presOrgs[in.presStart[mt]:in.presStart[mt+1]] {
				if w.count[o] == 0 {
					w.touched = append(w.touched, o)
				}
				w.count[o]++
			}
		}
	}
	top := w.mostPresent()
	for i, o := range top {
		w.top[o] = int32(i) + 1
	}
	clear(w.pairs)
	for _, b := range in.scopeBodies[s] {
		for _, mt := range meets[b] {
			// Ascending keys: each pair comes with its lower key first.
			w.members = w.members[:0]
			for _, o := range in.presOrgs[in.presStart[mt]:in.presStart[mt+1]] {
				if r := w.top[o]; r > 0 {
					w.members = append(w.members, r-1)
				}
			}
			for i, x := range w.members {
				for _, y := range w.members[i+1:] {
					w.pairs[int(x)*tieOrgs+int(y)]++
				}
			}
		}
	}
	var out []tieRow
	for i, a := range top {
		for j, b := range top {
			if n := w.pairs[i*tieOrgs+j]; n > 0 {
				out = append(out, tieRow{s: int32(s), p: p, a: a, b: b, n: n})
			}
		}
	}
	slices.SortFunc(out, func(x, y tieRow) int {
		return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	for _, o := range top {
		w.top[o] = 0
	}
	for _, o := range w.touched {
		w.count[o] = 0
	}
	return out[:min(len(out), tieEdges)]
}

// mostPresent returns the tieOrgs touched organisations with the highest
// count (ties by key), in that order.
func (w *tieWork) mostPresent() []int32 {
	h := &tieHeap{count: w.count}
	for _, o := range w.touched {
		if len(h.keys) < tieOrgs {
			heap.Push(h, o)
		} else if h.better(o, h.keys[0]) {
			h.keys[0] = o
			heap.Fix(h, 0)
		}
	}
	slices.SortFunc(h.keys, func(a, b int32) int {
		return cmp.Or(cmp.Compare(w.count[b], w.count[a]), cmp.Compare(a, b))
	})
	return h.keys
}

// tieHeap keeps the best organisations seen, the worst at the root.
type tieHeap struct {
	keys  []int32
	count []int32
}

// better: more meetings, or as many and a lower key.
func (h *tieHeap) better(a, b int32) bool {
	return h.count[a] > h.count[b] || h.count[a] == h.count[b] && a < b
}

func (h *tieHeap) Len() int           { return len(h.keys) }
func (h *tieHeap) Less(i, j int) bool { return h.better(h.keys[j], h.keys[i]) }
func (h *tieHeap) Swap(i, j int)      { h.keys[i], h.keys[j] = h.keys[j], h.keys[i] }
func (h *tieHeap) Push(x any)         { h.keys = append(h.keys, x.(int32)) }
func (h *tieHeap) Pop() any {
	x := h.keys[len(h.keys)-1]
	h.keys = h.keys[:len(h.keys)-1]
	return x
}
