package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/guideline"
)

// apiGuidelineEffects: GET /api/guidelines/effects?guideline=&window=&as_of=&data_version=
// — the before/after comparison of guideline adoptions (docs/GUIDELINES.md),
// the same rows as `osservatorio guidelines effects`: one per guideline, body
// (or "all", the mean across adopters), indicator and window; an adoption not
// compared is a row with its reason and no values. The records are those of
// the published snapshot's data version and the reference date its as_of,
// unless the request names others. It reads, never writes.
//
// Small cells: researchers get every E01 value with its counts; anyone else
// gets them withheld (guideline.Withhold: the window values under 3 people,
// the difference built from them, the mean holding that difference), as the
// public pages will.
func (s *Server) apiGuidelineEffects(c *gin.Context) {
	ctx := c.Request.Context()
	snap, err := s.published(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, asOf := snap.DataVersion, snap.AsOf
	if q := c.Query("data_version"); q != "" {
		cur, err := s.st.DataVersion(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n < 1 || n > cur {
			s.fail(c, &dashboard.ParamError{Param: "data_version", Value: q,
				Accepted: "a data version from 1 to " + strconv.FormatInt(cur, 10) + " (see /versioni)"})
			return
		}
		v = n
	} else if snap.Zero() {
		// Nothing published yet: the records as they are now.
		if v, err = s.st.DataVersion(ctx); err != nil {
			s.fail(c, err)
			return
		}
	}
	if q := c.Query("as_of"); q != "" {
		if _, err := time.Parse(time.DateOnly, q); err != nil {
			s.fail(c, &dashboard.ParamError{Param: "as_of", Value: q, Accepted: "a date YYYY-MM-DD"})
			return
		}
		asOf = q
	}
	if asOf == "" {
		s.fail(c, &dashboard.ParamError{Param: "as_of", Value: "",
			Accepted: "a date YYYY-MM-DD (no snapshot is published to take it from)"})
		return
	}
	windows, err := guideline.ParseWindows(c.DefaultQuery("window", strconv.Itoa(guideline.DefaultWindow)))
	if err != nil {
		s.fail(c, &dashboard.ParamError{Param: "window", Value: c.Query("window"), Accepted: err.Error()})
		return
	}
	rows, err := guideline.Effects(ctx, s.st.DB(), guideline.Params{DataVersion: v, AsOf: asOf, Windows: windows,
		Guideline: c.Query("guideline")})
	if err != nil {
		s.fail(c, err)
		return
	}
	if !can(c, auth.Researcher) {
		guideline.Withhold(rows)
	}
	if rows == nil {
		rows = []guideline.Effect{}
	}
	c.Header("X-Osservatorio-Data-Version", strconv.FormatInt(v, 10))
	c.Header("X-Osservatorio-As-Of", asOf)
	c.JSON(http.StatusOK, rows)
}
