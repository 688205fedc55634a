package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/annotation"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/evidence"
	"osservatorio/internal/indicator"
)

// httpError is an error a user can act on: its message is shown as is.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

var errNotFound = &httpError{status: http.StatusNotFound, msg: "not found"}

const requestIDKey = "request_id"

// requestID gives every request an id, returned in X-Request-ID and shown
// on error pages, so a user's report finds its log line.
func (s *Server) requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		var b [8]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		c.Set(requestIDKey, id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}

// recovery turns a panic into a logged 500 with the request id.
func (s *Server) recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				s.fail(c, fmt.Errorf("panic: %v", r))
			}
		}()
		c.Next()
	}
}

// errorView is what the error page and the JSON error show.
type errorView struct {
	Status    int                  `json:"status"`
	Message   string               `json:"error"`
	RequestID string               `json:"request_id"`
	Field     string               `json:"field,omitempty"` // the request field a 400 is about, when one is
	Available []indicator.Snapshot `json:"-"`
	Snapshots []snapshotJSON       `json:"available,omitempty"`
}

// fail answers with the error: a plain page for browsers, JSON under /api.
// User errors (a bad parameter, an unknown id or snapshot) say what is
// accepted; anything else is logged with the request id and shown as an
// internal error without its text, which may quote the database.
func (s *Server) fail(c *gin.Context, err error) {
	ev := errorView{Status: http.StatusInternalServerError, RequestID: c.GetString(requestIDKey)}
	var he *httpError
	var pe *dashboard.ParamError
	var ne *indicator.NoSnapshotError
	var ie *evidence.InputError
	var fe *annotation.FieldError
	switch {
	case errors.As(err, &he):
		ev.Status, ev.Message = he.status, he.msg
	case errors.As(err, &pe):
		ev.Status, ev.Message = http.StatusBadRequest, pe.Error()
	case errors.As(err, &ne):
		ev.Status, ev.Message, ev.Available = http.StatusNotFound, ne.Error(), ne.Available
		for _, a := range ne.Available {
			ev.Snapshots = append(ev.Snapshots, snapshotJSON{a.DataVersion, a.AsOf, a.Published})
		}
	case errors.As(err, &fe):
		ev.Status, ev.Message, ev.Field = http.StatusBadRequest, fe.Error(), fe.Field
	case errors.Is(err, annotation.ErrNotFound):
		ev.Status, ev.Message = http.StatusNotFound, "no annotation with this id"
	case errors.Is(err, dashboard.ErrNotFound), errors.Is(err, evidence.ErrNotFound):
		ev.Status, ev.Message = http.StatusNotFound, "not found"
	case errors.As(err, &ie):
		ev.Status, ev.Message = http.StatusBadRequest, ie.Error()
	case errors.Is(err, evidence.ErrFrozen), errors.Is(err, evidence.ErrDraft):
		ev.Status, ev.Message = http.StatusConflict, strings.TrimPrefix(err.Error(), "evidence: ")
	default:
		s.log.Error("request failed", "request_id", ev.RequestID, "method", c.Request.Method,
			"path", c.Request.URL.Path, "err", err)
		ev.Message = "internal error"
	}
	c.Header("Cache-Control", "no-store")
	if ev.Status == http.StatusTooManyRequests {
		c.Header("Retry-After", "1")
	}
	if p := c.Request.URL.Path; strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/csv/") || strings.HasPrefix(p, "/dati-aperti/") {
		c.Abort()
		c.PureJSON(ev.Status, ev) // messages quote forms like body:<id>: no HTML escaping
		return
	}
	lg := lang(c.Request)
	pd := s.basePage(c, lg, "", T(lg, "error"), "")
	pd.Data = ev
	s.render(c, ev.Status, "error.html", pd)
	c.Abort()
}

// snapshotJSON names a stored snapshot in API answers.
type snapshotJSON struct {
	DataVersion int64  `json:"data_version"`
	AsOf        string `json:"as_of"`
	Published   bool   `json:"published"`
}

// accept refuses parameters a route does not read (400, listing those it
// does) and values past dashboard.MaxParam; nil params: the handler checks.
func (s *Server) accept(params []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if params != nil {
			if err := checkParams(c, params); err != nil {
				s.fail(c, err)
				return
			}
		}
		c.Next()
	}
}

func checkParams(c *gin.Context, allowed []string) error {
	for name, vs := range c.Request.URL.Query() {
		ok := name == "lang"
		for _, a := range allowed {
			ok = ok || a == name
		}
		if !ok {
			return &dashboard.ParamError{Param: name, Value: strings.Join(vs, ","),
				Accepted: "this address reads only " + strings.Join(append([]string{"lang"}, allowed...), ", ")}
		}
		for _, v := range vs {
			if len(v) > dashboard.MaxParam {
				return &dashboard.ParamError{Param: name, Value: v, Accepted: fmt.Sprintf("at most %d characters", dashboard.MaxParam)}
			}
		}
		if len(vs) > 1 {
			return &dashboard.ParamError{Param: name, Value: strings.Join(vs, ","), Accepted: "one value"}
		}
	}
	return nil
}
