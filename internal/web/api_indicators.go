package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

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
}

// ValuesJSON converts indicator values to their published JSON form.
func ValuesJSON(vs []indicator.Value) []valueJSON {
	out := make([]valueJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, valueJSON{v.Indicator, v.Scope, v.Period, v.Category, v.Value, v.Numerator,
			v.Denominator, v.DataVersion, v.AsOf})
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
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, CatalogueJSON(defs))
}

// apiValues: GET /api/indicators/values?scope=&period=&id=&as_of=&data_version=
func (s *Server) apiValues(c *gin.Context) {
	f, ok := s.valueFilter(c)
	if !ok {
		return
	}
	f.Indicator, f.Scope, f.Period = c.Query("id"), c.Query("scope"), c.Query("period")
	s.answerValues(c, f)
}

// apiSeries: GET /api/indicators/:id/series?scope= — the values by year.
func (s *Server) apiSeries(c *gin.Context) {
	f, ok := s.valueFilter(c)
	if !ok {
		return
	}
	f.Indicator, f.Scope = c.Param("id"), c.DefaultQuery("scope", "all")
	vs, err := indicator.Values(c.Request.Context(), s.st.DB(), f)
	if err != nil {
		fail(c, err)
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

func (s *Server) answerValues(c *gin.Context, f indicator.Filter) {
	vs, err := indicator.Values(c.Request.Context(), s.st.DB(), f)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ValuesJSON(vs))
}

// valueFilter reads as_of and data_version; an as_of not computed yet for the
// current data version is computed first (a snapshot per as_of).
func (s *Server) valueFilter(c *gin.Context) (indicator.Filter, bool) {
	var f indicator.Filter
	if v, ok := intParam(c, "data_version", 0, 0, 1<<62); ok {
		f.DataVersion = int64(v)
	} else {
		badRequest(c, "data_version must be a whole number")
		return f, false
	}
	if a := c.Query("as_of"); a != "" {
		t, err := time.Parse(time.DateOnly, a)
		if err != nil {
			badRequest(c, "as_of must be a date YYYY-MM-DD")
			return f, false
		}
		f.AsOf = a
		if f.DataVersion == 0 {
			if _, err := indicator.Refresh(c.Request.Context(), s.st, t, indicator.Options{}); err != nil {
				fail(c, err)
				return f, false
			}
		}
	}
	return f, true
}

func (s *Server) apiBrokers(c *gin.Context) {
	v, ok := intParam(c, "data_version", 0, 0, 1<<62)
	if !ok {
		badRequest(c, "data_version must be a whole number")
		return
	}
	bs, err := indicator.Brokers(c.Request.Context(), s.st.DB(), c.DefaultQuery("scope", "all"), c.DefaultQuery("period", "all"), int64(v))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, bs)
}
