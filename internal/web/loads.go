package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/store"
)

// loadWithRejects is one entry of GET /api/loads.
type loadWithRejects struct {
	store.LoadSummary
	Rejects []store.RejectRow `json:"rejects"`
}

// loads lists the load log, newest first, each load with its rejects
// (?limit=50 loads, ?rejects=100 per load, ?offset=0). Rejected values are
// shown to admins only.
func (s *Server) loads(c *gin.Context) {
	limit, err := intParam(c, "limit", 50, 1, 200)
	if err != nil {
		s.fail(c, err)
		return
	}
	perLoad, err := intParam(c, "rejects", 100, 0, 1000)
	if err != nil {
		s.fail(c, err)
		return
	}
	offset, err := intParam(c, "offset", 0, 0, 1<<30)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	ls, err := s.st.Loads(ctx, limit, offset)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]loadWithRejects, 0, len(ls))
	for _, l := range ls {
		rj := []store.RejectRow{}
		if l.RowsRejected > 0 && perLoad > 0 {
			if rj, err = s.st.Rejects(ctx, l.ID, perLoad); err != nil {
				s.fail(c, err)
				return
			}
		}
		if !can(c, auth.Admin) { // rejected values may hold personal data: admins only
			rj = publicRejects(rj)
		}
		out = append(out, loadWithRejects{l, rj})
	}
	version, err := s.st.DataVersion(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"data_version": version, "loads": out})
}

// intParam reads a whole-number parameter in [min, max].
func intParam(c *gin.Context, name string, def, min, max int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, &dashboard.ParamError{Param: name, Value: v, Accepted: "a whole number from " + strconv.Itoa(min) + " to " + strconv.Itoa(max)}
	}
	return n, nil
}
