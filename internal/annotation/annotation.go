// Package annotation holds the Laboratori's notes on the data: short texts
// attached to an indicator value (indicator, scope, period), a body, a
// guideline or an evidence pack, each with its pseudonymous author, its time
// and the data version it refers to. Notes are append-only: editing adds a
// revision and keeps every earlier text (queries/schema/011_annotations.sql).
package annotation

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Bounds of what is stored and asked for.
const (
	MaxText      = 2000 // characters (runes) of a note's text
	MaxID        = 200  // characters of an id in a target (as dashboard.MaxParam)
	MaxAuthor    = 64   // characters of an author id
	DefaultLimit = 100  // notes per List page when none is asked for
	MaxLimit     = 1000 // notes per List page
	MaxOffset    = 1_000_000
	MaxTargets   = 1000 // targets per ForTargets call
)

// Kind is what a note is attached to.
type Kind string

// The kinds of target.
const (
	KindIndicator Kind = "indicator" // one indicator value: indicator, scope, period
	KindBody      Kind = "body"
	KindGuideline Kind = "guideline"
	KindPack      Kind = "pack" // an evidence pack, e.g. EP-2026-0007
)

// Kinds lists the kinds, for messages.
var Kinds = []Kind{KindIndicator, KindBody, KindGuideline, KindPack}

// Target is what a note is attached to: Kind says which of the other fields
// are set.
type Target struct {
	Kind      Kind   `json:"kind"`
	Indicator string `json:"indicator,omitempty"` // e.g. P01
	Scope     string `json:"scope,omitempty"`     // all, or body:…, programme:…, body_type:…, nuts:…, cycle:…
	Period    string `json:"period,omitempty"`    // all, or a year YYYY
	Body      string `json:"body,omitempty"`
	Guideline string `json:"guideline,omitempty"`
	Pack      string `json:"pack,omitempty"`
}

// IndicatorValue is the target of one indicator value.
func IndicatorValue(indicator, scope, period string) Target {
	return Target{Kind: KindIndicator, Indicator: indicator, Scope: scope, Period: period}
}

// Body is the target of a body.
func Body(id string) Target { return Target{Kind: KindBody, Body: id} }

// Guideline is the target of a guideline.
func Guideline(id string) Target { return Target{Kind: KindGuideline, Guideline: id} }

// Pack is the target of an evidence pack.
func Pack(id string) Target { return Target{Kind: KindPack, Pack: id} }

// Key is the target as one string, equal for equal targets: pages group
// notes by it. Indicator ids and periods hold no "/", so the scope between
// them is unambiguous.
func (t Target) Key() string {
	switch t.Kind {
	case KindIndicator:
		return "indicator/" + t.Indicator + "/" + t.Scope + "/" + t.Period
	case KindBody:
		return "body/" + t.Body
	case KindGuideline:
		return "guideline/" + t.Guideline
	case KindPack:
		return "pack/" + t.Pack
	}
	return string(t.Kind) + "/"
}

// String names the target for people: "P01 · all · 2023", "body LPP".
func (t Target) String() string {
	if t.Kind == KindIndicator {
		return t.Indicator + " · " + t.Scope + " · " + t.Period
	}
	return string(t.Kind) + " " + strings.TrimPrefix(t.Key(), string(t.Kind)+"/")
}

// Annotation is a note as it reads now (its latest revision), with who
// first wrote it and when.
type Annotation struct {
	ID      int64     `json:"id"`
	Target  Target    `json:"target"`
	Author  string    `json:"author"`  // who wrote the note: a token id, never a person's name
	Created time.Time `json:"created"` // when the note was written
	// The current text, the data version it refers to, and its revision
	// number: 1 for a note never edited, n after n-1 edits.
	Text        string `json:"text"`
	DataVersion int64  `json:"data_version"`
	Revision    int    `json:"revision"`
	// Who wrote the current text and when (the author and Created for
	// revision 1).
	RevisedBy string    `json:"revised_by"`
	Revised   time.Time `json:"revised"`
	// Revisions are every text of the note, oldest first: filled by History
	// only.
	Revisions []Revision `json:"revisions,omitempty"`
}

// Edited reports whether the note has more than one revision.
func (a Annotation) Edited() bool { return a.Revision > 1 }

// Revision is one text a note has had.
type Revision struct {
	Revision    int       `json:"revision"`
	Text        string    `json:"text"`
	DataVersion int64     `json:"data_version"`
	Author      string    `json:"author"`
	Created     time.Time `json:"created"`
}

// FieldError is a value that is not accepted: Field names it as the API's
// JSON does (text, data_version, target.indicator, …).
type FieldError struct {
	Field, Msg string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// ErrNotFound is an annotation id that names no note.
var ErrNotFound = errors.New("annotation: no such note")

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// CleanText trims a note's text and checks it: required, at most MaxText
// characters, no control characters but line breaks (a note may have
// paragraphs; \r\n is kept as \n), no bidirectional overrides (they make a
// text read otherwise than it is stored).
func CleanText(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fieldErr("text", "not valid UTF-8")
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return "", fieldErr("text", "required")
	}
	if n := utf8.RuneCountInString(s); n > MaxText {
		return "", fieldErr("text", "at most %d characters (this one has %d)", MaxText, n)
	}
	for _, r := range s {
		if r != '\n' && unicode.IsControl(r) || bidi(r) {
			return "", fieldErr("text", "control character %U is not accepted", r)
		}
	}
	return s, nil
}

func bidi(r rune) bool { return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 }

// authorRE is the form of a token id (and of "cli"): letters, digits, and
// . _ - — no spaces, so a person's full name does not fit by mistake.
var authorRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// CheckAuthor checks an author's form: a pseudonymous id.
func CheckAuthor(s string) error {
	if s == "" {
		return fieldErr("author", "required: a token id")
	}
	if len(s) > MaxAuthor || !authorRE.MatchString(s) {
		return fieldErr("author", "a token id: at most %d letters, digits, '.', '_' or '-'", MaxAuthor)
	}
	return nil
}

var (
	packRE   = regexp.MustCompile(`^EP-\d{4}-\d{4}$`)
	scopeKey = map[string]bool{"body": true, "programme": true, "body_type": true, "nuts": true, "cycle": true}
)

// checkForm trims a target's ids and checks their form (what can be checked
// without the database): the kind's fields set, the others empty.
func (t *Target) checkForm() error {
	for _, p := range []*string{&t.Indicator, &t.Scope, &t.Period, &t.Body, &t.Guideline, &t.Pack} {
		*p = strings.TrimSpace(*p)
	}
	own := map[Kind][]string{KindIndicator: {"indicator", "scope", "period"}, KindBody: {"body"},
		KindGuideline: {"guideline"}, KindPack: {"pack"}}
	fields, ok := own[t.Kind]
	if !ok {
		return fieldErr("target.kind", "one of indicator, body, guideline, pack")
	}
	for _, f := range t.fields() {
		name, v := f[0], f[1]
		switch {
		case v == "" && contains(fields, name):
			return fieldErr("target."+name, "required for a target of kind %s", t.Kind)
		case v != "" && !contains(fields, name):
			return fieldErr("target."+name, "not part of a target of kind %s (it takes %s)", t.Kind, strings.Join(fields, ", "))
		case len(v) > MaxID:
			return fieldErr("target."+name, "at most %d characters", MaxID)
		case strings.ContainsFunc(v, unicode.IsControl):
			return fieldErr("target."+name, "no control characters")
		}
	}
	switch t.Kind {
	case KindIndicator:
		if err := checkScope(t.Scope); err != nil {
			return err
		}
		return checkPeriod(t.Period)
	case KindPack:
		if !packRE.MatchString(t.Pack) {
			return fieldErr("target.pack", "an evidence pack id EP-YYYY-NNNN")
		}
	}
	return nil
}

// fields are a target's (name, value) pairs, in a fixed order so that the
// first error is always the same.
func (t Target) fields() [][2]string {
	return [][2]string{{"indicator", t.Indicator}, {"scope", t.Scope}, {"period", t.Period}, {"body", t.Body},
		{"guideline", t.Guideline}, {"pack", t.Pack}}
}

// checkScope accepts the scopes indicator values are computed for.
func checkScope(s string) error {
	if s == "all" {
		return nil
	}
	k, v, ok := strings.Cut(s, ":")
	if !ok || !scopeKey[k] || v == "" {
		return fieldErr("target.scope", "all, or body:ID, programme:CODE, body_type:TYPE, nuts:CODE or cycle:CYCLE")
	}
	return nil
}

func checkPeriod(s string) error {
	if s == "all" {
		return nil
	}
	if y, err := strconv.Atoi(s); err != nil || len(s) != 4 || y < 1900 || y > 2200 {
		return fieldErr("target.period", "all, or a year YYYY")
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
