package indicator

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// A union above sparseRows nodes (the large scopes' graphs, built for the
// estimate) has the rows a plain edge set gives: every tie of every
// meeting, once, ascending. Its rows are both short (sorted) and long (read
// off the bitset), and some ties are met in two bodies.
func TestUnionSparseRows(t *testing.T) {
	const orgs = 9000
	rng := rand.New(rand.NewPCG(11, 3))
	in := &netInput{orgs: orgs, presStart: []int32{0, 0}}
	var bodies [][]int32 // meetings of each body
	for b := 0; b < 60; b++ {
		var meets []int32
		for m := 0; m < 12; m++ {
			size := 2 + rng.IntN(4) // small meetings: short rows
			if m%4 == 0 {
				size = 40 + rng.IntN(200) // large ones: long rows
			}
			set := map[int32]bool{}
			for len(set) < size {
				set[1+int32(rng.IntN(orgs))] = true
			}
			if b > 0 && m == 0 { // a tie met in the previous body too
				prev := in.presOrgs[in.presStart[bodies[b-1][0]]:]
				set[prev[0]], set[prev[1]] = true, true
			}
			pres := slices.Sorted(func(yield func(int32) bool) {
				for o := range set {
					if !yield(o) {
						return
					}
				}
			})
			in.presOrgs = append(in.presOrgs, pres...)
			in.presStart = append(in.presStart, int32(len(in.presOrgs)))
			in.meetings++
			meets = append(meets, int32(in.meetings))
		}
		bodies = append(bodies, meets)
	}
	w := newUnionWork(orgs)
	var us []*cgraph
	for _, meets := range bodies {
		us = append(us, w.unit(in, meets))
	}
	st := w.union(us, netStats{}, 1<<30)
	g := st.graph
	if g.n() <= sparseRows {
		t.Fatalf("%d nodes: not above sparseRows", g.n())
	}

	ties := map[int32]map[int32]bool{}
	for mt := 1; mt <= in.meetings; mt++ {
		pres := in.presOrgs[in.presStart[mt]:in.presStart[mt+1]]
		for _, a := range pres {
			for _, b := range pres {
				if a != b {
					if ties[a] == nil {
						ties[a] = map[int32]bool{}
					}
					ties[a][b] = true
				}
			}
		}
	}
	want := slices.Sorted(func(yield func(int32) bool) {
		for o := range ties {
			if !yield(o) {
				return
			}
		}
	})
	if !slices.Equal(g.nodes, want) {
		t.Fatalf("nodes: %d, want %d", len(g.nodes), len(want))
	}
	words := (g.n() + 63) / 64
	short, long := 0, 0
	for i, o := range g.nodes {
		var row []int32
		for _, j := range g.adj[g.off[i]:g.off[i+1]] {
			row = append(row, g.nodes[j])
		}
		wantRow := slices.Sorted(func(yield func(int32) bool) {
			for x := range ties[o] {
				if !yield(x) {
					return
				}
			}
		})
		if !slices.Equal(row, wantRow) {
			t.Fatalf("row of %d: %v, want %v", o, row, wantRow)
		}
		if len(row) >= words/sparseScan {
			long++
		} else {
			short++
		}
	}
	if short == 0 || long == 0 {
		t.Errorf("rows: %d short, %d long: both kinds wanted", short, long)
	}
	if st.e != int64(len(g.adj)/2) {
		t.Errorf("edges %d, adjacency %d", st.e, len(g.adj))
	}
}
