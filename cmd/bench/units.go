package main

import (
	"math"
	"strconv"
	"time"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func secs(d time.Duration) float64 { return round(d.Seconds(), 3) }

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 2) }

func kbToMB(kb int64) float64 { return round(float64(kb)/1024, 1) }

// rate is n per second over s seconds (0 when s is 0).
func rate(n int64, s float64) float64 {
	if s <= 0 {
		return 0
	}
	return round(float64(n)/s, 0)
}

// ratio is a/b rounded to 3 decimals (0 when b is 0).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return round(a/b, 3)
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
