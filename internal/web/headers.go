package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// contentSecurityPolicy allows scripts and styles from the service only:
// charts are drawn by /assets/charts.js from JSON data attributes, so no
// inline script is needed. Inline style attributes stay allowed (chart
// sizes, and echarts sets styles itself).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// MaxBodyBytes bounds a request body (reads take none; uploads will set
// their own, larger, limit).
const MaxBodyBytes = 1 << 20

// securityHeaders sets the headers every answer carries, and bounds the
// request body.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if c.Request.Body != nil && c.Request.URL.Path != "/api/loads" { // uploads set their own bound
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes)
		}
		c.Next()
	}
}
