package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/datadict"
	"osservatorio/internal/export"
	"osservatorio/internal/opendata"
)

// openDataView is the content of /dati-aperti: the files of every table per
// data version, the licence, the snippets and the data dictionary.
type openDataView struct {
	Versions   []openDataVersion
	Example    string // an absolute Parquet URL the snippets read
	Citation   string
	Licence    string
	LicenceURL string
	Schema     []datadict.Table
}

// openDataVersion is one data version's files, table by table.
type openDataVersion struct {
	opendata.Version
	Open  bool // the version the page is about (the published or cited one)
	Files []openDataTable
}

type openDataTable struct {
	Name, Description string
	URLs              []openDataLink // in opendata.Kinds order
}

type openDataLink struct {
	Kind opendata.Kind
	URL  string
}

// openDataPage lists every research table of every data version with a
// stored snapshot as Parquet, CSV zip and manifest; the snapshot the page
// cites (the published one, or data_version/as_of) comes first, open.
func (s *Server) openDataPage(c *gin.Context) {
	lg := lang(c.Request)
	ctx := c.Request.Context()
	snap, err := s.snapshot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	versions, err := opendata.Versions(ctx, s.st.DB())
	if err != nil {
		s.fail(c, err)
		return
	}
	pd := s.basePage(c, lg, "dati-aperti", T(lg, "opendata"), T(lg, "opendata_lead"))
	s.withSnapshot(c, &pd, snap)
	pd.Data = s.openDataView(lg, s.base(c.Request), versions, snap.DataVersion)
	s.render(c, http.StatusOK, "opendata.html", pd)
}

func (s *Server) openDataView(lg, base string, versions []opendata.Version, shown int64) openDataView {
	if i := slices.IndexFunc(versions, func(v opendata.Version) bool { return v.DataVersion == shown }); i > 0 {
		versions = append(append([]opendata.Version{versions[i]}, versions[:i]...), versions[i+1:]...)
	}
	v := openDataView{Licence: opendata.Licence, LicenceURL: opendata.LicenceURL, Schema: s.schema}
	for i, ver := range versions {
		ov := openDataVersion{Version: ver, Open: i == 0}
		for _, t := range opendata.Tables() {
			row := openDataTable{Name: t, Description: s.tableDescription(lg, t)}
			for _, k := range opendata.Kinds {
				row.URLs = append(row.URLs, openDataLink{k, base + opendata.File{Version: ver, Table: t, Kind: k}.Path()})
			}
			ov.Files = append(ov.Files, row)
		}
		v.Versions = append(v.Versions, ov)
	}
	if len(versions) > 0 {
		first := versions[0]
		v.Example = base + opendata.File{Version: first, Table: "attendance", Kind: opendata.Parquet}.Path()
		v.Citation = T(lg, "site") + ", «" + T(lg, "opendata") + "», " + T(lg, "data_version") + " " +
			strconv.FormatInt(first.DataVersion, 10) + ", " + T(lg, "as_of") + " " + first.AsOf + ", " +
			opendata.Licence + ", " + base + "/dati-aperti?data_version=" + strconv.FormatInt(first.DataVersion, 10)
	}
	return v
}

func (s *Server) tableDescription(lg, table string) string {
	for _, t := range s.schema {
		if t.Name == table {
			if lg == "en" {
				return t.DescriptionEN
			}
			return t.DescriptionIT
		}
	}
	return ""
}

// openDataFile: GET /dati-aperti/v{N}/{table}.{parquet|csv.zip|manifest.json}
// computes one file of the open data and streams it (public, rate-limited,
// under the research gate and its slots). HEAD answers the headers without
// running the query: DuckDB's httpfs asks HEAD first, and without a
// Content-Length then reads the file with one GET.
func (s *Server) openDataFile(c *gin.Context) {
	versions, err := opendata.Versions(c.Request.Context(), s.st.DB())
	if err != nil {
		s.fail(c, err)
		return
	}
	f, err := opendata.Lookup(versions, c.Param("version"), c.Param("file"))
	var nf *opendata.NotFoundError
	if errors.As(err, &nf) {
		s.fail(c, &httpError{status: http.StatusNotFound, msg: nf.Error()})
		return
	}
	ex := opendata.Exporter{DB: s.st.DB(), Service: s.service, Timeout: s.sqlTimeout, Slots: s.sqlSlots}
	headers := func() {
		h := c.Writer.Header()
		h.Set("Content-Type", f.Kind.ContentType())
		if f.Kind != opendata.Manifest {
			h.Set("Content-Disposition", `attachment; filename="`+f.Table+"-v"+strconv.FormatInt(f.Version.DataVersion, 10)+"."+string(f.Kind)+`"`)
		}
		query, _ := opendata.Query(f.Table, f.Version.DataVersion)
		setProvenanceHeaders(c, ex.Provenance(f, query))
	}
	if c.Request.Method == http.MethodHead {
		headers()
		c.Status(http.StatusOK)
		return
	}
	started := false
	_, err = ex.Write(c.Request.Context(), c.Writer, f, func() { started = true; headers() })
	if err != nil {
		if started && c.Writer.Written() {
			// Part of the file is sent: break the connection, so that the
			// client sees a failed download, never a complete-looking file.
			s.log.Error("open data download broken off", "request_id", c.GetString(requestIDKey), "err", err)
			panic(http.ErrAbortHandler)
		}
		c.Writer.Header().Del("Content-Disposition")
		c.Writer.Header().Del("Content-Type")
		s.failSQL(c, err)
	}
}

// setProvenanceHeaders sets X-Osservatorio-… as exports do, but for the
// SQL and parameters (multi-line; they are in the file and the manifest).
func setProvenanceHeaders(c *gin.Context, p export.Provenance) {
	for _, kv := range p.Pairs() {
		if kv[0] != "sql" && kv[0] != "params" {
			c.Writer.Header().Set("X-Osservatorio-"+strings.ReplaceAll(kv[0], "_", "-"), kv[1])
		}
	}
}

// schemaMarkdown: GET /dati-aperti/SCHEMA.md is the data dictionary as
// docs/SCHEMA.md holds it, generated by the same function.
func (s *Server) schemaMarkdown(c *gin.Context) {
	c.Header("Content-Type", "text/markdown; charset=utf-8")
	if err := datadict.Markdown(c.Writer, s.schema); err != nil {
		s.log.Error("schema markdown", "err", err)
	}
}
