package dashboard

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// Node is an organisation of a drawn co-participation network.
type Node struct {
	ID, Name, Category string
	Betweenness        float64 // normalised, in the network drawn
}

// Edge links two organisations present at Meetings common meetings.
type Edge struct {
	From, To string
	Meetings float64
}

// Network turns a network_edges table (da, a, riunioni, da_nome,
// da_categoria, a_nome, a_categoria) into nodes sized by their betweenness in
// the drawn network (gonum's Brandes), and edges.
func Network(t Table) ([]Node, []Edge) {
	col := func(n string) int { return t.Col(n) }
	from, to, w := col("da"), col("a"), col("riunioni")
	fn, fc, tn, tc := col("da_nome"), col("da_categoria"), col("a_nome"), col("a_categoria")
	if from < 0 || to < 0 {
		return nil, nil
	}
	idx := map[string]int64{}
	var nodes []Node
	add := func(id, name, cat string) int64 {
		if i, ok := idx[id]; ok {
			return i
		}
		idx[id] = int64(len(nodes))
		nodes = append(nodes, Node{ID: id, Name: name, Category: cat})
		return idx[id]
	}
	g := simple.NewUndirectedGraph()
	var edges []Edge
	str := func(r []any, i int) string {
		if i < 0 || r[i] == nil {
			return ""
		}
		s, _ := r[i].(string)
		return s
	}
	for _, r := range t.Rows {
		a := add(str(r, from), str(r, fn), str(r, fc))
		b := add(str(r, to), str(r, tn), str(r, tc))
		for _, id := range []int64{a, b} {
			if g.Node(id) == nil {
				g.AddNode(simple.Node(id))
			}
		}
		if a != b {
			g.SetEdge(g.NewEdge(simple.Node(a), simple.Node(b)))
		}
		edges = append(edges, Edge{From: str(r, from), To: str(r, to), Meetings: number(r, w)})
	}
	n := float64(len(nodes))
	if n > 2 {
		norm := (n - 1) * (n - 2) // gonum counts each pair in both directions
		// gonum adds up in map order, so the last bits vary from run to
		// run: rounded, the same data draws the same page, byte for byte.
		for id, b := range network.Betweenness(g) {
			nodes[id].Betweenness = math.Round(b/norm*1e12) / 1e12
		}
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].ID < nodes[j].ID })
	return nodes, edges
}

func number(r []any, i int) float64 {
	if i < 0 {
		return 0
	}
	f, _ := Number(r[i])
	return f
}
