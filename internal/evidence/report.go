package evidence

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"
	"time"
)

//go:embed templates
var templates embed.FS

var tpl = template.Must(template.New("evidence").Funcs(template.FuncMap{
	"join": func(s []string) string { return strings.Join(s, ", ") },
	"date": func(t any) string {
		switch t := t.(type) {
		case time.Time:
			return t.UTC().Format("2006-01-02 15:04 UTC")
		case *time.Time:
			if t != nil {
				return t.UTC().Format("2006-01-02 15:04 UTC")
			}
		}
		return ""
	},
}).ParseFS(templates, "templates/*.html"))

// Body renders the pack's content, for a page that supplies the layout and
// draws the charts (elements .chart[data-option], as the site's pages).
func Body(v *View) (template.HTML, error) {
	var b bytes.Buffer
	if err := tpl.ExecuteTemplate(&b, "body", v); err != nil {
		return "", fmt.Errorf("evidence: page: %w", err)
	}
	return template.HTML(b.String()), nil // html/template's own escaped output
}

// RenderReport renders the self-contained HTML report: the body, its styles and
// echarts inlined (script), so it opens offline and prints to PDF.
func RenderReport(v *View, script []byte) ([]byte, error) {
	if bytes.Contains(bytes.ToLower(script), []byte("</script")) {
		return nil, fmt.Errorf("evidence: the chart library cannot be inlined: it contains </script")
	}
	var b bytes.Buffer
	err := tpl.ExecuteTemplate(&b, "report.html", struct {
		*View
		Script template.JS
	}{v, template.JS(script)})
	if err != nil {
		return nil, fmt.Errorf("evidence: report: %w", err)
	}
	return b.Bytes(), nil
}

// reportWords are the fixed words of pages and reports.
func reportWords(lang string) map[string]string {
	out := make(map[string]string, len(words))
	for k, w := range words {
		out[k] = pick(lang, w[0], w[1])
	}
	return out
}

var words = map[string][2]string{
	"draft":             {"bozza (non ancora congelato)", "draft (not frozen yet)"},
	"authors":           {"Autori", "Authors"},
	"purpose":           {"Scopo", "Purpose"},
	"snapshot":          {"Dati", "Data"},
	"data_version":      {"versione dei dati", "data version"},
	"as_of":             {"data di riferimento", "reference date"},
	"created":           {"Creato", "Created"},
	"frozen":            {"Congelato", "Frozen"},
	"digest":            {"SHA-256 del manifest", "Manifest SHA-256"},
	"cite":              {"Come citare:", "How to cite:"},
	"value":             {"Valore", "Value"},
	"numerator":         {"Numeratore", "Numerator"},
	"denominator":       {"Denominatore", "Denominator"},
	"suppressed":        {"< 3 persone: non pubblicato", "< 3 people: withheld"},
	"trend":             {"Andamento per anno (stessa versione dei dati)", "Trend by year (same data version)"},
	"what":              {"Che cosa misura.", "What it measures."},
	"formula":           {"Formula.", "Formula."},
	"read":              {"Come leggerlo.", "How to read it."},
	"caveats":           {"Avvertenze.", "Caveats."},
	"query_rows":        {"Righe", "Rows"},
	"query_note":        {"Le righe di questa query sono per i ricercatori: il dossier ne conserva il numero e lo SHA-256 del CSV. Con il ruolo di ricercatore, questo comando le riproduce identiche:", "This query's rows are for researchers: the pack keeps their count and the SHA-256 of their CSV. With the researcher role, this command gives them again, identical:"},
	"notes":             {"Note dei Laboratori", "Notes of the Laboratori"},
	"edited":            {"modificata", "edited"},
	"explained_in":      {"Definizione e avvertenze: vedi l'elemento", "Definition and caveats: see item"},
	"window":            {"Finestra", "Window"},
	"days":              {"giorni", "days"},
	"adopters":          {"organismi adottanti", "adopting bodies"},
	"comparison":        {"organismi di confronto (al massimo)", "comparison bodies (at most)"},
	"effects_chart":     {"Prima e dopo l'adozione: media degli adottanti e gruppo di confronto", "Before and after adoption: mean of adopters and comparison group"},
	"body":              {"Organismo", "Body"},
	"indicator":         {"Indicatore", "Indicator"},
	"before":            {"Prima", "Before"},
	"after":             {"Dopo", "After"},
	"comp_before":       {"Confronto prima", "Comparison before"},
	"comp_after":        {"Confronto dopo", "Comparison after"},
	"did":               {"Differenza nelle differenze", "Difference in differences"},
	"did_caveat":        {"È una descrizione, non una stima causale: gli organismi che adottano una linea guida possono differire da quelli di confronto.", "This is a description, not a causal estimate: bodies that adopt a guideline may differ from the comparison group."},
	"query":             {"Query", "Query"},
	"completeness":      {"Completezza dei dati", "Data completeness"},
	"completeness_text": {"Caricamenti alla base di questa versione dei dati:", "Loads behind this data version:"},
	"rejected":          {"Righe scartate", "Rows rejected"},
	"load":              {"Caricamento", "Load"},
	"file":              {"File", "File"},
	"kind":              {"Tipo", "Kind"},
	"finished":          {"Concluso", "Finished"},
	"rows_loaded":       {"Righe caricate", "Rows loaded"},
	"report_footer":     {"Osservatorio sul Partenariato — dossier di evidenze. Verificabile con `osservatorio evidence verify`.", "Partnership Observatory — evidence pack. Verifiable with `osservatorio evidence verify`."},
}
