// Package sharedtest locates ../shared (the seed pages and their gold
// annotations) for tests. Where it is absent, as in a user's clone, tests that
// need it skip with a clear message; under CI it must be there, so they fail.
package sharedtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the absolute path of the shared folder beside the repository.
func Dir(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	dir := filepath.Join(root, "..", "shared")
	if env := os.Getenv("STATHARVEST_SHARED"); env != "" {
		dir = env
	}
	if _, err := os.Stat(filepath.Join(dir, "seeds")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared test data missing at %s (required when CI is set): %v", dir, err)
		}
		t.Skipf("shared test data not found at %s: skipping (set STATHARVEST_SHARED to its path)", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// Seeds returns the seed directory.
func Seeds(t testing.TB) string { return filepath.Join(Dir(t), "seeds") }

// Gold returns the gold annotation directory.
func Gold(t testing.TB) string { return filepath.Join(Dir(t), "eval", "gold") }
