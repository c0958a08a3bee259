package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestDiskFull runs on a tiny tmpfs: the run that does not fit fails with a
// clear error and leaves the data committed before it readable and unchanged.
func TestDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root: skipping the disk-full test")
	}
	out := t.TempDir()
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", out).Run(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v): skipping the disk-full test", err)
	}
	defer exec.Command("umount", out).Run()

	mustRun(t, "run", "--output", out)
	before := sortedRows(t, out)

	in := t.TempDir()
	corpus(t, in, 3000, 0)
	cmd := cliProcess("run", "--input", in, "--output", out, "--workers", "2")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitFailure {
		t.Fatalf("run on a full disk: %v, want exit %d: %s", err, exitFailure, tail(stderr.String()))
	}
	if !strings.Contains(stderr.String(), "no space left on device") {
		t.Errorf("the error does not say the disk is full: %s", tail(stderr.String()))
	}
	if got := sortedRows(t, out); !reflect.DeepEqual(got, before) {
		t.Error("committed data changed after a failed run")
	}
	if entries, _ := os.ReadDir(filepath.Join(out, "_tmp")); len(entries) != 0 {
		t.Errorf("the failed run left %d temporary runs", len(entries))
	}
	if n := len(runRows(t, out)); n != 1 {
		t.Errorf("%d committed runs, want 1", n)
	}
}
