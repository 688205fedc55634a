package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"osservatorio/internal/indicator"
)

var hitRE = regexp.MustCompile(`<li><a href="(/[^"?]+)\?[^"]*">([^<]*)</a>`)

// search returns the results of /cerca as (address, name) pairs, and the page.
func search(t *testing.T, base, query string) ([][2]string, string) {
	t.Helper()
	code, page := get(t, base+"/cerca?"+query)
	if code != http.StatusOK {
		t.Fatalf("/cerca?%s: %d", query, code)
	}
	var out [][2]string
	if i := strings.Index(page, `<ul class="hits">`); i >= 0 {
		for _, m := range hitRE.FindAllStringSubmatch(page[i:i+strings.Index(page[i:], "</ul>")], -1) {
			out = append(out, [2]string{m[1], html.UnescapeString(m[2])})
		}
	}
	return out, page
}

func hasHit(hits [][2]string, href string) bool {
	for _, h := range hits {
		if h[0] == href {
			return true
		}
	}
	return false
}

// The header's search finds organisations and bodies by name or id, typed
// in lower case and without accents, in both languages; it says plainly
// when nothing matches, lists at most 50, and refuses a text over 100
// characters.
func TestSearch(t *testing.T) {
	srv, st := sampleServer(t)
	_, home := get(t, srv.URL+"/cruscotti/panoramica?lang=it")
	if !strings.Contains(home, `<form class="search" method="get" action="/cerca" role="search">`) {
		t.Error("no search box in the header")
	}
	for _, c := range []struct{ q, href, name string }{
		{"citta metropolitana di torino", "/organizzazioni/CM-TORINO", "Città metropolitana di Torino"},
		{"sovranita alimentare", "/organizzazioni/MASAF", "Ministero dell'Agricoltura, della Sovranità Alimentare e delle Foreste"},
		{"SOVRANITÀ foreste", "/organizzazioni/MASAF", "Ministero dell'Agricoltura, della Sovranità Alimentare e delle Foreste"},
		{"cm-torino", "/organizzazioni/CM-TORINO", "Città metropolitana di Torino"},
		{"comitato di sorveglianza citta metropolitane", "/organismi/CDS-PONMETRO", "Comitato di Sorveglianza PON Città Metropolitane 2014-2020"},
		{"cds-pongov", "/organismi/CDS-PONGOV", "Comitato di Sorveglianza PON Governance e Capacità Istituzionale 2014-2020"},
	} {
		for _, lg := range []string{"it", "en"} {
			hits, _ := search(t, srv.URL, "lang="+lg+"&q="+strings.ReplaceAll(c.q, " ", "+"))
			if !hasHit(hits, c.href) {
				t.Errorf("%q (%s): %s not found in %v", c.q, lg, c.href, hits)
			} else if hits[0][0] != c.href || hits[0][1] != c.name {
				t.Errorf("%q (%s): first %v, want %s %q", c.q, lg, hits[0], c.href, c.name)
			}
		}
	}
	// Every hit leads to a page that exists.
	hits, _ := search(t, srv.URL, "q=anci")
	if len(hits) < 3 {
		t.Fatalf("anci: %v", hits)
	}
	for _, h := range hits {
		if code, _ := get(t, srv.URL+h[0]+"?lang=it"); code != http.StatusOK {
			t.Errorf("%s: %d", h[0], code)
		}
	}
	if hits, page := search(t, srv.URL, "lang=it&q=zzzz+nessuno"); len(hits) != 0 || !strings.Contains(page, "Nessun risultato per «zzzz nessuno»") {
		t.Errorf("no match: %v, or the page does not say so", hits)
	}
	if _, page := search(t, srv.URL, "lang=en&q=zzzz"); !strings.Contains(page, "No results for «zzzz»") {
		t.Error("no match in English: the page does not say so")
	}
	// "e" is in nearly every name: the list stops at 50 and says so.
	if hits, page := search(t, srv.URL, "lang=it&q=e"); len(hits) != 50 || !strings.Contains(page, "solo i primi 50") {
		t.Errorf("q=e: %d hits listed, want 50 and a note", len(hits))
	}
	if code, _ := get(t, srv.URL+"/cerca?q="+strings.Repeat("a", 101)); code != http.StatusBadRequest {
		t.Errorf("101 characters: %d, want 400", code)
	}
	if code, _ := get(t, srv.URL+"/cerca?q="+strings.Repeat("à", 100)); code != http.StatusOK {
		t.Errorf("100 characters (200 bytes): %d, want 200", code)
	}
	if code, _ := get(t, srv.URL+"/cerca?q=%FF%FE"); code != http.StatusBadRequest {
		t.Errorf("not UTF-8: %d, want 400", code)
	}
	if code, _ := get(t, srv.URL+"/cerca?q=x&year=2023"); code != http.StatusBadRequest {
		t.Errorf("a parameter the page does not read: %d, want 400", code)
	}

	// Records as of the snapshot shown: an organisation loaded later is
	// found on the published page, not on one citing the earlier version.
	old, err := indicator.Published(context.Background(), st.DB())
	if err != nil {
		t.Fatal(err)
	}
	loadAndPublish(t, st, map[string]string{"organizzazioni_nuove.csv": "id_organizzazione;denominazione;categoria\n" +
		"NUOVA;Società Cooperativa Ünica di Prova;societa_civile\n"})
	cite := fmt.Sprintf("&data_version=%d&as_of=%s", old.DataVersion, old.AsOf)
	if hits, _ := search(t, srv.URL, "q=societa+cooperativa+unica"+cite); len(hits) != 0 {
		t.Errorf("the cited version finds a later organisation: %v", hits)
	}
	deadline := 0
	for {
		hits, _ := search(t, srv.URL, "q=societa+cooperativa+unica")
		if hasHit(hits, "/organizzazioni/NUOVA") {
			break
		}
		if deadline++; deadline > 30 { // the published snapshot is remembered for a second
			t.Fatalf("the published version does not find the new organisation: %v", hits)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
