package schemas

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestTablesDocUpToDate fails when docs/TABLES.md no longer matches the
// schemas; `go generate ./schemas` rewrites it.
func TestTablesDocUpToDate(t *testing.T) {
	want, err := Markdown()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../docs/TABLES.md")
	if err != nil {
		t.Fatalf("%v (run go generate ./schemas)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/TABLES.md is out of date: run go generate ./schemas")
	}
}

func TestEveryColumnDocumented(t *testing.T) {
	for _, tb := range All {
		if tb.Doc == "" {
			t.Errorf("table %s has no doc", tb.Name)
		}
		for _, f := range tb.Schema.Fields() {
			if Description(f) == "" {
				t.Errorf("%s.%s has no description", tb.Name, f.Name)
			}
			if strings.HasSuffix(DuckDBType(f.Type), ")") || DuckDBType(f.Type) == "" {
				t.Errorf("%s.%s: no DuckDB type for %s", tb.Name, f.Name, f.Type)
			}
		}
	}
}

// TestDuckDBViews checks that duckdb.sql has one view per table, documents
// every view and reads the output root only through the placeholder.
func TestDuckDBViews(t *testing.T) {
	views, err := Views(DuckDBSQL)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]View{}
	for _, v := range views {
		byName[v.Name] = v
		if v.Doc == "" {
			t.Errorf("view %s has no comment above it", v.Name)
		}
		if strings.Contains(v.SQL, "read_parquet(") && !strings.Contains(v.SQL, "read_parquet('"+OutputPlaceholder+"/") {
			t.Errorf("view %s reads Parquet outside %s", v.Name, OutputPlaceholder)
		}
	}
	for _, tb := range All {
		v, ok := byName[tb.Name]
		if !ok {
			t.Errorf("duckdb.sql has no view %s", tb.Name)
			continue
		}
		if !v.Base {
			t.Errorf("view %s not marked as a base view", tb.Name)
		}
		all := byName[tb.Name+"_all"]
		if !strings.Contains(v.SQL, OutputPlaceholder+"/"+tb.Name+"/") && !strings.Contains(all.SQL, OutputPlaceholder+"/"+tb.Name+"/") {
			t.Errorf("view %s does not read %s/%s/", tb.Name, OutputPlaceholder, tb.Name)
		}
	}
	for _, name := range []string{"kpis_enriched", "statistics_daily", "events_canonical", "kpis_by_story"} {
		if _, ok := byName[name]; !ok {
			t.Errorf("duckdb.sql has no view %s", name)
		}
	}
}

func TestViewsErrors(t *testing.T) {
	for _, sql := range []string{
		"CREATE TABLE x AS SELECT 1;\n",
		"CREATE OR REPLACE VIEW x AS SELECT 1;\nCREATE OR REPLACE VIEW x AS SELECT 2;\n",
		"CREATE OR REPLACE VIEW x AS SELECT 1\n",
		"CREATE OR REPLACE VIEW x;\n",
	} {
		if _, err := Views(sql); err == nil {
			t.Errorf("Views(%q) = nil error, want an error", sql)
		}
	}
	vs, err := Views("-- header\n\n-- doc a\n-- more\nCREATE OR REPLACE VIEW a AS\nSELECT 1;\n")
	if err != nil || len(vs) != 1 || vs[0].Name != "a" || vs[0].Doc != "doc a more" || vs[0].SQL != "CREATE OR REPLACE VIEW a AS\nSELECT 1" {
		t.Errorf("Views = %+v, %v", vs, err)
	}
}
