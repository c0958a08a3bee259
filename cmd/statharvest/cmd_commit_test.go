package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/pipeline/blobfs"
)

// shardCorpus is the input of the sharding tests: distinct articles built
// from the embedded samples, in several directories.
func shardCorpus(t *testing.T, n int) string {
	t.Helper()
	in := t.TempDir()
	corpus(t, in, n, 0)
	return in
}

// shardComparable is every committed row of out, run-specific columns and
// the story columns left out, sorted. Stories are grouped by what one
// process sees, so shards may split a story an unsharded run keeps whole.
func shardComparable(t *testing.T, out string) map[string][]string {
	t.Helper()
	res := map[string][]string{}
	for name, rows := range comparableRows(t, out) {
		var lines []string
		for _, r := range rows {
			for _, c := range []string{"seq", "story_id", "story_evidence", "story_score"} {
				if name == "statistics" && c == "seq" {
					continue // the order within the article, not the run
				}
				delete(r, c)
			}
			b, _ := json.Marshal(r)
			lines = append(lines, string(b))
		}
		sort.Strings(lines)
		res[name] = lines
	}
	return res
}

func sameTables(t *testing.T, got, want map[string][]string, what string) {
	t.Helper()
	if len(want["articles"]) == 0 {
		t.Fatal("the unsharded run wrote no articles")
	}
	for name, w := range want {
		g := got[name]
		if reflect.DeepEqual(g, w) {
			continue
		}
		t.Errorf("%s: table %s has %d rows, want %d as from one unsharded run", what, name, len(g), len(w))
		for i := 0; i < len(g) && i < len(w); i++ {
			if g[i] != w[i] {
				t.Errorf("first difference in %s:\n got %s\nwant %s", name, g[i], w[i])
				break
			}
		}
	}
}

func runShards(t *testing.T, runID string, n int, in, out string) {
	t.Helper()
	for k := 0; k < n; k++ {
		mustRun(t, "run", "--shard", fmt.Sprintf("%d/%d", k, n), "--run-id", runID, "--input", in, "--output", out, "--workers", "2")
	}
}

func TestShardedRunEqualsOneRun(t *testing.T) {
	in := shardCorpus(t, 240)
	one := t.TempDir()
	mustRun(t, "run", "--input", in, "--output", one, "--workers", "2")
	want := shardComparable(t, one)

	for _, n := range []int{1, 3} {
		out := t.TempDir()
		id := pipeline.NewRunID(time.Now())
		runShards(t, id, n, in, out)
		if code, msg := cli(t, "commit", "--run-id", id, "--shards", fmt.Sprint(n), "--output", "file://"+out); code != exitOK {
			t.Fatalf("commit: exit %d: %s", code, msg)
		}
		sameTables(t, shardComparable(t, out), want, fmt.Sprintf("%d shards", n))
		runs := runRows(t, out)
		if len(runs) != 1 || runs[0].Str("run_id") != id || runs[0].Str("shard") != fmt.Sprintf("*/%d", n) {
			t.Errorf("%d shards: runs rows %v, want one for run %s", n, runs, id)
		}
		// Committing again changes nothing.
		if code, msg := cli(t, "commit", "--run-id", id, "--shards", fmt.Sprint(n), "--output", out); code != exitOK {
			t.Fatalf("second commit: exit %d: %s", code, msg)
		}
		sameTables(t, shardComparable(t, out), want, fmt.Sprintf("%d shards, committed twice", n))
	}
}

func TestShardsAreDisjointAndInvisibleUntilCommit(t *testing.T) {
	in := shardCorpus(t, 60)
	out := t.TempDir()
	id := pipeline.NewRunID(time.Now())
	runShards(t, id, 4, in, out)
	if got := count(t, out, "articles"); got != 0 {
		t.Errorf("%d articles visible before commit", got)
	}
	var seen int64
	for k := 0; k < 4; k++ {
		b, err := os.ReadFile(filepath.Join(out, "_manifests", id, fmt.Sprintf("shard-%d-of-4.json", k)))
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			FilesSeen int64 `json:"files_seen"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		seen += m.FilesSeen
	}
	if seen != 60 {
		t.Errorf("the shards saw %d input files together, want each of the 60 once", seen)
	}
}

func TestCommitRefusesMissingShard(t *testing.T) {
	in := shardCorpus(t, 30)
	out := t.TempDir()
	id := pipeline.NewRunID(time.Now())
	mustRun(t, "run", "--shard", "0/2", "--run-id", id, "--input", in, "--output", out)
	code, msg := cli(t, "commit", "--run-id", id, "--shards", "2", "--output", out)
	if code != exitIncomplete || !strings.Contains(msg, "shards 1 not finished") {
		t.Fatalf("commit with shard 1 missing: exit %d (want %d): %s", code, exitIncomplete, msg)
	}
	if got := len(runRows(t, out)); got != 0 {
		t.Errorf("%d runs rows after a refused commit", got)
	}
	for _, args := range [][]string{
		{"commit", "--run-id", "NOT-HEX", "--shards", "2", "--output", out},
		{"commit", "--run-id", id, "--shards", "0", "--output", out},
		{"run", "--shard", "2/2", "--run-id", id, "--input", in, "--output", out},
		{"run", "--shard", "0/2", "--input", in, "--output", out},
	} {
		if code, msg := cli(t, args...); code != exitUsage {
			t.Errorf("statharvest %s: exit %d, want %d: %s", strings.Join(args, " "), code, exitUsage, msg)
		}
	}
}

func TestShardFromIndexedJobEnvironment(t *testing.T) {
	in := shardCorpus(t, 30)
	out := t.TempDir()
	id := pipeline.NewRunID(time.Now())
	t.Setenv("STATHARVEST_RUN_ID", id)
	t.Setenv("JOB_COMPLETIONS", "2")
	for k := 0; k < 2; k++ {
		t.Setenv("JOB_COMPLETION_INDEX", fmt.Sprint(k))
		mustRun(t, "run", "--input", in, "--output", out)
	}
	t.Setenv("STATHARVEST_SHARDS", "2")
	if code, msg := cli(t, "commit", "--output", out); code != exitOK {
		t.Fatalf("commit: exit %d: %s", code, msg)
	}
	if got := count(t, out, "articles"); got != 30 {
		t.Errorf("%d articles, want 30", got)
	}
}

func TestKilledShardRerunLosesAndDuplicatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	in := shardCorpus(t, 900)
	one := t.TempDir()
	mustRun(t, "run", "--input", in, "--output", one, "--workers", "2")
	want := shardComparable(t, one)

	out := t.TempDir()
	id := pipeline.NewRunID(time.Now())
	mustRun(t, "run", "--shard", "0/2", "--run-id", id, "--input", in, "--output", out, "--workers", "2")
	manifest1 := filepath.Join(out, "_manifests", id, "shard-1-of-2.json")
	kills := 0
	for _, delay := range []time.Duration{300 * time.Millisecond, 1200 * time.Millisecond} {
		cmd := cliProcess("run", "--shard", "1/2", "--run-id", id, "--input", in, "--output", out, "--workers", "2")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			kills++
		}
		cmd.Wait()
		// Had the shard finished before the kill, it would count: drop its
		// manifest to stand for a kill just before the manifest was written.
		os.Remove(manifest1)
	}
	if kills == 0 {
		t.Fatal("no shard was killed while running")
	}
	// What a killed attempt of the day before leaves: a part under another date.
	stale := filepath.Join(out, "articles", "ingest_date=2000-01-01", "part-"+id+"-1-2.parquet")
	parts, _ := filepath.Glob(filepath.Join(one, "articles", "*", "part-*.parquet"))
	if len(parts) == 0 {
		t.Fatal("no articles part in the unsharded run")
	}
	copyFile(t, parts[0], stale)

	if code, msg := cli(t, "commit", "--run-id", id, "--shards", "2", "--output", out); code != exitIncomplete {
		t.Fatalf("commit after a killed shard: exit %d, want %d: %s", code, exitIncomplete, msg)
	}
	mustRun(t, "run", "--shard", "1/2", "--run-id", id, "--input", in, "--output", out, "--workers", "2")
	if code, msg := cli(t, "commit", "--run-id", id, "--shards", "2", "--output", out); code != exitOK {
		t.Fatalf("commit: exit %d: %s", code, msg)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale part of the killed attempt is still there: %v", err)
	}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			t.Errorf("temporary file of a killed upload left after commit: %s", p)
		}
		return nil
	})
	sameTables(t, shardComparable(t, out), want, "killed shard run again")
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestShardsOnS3 runs the shards and the commit against an S3 server
// (gofakes3, in process), reading the inputs from the bucket too.
func TestShardsOnS3(t *testing.T) {
	backend := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	defer srv.Close()
	if err := backend.CreateBucket("harvest"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	query := "?endpoint=" + srv.URL + "&use_path_style=true&region=us-east-1"

	in := shardCorpus(t, 120)
	one := t.TempDir()
	mustRun(t, "run", "--input", in, "--output", one, "--workers", "2")
	want := shardComparable(t, one)

	ctx := context.Background()
	upload(t, ctx, "s3://harvest/news/archive"+query, in)
	out := "s3://harvest/tables" + query
	id := pipeline.NewRunID(time.Now())
	runShards(t, id, 3, "s3://harvest/news/archive"+query, out)
	if code, msg := cli(t, "commit", "--run-id", id, "--shards", "2", "--output", out); code != exitIncomplete {
		t.Errorf("commit with the wrong shard count: exit %d, want %d: %s", code, exitIncomplete, msg)
	}
	if code, msg := cli(t, "commit", "--run-id", id, "--shards", "3", "--output", out); code != exitOK {
		t.Fatalf("commit: exit %d: %s", code, msg)
	}
	local := t.TempDir()
	download(t, ctx, out, local)
	sameTables(t, shardComparable(t, local), want, "3 shards on S3")

	// An unsharded run to a URL commits by itself.
	single := "s3://harvest/single" + query
	mustRun(t, "run", "--input", "s3://harvest/news/archive"+query, "--output", single, "--workers", "2")
	local = t.TempDir()
	download(t, ctx, single, local)
	sameTables(t, shardComparable(t, local), want, "one run on S3")
	if runs := runRows(t, local); len(runs) != 1 || runs[0]["shard"] != nil || strings.Contains(fmt.Sprint(runs[0]["inputs"]), "endpoint") {
		t.Errorf("runs row of a run on S3: %v", runs)
	}
}

func upload(t *testing.T, ctx context.Context, loc, dir string) {
	t.Helper()
	b, err := blobfs.OpenBucket(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return b.WriteAll(ctx, filepath.ToSlash(rel), data, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func download(t *testing.T, ctx context.Context, loc, dir string) {
	t.Helper()
	b, err := blobfs.OpenBucket(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	it := b.List(nil)
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := b.ReadAll(ctx, obj.Key)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(obj.Key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
