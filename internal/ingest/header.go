package ingest

import (
	"path/filepath"
	"strings"
)

// layout maps a file's header onto a kind's columns.
type layout struct {
	kind     *Kind
	index    []int    // per kind column: position in the file's row, -1 when absent
	fileCols []string // per kind column: the header as written ("" when absent)
	dropped  []string // personal columns, never read
	ignored  []string // unknown columns
}

// personal names header spellings (folded) that carry people's data. In the
// organisation and body files "name" is the organisation's or body's name and
// codice_fiscale (organisations) the organisation's key.
var personal = map[string]bool{
	"name": true, "nome": true, "cognome": true, "nominativo": true, "nome_cognome": true,
	"first_name": true, "last_name": true, "surname": true, "full_name": true,
	"email": true, "e_mail": true, "mail": true, "telefono": true, "tel": true, "phone": true,
	"cellulare": true, "mobile": true, "codice_fiscale": true, "tax_code": true, "fiscal_code": true,
	"indirizzo": true, "address": true,
}

// kindByName recognises a kind from the file's base name prefix.
// KindOfFileName is the kind a file's name announces (organisations.csv,
// presenze_2024.jsonl), or nil. A remote source is recognised this way only,
// so the configuration check uses it on source URLs.
func KindOfFileName(name string) *Kind { return kindByName(name) }

func kindByName(path string) *Kind {
	base := strings.ToLower(filepath.Base(path))
	for _, k := range Kinds {
		for _, p := range k.prefixes {
			if strings.HasPrefix(base, p) {
				return k
			}
		}
	}
	return nil
}

// detectOrder tries the most specific kinds first, so that an attendance file
// (which also has org_id) is not taken for organisations, nor an adoptions
// file (body_id, guideline_id, adopted) for anything else.
var detectOrder = []string{"guideline_adoptions", "contributions", "attendance", "meetings", "memberships", "bodies", "organisations"}

// kindByHeader recognises a kind from its header: the first kind, most
// specific first, whose required columns are all present.
func kindByHeader(header []string) *Kind {
	for _, name := range detectOrder {
		k := KindByName(name)
		if l := mapHeader(k, header); len(l.missing()) == 0 {
			return k
		}
	}
	return nil
}

// mapHeader lays a header out for kind k.
func mapHeader(k *Kind, header []string) *layout {
	l := &layout{kind: k, index: make([]int, len(k.columns)), fileCols: make([]string, len(k.columns))}
	for i := range l.index {
		l.index[i] = -1
	}
	for pos, raw := range header {
		h := fold(raw)
		if h == "" {
			continue
		}
		ci := k.columnFor(h)
		switch {
		case ci >= 0 && l.index[ci] < 0:
			l.index[ci] = pos
			l.fileCols[ci] = raw
		case ci < 0 && personal[h]:
			l.dropped = append(l.dropped, raw)
		default: // unknown, or a second header for a column already seen
			l.ignored = append(l.ignored, raw)
		}
	}
	return l
}

// columnFor finds the column a folded header names, or -1.
func (k *Kind) columnFor(h string) int {
	for i, c := range k.columns {
		if c.name == h {
			return i
		}
		if c.name == "name" && !k.hasName {
			continue
		}
		for _, a := range c.aliases {
			if a == h {
				return i
			}
		}
	}
	return -1
}

// missing lists the required columns the header lacks.
func (l *layout) missing() []string {
	var m []string
	for i, c := range l.kind.columns {
		if c.required && l.index[i] < 0 {
			m = append(m, c.name)
		}
	}
	return m
}
