package web

import (
	"container/list"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// clientLimiter gives each client (its address; its token once tokens
// exist) a token bucket for the expensive endpoints (downloads, the API),
// remembering at most maxClients of them (least recently seen forgotten).
type clientLimiter struct {
	mu         sync.Mutex
	perSecond  rate.Limit
	burst      int
	maxClients int
	order      *list.List
	clients    map[string]*list.Element
}

type clientBucket struct {
	key string
	lim *rate.Limiter
}

func newClientLimiter(perSecond float64, burst, maxClients int) *clientLimiter {
	return &clientLimiter{perSecond: rate.Limit(perSecond), burst: burst, maxClients: maxClients,
		order: list.New(), clients: map[string]*list.Element{}}
}

func (l *clientLimiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.clients[key]
	if ok {
		l.order.MoveToFront(e)
	} else {
		e = l.order.PushFront(&clientBucket{key, rate.NewLimiter(l.perSecond, l.burst)})
		l.clients[key] = e
		if l.order.Len() > l.maxClients {
			old := l.order.Back()
			l.order.Remove(old)
			delete(l.clients, old.Value.(*clientBucket).key)
		}
	}
	return e.Value.(*clientBucket).lim.Allow()
}

var errTooMany = &httpError{status: http.StatusTooManyRequests,
	msg: "too many requests from this client: wait a moment and try again"}

// limited answers 429 with Retry-After when a client goes past its rate.
func (s *Server) limited() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.limiter != nil && !s.limiter.allow(clientKey(c)) {
			s.fail(c, errTooMany)
			return
		}
		c.Next()
	}
}

// clientKey names whose bucket a request draws from: its token when it
// carries one (so a token is limited wherever it comes from), else its
// address.
func clientKey(c *gin.Context) string {
	if t, ok := token(c); ok {
		return "token:" + t.ID
	}
	return "addr:" + c.ClientIP()
}
