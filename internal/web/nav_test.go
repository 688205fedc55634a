package web_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"strings"
	"testing"

	"osservatorio/internal/indicator"
)

// panelHTML is the section of a page drawing one panel.
func panelHTML(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="panel-`+id+`"`)
	if i < 0 {
		t.Fatalf("no panel %s", id)
	}
	return page[i : i+strings.Index(page[i:], "</section>")]
}

// A body's member table names each member organisation with a link to its
// page (the id column behind the link is not shown; the CSV keeps it), and
// the link opens that organisation's page; its memberships link back.
func TestMemberTableLinksToOrganisations(t *testing.T) {
	srv, st := sampleServer(t)
	// ANCI sits in LPP from 2020 with no end (data/sample/memberships.csv).
	const name = "Associazione Nazionale Comuni Italiani (ANCI)"
	_, page := get(t, srv.URL+"/organismi/LPP?lang=it")
	members := panelHTML(t, page, "componenti")
	link := `<a href="/organizzazioni/ANCI?lang=it">` + html.EscapeString(name) + `</a>`
	if !strings.Contains(members, link) {
		t.Errorf("the member table does not link ANCI to its page (%s)", link)
	}
	if strings.Contains(members, "Codice organizzazione") || strings.Contains(members, "<td>ANCI</td>") {
		t.Error("the member table shows the id column behind the links")
	}
	csv := readCSV(t, srv.URL+"/csv/organismo/componenti?body=LPP")
	if csv[0][0] != "id_organizzazione" || csv[0][1] != "organizzazione" {
		t.Fatalf("CSV header %v: want the id beside the name", csv[0])
	}
	found := false
	for _, r := range csv[1:] {
		found = found || r[0] == "ANCI" && r[1] == name
	}
	if !found {
		t.Error("the CSV lost ANCI's id")
	}
	code, org := get(t, srv.URL+"/organizzazioni/ANCI?lang=it")
	if code != http.StatusOK || !strings.Contains(org, html.EscapeString(name)) {
		t.Fatalf("the linked page: %d", code)
	}
	if !strings.Contains(panelHTML(t, org, "appartenenze"), `<a href="/organismi/LPP?lang=it">Laboratorio Permanente sul Partenariato</a>`) {
		t.Error("the organisation's memberships do not link their bodies")
	}
	// On a cited snapshot the links keep it, as every link of the page does.
	snap, err := indicator.Published(context.Background(), st.DB())
	if err != nil {
		t.Fatal(err)
	}
	_, cited := get(t, fmt.Sprintf("%s/organismi/LPP?lang=en&data_version=%d&as_of=%s", srv.URL, snap.DataVersion, snap.AsOf))
	want := fmt.Sprintf(`<a href="/organizzazioni/ANCI?as_of=%s&amp;data_version=%d&amp;lang=en">`, snap.AsOf, snap.DataVersion)
	if !strings.Contains(panelHTML(t, cited, "componenti"), want) {
		t.Errorf("the cited page's links drop the snapshot: want %s", want)
	}
}

// A page goes gzipped to a client that accepts it, the first time (rendered)
// and the next (cached), and plain to one that does not: the same HTML.
func TestPagesGzipped(t *testing.T) {
	srv, _ := sampleServer(t)
	raw := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(gz bool) (string, string) {
		req, _ := http.NewRequest("GET", srv.URL+"/cruscotti/panoramica?year=2024", nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		resp, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r io.Reader = resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		b, _ := io.ReadAll(r)
		if resp.StatusCode != 200 || resp.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("%d, Vary %q", resp.StatusCode, resp.Header.Get("Vary"))
		}
		return resp.Header.Get("Content-Encoding"), string(b)
	}
	enc1, first := get(true)
	enc2, cached := get(true)
	enc3, plain := get(false)
	if enc1 != "gzip" || enc2 != "gzip" || enc3 != "" {
		t.Errorf("encodings %q %q %q", enc1, enc2, enc3)
	}
	if first != plain || cached != plain || !strings.Contains(plain, "Panoramica") {
		t.Errorf("the gzipped page differs from the plain one (%d, %d, %d bytes)", len(first), len(cached), len(plain))
	}
}
