package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/xitongsys/parquet-go-source/local"
	"github.com/xitongsys/parquet-go/reader"

	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/internal/sharedtest"
	"github.com/statharvest/statharvest/schemas"
)

// TestMain lets tests run this test binary as the real CLI in a subprocess
// (for signals and SIGKILL), without building a second binary.
func TestMain(m *testing.M) {
	if os.Getenv("STATHARVEST_AS_CLI") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// cli runs the command in-process and returns its exit code and output.
func cli(t *testing.T, args ...string) (int, string) {
	t.Helper()
	root := newRootCmd()
	var buf bytes.Buffer
	root.SetOut(&buf)
	root.SetErr(&buf)
	root.SetArgs(args)
	ctx := context.Background()
	err := root.ExecuteContext(ctx)
	if err != nil {
		buf.WriteString(err.Error())
	}
	return exitCode(ctx, err), buf.String()
}

// cliProcess runs the command as a subprocess of this test binary.
func cliProcess(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "STATHARVEST_AS_CLI=1")
	return cmd
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out := cli(t, args...)
	if code != exitOK && code != exitWithRejects {
		t.Fatalf("statharvest %s: exit %d: %s", strings.Join(args, " "), code, out)
	}
	return out
}

func TestEndToEndSamples(t *testing.T) {
	out := t.TempDir()
	mustRun(t, "run", "--output", out)
	checkOutput(t, out)
}

func TestEndToEndSeeds(t *testing.T) {
	seeds := sharedtest.Seeds(t)
	out := t.TempDir()
	mustRun(t, "run", "--input", seeds, "--output", out)
	checkOutput(t, out)
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := ds.Rows("articles")
	if len(arts) != 5 {
		t.Errorf("articles from the seeds = %d, want 5", len(arts))
	}
}

// checkOutput verifies the layout, that every part opens in an independent
// Parquet reader with the schema's columns, and the offset invariant.
func checkOutput(t *testing.T, out string) {
	t.Helper()
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Runs()) == 0 {
		t.Fatal("no committed run")
	}
	for _, tbl := range schemas.All {
		files, err := ds.Files(tbl.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Errorf("table %s: no part file", tbl.Name)
		}
		for _, f := range files {
			rel, _ := filepath.Rel(out, f)
			parts := strings.Split(filepath.ToSlash(rel), "/")
			if len(parts) != 3 || parts[0] != tbl.Name || !strings.HasPrefix(parts[1], "ingest_date=") || !strings.HasPrefix(parts[2], "part-") {
				t.Errorf("part %s does not follow <table>/ingest_date=YYYY-MM-DD/part-<run_id>.parquet", rel)
			}
			checkIndependentReader(t, f, tbl)
		}
	}
	arts, err := ds.Rows("articles")
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, a := range arts {
		bodies[a.Str("article_id")] = a.Str("body")
	}
	stats, err := ds.Rows("statistics")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stats {
		body, ok := bodies[s.Str("article_id")]
		if !ok {
			t.Errorf("statistic %s refers to unknown article", s.Str("stat_id"))
			continue
		}
		b, _ := s.Float("byte_start")
		e, _ := s.Float("byte_end")
		if int(b) < 0 || int(e) > len(body) || b > e || body[int(b):int(e)] != s.Str("raw") {
			t.Errorf("statistic %s: body[%v:%v] != raw %q", s.Str("stat_id"), b, e, s.Str("raw"))
		}
	}
}

func checkIndependentReader(t *testing.T, path string, tbl schemas.Table) {
	t.Helper()
	fr, err := local.NewLocalFileReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fr.Close()
	pr, err := reader.NewParquetReader(fr, nil, 1)
	if err != nil {
		t.Fatalf("parquet-go cannot open %s: %v", path, err)
	}
	defer pr.ReadStop()
	// parquet-go exports names Go-style (run_id reads as Run_id).
	got := map[string]bool{}
	for _, el := range pr.Footer.Schema[1:] {
		got[strings.ToLower(el.Name)] = true
	}
	for _, f := range tbl.Schema.Fields() {
		if !got[strings.ToLower(f.Name)] {
			t.Errorf("%s: parquet-go sees no column %s", filepath.Base(path), f.Name)
		}
	}
	n := pr.GetNumRows()
	if n > 0 {
		rows, err := pr.ReadByNumber(int(n))
		if err != nil {
			t.Fatalf("parquet-go cannot read %s: %v", path, err)
		}
		if int64(len(rows)) != n {
			t.Errorf("%s: parquet-go read %d rows, footer says %d", path, len(rows), n)
		}
	}
}

// comparable returns every table's rows without the columns that name the run.
func comparableRows(t *testing.T, out string) map[string][]dataset.Row {
	t.Helper()
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	res := map[string][]dataset.Row{}
	for _, tbl := range schemas.All {
		if tbl.Name == schemas.Runs.Name {
			continue
		}
		rows, err := ds.Rows(tbl.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, c := range []string{"run_id", "ingested_at", "first_seen_run"} {
				delete(r, c)
			}
		}
		res[tbl.Name] = rows
	}
	return res
}

func TestWorkersDoNotChangeRows(t *testing.T) {
	inputs := []string{"run"}
	if dir := os.Getenv("STATHARVEST_SHARED"); dir != "" || !testing.Short() {
		if _, err := os.Stat(filepath.Join("..", "..", "..", "shared", "seeds")); err == nil {
			inputs = append(inputs, "--input", filepath.Join("..", "..", "..", "shared", "seeds"), "--input", filepath.Join("..", "..", "data", "samples"))
		}
	}
	out1, out8 := t.TempDir(), t.TempDir()
	mustRun(t, append(inputs, "--output", out1, "--workers", "1")...)
	mustRun(t, append(inputs, "--output", out8, "--workers", "8")...)
	a, b := comparableRows(t, out1), comparableRows(t, out8)
	names := make([]string, 0, len(a))
	for n := range a {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !reflect.DeepEqual(a[n], b[n]) {
			t.Errorf("table %s differs between --workers 1 (%d rows) and --workers 8 (%d rows)", n, len(a[n]), len(b[n]))
		}
	}
}

func TestBadInputsBecomeRejects(t *testing.T) {
	in := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(in, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a_good.txt", []byte("The province admitted 338 new party members in 2024, 84.5% of the target.\n"))
	write("b_empty.txt", nil)
	write("c_binary.txt", []byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0})
	write("d_invalid.txt", []byte("Plain text with a broken sequence \xc3\x28 and a stray \x80 byte.\n"))
	if err := os.Symlink(filepath.Join(in, "missing-target"), filepath.Join(in, "e_unreadable.txt")); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, msg := cli(t, "run", "--input", in, "--output", out)
	if code != exitWithRejects {
		t.Fatalf("exit code = %d, want %d (success with rejects): %s", code, exitWithRejects, msg)
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	rejects, _ := ds.Rows("rejects")
	got := map[string]string{}
	for _, r := range rejects {
		if _, dup := got[r.Str("source_path")]; dup {
			t.Errorf("two rejects rows for %s", r.Str("source_path"))
		}
		got[r.Str("source_path")] = r.Str("reason")
		if r.Str("stage") == "" || r.Str("reason") == "" {
			t.Errorf("rejects row without stage or reason: %v", r)
		}
	}
	want := map[string][]string{
		"b_empty.txt":      {"empty"},
		"c_binary.txt":     {"binary"},
		"d_invalid.txt":    {"invalid_utf8", "undecodable"},
		"e_unreadable.txt": {"unreadable"},
	}
	for f, reasons := range want {
		r, ok := got[f]
		if !ok {
			t.Errorf("%s: no rejects row", f)
			continue
		}
		found := false
		for _, w := range reasons {
			found = found || r == w
		}
		if !found {
			t.Errorf("%s: reason %q, want one of %v", f, r, reasons)
		}
	}
	if len(got) != len(want) {
		t.Errorf("rejects rows: %v, want exactly %d", got, len(want))
	}
	arts, _ := ds.Rows("articles")
	if len(arts) != 1 || arts[0].Str("source_path") != "a_good.txt" {
		t.Errorf("articles = %d, want only a_good.txt", len(arts))
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--workers", "0"},
		{"run", "--no-such-flag"},
		{"run", "--input", filepath.Join(t.TempDir(), "does-not-exist")},
		{"run", "--log-level", "loud"},
	} {
		if code, out := cli(t, args...); code != exitUsage {
			t.Errorf("statharvest %v: exit %d, want %d: %s", args, code, exitUsage, out)
		}
	}
}
