// Command soak drives a running Osservatorio on loopback for a while, as its
// users and an attacker would at once: dashboards and the public API,
// research SQL and exports, an upload every 30 seconds, and hostile
// requests. It reports answers by kind and status, latencies, and the
// server's resident memory sampled every 10 seconds (from /proc, given its
// pid). It exits 1 if a legitimate request got a 5xx.
//
//	soak --server http://127.0.0.1:18090 --pid 1234 --researcher osv_… --admin osv_… --for 10m
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

type stats struct {
	mu        sync.Mutex
	codes     map[string]map[int]int
	latencies map[string][]time.Duration
}

func (s *stats) add(kind string, code int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.codes[kind] == nil {
		s.codes[kind] = map[int]int{}
	}
	s.codes[kind][code]++
	s.latencies[kind] = append(s.latencies[kind], d)
}

var pages = []string{
	"/cruscotti/panoramica", "/cruscotti/composizione?year=2023", "/cruscotti/partecipazione?cycle=2021-2027",
	"/cruscotti/qualita?year=2024&lang=en", "/cruscotti/rete", "/cruscotti/parita?body_type=lab",
	"/organismi", "/organismi/LPP?year=2023", "/confronta?a=all&pa=2023&b=all&pb=2024", "/versioni", "/dati",
	"/api/indicators/values?id=P01", "/api/indicators/P01/series?scope=all", "/api/loads?limit=5",
	"/csv/partecipazione/contributori?year=2024", "/api/indicators/values?limit=500",
}

var research = []string{
	"SELECT b.type, count(*) AS meetings FROM meetings m JOIN bodies b USING (body_id) GROUP BY ALL",
	"SELECT org_id, count(*) FILTER (WHERE present) AS present, count(*) AS invited FROM attendance GROUP BY ALL ORDER BY 2 DESC LIMIT 100",
	"SELECT * FROM indicator_values WHERE scope = 'all'",
	"SELECT a.*, m.date FROM attendance a JOIN meetings m USING (meeting_id)",
}

var hostile = []struct{ method, path, body string }{
	{"GET", "/cruscotti/panoramica?x=" + strings.Repeat("A", 5000), ""},
	{"GET", "/cruscotti/panoramica?year=abc", ""},
	{"GET", "/organismi/NOPE", ""},
	{"GET", "/api/loads?limit=100000&rejects=100000", ""},
	{"GET", "/assets/", ""},
	{"GET", "/api/indicators/values?as_of=2021-06-30", ""},
	{"POST", "/api/sql", `{"sql":"SELECT * FROM read_csv('/etc/passwd')"}`},
	{"POST", "/api/sql", `{"sql":"SELECT 1; DROP TABLE loads"}`},
	{"POST", "/api/sql", `{"sql":"SELECT current_setting('allowed_directories')"}`},
	{"POST", "/api/sql", `{"sql":"SELECT count(*) FROM range(100000000000) a, range(100000000) b"}`},
	{"POST", "/api/loads", ""},
}

func main() {
	server := flag.String("server", "http://127.0.0.1:18090", "the server")
	pid := flag.Int("pid", 0, "the server's process id (for its memory)")
	researcher := flag.String("researcher", "", "a researcher's token")
	admin := flag.String("admin", "", "an admin's token")
	dur := flag.Duration("for", 10*time.Minute, "how long")
	clients := flag.Int("clients", 8, "concurrent page and API clients")
	flag.Parse()

	st := &stats{codes: map[string]map[int]int{}, latencies: map[string][]time.Duration{}}
	client := &http.Client{Timeout: 2 * time.Minute}
	do := func(kind, method, path, token, ctype string, body io.Reader) {
		req, _ := http.NewRequest(method, *server+path, body)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		start := time.Now()
		resp, err := client.Do(req)
		code := 0
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			code = resp.StatusCode
		}
		st.add(kind, code, time.Since(start))
	}
	end := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for i := 0; i < *clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			for time.Now().Before(end) {
				p := pages[r.IntN(len(pages))]
				// Each client is its own bucket of the rate limit: a token per client would be the real
				// thing; here the soak measures the server, so clients use the admin token.
				do("page", "GET", p, *admin, "", nil)
			}
		}(i)
	}
	wg.Add(1)
	go func() { // research SQL and exports, one at a time per format
		defer wg.Done()
		formats := []string{"csv", "parquet", "arrow", "jsonl", "json", "csv-it"}
		for i := 0; time.Now().Before(end); i++ {
			b, _ := json.Marshal(map[string]any{"sql": research[i%len(research)], "format": formats[i%len(formats)]})
			do("research", "POST", "/api/sql", *researcher, "application/json", bytes.NewReader(b))
		}
	}()
	wg.Add(1)
	go func() { // hostile requests
		defer wg.Done()
		for i := 0; time.Now().Before(end); i++ {
			h := hostile[i%len(hostile)]
			tok := *researcher
			if i%3 == 0 {
				tok = "osv_forged_" + strings.Repeat("x", 40)
			}
			do("hostile", h.method, h.path, tok, "application/json", strings.NewReader(h.body))
			time.Sleep(50 * time.Millisecond)
		}
	}()
	wg.Add(1)
	go func() { // a load every 30 s
		defer wg.Done()
		for i := 0; time.Now().Before(end); i++ {
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			fw, _ := w.CreateFormFile("file", fmt.Sprintf("organizzazioni_soak_%03d.csv", i))
			fmt.Fprintf(fw, "id_organizzazione,denominazione,categoria\nSOAK-%d,Ente di prova %d,ricerca\n", i, i)
			w.Close()
			do("load", "POST", "/api/loads", *admin, w.FormDataContentType(), &buf)
			time.Sleep(30 * time.Second)
		}
	}()
	var rss []string
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			rss = append(rss, memory(*pid))
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	wg.Wait()
	close(done)

	bad := 0
	kinds := make([]string, 0, len(st.codes))
	for k := range st.codes {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		ls := st.latencies[k]
		sort.Slice(ls, func(i, j int) bool { return ls[i] < ls[j] })
		fmt.Printf("%-9s %6d requests  p50 %8s  p99 %8s  statuses %v\n", k, len(ls), ls[len(ls)/2].Round(time.Millisecond),
			ls[len(ls)*99/100].Round(time.Millisecond), st.codes[k])
		if k != "hostile" {
			for code, n := range st.codes[k] {
				if code >= 500 || code == 0 {
					bad += n
				}
			}
		}
	}
	fmt.Printf("server RSS every 10 s (MiB): %s\n", strings.Join(rss, " "))
	if bad > 0 {
		fmt.Printf("%d legitimate requests failed with 5xx or no answer\n", bad)
		os.Exit(1)
	}
}

// memory is the process's resident set in MiB, from /proc.
func memory(pid int) string {
	if pid == 0 {
		return "?"
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimPrefix(l, "VmRSS:")), &kb)
			return fmt.Sprint(kb / 1024)
		}
	}
	return "?"
}
