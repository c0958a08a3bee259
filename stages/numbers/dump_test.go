package numbers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDumpSamples(t *testing.T) {
	st := newStage(t)
	files, _ := filepath.Glob("../../data/samples/*.txt")
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		lang := strings.SplitN(filepath.Base(f), "_", 2)[0]
		got := scan(st, lang, string(raw))
		t.Logf("%s: %s", filepath.Base(f), describe(got))
	}
}
