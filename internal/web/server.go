// Package web serves the Osservatorio over HTTP with gin: the dashboards, the
// JSON API and the operational endpoints. It knows HTTP, not SQL: data comes
// from the store, ingest and indicator packages.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/store"
)

// Server holds what the handlers need.
type Server struct {
	st  *store.Store
	log *slog.Logger
}

// New builds the HTTP handler.
func New(st *store.Store, log *slog.Logger) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{st: st, log: log}
	r := gin.New()
	r.Use(gin.Recovery(), s.accessLog())
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	r.GET("/readyz", s.ready)
	r.GET("/favicon.ico", favicon)
	api := r.Group("/api")
	api.GET("/status", s.status)
	api.GET("/loads", s.loads)
	return r
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
