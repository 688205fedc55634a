package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// apiSchema: GET /api/schema (public) is the data dictionary: every
// research table and column with its type and meaning in Italian and
// English, as docs/SCHEMA.md has it. Read once at start-up: the schema
// changes only with the binary's migrations.
func (s *Server) apiSchema(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"tables": s.schema})
}
