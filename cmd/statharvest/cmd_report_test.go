package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	out := t.TempDir()
	mustRun(t, "run", "--output", out)
	page := filepath.Join(t.TempDir(), "r.html")
	mustRun(t, "report", "--output", out, "--html", page, "--all")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), `id="articles-by-lang"`) {
		t.Errorf("report %s lacks its charts", page)
	}
	mustRun(t, "report", "--output", out)
	if _, err := os.Stat(filepath.Join(out, "report.html")); err != nil {
		t.Errorf("default report path: %v", err)
	}
	if code, _ := cli(t, "report", "--output", t.TempDir()); code == exitOK {
		t.Error("report of an empty directory succeeded")
	}
}
