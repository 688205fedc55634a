// Package web serves the Osservatorio over HTTP with gin: the dashboards, the
// JSON API and the operational endpoints. It knows HTTP, not SQL: data comes
// from the store, ingest and indicator packages.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/store"
)

//go:embed assets templates
var embedded embed.FS

// Options wire in what the web layer shows but does not compute.
type Options struct {
	Explain Explainer              // indicator explanations
	Unit    func(id string) string // indicator units (share, count, …)
}

// Server holds what the handlers need.
type Server struct {
	st      *store.Store
	log     *slog.Logger
	boards  []dashboard.Dashboard
	tpl     *template.Template
	cache   *pageCache
	explain Explainer
	units   func(string) string
	snap    snapshotMemo
}

// New builds the HTTP handler.
func New(st *store.Store, log *slog.Logger, o Options) (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	boards, err := dashboard.All()
	if err != nil {
		return nil, err
	}
	tpl, err := template.New("").Funcs(template.FuncMap{
		"T": T, "L": L, "safeHTML": func(s string) template.HTML { return template.HTML(s) },
		"safeJS": func(s string) template.HTML { return template.HTML(s) },
	}).ParseFS(embedded, "templates/*.html")
	if err != nil {
		return nil, err
	}
	s := &Server{st: st, log: log, boards: boards, tpl: tpl, cache: newPageCache(256), explain: o.Explain, units: o.Unit}
	r := gin.New()
	r.Use(gin.Recovery(), s.accessLog())
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	r.GET("/readyz", s.ready)
	r.GET("/favicon.ico", favicon)
	assets, _ := fs.Sub(embedded, "assets")
	r.StaticFS("/assets", http.FS(assets))
	r.GET("/", func(c *gin.Context) { c.Redirect(http.StatusFound, "/cruscotti/panoramica") })
	r.GET("/cruscotti/:id", s.dashboardPage)
	r.GET("/csv/:dashboard/:panel", s.panelCSV)
	r.GET("/organismi", s.bodiesPage)
	r.GET("/organismi/:id", func(c *gin.Context) { s.renderDashboard(c, "organismo", c.Param("id"), "") })
	r.GET("/organizzazioni/:id", func(c *gin.Context) { s.renderDashboard(c, "organizzazione", "", c.Param("id")) })
	r.GET("/confronta", s.comparePage)
	r.GET("/dati", s.dataPage)
	api := r.Group("/api")
	api.GET("/status", s.status)
	api.GET("/loads", s.loads)
	api.GET("/indicators", s.apiCatalogue)
	api.GET("/indicators/values", s.apiValues)
	api.GET("/indicators/brokers", s.apiBrokers)
	api.GET("/indicators/:id/series", s.apiSeries)
	return r, nil
}

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
			"status", c.Writer.Status(), "ms", time.Since(start).Milliseconds())
	}
}

func (s *Server) ready(c *gin.Context) {
	if err := s.st.DB().PingContext(c.Request.Context()); err != nil {
		c.String(http.StatusServiceUnavailable, "not ready: %v\n", err)
		return
	}
	c.String(http.StatusOK, "ready\n")
}

func (s *Server) status(c *gin.Context) {
	st, err := s.st.Status(c.Request.Context(), 10)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

func fail(c *gin.Context, err error) {
	c.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
}

func badRequest(c *gin.Context, msg string) {
	c.JSON(http.StatusBadRequest, gin.H{"error": msg})
}

// favicon is a 1×1 transparent GIF, so browsers log no 404.
func favicon(c *gin.Context) {
	c.Data(http.StatusOK, "image/gif", []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
}
