package web

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Charts cut long names so that axes and legends fit; names sharing their
// first words ("Comitato di Sorveglianza PON …", three times) would then read
// the same. shortLabels cuts them so that they stay apart; the chart shows
// these on its axes and legend, the full names in tooltips and tables.

// shortLabels returns, for each name, a label of at most width characters,
// different for different names. A name that fits is kept; a longer one is
// cut at a word, ending in "…". Where cuts coincide, the words a name shares
// at the start with another (two or more) become initials ("Comitato di
// Sorveglianza PON Città Metropolitane 2014-2020" → "CdS PON Città…"), so
// that the words telling them apart show; where they still coincide, the
// first word is followed by what differs ("PdCdM… Pari Opportunità"); last,
// a number.
func shortLabels(names []string, width int) []string {
	src := map[string]string{} // name → the text cut for its label
	var distinct []string
	for _, n := range names {
		if _, ok := src[n]; !ok {
			src[n] = n
			distinct = append(distinct, n)
		}
	}
	// Each step rewrites every name of a group from the group as it was.
	step := func(rewrite func(w []string, p int) string) {
		for _, g := range coinciding(distinct, src, width) {
			next := map[string]string{}
			for _, n := range g {
				w := strings.Fields(src[n])
				if s := rewrite(w, sharedStart(w, n, g, src)); s != "" {
					next[n] = s
				}
			}
			for n, s := range next {
				src[n] = s
			}
		}
	}
	step(abbreviate)
	// A name cut anyway that starts like one shortened follows it ("CdS PR
	// Basilicata…" beside "CdS PON Città…").
	var shortened []string
	for _, n := range distinct {
		if src[n] != n {
			shortened = append(shortened, n)
		}
	}
	for _, n := range distinct {
		if src[n] != n || utf8.RuneCountInString(n) <= width {
			continue
		}
		w, p := strings.Fields(n), 0
		for _, m := range shortened {
			p = max(p, commonWords(w, strings.Fields(m)))
		}
		if s := abbreviate(w, min(p, len(w)-1)); s != "" {
			src[n] = s
		}
	}
	step(func(w []string, p int) string {
		if p < 1 {
			return ""
		}
		return w[0] + "… " + strings.Join(w[p:], " ")
	})
	label := map[string]string{}
	for _, n := range distinct {
		label[n] = cut(src[n], width)
	}
	for _, g := range coinciding(distinct, src, width) {
		for i, n := range g {
			k := " (" + strconv.Itoa(i+1) + ")"
			label[n] = cut(src[n], width-utf8.RuneCountInString(k)) + k
		}
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = label[n]
	}
	return out
}

// coinciding groups the names whose cut texts read the same, in order.
func coinciding(names []string, src map[string]string, width int) [][]string {
	by := map[string][]string{}
	var order []string
	for _, n := range names {
		l := cut(src[n], width)
		if len(by[l]) == 0 {
			order = append(order, l)
		}
		by[l] = append(by[l], n)
	}
	var out [][]string
	for _, l := range order {
		if len(by[l]) > 1 {
			out = append(out, by[l])
		}
	}
	return out
}

// sharedStart counts the words (w, of name n) the text of n starts with in
// common with another of its group, leaving it at least one word of its own.
func sharedStart(w []string, n string, group []string, src map[string]string) int {
	p := 0
	for _, m := range group {
		if m != n {
			p = max(p, commonWords(w, strings.Fields(src[m])))
		}
	}
	return min(p, len(w)-1)
}

// commonWords counts the words a and b start with alike.
func commonWords(a, b []string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// abbreviate turns the first p words of w, when two or more, into initials;
// "" when it does not apply. Up to a dash the words name the parent
// ("Presidenza del Consiglio dei Ministri – Dipartimento …"): only those.
func abbreviate(w []string, p int) string {
	for d := p - 1; d >= 2; d-- {
		if !wordlike(w[d]) {
			p = d
			break
		}
	}
	if p < 2 {
		return ""
	}
	return initials(w[:p]) + " " + strings.Join(w[p:], " ")
}

// initials shortens words the way Italian names are: "Comitato di
// Sorveglianza" → "CdS"; acronyms, abbreviations and numbers are kept
// ("PON", "CdS", "2021"), one-letter words and dashes dropped.
func initials(words []string) string {
	var out []string
	var run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			out = append(out, run.String())
			run.Reset()
		}
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case keepWhole(w) || unicode.IsDigit(r):
			flush()
			out = append(out, w)
		case !unicode.IsLetter(r) || unicode.IsLower(r) && utf8.RuneCountInString(w) == 1:
		default:
			run.WriteRune(r)
		}
	}
	flush()
	return strings.Join(out, " ")
}

// keepWhole: an acronym ("PON", "FSE+") or an abbreviation ("CdS"), i.e. a
// capital after the first letter.
func keepWhole(w string) bool {
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// cut shortens s to at most width characters ending in "…": at the end of
// a word when one ends in the last 40 %, without a dangling short word
// ("e", "di", "delle") or dash, unless that leaves less than half the room.
func cut(s string, width int) string {
	r := []rune(s)
	if len(r) <= width {
		return s
	}
	if width < 2 {
		return "…"
	}
	head := string(r[:width-1])
	if r[width-1] == ' ' { // the head ends a word
		head += " "
	}
	if i := strings.LastIndex(head, " "); i >= 0 && utf8.RuneCountInString(head[:i]) >= (width-1)*6/10 {
		w := strings.Fields(head[:i])
		for len(w) > 1 && dangling(w[len(w)-1]) {
			w = w[:len(w)-1]
		}
		// Not down to half the room ("Ministero…"): then within a word.
		if words := strings.Join(w, " "); utf8.RuneCountInString(words) >= width/2 {
			head = words
		}
	}
	return strings.TrimRight(head, " ,;:–-") + "…"
}

// dangling words read badly before "…": dashes, articles and prepositions
// (short lower-case words, "della", "dell'").
func dangling(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return !wordlike(w) || unicode.IsLower(r) && (utf8.RuneCountInString(w) <= 3 || prepositions[w] || strings.HasSuffix(w, "'"))
}

var prepositions = map[string]bool{"della": true, "delle": true, "dello": true, "degli": true, "nella": true, "nelle": true,
	"negli": true, "alla": true, "alle": true, "agli": true, "dalla": true, "dalle": true, "dagli": true, "sulla": true, "sulle": true}

// wordlike: a word, not a dash or other sign.
func wordlike(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
