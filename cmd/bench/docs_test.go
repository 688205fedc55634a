package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const doc = "# Benchmarks\n\nIntro.\n\n## `make bench`\n\n" + beginMarker + "\nold table\nold line\n" + endMarker + "\n\n## Loading\n\nUntouched | text\n"

func TestReplaceSection(t *testing.T) {
	out, err := replaceSection(doc, "| a | b |\n|---|---|\n")
	if err != nil {
		t.Fatal(err)
	}
	want := "# Benchmarks\n\nIntro.\n\n## `make bench`\n\n" + beginMarker + "\n| a | b |\n|---|---|\n" + endMarker + "\n\n## Loading\n\nUntouched | text\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	// Again: the same result (the markers stay), and a body without its
	// final newline gets one.
	again, err := replaceSection(out, "| a | b |\n|---|---|")
	if err != nil || again != want {
		t.Errorf("second rewrite: %v\n%s", err, again)
	}
	// Empty markers, as the file starts.
	empty, err := replaceSection(doc, "")
	if err != nil || !strings.Contains(empty, beginMarker+"\n"+endMarker+"\n") {
		t.Errorf("empty body: %v\n%s", err, empty)
	}
	filled, err := replaceSection(empty, "x\n")
	if err != nil || !strings.Contains(filled, beginMarker+"\nx\n"+endMarker+"\n") {
		t.Errorf("filling empty markers: %v\n%s", err, filled)
	}
}

func TestReplaceSectionKeepsTheRest(t *testing.T) {
	crlf := "a\r\n  " + beginMarker + "  \r\nold\r\n" + endMarker + "\r\nz\r\nno final newline"
	out, err := replaceSection(crlf, "new\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "a\r\n  "+beginMarker+"  \r\nnew\n") || !strings.HasSuffix(out, endMarker+"\r\nz\r\nno final newline") {
		t.Errorf("the lines outside the section changed:\n%q", out)
	}
}

func TestReplaceSectionRefuses(t *testing.T) {
	for name, d := range map[string]string{
		"no markers":   "# x\n",
		"no end":       beginMarker + "\n",
		"no begin":     endMarker + "\n",
		"reversed":     endMarker + "\n" + beginMarker + "\n",
		"twice":        beginMarker + "\n" + endMarker + "\n" + beginMarker + "\n" + endMarker + "\n",
		"inline begin": "see " + beginMarker + "\n" + endMarker + "\n",
	} {
		if _, err := replaceSection(d, "x\n"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestRewriteDocs(t *testing.T) {
	p := filepath.Join(t.TempDir(), "B.md")
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := rewriteDocs(p, "new\n"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), beginMarker+"\nnew\n"+endMarker) {
		t.Errorf("not rewritten:\n%s", b)
	}
	// The real file carries the markers.
	real, err := os.ReadFile("../../docs/BENCHMARKS.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replaceSection(string(real), "x\n"); err != nil {
		t.Errorf("docs/BENCHMARKS.md: %v", err)
	}
}

// A bench.json written by a run renders the same section again.
func TestRenderFrom(t *testing.T) {
	dir := t.TempDir()
	one := &setReport{Name: "1m", Label: "1 M", Rows: map[string]int64{"attendance": 1020910}, Load: &loadFigs{Ratio: 0.79}}
	r := &report{Sets: []*setReport{one}, Options: reportOpts{Only: []string{"load"}}}
	r.Targets = evaluate(r.Sets)
	js, md := filepath.Join(dir, "bench.json"), filepath.Join(dir, "B.md")
	if err := writeReport(js, r); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(md, []byte(doc), 0o644)
	if err := renderFrom(js, md); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(md)
	if want := markdown(r); !strings.Contains(string(b), beginMarker+"\n"+want+endMarker) {
		t.Errorf("rendered from the file:\n%s\nfrom the report:\n%s", b, want)
	}
	if !strings.Contains(string(b), "| refresh after one body's new month | 10 M | < 2 s | the 10 M set was not run | – |") {
		t.Errorf("an unmeasured target shows its note alone:\n%s", b)
	}
}
