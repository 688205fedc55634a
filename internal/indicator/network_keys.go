package indicator

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
)

// graphKey identifies a co-participation graph by its content. An
// incremental refresh compares a recomputed cell's key with its base's and,
// when they are equal, copies N01, N03, N05 and the brokers from the base
// instead of building the graph and running the betweenness again (the
// graph is the same, and so are the exact values and the estimate, whose
// seed is the graph's content too).
//
// A body's graph in a period (a unit) is keyed by its nodes and edges,
// organisations named by their org_id: a new meeting among organisations
// that had all met there before leaves it unchanged. A scope's key is the
// sum of its bodies' unit keys: the same units make the same union. Unit
// keys are stored with the body cells, so an incremental refresh builds
// only the touched bodies' units to know every scope's key. Equal keys mean
// equal graphs but for a collision of 128-bit hashes; a union can keep its
// graph while a unit changes (an edge that another body has too): then
// N03 is simply computed again.
type graphKey [2]uint64

func (k graphKey) add(x graphKey) graphKey { return graphKey{k[0] + x[0], k[1] + x[1]} }

func (k graphKey) String() string { return fmt.Sprintf("%016x%016x", k[0], k[1]) }

func parseGraphKey(s string) (graphKey, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 16 {
		return graphKey{}, fmt.Errorf("graph key %q is not 32 hexadecimal digits", s)
	}
	var k graphKey
	for i := 0; i < 8; i++ {
		k[0] = k[0]<<8 | uint64(b[i])
		k[1] = k[1]<<8 | uint64(b[8+i])
	}
	return k, nil
}

// contentKey hashes g's nodes and edges, each node by ids[o] (its org_id's
// hash; nil ids: the key o, for inputs built by hand in tests). Sums of
// mixed hashes: the order of nodes and edges does not matter.
func (g *cgraph) contentKey(ids []uint64) graphKey {
	id := func(i int32) uint64 {
		o := g.nodes[i]
		if ids == nil {
			return uint64(o)
		}
		return ids[o]
	}
	var k graphKey
	for i := range g.nodes {
		x := id(int32(i))
		k[0] += mix64(x)
		k[1] += mix64(x ^ 0x9e3779b97f4a7c15)
		hx := mix64(x + 0xff51afd7ed558ccd)
		for _, j := range g.adj[g.off[i]:g.off[i+1]] {
			if j > int32(i) { // each edge once
				y := id(j)
				k[0] += mix64(hx ^ y)
				k[1] += mix64(hx + mix64(y^0xc4ceb9fe1a85ec53))
			}
		}
	}
	return k
}

// mix64 is SplitMix64's finaliser: a bijection that spreads every input bit.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// readKeys reads (key, p, graph key) rows: the base's keys of the cells to
// compute by (s, p) (_network.sql, base_keys), or of the bodies' units by
// (b, p) (base_unit_keys).
func readKeys(ctx context.Context, conn *sql.Conn, query string) (map[[2]int32]graphKey, error) {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("graph keys: %w", err)
	}
	defer rows.Close()
	out := map[[2]int32]graphKey{}
	for rows.Next() {
		var s, p int32
		var text string
		if err := rows.Scan(&s, &p, &text); err != nil {
			return nil, err
		}
		k, err := parseGraphKey(text)
		if err != nil {
			return nil, err
		}
		out[[2]int32{s, p}] = k
	}
	return out, rows.Err()
}

// readBase reads what the network step of an incremental refresh takes from
// its base: the graph keys of the cells to compute and of the bodies' units,
// and the bodies the changes touched.
func readBase(ctx context.Context, conn *sql.Conn, q map[string]string, in *netInput) error {
	var err error
	if in.baseKeys, err = readKeys(ctx, conn, q["base_keys"]); err != nil {
		return err
	}
	if in.baseUnitKeys, err = readKeys(ctx, conn, q["base_unit_keys"]); err != nil {
		return err
	}
	in.touched = make([]bool, in.bodies+1)
	return scanInt32(ctx, conn, q["touched_bodies"], func(c [][]int32) {
		for _, b := range c[0] {
			in.touched[b] = true
		}
	})
}
