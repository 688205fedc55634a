package web

import (
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"osservatorio/internal/annotation"
	"osservatorio/internal/dashboard"
)

// NotesView is what the "annotations" partial (templates/annotations.html)
// shows: a page puts one in its data and writes
//
//	{{template "annotations" .Notes}}
//
// An empty view renders nothing.
type NotesView struct {
	Lang  string
	Notes []NoteView
}

// NoteView is one note with the address of its page at the data version
// the note refers to, and a short label of its target (for notes on
// indicator values: the indicator and the period).
type NoteView struct {
	annotation.Annotation
	Label, Link string
}

// Notes prepares notes for the partial. page is the address of the page
// showing them (its filters are kept; a fragment such as #panel-x is kept
// too): each note links to it at the note's data version.
func Notes(lang string, page url.URL, notes []annotation.Annotation) NotesView {
	v := NotesView{Lang: lang}
	for _, a := range notes {
		q := page.Query()
		q.Del("as_of")
		q.Set("data_version", strconv.FormatInt(a.DataVersion, 10))
		q.Set("lang", lang)
		n := NoteView{Annotation: a, Link: (&url.URL{Path: page.Path, RawQuery: q.Encode(), Fragment: page.Fragment}).String()}
		if a.Target.Kind == annotation.KindIndicator {
			n.Label = a.Target.Indicator + " · " + L(lang, a.Target.Period)
		}
		v.Notes = append(v.Notes, n)
	}
	return v
}

// notesFor reads the notes on targets and prepares them for the partial on
// the request's page: what a guideline or evidence-pack page calls to show
// its notes.
func (s *Server) notesFor(c *gin.Context, lang string, ts ...annotation.Target) (NotesView, error) {
	list, err := annotation.ForTargets(c.Request.Context(), s.st.DB(), ts)
	if err != nil {
		return NotesView{}, err
	}
	return Notes(lang, *c.Request.URL, list), nil
}

// panelTargets are the indicator values a panel shows, read from its table
// (as dashboard.PanelData builds it): a series panel every year of its
// indicator, a categories panel the selected period, a kpis panel each
// indicator's year and the year before. Query panels show no indicator
// value.
func panelTargets(p dashboard.Panel, t dashboard.Table, f dashboard.Filters) []annotation.Target {
	scope := f.Scope()
	var out []annotation.Target
	switch {
	case p.Query != "":
	case p.Chart == "kpis": // rows: indicator, year, value, previous year, …
		for _, r := range t.Rows {
			for _, col := range []int{1, 3} {
				if y := cellText(r[col]); y != "" {
					out = append(out, annotation.IndicatorValue(cellText(r[0]), scope, y))
				}
			}
		}
	case p.View == "categories":
		out = append(out, annotation.IndicatorValue(p.Indicator, scope, f.Period()))
	default: // series: rows by year
		seen := map[string]bool{}
		for _, r := range t.Rows {
			if y := cellText(r[0]); !seen[y] {
				seen[y] = true
				out = append(out, annotation.IndicatorValue(p.Indicator, scope, y))
			}
		}
	}
	return out
}

// pickNotes keeps the notes on any of the targets, in their order.
func pickNotes(notes []annotation.Annotation, ts []annotation.Target) []annotation.Annotation {
	keys := map[string]bool{}
	for _, t := range ts {
		keys[t.Key()] = true
	}
	var out []annotation.Annotation
	for _, a := range notes {
		if keys[a.Target.Key()] {
			out = append(out, a)
		}
	}
	return out
}
