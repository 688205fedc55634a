package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// ErrTooManyRows: the rows do not fit the format (XLSX's sheet limit).
var ErrTooManyRows = errors.New("too many rows for this format")

// Summary is what an export wrote.
type Summary struct {
	Rows      int64
	Truncated bool // the json format stopped at ConsoleRows
}

// Stream writes every batch of rr to w in format f, with the provenance p.
// Memory holds one batch at a time (XLSX spills to a temporary file).
func Stream(w io.Writer, f Format, rr array.RecordReader, p Provenance) (Summary, error) {
	switch f {
	case CSV, CSVIT:
		return writeCSV(w, rr, f == CSVIT)
	case JSONL:
		return writeJSONL(w, rr)
	case JSON:
		return writeConsole(w, rr)
	case Parquet:
		return writeParquet(w, rr, p)
	case Arrow:
		return writeIPC(w, rr, p)
	case XLSX:
		return writeXLSX(w, rr, p, MaxXLSXRows)
	}
	return Summary{}, fmt.Errorf("unknown format %q", f)
}

func withMetadata(s *arrow.Schema, p Provenance) *arrow.Schema {
	var keys, vals []string
	for _, kv := range p.Pairs() {
		keys = append(keys, "osservatorio."+kv[0])
		vals = append(vals, kv[1])
	}
	md := arrow.NewMetadata(keys, vals)
	return arrow.NewSchema(s.Fields(), &md)
}

func writeCSV(w io.Writer, rr array.RecordReader, italian bool) (Summary, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	if italian {
		bw.WriteString(BOM)
	}
	fields := rr.Schema().Fields()
	head := make([]string, len(fields))
	for i, fl := range fields {
		head[i] = fl.Name
	}
	hb, _, err := csvLines(italian, func(cw *csv.Writer) (int64, error) { return 0, cw.Write(head) })
	if err != nil {
		return Summary{}, err
	}
	bw.Write(hb)
	// Text formatting is the cost: batches are formatted on every core and
	// written in their order.
	sum, err := inOrder(rr, bw, func(b arrow.RecordBatch) ([]byte, int64, error) {
		return csvLines(italian, func(cw *csv.Writer) (int64, error) {
			rec := make([]string, len(fields))
			for r := 0; r < int(b.NumRows()); r++ {
				for c := range fields {
					rec[c] = text(b.Column(c), r, italian)
				}
				if err := cw.Write(rec); err != nil {
					return 0, err
				}
			}
			return b.NumRows(), nil
		})
	})
	if err != nil {
		return sum, err
	}
	return sum, bw.Flush()
}

// BOM starts a CSV for Italian Excel: without it Excel reads the file as
// Windows-1252 and "Città" arrives garbled.
const BOM = "\uFEFF"

// NewCSVWriter is a CSV writer with CRLF line ends (RFC 4180 and Excel both
// expect them) and, for Italian Excel, ";" between fields: Excel it-IT
// splits on ";" because "," is its decimal separator. The caller writes
// BOM first for Italian Excel.
func NewCSVWriter(w io.Writer, italian bool) *csv.Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if italian {
		cw.Comma = ';'
	}
	return cw
}

// csvLines formats CSV records into a buffer with NewCSVWriter.
func csvLines(italian bool, write func(*csv.Writer) (int64, error)) ([]byte, int64, error) {
	var buf bytes.Buffer
	cw := NewCSVWriter(&buf, italian)
	n, err := write(cw)
	if err != nil {
		return nil, 0, err
	}
	cw.Flush()
	return buf.Bytes(), n, cw.Error()
}

// inOrder formats the batches of rr on every core with format and writes
// the results to w in the batches' order, holding a few batches at most.
func inOrder(rr array.RecordReader, w io.Writer, format func(arrow.RecordBatch) ([]byte, int64, error)) (Summary, error) {
	type result struct {
		b    []byte
		rows int64
		err  error
	}
	workers := runtime.GOMAXPROCS(0)
	order := make(chan chan result, 2*workers)
	stop := make(chan struct{})
	sem := make(chan struct{}, workers)
	go func() {
		defer close(order)
		for rr.Next() {
			b := rr.RecordBatch()
			b.Retain() // the reader releases it on its next Next
			out := make(chan result, 1)
			select {
			case order <- out:
			case <-stop:
				b.Release()
				return
			}
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				text, rows, err := format(b)
				b.Release()
				out <- result{text, rows, err}
			}()
		}
	}()
	var sum Summary
	var err error
	for out := range order {
		r := <-out
		if err != nil {
			continue // drain what is under way
		}
		if err = r.err; err == nil {
			_, err = w.Write(r.b)
			sum.Rows += r.rows
		}
		if err != nil {
			close(stop)
		}
	}
	if err != nil {
		return sum, err
	}
	return sum, rr.Err()
}

func writeJSONL(w io.Writer, rr array.RecordReader) (Summary, error) {
	var sum Summary
	bw := bufio.NewWriterSize(w, 64<<10)
	fields := rr.Schema().Fields()
	keys := make([][]byte, len(fields))
	for i, fl := range fields {
		keys[i], _ = json.Marshal(fl.Name)
	}
	for rr.Next() {
		b := rr.RecordBatch()
		for r := 0; r < int(b.NumRows()); r++ {
			if err := writeObject(bw, keys, b, r); err != nil {
				return sum, err
			}
			bw.WriteString("\n")
			sum.Rows++
		}
	}
	if err := rr.Err(); err != nil {
		return sum, err
	}
	return sum, bw.Flush()
}

// writeObject writes one row as a JSON object whose keys keep column order.
func writeObject(bw *bufio.Writer, keys [][]byte, b arrow.RecordBatch, r int) error {
	bw.WriteString("{")
	for c := range keys {
		if c > 0 {
			bw.WriteString(",")
		}
		v, err := json.Marshal(jsonValue(b.Column(c), r))
		if err != nil {
			return err
		}
		bw.Write(keys[c])
		bw.WriteString(":")
		bw.Write(v)
	}
	bw.WriteString("}")
	return nil
}

// writeConsole writes {"columns": […], "rows": [{…}], "truncated": bool}
// with at most ConsoleRows rows.
func writeConsole(w io.Writer, rr array.RecordReader) (Summary, error) {
	var sum Summary
	bw := bufio.NewWriter(w)
	fields := rr.Schema().Fields()
	keys := make([][]byte, len(fields))
	cols := make([]map[string]string, len(fields))
	for i, fl := range fields {
		keys[i], _ = json.Marshal(fl.Name)
		cols[i] = map[string]string{"name": fl.Name, "type": fl.Type.String()}
	}
	head, _ := json.Marshal(cols)
	bw.WriteString(`{"columns":`)
	bw.Write(head)
	bw.WriteString(`,"rows":[`)
rows:
	for rr.Next() {
		b := rr.RecordBatch()
		for r := 0; r < int(b.NumRows()); r++ {
			if sum.Rows == ConsoleRows {
				sum.Truncated = true
				break rows
			}
			if sum.Rows > 0 {
				bw.WriteString(",")
			}
			if err := writeObject(bw, keys, b, r); err != nil {
				return sum, err
			}
			sum.Rows++
		}
	}
	if err := rr.Err(); err != nil {
		return sum, err
	}
	fmt.Fprintf(bw, `],"row_count":%d,"truncated":%t}`+"\n", sum.Rows, sum.Truncated)
	return sum, bw.Flush()
}

func writeParquet(w io.Writer, rr array.RecordReader, p Provenance) (Summary, error) {
	var sum Summary
	// Row groups of 128 Ki rows: buffered writes keep at most one in memory.
	// No dictionary encoding: arrow-go's writer runs on one goroutine and
	// dictionaries halve its speed (measured), while zstd still compresses
	// the repeated ids.
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false),
		parquet.WithMaxRowGroupLength(1<<17))
	fw, err := pqarrow.NewFileWriter(withMetadata(rr.Schema(), p), w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return sum, err
	}
	for rr.Next() {
		b := rr.RecordBatch()
		if err := fw.WriteBuffered(b); err != nil {
			return sum, err
		}
		sum.Rows += b.NumRows()
	}
	if err := rr.Err(); err != nil {
		return sum, err
	}
	return sum, fw.Close()
}

func writeIPC(w io.Writer, rr array.RecordReader, p Provenance) (Summary, error) {
	var sum Summary
	iw := ipc.NewWriter(w, ipc.WithSchema(withMetadata(rr.Schema(), p)))
	for rr.Next() {
		b := rr.RecordBatch()
		if err := iw.Write(b); err != nil {
			return sum, err
		}
		sum.Rows += b.NumRows()
	}
	if err := rr.Err(); err != nil {
		return sum, err
	}
	return sum, iw.Close()
}
