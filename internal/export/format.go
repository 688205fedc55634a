package export

import (
	"fmt"
	"strings"
)

// Format is an export format.
type Format string

// The formats.
const (
	CSV     Format = "csv"     // RFC 4180: ",", ".", codes and full precision
	CSVIT   Format = "csv-it"  // Italian Excel: ";", decimal comma, UTF-8 with BOM
	JSONL   Format = "jsonl"   // JSON Lines, lists as arrays
	JSON    Format = "json"    // a console page: at most ConsoleRows rows and a truncated flag
	Parquet Format = "parquet" // lists as lists, provenance in the schema metadata
	Arrow   Format = "arrow"   // Arrow IPC stream, provenance in the schema metadata
	XLSX    Format = "xlsx"    // typed cells, a sheet with the provenance
)

// Formats lists the formats, for messages.
var Formats = []Format{CSV, CSVIT, JSONL, JSON, Parquet, Arrow, XLSX}

// ConsoleRows bounds the json format, meant for a screen, not a download.
const ConsoleRows = 1000

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == strings.ToLower(s) {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (one of %s)", s, strings.Join(names, ", "))
}

// ContentType is the media type of the format.
func (f Format) ContentType() string {
	switch f {
	case CSV, CSVIT:
		return "text/csv; charset=utf-8"
	case JSONL:
		return "application/jsonl; charset=utf-8"
	case JSON:
		return "application/json; charset=utf-8"
	case Parquet:
		return "application/vnd.apache.parquet"
	case Arrow:
		return "application/vnd.apache.arrow.stream"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}

// Extension is the file name extension of the format.
func (f Format) Extension() string {
	switch f {
	case CSVIT:
		return ".csv"
	case Arrow:
		return ".arrows"
	}
	return "." + string(f)
}
