//go:build duckdb

package main

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/statharvest/statharvest/duck"
)

func newLoadCmd() *cobra.Command {
	var o duck.Options
	c := &cobra.Command{
		Use:   "load --output OUT --db FILE.duckdb [--materialize]",
		Short: "Create or refresh a DuckDB database of views over the output",
		Long:  loadLong,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.DB == "" {
				return usagef("--db is required")
			}
			sum, err := duck.Load(cmd.Context(), o)
			if errors.Is(err, duck.ErrNoRuns) {
				return usagef("%w: run statharvest run --output %s first", err, o.Output)
			}
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintf(w, "%s: %d committed runs from %s\n", o.DB, sum.Runs, sum.Root)
			for _, ob := range sum.Objects {
				kind := "view"
				if ob.Table {
					kind = "table"
				}
				fmt.Fprintf(w, "  %s\t%s\t%d rows\n", ob.Name, kind, ob.Rows)
			}
			return w.Flush()
		},
	}
	c.Flags().StringVarP(&o.Output, "output", "o", "out", "output directory of statharvest run")
	c.Flags().StringVar(&o.DB, "db", "", "DuckDB database file to create or refresh")
	c.Flags().BoolVar(&o.Materialize, "materialize", false, "copy the tables into the database instead of views over the Parquet files")
	return c
}
