package indicator

import "math"

// sampleChecks is the early stop of the sampled betweenness. Each sampled
// path tells, for every node, whether it lies inside: a coin whose
// probability p is the node's betweenness ÷ N(N−1). After r paths a node
// with h hits has p̂ = h/r, and the Chernoff bound in its relative-entropy
// form gives P(KL(p̂‖p) ≥ t, p̂ on either side of p) ≤ 2·e^(−r·t). The
// sampling is checked at sampleStops sizes fixed in advance; at each, with
// the δ/2 given to the checks shared among the 2 sides × checks × N nodes
// (t = L/r, L = ln(4·checks·N/δ)), every node's p lies where KL(p̂‖p) < L/r.
// When that interval is inside (p̂ − ε, p̂ + ε) for every node, all are within
// ε and the sampling stops. If no check passes, RK's r, with the other δ/2,
// ends it. Either way every node is within ε with probability 1 − δ.
//
// The interval is narrow for a small p̂ (about √(2p̂L/r) wide): a graph
// whose largest share is 0.01 stops after about 6,000 paths, against RK's
// 30,000; a graph with a node on about half the paths runs to RK's r.
type sampleChecks struct {
	eps, logInv float64 // ε, L
	sizes       []int   // the checks, increasing, each below RK's r
	at          int     // the next check's index in sizes
	memo        []int8  // per hit count at this check: 0 not looked at, 1 within ε, −1 not
}

// sampleStops is the number of checks: with more, each is nearer the size
// where the data allows a stop, and L grows by the log of their number.
const sampleStops = 16

// newSampleChecks places the checks for a graph of n nodes between the
// first size at which a node with no hit is known to be within ε and r
// (exclusive), in geometric steps.
func newSampleChecks(n, r int, eps, delta float64) *sampleChecks {
	c := &sampleChecks{eps: eps, logInv: math.Log(4 * sampleStops * float64(n) / delta)}
	first := math.Ceil(c.logInv / -math.Log1p(-eps)) // KL(0‖ε) = −ln(1−ε) ≥ L/r
	step := math.Pow(float64(r)/first, 1.0/sampleStops)
	for i, size := 0, first; i < sampleStops; i, size = i+1, size*step {
		if s := int(math.Ceil(size)); s < r && (len(c.sizes) == 0 || s > c.sizes[len(c.sizes)-1]) {
			c.sizes = append(c.sizes, s)
		}
	}
	return c
}

// next is the size of the next check after i paths, or past the last one
// a size never reached (math.MaxInt).
func (c *sampleChecks) next(i int) int {
	for c.at < len(c.sizes) && c.sizes[c.at] <= i {
		c.at++
	}
	if c.at == len(c.sizes) {
		return math.MaxInt
	}
	return c.sizes[c.at]
}

// pass reports whether, after r paths with these hits, every node's share
// is known to within ε (see the type).
func (c *sampleChecks) pass(hits []int32, r int) bool {
	c.memo = c.memo[:0]
	for _, h := range hits {
		for int(h) >= len(c.memo) {
			c.memo = append(c.memo, 0)
		}
		if c.memo[h] == 0 {
			c.memo[h] = -1
			if c.within(float64(h)/float64(r), r) {
				c.memo[h] = 1
			}
		}
		if c.memo[h] < 0 {
			return false
		}
	}
	return true
}

// within reports whether every p with KL(p̂‖p) < L/r lies within ε of p̂:
// KL(p̂‖·) grows away from p̂, so it is enough that it has reached L/r at
// p̂ ± ε (or that p̂ ± ε is outside [0, 1], where no p lies).
func (c *sampleChecks) within(ph float64, r int) bool {
	t := c.logInv / float64(r)
	return (ph+c.eps >= 1 || bernoulliKL(ph, ph+c.eps) >= t) &&
		(ph-c.eps <= 0 || bernoulliKL(ph, ph-c.eps) >= t)
}

// bernoulliKL is the relative entropy of a coin of probability p from one of
// probability q (0 < q < 1), in nats, with 0·ln 0 = 0.
func bernoulliKL(p, q float64) float64 {
	var d float64
	if p > 0 {
		d += p * math.Log(p/q)
	}
	if p < 1 {
		d += (1 - p) * math.Log((1-p)/(1-q))
	}
	return d
}
