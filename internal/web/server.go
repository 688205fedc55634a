// Package web serves the Osservatorio over HTTP with gin: the dashboards, the
// JSON API and the operational endpoints. It knows HTTP, not SQL: handlers
// parse the request, call one function of the dashboard, indicator or store
// packages, and render a template or JSON.
package web

import (
	"cmp"
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/datadict"
	"osservatorio/internal/metrics"
	"osservatorio/internal/namedquery"
	"osservatorio/internal/sandbox"
	"osservatorio/internal/store"
)

//go:embed assets templates
var embedded embed.FS

// Options wire in what the web layer shows but does not compute.
type Options struct {
	Explain Explainer              // indicator explanations
	Unit    func(id string) string // indicator units (share, count, …)
	// BaseURL is the public address cited in "Cite" links (e.g.
	// https://osservatorio.example.it); empty: the address of the request.
	BaseURL string
	// CacheBytes bounds the rendered-page cache (default 64 MiB; negative:
	// no cache, for measuring renders).
	CacheBytes int
	// RatePerSecond and RateBurst bound each client's requests to downloads
	// and the API (default 20 per second, bursts of 60); negative: no limit.
	RatePerSecond float64
	RateBurst     int
	// RequireLogin: every page and API call needs a token (any role);
	// otherwise viewers are anonymous.
	RequireLogin bool
	// Load runs an upload through the loader (POST /api/loads); nil: no uploads.
	Load Loader
	// Work ends the loads that uploads start (serve cancels it once its
	// shutdown's grace period is over); nil: never. A client that leaves
	// does not (loadContext).
	Work context.Context
	// UploadDir holds uploads while they load (default os.TempDir()).
	UploadDir string
	// SQLTimeout stops a research query (default 30 s); SQLConcurrency caps
	// those running at once (default 2), so dashboards keep their latency.
	SQLTimeout     time.Duration
	SQLConcurrency int
	// Service names the service and its version in every export's
	// provenance (default: osservatorio and its build's revision).
	Service string
}

// Server holds what the handlers need.
type Server struct {
	st     *store.Store
	log    *slog.Logger
	boards []dashboard.Dashboard
	tpl    *template.Template
	// renderSizes is each template's last output size (renderBytes).
	renderSizes sync.Map
	cache       *pageCache
	explain     Explainer
	units       func(string) string
	baseURL     string
	snap        publishedMemo
	limiter     *clientLimiter

	requireLogin bool
	sessions     *sessionStore
	loader       Loader
	work         context.Context
	uploadDir    string
	sqlTimeout   time.Duration
	sqlSlots     chan struct{}
	// renderSlots admits uncached page renders a few at a time, in order
	// of arrival (renderDashboard).
	renderSlots chan struct{}
	service     string
	exports     []namedquery.Query
	schema      []datadict.Table
}

// New builds the HTTP handler.
func New(st *store.Store, log *slog.Logger, o Options) (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	boards, err := dashboard.All()
	if err != nil {
		return nil, err
	}
	tpl, err := template.New("").Funcs(funcs).ParseFS(embedded, "templates/*.html")
	if err != nil {
		return nil, err
	}
	switch {
	case o.CacheBytes == 0:
		o.CacheBytes = 64 << 20
	case o.CacheBytes < 0:
		o.CacheBytes = 0 // a zero-byte cache keeps nothing
	}
	s := &Server{st: st, log: log, boards: boards, tpl: tpl, cache: newPageCache(o.CacheBytes),
		explain: o.Explain, units: o.Unit, baseURL: o.BaseURL}
	s.requireLogin, s.loader, s.uploadDir = o.RequireLogin, o.Load, cmp.Or(o.UploadDir, os.TempDir())
	s.work = cmp.Or[context.Context](o.Work, context.Background())
	s.sessions = newSessionStore(10000, strings.HasPrefix(o.BaseURL, "https://"))
	s.sqlTimeout, s.sqlSlots = cmp.Or(o.SQLTimeout, 30*time.Second), sandbox.NewSlots(cmp.Or(o.SQLConcurrency, 2))
	s.renderSlots = make(chan struct{}, 2*runtime.NumCPU())
	s.service = cmp.Or(o.Service, serviceVersion())
	if s.exports, err = namedquery.All(); err != nil {
		return nil, err
	}
	if err := namedquery.Check(context.Background(), st.DB(), s.exports, sandbox.ResearchTables, sandbox.AdminTables); err != nil {
		return nil, err
	}
	if s.schema, err = datadict.Describe(context.Background(), st.DB(), sandbox.ResearchTables); err != nil {
		return nil, err
	}
	if o.RatePerSecond >= 0 {
		s.limiter = newClientLimiter(cmp.Or(o.RatePerSecond, 20), cmp.Or(o.RateBurst, 60), 10000)
	}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// The client is the connection's address: X-Forwarded-For is not
	// trusted, or anyone could pick their own rate-limit bucket.
	if err := r.SetTrustedProxies(nil); err != nil {
		return nil, err
	}
	r.Use(metrics.GinMiddleware()) // first: it times the whole chain and sees recovery's 500s
	r.Use(securityHeaders(), s.requestID(), s.recovery(), s.accessLog(), s.identify())
	r.NoRoute(func(c *gin.Context) { s.fail(c, errNotFound) })
	r.NoMethod(func(c *gin.Context) {
		s.fail(c, &httpError{status: http.StatusMethodNotAllowed, msg: "method not allowed"})
	})
	read := func(path string, params []string, h gin.HandlerFunc) {
		r.Match([]string{http.MethodGet, http.MethodHead}, path, s.accept(params), h)
	}
	// Downloads, comparisons and the API cost a query each: rate-limited.
	costly := func(path string, params []string, h gin.HandlerFunc) {
		r.Match([]string{http.MethodGet, http.MethodHead}, path, s.limited(), s.accept(params), h)
	}
	none := []string{}
	read("/healthz", none, func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	read("/readyz", none, s.ready)
	read("/metrics", none, gin.WrapH(metrics.Handler()))
	read("/favicon.ico", none, favicon)
	assets, _ := fs.Sub(embedded, "assets")
	read("/assets/*file", none, assetHandler(assets))
	read("/", none, func(c *gin.Context) { c.Redirect(http.StatusFound, "/cruscotti/panoramica") })
	read("/cruscotti/:id", nil, s.dashboardPage)
	costly("/csv/:dashboard/:panel", nil, s.panelDownload) // ?format=csv (default), csv-it, xlsx
	read("/organismi", snapshotParams, s.bodiesPage)
	read("/organismi/:id", nil, s.bodyPage)
	read("/organizzazioni/:id", nil, s.orgPage)
	costly("/cerca", append([]string{"q"}, snapshotParams...), s.searchPage)
	costly("/confronta", append([]string{"a", "b", "pa", "pb"}, snapshotParams...), s.comparePage)
	costly("/confronta/csv", append([]string{"a", "b", "pa", "pb"}, snapshotParams...), s.compareCSV)
	read("/linee-guida", snapshotParams, s.guidelinesPage)
	read("/linee-guida/:id", append([]string{"window"}, snapshotParams...), s.guidelinePage) // rate-limited when not cached
	read("/versioni", []string{"da", "a"}, s.versionsPage)
	read("/dati", none, s.dataPage)
	read("/api/status", none, s.status)
	costly("/api/loads", []string{"limit", "rejects", "offset"}, s.loads)
	read("/api/indicators", none, s.apiCatalogue)
	read("/api/schema", none, s.apiSchema)
	costly("/api/indicators/values", append([]string{"id", "scope", "period", "limit", "offset"}, snapshotParams...), s.apiValues)
	costly("/api/indicators/brokers", append([]string{"scope", "period"}, snapshotParams...), s.apiBrokers)
	costly("/api/indicators/:id/series", append([]string{"scope"}, snapshotParams...), s.apiSeries)
	// Annotations: public reads (published commentary), writes by the lab role.
	costly("/api/annotations", annotationParams, s.apiAnnotations)
	costly("/api/annotations/:id", none, s.apiAnnotation)
	costly("/api/guidelines/effects", append([]string{"guideline", "window"}, snapshotParams...), s.apiGuidelineEffects)
	read("/api/guidelines/adoptions", []string{"guideline", "data_version"}, s.apiGuidelineAdoptions)
	// Open data: the page, the dictionary, and every table's files per version.
	read("/dati-aperti", snapshotParams, s.openDataPage)
	read("/dati-aperti/SCHEMA.md", none, s.schemaMarkdown)
	costly("/dati-aperti/:version/:file", none, s.openDataFile)
	// Evidence packs: pages, the ZIP, the Laboratori's forms and the API.
	read("/evidenze", none, s.evidenceList)
	read("/evidenze/aggiungi", []string{"indicators", "scope", "period", "guideline", "window", "back"}, s.evidenceAddForm)
	read("/evidenze/:id", snapshotParams, s.evidencePage)
	costly("/evidenze/:id/zip", none, s.evidenceZip)
	read("/api/evidence", none, s.apiEvidenceList)
	read("/api/evidence/:id", none, s.apiEvidence)
	costly("/api/evidence/:id/zip", none, s.evidenceZip)
	lab := []gin.HandlerFunc{s.limited(), s.require(auth.Lab), s.csrfCheck()}
	r.POST("/evidenze", append(lab, s.evidenceCreateForm)...)
	r.POST("/evidenze/aggiungi", append(lab, s.evidenceAddPost)...)
	r.POST("/evidenze/:id/congela", append(lab, s.evidenceFreezePost)...)
	r.POST("/api/evidence", append(lab, s.apiEvidenceCreate)...)
	r.POST("/api/evidence/:id/items", append(lab, s.apiEvidenceAdd)...)
	r.POST("/api/evidence/:id/freeze", append(lab, s.apiEvidenceFreeze)...)
	r.POST("/api/evidence/:id/verify", append(lab, s.apiEvidenceVerify)...)
	read("/accesso", none, s.loginPage)
	r.POST("/accesso", s.loginPage)
	r.POST("/esci", s.csrfCheck(), s.logout)
	r.Match([]string{http.MethodGet, http.MethodHead}, "/api/audit", s.require(auth.Admin), s.accept([]string{"limit", "offset"}), s.apiAudit)
	r.POST("/api/loads", s.limited(), s.require(auth.Admin), s.csrfCheck(), s.upload)
	r.POST("/api/annotations", s.limited(), s.require(auth.Lab), s.csrfCheck(), s.apiAddAnnotation)
	r.PUT("/api/annotations/:id", s.limited(), s.require(auth.Lab), s.csrfCheck(), s.apiEditAnnotation)
	r.POST("/api/guidelines/adoptions", s.limited(), s.require(auth.Lab), s.csrfCheck(), s.postGuidelineAdoptions) // lab or admin
	r.POST("/api/sql", s.limited(), s.require(auth.Researcher), s.csrfCheck(), s.apiSQL)
	r.Match([]string{http.MethodGet, http.MethodHead}, "/console", s.require(auth.Researcher), s.accept(none), s.consolePage)
	r.Match([]string{http.MethodGet, http.MethodHead}, "/api/exports", s.require(auth.Researcher), s.accept(none), s.apiExports)
	r.Match([]string{http.MethodGet, http.MethodHead}, "/api/exports/:name", s.limited(), s.require(auth.Researcher), s.apiExport)
	return r, nil
}

// snapshotParams name a stored snapshot: any read may cite one. Routes
// registered with nil parameters check theirs in the handler (they depend on
// the dashboard).
var snapshotParams = []string{"data_version", "as_of"}

func (s *Server) board(id string) *dashboard.Dashboard {
	for i := range s.boards {
		if s.boards[i].ID == id {
			return &s.boards[i]
		}
	}
	return nil
}

func (s *Server) unit(id string) string {
	if s.units == nil {
		return ""
	}
	return s.units(id)
}

func (s *Server) accessLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		s.log.Debug("http", "method", c.Request.Method, "path", c.Request.URL.Path,
			"status", c.Writer.Status(), "ms", time.Since(start).Milliseconds(), "request_id", c.GetString(requestIDKey))
	}
}

func (s *Server) ready(c *gin.Context) {
	if err := s.st.DB().PingContext(c.Request.Context()); err != nil {
		s.log.Error("not ready", "err", err)
		c.String(http.StatusServiceUnavailable, "not ready\n")
		return
	}
	c.String(http.StatusOK, "ready\n")
}

func (s *Server) status(c *gin.Context) {
	st, err := s.st.Status(c.Request.Context(), 10)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// assetHandler serves the embedded assets, and a 404 (not a listing) for a
// folder.
func assetHandler(assets fs.FS) gin.HandlerFunc {
	files := http.FileServer(http.FS(assets))
	return func(c *gin.Context) {
		name := c.Param("file")
		if fi, err := fs.Stat(assets, trimSlash(name)); err != nil || fi.IsDir() {
			c.String(http.StatusNotFound, "not found\n")
			return
		}
		c.Header("Cache-Control", "public, max-age=86400")
		c.Request.URL.Path = name
		files.ServeHTTP(c.Writer, c.Request)
	}
}

func trimSlash(p string) string {
	for len(p) > 0 && p[0] == '/' {
		p = p[1:]
	}
	if p == "" {
		return "."
	}
	return p
}

// favicon is a 1×1 transparent GIF, so browsers log no 404.
func favicon(c *gin.Context) {
	c.Data(http.StatusOK, "image/gif", []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
}

// serviceVersion is "osservatorio <revision>" from the build's VCS stamp.
func serviceVersion() string {
	v := "osservatorio"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, st := range bi.Settings {
			if st.Key == "vcs.revision" && len(st.Value) >= 12 {
				v += " " + st.Value[:12]
			}
		}
	}
	return v
}
