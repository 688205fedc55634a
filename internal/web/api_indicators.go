package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/auth"
	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
)

// valueJSON is the field set shared by the API and the CLI's JSON.
type valueJSON struct {
	Indicator   string   `json:"indicator"`
	Scope       string   `json:"scope"`
	Period      string   `json:"period"`
	Category    string   `json:"category"`
	Value       *float64 `json:"value"`
	Numerator   *float64 `json:"numerator"`
	Denominator *float64 `json:"denominator"`
	DataVersion int64    `json:"data_version"`
	AsOf        string   `json:"as_of"`
	Suppressed  bool     `json:"suppressed,omitempty"`
	Estimate    bool     `json:"estimate,omitempty"`    // a sampling estimate (N03 above the exact limits)
	ErrorBound  *float64 `json:"error_bound,omitempty"` // its ± bound, probability 0.9
}

// ValuesJSON converts indicator values to their published JSON form.
func ValuesJSON(vs []indicator.Value) []valueJSON {
	out := make([]valueJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, valueJSON{v.Indicator, v.Scope, v.Period, v.Category, v.Value, v.Numerator,
			v.Denominator, v.DataVersion, v.AsOf, v.Suppressed, v.Estimate, v.ErrorBound})
	}
	return out
}

// catalogueJSON is one entry of GET /api/indicators.
type catalogueJSON struct {
	ID             string                           `json:"id"`
	NameIT         string                           `json:"name_it"`
	NameEN         string                           `json:"name_en"`
	Family         string                           `json:"family"`
	Unit           string                           `json:"unit"`
	Source         string                           `json:"source"`
	HigherIsBetter string                           `json:"higher_is_better"`
	SmallCell      string                           `json:"small_cell"`
	Explanation    map[string]indicator.Explanation `json:"explanation"`
}

// CatalogueJSON converts the catalogue to its published JSON form.
func CatalogueJSON(defs []indicator.Def) []catalogueJSON {
	out := make([]catalogueJSON, 0, len(defs))
	for _, d := range defs {
		out = append(out, catalogueJSON{d.ID, d.NameIT, d.NameEN, d.Family, d.Unit, d.Source, d.HigherIsBetter,
			d.SmallCell, d.Explain})
	}
	return out
}

func (s *Server) apiCatalogue(c *gin.Context) {
	defs, err := indicator.Catalogue()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, CatalogueJSON(defs))
}

// Pages of /api/indicators/values: a snapshot of a large dataset holds
// millions of values.
const (
	valuesPage    = 1000
	maxValuesPage = 10000
)

// apiValues: GET /api/indicators/values?scope=&period=&id=&as_of=&data_version=&limit=&offset=
// — the values of the published snapshot, or of the stored one named; small
// cells are withheld, except for researchers. Paged: a Link header (rel="next") gives the next page.
func (s *Server) apiValues(c *gin.Context) {
	snap, err := s.snapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	limit, err := intParam(c, "limit", valuesPage, 1, maxValuesPage)
	if err != nil {
		s.fail(c, err)
		return
	}
	offset, err := intParam(c, "offset", 0, 0, 1<<40)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.checkScope(c, snap, c.Query("scope"), c.Query("period")); err != nil {
		s.fail(c, err)
		return
	}
	vs, err := indicator.SnapshotValues(c.Request.Context(), s.st.DB(), snap,
		indicator.Filter{Indicator: c.Query("id"), Scope: c.Query("scope"), Period: c.Query("period"),
			Limit: limit + 1, Offset: offset, WithCounts: can(c, auth.Researcher)})
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(vs) > limit {
		vs = vs[:limit]
		q := c.Request.URL.Query()
		q.Set("offset", strconv.Itoa(offset+limit))
		q.Set("limit", strconv.Itoa(limit))
		c.Header("Link", `<`+c.Request.URL.Path+"?"+q.Encode()+`>; rel="next"`)
	}
	c.JSON(http.StatusOK, ValuesJSON(vs))
}

// apiSeries: GET /api/indicators/:id/series?scope= — the values by year.
func (s *Server) apiSeries(c *gin.Context) {
	snap, err := s.snapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.checkScope(c, snap, c.Query("scope"), ""); err != nil {
		s.fail(c, err)
		return
	}
	vs, err := indicator.SnapshotValues(c.Request.Context(), s.st.DB(), snap,
		indicator.Filter{Indicator: c.Param("id"), Scope: c.DefaultQuery("scope", "all")})
	if err != nil {
		s.fail(c, err)
		return
	}
	series := vs[:0]
	for _, v := range vs {
		if v.Period != "all" {
			series = append(series, v)
		}
	}
	c.JSON(http.StatusOK, ValuesJSON(series))
}

// apiBrokers: GET /api/indicators/brokers?scope=&period= — N03's top 10.
func (s *Server) apiBrokers(c *gin.Context) {
	snap, err := s.snapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.checkScope(c, snap, c.Query("scope"), c.Query("period")); err != nil {
		s.fail(c, err)
		return
	}
	bs, err := indicator.BrokersAt(c.Request.Context(), s.st.DB(), c.DefaultQuery("scope", "all"),
		c.DefaultQuery("period", "all"), snap.DataVersion, snap.AsOf)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, bs)
}

// checkScope refuses a scope or period that names nothing in the snapshot's
// data, saying which forms are accepted.
func (s *Server) checkScope(c *gin.Context, snap indicator.Snapshot, scope, period string) error {
	if scope == "" && period == "" {
		return nil
	}
	o, err := dashboard.FilterOptions(c.Request.Context(), s.st.DB(), snap)
	if err != nil {
		return err
	}
	return o.CheckSide("scope", orDefault(scope, "all"), "period", orDefault(period, "all"))
}
