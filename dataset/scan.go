package dataset

import (
	"context"
	"fmt"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
)

// Scan calls fn for every row of a table's committed parts with the named
// flat columns and nothing else: article bodies and sentences are most of the
// bytes. The row passed to fn is reused: fn must not keep it. A column missing
// from a part (an older schema) reads as null.
func (d *Dataset) Scan(table string, cols []string, fn func(Row)) error {
	files, err := d.Files(table)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := ScanFile(f, cols, fn); err != nil {
			return err
		}
	}
	return nil
}

// ScanFile calls fn for every row of one Parquet file with the named flat
// columns, one row group at a time. The row is reused: fn must not keep it.
func ScanFile(path string, cols []string, fn func(Row)) error {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return fmt.Errorf("dataset: %s: %w", path, err)
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
	row := Row{}
	if len(leaves) == 0 {
		for i := int64(0); i < pf.NumRows(); i++ {
			fn(row)
		}
		return nil
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 8192}, memory.DefaultAllocator)
	if err != nil {
		return fmt.Errorf("dataset: %s: %w", path, err)
	}
	// One row group at a time bounds memory by the row group, not the file.
	for g := 0; g < pf.NumRowGroups(); g++ {
		tbl, err := fr.ReadRowGroups(context.Background(), leaves, []int{g})
		if err != nil {
			return fmt.Errorf("dataset: %s: %w", path, err)
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
				if v := value(chunks[chunk[c]], i-offset[c]); v != nil {
					row[name] = v
				}
			}
			fn(row)
		}
		tbl.Release()
	}
	return nil
}
