package indicator

import (
	"slices"
	"testing"
)

// A graph's content key names organisations by org_id: the same graph with
// other dense keys (organisations added elsewhere) has the same key; one
// more edge or node changes it.
func TestContentKey(t *testing.T) {
	build := func(ids []uint64, nodes []int32, edges [][2]int) *cgraph {
		n := len(nodes)
		adj := make([][]int32, n)
		for _, e := range edges {
			adj[e[0]] = append(adj[e[0]], int32(e[1]))
			adj[e[1]] = append(adj[e[1]], int32(e[0]))
		}
		g := &cgraph{nodes: nodes, off: []int32{0}}
		for i := range adj {
			slices.Sort(adj[i])
			g.adj = append(g.adj, adj[i]...)
			g.off = append(g.off, int32(len(g.adj)))
		}
		return g
	}
	path := [][2]int{{0, 1}, {1, 2}}
	// Organisations "A", "B", "C" with dense keys 1, 2, 3, then 2, 3, 4
	// after an organisation sorted before them was added.
	idsBefore := []uint64{0, 11, 22, 33}
	idsAfter := []uint64{0, 5, 11, 22, 33}
	a := build(idsBefore, []int32{1, 2, 3}, path).contentKey(idsBefore)
	b := build(idsAfter, []int32{2, 3, 4}, path).contentKey(idsAfter)
	if a != b {
		t.Errorf("same graph, other dense keys: %v != %v", a, b)
	}
	if c := build(idsBefore, []int32{1, 2, 3}, [][2]int{{0, 1}, {1, 2}, {0, 2}}).contentKey(idsBefore); c == a {
		t.Errorf("an edge more, same key %v", c)
	}
	if c := build(idsAfter, []int32{1, 2, 3, 4}, [][2]int{{1, 2}, {2, 3}}).contentKey(idsAfter); c == b {
		t.Errorf("a node more, same key %v", c)
	}
	if c := build(idsBefore, []int32{1, 2, 3}, [][2]int{{0, 2}, {1, 2}}).contentKey(idsBefore); c == a {
		t.Errorf("another path, same key %v", c)
	}
}
