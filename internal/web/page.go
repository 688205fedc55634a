package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/indicator"
)

type navItem struct {
	Href, Label string
	Active      bool
}

// pageData is what every page template gets; Data holds the page's own
// content.
type pageData struct {
	Lang, Title, Description, Path string
	LangIT, LangEN                 string
	Nav                            []navItem
	Snapshot                       indicator.Snapshot
	// Keep is the query string that keeps the language and a cited
	// snapshot on every link of the page.
	Keep  template.URL
	Cited bool // the page shows a snapshot named in the URL
	Cite  citation
	Data  any
}

// citation is the footer's "Cite" link and line.
type citation struct {
	URL, Text string
}

var funcs = template.FuncMap{
	"T": T, "L": L,
	"safeHTML": func(s string) template.HTML { return template.HTML(s) },
	"options":  selectOptions,
	"num":      func(lang string, v int64) string { return formatNumber(lang, float64(v), "count") },
	"date":     func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
	"day":      func(t time.Time) string { return t.UTC().Format(time.DateOnly) },
	"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}

// basePage fills what every page shows around its content.
func (s *Server) basePage(c *gin.Context, lg, current, title, desc string) pageData {
	r := c.Request
	pd := pageData{Lang: lg, Title: title, Description: desc, Path: r.URL.Path, Nav: s.nav(lg, current)}
	pd.LangIT, pd.LangEN = langLinks(r)
	keep := url.Values{"lang": {lg}}
	for _, k := range snapshotParams {
		if v := r.URL.Query().Get(k); v != "" {
			keep.Set(k, v)
			pd.Cited = true
		}
	}
	pd.Keep = template.URL(keep.Encode())
	return pd
}

// withSnapshot sets the snapshot a page shows and its citation: the page's
// address with that data version and reference date, and a one-line
// reference with the date of access.
func (s *Server) withSnapshot(c *gin.Context, pd *pageData, snap indicator.Snapshot) {
	pd.Snapshot = snap
	if snap.Zero() {
		return
	}
	pd.Cite = s.cite(c.Request, pd.Lang, pd.Title, c.Request.URL.Path, c.Request.URL.Query(), snap)
}

// cite is the citation of the page at path with the query q, titled title:
// the downloads of a panel cite their page with it, as its footer does.
func (s *Server) cite(r *http.Request, lg, title, path string, q url.Values, snap indicator.Snapshot) citation {
	q.Set("data_version", strconv.FormatInt(snap.DataVersion, 10))
	q.Set("as_of", snap.AsOf)
	q.Set("lang", lg)
	u := s.base(r) + path + "?" + q.Encode()
	today := time.Now().UTC().Format(time.DateOnly)
	return citation{URL: u, Text: "«" + title + "», " + T(lg, "site") + ", " +
		T(lg, "data_version") + " " + strconv.FormatInt(snap.DataVersion, 10) + ", " +
		T(lg, "as_of") + " " + snap.AsOf + ", " + T(lg, "accessed") + " " + today + ", " + u}
}

// base is the public address of the service.
func (s *Server) base(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) nav(lang, current string) []navItem {
	var out []navItem
	for _, d := range s.boards {
		if d.Scoped != "" {
			continue
		}
		out = append(out, navItem{Href: "/cruscotti/" + d.ID, Label: d.Title.In(lang), Active: d.ID == current})
	}
	for _, p := range []struct{ href, key string }{{"/organismi", "bodies"}, {"/confronta", "compare"},
		{"/linee-guida", "guidelines"}, {"/versioni", "versions"}, {"/dati", "dati"}, {"/dati-aperti", "opendata"},
		{"/evidenze", "evidence"}} {
		out = append(out, navItem{Href: p.href, Label: T(lang, p.key), Active: current == p.href[1:]})
	}
	return out
}

// langLinks returns the current URL with lang=it and lang=en.
func langLinks(r *http.Request) (string, string) {
	q := r.URL.Query()
	q.Set("lang", "it")
	it := r.URL.Path + "?" + q.Encode()
	q.Set("lang", "en")
	return it, r.URL.Path + "?" + q.Encode()
}

// renderBytes executes a template.
func (s *Server) renderBytes(name string, pd pageData) ([]byte, error) {
	var buf bytes.Buffer
	// Sized as the template's last output: a page of 200 KB grown from
	// nothing was copied about twice over (a quarter of what an uncached
	// page allocated). The hints are one per template.
	if n, ok := s.renderSizes.Load(name); ok {
		buf.Grow(n.(int) + n.(int)/8)
	}
	err := s.tpl.ExecuteTemplate(&buf, name, pd)
	s.renderSizes.Store(name, buf.Len())
	if buf.Cap() > buf.Len()+buf.Len()/4 {
		// A page far smaller than the buffer (a hint from a larger page, or
		// the buffer's doubling) is kept at its size: the page cache counts
		// lengths.
		return bytes.Clone(buf.Bytes()), err
	}
	return buf.Bytes(), err
}

// render writes a page; a template error is an internal error.
func (s *Server) render(c *gin.Context, status int, name string, pd pageData) {
	b, err := s.renderBytes(name, pd)
	if err != nil {
		if name == "error.html" { // do not loop
			s.log.Error("error page", "err", err)
			c.String(http.StatusInternalServerError, "internal error\n")
			return
		}
		s.fail(c, err)
		return
	}
	c.Data(status, "text/html; charset=utf-8", b)
}
