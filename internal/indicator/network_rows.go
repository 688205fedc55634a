package indicator

// netRow is one value for ind_network. bound is set when the value is a
// sampling estimate: its additive error bound (probability 1−δ).
type netRow struct {
	s, p                          int32
	indicator, category           string
	value, numerator, denominator *float64
	bound                         *float64
}

// brokerRow is one of N03's top organisations, for ind_broker_top; bound and
// samples (the paths sampled) are set when the values are estimates.
type brokerRow struct {
	s, p        int32
	rank        int
	o           int32
	betweenness float64
	normalised  float64
	bound       *float64
	samples     int32
}

func f64(v float64) *float64 { return &v }

// ratio is num/den, NULL when den is 0.
func ratio(num, den float64) *float64 {
	if den == 0 {
		return nil
	}
	return f64(num / den)
}

// statRows are N01 and N05 of one scope and period.
func statRows(st netStats) []netRow {
	n := float64(st.n)
	twoE := 2 * float64(st.e)
	return []netRow{
		{s: st.s, p: st.p, indicator: "N01", value: ratio(twoE, n*(n-1)), numerator: f64(twoE), denominator: f64(n * (n - 1))},
		{s: st.s, p: st.p, indicator: "N05", value: f64(float64(st.comps))},
		{s: st.s, p: st.p, indicator: "N05", category: "largest_share", value: ratio(float64(st.large), n),
			numerator: f64(float64(st.large)), denominator: f64(n)},
	}
}

// pairsOthers is (N-1)(N-2)/2, the pairs of other nodes (0 below 3 nodes).
func pairsOthers(n int) float64 {
	if n < 3 {
		return 0
	}
	return float64(n-1) * float64(n-2) / 2
}

// n03Row is N03 of one scope and period: top is the largest raw
// betweenness, exact or estimated (est). With fewer than 3 nodes there is
// no intermediary (top nil): numerator 0, value NULL.
func n03Row(st netStats, top *float64, est *estimate) netRow {
	den := pairsOthers(st.n)
	r := netRow{s: st.s, p: st.p, indicator: "N03", denominator: f64(den)}
	switch {
	case st.n < 3:
		r.numerator = f64(0)
	case top != nil:
		r.numerator = top
		r.value = ratio(*top, den)
		if est != nil {
			r.bound = f64(est.bound)
		}
	}
	return r
}
