// Package dataset reads the committed output tables of one output root in
// pure Go. A part file counts only when the runs table holds a committed row
// for its run, so readers never see a run that did not finish.
package dataset

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
)

// Row is one table row: column name to a Go value (string, int64, int32,
// float64, bool, time.Time for dates and timestamps, []string for lists, or nil).
type Row map[string]any

// Str returns the named column as a string ("" for null).
func (r Row) Str(col string) string { s, _ := r[col].(string); return s }

// Float returns the named column as a float64 and whether it was non-null.
func (r Row) Float(col string) (float64, bool) {
	switch v := r[col].(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	case int32:
		return float64(v), true
	}
	return 0, false
}

// Time returns the named date or timestamp column, zero for null.
func (r Row) Time(col string) time.Time { t, _ := r[col].(time.Time); return t }

// Dataset is an output root.
type Dataset struct {
	Root      string
	committed map[string]bool
}

// Open reads the runs table of root to learn which runs are committed.
func Open(root string) (*Dataset, error) {
	d := &Dataset{Root: root, committed: map[string]bool{}}
	files, err := d.partFiles("runs")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		rows, err := ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.Str("status") == "committed" {
				d.committed[r.Str("run_id")] = true
			}
		}
	}
	return d, nil
}

// Runs returns the committed run ids, oldest first.
func (d *Dataset) Runs() []string {
	ids := make([]string, 0, len(d.committed))
	for id := range d.committed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// RunOf returns the run id named by a part file (part-<run_id>[-<shard>].parquet).
func RunOf(path string) string {
	base := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "part-"), ".parquet")
	if i := strings.IndexByte(base, '-'); i >= 0 {
		base = base[:i]
	}
	return base
}

func (d *Dataset) partFiles(table string) ([]string, error) {
	var out []string
	dir := filepath.Join(d.Root, table)
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return fs.SkipDir
			}
			return err
		}
		if !e.IsDir() && strings.HasPrefix(e.Name(), "part-") && strings.HasSuffix(e.Name(), ".parquet") {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Files returns the committed part files of a table.
func (d *Dataset) Files(table string) ([]string, error) { return d.parts(table, true) }

// Uncommitted returns the part files of a table whose run has no committed
// runs row: what a run that died left in the partitions.
func (d *Dataset) Uncommitted(table string) ([]string, error) { return d.parts(table, false) }

func (d *Dataset) parts(table string, committed bool) ([]string, error) {
	all, err := d.partFiles(table)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range all {
		if d.committed[RunOf(f)] == committed {
			out = append(out, f)
		}
	}
	return out, nil
}

// Rows reads every committed row of a table.
func (d *Dataset) Rows(table string) ([]Row, error) {
	files, err := d.Files(table)
	if err != nil {
		return nil, err
	}
	var out []Row
	for _, f := range files {
		rows, err := ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// ReadFile reads one Parquet file into rows.
func ReadFile(path string) ([]Row, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 4096}, memory.DefaultAllocator)
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", path, err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", path, err)
	}
	defer tbl.Release()
	return tableRows(tbl)
}

// Schema returns the Arrow schema stored in a Parquet file.
func Schema(path string) (*arrow.Schema, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	return fr.Schema()
}

func tableRows(tbl arrow.Table) ([]Row, error) {
	n := int(tbl.NumRows())
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{}
	}
	for c := 0; c < int(tbl.NumCols()); c++ {
		col := tbl.Column(c)
		name := col.Name()
		i := 0
		for _, chunk := range col.Data().Chunks() {
			for j := 0; j < chunk.Len(); j++ {
				rows[i][name] = value(chunk, j)
				i++
			}
		}
	}
	return rows, nil
}

func value(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.Date32:
		return a.Value(i).ToTime()
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit)
	case *array.List:
		start, end := a.ValueOffsets(i)
		vals := a.ListValues()
		out := make([]string, 0, end-start)
		for k := start; k < end; k++ {
			s, _ := value(vals, int(k)).(string)
			out = append(out, s)
		}
		return out
	}
	return fmt.Sprint(a.GetOneForMarshal(i))
}

// ReadColumn reads one string column of a Parquet file, without the others.
func ReadColumn(path, column string) ([]string, error) {
	var out []string
	err := ScanFile(path, []string{column}, func(r Row) { out = append(out, r.Str(column)) })
	return out, err
}
