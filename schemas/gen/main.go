// Command gen writes docs/TABLES.md from the Arrow schemas in package schemas
// and the views of schemas/duckdb.sql. Run it with `go generate ./schemas`.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/statharvest/statharvest/schemas"
)

func main() {
	out := flag.String("o", "docs/TABLES.md", "file to write")
	flag.Parse()
	md, err := schemas.Markdown()
	if err == nil {
		err = os.WriteFile(*out, md, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
