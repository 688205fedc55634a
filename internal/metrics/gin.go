package metrics

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// GinMiddleware times every request. The route label is the matched
// pattern (/organismi/:id, not the id), and "unmatched" for 404s, so that
// neither ids nor scanners' paths can grow the number of series. Installed
// first, it sees the status the recovery middleware writes after a panic.
func GinMiddleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		httpSeconds.WithLabelValues(route, strconv.Itoa(c.Writer.Status())).Observe(time.Since(start).Seconds())
	}
}
