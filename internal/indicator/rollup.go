package indicator

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
)

// A rollup adds up per-body rows over the bodies of every scope, period by
// period. It replaces SQL joins of body-level tables with ind_scope_body
// followed by GROUP BY scope, period, key: every body is in six scopes and
// every year row also counts in 'all', so those joins fan each row out
// twelve times into hash tables of near-unique groups (8.9 M groups for the
// 10 M-row benchmark). Here a scope's sums are kept in arrays indexed by key,
// reused from scope to scope, so the cost is one addition per row and scope.

// bodyRows are the rows of a per-body table, grouped by body (dense key b,
// 1-based) and sorted by period within a body.
type bodyRows struct {
	start []int32   // rows of body b: [start[b], start[b+1])
	y     []int32   // the row's year (yearRows) or period (periodRows)
	key   []int32   // organisation o or person key, 1..keys
	val   [][]int32 // measures, one slice per column
	keys  int
}

// groupByBody orders rows (given as parallel columns) by body, then by y.
func groupByBody(bodies int, b, y, key []int32, val [][]int32) *bodyRows {
	n := len(b)
	r := &bodyRows{start: make([]int32, bodies+2), y: make([]int32, n), key: make([]int32, n),
		val: make([][]int32, len(val))}
	for _, k := range key {
		r.keys = max(r.keys, int(k))
	}
	for _, x := range b {
		r.start[x+1]++
	}
	for i := 1; i < len(r.start); i++ {
		r.start[i] += r.start[i-1]
	}
	idx := make([]int32, n)
	fill := slices.Clone(r.start)
	for i, x := range b {
		idx[fill[x]] = int32(i)
		fill[x]++
	}
	for x := 1; x <= bodies; x++ {
		rows := idx[r.start[x]:r.start[x+1]]
		slices.SortStableFunc(rows, func(i, j int32) int { return int(y[i]) - int(y[j]) })
	}
	for i, j := range idx {
		r.y[i], r.key[i] = y[j], key[j]
	}
	for c := range val {
		r.val[c] = make([]int32, n)
		for i, j := range idx {
			r.val[c][i] = val[c][j]
		}
	}
	return r
}

// rowsAt is the range of body b's rows with y == p.
func (r *bodyRows) rowsAt(b, p int32) (int, int) {
	lo, hi := int(r.start[b]), int(r.start[b+1])
	ys := r.y[lo:hi]
	i, _ := slices.BinarySearch(ys, p)
	j := i
	for j < len(ys) && ys[j] == p {
		j++
	}
	return lo + i, lo + j
}

// rollupPeriods says which periods a row counts in.
type rollupPeriods int

const (
	// yearRows: a row of year y counts in period y (when y is a period)
	// and in 'all' (0), like ind_yp.
	yearRows rollupPeriods = iota
	// periodRows: a row's y is already its period (a composition date).
	periodRows
)

// scopeSums is what a rollup hands over for one scope and period: the keys
// met (in the order met) and sum(c, k), column c's total for key k.
type scopeSums struct {
	s, p int32
	keys []int32
	acc  []int64 // key-major: acc[k*cols+c]
	cols int
}

func (x *scopeSums) sum(c int, k int32) int64 { return x.acc[int(k)*x.cols+c] }

// rollup adds up rows over each scope's bodies (scopeBodies[s], s 1-based)
// for every period of periods (yearRows) or every y present (periodRows),
// and calls emit once per scope and period with at least one row. Scopes are
// shared among the workers; emit(w, …) is called by worker w only, and the
// scopeSums it gets is valid during the call.
func rollup(ctx context.Context, scopeBodies [][]int32, r *bodyRows, mode rollupPeriods, periods []int32,
	workers int, emit func(w int, x *scopeSums)) error {
	if mode == periodRows {
		periods = slices.Compact(slices.Sorted(slices.Values(r.y)))
	}
	cols := len(r.val)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < max(1, workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stamp := make([]int32, r.keys+1)
			tag := int32(0)
			x := &scopeSums{acc: make([]int64, (r.keys+1)*cols), cols: cols}
			add := func(lo, hi int) {
				for i := lo; i < hi; i++ {
					k := r.key[i]
					base := int(k) * cols
					if stamp[k] != tag {
						stamp[k] = tag
						x.keys = append(x.keys, k)
						clear(x.acc[base : base+cols])
					}
					for c := 0; c < cols; c++ {
						x.acc[base+c] += int64(r.val[c][i])
					}
				}
			}
			for {
				s := int(next.Add(1))
				if s >= len(scopeBodies) || ctx.Err() != nil {
					return
				}
				for _, p := range periods {
					tag++
					x.s, x.p, x.keys = int32(s), p, x.keys[:0]
					for _, b := range scopeBodies[s] {
						if mode == yearRows && p == 0 {
							add(int(r.start[b]), int(r.start[b+1]))
						} else {
							add(r.rowsAt(b, p))
						}
					}
					if len(x.keys) > 0 {
						emit(w, x)
					}
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
