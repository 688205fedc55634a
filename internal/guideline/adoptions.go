package guideline

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
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

// NewAdoption is an adoption as the API receives it: the columns of the data
// contract's guideline adoptions file.
type NewAdoption struct {
	BodyID      string `json:"body_id"`
	GuidelineID string `json:"guideline_id"`
	Version     string `json:"guideline_version"`
	Title       string `json:"title"`
	Adopted     string `json:"adopted"`
	Act         string `json:"act"`
	Source      string `json:"source"`
}

// WriteCSV writes rows as a guideline adoptions file for the loader (which
// then checks them as it checks any file) and returns the line each row
// starts on — the header is line 1, and a value holding a line break makes
// its row span more lines — so that the loader's rejects lead back to rows.
func WriteCSV(w io.Writer, rows []NewAdoption) ([]int, error) {
	lc := &lineCounter{w: w}
	cw := csv.NewWriter(lc)
	if err := cw.Write([]string{"body_id", "guideline_id", "guideline_version", "title", "adopted", "act", "source"}); err != nil {
		return nil, err
	}
	starts := make([]int, len(rows))
	for i, r := range rows {
		cw.Flush()
		starts[i] = lc.lines + 1
		if err := cw.Write([]string{r.BodyID, r.GuidelineID, r.Version, r.Title, r.Adopted, r.Act, r.Source}); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return starts, cw.Error()
}

// RowOfLine is the row (from 1, in the order given to WriteCSV) that the
// file line belongs to; 0 for the header.
func RowOfLine(starts []int, line int) int {
	row := 0
	for i, s := range starts {
		if s <= line {
			row = i + 1
		}
	}
	return row
}

type lineCounter struct {
	w     io.Writer
	lines int
}

func (c *lineCounter) Write(p []byte) (int, error) {
	c.lines += bytes.Count(p, []byte{'\n'})
	return c.w.Write(p)
}
