package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/pipeline"
)

// corpus writes n articles built from the embedded samples, each made
// distinct by a reference line, into dir/<k>/ subdirectories.
func corpus(t *testing.T, dir string, n, offset int) {
	t.Helper()
	var texts [][]byte
	fs.WalkDir(data.FS, "samples", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".txt") {
			b, _ := fs.ReadFile(data.FS, p)
			texts = append(texts, b)
		}
		return nil
	})
	if len(texts) == 0 {
		t.Fatal("no embedded samples")
	}
	for i := offset; i < offset+n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/100))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		body := append(append([]byte{}, texts[i%len(texts)]...), fmt.Sprintf("\nRef. %d/%d\n", i, n)...)
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("a%05d.txt", i)), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runRows reads the committed runs rows, oldest first.
func runRows(t *testing.T, out string) []dataset.Row {
	t.Helper()
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ds.Rows("runs")
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Str("run_id") < rows[j].Str("run_id") })
	return rows
}

func count(t *testing.T, out, table string) int {
	t.Helper()
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ds.Rows(table)
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

func TestIncrementalRuns(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	corpus(t, in, 30, 0)
	mustRun(t, "run", "--input", in, "--output", out)
	first := count(t, out, "statistics")
	if n := count(t, out, "articles"); n != 30 {
		t.Fatalf("first run: %d articles, want 30", n)
	}
	mustRun(t, "run", "--input", in, "--output", out)
	runs := runRows(t, out)
	if len(runs) != 2 {
		t.Fatalf("%d committed runs, want 2", len(runs))
	}
	if v, _ := runs[1].Float("articles_out"); v != 0 {
		t.Errorf("second run wrote %v articles, want 0", v)
	}
	if v, _ := runs[1].Float("files_skipped"); v != 30 {
		t.Errorf("second run skipped %v files, want all 30 (unchanged files are not read)", v)
	}
	if n := count(t, out, "statistics"); n != first {
		t.Errorf("statistics grew from %d to %d on a run with nothing new", first, n)
	}
	corpus(t, in, 5, 30)
	mustRun(t, "run", "--input", in, "--output", out)
	if n := count(t, out, "articles"); n != 35 {
		t.Errorf("after adding 5 files: %d articles, want 35", n)
	}
	// A changed file is read again and only its new article is added.
	f := filepath.Join(in, "000", "a00000.txt")
	b, _ := os.ReadFile(f)
	os.WriteFile(f, append(b, "Updated: 12 more households.\n"...), 0o644)
	mustRun(t, "run", "--input", in, "--output", out)
	runs = runRows(t, out)
	last := runs[len(runs)-1]
	if v, _ := last.Float("articles_out"); v != 1 {
		t.Errorf("after changing one file: %v new articles, want 1", v)
	}
	if v, _ := last.Float("files_skipped"); v != 34 {
		t.Errorf("after changing one file: %v files skipped, want 34", v)
	}
	mustRun(t, "run", "--input", in, "--output", out, "--full")
	runs = runRows(t, out)
	if v, _ := runs[len(runs)-1].Float("articles_out"); v != 35 {
		t.Errorf("--full wrote %v articles, want all 35 files again", v)
	}
}

// sortedRows is every committed table without run-specific columns, sorted,
// so that runs can be compared row for row.
func sortedRows(t *testing.T, out string) map[string][]string {
	t.Helper()
	res := map[string][]string{}
	for name, rows := range comparableRows(t, out) {
		var lines []string
		for _, r := range rows {
			delete(r, "seq") // input order differs when a run resumes after a crash
			b, _ := json.Marshal(r)
			lines = append(lines, string(b))
		}
		sort.Strings(lines)
		res[name] = lines
	}
	return res
}

func TestKilledRunsLoseAndDuplicateNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several processes")
	}
	in := t.TempDir()
	corpus(t, in, 6000, 0)
	// The reference: one clean run, timed, so that the kills below land at
	// fractions of a real run however fast the machine is.
	clean := t.TempDir()
	ref := cliProcess("run", "--input", in, "--output", clean, "--workers", "2")
	start := time.Now()
	if out, err := ref.CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v: %s", err, tail(string(out)))
	}
	took := time.Since(start)
	want := sortedRows(t, clean)

	out := t.TempDir()
	killedMidRun := 0
	for _, frac := range []float64{0.05, 0.3, 0.6, 0.9} {
		cmd := cliProcess("run", "--input", in, "--output", out, "--workers", "2")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
			// Finished before the kill: later runs find everything committed.
		case <-time.After(time.Duration(frac * float64(took))):
			cmd.Process.Signal(syscall.SIGKILL)
			if err := <-done; err != nil {
				killedMidRun++
			}
		}
	}
	if killedMidRun == 0 {
		t.Fatal("no run was killed mid-way")
	}
	t.Logf("clean run took %s; %d runs killed mid-way", took, killedMidRun)
	if code, msg := cli(t, "run", "--input", in, "--output", out, "--workers", "2"); code != exitOK {
		t.Fatalf("run after kills: exit %d: %s", code, msg)
	}
	if entries, _ := os.ReadDir(filepath.Join(out, "_tmp")); len(entries) > 0 {
		t.Errorf("leftover temporary runs after a clean run: %d", len(entries))
	}
	got := sortedRows(t, out)
	for name, w := range want {
		if name == "organizations" || name == "events" {
			continue // one row per org and per event per run by design; the views merge runs
		}
		if !reflect.DeepEqual(got[name], w) {
			t.Errorf("table %s after kills and a re-run: %d rows, want %d as from one clean run", name, len(got[name]), len(w))
		}
	}
}

func TestLock(t *testing.T) {
	out := t.TempDir()
	lock, err := pipeline.AcquireLock(out)
	if err != nil {
		t.Fatal(err)
	}
	code, msg := cli(t, "run", "--output", out)
	if code != exitLocked {
		t.Errorf("run on a locked output: exit %d, want %d: %s", code, exitLocked, msg)
	}
	if !strings.Contains(msg, "locked") {
		t.Errorf("locked run's message %q does not say it is locked", msg)
	}
	lock.Release()

	// A lock left by a killed process is stale: the next run takes it over.
	in := t.TempDir()
	corpus(t, in, 2000, 0)
	cmd := cliProcess("run", "--input", in, "--output", out, "--workers", "1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if b, _ := os.ReadFile(filepath.Join(out, "_state", "lock")); len(bytes.TrimSpace(b)) == 0 {
		t.Log("killed run left no pid in the lock file (killed before it wrote one)")
	}
	if code, msg := cli(t, "run", "--output", out); code != exitOK {
		t.Errorf("run after a killed holder: exit %d, want 0: %s", code, msg)
	}
}

func TestExitCodes(t *testing.T) {
	// Failure: the output path is a file.
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, []byte("x"), 0o644)
	if code, msg := cli(t, "run", "--output", f); code != exitFailure {
		t.Errorf("output is a file: exit %d, want %d: %s", code, exitFailure, msg)
	}
	// Interrupted: SIGINT mid-run exits 130 and commits nothing.
	in, out := t.TempDir(), t.TempDir()
	corpus(t, in, 6000, 0) // seconds of work with one worker, so the signal lands mid-run
	cmd := cliProcess("run", "--input", in, "--output", out, "--workers", "1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatalf("interrupted run: %v (finished before the signal?) %s", err, stderr.String())
	}
	if ee.ExitCode() != exitInterrupted {
		t.Errorf("interrupted run: exit %d, want %d: %s", ee.ExitCode(), exitInterrupted, stderr.String())
	}
	if n := len(runRows(t, out)); n != 0 {
		t.Errorf("interrupted run committed %d runs", n)
	}
	if entries, _ := os.ReadDir(filepath.Join(out, "_tmp")); len(entries) != 0 {
		t.Errorf("interrupted run left %d temporary runs", len(entries))
	}
}

func TestMetricsFile(t *testing.T) {
	out := t.TempDir()
	mf := filepath.Join(t.TempDir(), "statharvest.prom")
	mustRun(t, "run", "--output", out, "--metrics-file", mf)
	families := parseMetrics(t, mf)
	for _, name := range []string{"statharvest_run_success", "statharvest_last_success_timestamp_seconds", "statharvest_run_duration_seconds", "statharvest_rows_written", "statharvest_rejects", "statharvest_input_bytes", "statharvest_stage_seconds"} {
		if _, ok := families[name]; !ok {
			t.Errorf("metrics file lacks %s", name)
		}
	}
	if v := families["statharvest_run_success"].GetMetric()[0].GetGauge().GetValue(); v != 1 {
		t.Errorf("run_success = %v, want 1", v)
	}
	last := families["statharvest_last_success_timestamp_seconds"].GetMetric()[0].GetGauge().GetValue()
	// A failed run says so and keeps the last success time.
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, []byte("x"), 0o644)
	cli(t, "run", "--output", f, "--metrics-file", mf)
	families = parseMetrics(t, mf)
	if v := families["statharvest_run_success"].GetMetric()[0].GetGauge().GetValue(); v != 0 {
		t.Errorf("after a failed run run_success = %v, want 0", v)
	}
	if v := families["statharvest_last_success_timestamp_seconds"].GetMetric()[0].GetGauge().GetValue(); v != last {
		t.Errorf("after a failed run last success = %v, want %v kept", v, last)
	}
}

func parseMetrics(t *testing.T, path string) map[string]*dtoFamily {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(bufio.NewReader(f))
	if err != nil {
		t.Fatalf("metrics file does not parse: %v", err)
	}
	return fams
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "statharvest.yaml")
	fromFile, fromEnv := filepath.Join(dir, "file-out"), filepath.Join(dir, "env-out")
	os.WriteFile(cfg, []byte("output: "+fromFile+"\nworkers: 1\n"), 0o644)
	if code, msg := cli(t, "run", "--config", cfg); code != exitOK {
		t.Fatalf("run --config: exit %d: %s", code, msg)
	}
	if _, err := os.Stat(filepath.Join(fromFile, "runs")); err != nil {
		t.Errorf("config file output not used: %v", err)
	}
	t.Setenv("STATHARVEST_OUTPUT", fromEnv)
	if code, msg := cli(t, "run", "--config", cfg); code != exitOK {
		t.Fatalf("run with env: exit %d: %s", code, msg)
	}
	if _, err := os.Stat(filepath.Join(fromEnv, "runs")); err != nil {
		t.Errorf("environment did not win over the config file: %v", err)
	}
	flagOut := filepath.Join(dir, "flag-out")
	if code, msg := cli(t, "run", "--config", cfg, "--output", flagOut); code != exitOK {
		t.Fatalf("run with flag: exit %d: %s", code, msg)
	}
	if _, err := os.Stat(filepath.Join(flagOut, "runs")); err != nil {
		t.Errorf("flag did not win over the environment: %v", err)
	}
	toml := filepath.Join(dir, "statharvest.toml")
	os.WriteFile(toml, []byte("bogus = 1\n"), 0o644)
	if code, _ := cli(t, "run", "--config", toml); code != exitUsage {
		t.Errorf("unknown config key: exit %d, want %d", code, exitUsage)
	}
}

type dtoFamily = dto.MetricFamily

func TestConfigEnvList(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	corpus(t, a, 2, 0)
	corpus(t, b, 3, 2)
	out := t.TempDir()
	t.Setenv("STATHARVEST_INPUT", a+","+b)
	if code, msg := cli(t, "run", "--output", out); code != exitOK {
		t.Fatalf("run with STATHARVEST_INPUT: exit %d: %s", code, msg)
	}
	if n := count(t, out, "articles"); n != 5 {
		t.Errorf("STATHARVEST_INPUT with two inputs: %d articles, want 5", n)
	}
}
