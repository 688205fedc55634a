// Package ingest loads participation records into the store, following the
// data contract: it recognises each file's kind, validates every row, keeps
// the rejects with their reasons and applies each file atomically.
package ingest

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"osservatorio/internal/store"
	"osservatorio/internal/tabular"
)

// Options tune a load.
type Options struct {
	Source string // cli, inbox, upload, url, api: recorded in the load log
	// AllOrNothing refuses a file that has any rejected row, for callers
	// that must not apply part of what they were sent (the adoptions API):
	// nothing is written, not even the load log; the result is refused with
	// reason RowsRejected and lists the rejects.
	AllOrNothing bool
	// Limits bound the cost of reading a file (zero fields: the defaults,
	// tabular.DefaultLimits); MaxCellBytes bounds every value stored.
	Limits tabular.Limits
}

// dataExtensions are the files a directory contributes to a load.
var dataExtensions = map[string]bool{".csv": true, ".tsv": true, ".txt": true, ".jsonl": true,
	".ndjson": true, ".json": true, ".parquet": true, ".xlsx": true}

// Expand turns the arguments into the files to load: a directory gives its
// data files (not recursively; hidden files and others are left out).
func Expand(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			files = append(files, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, ".") || !dataExtensions[strings.ToLower(filepath.Ext(name))] ||
				strings.HasSuffix(name, ".reason.txt") {
				continue
			}
			files = append(files, filepath.Join(a, name))
		}
	}
	return files, nil
}

// Load loads the files in dependency order (organisations, bodies, guideline
// adoptions, memberships, meetings, attendance, contributions; files of one kind by base
// name), each atomically. It returns one result per file; an error only when
// the store itself fails.
func Load(ctx context.Context, st *store.Store, files []string, opt Options) ([]Result, error) {
	type item struct {
		path string
		kind *Kind
	}
	items := make([]item, len(files))
	for i, f := range files {
		items[i] = item{f, sniffKind(f, opt.Limits)}
	}
	order := func(k *Kind) int {
		if k == nil {
			return len(Kinds)
		}
		return k.Order()
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(cmp.Compare(order(a.kind), order(b.kind)),
			strings.Compare(filepath.Base(a.path), filepath.Base(b.path)))
	})
	results := make([]Result, 0, len(items))
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		r, err := loadFile(ctx, st, it.path, opt)
		results = append(results, r)
		if err != nil {
			return results, err
		}
	}
	return results, nil
}

// sniffKind guesses a file's kind for ordering: by name, else by header.
func sniffKind(path string, lim tabular.Limits) *Kind {
	if k := kindByName(path); k != nil {
		return k
	}
	rd, err := tabular.OpenWith(path, lim)
	if err != nil {
		return nil
	}
	defer rd.Close()
	return kindByHeader(rd.Header())
}

// loadFile loads one file. Refusals are results, not errors.
func loadFile(ctx context.Context, st *store.Store, path string, opt Options) (Result, error) {
	r := Result{File: filepath.Base(path), Path: path, Started: time.Now().UTC()}
	if abs, err := filepath.Abs(path); err == nil {
		r.Path = abs
	}
	err := readAndStage(ctx, st, path, &r, opt)
	r.Finished = time.Now().UTC()
	var ref *RefusalError
	switch {
	case err == nil:
		return r, nil
	case errors.Is(err, errRowsRejected): // AllOrNothing: rolled back, not recorded
		r.Outcome, r.Reason, r.DataVersion, r.LoadID, r.RowsLoaded = Refused, RowsRejected, 0, 0, 0
		r.Message = fmt.Sprintf("%s: refused (%s): %d row(s) rejected, nothing applied", r.File, RowsRejected, r.RowsRejected)
		return r, nil
	case errors.As(err, &ref):
		if ref.File == "" {
			ref.File = r.File
		}
		r.Outcome, r.Reason, r.Message = Refused, ref.Reason, ref.Error()
		r.RowsLoaded, r.RowsRejected, r.Rejects, r.DataVersion = 0, 0, nil, 0
		if werr := recordRefusal(ctx, st, &r, opt); werr != nil {
			return r, werr
		}
		return r, nil
	default:
		return r, fmt.Errorf("%s: %w", path, err)
	}
}

// readAndStage does the work of loadFile up to the commit.
func readAndStage(ctx context.Context, st *store.Store, path string, r *Result, opt Options) error {
	refuse := func(reason, format string, a ...any) error {
		return &RefusalError{File: r.File, Reason: reason, Detail: fmt.Sprintf(format, a...)}
	}
	// Only regular files are read: a link (to a file outside the inbox, to
	// /etc/passwd) or a pipe is refused before a byte of it is read.
	fi, err := os.Lstat(path)
	if err != nil {
		return refuse("bad_format", "cannot read the file: %v", err)
	}
	if why := tabular.NotRegular(fi.Mode()); why != "" {
		return refuse("bad_format", "%s", why)
	}
	size, sum, err := hashFile(path)
	if err != nil {
		return refuse("bad_format", "cannot read the file: %v", err)
	}
	r.Size, r.SHA256 = size, sum
	if size == 0 {
		return refuse("empty_file", "the file is empty (0 bytes)")
	}
	if prev, ok, err := loadedBefore(ctx, st, sum); err != nil {
		return err
	} else if ok {
		r.Outcome = Unchanged
		r.Message = fmt.Sprintf("byte-identical to load #%d: nothing changed", prev)
		return nil
	}

	rd, err := tabular.OpenWith(path, opt.Limits)
	if err != nil {
		var tr *tabular.Refusal
		if errors.As(err, &tr) {
			return refuse(tr.Code, "%s", tr.Detail)
		}
		return refuse("bad_format", "%v", err)
	}
	defer rd.Close()
	info := rd.Info()
	r.Format, r.Encoding = string(info.Format), info.Encoding

	header := rd.Header()
	kind := kindByName(path)
	if kind == nil {
		kind = kindByHeader(header)
	}
	if kind == nil {
		return refuse("unknown_kind", "neither the file name nor the header (%s) says which kind of record it holds; "+
			"name it organisations…, bodies…, guideline_adoptions…, memberships…, meetings…, attendance… or contributions…",
			headerText(header))
	}
	r.Kind = kind.Name
	l := mapHeader(kind, header)
	r.Dropped = l.dropped
	if m := l.missing(); len(m) > 0 {
		// The "header" may be a data row: its unknown cells are not repeated.
		return refuse("missing_column", "a %s file needs the column(s) %s; the header has: %s",
			kind.Name, strings.Join(m, ", "), headerText(header))
	}
	r.Ignored = l.ignored
	return stageAndMerge(ctx, st, rd, l, r, opt)
}

// headerText lists a header for a refusal message: the cells that name a
// column of the contract (in any kind, personal ones included) as written,
// the others only counted: a file without a header line has a data row
// there, and a refusal must not repeat a file's data.
func headerText(header []string) string {
	var named []string
	other := 0
	for _, h := range header {
		if knownColumn(fold(h)) {
			named = append(named, h)
		} else if h != "" {
			other++
		}
	}
	s := strings.Join(named, ", ")
	switch {
	case other > 0 && s == "":
		s = fmt.Sprintf("%d cell(s), none of them a column of the contract (not quoted)", other)
	case other > 0:
		s += fmt.Sprintf(" and %d other cell(s) (not quoted)", other)
	case s == "":
		s = "no column names"
	}
	return s
}

// knownColumn says whether a folded header names a column of some kind, or
// a personal column.
func knownColumn(h string) bool {
	if personal[h] {
		return true
	}
	for _, k := range Kinds {
		for _, c := range k.columns {
			if c.name == h || slices.Contains(c.aliases, h) {
				return true
			}
		}
	}
	return false
}

func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func loadedBefore(ctx context.Context, st *store.Store, sum string) (int64, bool, error) {
	var id int64
	err := st.DB().QueryRowContext(ctx,
		"SELECT load_id FROM loads WHERE sha256 = ? AND outcome = 'loaded' ORDER BY load_id LIMIT 1", sum).Scan(&id)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		}
		return 0, false, err
	}
	return id, true, nil
}
