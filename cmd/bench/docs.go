package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

const (
	beginMarker = "<!-- bench:begin -->"
	endMarker   = "<!-- bench:end -->"
)

// replaceSection puts body between the marker lines of doc, keeping the
// markers and everything outside them byte for byte. Each marker must be on
// a line of its own, once, begin before end.
func replaceSection(doc, body string) (string, error) {
	lines := strings.SplitAfter(doc, "\n")
	begin, end := -1, -1
	for i, l := range lines {
		switch strings.TrimSpace(l) {
		case beginMarker:
			if begin >= 0 {
				return "", errors.New(beginMarker + " appears twice")
			}
			begin = i
		case endMarker:
			if end >= 0 {
				return "", errors.New(endMarker + " appears twice")
			}
			end = i
		}
	}
	switch {
	case begin < 0 || end < 0:
		return "", fmt.Errorf("the lines %s and %s are not both there", beginMarker, endMarker)
	case end < begin:
		return "", errors.New(endMarker + " comes before " + beginMarker)
	}
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	before := strings.Join(lines[:begin+1], "")
	if !strings.HasSuffix(before, "\n") { // the begin marker ended the file without a newline: impossible before end
		before += "\n"
	}
	return before + body + strings.Join(lines[end:], ""), nil
}

// rewriteDocs rewrites the bench section of the Markdown file at path.
func rewriteDocs(path, body string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := replaceSection(string(b), body)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, []byte(out), 0o644)
}

// renderFrom rewrites the docs section from a bench.json, as its run wrote
// it (after a change of the section's layout).
func renderFrom(report, docs string) error {
	if docs == "" || docs == "-" {
		return errors.New("--from needs --docs")
	}
	r, err := readReport(report)
	if err != nil {
		return err
	}
	return rewriteDocs(docs, markdown(r))
}
