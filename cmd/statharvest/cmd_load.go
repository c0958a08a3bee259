//go:build !duckdb

package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// newLoadCmd stands in for the DuckDB-linked load command in builds without
// cgo, so that `statharvest load` explains how to get it.
func newLoadCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "load --output OUT --db FILE.duckdb [--materialize]",
		Short: "Create a DuckDB database of views over the output (needs a DuckDB-enabled build)",
		Long:  loadLong + "\n\nThis binary was built without DuckDB. " + loadHowToBuild,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(cmd.ErrOrStderr(), loadHowToBuild)
			return errors.New("this binary was built without DuckDB")
		},
	}
	// The same flags as the DuckDB-enabled command, so that --help and
	// scripts behave the same until the error.
	c.Flags().StringP("output", "o", "out", "output directory of statharvest run")
	c.Flags().String("db", "", "DuckDB database file to create or refresh")
	c.Flags().Bool("materialize", false, "copy the tables into the database instead of views over the Parquet files")
	return c
}

const loadHowToBuild = `Build one with DuckDB linked in (needs cgo and a C compiler):
  make build
or
  CGO_ENABLED=1 go build -tags duckdb ./cmd/statharvest
Without it, the views in schemas/duckdb.sql work from any DuckDB client after
replacing {{OUTPUT}} with the output directory's absolute path, and
"statharvest report" needs no DuckDB.`
