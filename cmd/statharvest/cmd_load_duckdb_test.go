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

// TestLoadShardedRun: the shards of a run stay invisible in the database until
// `statharvest commit` writes the runs row, then all show at once.
func TestLoadShardedRun(t *testing.T) {
	out := t.TempDir()
	mustRun(t, "run", "--output", out)
	db := filepath.Join(t.TempDir(), "sh.duckdb")
	mustRun(t, "load", "--output", out, "--db", db)
	articles := func() int {
		conn, err := sql.Open("duckdb", db+"?access_mode=read_only")
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var n int
		if err := conn.QueryRow("SELECT count(*) FROM articles").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := articles()
	const runID = "00000000000000aa5a4d01"
	seeds := sharedtest.Seeds(t)
	for _, k := range []string{"0/2", "1/2"} {
		mustRun(t, "run", "--input", seeds, "--output", out, "--shard", k, "--run-id", runID)
	}
	if got := articles(); got != before {
		t.Errorf("uncommitted shards: %d articles visible, want %d", got, before)
	}
	mustRun(t, "commit", "--run-id", runID, "--shards", "2", "--output", out)
	if got := articles(); got <= before {
		t.Errorf("after commit: %d articles visible, want more than %d", got, before)
	}
}
