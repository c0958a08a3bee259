//go:build duckdb

package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	// Registers the "duckdb" database/sql driver.
	_ "github.com/marcboeker/go-duckdb"
)

// baselineMain is what a user would write instead of statharvest: read every
// page as text and pull out the runs of ASCII digits. Hostile files are left
// out (read_text rejects invalid UTF-8) and gzip files are not read.
func baselineMain(args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("baseline", flag.ContinueOnError)
	dir := fl.String("dir", "", "corpus directory")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("--dir is required")
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	var b Baseline
	if err := db.QueryRowContext(ctx, "SELECT current_setting('threads')::INTEGER").Scan(&b.Threads); err != nil {
		return err
	}
	globs := []string{filepath.Join(*dir, "part-*", "*.txt"), filepath.Join(*dir, "part-*", "*.jsonl")}
	for i, g := range globs {
		globs[i] = "'" + strings.ReplaceAll(g, "'", "''") + "'"
	}
	q := `SELECT count(*), sum(size), sum(len(regexp_extract_all(content, '\d+')))
	      FROM read_text([` + strings.Join(globs, ", ") + `])`
	t0 := time.Now()
	if err := db.QueryRowContext(ctx, q).Scan(&b.Files, &b.Bytes, &b.DigitRuns); err != nil {
		return err
	}
	b.QuerySeconds = time.Since(t0).Seconds()
	return json.NewEncoder(stdout).Encode(b)
}
