package guideline

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"osservatorio/queries"
)

// Adoption is one guideline adoption as recorded (at a data version).
type Adoption struct {
	GuidelineID string `json:"guideline_id"`
	BodyID      string `json:"body_id"`
	BodyName    string `json:"body_name"`
	BodyType    string `json:"body_type"`
	Version     string `json:"guideline_version"`
	Title       string `json:"title"`
	Adopted     string `json:"adopted"`
	Act         string `json:"act"`
	Source      string `json:"source"`
	DataVersion int64  `json:"data_version"` // the load that wrote it
}

// Adoptions lists the adoptions at data version v (of one guideline, or all
// when guideline is ""), by guideline and date.
func Adoptions(ctx context.Context, db *sql.DB, v int64, guideline string) ([]Adoption, error) {
	q, err := fs.ReadFile(queries.FS, "guidelines/adoptions.sql")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, string(q), v, guideline)
	if err != nil {
		return nil, fmt.Errorf("guideline: adoptions: %w", err)
	}
	defer rows.Close()
	var out []Adoption
	for rows.Next() {
		var a Adoption
		var name, typ, version, title, act, source sql.NullString
		if err := rows.Scan(&a.GuidelineID, &a.BodyID, &name, &typ, &version, &title, &a.Adopted, &act, &source, &a.DataVersion); err != nil {
			return nil, err
		}
		a.BodyName, a.BodyType, a.Version, a.Title, a.Act, a.Source = name.String, typ.String, version.String, title.String, act.String, source.String
		out = append(out, a)
	}
	return out, rows.Err()
}
