package dashboard

import (
	"fmt"
	"net/url"
	"strconv"
)

// Filters are the selections of a view, taken from URL query parameters, so
// every view has a shareable address.
type Filters struct {
	Cycle     string
	Programme string
	BodyType  string
	Nuts      string
	Year      string
	Body      string
	Org       string
}

// FilterNames are the URL parameters of the filters, in form order.
var FilterNames = []string{"cycle", "programme", "body_type", "nuts", "year", "body"}

// MaxParam is the longest parameter value accepted: ids and codes are short,
// so a longer value is a mistake or an attack, refused before any work.
const MaxParam = 200

// ParamError is a request parameter that is not accepted; Accepted says
// what would be (shown to the user with a 400).
type ParamError struct {
	Param, Value, Accepted string
}

func (e *ParamError) Error() string {
	cut := func(s string) string { // the answer never echoes much of what was sent
		if len(s) > 40 {
			return s[:40] + "…"
		}
		return s
	}
	return fmt.Sprintf("parameter %s=%q is not accepted: %s", cut(e.Param), cut(e.Value), e.Accepted)
}

// FiltersFrom reads the filters of a URL query and checks their form; a
// value that names nothing in the data is caught by Options.Check.
func FiltersFrom(q url.Values) (Filters, error) {
	f := Filters{Cycle: q.Get("cycle"), Programme: q.Get("programme"), BodyType: q.Get("body_type"),
		Nuts: q.Get("nuts"), Year: q.Get("year"), Body: q.Get("body"), Org: q.Get("org")}
	for name, v := range f.values() {
		if len(v) > MaxParam {
			return f, &ParamError{name, v, fmt.Sprintf("at most %d characters", MaxParam)}
		}
	}
	if f.Year != "" {
		if y, err := strconv.Atoi(f.Year); err != nil || y < 1900 || y > 2200 || len(f.Year) != 4 {
			return f, &ParamError{"year", f.Year, "a year YYYY"}
		}
	}
	return f, nil
}

func (f Filters) values() map[string]string {
	return map[string]string{"cycle": f.Cycle, "programme": f.Programme, "body_type": f.BodyType,
		"nuts": f.Nuts, "year": f.Year, "body": f.Body, "org": f.Org}
}

// Get returns the value of the filter named by its URL parameter.
func (f Filters) Get(name string) string { return f.values()[name] }

// Query renders the filters back as URL parameters (empty ones left out).
func (f Filters) Query() url.Values {
	q := url.Values{}
	for k, v := range f.values() {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// Scope is the indicator scope the filters select. Snapshots exist per single
// scope, so the most specific filter wins: body, programme, body type, NUTS 2,
// cycle. Query panels apply every filter at once; Mixed says when the two
// differ.
func (f Filters) Scope() string {
	switch {
	case f.Body != "":
		return "body:" + f.Body
	case f.Programme != "":
		return "programme:" + f.Programme
	case f.BodyType != "":
		return "body_type:" + f.BodyType
	case f.Nuts != "":
		return "nuts:" + f.Nuts
	case f.Cycle != "":
		return "cycle:" + f.Cycle
	}
	return "all"
}

// Mixed reports whether the filters select bodies by more than one of cycle,
// programme, body type, region and body: indicator values exist only for
// single scopes, so indicator panels then cover a wider population (Scope)
// than the panels computed from the records, and pages must say so.
func (f Filters) Mixed() bool {
	n := 0
	for _, v := range []string{f.Cycle, f.Programme, f.BodyType, f.Nuts, f.Body} {
		if v != "" {
			n++
		}
	}
	return n > 1
}

// Period is the selected year, or "all".
func (f Filters) Period() string {
	if f.Year != "" {
		return f.Year
	}
	return "all"
}
