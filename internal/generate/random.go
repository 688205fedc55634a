package generate

import (
	"math/rand/v2"
)

// pool draws organisations with probability proportional to a weight.
type pool struct {
	idx []int32
	cum []float64
}

func (p *pool) add(i int32, w float64) {
	if n := len(p.cum); n > 0 {
		w += p.cum[n-1]
	}
	p.idx = append(p.idx, i)
	p.cum = append(p.cum, w)
}

func (p *pool) draw(r *rand.Rand) int32 {
	u := r.Float64() * p.cum[len(p.cum)-1]
	lo, hi := 0, len(p.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if p.cum[mid] > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return p.idx[lo]
}

func pick(r *rand.Rand, w []float64) int {
	var t float64
	for _, x := range w {
		t += x
	}
	u := r.Float64() * t
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

func pickRegion(r *rand.Rand) int {
	if r.Float64() < 0.3 {
		return r.IntN(len(regions))
	}
	w := make([]float64, len(regions))
	for i, rg := range regions {
		w[i] = rg.pop
	}
	return pick(r, w)
}

func pickGender(r *rand.Rand) uint8 {
	u := r.Float64()
	switch {
	case u < 0.40:
		return gF
	case u < 0.97:
		return gM
	case u < 0.98:
		return gX
	}
	return gEmpty
}

// poisson draws from a Poisson distribution of mean λ, given l = exp(-λ)
// (Knuth's method, fine for the small means used here).
func poisson(r *rand.Rand, l float64) int {
	k := 0
	for p := r.Float64(); p > l; p *= r.Float64() {
		k++
	}
	return k
}
