package main

import (
	"math"
	"slices"
	"time"
)

// percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of sorted
// durations: the smallest value with at least p % of the values at or below
// it. Zero for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p*float64(n)/100 - 1e-9)) // the tolerance absorbs float error on exact ranks
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// latencies summarises request durations.
type latencies struct {
	P50, P90, P99, Max time.Duration
}

func summarise(ds []time.Duration) latencies {
	s := slices.Clone(ds)
	slices.Sort(s)
	var l latencies
	if len(s) == 0 {
		return l
	}
	return latencies{percentile(s, 50), percentile(s, 90), percentile(s, 99), s[len(s)-1]}
}
