package indicator

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
)

// graphKey identifies a co-participation graph by what it is made of: the
// sets of organisations (by org_id) present at each of its meetings. An
// incremental refresh compares a recomputed cell's key with its base's and,
// when they are equal, copies N03 and the brokers from the base instead of
// running the betweenness again (the graph is the same, and so are the
// exact values and the estimate, whose seed is the graph's content too).
//
// The key is a sum over the meetings of a 128-bit hash of each meeting's
// set of organisations, so a scope's key is the sum of its bodies' keys
// and costs one addition per body. Equal keys mean equal graphs but for a
// collision of 128-bit hashes; different keys may still be equal graphs
// (a meeting repeated with the same organisations): then N03 is simply
// computed again.
type graphKey [2]uint64

func (k graphKey) add(x graphKey) graphKey { return graphKey{k[0] + x[0], k[1] + x[1]} }

// withLimits mixes in what decides between the exact value and the
// estimate, so that a key from a refresh with other limits never matches.
func (k graphKey) withLimits(o NetworkOptions) graphKey {
	return graphKey{mix64(k[0] ^ uint64(o.MaxNodes)), mix64(k[1] ^ uint64(o.MaxWork))}
}

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

// meetingKeys hashes each meeting's present organisations (by their org_id
// hashes, in.orgIDs); meetings without anyone present get the zero key.
func meetingKeys(in *netInput) []graphKey {
	keys := make([]graphKey, in.meetings+1)
	for mt := 1; mt <= in.meetings; mt++ {
		orgs := in.presOrgs[in.presStart[mt]:in.presStart[mt+1]]
		if len(orgs) == 0 {
			continue
		}
		var a, b uint64
		for _, o := range orgs {
			id := uint64(o) // inputs built by hand in tests have no org_ids
			if in.orgIDs != nil {
				id = in.orgIDs[o]
			}
			a += mix64(id)
			b += mix64(id ^ 0x9e3779b97f4a7c15)
		}
		n := uint64(len(orgs))
		keys[mt] = graphKey{mix64(a + n), mix64(b ^ (n * 0xff51afd7ed558ccd))}
	}
	return keys
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

// readBaseKeys reads the base's graph keys of the cells to compute
// (_network.sql, base_keys), by (s, p).
func readBaseKeys(ctx context.Context, conn *sql.Conn, query string) (map[[2]int32]graphKey, error) {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("base graph keys: %w", err)
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
