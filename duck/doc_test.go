package duck

import (
	"strings"
	"testing"

	"github.com/statharvest/statharvest/schemas"
)

func TestPrepare(t *testing.T) {
	root := "/data/it's out"
	for _, mat := range []bool{false, true} {
		st, err := Prepare(schemas.DuckDBSQL, root, mat)
		if err != nil {
			t.Fatal(err)
		}
		tables := 0
		for _, s := range st {
			if strings.Contains(s.SQL, schemas.OutputPlaceholder) {
				t.Errorf("%s still holds the placeholder", s.Name)
			}
			if strings.Contains(s.SQL, "read_parquet(") && !strings.Contains(s.SQL, "'/data/it''s out/") {
				t.Errorf("%s: path not quoted as an SQL string: %s", s.Name, s.SQL)
			}
			if s.Table {
				tables++
				if !strings.HasPrefix(s.SQL, "CREATE OR REPLACE TABLE "+s.Name+" AS") {
					t.Errorf("%s: materialized as %.60q", s.Name, s.SQL)
				}
			}
		}
		want := 0
		if mat {
			want = len(schemas.All)
		}
		if tables != want {
			t.Errorf("Prepare(materialize=%v): %d tables, want %d", mat, tables, want)
		}
	}
}
