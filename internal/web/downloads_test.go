package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"html"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"osservatorio/internal/dashboard"
	"osservatorio/internal/indicator"
	"osservatorio/internal/web"
)

// excelCSV fetches a panel's CSV for Italian Excel and reads it back the way
// Excel (it-IT) does on a double click: a UTF-8 BOM says the encoding (and
// is not part of the first header), fields are split on ";".
func excelCSV(t *testing.T, url string) [][]string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasSuffix(resp.Header.Get("Content-Disposition"), `_excel.csv"`) {
		t.Fatalf("%s: %d %v %.300s", url, resp.StatusCode, resp.Header, buf.String())
	}
	b, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("%s: no BOM: Excel would read it as Windows-1252", url)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return rows
}

var (
	italianNumber = regexp.MustCompile(`^-?[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?( ?%)?$|^-?[0-9]+(,[0-9]+)?( ?%)?$`)
	pointDecimal  = regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)
)

// excelIT reads a field as Excel (it-IT) does: a number with a decimal
// comma and optional thousands dots; a trailing % divides by 100 (Excel
// keeps the fraction and shows it as a percentage). Anything else is text.
func excelIT(s string) (float64, bool) {
	if !italianNumber.MatchString(s) {
		return 0, false
	}
	pct := strings.HasSuffix(s, "%")
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "."), 64)
	if err != nil {
		return 0, false
	}
	if pct {
		f /= 100
	}
	return f, true
}

// pageNumber reads a number as the page shows it ("72,9 %" → 72.9, the
// figure a reader sees), or false for text.
func pageNumber(s string) (float64, bool) {
	f, ok := excelIT(strings.TrimSuffix(s, " %"))
	return f, ok
}

var (
	thRe  = regexp.MustCompile(`<th scope="col">(.*?)</th>`)
	trRe  = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	tdRe  = regexp.MustCompile(`(?s)<td>(.*?)</td>`)
	tagRe = regexp.MustCompile(`<[^>]*>`) // a name's link to its page
)

// pageTable is a panel's data table as the page shows it; ok is false when
// the panel shows none (no data).
func pageTable(t *testing.T, page, panel string) (head []string, rows [][]string, ok bool) {
	t.Helper()
	i := strings.Index(page, `id="panel-`+panel+`"`)
	if i < 0 {
		t.Fatalf("no panel %s", panel)
	}
	sec := page[i:]
	sec = sec[:strings.Index(sec, "</section>")]
	j := strings.Index(sec, "<table>")
	if j < 0 {
		return nil, nil, false
	}
	tab := sec[j : j+strings.Index(sec[j:], "</table>")]
	for _, m := range thRe.FindAllStringSubmatch(tab, -1) {
		head = append(head, html.UnescapeString(m[1]))
	}
	body := tab[strings.Index(tab, "<tbody>"):]
	for _, m := range trRe.FindAllStringSubmatch(body, -1) {
		var row []string
		for _, c := range tdRe.FindAllStringSubmatch(m[1], -1) {
			row = append(row, html.UnescapeString(tagRe.ReplaceAllString(c[1], "")))
		}
		rows = append(rows, row)
	}
	return head, rows, true
}

// The CSV for Italian Excel holds what the page's data table shows: the same
// headers (shares marked "(%)"), labels instead of codes, and every number
// as Excel it-IT reads it equal to the number the page shows (a share shown
// "72,9 %" is 72,9), never a point decimal Excel would misread; accented
// names arrive intact.
func TestExcelCSVReadsAsThePage(t *testing.T) {
	srv, _ := sampleServer(t)
	boards, err := dashboard.All()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range boards {
		if d.Scoped != "" {
			continue
		}
		q := "?lang=it"
		_, page := get(t, srv.URL+"/cruscotti/"+d.ID+q)
		for _, p := range d.Panels {
			if p.Chart == "kpis" { // tested below: the tiles, not the raw table, give their units
				continue
			}
			rows := excelCSV(t, srv.URL+"/csv/"+d.ID+"/"+p.ID+q+"&format=csv-it")
			head, want, ok := pageTable(t, page, p.ID)
			if !ok {
				if len(rows) != 1 {
					t.Errorf("%s/%s: the page shows no table, the CSV %d rows", d.ID, p.ID, len(rows)-1)
				}
				continue
			}
			for i, h := range head {
				if got := strings.TrimSuffix(rows[0][i], " (%)"); got != h {
					t.Errorf("%s/%s: header %q, page %q", d.ID, p.ID, rows[0][i], h)
				}
			}
			if len(rows)-1 != len(want) {
				t.Fatalf("%s/%s: %d rows, page %d", d.ID, p.ID, len(rows)-1, len(want))
			}
			for r, w := range want {
				for i, shown := range w {
					got := rows[r+1][i]
					if pointDecimal.MatchString(got) {
						t.Errorf("%s/%s: %q has a point decimal", d.ID, p.ID, got)
					}
					if pn, isNum := pageNumber(shown); isNum {
						if n, ok := excelIT(got); !ok || n != pn {
							t.Errorf("%s/%s row %d %s: CSV %q, page %q", d.ID, p.ID, r, head[i], got, shown)
						}
						continue
					}
					if shown == "–" {
						shown = ""
					}
					if got != shown {
						t.Errorf("%s/%s row %d %s: CSV %q, page %q", d.ID, p.ID, r, head[i], got, shown)
					}
				}
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("only %d panels compared", checked)
	}

	// A share: the header says %, the cell holds the percentage as the page rounds it.
	rows := excelCSV(t, srv.URL+"/csv/panoramica/presenza?lang=it&format=csv-it")
	if strings.Join(rows[0], ";") != "Anno;Categoria;Valore (%);Numeratore;Denominatore" {
		t.Errorf("header %v", rows[0])
	}
	machine := readCSV(t, srv.URL+"/csv/panoramica/presenza")
	for i, r := range rows[1:] {
		v := parseF(t, machine[i+1][2])
		if n, _ := excelIT(r[2]); n != parseF(t, strconv.FormatFloat(v*100, 'f', 1, 64)) {
			t.Errorf("share %v shown %q", v, r[2])
		}
	}
	// Accented names and labels, in UTF-8.
	all := ""
	for _, r := range excelCSV(t, srv.URL+"/csv/composizione/per_organismo?format=csv-it") {
		all += strings.Join(r, ";") + "\n"
	}
	for _, r := range excelCSV(t, srv.URL+"/csv/composizione/categorie?format=csv-it") {
		all += strings.Join(r, ";") + "\n"
	}
	for _, want := range []string{"Comitato di Sorveglianza PON Città Metropolitane 2014-2020", "Società civile"} {
		if !strings.Contains(all, want) {
			t.Errorf("%q not intact", want)
		}
	}
	// KPIs: each row named by its indicator, values in the tiles' unit.
	rows = excelCSV(t, srv.URL+"/csv/panoramica/indicatori?format=csv-it")
	_, page := get(t, srv.URL+"/cruscotti/panoramica?lang=it")
	if rows[0][2] != "Valore (%)" || rows[1][0] == "P01" || !strings.Contains(page, `<span class="value">`+rows[1][2]+" %</span>") {
		t.Errorf("KPI CSV %v", rows[:2])
	}
	// English words, Italian numbers: the file is for Excel it-IT.
	rows = excelCSV(t, srv.URL+"/csv/panoramica/presenza?lang=en&format=csv-it")
	if strings.Join(rows[0], ";") != "Year;Category;Value (%);Numerator;Denominator" || !strings.Contains(rows[1][2], ",") {
		t.Errorf("English CSV for Excel: %v", rows[:2])
	}
}

// The XLSX has typed cells (the machine CSV's values as fractions with a
// percentage format that shows them as the page does, counts as whole
// numbers) and a second
// sheet with the indicator's definition, the filters, the data version and
// the page's citation.
func TestXLSXDownload(t *testing.T) {
	srv, st := sampleServer(t)
	pub, err := indicator.Published(context.Background(), st.DB())
	if err != nil {
		t.Fatal(err)
	}
	const q = "?cycle=2014-2020&lang=it"
	f := openXLSX(t, srv.URL+"/csv/panoramica/presenza"+q+"&format=xlsx")
	if got := strings.Join(f.GetSheetList(), ","); got != "Dati,Informazioni" {
		t.Fatalf("sheets %s", got)
	}
	_, page := get(t, srv.URL+"/cruscotti/panoramica"+q)
	head, shown, _ := pageTable(t, page, "presenza")
	machine := readCSV(t, srv.URL+"/csv/panoramica/presenza"+q)
	rows, _ := f.GetRows("Dati")
	if strings.Join(rows[0], "|") != strings.Join(head, "|") || len(rows)-1 != len(shown) || len(shown) == 0 {
		t.Fatalf("XLSX %v, page %v %d rows", rows[0], head, len(shown))
	}
	for r := range shown {
		for col, want := range map[int]string{2: "0.0%", 3: ""} {
			cell, _ := excelize.CoordinatesToCellName(col+1, r+2)
			if typ, _ := f.GetCellType("Dati", cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s is not a number: %v", cell, typ)
			}
			// The machine CSV's value, to the 15 digits Excel keeps (excelize cuts the rest).
			raw, _ := f.GetCellValue("Dati", cell, excelize.Options{RawCellValue: true})
			if v := parseF(t, machine[r+1][col]); math.Abs(parseF(t, raw)-v) > 1e-14*math.Abs(v) {
				t.Errorf("%s: %s, machine CSV %s", cell, raw, machine[r+1][col])
			}
			id, _ := f.GetCellStyle("Dati", cell)
			style, _ := f.GetStyle(id)
			if want != "" && (style.CustomNumFmt == nil || *style.CustomNumFmt != want) {
				t.Errorf("%s: format %+v, want %s", cell, style, want)
			}
			if want == "" && style.NumFmt != 3 {
				t.Errorf("%s: format %d, want #,##0", cell, style.NumFmt)
			}
		}
		// Formatted by its percentage format, the share reads as on the page.
		pct, _ := f.GetCellValue("Dati", "C"+strconv.Itoa(r+2))
		if n, _ := excelIT(strings.ReplaceAll(pct, ".", ",")); n*100 != func() float64 { v, _ := pageNumber(shown[r][2]); return v }() {
			t.Errorf("row %d: XLSX shows %s, page %s", r, pct, shown[r][2])
		}
	}
	about := aboutSheet(t, f)
	e := web.IndicatorOptions().Explain("P01", "it")
	cite := regexp.MustCompile(`<cite>(.*?)</cite>`).FindStringSubmatch(page)
	for label, want := range map[string]string{
		"Grafico": "Tasso di presenza per anno", "Indicatore": e.Name + " (P01)", "Che cosa misura": e.What,
		"Formula": e.Formula, "Come leggerlo": e.Read, "Filtri": "Ciclo: 2014-2020", "Ambito degli indicatori": "Ciclo: 2014-2020",
		"Versione dei dati": strconv.FormatInt(pub.DataVersion, 10), "Data di riferimento": "2025-12-31",
		"Citazione": html.UnescapeString(cite[1]),
	} {
		if about[label] != want {
			t.Errorf("%s: %q, want %q", label, about[label], want)
		}
	}
	if !strings.Contains(about["Citazione"], "/cruscotti/panoramica?") || !strings.Contains(about["Citazione"], "data_version=") {
		t.Errorf("citation %q", about["Citazione"])
	}

	// English: sheet names, headers and the definition follow lang.
	f = openXLSX(t, srv.URL+"/csv/panoramica/presenza?lang=en&format=xlsx")
	rows, _ = f.GetRows("Data")
	about = aboutSheet(t, f)
	if strings.Join(f.GetSheetList(), ",") != "Data,About" || strings.Join(rows[0], "|") != "Year|Category|Value|Numerator|Denominator" ||
		about["What it measures"] != web.IndicatorOptions().Explain("P01", "en").What || about["Filters"] != "none (all the data)" {
		t.Errorf("English XLSX: %v %v", f.GetSheetList(), rows[0])
	}
}

func openXLSX(t *testing.T, url string) *excelize.File {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!strings.HasSuffix(resp.Header.Get("Content-Disposition"), `.xlsx"`) {
		t.Fatalf("%s: %d %v", url, resp.StatusCode, resp.Header)
	}
	f, err := excelize.OpenReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// aboutSheet is the second sheet as label → text.
func aboutSheet(t *testing.T, f *excelize.File) map[string]string {
	t.Helper()
	rows, err := f.GetRows(f.GetSheetList()[1])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		if len(r) == 2 {
			out[r[0]] = r[1]
		}
	}
	return out
}

// A small cell is withheld in all three downloads: empty with soppresso=true
// in the machine CSV, worded as on the page in the Excel CSV and the XLSX,
// never its numbers.
func TestDownloadsWithholdSmallCells(t *testing.T) {
	srv, st := sampleServer(t)
	loadAndPublish(t, st, map[string]string{ // E01 for GL-PICCOLO in 2024: 1 woman of 2 people present
		"organismi_piccolo.csv": "id_organismo,denominazione,tipo\nGL-PICCOLO,Gruppo di lavoro piccolo,gruppo_lavoro\n",
		"riunioni_piccolo.csv":  "id_riunione,id_organismo,data,fase\nGLP-1,GL-PICCOLO,2024-05-06,attuazione\n",
		"presenze_piccolo.csv":  "id_riunione,id_organizzazione,id_rappresentante,genere,presente\nGLP-1,ACT,P-1,F,sì\nGLP-1,DPCOE,P-2,M,sì\n",
	})
	base := srv.URL + "/csv/organismo/donne?body=GL-PICCOLO"
	row := func(rows [][]string) []string {
		for _, r := range rows {
			if r[0] == "2024" {
				return r
			}
		}
		t.Fatalf("no 2024 row in %v", rows)
		return nil
	}
	if r := row(readCSV(t, base)); strings.Join(r[2:], ",") != ",,,true" {
		t.Errorf("machine CSV: %v", r)
	}
	if r := row(excelCSV(t, base+"&lang=it&format=csv-it")); strings.Join(r[2:], ";") != "< 3 persone;< 3 persone;< 3 persone" {
		t.Errorf("Excel CSV: %v", r)
	}
	for lg, sheet := range map[string]string{"it": "Dati", "en": "Data"} {
		f := openXLSX(t, base+"&format=xlsx&lang="+lg)
		rows, _ := f.GetRows(sheet)
		r := row(rows)
		want := map[string]string{"it": "< 3 persone", "en": "< 3 people"}[lg]
		if strings.Join(r[2:], ";") != want+";"+want+";"+want {
			t.Errorf("XLSX (%s): %v", lg, r)
		}
		if about := aboutSheet(t, f); about[map[string]string{"it": "Valori non mostrati", "en": "Values not shown"}[lg]] == "" {
			t.Errorf("XLSX (%s) does not say small cells are withheld: %v", lg, about)
		}
	}
}

// The panel offers the three downloads, labelled, in both languages; their
// addresses answer; an unknown format is refused naming the accepted ones,
// and format=csv is the machine CSV as before.
func TestDownloadLinksAndFormats(t *testing.T) {
	srv, _ := sampleServer(t)
	link := regexp.MustCompile(`<a class="(csv-it|xlsx|csv)" href="([^"]+)"[^>]*>([^<]+)</a>`)
	for lg, labels := range map[string]string{"it": "CSV per Excel|Excel (XLSX)|CSV (dati)", "en": "CSV for Excel (Italian)|Excel (XLSX)|CSV (data)"} {
		_, page := get(t, srv.URL+"/cruscotti/partecipazione?lang="+lg)
		i := strings.Index(page, `id="panel-presenza_categoria"`)
		if i < 0 {
			t.Fatal("no panel")
		}
		sec := page[i : i+strings.Index(page[i:], "</section>")]
		var got []string
		for _, m := range link.FindAllStringSubmatch(sec, -1) {
			got = append(got, m[3])
			start := map[string]string{"csv-it": "\uFEFF", "xlsx": "PK", "csv": "anno,"}[m[1]] // BOM, zip, header
			if code, body := get(t, srv.URL+html.UnescapeString(m[2])); code != http.StatusOK || !strings.HasPrefix(body, start) {
				t.Errorf("%s: %d %.200q", m[2], code, body)
			}
		}
		if strings.Join(got, "|") != labels {
			t.Errorf("%s links: %v", lg, got)
		}
	}
	code, body := get(t, srv.URL+"/csv/panoramica/presenza?format=pdf")
	if code != http.StatusBadRequest || !strings.Contains(body, "csv, csv-it, xlsx") {
		t.Errorf("unknown format: %d %s", code, body)
	}
	_, def := get(t, srv.URL+"/csv/panoramica/presenza")
	_, explicit := get(t, srv.URL+"/csv/panoramica/presenza?format=csv")
	if def != explicit || !strings.HasPrefix(def, "anno,categoria,valore,numeratore,denominatore") {
		t.Errorf("machine CSV changed: %.100s", explicit)
	}
}
