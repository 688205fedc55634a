// Package evidence builds evidence packs (dossier di evidenze): named,
// frozen selections of indicator values and guideline comparisons taken
// from one stored snapshot, kept as they were, downloadable as a ZIP with a
// manifest of SHA-256 sums, and verifiable years later by recomputing every
// value from the records of the pack's data version (the *_history tables
// keep them). docs/EVIDENCE.md describes packs for their users.
package evidence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"osservatorio/internal/guideline"
	"osservatorio/internal/indicator"
)

// Kinds of item.
const (
	KindIndicator = "indicator"
	KindGuideline = "guideline"
	KindQuery     = "query"
)

// Bounds on what a pack may hold: a pack is read by people, and every item
// is recomputed by verify.
const (
	MaxItems   = 500
	MaxTitle   = 200
	MaxPurpose = 2000
	MaxAuthors = 10
	MaxAuthor  = 120
)

// Pack is one evidence pack with its items.
type Pack struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Authors     []string   `json:"authors"`
	Purpose     string     `json:"purpose"`
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by"`
	DataVersion int64      `json:"data_version"`
	AsOf        string     `json:"as_of"`
	FrozenAt    *time.Time `json:"frozen_at,omitempty"`
	Digest      string     `json:"manifest_sha256,omitempty"` // SHA-256 of the ZIP's manifest.json
	Items       []Item     `json:"items"`
	Loads       []Load     `json:"loads"` // the loads behind the data version: completeness caveats
}

// Frozen reports whether the pack can no longer change.
func (p *Pack) Frozen() bool { return p.FrozenAt != nil }

// Item is one piece of evidence.
type Item struct {
	Seq       int    `json:"seq"`
	Kind      string `json:"kind"`
	Indicator string `json:"indicator,omitempty"`
	Scope     string `json:"scope,omitempty"`
	Period    string `json:"period,omitempty"`
	Guideline string `json:"guideline_id,omitempty"`
	Window    int    `json:"window_days,omitempty"`
	SQL       string `json:"sql"`
	SQLSHA256 string `json:"sql_sha256"`
	// Values are the item's period (one per category); Trend every year of
	// the same indicator and scope. Both with their counts, as stored.
	Values  []indicator.Value `json:"values,omitempty"`
	Trend   []indicator.Value `json:"trend,omitempty"`
	Effects []Effect          `json:"effects,omitempty"`
	// A named query: its parameters, and how many rows it gave with the
	// SHA-256 of their CSV (the rows themselves are for researchers).
	Query        string            `json:"query,omitempty"`
	Params       map[string]string `json:"params,omitempty"`
	ResultRows   int64             `json:"result_rows,omitempty"`
	ResultSHA256 string            `json:"result_sha256,omitempty"`
	AddedAt      time.Time         `json:"added_at"`
}

// Effect is a guideline comparison row kept with the comparison group's
// counts, which the small-cell rule needs (guideline.Effect does not put
// them in JSON).
type Effect struct {
	guideline.Effect
	CompBeforeNum *float64 `json:"comp_before_num"`
	CompBeforeDen *float64 `json:"comp_before_den"`
	CompAfterNum  *float64 `json:"comp_after_num"`
	CompAfterDen  *float64 `json:"comp_after_den"`
}

func wrapEffects(rows []guideline.Effect) []Effect {
	out := make([]Effect, len(rows))
	for i, r := range rows {
		out[i] = Effect{Effect: r, CompBeforeNum: r.CompBeforeNum, CompBeforeDen: r.CompBeforeDen,
			CompAfterNum: r.CompAfterNum, CompAfterDen: r.CompAfterDen}
	}
	return out
}

func (e Effect) unwrap() guideline.Effect {
	r := e.Effect
	r.CompBeforeNum, r.CompBeforeDen, r.CompAfterNum, r.CompAfterDen = e.CompBeforeNum, e.CompBeforeDen, e.CompAfterNum, e.CompAfterDen
	return r
}

// Load is one load behind the pack's data version.
type Load struct {
	LoadID      int64     `json:"load_id"`
	File        string    `json:"file"`
	Kind        string    `json:"kind"`
	Finished    time.Time `json:"finished"`
	RowsRead    int64     `json:"rows_read"`
	RowsLoaded  int64     `json:"rows_loaded"`
	Rejected    int64     `json:"rows_rejected"`
	DataVersion int64     `json:"data_version"`
}

// Errors callers tell apart (the web layer maps them to 404 and 409).
var (
	ErrNotFound = errors.New("evidence: no such pack")
	ErrFrozen   = errors.New("evidence: the pack is frozen and cannot change")
	ErrDraft    = errors.New("evidence: the pack is a draft: freeze it first")
)

// InputError is a request the package refuses, naming the field.
type InputError struct{ Field, Msg string }

func (e *InputError) Error() string { return e.Field + ": " + e.Msg }

var idForm = regexp.MustCompile(`^EP-[0-9]{4}-[0-9]{4}$`)

// ValidID reports whether s has the form of a pack id (EP-2026-0007).
func ValidID(s string) bool { return idForm.MatchString(s) }

// Meta is what a new pack is given.
type Meta struct {
	Title, Purpose string
	Authors        []string
	CreatedBy      string
}

func (m *Meta) check() error {
	m.Title, m.Purpose = strings.TrimSpace(m.Title), strings.TrimSpace(m.Purpose)
	if err := text("title", m.Title, MaxTitle, true); err != nil {
		return err
	}
	if err := text("purpose", m.Purpose, MaxPurpose, false); err != nil {
		return err
	}
	if len(m.Authors) > MaxAuthors {
		return &InputError{"authors", fmt.Sprintf("at most %d", MaxAuthors)}
	}
	var authors []string
	for _, a := range m.Authors {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if err := text("authors", a, MaxAuthor, true); err != nil {
			return err
		}
		authors = append(authors, a)
	}
	m.Authors = authors
	if m.CreatedBy == "" {
		m.CreatedBy = "cli"
	}
	return nil
}

func text(field, s string, max int, required bool) error {
	switch {
	case required && s == "":
		return &InputError{field, "required"}
	case !utf8.ValidString(s):
		return &InputError{field, "not valid UTF-8"}
	case utf8.RuneCountInString(s) > max:
		return &InputError{field, fmt.Sprintf("at most %d characters", max)}
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' {
			return &InputError{field, "contains control characters"}
		}
	}
	return nil
}

// nextID numbers packs per year of creation; called inside the single
// writer, so two packs never get one number.
func nextID(ctx context.Context, conn *sql.Conn, now time.Time) (string, error) {
	prefix := fmt.Sprintf("EP-%04d-", now.Year())
	var n int
	err := conn.QueryRowContext(ctx, `SELECT coalesce(max(CAST(substr(id, 9) AS INTEGER)), 0) FROM evidence_packs WHERE starts_with(id, ?)`,
		prefix).Scan(&n)
	if err != nil {
		return "", err
	}
	if n >= 9999 {
		return "", fmt.Errorf("evidence: %d packs in %d already", n, now.Year())
	}
	return fmt.Sprintf("%s%04d", prefix, n+1), nil
}

// Public is a copy of p as the public may read it: the small-cell rules of
// the indicators and of the guideline comparison applied.
func (p *Pack) Public() *Pack {
	q := *p
	q.Items = make([]Item, len(p.Items))
	for i, it := range p.Items {
		it.Values, it.Trend = public(it.Values), public(it.Trend)
		if it.Effects != nil {
			rows := make([]guideline.Effect, len(it.Effects))
			for j, e := range it.Effects {
				rows[j] = e.unwrap()
			}
			guideline.Withhold(rows)
			// The comparison group's counts stay out, as in the public API.
			it.Effects = make([]Effect, len(rows))
			for j, r := range rows {
				it.Effects[j] = Effect{Effect: r}
			}
		}
		q.Items[i] = it
	}
	return &q
}
