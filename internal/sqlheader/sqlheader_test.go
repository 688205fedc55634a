package sqlheader

import "testing"

func TestParse(t *testing.T) {
	f, err := Parse(`-- id: X01
-- title_it: Un titolo
--   che continua
-- a plain comment: not a key
-- param: year int
-- param: body_id text optional

SELECT $year, $body_id;
`, []string{"id", "title_it"}, []string{"param"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Meta["id"] != "X01" || f.Meta["title_it"] != "Un titolo che continua" || len(f.Meta) != 2 {
		t.Errorf("meta %v", f.Meta)
	}
	if p := f.Repeats["param"]; len(p) != 2 || p[1] != "body_id text optional" {
		t.Errorf("params %v", p)
	}
	if f.SQL != "SELECT $year, $body_id" {
		t.Errorf("sql %q", f.SQL)
	}
	if _, err := Parse("-- id: a\n-- id: b\nSELECT 1", []string{"id"}, nil); err == nil {
		t.Error("a key given twice was accepted")
	}
}
