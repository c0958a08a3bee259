package report

import (
	"context"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/statharvest/statharvest/dataset"
)

// readColumns reads the named flat columns of a table's committed parts and
// nothing else: article bodies and sentences are most of the bytes, and a
// report over months of runs must not hold them in memory. A column missing
// from an older part reads as null.
func readColumns(ds *dataset.Dataset, table string, cols ...string) ([]dataset.Row, error) {
	files, err := ds.Files(table)
	if err != nil {
		return nil, err
	}
	var out []dataset.Row
	for _, f := range files {
		rows, err := readFileColumns(f, cols)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

func readFileColumns(path string, cols []string) ([]dataset.Row, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	defer pf.Close()
	n := int(pf.NumRows())
	rows := make([]dataset.Row, n)
	for i := range rows {
		rows[i] = dataset.Row{}
	}
	var leaves []int
	var names []string
	for _, c := range cols {
		// For flat columns the leaf is found by name; lists are not read here.
		if i := pf.MetaData().Schema.ColumnIndexByName(c); i >= 0 {
			leaves = append(leaves, i)
			names = append(names, c)
		}
	}
	if len(leaves) == 0 || n == 0 {
		return rows, nil
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 4096}, memory.DefaultAllocator)
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	// A nil row-group list reads no row group at all: name them all.
	groups := make([]int, pf.NumRowGroups())
	for i := range groups {
		groups[i] = i
	}
	tbl, err := fr.ReadRowGroups(context.Background(), leaves, groups)
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	defer tbl.Release()
	for c := 0; c < int(tbl.NumCols()); c++ {
		col := tbl.Column(c)
		i := 0
		for _, chunk := range col.Data().Chunks() {
			for j := 0; j < chunk.Len() && i < n; j++ {
				if v := flatValue(chunk, j); v != nil {
					rows[i][names[c]] = v
				}
				i++
			}
		}
	}
	return rows, nil
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
