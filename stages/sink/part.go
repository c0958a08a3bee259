package sink

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/compress"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/statharvest/statharvest/schemas"
)

const (
	// flushRows and flushBytes bound what a builder holds before it goes to
	// the writer: 2048 rows, or fewer when the rows are long (bodies).
	flushRows  = 2048
	flushBytes = 1 << 20
	// rowGroupBytes bounds a buffered row group by its uncompressed size: the
	// writer keeps a row group's pages in memory until it closes, for every
	// table at once, so this keeps memory flat however large the run.
	rowGroupBytes = 12 << 20
)

// writeOnly hides Close from pqarrow: its Close would close the file before we
// can Sync it (see the parquet file writer's Close).
type writeOnly struct{ f io.Writer }

func (w writeOnly) Write(p []byte) (int, error) { return w.f.Write(p) }

// partFile is where a part's bytes go: a local file (see localFile) or an
// object being uploaded (see blobFile).
type partFile interface {
	io.Writer
	// finish makes the bytes durable (or the object visible).
	finish() error
	// discard drops what was written.
	discard()
}

// localFile is a part written to a local temporary path.
type localFile struct{ f *os.File }

func (l localFile) Write(p []byte) (int, error) { return l.f.Write(p) }

func (l localFile) finish() error {
	err := l.f.Sync()
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (l localFile) discard() {
	l.f.Close()
	os.Remove(l.f.Name())
}

// part is one Parquet file being written for one table.
type part struct {
	table        schemas.Table
	path         string // temporary path while writing; the object key for blob parts
	file         partFile
	fw           *pqarrow.FileWriter
	rb           *array.RecordBuilder
	rows         int64
	pending      int   // rows in the builder
	pendingBytes int   // approximate bytes in the builder
	rgBytes      int64 // approximate bytes in the current row group

	// Encoding and compressing a record is the costly part of writing: each
	// part does it on a goroutine of its own, so tables encode in parallel
	// with each other and with the stages feeding the sink.
	work   chan encodeJob
	done   chan error
	failed atomic.Pointer[error] // the encoder's first error, seen by flush
}

// encodeJob is a record for the part's encoder, in order.
type encodeJob struct {
	rec         arrow.Record
	newRowGroup bool // start a new row group after this record
}

// encode runs on the part's goroutine until work is closed; after the first
// error it only releases records.
func (p *part) encode() {
	var err error
	for j := range p.work {
		if err == nil {
			if err = p.fw.WriteBuffered(j.rec); err != nil {
				err = fmt.Errorf("sink: write %s: %w", p.table.Name, err)
				p.failed.Store(&err)
			} else if j.newRowGroup {
				p.fw.NewBufferedRowGroup()
			}
		}
		j.rec.Release()
	}
	p.done <- err
}

// stopEncoder closes the work queue and waits for the encoder's result.
func (p *part) stopEncoder() error {
	if p.work == nil {
		return nil
	}
	close(p.work)
	err := <-p.done
	p.work = nil
	return err
}

func writerProps(mem memory.Allocator) *parquet.WriterProperties {
	return parquet.NewWriterProperties(
		parquet.WithAllocator(mem),
		parquet.WithCompression(compress.Codecs.Zstd),
		// The fastest level: output is written once a night, read often, and
		// the default level cost a sixth of the run for a few percent of size.
		parquet.WithCompressionLevel(1),
		parquet.WithDictionaryDefault(true),
		parquet.WithStats(true),
		parquet.WithMaxRowGroupLength(1<<20),
		parquet.WithCreatedBy("statharvest"),
		// Bodies are long and rarely repeat: a dictionary would only cost memory.
		parquet.WithDictionaryFor("body", false),
		parquet.WithDictionaryFor("sentence", false),
		// Unique per row: a dictionary would only grow until it gives up.
		parquet.WithDictionaryFor("stat_id", false),
		parquet.WithDictionaryFor("kpi_id", false),
	)
}

func newPart(t schemas.Table, path string, mem memory.Allocator) (*part, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return newPartOn(t, path, localFile{f}, mem)
}

// newPartOn starts a Parquet file of table t on f.
func newPartOn(t schemas.Table, path string, f partFile, mem memory.Allocator) (*part, error) {
	fw, err := pqarrow.NewFileWriter(t.Schema, writeOnly{f}, writerProps(mem),
		pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(mem), pqarrow.WithStoreSchema()))
	if err != nil {
		f.discard()
		return nil, err
	}
	return &part{table: t, path: path, file: f, fw: fw, rb: array.NewRecordBuilder(mem, t.Schema)}, nil
}

// field returns the builder of the named column; the schema is fixed, so a
// missing or mistyped column is a programming error caught by every test.
func field[B array.Builder](p *part, name string) B {
	idx := p.table.Schema.FieldIndices(name)
	if len(idx) != 1 {
		panic(fmt.Sprintf("sink: table %s has no column %s", p.table.Name, name))
	}
	b, ok := p.rb.Field(idx[0]).(B)
	if !ok {
		panic(fmt.Sprintf("sink: column %s.%s has builder %T", p.table.Name, name, p.rb.Field(idx[0])))
	}
	return b
}

// rowDone counts a finished row of roughly size bytes and flushes when due.
func (p *part) rowDone(size int) error {
	p.rows++
	p.pending++
	p.pendingBytes += size
	p.rgBytes += int64(size)
	if p.pending >= flushRows || p.pendingBytes >= flushBytes {
		return p.flush()
	}
	return nil
}

func (p *part) flush() error {
	if p.pending == 0 {
		return nil
	}
	if p.work == nil {
		p.work, p.done = make(chan encodeJob, 2), make(chan error, 1)
		go p.encode()
	}
	j := encodeJob{rec: p.rb.NewRecord(), newRowGroup: p.rgBytes >= rowGroupBytes}
	p.pending, p.pendingBytes = 0, 0
	if j.newRowGroup {
		p.rgBytes = 0
	}
	if err := p.failed.Load(); err != nil {
		// Fail the run at once rather than encode the rest for nothing.
		j.rec.Release()
		return *err
	}
	p.work <- j
	return nil
}

// close finishes the file and makes it durable; it stays at its temporary path.
func (p *part) close() error {
	err := p.flush()
	if eerr := p.stopEncoder(); err == nil {
		err = eerr
	}
	if cerr := p.fw.Close(); err == nil {
		err = cerr
	}
	p.rb.Release()
	if ferr := p.file.finish(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("sink: finish %s: %w", p.table.Name, err)
	}
	return nil
}

// abort drops the file.
func (p *part) abort() {
	p.stopEncoder()
	p.rb.Release()
	p.file.discard()
}

func appendStr(b *array.StringBuilder, s string) { b.Append(s) }

func appendOptStr(b *array.StringBuilder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}
	b.Append(s)
}

func appendOptF64(b *array.Float64Builder, v *float64) {
	if v == nil {
		b.AppendNull()
		return
	}
	b.Append(*v)
}

func appendOptI32(b *array.Int32Builder, v *int) {
	if v == nil {
		b.AppendNull()
		return
	}
	b.Append(int32(*v))
}
