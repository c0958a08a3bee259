// Package duck loads the statharvest output root into a DuckDB database file:
// the views of schemas/duckdb.sql (or, materialized, tables) so that a
// notebook needs only duckdb.connect(file). The DuckDB-linked code needs cgo
// and builds only with the build tag duckdb; without it the package holds only
// the pure-Go SQL preparation.
package duck

import (
	"strings"

	"github.com/statharvest/statharvest/schemas"
)

// Statement is one prepared statement of the load.
type Statement struct {
	Name string // the object it creates
	SQL  string
	// Table is true when the statement creates a table (a materialized base
	// view), false for a view.
	Table bool
}

// Prepare substitutes root (an absolute path) for the output placeholder of
// sql, a file shaped like schemas.DuckDBSQL, and turns the base views into
// CREATE TABLE ... AS statements when materialize is set.
func Prepare(sql, root string, materialize bool) ([]Statement, error) {
	views, err := schemas.Views(sql)
	if err != nil {
		return nil, err
	}
	// The path goes inside single-quoted SQL strings: double the quotes.
	lit := strings.ReplaceAll(root, "'", "''")
	out := make([]Statement, 0, len(views))
	for _, v := range views {
		s := Statement{Name: v.Name, SQL: strings.ReplaceAll(v.SQL, schemas.OutputPlaceholder, lit)}
		if materialize && v.Base {
			s.SQL = "CREATE OR REPLACE TABLE " + strings.TrimPrefix(s.SQL, "CREATE OR REPLACE VIEW ")
			s.Table = true
		}
		out = append(out, s)
	}
	return out, nil
}
