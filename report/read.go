package report

import (
	"context"
	"fmt"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/statharvest/statharvest/dataset"
)

// scan calls fn for every row of a table's committed parts with the named
// flat columns and nothing else: article bodies and sentences are most of the
// bytes. The row passed to fn is reused: fn must not keep it. A column missing
// from a part (an older schema) reads as null.
func scan(ds *dataset.Dataset, table string, cols []string, fn func(dataset.Row)) error {
	files, err := ds.Files(table)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := scanFile(f, cols, fn); err != nil {
			return err
		}
	}
	return nil
}

func scanFile(path string, cols []string, fn func(dataset.Row)) error {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	defer pf.Close()
	var leaves []int
	var names []string
	for _, c := range cols {
		// For flat columns the leaf is found by name; lists are not read here.
		if i := pf.MetaData().Schema.ColumnIndexByName(c); i >= 0 && !slices.Contains(names, c) {
			leaves = append(leaves, i)
			names = append(names, c)
		}
	}
	row := dataset.Row{}
	if len(leaves) == 0 {
		for i := int64(0); i < pf.NumRows(); i++ {
			fn(row)
		}
		return nil
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 8192}, memory.DefaultAllocator)
	if err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	// One row group at a time bounds memory by the row group, not the file.
	for g := 0; g < pf.NumRowGroups(); g++ {
		tbl, err := fr.ReadRowGroups(context.Background(), leaves, []int{g})
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		arrays := make([]*arrow.Chunked, len(names))
		for c := range names {
			arrays[c] = tbl.Column(c).Data()
		}
		n := int(tbl.NumRows())
		// Walk the chunks of every column in step.
		chunk := make([]int, len(names))
		offset := make([]int, len(names))
		for i := 0; i < n; i++ {
			clear(row)
			for c, name := range names {
				chunks := arrays[c].Chunks()
				for i-offset[c] >= chunks[chunk[c]].Len() {
					offset[c] += chunks[chunk[c]].Len()
					chunk[c]++
				}
				if v := flatValue(chunks[chunk[c]], i-offset[c]); v != nil {
					row[name] = v
				}
			}
			fn(row)
		}
		tbl.Release()
	}
	return nil
}

// flatValue converts one cell to the Go types of dataset.Row.
func flatValue(a arrow.Array, i int) any {
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
		return a.Value(i).ToTime(a.DataType().(*arrow.TimestampType).Unit)
	}
	return fmt.Sprint(a.GetOneForMarshal(i))
}
