// Package namedquery reads the named exports of queries/exports: SQL files
// with a metadata header (titles and descriptions in Italian and English,
// typed parameters) that researchers run by name over HTTP or the CLI. It
// parses and validates them, and turns the values a request gives into
// bound parameters: a value is checked against its parameter's type and
// bound as a named parameter ($name), never written into the SQL.
package namedquery

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"osservatorio/internal/auth"
	"osservatorio/internal/sandbox"
	"osservatorio/internal/sqlheader"
	"osservatorio/queries"
)

// Type is a parameter's type.
type Type string

// The parameter types.
const (
	Text Type = "text" // any text, at most MaxText bytes
	Int  Type = "int"  // a whole number, bound as BIGINT
	Date Type = "date" // YYYY-MM-DD, bound as text (the SQL casts it)
)

// MaxText bounds a text value.
const MaxText = 1000

// Param is one parameter of a query; an optional one absent is NULL, and
// the SQL must handle NULL.
type Param struct {
	Name     string `json:"name"`
	Type     Type   `json:"type"`
	Optional bool   `json:"optional"`
}

// Query is one named export.
type Query struct {
	ID            string  `json:"id"`
	TitleIT       string  `json:"title_it"`
	TitleEN       string  `json:"title_en"`
	DescriptionIT string  `json:"description_it"`
	DescriptionEN string  `json:"description_en"`
	Params        []Param `json:"params"`
	// Role may run it: researcher, or admin when it reads tables only
	// administrators may (set by Check, from the gate's verdict).
	Role auth.Role `json:"role,omitempty"`
	SQL  string    `json:"sql"`
	File string    `json:"-"` // e.g. "exports/load_rejects.sql" inside queries.FS
}

// reserved are the names the export address uses for itself.
var reserved = map[string]bool{"format": true, "data_version": true, "lang": true}

var (
	nameRE  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	paramRE = regexp.MustCompile(`\$([A-Za-z_0-9]+)`)
	keys    = []string{"id", "title_it", "title_en", "description_it", "description_en"}
)

var (
	allOnce sync.Once
	all     []Query
	allErr  error
)

// All returns the named exports embedded from queries/exports, sorted by
// ID, parsed once; callers get their own copy.
func All() ([]Query, error) {
	allOnce.Do(func() { all, allErr = Load(queries.FS) })
	if allErr != nil {
		return nil, allErr
	}
	out := make([]Query, len(all))
	copy(out, all)
	return out, nil
}

// Load parses every exports/*.sql file of fsys; any bad file is an error,
// so that a broken query stops the service at start-up, not a researcher
// later.
func Load(fsys fs.FS) ([]Query, error) {
	names, err := fs.Glob(fsys, "exports/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Query
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		q, err := Parse(name, string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Parse reads one file: a header of "-- key: value" lines (a line with two
// or more spaces after "--" continues the previous value, as in the
// indicator files), then the query. "-- param: NAME TYPE [optional]" may
// repeat. Every parameter must be used in the SQL as $NAME, and every $NAME
// the SQL uses must be a parameter.
func Parse(name, text string) (Query, error) {
	fail := func(format string, a ...any) (Query, error) {
		return Query{}, fmt.Errorf("named query %s: %s", name, fmt.Sprintf(format, a...))
	}
	f, err := sqlheader.Parse(text, keys, []string{"param"})
	if err != nil {
		return fail("%v", err)
	}
	meta, params := f.Meta, f.Repeats["param"]
	for _, k := range keys {
		if meta[k] == "" {
			return fail("metadata %q missing", k)
		}
	}
	q := Query{ID: meta["id"], TitleIT: meta["title_it"], TitleEN: meta["title_en"],
		DescriptionIT: meta["description_it"], DescriptionEN: meta["description_en"], File: name}
	if q.ID+".sql" != path.Base(name) || !nameRE.MatchString(q.ID) {
		return fail("id %q must be lower-case letters, digits and _, and match the file name", q.ID)
	}
	seen := map[string]bool{}
	for _, spec := range params {
		p, err := parseParam(spec)
		if err != nil {
			return fail("%v", err)
		}
		if seen[p.Name] {
			return fail("parameter %q declared twice", p.Name)
		}
		seen[p.Name] = true
		q.Params = append(q.Params, p)
	}
	q.SQL = f.SQL
	if q.SQL == "" {
		return fail("no query")
	}
	used := map[string]bool{}
	for _, m := range paramRE.FindAllStringSubmatch(code(q.SQL), -1) {
		if !seen[m[1]] {
			return fail("the query uses $%s, which is not a declared parameter (-- param: %s TYPE)", m[1], m[1])
		}
		used[m[1]] = true
	}
	for _, p := range q.Params {
		if !used[p.Name] {
			return fail("parameter %q is declared but the query never uses $%s", p.Name, p.Name)
		}
	}
	return q, nil
}

// parseParam reads "NAME TYPE [optional]".
func parseParam(spec string) (Param, error) {
	f := strings.Fields(spec)
	if len(f) < 2 || len(f) > 3 || (len(f) == 3 && f[2] != "optional") {
		return Param{}, fmt.Errorf("parameter %q: write \"-- param: NAME TYPE\" or \"-- param: NAME TYPE optional\"", spec)
	}
	p := Param{Name: f[0], Type: Type(f[1]), Optional: len(f) == 3}
	switch {
	case !nameRE.MatchString(p.Name):
		return Param{}, fmt.Errorf("parameter %q: a name is lower-case letters, digits and _", p.Name)
	case reserved[p.Name]:
		return Param{}, fmt.Errorf("parameter %q: the name is taken by the export address (format, data_version, lang)", p.Name)
	case p.Type != Text && p.Type != Int && p.Type != Date:
		return Param{}, fmt.Errorf("parameter %q: unknown type %q (text, int or date)", p.Name, p.Type)
	}
	return p, nil
}

// code blanks the string literals, quoted names and comments of a query,
// so that a "$x" inside them is not taken for a parameter.
func code(q string) string {
	b := []byte(q)
	for i := 0; i < len(q); i++ {
		var open, close string
		switch {
		case q[i] == '\'' || q[i] == '"':
			open, close = q[i:i+1], q[i:i+1]
		case strings.HasPrefix(q[i:], "--"):
			open, close = "--", "\n"
		case strings.HasPrefix(q[i:], "/*"):
			open, close = "/*", "*/"
		default:
			continue
		}
		end := len(q) // unclosed: to the end
		if k := strings.Index(q[i+len(open):], close); k >= 0 {
			end = i + len(open) + k + len(close)
		}
		for j := i; j < end; j++ {
			b[j] = ' '
		}
		i = end - 1
	}
	return string(b)
}

// ParamError is a value that does not fit its parameter, or a parameter
// the query does not take.
type ParamError struct {
	Query, Param string
	Msg          string
}

func (e *ParamError) Error() string { return fmt.Sprintf("parameter %q: %s", e.Param, e.Msg) }

// Bind checks the values a request gives (parameter name → text) and
// returns the query's arguments, one named argument per parameter in the
// order declared (NULL for an optional one absent or empty), and the
// values as they were read, for the export's provenance.
func (q Query) Bind(values map[string]string) ([]any, map[string]string, error) {
	for k := range values {
		if q.param(k) == nil {
			names := make([]string, len(q.Params))
			for i, p := range q.Params {
				names[i] = p.Name
			}
			takes := "takes no parameters"
			if len(names) > 0 {
				takes = "takes " + strings.Join(names, ", ")
			}
			return nil, nil, &ParamError{q.ID, k, "unknown: " + q.ID + " " + takes}
		}
	}
	args := make([]any, 0, len(q.Params))
	used := map[string]string{}
	for _, p := range q.Params {
		v, ok := values[p.Name]
		if !ok || v == "" {
			if !p.Optional {
				return nil, nil, &ParamError{q.ID, p.Name, fmt.Sprintf("required (%s)", p.Type.describe())}
			}
			args = append(args, sql.Named(p.Name, nil))
			continue
		}
		val, norm, err := p.Type.read(v)
		if err != nil {
			return nil, nil, &ParamError{q.ID, p.Name, fmt.Sprintf("must be %s, not %q", p.Type.describe(), clip(v))}
		}
		args = append(args, sql.Named(p.Name, val))
		used[p.Name] = norm
	}
	return args, used, nil
}

func (q Query) param(name string) *Param {
	for i := range q.Params {
		if q.Params[i].Name == name {
			return &q.Params[i]
		}
	}
	return nil
}

// read turns a value into what is bound, and its normal text form.
func (t Type) read(v string) (any, string, error) {
	switch t {
	case Int:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n, strconv.FormatInt(n, 10), err
	case Date:
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
		return d.Format(time.DateOnly), d.Format(time.DateOnly), err
	}
	if len(v) > MaxText {
		return nil, "", errors.New("too long")
	}
	return v, v, nil
}

func (t Type) describe() string {
	switch t {
	case Int:
		return "an int: a whole number such as 2023"
	case Date:
		return "a date: YYYY-MM-DD"
	}
	return fmt.Sprintf("a text of at most %d bytes", MaxText)
}

func clip(v string) string {
	if len(v) > 60 {
		return v[:60] + "…"
	}
	return v
}

// Check runs every query through the research SQL gate and sets its Role:
// researcher when it passes with the researchers' tables, admin when it
// passes only with the administrators'. A query that passes neither is an
// error (a start-up error: the service refuses to run with it).
func Check(ctx context.Context, db *sql.DB, qs []Query, research, admin []string) error {
	for i := range qs {
		err := sandbox.Check(ctx, db, qs[i].SQL, research)
		var r *sandbox.Refusal
		switch {
		case err == nil:
			qs[i].Role = auth.Researcher
		case errors.As(err, &r):
			if err := sandbox.Check(ctx, db, qs[i].SQL, admin); err != nil {
				return fmt.Errorf("named query %s: %w", qs[i].File, err)
			}
			qs[i].Role = auth.Admin
		default:
			return fmt.Errorf("named query %s: %w", qs[i].File, err)
		}
	}
	return nil
}
