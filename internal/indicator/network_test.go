package indicator

import (
	"context"
	"database/sql"
	"io/fs"
	"math"
	"regexp"
	"testing"
	"time"

	"gonum.org/v1/gonum/graph/network"

	"osservatorio/internal/store"
	"osservatorio/queries"
)

// graphOf builds a cgraph over nodes 0..n-1 from an edge list.
func graphOf(n int, edges [][2]int32) *cgraph {
	rb := newRowBuilder(n)
	adj := make([][]int32, n)
	for _, e := range edges {
		adj[e[0]] = append(adj[e[0]], e[1])
		adj[e[1]] = append(adj[e[1]], e[0])
	}
	for i := 0; i < n; i++ {
		for _, j := range adj[i] {
			rb.set(j)
		}
		rb.endRow(int32(i))
	}
	g := &cgraph{nodes: make([]int32, n), off: rb.off, adj: rb.adj}
	for i := range g.nodes {
		g.nodes[i] = int32(i + 1)
	}
	g.components()
	return g
}

// gonum counts each unordered pair twice on an undirected graph; the stored
// betweenness counts it once.
func TestBetweennessConvention(t *testing.T) {
	// Path a-b-c: b lies on the only shortest path of the pair (a, c).
	path := graphOf(3, [][2]int32{{0, 1}, {1, 2}})
	if raw := network.Betweenness(newGonumGraph(path)); raw[1] != 2 {
		t.Fatalf("gonum's convention changed: b = %v, expected 2 (each pair twice)", raw[1])
	}
	if b := betweenness(path); b[0] != 0 || b[1] != 1 || b[2] != 0 {
		t.Fatalf("path a-b-c: %v, want [0 1 0]", b)
	}
	// Star with 4 leaves: the centre is on all C(4,2) = 6 leaf pairs; normalised 6/((5-1)(5-2)/2) = 1.
	star := graphOf(5, [][2]int32{{0, 1}, {0, 2}, {0, 3}, {0, 4}})
	if b := betweenness(star); b[0] != 6 || b[0]/pairsOthers(5) != 1 {
		t.Fatalf("star: %v", b)
	}
	// A 4-cycle a-b-c-d: each pair of opposite nodes has two shortest paths -> ½ each.
	cycle := graphOf(4, [][2]int32{{0, 1}, {1, 2}, {2, 3}, {3, 0}})
	for i, v := range betweenness(cycle) {
		if v != 0.5 {
			t.Fatalf("4-cycle node %d: %v, want 0.5", i, v)
		}
	}
}

// A hand-made input: body 1 meets twice (orgs 1 2, then 2 3), body 2 meets
// twice (orgs 4 5, then org 6 alone); org 7 never comes.
// Scope 1 = all (bodies 1 2), scope 2 = body 1, scope 3 = body 2.
func syntheticInput() *netInput {
	in := &netInput{orgs: 7, bodies: 2, scopes: 3, meetings: 4, periods: []int32{0, 2024}, scopeNames: []string{"", "all", "body:1", "body:2"}}
	in.meetBody = []int32{0, 1, 1, 2, 2}
	in.meetYear = []int32{0, 2024, 2024, 2024, 2023}
	pres := [][]int32{nil, {1, 2}, {2, 3}, {4, 5}, {6}}
	in.presStart = make([]int32, 6)
	for mt := 1; mt <= 4; mt++ {
		in.presOrgs = append(in.presOrgs, pres[mt]...)
		in.presStart[mt+1] = int32(len(in.presOrgs))
	}
	in.presStart[1] = 0
	in.scopeBodies = [][]int32{nil, {1, 2}, {1}, {2}}
	return in
}

func rowsByKey(rows []netRow) map[[4]any]netRow {
	m := map[[4]any]netRow{}
	for _, r := range rows {
		m[[4]any{r.s, r.p, r.indicator, r.category}] = r
	}
	return m
}

func eq(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-12 }

func TestNetworkSynthetic(t *testing.T) {
	for _, limit := range []int{3000, 2} { // 2: N03 is estimated (the union is built by the pool)
		res, err := computeNetwork(context.Background(), syntheticInput(), NetworkOptions{MaxNodes: limit}.withDefaults())
		if err != nil {
			t.Fatal(err)
		}
		r := rowsByKey(res.rows)
		// all, period all: nodes 1..6, edges 1-2 2-3 4-5: N = 6, E = 3,
		// components {1 2 3} {4 5} {6}.
		n01 := r[[4]any{int32(1), int32(0), "N01", ""}]
		n05 := r[[4]any{int32(1), int32(0), "N05", ""}]
		big := r[[4]any{int32(1), int32(0), "N05", "largest_share"}]
		n03 := r[[4]any{int32(1), int32(0), "N03", ""}]
		if !eq(n01.numerator, 6) || !eq(n01.denominator, 30) || !eq(n01.value, 0.2) {
			t.Errorf("limit %d: N01 %+v", limit, n01)
		}
		if !eq(n05.value, 3) || n05.numerator != nil || !eq(big.value, 0.5) || !eq(big.numerator, 3) || !eq(big.denominator, 6) {
			t.Errorf("limit %d: N05 %+v %+v", limit, n05, big)
		}
		// Betweenness: org 2 is between 1 and 3 -> 1 / ((6-1)(6-2)/2 = 10).
		if limit > 6 {
			if !eq(n03.value, 0.1) || !eq(n03.numerator, 1) || !eq(n03.denominator, 10) || n03.bound != nil {
				t.Errorf("N03 %+v", n03)
			}
		} else if n03.value == nil || n03.bound == nil || math.Abs(*n03.value-0.1) > *n03.bound || !eq(n03.denominator, 10) {
			t.Errorf("limit %d: N03 above the limit should be an estimate within its bound of 0.1: %+v", limit, n03)
		}
		// body 2 in 2024: only meeting 3 (orgs 4 5): N = 2 -> density 1, N03 empty (no pair of others).
		b2 := r[[4]any{int32(3), int32(2024), "N03", ""}]
		if b2.value != nil || !eq(b2.numerator, 0) || !eq(b2.denominator, 0) || b2.bound != nil {
			t.Errorf("N03 with 2 nodes: %+v", b2)
		}
		if d := r[[4]any{int32(3), int32(2024), "N01", ""}]; !eq(d.value, 1) {
			t.Errorf("N01 with 2 nodes: %+v", d)
		}
		// 3 scopes x 2 periods x 4 rows each.
		if len(res.rows) != 24 {
			t.Errorf("limit %d: %d rows", limit, len(res.rows))
		}
	}
}

// exactN03 refreshes the fixture with the default limits: every N03 exact.
func exactN03(t *testing.T) (map[key]Value, map[[2]string][]Broker) {
	t.Helper()
	ctx := context.Background()
	st := loadFixture(t)
	if _, err := Refresh(ctx, st, fixtureAsOf, Options{}); err != nil {
		t.Fatal(err)
	}
	return storedN03(t, st)
}

// storedN03 reads N03's values and brokers of the fixture's snapshot.
func storedN03(t *testing.T, st *store.Store) (map[key]Value, map[[2]string][]Broker) {
	t.Helper()
	ctx := context.Background()
	vs, err := Values(ctx, st.DB(), Filter{Indicator: "N03"})
	if err != nil {
		t.Fatal(err)
	}
	values := valuesByKey(t, vs)
	brokers := map[[2]string][]Broker{}
	for k := range values {
		bs, err := Brokers(ctx, st.DB(), k.scope, k.period, 0)
		if err != nil {
			t.Fatal(err)
		}
		brokers[[2]string{k.scope, k.period}] = bs
	}
	return values, brokers
}

// outsideBound reports whether err exceeds bound (the probabilistic bound of
// the estimate) and fails the test when it exceeds twice the bound.
func outsideBound(t *testing.T, k any, err, bound float64) bool {
	t.Helper()
	if err > 2*bound {
		t.Errorf("%v: error %v, more than twice the bound %v", k, err, bound)
	}
	return err > bound
}

// Graphs above the limits get the estimate, flagged with its bound, in the
// values and the brokers; no N03 is NULL but those with fewer than 3
// organisations (denominator 0); the rest is untouched.
func TestBetweennessLimits(t *testing.T) {
	ctx := context.Background()
	want, wantBrokers := exactN03(t)
	st := loadFixture(t)
	sum, err := Refresh(ctx, st, fixtureAsOf, Options{Network: NetworkOptions{MaxNodes: 5}})
	if err != nil {
		t.Fatal(err)
	}
	got, gotBrokers := storedN03(t, st)
	estimated, outside := 0, 0
	for k, w := range want {
		g := got[k]
		bs := gotBrokers[[2]string{k.scope, k.period}]
		switch {
		case w.Value == nil:
			if g.Value != nil || g.Estimate || !eq(g.Denominator, 0) {
				t.Errorf("%v: undefined N03 (fewer than 3 organisations) stored as %+v", k, g)
			}
		case g.Value == nil:
			t.Errorf("%v: N03 NULL, exact %v", k, *w.Value)
		case nodesOf(*w.Denominator) > 5: // above MaxNodes
			estimated++
			if !g.Estimate || g.ErrorBound == nil ||
				!eq(g.ErrorBound, sampleEpsilon*nodesOf(*w.Denominator)/(nodesOf(*w.Denominator)-2)) {
				t.Errorf("%v: estimate %+v, exact %v", k, g, *w.Value)
				continue
			}
			// The bound holds for every organisation of a graph at once with
			// probability 1-δ: count the graphs where it does not.
			out := outsideBound(t, k, math.Abs(*g.Value-*w.Value), *g.ErrorBound)
			for _, b := range bs {
				exact := 0.0
				for _, x := range wantBrokers[[2]string{k.scope, k.period}] {
					if x.OrgID == b.OrgID {
						exact = x.Normalised
					}
				}
				if !b.Estimate || b.ErrorBound == nil || *b.ErrorBound != *g.ErrorBound || b.SamplePaths < 16513 {
					t.Errorf("%v: broker %+v, exact %v", k, b, exact)
				}
				out = out || outsideBound(t, k, math.Abs(b.Normalised-exact), *b.ErrorBound)
			}
			if out {
				outside++
			}
		default:
			if g.Estimate || g.ErrorBound != nil || !eq(g.Value, *w.Value) {
				t.Errorf("%v: within the limits %+v, exact %v", k, g, *w.Value)
			}
			for _, b := range bs {
				if b.Estimate || b.ErrorBound != nil || b.SamplePaths != 0 {
					t.Errorf("%v: exact broker %+v", k, b)
				}
			}
		}
	}
	if estimated < 5 || sum.Graphs.OverLimit < estimated || sum.Graphs.Sampled == 0 {
		t.Fatalf("%d estimated values, stats %+v", estimated, sum.Graphs)
	}
	// δ = 0.1: about one graph in ten may miss its bound.
	if outside > max(1, estimated/5) {
		t.Errorf("%d of %d estimated graphs outside their bound", outside, estimated)
	}
	// The stored flag is what readers see in SQL too.
	var n int
	if err := st.DB().QueryRow(`SELECT count(*) FROM indicator_values WHERE indicator = 'N03' AND estimate
		AND error_bound > 0`).Scan(&n); err != nil || n != estimated {
		t.Fatalf("estimate flags in indicator_values: %d, want %d (%v)", n, estimated, err)
	}
	if err := st.DB().QueryRow(`SELECT count(*) FROM indicator_values WHERE estimate AND indicator <> 'N03'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("other indicators flagged: %d (%v)", n, err)
	}
	// N01 and N05 do not depend on the limit (the union is counted with stamps).
	n01, _ := Values(ctx, st.DB(), Filter{Indicator: "N01", Scope: "all", Period: "all"})
	if len(n01) != 1 || !eq(n01[0].Numerator, 40) || !eq(n01[0].Denominator, 72) {
		t.Fatalf("N01 all/all with the limit: %+v", n01)
	}
	checkBrokersNote(t, st, sum.DataVersion, want)
}

// checkBrokersNote runs the brokers panel's query (queries/dashboards) on
// a refresh with estimates: its nota column states the bound and the sample
// on estimated rows, in the page's language, and is empty on exact ones.
func checkBrokersNote(t *testing.T, st *store.Store, version int64, want map[key]Value) {
	t.Helper()
	text, err := fs.ReadFile(queries.FS, "dashboards/brokers.sql")
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]*regexp.Regexp{
		"it": regexp.MustCompile(`^stima \(±0,0\d\d, campione di \d{1,3}(\.\d{3})* percorsi\)$`),
		"en": regexp.MustCompile(`^estimate \(±0\.0\d\d, sample of \d{1,3}(,\d{3})* paths\)$`),
	}
	seen := map[bool]int{}
	for k, w := range want {
		if w.Value == nil {
			continue
		}
		estimated := nodesOf(*w.Denominator) > 5
		for lang, re := range notes {
			rows, err := st.DB().Query(string(text), sql.Named("scope", k.scope), sql.Named("period", k.period),
				sql.Named("data_version", version), sql.Named("as_of", fixtureAsOf.Format(time.DateOnly)), sql.Named("lang", lang))
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var rank int
				var id, name, cat string
				var norm float64
				var note sql.NullString
				if err := rows.Scan(&rank, &id, &name, &cat, &norm, &note); err != nil {
					t.Fatal(err)
				}
				if estimated != note.Valid || note.Valid && !re.MatchString(note.String) {
					t.Errorf("%v %s rank %d: nota %q (estimate: %v)", k, lang, rank, note.String, estimated)
				}
				seen[estimated]++
			}
			rows.Close()
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Fatalf("brokers rows checked: %v", seen)
	}
}

// nodesOf is N from N03's denominator (N−1)(N−2)/2.
func nodesOf(den float64) float64 { return (3 + math.Sqrt(1+8*den)) / 2 }

// The refresh-wide budget is spent in a fixed order: period all first, scope
// all first. With a budget of exactly all/all's work (N·2E = 9·40 = 360) only
// that graph is within it; the others fall back to the estimate, which on
// graphs this small gives way to the exact value (cheaper): no NULL.
func TestBetweennessBudget(t *testing.T) {
	ctx := context.Background()
	want, _ := exactN03(t)
	st := loadFixture(t)
	sum, err := Refresh(ctx, st, fixtureAsOf, Options{Network: NetworkOptions{MaxTotalWork: 360}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Graphs.Betweenness != 1 || sum.Graphs.Work != 360 || sum.Graphs.OverBudget == 0 || sum.Graphs.OverLimit != 0 {
		t.Fatalf("stats %+v", sum.Graphs)
	}
	got, _ := storedN03(t, st)
	for k, w := range want {
		g := got[k]
		if g.Estimate || !eqOrNil(g.Value, w.Value) || !eqOrNil(g.Numerator, w.Numerator) {
			t.Errorf("%v: over the budget %+v, exact %+v", k, g, w)
		}
	}
	check(t, key{"N03", "all", "all", ""}, "value", got[key{"N03", "all", "all", ""}].Value, 0.25)
	check(t, key{"N03", "body:B1", "2024", ""}, "value", got[key{"N03", "body:B1", "2024", ""}].Value, 0.3)
}

func eqOrNil(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && eq(a, *b) }
