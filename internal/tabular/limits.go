package tabular

import "strconv"

// Limits bound what reading one file may cost, so that a hostile or broken
// file is refused (or its row rejected) before memory or disk grow with it.
// A zero field takes its default from DefaultLimits; docs/DATA.md ("Limits")
// says what each one does to a file.
type Limits struct {
	// MaxLineBytes is the longest physical line of a CSV or JSON Lines file.
	// A longer data line is a rejected row (bad_format) whose bytes are
	// skipped, never buffered; a longer header line, or a quoted CSV record
	// that runs on past it (an unclosed quote), refuses the file.
	MaxLineBytes int
	// MaxCellBytes is the longest value a loader stores; the readers refuse a
	// file with a longer header name, and ingest rejects a row with a longer
	// value in a column it keeps (bad_format).
	MaxCellBytes int
	// MaxColumns is the most columns a header may have.
	MaxColumns int

	// XLSX: checked on the zip's central directory before the workbook is
	// opened, and handed to excelize as its own limits.
	MaxZipEntries    int   // entries in the archive
	MaxUnzippedBytes int64 // declared uncompressed size of all entries together
	// MaxZipRatio is the largest uncompressed/compressed ratio of an entry
	// of more than 1 MiB (deflate of real sheets stays far below it; a bomb
	// is near 1000).
	MaxZipRatio int
	// MaxXMLPartBytes is the largest part excelize may hold in memory: every
	// part but the worksheets and the shared strings, which it spills to
	// temporary files above this size.
	MaxXMLPartBytes int64

	// Parquet: checked on the footer's metadata before any row is read.
	MaxRows         int64 // rows in the file
	MaxParquetBytes int64 // declared uncompressed size of all column chunks
	MaxPageBytes    int64 // declared uncompressed size of one page
	// MaxDecodeBytes is the memory the Parquet decoder may hold at once
	// (its allocator refuses more): what bounds a file whose page headers
	// declare more than its footer says.
	MaxDecodeBytes int64
}

// DefaultLimits are the bounds used where a Limits field is zero.
var DefaultLimits = Limits{
	MaxLineBytes: 1 << 20,
	MaxCellBytes: 4 << 10,
	MaxColumns:   1000,

	MaxZipEntries:    1000,
	MaxUnzippedBytes: 256 << 20,
	MaxZipRatio:      200,
	MaxXMLPartBytes:  16 << 20,

	MaxRows:         50_000_000,
	MaxParquetBytes: 4 << 30,
	MaxPageBytes:    64 << 20,
	MaxDecodeBytes:  512 << 20,
}

// Resolved returns l with its zero fields set from DefaultLimits.
func (l Limits) Resolved() Limits {
	d := DefaultLimits
	pick := func(v, def int64) int64 {
		if v > 0 {
			return v
		}
		return def
	}
	return Limits{
		MaxLineBytes:     int(pick(int64(l.MaxLineBytes), int64(d.MaxLineBytes))),
		MaxCellBytes:     int(pick(int64(l.MaxCellBytes), int64(d.MaxCellBytes))),
		MaxColumns:       int(pick(int64(l.MaxColumns), int64(d.MaxColumns))),
		MaxZipEntries:    int(pick(int64(l.MaxZipEntries), int64(d.MaxZipEntries))),
		MaxUnzippedBytes: pick(l.MaxUnzippedBytes, d.MaxUnzippedBytes),
		MaxZipRatio:      int(pick(int64(l.MaxZipRatio), int64(d.MaxZipRatio))),
		MaxXMLPartBytes:  pick(l.MaxXMLPartBytes, d.MaxXMLPartBytes),
		MaxRows:          pick(l.MaxRows, d.MaxRows),
		MaxParquetBytes:  pick(l.MaxParquetBytes, d.MaxParquetBytes),
		MaxPageBytes:     pick(l.MaxPageBytes, d.MaxPageBytes),
		MaxDecodeBytes:   pick(l.MaxDecodeBytes, d.MaxDecodeBytes),
	}
}

// bytesText writes a byte count for messages: "4 KiB", "1 MiB", "1500 bytes".
func bytesText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + " GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
