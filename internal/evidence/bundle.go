package evidence

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"osservatorio/internal/annotation"
	"osservatorio/internal/export"
	"osservatorio/internal/guideline"
)

// Env is what a bundle needs from the service around it.
type Env struct {
	Service string // the service version, in the manifest
	BaseURL string // the public address, in the citation ("" leaves the address out)
	Script  []byte // the chart library, inlined in the report
	Words   Words
}

// Manifest is the ZIP's manifest.json: what the pack is and the SHA-256 of
// every other file in the ZIP.
type Manifest struct {
	Pack        string         `json:"pack"`
	Title       string         `json:"title"`
	Authors     []string       `json:"authors"`
	Purpose     string         `json:"purpose"`
	CreatedAt   time.Time      `json:"created_at"`
	FrozenAt    time.Time      `json:"frozen_at"`
	DataVersion int64          `json:"data_version"`
	AsOf        string         `json:"as_of"`
	Service     string         `json:"service"`
	Citation    string         `json:"citation"`
	Items       []ManifestItem `json:"items"`
	Files       []ManifestFile `json:"files"`
}

// ManifestItem names one item and the file with its query.
type ManifestItem struct {
	Seq       int    `json:"seq"`
	Kind      string `json:"kind"`
	Indicator string `json:"indicator,omitempty"`
	Scope     string `json:"scope,omitempty"`
	Period    string `json:"period,omitempty"`
	Guideline string `json:"guideline_id,omitempty"`
	Window    int    `json:"window_days,omitempty"`
	// A named query, its parameters, and its rows' count and CSV SHA-256.
	Named        string            `json:"query,omitempty"`
	Params       map[string]string `json:"params,omitempty"`
	ResultRows   int64             `json:"result_rows,omitempty"`
	ResultSHA256 string            `json:"result_sha256,omitempty"`
	Query        string            `json:"query_file"`
	SQLSHA256    string            `json:"sql_sha256"`
}

// ManifestFile is one file of the ZIP.
type ManifestFile struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ManifestName is the manifest's name in the ZIP.
const ManifestName = "manifest.json"

// Cite is the suggested citation of a pack.
func Cite(p *Pack, lang, baseURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "«%s», Osservatorio sul Partenariato, %s %s, %s %d, %s %s",
		p.Title, pick(lang, "dossier di evidenze", "evidence pack"), p.ID,
		pick(lang, "versione dei dati", "data version"), p.DataVersion, pick(lang, "data di riferimento", "reference date"), p.AsOf)
	if p.FrozenAt != nil {
		fmt.Fprintf(&b, ", %s %s", pick(lang, "congelato il", "frozen on"), p.FrozenAt.Format(time.DateOnly))
	}
	if baseURL != "" {
		fmt.Fprintf(&b, ", %s/evidenze/%s", strings.TrimRight(baseURL, "/"), p.ID)
	}
	return b.String()
}

// bundle builds the ZIP of a pack being frozen (p.FrozenAt set): the same
// pack gives the same bytes. It returns the ZIP and its manifest's SHA-256.
func bundle(ctx context.Context, db *sql.DB, p *Pack, env Env) ([]byte, string, error) {
	files := map[string][]byte{}
	m := Manifest{Pack: p.ID, Title: p.Title, Authors: p.Authors, Purpose: p.Purpose, CreatedAt: p.CreatedAt,
		FrozenAt: *p.FrozenAt, DataVersion: p.DataVersion, AsOf: p.AsOf, Service: env.Service,
		Citation: Cite(p, "it", env.BaseURL)}
	if m.Authors == nil {
		m.Authors = []string{}
	}
	var allSQL strings.Builder
	for _, it := range p.Items {
		f := queryFile(it)
		files[f] = []byte(it.SQL)
		allSQL.WriteString(it.SQL)
		m.Items = append(m.Items, ManifestItem{Seq: it.Seq, Kind: it.Kind, Indicator: it.Indicator, Scope: it.Scope,
			Period: it.Period, Guideline: it.Guideline, Window: it.Window, Named: it.Query, Params: it.Params,
			ResultRows: it.ResultRows, ResultSHA256: it.ResultSHA256, Query: f, SQLSHA256: it.SQLSHA256})
	}
	prov := export.Provenance{DataVersion: p.DataVersion, AsOf: p.AsOf, SQL: allSQL.String(), Query: "evidence/" + p.ID,
		Params: map[string]string{"pack": p.ID}, Generated: *p.FrozenAt, Service: env.Service}
	for _, f := range []export.Format{export.CSV, export.Parquet} {
		var b bytes.Buffer
		if _, err := export.Stream(&b, f, valuesTable(p), prov); err != nil {
			return nil, "", fmt.Errorf("evidence: values%s: %w", f.Extension(), err)
		}
		files["values"+f.Extension()] = b.Bytes()
	}
	if eff := effectsCSV(p); eff != nil {
		files["effects.csv"] = eff
	}
	notes, err := annotation.ForTargets(ctx, db, p.NoteTargets())
	if err != nil {
		return nil, "", err
	}
	for _, lang := range []string{"it", "en"} {
		v, err := NewView(ctx, db, p, lang, Cite(p, lang, env.BaseURL), env.Words)
		if err != nil {
			return nil, "", err
		}
		v.Notes = notes
		html, err := RenderReport(v, env.Script)
		if err != nil {
			return nil, "", err
		}
		name := "report.html"
		if lang == "en" {
			name = "report.en.html"
		}
		files[name] = html
	}
	files["README.md"] = readme(p, m.Citation, Cite(p, "en", env.BaseURL))

	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		sum := sha256.Sum256(files[n])
		m.Files = append(m.Files, ManifestFile{Name: n, Bytes: int64(len(files[n])), SHA256: hex.EncodeToString(sum[:])})
	}
	man, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, "", err
	}
	man = append(man, '\n')
	digest := sha256.Sum256(man)

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, n := range append([]string{ManifestName}, names...) {
		body := files[n]
		if n == ManifestName {
			body = man
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.ID + "/" + n, Method: zip.Deflate, Modified: *p.FrozenAt})
		if err != nil {
			return nil, "", err
		}
		if _, err := w.Write(body); err != nil {
			return nil, "", err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, "", err
	}
	return out.Bytes(), hex.EncodeToString(digest[:]), nil
}

// valuesTable is every indicator value of the pack, small cells withheld,
// as one Arrow record: the CSV and the Parquet file are written from it.
func valuesTable(p *Pack) array.RecordReader {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "item", Type: arrow.PrimitiveTypes.Int32},
		{Name: "indicator", Type: arrow.BinaryTypes.String},
		{Name: "scope", Type: arrow.BinaryTypes.String},
		{Name: "period", Type: arrow.BinaryTypes.String},
		{Name: "category", Type: arrow.BinaryTypes.String},
		{Name: "trend", Type: arrow.FixedWidthTypes.Boolean},
		{Name: "value", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "numerator", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "denominator", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "suppressed", Type: arrow.FixedWidthTypes.Boolean},
		{Name: "estimate", Type: arrow.FixedWidthTypes.Boolean},
		{Name: "error_bound", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	float := func(i int, p *float64) {
		fb := b.Field(i).(*array.Float64Builder)
		if p == nil {
			fb.AppendNull()
		} else {
			fb.Append(*p)
		}
	}
	for _, it := range p.Items {
		for _, trend := range []bool{false, true} {
			vals := it.Values
			if trend {
				vals = it.Trend
			}
			for _, v := range public(vals) {
				b.Field(0).(*array.Int32Builder).Append(int32(it.Seq))
				b.Field(1).(*array.StringBuilder).Append(it.Indicator)
				b.Field(2).(*array.StringBuilder).Append(it.Scope)
				b.Field(3).(*array.StringBuilder).Append(v.Period)
				b.Field(4).(*array.StringBuilder).Append(v.Category)
				b.Field(5).(*array.BooleanBuilder).Append(trend)
				float(6, v.Value)
				float(7, v.Numerator)
				float(8, v.Denominator)
				b.Field(9).(*array.BooleanBuilder).Append(v.Suppressed)
				b.Field(10).(*array.BooleanBuilder).Append(v.Estimate)
				float(11, v.ErrorBound)
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rr, _ := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	return rr
}

// effectsCSV is every guideline comparison row, small cells withheld, in
// the CLI's CSV form; nil when the pack has none.
func effectsCSV(p *Pack) []byte {
	var rows []guideline.Effect
	for _, it := range p.Items {
		for _, e := range it.Effects {
			rows = append(rows, e.unwrap())
		}
	}
	if rows == nil {
		return nil
	}
	guideline.Withhold(rows)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(append(slices.Clone(guideline.CSVHeader), "suppressed"))
	for _, e := range rows {
		w.Write(append(e.CSVRecord(), fmt.Sprint(e.Suppressed)))
	}
	w.Flush()
	return b.Bytes()
}

func readme(p *Pack, citeIT, citeEN string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %s\n\n", p.ID, p.Title)
	fmt.Fprintf(&b, "Dossier di evidenze dell'Osservatorio sul Partenariato / Evidence pack of the Partnership Observatory.\n\n")
	fmt.Fprintf(&b, "## Come citare / How to cite\n\n%s\n\n%s\n\n", citeIT, citeEN)
	fmt.Fprintf(&b, "## Contenuto / Contents\n\n")
	fmt.Fprintf(&b, "- `report.html`, `report.en.html`: il rapporto, leggibile offline e stampabile / the report, readable offline and printable\n")
	fmt.Fprintf(&b, "- `values.csv`, `values.parquet`: i valori con numeratori e denominatori (trend = valori per anno) / the values with numerators and denominators (trend = yearly values)\n")
	fmt.Fprintf(&b, "- `effects.csv`: i confronti prima/dopo delle linee guida, se presenti / the guideline before/after comparisons, if any\n")
	fmt.Fprintf(&b, "- `queries/`: il testo SQL di ogni elemento / the SQL text of every item\n")
	fmt.Fprintf(&b, "- `manifest.json`: versioni, parametri e SHA-256 di ogni file / versions, parameters and the SHA-256 of every file\n\n")
	fmt.Fprintf(&b, "## Verifica / Verification\n\n")
	fmt.Fprintf(&b, "    osservatorio evidence verify --zip %s.zip   # ogni file contro il manifest / every file against the manifest\n", p.ID)
	fmt.Fprintf(&b, "    osservatorio evidence verify %s             # ricalcola ogni valore / recomputes every value\n\n", p.ID)
	fmt.Fprintf(&b, "Valori riferiti a meno di 3 persone non sono pubblicati (soppressi). / Values about fewer than 3 people are withheld (suppressed).\n")
	return []byte(b.String())
}
