package web_test

import (
	"bytes"
	"encoding/csv"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"osservatorio/internal/dashboard"
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
	thRe = regexp.MustCompile(`<th scope="col">(.*?)</th>`)
	trRe = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	tdRe = regexp.MustCompile(`(?s)<td>(.*?)</td>`)
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
			row = append(row, html.UnescapeString(c[1]))
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

// A small cell is withheld in the downloads: empty with soppresso=true in
// the machine CSV, worded as on the page in the Excel CSV, never its
// numbers.
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
}

// An unknown format is refused naming the accepted ones; format=csv is the
// machine CSV as before.
func TestDownloadFormats(t *testing.T) {
	srv, _ := sampleServer(t)
	code, body := get(t, srv.URL+"/csv/panoramica/presenza?format=pdf")
	if code != http.StatusBadRequest || !strings.Contains(body, "csv, csv-it") {
		t.Errorf("unknown format: %d %s", code, body)
	}
	_, def := get(t, srv.URL+"/csv/panoramica/presenza")
	_, explicit := get(t, srv.URL+"/csv/panoramica/presenza?format=csv")
	if def != explicit || !strings.HasPrefix(def, "anno,categoria,valore,numeratore,denominatore") {
		t.Errorf("machine CSV changed: %.100s", explicit)
	}
}
