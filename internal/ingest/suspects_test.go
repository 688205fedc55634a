package ingest

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sortedSuspects is the plain definition suspects must agree with.
func sortedSuspects(h []uint64) int {
	h = slices.Clone(h)
	slices.Sort(h)
	n := 0
	for i := 1; i < len(h); i++ {
		if h[i] == h[i-1] {
			n++
		}
	}
	return n
}

func TestSuspects(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{0, 1, 2, 3, 7, 100, 4096, 100_000} {
		h := make([]uint64, size)
		for i := range h {
			h[i] = rng.Uint64()
			if i > 0 && rng.IntN(10) == 0 { // repeats, some of them three times or more
				h[i] = h[rng.IntN(i)]
			}
			if rng.IntN(50) == 0 { // crowded buckets: same top bits, different values
				h[i] = h[i]&0xffff | 0xabcd<<48
			}
		}
		s := stagerWith(h)
		if got, want := s.suspects(), sortedSuspects(h); got != want {
			t.Errorf("%d hashes: %d suspects, want %d", size, got, want)
		}
	}
}

func BenchmarkSuspects1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	h := make([]uint64, 1_000_000)
	for i := range h {
		h[i] = rng.Uint64()
	}
	s := stagerWith(h)
	b.Run("buckets", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			s.suspects()
		}
	})
	b.Run("sort", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sortedSuspects(h)
		}
	})
}

func stagerWith(h []uint64) *stager {
	s := &stager{}
	for _, x := range h {
		s.noteHash(x)
	}
	return s
}
