//go:build duckdb

package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statharvest/statharvest/internal/sharedtest"
)

// TestLoadCommand runs `statharvest load` on the output of the samples and
// the seeds, then opens the file as a notebook would and reads the views.
func TestLoadCommand(t *testing.T) {
	out := t.TempDir()
	mustRun(t, "run", "--output", out)
	if !testing.Short() {
		mustRun(t, "run", "--input", sharedtest.Seeds(t), "--output", out)
	}
	db := filepath.Join(t.TempDir(), "sh.duckdb")
	got := mustRun(t, "load", "--output", out, "--db", db)
	for _, want := range []string{"articles", "kpis_by_story", "events_canonical"} {
		if !strings.Contains(got, want) {
			t.Errorf("load output lacks %s:\n%s", want, got)
		}
	}
	conn, err := sql.Open("duckdb", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var articles, runs int
	if err := conn.QueryRow("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM runs)").Scan(&articles, &runs); err != nil {
		t.Fatal(err)
	}
	if articles == 0 || runs == 0 {
		t.Errorf("loaded %d articles from %d runs", articles, runs)
	}
	conn.Close()
	mustRun(t, "load", "--output", out, "--db", db, "--materialize")
}

func TestLoadCommandUsage(t *testing.T) {
	if code, _ := cli(t, "load", "--output", t.TempDir()); code != exitUsage {
		t.Errorf("load without --db: exit %d, want %d", code, exitUsage)
	}
	if code, msg := cli(t, "load", "--output", t.TempDir(), "--db", filepath.Join(t.TempDir(), "x.duckdb")); code != exitUsage || !strings.Contains(msg, "no committed run") {
		t.Errorf("load of an empty directory: exit %d %q, want %d", code, msg, exitUsage)
	}
}
