package annotation

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"osservatorio/internal/indicator"
	"osservatorio/internal/store"
)

// Draft is a note to add.
type Draft struct {
	Target Target
	Text   string
	Author string // a token id (the CLI: "cli" or a token id given to it)
	// DataVersion is the data version the note refers to; 0: the published
	// snapshot's (the version readers see), or the current one when
	// nothing is published.
	DataVersion int64
}

// Change is a new text for a note.
type Change struct {
	Text        string
	Author      string
	DataVersion int64 // 0: the version the previous revision refers to
}

// Add checks a draft (text, author, target, data version) and stores it as
// revision 1 of a new note.
func Add(ctx context.Context, st *store.Store, d Draft) (Annotation, error) {
	text, err := CleanText(d.Text)
	if err != nil {
		return Annotation{}, err
	}
	if err := CheckAuthor(d.Author); err != nil {
		return Annotation{}, err
	}
	t := d.Target
	if err := t.checkForm(); err != nil {
		return Annotation{}, err
	}
	db := st.DB()
	if err := checkTarget(ctx, db, t); err != nil {
		return Annotation{}, err
	}
	v, err := dataVersion(ctx, st, d.DataVersion, 0)
	if err != nil {
		return Annotation{}, err
	}
	now := time.Now().UTC().Truncate(time.Microsecond) // as DuckDB keeps it
	a := Annotation{Target: t, Author: d.Author, Created: now, Text: text, DataVersion: v, Revision: 1,
		RevisedBy: d.Author, Revised: now}
	err = st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		// One writer at a time (store.Write), so the next id is safe to take.
		if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(annotation_id), 0) + 1 FROM annotations`).Scan(&a.ID); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, string(t.Kind), t.Key(), null(t.Indicator), null(t.Scope), null(t.Period), null(t.Body),
			null(t.Guideline), null(t.Pack), a.Author, a.Created); err != nil {
			return err
		}
		_, err := conn.ExecContext(ctx, `INSERT INTO annotation_revisions VALUES (?, 1, ?, ?, ?, ?)`,
			a.ID, a.Text, a.DataVersion, a.Author, a.Created)
		return err
	})
	if err != nil {
		return Annotation{}, fmt.Errorf("annotation: add: %w", err)
	}
	return a, nil
}

// Edit adds a revision to note id: earlier texts stay, in History. A change
// that leaves text and data version as they are is refused, so the history
// holds no empty edits.
func Edit(ctx context.Context, st *store.Store, id int64, c Change) (Annotation, error) {
	text, err := CleanText(c.Text)
	if err != nil {
		return Annotation{}, err
	}
	if err := CheckAuthor(c.Author); err != nil {
		return Annotation{}, err
	}
	cur, err := Get(ctx, st.DB(), id)
	if err != nil {
		return Annotation{}, err
	}
	v, err := dataVersion(ctx, st, c.DataVersion, cur.DataVersion)
	if err != nil {
		return Annotation{}, err
	}
	if text == cur.Text && v == cur.DataVersion {
		return Annotation{}, fieldErr("text", "the same as the current revision: nothing to change")
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	err = st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT max(revision) FROM annotation_revisions WHERE annotation_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		_, err := conn.ExecContext(ctx, `INSERT INTO annotation_revisions VALUES (?, ?, ?, ?, ?, ?)`, id, n+1, text, v, c.Author, now)
		return err
	})
	if err != nil {
		return Annotation{}, fmt.Errorf("annotation: edit %d: %w", id, err)
	}
	return Get(ctx, st.DB(), id)
}

// dataVersion resolves and checks the data version a text refers to: want,
// else def, else the published snapshot's (the current one when nothing is
// published); it must be from 1 to the current one.
func dataVersion(ctx context.Context, st *store.Store, want, def int64) (int64, error) {
	cur, err := st.DataVersion(ctx)
	if err != nil {
		return 0, err
	}
	if cur == 0 {
		return 0, fieldErr("data_version", "no data is loaded yet: a note refers to a data version")
	}
	switch {
	case want < 0 || want > cur:
		return 0, fieldErr("data_version", "a data version from 1 to %d", cur)
	case want != 0:
		return want, nil
	case def != 0:
		return def, nil
	}
	pub, err := indicator.Published(ctx, st.DB())
	if err != nil {
		return 0, err
	}
	if pub.Zero() || pub.DataVersion < 1 {
		return cur, nil
	}
	return pub.DataVersion, nil
}

// checkTarget checks that a target of a good form names something: an
// indicator of the catalogue, a body or a guideline in the records (at any
// data version: a note may be about one replaced since). Packs are checked
// by form only: their table belongs to the evidence packs.
func checkTarget(ctx context.Context, db *sql.DB, t Target) error {
	switch t.Kind {
	case KindIndicator:
		defs, err := indicator.Catalogue()
		if err != nil {
			return err
		}
		for _, d := range defs {
			if d.ID == t.Indicator {
				return nil
			}
		}
		return fieldErr("target.indicator", "no indicator %q in the catalogue (see /api/indicators)", cut(t.Indicator))
	case KindBody:
		return exists(ctx, db, "bodies", "body_id", t.Body, "target.body", "no body %q in the records")
	case KindGuideline:
		return exists(ctx, db, "guideline_adoptions", "guideline_id", t.Guideline, "target.guideline",
			"no guideline %q among the recorded adoptions")
	case KindPack:
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM evidence_packs WHERE id = ?", t.Pack).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldErr("target.pack", "no evidence pack %q (see /evidenze)", cut(t.Pack))
		}
	}
	return nil
}

func exists(ctx context.Context, db *sql.DB, table, col, id, field, msg string) error {
	var n int
	q := fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM %[1]s WHERE %[2]s = ? UNION ALL
		SELECT 1 FROM %[1]s_history WHERE %[2]s = ?)`, table, col)
	if err := db.QueryRowContext(ctx, q, id, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fieldErr(field, msg, cut(id))
	}
	return nil
}

// cut keeps messages short whatever was sent.
func cut(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// current selects each note with its latest revision; callers add WHERE,
// ORDER BY and LIMIT on a (the note) and r (the revision).
const current = `SELECT a.annotation_id, a.kind, coalesce(a.indicator_id, ''), coalesce(a.scope, ''), coalesce(a.period, ''),
	coalesce(a.body_id, ''), coalesce(a.guideline_id, ''), coalesce(a.pack_id, ''), a.author, a.created,
	r.revision, r.text, r.data_version, r.author, r.created
FROM annotations a
JOIN (SELECT annotation_id, max(revision) AS revision FROM annotation_revisions GROUP BY annotation_id) m USING (annotation_id)
JOIN annotation_revisions r ON r.annotation_id = a.annotation_id AND r.revision = m.revision`

func scan(rows *sql.Rows) ([]Annotation, error) {
	defer rows.Close()
	var out []Annotation
	for rows.Next() {
		var a Annotation
		var kind string
		t := &a.Target
		if err := rows.Scan(&a.ID, &kind, &t.Indicator, &t.Scope, &t.Period, &t.Body, &t.Guideline, &t.Pack,
			&a.Author, &a.Created, &a.Revision, &a.Text, &a.DataVersion, &a.RevisedBy, &a.Revised); err != nil {
			return nil, err
		}
		t.Kind = Kind(kind)
		a.Created, a.Revised = a.Created.UTC(), a.Revised.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// Get returns note id as it reads now (ErrNotFound when there is none).
func Get(ctx context.Context, db *sql.DB, id int64) (Annotation, error) {
	rows, err := db.QueryContext(ctx, current+` WHERE a.annotation_id = ?`, id)
	if err != nil {
		return Annotation{}, fmt.Errorf("annotation: %w", err)
	}
	list, err := scan(rows)
	if err != nil {
		return Annotation{}, fmt.Errorf("annotation: %w", err)
	}
	if len(list) == 0 {
		return Annotation{}, ErrNotFound
	}
	return list[0], nil
}

// History returns note id with every revision, oldest first.
func History(ctx context.Context, db *sql.DB, id int64) (Annotation, error) {
	a, err := Get(ctx, db, id)
	if err != nil {
		return a, err
	}
	rows, err := db.QueryContext(ctx, `SELECT revision, text, data_version, author, created FROM annotation_revisions
		WHERE annotation_id = ? ORDER BY revision`, id)
	if err != nil {
		return a, fmt.Errorf("annotation: history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Revision
		if err := rows.Scan(&r.Revision, &r.Text, &r.DataVersion, &r.Author, &r.Created); err != nil {
			return a, err
		}
		r.Created = r.Created.UTC()
		a.Revisions = append(a.Revisions, r)
	}
	return a, rows.Err()
}

// For returns the notes on one target, oldest first (the order a page reads
// them in).
func For(ctx context.Context, db *sql.DB, t Target) ([]Annotation, error) {
	return ForTargets(ctx, db, []Target{t})
}

// ForTargets returns the notes on any of the targets (at most MaxTargets),
// oldest first; group them by Target.Key(). A page gathers the targets of
// everything it shows and asks once. A target of a form no note can have
// (a period that is not a year, say) matches nothing: pages pass what their
// data holds, and a read must not fail on it.
func ForTargets(ctx context.Context, db *sql.DB, ts []Target) ([]Annotation, error) {
	if len(ts) > MaxTargets {
		return nil, fieldErr("targets", "at most %d per request", MaxTargets)
	}
	seen := map[string]bool{}
	var keys []string
	for _, t := range ts {
		if t.checkForm() != nil {
			continue
		}
		if k := t.Key(); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	// Most pages have no note: a look at the notes' targets alone (0.4 ms)
	// answers them without the join to the latest revisions (2–4 ms, a
	// third of an uncached overview page's time at 10 M rows).
	var found bool
	err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM annotations WHERE list_contains(?::VARCHAR[], target))`, keys).Scan(&found)
	if err != nil {
		return nil, fmt.Errorf("annotation: %w", err)
	}
	if !found {
		return nil, nil
	}
	rows, err := db.QueryContext(ctx, current+` WHERE list_contains(?::VARCHAR[], a.target) ORDER BY a.created, a.annotation_id`, keys)
	if err != nil {
		return nil, fmt.Errorf("annotation: %w", err)
	}
	return scan(rows)
}

// Filter selects notes for List: a kind, and any of the ids of that kind's
// targets (a field of another kind is refused). Limit 0 is DefaultLimit.
type Filter struct {
	Kind                                            Kind
	Indicator, Scope, Period, Body, Guideline, Pack string
	Limit, Offset                                   int
}

// List returns the notes a filter selects, newest first.
func List(ctx context.Context, db *sql.DB, f Filter) ([]Annotation, error) {
	if f.Limit == 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit < 1 || f.Limit > MaxLimit {
		return nil, fieldErr("limit", "from 1 to %d", MaxLimit)
	}
	if f.Offset < 0 || f.Offset > MaxOffset {
		return nil, fieldErr("offset", "from 0 to %d", MaxOffset)
	}
	t := Target{Indicator: f.Indicator, Scope: f.Scope, Period: f.Period, Body: f.Body, Guideline: f.Guideline, Pack: f.Pack}
	kindOf := map[string]Kind{"indicator": KindIndicator, "scope": KindIndicator, "period": KindIndicator,
		"body": KindBody, "guideline": KindGuideline, "pack": KindPack}
	cols := map[string]string{"indicator": "indicator_id", "scope": "scope", "period": "period", "body": "body_id",
		"guideline": "guideline_id", "pack": "pack_id"}
	kind := f.Kind
	if kind != "" && !contains([]string{"indicator", "body", "guideline", "pack"}, string(kind)) {
		return nil, fieldErr("kind", "one of indicator, body, guideline, pack")
	}
	var where []string
	var args []any
	for _, fv := range t.fields() {
		name, v := fv[0], strings.TrimSpace(fv[1])
		if v == "" {
			continue
		}
		if len(v) > MaxID {
			return nil, fieldErr(name, "at most %d characters", MaxID)
		}
		if kind == "" {
			kind = kindOf[name]
		}
		if kindOf[name] != kind {
			return nil, fieldErr(name, "not part of a target of kind %s", kind)
		}
		where, args = append(where, "a."+cols[name]+" = ?"), append(args, v)
	}
	if kind != "" {
		where, args = append(where, "a.kind = ?"), append(args, string(kind))
	}
	q := current
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY a.created DESC, a.annotation_id DESC LIMIT ? OFFSET ?"
	rows, err := db.QueryContext(ctx, q, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("annotation: list: %w", err)
	}
	list, err := scan(rows)
	if err == nil && list == nil {
		list = []Annotation{} // JSON [] for "none"
	}
	return list, err
}
