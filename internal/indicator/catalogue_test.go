package indicator

import (
	"strings"
	"testing"
)

func TestCatalogue(t *testing.T) {
	defs, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	required := strings.Fields(`C01 C02 C03 C04 C05 C06 C07 P01 P03 P04 P05 P06 P07 P09
		Q01 Q02 Q04 Q05 Q06 Q07 Q08 N01 N03 N04 N05 E01 E02 E03 E04`)
	byID := map[string]Def{}
	for i, d := range defs {
		if i > 0 && defs[i-1].ID >= d.ID {
			t.Errorf("not sorted by ID at %s", d.ID)
		}
		byID[d.ID] = d
		for _, lang := range []string{"it", "en"} {
			e, ok := d.Explain[lang]
			if !ok || e.What == "" || e.Formula == "" || e.Why == "" || e.Read == "" || e.Caveats == "" {
				t.Errorf("%s: explanation %s incomplete: %+v", d.ID, lang, e)
			}
		}
		if d.NameIT == "" || d.NameEN == "" || !strings.Contains(d.Source, "240/2014") || d.SmallCell == "" {
			t.Errorf("%s: metadata %+v", d.ID, d)
		}
		if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(d.SQL)), "SELECT") &&
			!strings.HasPrefix(strings.ToUpper(strings.TrimSpace(d.SQL)), "WITH") {
			t.Errorf("%s: the query does not start with SELECT or WITH", d.ID)
		}
	}
	for _, id := range required {
		if _, ok := byID[id]; !ok {
			t.Errorf("%s missing from the catalogue", id)
		}
	}
	for _, id := range []string{"N01", "N03", "N05"} {
		if byID[id].Compute != "go" {
			t.Errorf("%s: compute %q, want go", id, byID[id].Compute)
		}
	}
	for _, id := range []string{"E01", "E02"} {
		if !strings.Contains(byID[id].SmallCell, "< 3") {
			t.Errorf("%s: small_cell %q", id, byID[id].SmallCell)
		}
	}
	// The caller's copy is its own.
	defs[0].Explain["it"] = Explanation{}
	again, _ := Catalogue()
	if again[0].Explain["it"].What == "" {
		t.Error("Catalogue returned shared maps")
	}
}

func TestParseDefErrors(t *testing.T) {
	good := `-- id: X01
-- name_it: a
-- name_en: b
-- family: process
-- unit: share
-- source: Reg. (UE) 240/2014
-- higher_is_better: true
-- small_cell: none
-- what_it: w
--   continued
-- what_en: w
-- formula_it: f
-- formula_en: f
-- why_it: y
-- why_en: y
-- read_it: r
-- read_en: r
-- caveats_it: c
-- caveats_en: c

SELECT 1;
`
	d, err := parseDef("indicators/X01.sql", good)
	if err != nil {
		t.Fatal(err)
	}
	if d.Explain["it"].What != "w continued" || d.SQL != "SELECT 1" || d.Compute != "sql" {
		t.Fatalf("%+v", d)
	}
	for name, text := range map[string]string{
		"indicators/X02.sql": good,                                                     // id does not match
		"indicators/X01.sql": strings.Replace(good, "family: process", "family: x", 1), // bad family
	} {
		if _, err := parseDef(name, text); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if _, err := parseDef("indicators/X01.sql", strings.Replace(good, "-- unit: share\n", "", 1)); err == nil {
		t.Error("missing unit accepted")
	}
}
