package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// hammerResult is one load run: every request's latency and outcome.
type hammerResult struct {
	Requests int
	Errors   int
	Statuses map[string]int // "200", "400", or "transport"
	Elapsed  time.Duration  // until the last request ended
	Lat      latencies
	FirstErr string
}

// newClient is a keep-alive client for n concurrent clients on one host.
func newClient(n int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost, t.MaxConnsPerHost = 2*n, n, 0
	t.DisableCompression = true
	return &http.Client{Transport: t, Timeout: 10 * time.Minute}
}

// hammer runs clients loops, each getting next() and reading the answer to
// the end, starting requests until d has passed; requests already started
// finish and count (so a slow page's latency is not cut off).
func hammer(ctx context.Context, c *http.Client, clients int, d time.Duration, next func() string) hammerResult {
	res := hammerResult{Statuses: map[string]int{}}
	var mu sync.Mutex
	var all []time.Duration
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			var lat []time.Duration
			statuses := map[string]int{}
			errs, first := 0, ""
			for time.Now().Before(deadline) && ctx.Err() == nil {
				u := next()
				t0 := time.Now()
				status, err := get(ctx, c, u)
				lat = append(lat, time.Since(t0))
				switch {
				case err != nil:
					statuses["transport"]++
				default:
					statuses[strconv.Itoa(status)]++
				}
				if err != nil || status != http.StatusOK {
					errs++
					if first == "" {
						first = fmt.Sprintf("%s: %d %v", u, status, err)
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			all = append(all, lat...)
			for k, v := range statuses {
				res.Statuses[k] += v
			}
			res.Errors += errs
			if res.FirstErr == "" {
				res.FirstErr = first
			}
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.Requests = len(all)
	res.Lat = summarise(all)
	return res
}

func get(ctx context.Context, c *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}
