package web

import (
	"container/list"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
)

const (
	tokenKey      = "token" // the request's auth.Token, when it carries one
	sessionCookie = "osv_session"
	sessionTTL    = 8 * time.Hour
)

var (
	errUnauthorized = &httpError{status: http.StatusUnauthorized,
		msg: "a valid token is needed: send Authorization: Bearer <token>, or sign in at /accesso"}
	errForbidden = &httpError{status: http.StatusForbidden, msg: "this token's role may not do this"}
	errCSRF      = &httpError{status: http.StatusForbidden, msg: "the form has expired: reload the page and try again"}
)

// identify reads who is asking: a bearer token, or a page session. A token
// that is sent but does not authenticate is refused at once (401); no token
// is an anonymous viewer, refused too when the service requires login.
func (s *Server) identify() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		if h := c.GetHeader("Authorization"); h != "" {
			plain, ok := strings.CutPrefix(h, "Bearer ")
			t, err := auth.Verify(ctx, s.st.DB(), strings.TrimSpace(plain))
			if !ok || err != nil {
				if err != nil && !errors.Is(err, auth.ErrInvalid) {
					s.fail(c, err)
					return
				}
				s.fail(c, errUnauthorized)
				return
			}
			c.Set(tokenKey, t)
		} else if sess, ok := s.sessions.get(c); ok {
			t, err := auth.ByID(ctx, s.st.DB(), sess.tokenID)
			if err == nil {
				c.Set(tokenKey, t)
				c.Set("csrf", sess.csrf)
			} else {
				s.sessions.drop(c)
			}
		}
		if s.requireLogin && !s.open(c.Request.URL.Path) {
			if _, ok := c.Get(tokenKey); !ok {
				s.fail(c, errUnauthorized)
				return
			}
		}
		c.Next()
	}
}

// open paths answer without a token even when the service requires login.
func (s *Server) open(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/favicon.ico" || path == "/accesso" ||
		strings.HasPrefix(path, "/assets/")
}

// token returns the request's token, if any.
func token(c *gin.Context) (auth.Token, bool) {
	v, ok := c.Get(tokenKey)
	if !ok {
		return auth.Token{}, false
	}
	return v.(auth.Token), true
}

// can reports whether the request may do what needs role.
func can(c *gin.Context, role auth.Role) bool {
	t, ok := token(c)
	return role == auth.Viewer || ok && t.Role.Can(role)
}

// require refuses requests without a token of the role: 401 without a
// token, 403 with another role.
func (s *Server) require(role auth.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		t, ok := token(c)
		switch {
		case !ok:
			c.Header("WWW-Authenticate", `Bearer realm="osservatorio"`)
			s.fail(c, errUnauthorized)
		case !t.Role.Can(role):
			s.fail(c, errForbidden)
		default:
			c.Next()
		}
	}
}

// csrfCheck refuses a state-changing request made with a page session
// whose form does not carry the session's CSRF token (bearer requests carry
// no ambient credential and need none).
func (s *Server) csrfCheck() gin.HandlerFunc {
	return func(c *gin.Context) {
		want, ok := c.Get("csrf")
		if ok && c.GetHeader("Authorization") == "" {
			got := c.PostForm("csrf")
			if got == "" {
				got = c.GetHeader("X-CSRF-Token")
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(want.(string))) != 1 {
				s.fail(c, errCSRF)
				return
			}
		}
		c.Next()
	}
}

// session is a signed-in page: the token it was opened with and its CSRF
// token. Sessions live in memory: a restart signs everyone out.
type session struct {
	id, tokenID, csrf string
	expires           time.Time
}

type sessionStore struct {
	mu     sync.Mutex
	max    int
	order  *list.List
	byID   map[string]*list.Element
	secure bool // cookies only over HTTPS
}

func newSessionStore(max int, secure bool) *sessionStore {
	return &sessionStore{max: max, order: list.New(), byID: map[string]*list.Element{}, secure: secure}
}

func randomID() string {
	var b [24]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// open starts a session for a token and sets its cookie: HttpOnly,
// SameSite=Strict, Secure over HTTPS.
func (ss *sessionStore) open(c *gin.Context, t auth.Token) {
	s := &session{id: randomID(), tokenID: t.ID, csrf: randomID(), expires: time.Now().Add(sessionTTL)}
	ss.mu.Lock()
	ss.byID[s.id] = ss.order.PushFront(s)
	if ss.order.Len() > ss.max {
		old := ss.order.Back()
		ss.order.Remove(old)
		delete(ss.byID, old.Value.(*session).id)
	}
	ss.mu.Unlock()
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: s.id, Path: "/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: ss.secure || c.Request.TLS != nil, SameSite: http.SameSiteStrictMode})
}

func (ss *sessionStore) get(c *gin.Context) (*session, bool) {
	id, err := c.Cookie(sessionCookie)
	if err != nil || id == "" {
		return nil, false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	e, ok := ss.byID[id]
	if !ok {
		return nil, false
	}
	s := e.Value.(*session)
	if time.Now().After(s.expires) {
		ss.order.Remove(e)
		delete(ss.byID, id)
		return nil, false
	}
	return s, true
}

func (ss *sessionStore) drop(c *gin.Context) {
	if id, err := c.Cookie(sessionCookie); err == nil {
		ss.mu.Lock()
		if e, ok := ss.byID[id]; ok {
			ss.order.Remove(e)
			delete(ss.byID, id)
		}
		ss.mu.Unlock()
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: ss.secure || c.Request.TLS != nil, SameSite: http.SameSiteStrictMode})
}
