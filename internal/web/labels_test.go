package web

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// sampleNames reads the names (column denominazione) of a sample file.
func sampleNames(t *testing.T, file string, sep rune) []string {
	t.Helper()
	f, err := os.Open("../../data/sample/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = sep
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if strings.TrimPrefix(h, "\ufeff") == "denominazione" {
			col = i
		}
	}
	if col < 0 || len(rows) < 10 {
		t.Fatalf("%s: no names", file)
	}
	var names []string
	for _, r := range rows[1:] {
		names = append(names, r[col])
	}
	return names
}

// The sample's bodies (three "Comitato di Sorveglianza …", two "Laboratorio
// di Ricerca e Intervento …") and organisations keep distinct labels at
// every width the charts cut to, each within that width; a name that fits
// is kept as it is; the same name gets the same label.
func TestShortLabelsStayDistinct(t *testing.T) {
	bodies := sampleNames(t, "organismi.csv", ',')
	orgs := sampleNames(t, "organizzazioni.csv", ';')
	for _, names := range [][]string{bodies, orgs} {
		for _, width := range []int{labelAxis, labelLegend, labelHbar, 16} {
			labels := shortLabels(append(names, names[0]), width)
			seen := map[string]string{}
			for i, l := range labels[:len(names)] {
				if other, ok := seen[l]; ok {
					t.Errorf("width %d: %q and %q both read %q", width, other, names[i], l)
				}
				seen[l] = names[i]
				if utf8.RuneCountInString(l) > width {
					t.Errorf("width %d: %q is %d characters", width, l, utf8.RuneCountInString(l))
				}
				if utf8.RuneCountInString(names[i]) <= width && l != names[i] {
					t.Errorf("width %d: %q fits but reads %q", width, names[i], l)
				}
			}
			if labels[len(names)] != labels[0] {
				t.Errorf("width %d: the same name labelled %q and %q", width, labels[0], labels[len(names)])
			}
		}
	}
	// What tells them apart shows.
	want := map[string]string{
		"Comitato di Sorveglianza PON Governance e Capacità Istituzionale 2014-2020":                                                                   "CdS PON Governance…",
		"Comitato di Sorveglianza PON Città Metropolitane 2014-2020":                                                                                   "CdS PON Città…",
		"Comitato di Sorveglianza PR Basilicata FESR FSE+ 2021-2027":                                                                                   "CdS PR Basilicata FESR…",
		"Laboratorio di Ricerca e Intervento 1 – Metodi e strumenti per la costituzione, la regolazione e l'organizzazione di Partenariati pertinenti": "LdRI 1 – Metodi…",
		"Laboratorio di Ricerca e Intervento 2 – Rafforzamento della capacità dei Partner":                                                             "LdRI 2 – Rafforzamento…",
		"OPS SNAI Giovani": "OPS SNAI Giovani",
	}
	labels := shortLabels(bodies, labelAxis)
	for i, n := range bodies {
		if w, ok := want[n]; ok && labels[i] != w {
			t.Errorf("%q: %q, want %q", n, labels[i], w)
		}
	}
	// Wider, the Basilicata committee's cut no longer meets the others', but
	// it is shortened as they are.
	for i, l := range shortLabels(bodies, labelHbar) {
		if strings.HasPrefix(bodies[i], "Comitato di Sorveglianza") && !strings.HasPrefix(l, "CdS ") {
			t.Errorf("%q: %q, want it to start with CdS like the other committees", bodies[i], l)
		}
	}
}

func TestCut(t *testing.T) {
	for _, c := range []struct {
		s     string
		width int
		want  string
	}{
		{"Città metropolitana", 30, "Città metropolitana"},
		{"Comitato di Sorveglianza PON", 12, "Comitato…"}, {"Comitato di Sorveglianza PON", 25, "Comitato di Sorveglianza…"},
		{"Associazione Nazionale Comuni Italiani", 20, "Associazione…"},
		{"Tavolo partenariale Regione Basilicata – Programmazione", 40, "Tavolo partenariale Regione Basilicata…"},
		{"Abcdefghijklmnopqrstuvwxyz", 10, "Abcdefghi…"},
	} {
		if got := cut(c.s, c.width); got != c.want {
			t.Errorf("cut(%q, %d) = %q, want %q", c.s, c.width, got, c.want)
		}
	}
}
