package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/store"
)

// loadWithRejects is one entry of GET /api/loads.
type loadWithRejects struct {
	store.LoadSummary
	Rejects []store.RejectRow `json:"rejects"`
}

// loads lists the load log, newest first, each load with its rejects
// (?limit=50 loads, ?rejects=100 per load, ?offset=0).
func (s *Server) loads(c *gin.Context) {
	limit, ok1 := intParam(c, "limit", 50, 1, 1000)
	perLoad, ok2 := intParam(c, "rejects", 100, 0, 100000)
	offset, ok3 := intParam(c, "offset", 0, 0, 1<<30)
	if !ok1 || !ok2 || !ok3 {
		badRequest(c, "limit, rejects and offset must be whole numbers in range")
		return
	}
	ctx := c.Request.Context()
	ls, err := s.st.Loads(ctx, limit, offset)
	if err != nil {
		fail(c, err)
		return
	}
	out := make([]loadWithRejects, 0, len(ls))
	for _, l := range ls {
		rj := []store.RejectRow{}
		if l.RowsRejected > 0 && perLoad > 0 {
			if rj, err = s.st.Rejects(ctx, l.ID, perLoad); err != nil {
				fail(c, err)
				return
			}
		}
		out = append(out, loadWithRejects{l, rj})
	}
	version, err := s.st.DataVersion(ctx)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"data_version": version, "loads": out})
}

func intParam(c *gin.Context, name string, def, min, max int) (int, bool) {
	v := c.Query(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, false
	}
	return n, true
}
