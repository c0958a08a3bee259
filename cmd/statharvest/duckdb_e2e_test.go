//go:build duckdb

package main

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	_ "github.com/marcboeker/go-duckdb"

	"github.com/statharvest/statharvest/internal/sharedtest"
)

// contract is the minimum columns and DuckDB types of ../shared/TABLES.md.
var contract = map[string]map[string]string{
	"articles": {"article_id": "VARCHAR", "source_path": "VARCHAR", "source_id": "VARCHAR", "lang": "VARCHAR",
		"published_date": "DATE", "published_at": "TIMESTAMP WITH TIME ZONE", "source_url": "VARCHAR", "byline": "VARCHAR",
		"title": "VARCHAR", "body": "VARCHAR", "story_id": "VARCHAR", "run_id": "VARCHAR", "ingested_at": "TIMESTAMP WITH TIME ZONE"},
	"statistics": {"article_id": "VARCHAR", "stat_id": "VARCHAR", "seq": "INTEGER", "raw": "VARCHAR", "byte_start": "BIGINT",
		"byte_end": "BIGINT", "kind": "VARCHAR", "value": "DOUBLE", "numerator": "DOUBLE", "denominator": "DOUBLE",
		"range_start": "DOUBLE", "range_end": "DOUBLE", "date": "DATE", "unit": "VARCHAR", "qualifier": "VARCHAR",
		"words": "BOOLEAN", "sentence": "VARCHAR"},
	"organizations": {"org_id": "VARCHAR", "name_en": "VARCHAR", "type": "VARCHAR", "level": "VARCHAR", "place": "VARCHAR", "aliases": "VARCHAR[]"},
	"org_mentions":  {"article_id": "VARCHAR", "org_id": "VARCHAR", "surface": "VARCHAR", "byte_start": "BIGINT", "byte_end": "BIGINT"},
	"events": {"event_id": "VARCHAR", "article_id": "VARCHAR", "type": "VARCHAR", "name_en": "VARCHAR", "date": "DATE",
		"ordinal": "INTEGER", "term_start": "INTEGER", "term_end": "INTEGER", "org_id": "VARCHAR"},
	"kpis": {"kpi_id": "VARCHAR", "article_id": "VARCHAR", "stat_id": "VARCHAR", "metric": "VARCHAR", "metric_surface": "VARCHAR",
		"value": "DOUBLE", "unit": "VARCHAR", "achievement_pct": "DOUBLE", "target": "DOUBLE", "numerator": "DOUBLE",
		"denominator": "DOUBLE", "period_start": "DATE", "period_end": "DATE", "org_id": "VARCHAR", "confidence": "DOUBLE"},
	"rejects": {"source_path": "VARCHAR", "stage": "VARCHAR", "reason": "VARCHAR", "detail": "VARCHAR", "run_id": "VARCHAR"},
	"runs":    {"run_id": "VARCHAR", "started_at": "TIMESTAMP WITH TIME ZONE", "finished_at": "TIMESTAMP WITH TIME ZONE", "status": "VARCHAR", "version": "VARCHAR"},
}

func TestDuckDBReadsEveryTable(t *testing.T) {
	samples := t.TempDir()
	mustRun(t, "run", "--output", samples)
	outs := map[string]string{"samples": samples}
	if !testing.Short() {
		seeds := sharedtest.Seeds(t)
		o := t.TempDir()
		mustRun(t, "run", "--input", seeds, "--output", o)
		outs["seeds"] = o
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, out := range outs {
		for table, cols := range contract {
			glob := filepath.Join(out, table, "**", "*.parquet")
			rows, err := db.Query(fmt.Sprintf("DESCRIBE SELECT * FROM read_parquet('%s', hive_partitioning = true)", glob))
			if err != nil {
				t.Errorf("%s/%s: DuckDB cannot read: %v", name, table, err)
				continue
			}
			got := map[string]string{}
			for rows.Next() {
				var col, typ string
				var null, key, def, extra sql.NullString
				if err := rows.Scan(&col, &typ, &null, &key, &def, &extra); err != nil {
					t.Fatal(err)
				}
				got[col] = typ
			}
			rows.Close()
			for col, want := range cols {
				if g := got[col]; g != want {
					t.Errorf("%s/%s.%s: DuckDB type %q, want %q", name, table, col, g, want)
				}
			}
			var n int
			if err := db.QueryRow(fmt.Sprintf("SELECT count(*) FROM read_parquet('%s', hive_partitioning = true)", glob)).Scan(&n); err != nil {
				t.Errorf("%s/%s: count: %v", name, table, err)
			}
			if table == "articles" && n == 0 {
				t.Errorf("%s: no articles", name)
			}
		}
	}
}
