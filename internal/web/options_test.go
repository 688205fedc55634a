package web

import "testing"

// The options are written outside html/template's escaping: a value or a
// label from the data must come out as text, and exactly the selected value
// marked.
func TestSelectOptions(t *testing.T) {
	got := string(selectOptions([]option{
		{Value: "", Label: "Tutti"},
		{Value: `x"><script>`, Label: `A & B <i>'q'</i>`},
		{Value: "ITC4", Label: "Lombardia"},
	}, "ITC4"))
	want := `<option value="">Tutti</option>` +
		`<option value="x&#34;&gt;&lt;script&gt;">A &amp; B &lt;i&gt;&#39;q&#39;&lt;/i&gt;</option>` +
		`<option value="ITC4" selected>Lombardia</option>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := string(selectOptions([]option{{Value: "", Label: "Tutti"}}, "")); got != `<option value="" selected>Tutti</option>` {
		t.Errorf("empty value selected: %s", got)
	}
}
