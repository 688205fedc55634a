package tabular

import (
	"archive/zip"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxReader streams the first sheet of a workbook with excelize's Rows.
type xlsxReader struct {
	wb     *excelize.File
	rows   *excelize.Rows
	sheet  string
	header []string
	rowNum int // sheet row number of the last row read
	values []string
	done   bool
	closed bool
}

func openXLSX(f *os.File, path string, size int64, lim Limits) (Reader, error) {
	// The archive's own account of itself is checked before excelize
	// inflates anything: a bomb is refused at the cost of reading its
	// central directory.
	err := checkZip(f, size, lim)
	// excelize opens the file by name itself; f has served for checking.
	f.Close()
	if err != nil {
		return nil, err
	}
	wb, err := excelize.OpenFile(path, excelize.Options{
		UnzipSizeLimit:    lim.MaxUnzippedBytes,
		UnzipXMLSizeLimit: min(lim.MaxXMLPartBytes, lim.MaxUnzippedBytes),
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, refuse("bad_format", "the XLSX workbook expands to more than the limit of %s", bytesText(lim.MaxUnzippedBytes))
		}
		return nil, refuse("bad_format", "not a readable XLSX workbook: %s", redact(err.Error()))
	}
	r := &xlsxReader{wb: wb}
	ok := false
	defer func() {
		if !ok {
			r.Close()
		}
	}()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, refuse("bad_format", "the XLSX workbook has no sheets")
	}
	r.sheet = sheets[0]
	if err := plainNumberFormats(wb); err != nil {
		return nil, refuse("bad_format", "the XLSX styles cannot be read: %s", redact(err.Error()))
	}
	r.rows, err = wb.Rows(r.sheet)
	if err != nil {
		return nil, refuse("bad_format", "the first sheet cannot be read: %s", redact(err.Error()))
	}
	// Header: the first non-empty row.
	for {
		cells, err := r.nextRow()
		if err == io.EOF {
			return nil, refuse("no_header", "the first sheet is empty")
		}
		if err != nil {
			return nil, err
		}
		if cells == nil {
			continue
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		r.header = cells
		break
	}
	r.values = make([]string, len(r.header))
	ok = true
	return r, nil
}

// checkZip refuses an archive whose central directory declares more than the
// limits allow: too many entries, too many bytes once inflated, an in-memory
// part too large, or an entry inflating at a bomb's ratio. archive/zip stops
// an entry that inflates past its declared size, so the declared sizes bound
// what excelize can be made to hold.
func checkZip(f *os.File, size int64, lim Limits) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return refuse("bad_format", "not a readable XLSX workbook (zip): %s", redact(err.Error()))
	}
	if n := len(zr.File); n > lim.MaxZipEntries {
		return refuse("bad_format", "the XLSX archive has %d entries, over the limit of %d", n, lim.MaxZipEntries)
	}
	var total uint64
	for i, e := range zr.File {
		u, c := e.UncompressedSize64, e.CompressedSize64
		total += u
		if u > uint64(lim.MaxUnzippedBytes) || total > uint64(lim.MaxUnzippedBytes) {
			return refuse("bad_format", "the XLSX workbook expands to more than the limit of %s (its zip entries declare %d bytes by entry %d)",
				bytesText(lim.MaxUnzippedBytes), total, i+1)
		}
		if u > 1<<20 && u/max(c, 1) >= uint64(lim.MaxZipRatio) {
			return refuse("bad_format", "%s of the XLSX archive inflates %d times (%d bytes to %d), over the limit ratio of %d: a zip bomb?",
				entryName(i, e.Name), u/max(c, 1), c, u, lim.MaxZipRatio)
		}
		if !spilled(e.Name) && int64(u) > lim.MaxXMLPartBytes {
			return refuse("bad_format", "%s of the XLSX archive is %d bytes once inflated, over the limit of %s for a part held in memory",
				entryName(i, e.Name), u, bytesText(lim.MaxXMLPartBytes))
		}
	}
	return nil
}

// spilled says whether excelize writes the part to a temporary file when it
// is large (worksheets and shared strings) instead of holding it in memory.
func spilled(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	return strings.HasPrefix(n, "xl/worksheets/sheet") || n == "xl/sharedstrings.xml"
}

// entryName names zip entry i for a message: its path when it is a plain
// part name, else only its position (a name is the file's content).
func entryName(i int, name string) string {
	ok := len(name) <= 64
	for j := 0; ok && j < len(name); j++ {
		c := name[j]
		ok = c == '/' || c == '.' || c == '_' || c == '-' || c == '[' || c == ']' ||
			(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	}
	if ok && name != "" {
		return "entry " + strconv.Itoa(i+1) + " (" + name + ")"
	}
	return "entry " + strconv.Itoa(i+1)
}

func (r *xlsxReader) Info() Info       { return Info{Format: XLSX} }
func (r *xlsxReader) Header() []string { return r.header }

func (r *xlsxReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	var err error
	if r.rows != nil {
		err = r.rows.Close()
	}
	if e := r.wb.Close(); err == nil {
		err = e
	}
	return err
}

// nextRow reads the next sheet row: its trimmed cells, or nil when all are empty.
func (r *xlsxReader) nextRow() ([]string, error) {
	if r.done || !r.rows.Next() {
		r.done = true
		if err := r.rows.Error(); err != nil {
			return nil, refuse("bad_format", "the first sheet is damaged after row %d: %s", r.rowNum, redact(err.Error()))
		}
		return nil, io.EOF
	}
	r.rowNum++
	cells, err := r.rows.Columns()
	if err != nil {
		return nil, refuse("bad_format", "row %d of the first sheet cannot be read: %s", r.rowNum, redact(err.Error()))
	}
	empty := true
	for i, c := range cells {
		c = cellValue(c)
		cells[i] = c
		if c != "" {
			empty = false
		}
	}
	if empty {
		return nil, nil
	}
	return cells, nil
}

func cellValue(s string) string {
	s = trim(s)
	switch s {
	case "TRUE":
		return "true"
	case "FALSE":
		return "false"
	}
	// Date-time formats are rewritten to "yyyy-mm-dd hh:mm:ss" (see
	// plainNumberFormats): midnight is a plain date, others ISO 8601.
	if len(s) == 19 && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' && s[16] == ':' && isDigits(s[:4]) {
		if s[11:] == "00:00:00" {
			return s[:10]
		}
		return s[:10] + "T" + s[11:]
	}
	return s
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (r *xlsxReader) Next() (rec Record, err error) {
	defer recoverBadFormat(&err)
	if r.closed {
		return Record{}, errClosed
	}
	for {
		cells, err := r.nextRow()
		if err != nil {
			return Record{}, err
		}
		if cells == nil {
			continue
		}
		n := copy(r.values, cells)
		for i := n; i < len(r.values); i++ {
			r.values[i] = ""
		}
		return Record{Line: r.rowNum, Values: r.values}, nil
	}
}

// Number format classes.
const (
	nfPlain = iota
	nfDate
	nfDateTime
	nfTime
)

// plainNumberFormats rewrites the workbook's cell styles (in memory only) so
// that excelize's formatted values are what the contract wants: dates as
// YYYY-MM-DD (date-times as "YYYY-MM-DD hh:mm:ss"), and every other number
// plainly (the General format: no thousands separators, no currency, no
// fixed decimals, percentages as fractions).
func plainNumberFormats(wb *excelize.File) error {
	if _, err := wb.GetStyle(0); err != nil && wb.Styles == nil {
		return err
	}
	st := wb.Styles
	if st == nil || st.CellXfs == nil || len(st.CellXfs.Xf) == 0 {
		return nil
	}
	custom := map[int]string{}
	if st.NumFmts != nil {
		for _, nf := range st.NumFmts.NumFmt {
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			custom[nf.NumFmtID] = code
		}
	}
	n := len(st.CellXfs.Xf)
	classes := make([]int, n)
	need := [4]bool{}
	for i := 0; i < n; i++ {
		id := 0
		if p := st.CellXfs.Xf[i].NumFmtID; p != nil {
			id = *p
		}
		c := nfPlain
		if code, ok := custom[id]; ok {
			c = classifyFormatCode(code)
		} else {
			c = classifyBuiltIn(id)
		}
		classes[i] = c
		need[c] = true
	}
	// Register the target formats through the public API, then point the
	// existing styles at their number formats.
	targets := [4]int{}
	codes := [4]string{nfDate: "yyyy-mm-dd", nfDateTime: "yyyy-mm-dd hh:mm:ss", nfTime: "hh:mm:ss"}
	for c := nfDate; c <= nfTime; c++ {
		if !need[c] {
			continue
		}
		code := codes[c]
		idx, err := wb.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			return err
		}
		p := wb.Styles.CellXfs.Xf[idx].NumFmtID
		if p == nil {
			continue
		}
		targets[c] = *p
	}
	for i := 0; i < n; i++ {
		id := targets[classes[i]] // 0 = General for plain
		st.CellXfs.Xf[i].NumFmtID = &id
	}
	return nil
}

func classifyBuiltIn(id int) int {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id >= 34 && id <= 36, id >= 50 && id <= 58:
		return nfDate
	case id == 22:
		return nfDateTime
	case id >= 18 && id <= 21, id >= 45 && id <= 47, id == 32 || id == 33:
		return nfTime
	}
	return nfPlain
}

// classifyFormatCode tells a date, time or date-time format code from a
// number format code by its tokens outside quotes, escapes and brackets
// (only the first section counts).
func classifyFormatCode(code string) int {
	var y, d, m, h, sec bool
	inQuote := false
loop:
	for i := 0; i < len(code); i++ {
		c := code[i]
		if inQuote {
			if c == '"' {
				inQuote = false
			}
			continue
		}
		switch c {
		case '"':
			inQuote = true
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				break loop
			}
			switch strings.ToLower(code[i+1 : i+j]) {
			case "h", "hh", "m", "mm", "s", "ss":
				h = true // elapsed time
			}
			i += j
		case ';':
			break loop
		case 'y', 'Y':
			y = true
		case 'd', 'D':
			d = true
		case 'm', 'M':
			m = true
		case 'h', 'H':
			h = true
		case 's', 'S':
			sec = true
		}
	}
	date := y || d || (m && !h && !sec)
	tm := h || sec
	switch {
	case date && tm:
		return nfDateTime
	case date:
		return nfDate
	case tm:
		return nfTime
	}
	return nfPlain
}
