// Package tabular reads tabular files — CSV, JSON Lines, Parquet, XLSX — as
// rows of trimmed text with their line numbers.
//
// It implements the form part of the data contract: format detection and
// verification, text encodings, CSV delimiters, line numbers and whole-file
// refusals. What the columns mean is left to the caller.
package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Format is a tabular file format.
type Format string

// The formats Open understands.
const (
	CSV     Format = "csv"
	JSONL   Format = "jsonl"
	Parquet Format = "parquet"
	XLSX    Format = "xlsx"
)

// Refusal is a whole-file refusal; Code is one of the contract's refusal reasons:
// "empty_file", "no_header", "bad_encoding", "bad_format" (others are used by callers).
type Refusal struct {
	Code   string
	Detail string // human-readable, English
}

func (r *Refusal) Error() string {
	if r.Detail == "" {
		return r.Code
	}
	return r.Code + ": " + r.Detail
}

func refuse(code, format string, args ...any) *Refusal {
	return &Refusal{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// Info says what was detected.
type Info struct {
	Format    Format
	Encoding  string // "utf-8", "utf-8-bom", "windows-1252", "utf-16le"... ("" for binary formats)
	Delimiter rune   // CSV only
}

// Record is one data row. Values is aligned with Header() (missing trailing
// cells are ""), every value trimmed of surrounding white space. Values may be
// reused by the next call to Next.
type Record struct {
	// Line is, for CSV, the physical line where the record starts (header =
	// line 1; blank lines are skipped, not rows); for JSON Lines the physical
	// line (first line = 1); for XLSX the sheet row number; for Parquet the
	// row index + 1.
	Line   int
	Values []string
	// Err is non-empty when the row itself is unreadable: "bad_json" for a
	// JSON Lines line that is not a JSON object; "bad_format" for a CSV row
	// with more non-empty cells than the header, or a CSV or JSON Lines line
	// over Limits.MaxLineBytes. Values is then nil.
	Err string
	// Raw is, with Err, the offending text (truncated to 200 bytes; empty
	// for a line over Limits.MaxLineBytes, which is never buffered).
	Raw string
	// Detail says, with Err, why the row is unreadable when the reason
	// alone does not (a line over the size limit).
	Detail string
}

// Reader reads the rows of one file.
type Reader interface {
	Info() Info
	// Header returns the column names as written in the file, trimmed, BOM
	// removed (case kept). Trailing empty names are dropped.
	Header() []string
	// Next returns the next data row; io.EOF at the end; a *Refusal if the
	// file turns out unusable mid-way.
	Next() (Record, error)
	Close() error
}

// maxRaw is the longest Record.Raw.
const maxRaw = 200

// sniffSize is how much of the file's start is read to recognise it.
const sniffSize = 64 << 10

// Open detects the format from the extension (.csv .tsv .txt → CSV, .jsonl
// .ndjson .json → JSONL, .parquet → Parquet, .xlsx → XLSX) and verifies it by
// sniffing the content; without a known extension, the content decides.
// Content that is not what the name says → *Refusal{Code: "bad_format"}.
// A 0-byte file → "empty_file". A text file with no header line (only white
// space/BOM) → "no_header". Undecodable text → "bad_encoding". It reads
// within DefaultLimits.
func Open(path string) (Reader, error) {
	return OpenWith(path, Limits{})
}

// OpenWith is Open within the given limits (zero fields take the defaults).
// A file over a limit is refused "bad_format" with a message naming the
// limit. Only regular files are read: path must not be a symbolic link, a
// device or a pipe (refused "bad_format" without being opened).
func OpenWith(path string, lim Limits) (Reader, error) {
	lim = lim.Resolved()
	// Lstat first: a link or a FIFO in an inbox must not be followed or read.
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("tabular: %s is a directory", path)
	}
	if !fi.Mode().IsRegular() {
		return nil, refuse("bad_format", "%s", NotRegular(fi.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !os.SameFile(fi, st) {
		f.Close() // replaced (by a link?) between Lstat and Open
		return nil, refuse("bad_format", "the file changed while it was being opened")
	}
	r, err := open(f, path, lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := checkHeader(r.Header(), lim); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// NotRegular says why a file of mode m is not read ("" for a regular file).
func NotRegular(m os.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m&os.ModeSymlink != 0:
		return "the file is a symbolic link: links are not followed"
	case m.IsDir():
		return "the file is a directory"
	case m&os.ModeNamedPipe != 0:
		return "the file is a named pipe, not a regular file"
	case m&os.ModeSocket != 0:
		return "the file is a socket, not a regular file"
	case m&os.ModeDevice != 0:
		return "the file is a device, not a regular file"
	}
	return "the file is not a regular file"
}

// checkHeader refuses a header over the column limits.
func checkHeader(h []string, lim Limits) error {
	if len(h) > lim.MaxColumns {
		return refuse("bad_format", "the header has %d columns, over the limit of %d", len(h), lim.MaxColumns)
	}
	for i, name := range h {
		if len(name) > lim.MaxCellBytes {
			return refuse("bad_format", "the name of column %d is %d bytes long, over the limit of %s per cell", i+1, len(name), bytesText(int64(lim.MaxCellBytes)))
		}
	}
	return nil
}

// recoverBadFormat turns a panic of a third-party decoder (Parquet, XLSX) on
// a malformed file into a bad_format refusal.
func recoverBadFormat(err *error) {
	if p := recover(); p != nil {
		if be, ok := p.(budgetExceeded); ok {
			*err = refuse("bad_format", "%s", be)
			return
		}
		*err = refuse("bad_format", "the file cannot be decoded: %s", redact(fmt.Sprint(p)))
	}
}

func open(f *os.File, path string, lim Limits) (r Reader, err error) {
	defer recoverBadFormat(&err)
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size == 0 {
		return nil, refuse("empty_file", "the file is empty (0 bytes)")
	}
	head := make([]byte, min(size, sniffSize))
	if _, err := io.ReadFull(f, head); err != nil {
		return nil, err
	}
	declared := formatFromExt(filepath.Ext(path))
	k := sniff(head)

	// Binary containers first: they must match the name, if the name says anything.
	switch k.kind {
	case kindParquet:
		if declared != "" && declared != Parquet {
			return nil, refuse("bad_format", "the file is named as %s but its content is a Parquet file", describe(declared))
		}
		return openParquet(f, size, lim)
	case kindZip:
		if declared != "" && declared != XLSX {
			return nil, refuse("bad_format", "the file is named as %s but its content is a zip archive (an XLSX workbook?)", describe(declared))
		}
		return openXLSX(f, path, size, lim)
	case kindForeign:
		return nil, foreign(declared, k.what)
	}

	// Text of some kind.
	switch declared {
	case Parquet:
		return nil, refuse("bad_format", "the file is named as Parquet but has no Parquet magic (PAR1); its content looks like text")
	case XLSX:
		return nil, refuse("bad_format", "the file is named as XLSX but is not a zip archive; its content looks like text")
	}
	// An HTML error page is refused as such, whatever its encoding.
	if what := markupKind(firstNonBlankLine(string(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))))); what != "" {
		return nil, foreign(declared, what)
	}
	enc, err := detectEncoding(f, head, size)
	if err != nil {
		return nil, err
	}
	whole := size <= int64(len(head))
	sample := enc.decodeSample(head, whole)
	// Binary check on the decoded text (NUL bytes were handled by detectEncoding
	// for UTF-8 and Windows-1252; UTF-16 is checked here after decoding).
	if isBinaryText(sample) {
		return nil, foreign(declared, "binary data")
	}
	first := firstNonBlankLine(sample)
	if first == "" && whole {
		return nil, refuse("no_header", "the file has no header line (only white space)")
	}
	if what := markupKind(first); what != "" {
		return nil, foreign(declared, what)
	}
	format := declared
	if format == "" {
		format = CSV
		if looksLikeJSONObject(first) {
			format = JSONL
		}
	}
	switch format {
	case JSONL:
		if enc.kind == encWindows1252 {
			// JSON text is Unicode (RFC 8259); a guess at a legacy code page
			// would load garbled names silently.
			return nil, refuse("bad_encoding", "JSON Lines must be UTF-8 (or UTF-16 with a byte order mark): byte 0x%02X at line %d is not valid UTF-8",
				enc.invalidByte, enc.invalidLine)
		}
		return openJSONL(f, enc, sample, lim)
	default:
		if looksLikeJSONObject(first) && strings.HasPrefix(strings.TrimSpace(first), "{\"") {
			return nil, refuse("bad_format", "the file is named as CSV but its content is JSON Lines")
		}
		return openCSV(f, enc, sample, whole, lim)
	}
}

// foreign refuses content that is not a tabular file (or not the declared one).
func foreign(declared Format, what string) *Refusal {
	if declared != "" {
		return refuse("bad_format", "the file is named as %s but its content is %s", describe(declared), what)
	}
	return refuse("bad_format", "the content is %s, not a tabular file", what)
}

func formatFromExt(ext string) Format {
	switch strings.ToLower(ext) {
	case ".csv", ".tsv", ".txt":
		return CSV
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	case ".parquet":
		return Parquet
	case ".xlsx":
		return XLSX
	}
	return ""
}

func describe(f Format) string {
	switch f {
	case CSV:
		return "CSV"
	case JSONL:
		return "JSON Lines"
	case Parquet:
		return "Parquet"
	case XLSX:
		return "XLSX"
	}
	return string(f)
}

type contentKind int

const (
	kindText contentKind = iota
	kindParquet
	kindZip
	kindForeign
)

type sniffed struct {
	kind contentKind
	what string // for kindForeign: what the content is
}

var magics = []struct {
	prefix string
	what   string
}{
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"%PDF-", "a PDF document"},
	{"\x1f\x8b", "a gzip archive"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
	{"\xfd7zXZ\x00", "an xz archive"},
	{"\x28\xb5\x2f\xfd", "a zstd archive"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office document (an .xls workbook or an encrypted .xlsx)"},
	{"SQLite format 3\x00", "an SQLite database"},
	{"\x7fELF", "an executable"},
	{"II*\x00", "a TIFF image"},
	{"MM\x00*", "a TIFF image"},
	{"\x00\x00\x01\x00", "an icon"},
	{"ARROW1", "an Arrow IPC file"},
}

func sniff(head []byte) sniffed {
	switch {
	case bytes.HasPrefix(head, []byte("PAR1")):
		return sniffed{kind: kindParquet}
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return sniffed{kind: kindZip}
	}
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return sniffed{kind: kindForeign, what: m.what}
		}
	}
	if bytes.HasPrefix(head, []byte("RIFF")) && len(head) >= 12 {
		switch string(head[8:12]) {
		case "WEBP":
			return sniffed{kind: kindForeign, what: "a WebP image"}
		case "WAVE":
			return sniffed{kind: kindForeign, what: "a WAV audio file"}
		}
	}
	return sniffed{kind: kindText}
}

// markupKind says whether the first line of a text looks like HTML or XML.
func markupKind(first string) string {
	s := strings.TrimSpace(first)
	if !strings.HasPrefix(s, "<") {
		return ""
	}
	l := strings.ToLower(s)
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<script", "<style", "<div", "<p>", "<h1", "<table", "<center", "<!--"} {
		if strings.HasPrefix(l, p) {
			return "an HTML page"
		}
	}
	if strings.HasPrefix(l, "<?xml") || strings.HasPrefix(l, "<!doctype") {
		if strings.Contains(l, "html") {
			return "an HTML page"
		}
		return "an XML document"
	}
	// Any other "<tag" or "</tag" start: markup, not a header.
	if len(l) > 1 && (l[1] == '/' || l[1] == '!' || l[1] == '?' || (l[1] >= 'a' && l[1] <= 'z')) && strings.Contains(l, ">") {
		return "markup (HTML or XML)"
	}
	return ""
}

func looksLikeJSONObject(line string) bool {
	s := strings.TrimSpace(line)
	return strings.HasPrefix(s, "{")
}

func firstNonBlankLine(s string) string {
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		var line string
		if i < 0 {
			line, s = s, ""
		} else {
			line, s = s[:i], s[i+1:]
		}
		if strings.TrimSpace(line) != "" {
			return line
		}
	}
	return ""
}

// isBinaryText says whether decoded text is binary data: NUL bytes, or more
// than a few control characters.
func isBinaryText(s string) bool {
	if strings.IndexByte(s, 0) >= 0 {
		return true
	}
	ctrl := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1a) || c == 0x7f {
			ctrl++
		}
	}
	return ctrl > 0 && ctrl*50 > len(s)
}

// truncate cuts s to at most n bytes, on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// redact shortens a decoder's error message for a refusal and blanks what it
// quotes (a "…" or <…> span, which may be the file's content: a cell, a key,
// an XML name), so that no refusal repeats the file's data.
func redact(msg string) string {
	var b strings.Builder
	quote := byte(0)
	for i := 0; i < len(msg) && b.Len() < maxRedacted; i++ {
		c := msg[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
				b.WriteByte(c)
			}
		case c == '"':
			quote = c
			b.WriteString("\"…")
		case c == '<' && strings.IndexByte(msg[i:], '>') > 0: // an XML name: <Mario> closed by </Rossi>
			quote = '>'
			b.WriteString("<…")
		case c < ' ' || c >= 0x7f:
			b.WriteByte('?')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

const maxRedacted = 160

var errClosed = errors.New("tabular: reader is closed")
