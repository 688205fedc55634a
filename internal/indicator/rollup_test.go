package indicator

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"testing"
)

// TestRollup adds up a hand-made table over three scopes. Bodies 1, 2, 3;
// scope 1 = all three, scope 2 = body 1, scope 3 = bodies 2 and 3. Rows
// (body, year, key, value):
//
//	1 2023 k1 1 · 1 2024 k1 2 · 1 2023 k2 5 · 2 2023 k1 10 · 3 2024 k3 7 · 3 2022 k2 100
//
// 2022 is not a period (no meeting that year), so its row counts in 'all' only.
func TestRollup(t *testing.T) {
	scopes := [][]int32{nil, {1, 2, 3}, {1}, {2, 3}}
	b := []int32{3, 1, 2, 1, 3, 1}
	y := []int32{2024, 2024, 2023, 2023, 2022, 2023}
	k := []int32{3, 1, 1, 1, 2, 2}
	v := []int32{7, 2, 10, 1, 100, 5}
	rows := groupByBody(3, b, y, k, [][]int32{v})

	years := map[string]int64{
		"s1 p2023 k1": 11, "s1 p2023 k2": 5, "s1 p2024 k1": 2, "s1 p2024 k3": 7,
		"s1 p0 k1": 13, "s1 p0 k2": 105, "s1 p0 k3": 7,
		"s2 p2023 k1": 1, "s2 p2023 k2": 5, "s2 p2024 k1": 2, "s2 p0 k1": 3, "s2 p0 k2": 5,
		"s3 p2023 k1": 10, "s3 p2024 k3": 7, "s3 p0 k1": 10, "s3 p0 k2": 100, "s3 p0 k3": 7,
	}
	// As periods (composition dates): each row counts in its own y only.
	periods := map[string]int64{
		"s1 p2022 k2": 100, "s1 p2023 k1": 11, "s1 p2023 k2": 5, "s1 p2024 k1": 2, "s1 p2024 k3": 7,
		"s2 p2023 k1": 1, "s2 p2023 k2": 5, "s2 p2024 k1": 2,
		"s3 p2022 k2": 100, "s3 p2023 k1": 10, "s3 p2024 k3": 7,
	}
	for _, tc := range []struct {
		mode rollupPeriods
		want map[string]int64
	}{{yearRows, years}, {periodRows, periods}} {
		for _, workers := range []int{1, 2} {
			got := map[string]int64{}
			var mu sync.Mutex
			err := rollup(context.Background(), scopes, rows, tc.mode, []int32{0, 2023, 2024}, workers, func(w int, x *scopeSums) {
				mu.Lock()
				defer mu.Unlock()
				for _, key := range x.keys {
					got[fmt.Sprintf("s%d p%d k%d", x.s, x.p, key)] += x.sum(0, key)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("mode %d, %d workers:\n got %v\nwant %v", tc.mode, workers, got, tc.want)
			}
		}
	}
}
