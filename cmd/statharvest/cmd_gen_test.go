package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/statharvest/statharvest/bench/gen"
)

func runGen(t *testing.T, args ...string) (gen.Stats, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append([]string{"gen"}, args...))
	err := root.Execute()
	var st gen.Stats
	if err == nil {
		if jerr := json.Unmarshal(out.Bytes(), &st); jerr != nil {
			t.Fatalf("gen output %q: %v", out.String(), jerr)
		}
	}
	return st, err
}

func TestGenCommand(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	sa, err := runGen(t, "--size", "2MB", "--out", a, "--seed", "9")
	if err != nil {
		t.Fatal(err)
	}
	sb, err := runGen(t, "--size", "2MB", "--out", b, "--seed", "9")
	if err != nil {
		t.Fatal(err)
	}
	if sa != sb || sa.Bytes < 2e6 || sa.Articles == 0 {
		t.Errorf("stats %+v and %+v", sa, sb)
	}
	// Spot-check that both corpora hold the same bytes.
	matches, _ := filepath.Glob(filepath.Join(a, "part-0000", "*.txt"))
	if len(matches) == 0 {
		t.Fatal("no .txt files generated")
	}
	for _, m := range matches[:min(len(matches), 20)] {
		x, _ := os.ReadFile(m)
		y, err := os.ReadFile(filepath.Join(b, "part-0000", filepath.Base(m)))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between runs with the same seed", filepath.Base(m))
		}
	}
	// A second generation into a non-empty directory is refused.
	if _, err := runGen(t, "--size", "1MB", "--out", a); err == nil {
		t.Error("gen into a non-empty directory succeeded")
	}
	for _, args := range [][]string{{"--size", "1MB"}, {"--size", "lots", "--out", filepath.Join(dir, "c")}} {
		if _, err := runGen(t, args...); exitCode(t.Context(), err) != exitUsage {
			t.Errorf("gen %v: error %v, want a usage error", args, err)
		}
	}
}
