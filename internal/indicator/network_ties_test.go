package indicator

import (
	"fmt"
	"testing"
)

// tieInput is one body (scope 1) whose meetings 1..n have the given present
// organisations (ascending keys).
func tieInput(orgs int, meetings ...[]int32) (*netInput, [][]int32) {
	in := &netInput{orgs: orgs, bodies: 1, scopes: 1, meetings: len(meetings),
		presStart: []int32{0, 0}, scopeBodies: [][]int32{nil, {1}}}
	meets := [][]int32{nil, nil}
	for i, m := range meetings {
		in.presOrgs = append(in.presOrgs, m...)
		in.presStart = append(in.presStart, int32(len(in.presOrgs)))
		meets[1] = append(meets[1], int32(i+1))
	}
	return in, meets
}

func span(from, to int32) []int32 {
	var out []int32
	for o := from; o <= to; o++ {
		out = append(out, o)
	}
	return out
}

func TestTiesSmall(t *testing.T) {
	// Meetings {1,2,3}, {1,2}, {2,4}: 1 and 2 met twice, 1–3, 2–3 and 2–4
	// once; strongest first, then by the two keys.
	in, meets := tieInput(4, []int32{1, 2, 3}, []int32{1, 2}, []int32{2, 4})
	var w tieWork
	got := fmt.Sprint(w.ties(in, 1, 2024, meets))
	want := "[{1 2024 1 2 2} {1 2024 1 3 1} {1 2024 2 3 1} {1 2024 2 4 1}]"
	if got != want {
		t.Fatalf("ties = %s, want %s", got, want)
	}
	// The scratch is clean for the next cell: the same answer again.
	if again := fmt.Sprint(w.ties(in, 1, 2024, meets)); again != want {
		t.Fatalf("second cell = %s", again)
	}
}

func TestTiesLimits(t *testing.T) {
	// 125 organisations. Meeting 1: all of them; meeting 2: 1..119;
	// meeting 3: 121 and 125. Present twice: 1..119, 121, 125; once: the
	// rest. The 120 most present are 1..119 and 121 (125 ties with it on
	// two meetings and loses on its key).
	in, meets := tieInput(125, span(1, 125), span(1, 119), []int32{121, 125})
	var w tieWork
	w.count = make([]int32, in.orgs+1)
	for _, mt := range meets[1] {
		for _, o := range in.presOrgs[in.presStart[mt]:in.presStart[mt+1]] {
			if w.count[o] == 0 {
				w.touched = append(w.touched, o)
			}
			w.count[o]++
		}
	}
	top := w.mostPresent()
	if want := fmt.Sprint(append(span(1, 119), 121)); fmt.Sprint(top) != want {
		t.Fatalf("most present = %v, want %s", top, want)
	}
	w = tieWork{}
	// Among them, 119·118/2 = 7,021 pairs of 1..119 met twice, each x–121
	// once. The 400 strongest are the first by keys: 1–2..1–119 (118),
	// 2–3..2–119 (117), 3–4..3–119 (116), then 4–5..4–53 (49).
	got := w.ties(in, 1, 0, meets)
	if len(got) != tieEdges {
		t.Fatalf("%d ties, want %d", len(got), tieEdges)
	}
	if first, last := got[0], got[len(got)-1]; first != (tieRow{1, 0, 1, 2, 2}) || last != (tieRow{1, 0, 4, 53, 2}) {
		t.Fatalf("first %v, last %v", first, last)
	}
	for i, r := range got {
		if r.n != 2 || r.a >= r.b || r.b > 119 {
			t.Fatalf("tie %d = %v", i, r)
		}
	}
}
