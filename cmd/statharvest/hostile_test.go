package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/statharvest/statharvest/dataset"
)

// TestHostileInputs feeds inputs a crawler can deliver on a bad night. Every
// one becomes an article or a rejects row, the run finishes, and the heap
// the run reports stays bounded.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB file")
	}
	in := t.TempDir()
	write := func(name string, b []byte) {
		t.Helper()
		p := filepath.Join(in, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("empty.txt", nil)
	write("nul.txt", []byte("Fifty households\x00 received 12 tonnes of rice.\n"))
	write("invalid.txt", []byte("Report: 45 \xe2\x28\xa1 classes \xff were held.\n"))
	u := utf16.Encode([]rune("Ханой: в 2024 году приняли 338 новых членов партии, 84,5% плана.\n"))
	le := make([]byte, 0, 2*len(u))
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
	}
	write("utf16-no-bom.txt", le)
	// One 200 MB line: rejected by size without being read into memory.
	big, err := os.Create(filepath.Join(in, "huge-line.txt"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("lorem 12 ipsum "), 1<<16)
	for written := 0; written < 200<<20; written += len(chunk) {
		big.Write(chunk)
	}
	big.Close()
	// The same through the JSON Lines reader, which must stream past it.
	jl := bytes.Repeat([]byte("x"), 20<<20)
	write("records.jsonl", append(append([]byte(`{"id":"long","text":"`), jl...), "\"}\n{\"id\":\"ok\",\"text\":\"In 2023 the district trained 1,250 officials.\"}\n{not json}\n"...))
	write("million-digits.txt", append([]byte("The figure was "), append(bytes.Repeat([]byte("7"), 1_000_000), " people.\n"...)...))
	deep := strings.Repeat("d/", 100)
	write(deep+"deep.txt", []byte("Deep in the tree: 17 villages, 2,300 households.\n"))
	write("name\nwith newline.txt", []byte("A file name with a newline: 9 classes.\n"))
	if err := os.Symlink("loop-b.txt", filepath.Join(in, "loop-a.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop-a.txt", filepath.Join(in, "loop-b.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(in, "dir-loop")); err != nil {
		t.Fatal(err)
	}
	unreadable := 0
	if os.Geteuid() != 0 {
		write("secret.txt", []byte("12 people"))
		os.Chmod(filepath.Join(in, "secret.txt"), 0)
		unreadable = 1
	}
	// records.jsonl holds three lines; dir-loop links to a directory, which
	// the walk does not follow, so it is no input.
	inputs := 13 + unreadable

	out := t.TempDir()
	mf := filepath.Join(t.TempDir(), "m.prom")
	cmd := cliProcess("run", "--input", in, "--output", out, "--metrics-file", mf, "--workers", "2")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitWithRejects {
		t.Fatalf("run over hostile inputs: %v, want exit %d: %s", err, exitWithRejects, tail(stderr.String()))
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := ds.Rows("articles")
	rejects, _ := ds.Rows("rejects")
	if got := len(arts) + len(rejects); got != inputs {
		var names []string
		for _, a := range arts {
			names = append(names, "article:"+a.Str("source_path"))
		}
		for _, r := range rejects {
			names = append(names, "reject:"+r.Str("source_path")+":"+r.Str("reason"))
		}
		t.Errorf("%d articles + rejects, want one per input (%d): %q", got, inputs, names)
	}
	reasons := map[string]string{}
	for _, r := range rejects {
		reasons[r.Str("source_path")] += r.Str("reason") + " "
	}
	for f, want := range map[string]string{"empty.txt": "empty", "nul.txt": "binary", "huge-line.txt": "too_large", "records.jsonl": "too_large", "loop-a.txt": "unreadable"} {
		if !strings.Contains(reasons[f], want) {
			t.Errorf("%s: rejects %q, want %s", f, reasons[f], want)
		}
	}
	heap := parseMetrics(t, mf)["statharvest_peak_heap_bytes"].GetMetric()[0].GetGauge().GetValue()
	t.Logf("peak heap reported by the run: %.1f MiB", heap/(1<<20))
	if heap > 256<<20 {
		t.Errorf("peak heap %.0f MiB, want at most 256 MiB", heap/(1<<20))
	}
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}
