package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"osservatorio/internal/indicator"
)

// MaxSearch bounds the text of a search (characters), MaxHits its answer.
const (
	MaxSearch = 100
	MaxHits   = 50
)

// Hit is an organisation (Kind "org") or a body ("body") a search found;
// Detail is its category or type code.
type Hit struct {
	Kind, ID, Name, Detail string
}

// Href is the page of the record found.
func (h Hit) Href() string { return Link{To: h.Kind}.Href(h.ID) }

// Search finds the organisations and bodies of the snapshot's data version
// whose name or id holds every word of q, ignoring case and accents: at most
// MaxHits, and more reports that others were left out. A blank q finds
// nothing without a query; a q too long or not UTF-8 is a *ParamError.
func Search(ctx context.Context, db *sql.DB, snap indicator.Snapshot, q string) (hits []Hit, more bool, err error) {
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > MaxSearch {
		return nil, false, &ParamError{"q", q, fmt.Sprintf("a text of at most %d characters", MaxSearch)}
	}
	// Every kind of space separates words (a tab would otherwise be part of one).
	q = strings.Join(strings.Fields(q), " ")
	if q == "" {
		return nil, false, nil
	}
	rows, err := db.QueryContext(ctx, pageSQL("search"), sql.Named("data_version", snap.DataVersion),
		sql.Named("q", q), sql.Named("limit", MaxHits+1))
	if err != nil {
		return nil, false, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.Kind, &h.ID, &h.Name, &h.Detail); err != nil {
			return nil, false, err
		}
		hits = append(hits, h)
	}
	if len(hits) > MaxHits {
		hits, more = hits[:MaxHits], true
	}
	return hits, more, rows.Err()
}
