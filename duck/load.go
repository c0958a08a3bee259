//go:build duckdb

package duck

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	// Registers the "duckdb" database/sql driver (cgo, DuckDB statically linked).
	_ "github.com/marcboeker/go-duckdb"

	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/schemas"
)

// Options says what to load where.
type Options struct {
	Output      string // the output root written by statharvest run
	DB          string // the DuckDB database file, created when missing
	Materialize bool   // copy the base tables into the file instead of views
}

// Object is one view or table the load created.
type Object struct {
	Name  string
	Table bool
	Rows  int64
}

// Summary is what a load did.
type Summary struct {
	Root    string // absolute output root the views read
	Runs    int    // committed runs visible
	Objects []Object
}

// ErrNoRuns is returned when the output root holds no committed run, so there
// is nothing the views could read.
var ErrNoRuns = errors.New("no committed run in the output directory")

// MetaTable is the table the load writes to describe itself.
const MetaTable = "statharvest_load"

// Load creates or refreshes the database file o.DB with the views of
// schemas.DuckDBSQL over o.Output, in one transaction: a reader sees the old
// objects or the new ones, never a mix.
func Load(ctx context.Context, o Options) (Summary, error) {
	root, err := filepath.Abs(o.Output)
	if err != nil {
		return Summary{}, err
	}
	// DuckDB globs the path: a glob character in it would read other files.
	if strings.ContainsAny(root, "*?[]{}") {
		return Summary{}, fmt.Errorf("duck: output path %q contains a glob character (*?[]{}): move or link it elsewhere", root)
	}
	ds, err := dataset.Open(root)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Root: root, Runs: len(ds.Runs())}
	if sum.Runs == 0 {
		return sum, fmt.Errorf("duck: %s: %w", root, ErrNoRuns)
	}
	stmts, err := Prepare(schemas.DuckDBSQL, root, o.Materialize)
	if err != nil {
		return sum, err
	}
	db, err := sql.Open("duckdb", o.DB)
	if err != nil {
		return sum, fmt.Errorf("duck: open %s: %w", o.DB, err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return sum, fmt.Errorf("duck: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	existing, err := objects(ctx, tx)
	if err != nil {
		return sum, err
	}
	for _, s := range stmts {
		// CREATE OR REPLACE cannot turn a view into a table or back.
		if isTable, ok := existing[s.Name]; ok && isTable != s.Table {
			kind := "VIEW"
			if isTable {
				kind = "TABLE"
			}
			if _, err := tx.ExecContext(ctx, "DROP "+kind+" "+s.Name); err != nil {
				return sum, fmt.Errorf("duck: drop %s: %w", s.Name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, s.SQL); err != nil {
			return sum, fmt.Errorf("duck: create %s: %w", s.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "CREATE OR REPLACE TABLE "+MetaTable+
		" AS SELECT ?::VARCHAR AS output, ?::BOOLEAN AS materialized, ?::TIMESTAMPTZ AS loaded_at, ?::BIGINT AS runs",
		root, o.Materialize, time.Now().UTC(), sum.Runs); err != nil {
		return sum, fmt.Errorf("duck: %s: %w", MetaTable, err)
	}
	for _, s := range stmts {
		var n int64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+s.Name).Scan(&n); err != nil {
			return sum, fmt.Errorf("duck: count %s: %w", s.Name, err)
		}
		sum.Objects = append(sum.Objects, Object{Name: s.Name, Table: s.Table, Rows: n})
	}
	if err := tx.Commit(); err != nil {
		return sum, fmt.Errorf("duck: commit: %w", err)
	}
	return sum, nil
}

// objects maps the names in the main schema to whether they are tables.
func objects(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx,
		"SELECT table_name, table_type = 'BASE TABLE' FROM information_schema.tables WHERE table_schema = 'main'")
	if err != nil {
		return nil, fmt.Errorf("duck: list objects: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var name string
		var table bool
		if err := rows.Scan(&name, &table); err != nil {
			return nil, err
		}
		out[name] = table
	}
	return out, rows.Err()
}
