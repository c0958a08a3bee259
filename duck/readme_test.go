//go:build duckdb

package duck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeQueries runs every SQL block of the README against a database
// loaded from the samples, so the queries users copy keep working. Blocks
// that read Parquet by path are pointed at the test's output.
func TestReadmeQueries(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(string(b), -1)
	if len(blocks) < 3 {
		t.Fatalf("README has %d SQL blocks, want at least 3", len(blocks))
	}
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	db := filepath.Join(t.TempDir(), "readme.duckdb")
	load(t, out, db, false)
	conn := open(t, db)
	defer conn.Close()
	for i, blk := range blocks {
		q := strings.ReplaceAll(blk[1], "'out/", "'"+filepath.ToSlash(out)+"/")
		if n := scanAll(t, conn, q); n == 0 {
			t.Errorf("README SQL block %d returns no rows on the samples:\n%s", i+1, blk[1])
		}
	}
}
