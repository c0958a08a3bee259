//go:build !duckdb

package main

import (
	"strings"
	"testing"
)

// TestLoadWithoutDuckDB: a cgo-free build explains how to get load.
func TestLoadWithoutDuckDB(t *testing.T) {
	code, msg := cli(t, "load", "--output", t.TempDir(), "--db", "x.duckdb")
	if code != exitFailure || !strings.Contains(msg, "make build") || !strings.Contains(msg, "-tags duckdb") {
		t.Errorf("load: exit %d %q", code, msg)
	}
}
