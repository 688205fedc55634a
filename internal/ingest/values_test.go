package ingest

import "testing"

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2024-04-25", "2024-04-25", true},
		{"25/04/2024", "2024-04-25", true},
		{"5/4/2024", "2024-04-05", true},
		{"05/4/2024", "2024-04-05", true},
		{"29/02/2024", "2024-02-29", true},
		{"29/02/2023", "", false},
		{"31/04/2024", "", false},
		{"2024-13-01", "", false},
		{"2024/04/25", "", false},
		{"25-04-2024", "", false},
		{"25/04/24", "", false},
		{"ieri", "", false},
	}
	for _, c := range cases {
		d, ok := parseDate(c.in)
		if ok != c.ok || (ok && dateString(d) != c.want) {
			t.Errorf("parseDate(%q) = %s,%v want %s,%v", c.in, dateString(d), ok, c.want, c.ok)
		}
	}
}

func TestParseBool(t *testing.T) {
	for _, s := range []string{"true", "TRUE", "1", "sì", "Sì", "si", "SI", "yes", "Yes", "x", "X"} {
		if v, ok := parseBool(s); !ok || !v {
			t.Errorf("parseBool(%q) = %v,%v", s, v, ok)
		}
	}
	for _, s := range []string{"false", "False", "0", "no", "NO"} {
		if v, ok := parseBool(s); !ok || v {
			t.Errorf("parseBool(%q) = %v,%v", s, v, ok)
		}
	}
	for _, s := range []string{"forse", "2", "-1", "ok"} {
		if _, ok := parseBool(s); ok {
			t.Errorf("parseBool(%q) accepted", s)
		}
	}
}

func TestFoldEnums(t *testing.T) {
	cases := map[string]string{
		"società civile":    "civil_society",
		"Società-Civile":    "civil_society",
		"parità-inclusione": "equality_inclusion",
		"PARITA INCLUSIONE": "equality_inclusion",
		"economic social":   "economic_social",
		"Istituzionale":     "institutional",
		"research":          "research",
	}
	for in, want := range cases {
		if got := categories[fold(in)]; got != want {
			t.Errorf("category %q → %q, want %q", in, got, want)
		}
	}
	if got := modes[fold("Procedura scritta")]; got != "written" {
		t.Errorf("mode → %q", got)
	}
	if got := cycles[fold("2021-2027")]; got != "2021-2027" {
		t.Errorf("cycle → %q", got)
	}
	if fold(" Modalità ") != "modalita" {
		t.Errorf("header fold = %q", fold(" Modalità "))
	}
}
