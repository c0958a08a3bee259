package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/statharvest/statharvest/report"
)

func newReportCmd() *cobra.Command {
	var output, htmlPath string
	var o report.Options
	c := &cobra.Command{
		Use:   "report --output OUT [--html FILE] [--all]",
		Short: "Write a self-contained HTML report of the latest run (or all runs)",
		Long: `Report reads the committed tables under OUT and writes one static HTML file
with inline SVG charts: articles per language and per day, statistics by kind,
top KPI metrics and the distribution of achievement_pct, organizations by
province, rejects by reason and stage timings (run durations until the runs
table records per-stage timings). Each chart has a table of its numbers. The
file needs no network and no script to view. It covers the latest committed
run, or every committed run with --all. Needs no DuckDB.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if htmlPath == "" {
				htmlPath = filepath.Join(output, "report.html")
			}
			r, err := report.Build(output, o)
			if err != nil {
				return err
			}
			return writeReport(r, htmlPath, cmd)
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "out", "output directory of statharvest run")
	c.Flags().StringVar(&htmlPath, "html", "", "HTML file to write (default OUT/report.html)")
	c.Flags().BoolVar(&o.All, "all", false, "cover every committed run, not only the latest")
	c.Flags().IntVar(&o.Top, "top", 10, "bars in the metric and province charts")
	return c
}

// writeReport writes the file under a temporary name and renames it, so a
// browser or web server never sees half a report.
func writeReport(r *report.Report, path string, cmd *cobra.Command) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*.html")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := r.WriteHTML(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	fmt.Fprintln(cmd.OutOrStdout(), path)
	return nil
}
