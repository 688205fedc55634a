package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync/atomic"
)

// The pages section: clients on loopback, a fixed time per case, on
// Panoramica and on a body's page, cached (the same URL every time) and
// uncached. The page cache is keyed by the page's checked parameters (its
// filters and a snapshot) — an unknown parameter is a 400, and serve has no
// setting to turn the cache off — so an uncached request is a filter
// combination no request asked before: Panoramica with each cycle,
// programme, body type or region, alone or with each year; a body page of
// another body, with or without a year. The choices are the data's own, so
// each is a 200.

const panoramica = "/cruscotti/panoramica"

// filterChoices are the values the filter forms offer (the same as
// queries/pages/filter_options.sql), read as a researcher through /api/sql.
const filterChoicesSQL = `SELECT 'cycle' AS f, cycle AS v FROM bodies WHERE cycle IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'programme', programme FROM bodies WHERE programme IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'body_type', type FROM bodies GROUP BY ALL
UNION ALL SELECT 'nuts', left(nuts, 4) FROM bodies WHERE length(nuts) >= 4 GROUP BY ALL
UNION ALL SELECT 'year', CAST(year(date) AS VARCHAR) FROM meetings GROUP BY ALL
UNION ALL SELECT 'body', body_id FROM bodies
ORDER BY 1, 2`

type choices struct {
	filters map[string][]string // cycle, programme, body_type, nuts → values
	years   []string
	bodies  []string
}

func (e *env) filterChoices(ctx context.Context, s *server) (choices, error) {
	ch := choices{filters: map[string][]string{}}
	body, _ := json.Marshal(map[string]any{"sql": filterChoicesSQL, "format": "csv"})
	out, err := postBody(ctx, s.base+"/api/sql", s.researcher, "application/json", bytes.NewReader(body))
	if err != nil {
		return ch, fmt.Errorf("filter choices: %w", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		return ch, err
	}
	for _, r := range rows[1:] { // the header
		switch r[0] {
		case "year":
			ch.years = append(ch.years, r[1])
		case "body":
			ch.bodies = append(ch.bodies, r[1])
		default:
			ch.filters[r[0]] = append(ch.filters[r[0]], r[1])
		}
	}
	if len(ch.bodies) == 0 || len(ch.years) == 0 {
		return ch, fmt.Errorf("filter choices: no body or no year in %d rows", len(rows))
	}
	return ch, nil
}

// panoramicaURLs are Panoramica with every single filter, alone and with each
// year, and each year alone: never the plain page (the cached case), in a
// fixed shuffled order.
func panoramicaURLs(ch choices) []string {
	var out []string
	add := func(q url.Values) {
		q.Set("lang", "it")
		out = append(out, panoramica+"?"+q.Encode())
	}
	for _, y := range ch.years {
		add(url.Values{"year": {y}})
	}
	for _, f := range []string{"cycle", "programme", "body_type", "nuts"} {
		for _, v := range ch.filters[f] {
			add(url.Values{f: {v}})
			for _, y := range ch.years {
				add(url.Values{f: {v}, "year": {y}})
			}
		}
	}
	return shuffled(out)
}

// bodyURLs are the pages of every body but the cached one, with and without
// each year.
func bodyURLs(ch choices, except string) []string {
	var out []string
	for _, b := range ch.bodies {
		if b == except {
			continue
		}
		out = append(out, bodyPath(b))
		for _, y := range ch.years {
			out = append(out, bodyPath(b)+"&year="+y)
		}
	}
	return shuffled(out)
}

func bodyPath(id string) string { return "/organismi/" + url.PathEscape(id) + "?lang=it" }

func shuffled(s []string) []string {
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	return s
}

// pages runs the four cases on a running serve.
func (e *env) pages(ctx context.Context, s *server, body string) (*pageFigs, error) {
	pf := &pageFigs{Body: body, Note: "uncached: each request a filter combination (Panoramica) or a body and year (body page) " +
		"not asked before; unknown parameters are refused (400) and serve has no setting to turn the page cache off"}
	ch, err := e.filterChoices(ctx, s)
	if err != nil {
		return pf, err
	}
	before, _ := procMem(s.pid())
	pf.Before = memOf(before)
	client := newClient(e.clients)
	cases := []struct {
		name, page string
		cached     bool
		urls       []string
	}{
		{"panoramica_cached", "Panoramica", true, []string{panoramica + "?lang=it"}},
		{"panoramica_uncached", "Panoramica", false, panoramicaURLs(ch)},
		{"body_cached", "body page", true, []string{bodyPath(body)}},
		{"body_uncached", "body page", false, bodyURLs(ch, body)},
	}
	for _, c := range cases {
		pc := pageCase{Name: c.name, Page: c.page, Cached: c.cached, URL: c.urls[0], Clients: e.clients}
		if c.cached { // the first request fills the cache
			if status, err := get(ctx, client, s.base+c.urls[0]); err != nil || status != http.StatusOK {
				pc.FirstErr = fmt.Sprintf("warm-up %s: %d %v", c.urls[0], status, err)
			}
		} else {
			pc.URLs = len(c.urls)
		}
		var i atomic.Int64
		next := func() string {
			n := i.Add(1) - 1
			return s.base + c.urls[n%int64(len(c.urls))]
		}
		e.log.Info("page case", "case", c.name, "clients", e.clients, "duration", e.o.Duration.String(), "urls", len(c.urls))
		h := hammer(ctx, client, e.clients, e.o.Duration, next)
		pc.Requests, pc.Errors, pc.Seconds = h.Requests, h.Errors, secs(h.Elapsed)
		pc.Statuses = h.Statuses
		pc.PerSecond = round(float64(h.Requests)/h.Elapsed.Seconds(), 1)
		pc.P50ms, pc.P90ms, pc.P99ms, pc.MaxMs = ms(h.Lat.P50), ms(h.Lat.P90), ms(h.Lat.P99), ms(h.Lat.Max)
		if !c.cached && h.Requests > len(c.urls) {
			pc.Repeats = h.Requests - len(c.urls)
		}
		if pc.FirstErr == "" {
			pc.FirstErr = h.FirstErr
		}
		m, _ := procMem(s.pid())
		pc.Server = memOf(m)
		e.log.Info("page case done", "case", c.name, "requests", pc.Requests, "per_second", pc.PerSecond,
			"p50_ms", pc.P50ms, "p99_ms", pc.P99ms, "errors", pc.Errors, "server_rss_mb", pc.Server.RSSMB)
		pf.Cases = append(pf.Cases, pc)
	}
	after, _ := procMem(s.pid())
	pf.After = memOf(after)
	return pf, nil
}
