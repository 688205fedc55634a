package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"slices"
)

// netInput is what the network step reads from the prepared temp tables.
type netInput struct {
	orgs, bodies, scopes, meetings int
	periods                        []int32
	meetBody, meetYear             []int32   // by meeting key mt (1-based)
	presStart                      []int32   // present orgs of meeting mt, ascending: presOrgs[presStart[mt]:presStart[mt+1]]
	presOrgs                       []int32   // (filled by the attendance pass)
	scopeBodies                    [][]int32 // by scope key s (1-based)
	scopeNames                     []string  // by scope key s
	orgIDs                         []uint64  // by organisation key o: a hash of its org_id (see cgraph.seedKey)
	// Incremental refresh (network_keys.go): the base's graph keys of the
	// cells to compute, by (s, p); of the bodies' units, by (b, p); and the
	// bodies the changes touched (their units are built again).
	baseKeys, baseUnitKeys map[[2]int32]graphKey
	touched                []bool
}

// readNetInput pulls the network inputs (see _network.sql) through Arrow;
// the present pairs come from the attendance pass.
func readNetInput(ctx context.Context, conn *sql.Conn, q map[string]string) (*netInput, error) {
	in := &netInput{}
	if err := conn.QueryRowContext(ctx, q["sizes"]).Scan(&in.orgs, &in.bodies, &in.scopes, &in.meetings); err != nil {
		return nil, fmt.Errorf("network sizes: %w", err)
	}
	if err := scanInt32(ctx, conn, q["periods"], func(c [][]int32) {
		in.periods = append(in.periods, c[0]...)
	}); err != nil {
		return nil, fmt.Errorf("network periods: %w", err)
	}
	in.meetBody = make([]int32, in.meetings+1)
	in.meetYear = make([]int32, in.meetings+1)
	if err := scanInt32(ctx, conn, q["meetings"], func(c [][]int32) {
		for i, mt := range c[0] {
			in.meetBody[mt], in.meetYear[mt] = c[1][i], c[2][i]
		}
	}); err != nil {
		return nil, fmt.Errorf("network meetings: %w", err)
	}
	in.scopeBodies = make([][]int32, in.scopes+1)
	if err := scanInt32(ctx, conn, q["scope_bodies"], func(c [][]int32) {
		for i, s := range c[0] {
			in.scopeBodies[s] = append(in.scopeBodies[s], c[1][i])
		}
	}); err != nil {
		return nil, fmt.Errorf("network scopes: %w", err)
	}
	for _, bs := range in.scopeBodies {
		slices.Sort(bs)
	}
	in.orgIDs = make([]uint64, in.orgs+1)
	if err := scanStrings(ctx, conn, q["org_ids"], func(o int, id string) {
		h := fnv.New64a()
		h.Write([]byte(id))
		in.orgIDs[o] = h.Sum64()
	}); err != nil {
		return nil, fmt.Errorf("network organisations: %w", err)
	}
	in.scopeNames = make([]string, in.scopes+1)
	if err := scanStrings(ctx, conn, q["scopes"], func(s int, name string) { in.scopeNames[s] = name }); err != nil {
		return nil, fmt.Errorf("network scope names: %w", err)
	}
	return in, nil
}

// scanStrings calls fn for each (key, name) row of query.
func scanStrings(ctx context.Context, conn *sql.Conn, query string, fn func(int, string)) error {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k int
		var name string
		if err := rows.Scan(&k, &name); err != nil {
			return err
		}
		fn(k, name)
	}
	return rows.Err()
}
