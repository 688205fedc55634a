package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// rollupSpec is one rollup of _rollup.sql: its input query (columns b, y or
// p, key, measures…), how its rows count in periods, and what it writes.
type rollupSpec struct {
	input   string // statement name in _rollup.sql
	mode    rollupPeriods
	strKeys bool // the key column is a string (person_id)
	table   string
	columns []string
	output  rollupOutput
	keep    func(x *scopeSums, k int32) bool // keys left out when false (nil: all)
	// inPrev (eachKey) adds a last column: 1 when the key was also met in
	// the same scope at period p-1 (the year before; P06 compares the two).
	inPrev bool
}

// rollupOutput is the shape of a rollup's table.
type rollupOutput int

const (
	eachKey   rollupOutput = iota // (s, p, key, sums…): one row per key met
	keyCounts                     // (s, p, f, fm): fm keys met, f of them with a first sum > 0
	histogram                     // (s, p, sums…, n): n keys had exactly these sums
)

var rollupSpecs = []rollupSpec{
	{input: "sp_org", mode: yearRows, table: "ind_sp_org", output: histogram,
		columns: []string{"s", "p", "inv_meetings", "inv_meetings_present", "contribs", "n"},
		keep:    func(x *scopeSums, k int32) bool { return x.sum(0, k) > 0 }},
	{input: "scope_member", mode: periodRows, table: "ind_scope_member", output: eachKey, inPrev: true,
		columns: []string{"s", "p", "o", "n_bodies", "in_prev"}},
	{input: "att_people", mode: yearRows, strKeys: true, table: "ind_att_people_sp", output: keyCounts,
		columns: []string{"s", "p", "f", "fm"}},
	{input: "voters", mode: periodRows, strKeys: true, table: "ind_voters_sp", output: keyCounts,
		columns: []string{"s", "p", "f", "fm"}},
}

// runRollups computes the tables of _rollup.sql over the scopes of in, with
// workers goroutines.
func runRollups(ctx context.Context, conn *sql.Conn, in *netInput, workers int, sum *Summary) error {
	text, err := helper("_rollup.sql")
	if err != nil {
		return err
	}
	q := named(text)
	for _, spec := range rollupSpecs {
		t := time.Now()
		if err := runRollup(ctx, conn, in, q[spec.input], spec, workers); err != nil {
			return fmt.Errorf("rollup %s: %w", spec.table, err)
		}
		sum.Steps = append(sum.Steps, Step{"rollup " + spec.table, time.Since(t)})
	}
	return nil
}

func runRollup(ctx context.Context, conn *sql.Conn, in *netInput, query string, spec rollupSpec, workers int) error {
	var keys interner
	if spec.strKeys {
		keys = interner{}
	}
	var b, y, key []int32
	var val [][]int32
	err := scanKeys(ctx, conn, query, keys, func(c [][]int32) {
		b, y, key = append(b, c[0]...), append(y, c[1]...), append(key, c[2]...)
		if val == nil {
			val = make([][]int32, len(c)-3)
		}
		for i := range val {
			val[i] = append(val[i], c[3+i]...)
		}
	})
	if err != nil {
		return err
	}
	if spec.output == histogram && len(val) > 3 {
		return fmt.Errorf("a histogram takes at most 3 measures, not %d", len(val))
	}
	rows := groupByBody(in.bodies, b, y, key, val)
	workers = max(1, workers)
	outs := make([]*columns, workers)
	last := make([][]int32, workers) // inPrev: per worker and key, the last (scope, period) met
	for w := range outs {
		outs[w] = newColumns(spec.columns...)
		if spec.inPrev {
			last[w] = make([]int32, 2*(rows.keys+1))
		}
	}
	vals := make([][]int32, workers) // one output row, per worker
	hist := make([]map[[3]int32]int32, workers)
	for w := range vals {
		vals[w] = make([]int32, len(spec.columns))
		hist[w] = map[[3]int32]int32{}
	}
	err = rollup(ctx, in.scopeBodies, rows, spec.mode, in.periods, workers, func(w int, x *scopeSums) {
		out, v := outs[w], vals[w]
		switch spec.output {
		case keyCounts:
			var f int32
			for _, k := range x.keys {
				if x.sum(0, k) > 0 {
					f++
				}
			}
			out.add(x.s, x.p, f, int32(len(x.keys)))
		case histogram:
			h := hist[w]
			clear(h)
			for _, k := range x.keys {
				if spec.keep != nil && !spec.keep(x, k) {
					continue
				}
				var t [3]int32
				for c := 0; c < x.cols; c++ {
					t[c] = int32(x.sum(c, k))
				}
				h[t]++
			}
			for t, n := range h {
				v[0], v[1] = x.s, x.p
				copy(v[2:2+x.cols], t[:x.cols])
				v[2+x.cols] = n
				out.add(v...)
			}
		case eachKey:
			for _, k := range x.keys {
				if spec.keep != nil && !spec.keep(x, k) {
					continue
				}
				v[0], v[1], v[2] = x.s, x.p, k
				for c := 0; c < x.cols; c++ {
					v[3+c] = int32(x.sum(c, k))
				}
				if spec.inPrev {
					// A worker takes every period of a scope, in ascending
					// order, so p-1 (when it is a period) came just before.
					l := last[w][2*k : 2*k+2]
					v[3+x.cols] = 0
					if l[0] == x.s && l[1] == x.p-1 && x.p > 0 {
						v[3+x.cols] = 1
					}
					l[0], l[1] = x.s, x.p
				}
				out.add(v...)
			}
		}
	})
	if err != nil {
		return err
	}
	outs[0].merge(outs[1:]...)
	return writeTable(ctx, conn, spec.table, outs[0])
}
