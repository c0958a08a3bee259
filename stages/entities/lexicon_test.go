package entities

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/statharvest/statharvest/data"
)

// TestEmbeddedData compiles every embedded entities lexicon and the gazetteer.
func TestEmbeddedData(t *testing.T) {
	s := newStage(t)
	for _, code := range []string{"ar", "fa", "th", "ru", "vi", "en", "fr", "es", "de", "id", "zh", "ja", "ko"} {
		if s.lx.langs[code] == nil {
			t.Errorf("no lexicon for %s", code)
		}
	}
}

// copyData returns the embedded data as a MapFS that a test may break.
func copyData(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(data.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasPrefix(p, "lexicons/entities/") && !strings.HasPrefix(p, "gazetteer/") {
			return nil
		}
		b, err := fs.ReadFile(data.FS, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLoaderRejectsBadData(t *testing.T) {
	for _, c := range []struct {
		name, file, data, want string
	}{
		{"unknown level", "lexicons/entities/xx.yaml", "script: Latin\nspaces: true\nlevels:\n  - {level: planet, forms: [planetary]}\n", "xx.yaml:4"},
		{"unknown org", "lexicons/entities/xx.yaml", "script: Latin\nspaces: true\nheads:\n  - {org: club, forms: [club]}\n", "unknown org kind"},
		{"conflicting form", "lexicons/entities/xx.yaml", "script: Latin\nspaces: true\nheads:\n  - {org: cell, forms: [cell]}\n  - {org: board, forms: [cell]}\n", "xx.yaml:5"},
		{"unknown script", "lexicons/entities/xx.yaml", "script: Klingon\nspaces: true\n", "not a Unicode script"},
		{"unknown field", "lexicons/entities/xx.yaml", "script: Latin\nspacez: true\n", "spacez"},
		{"bad file name", "lexicons/entities/xxx.yaml", "script: Latin\n", "ISO 639-1"},
		{"bad merger", "gazetteer/provinces.yaml", "provinces:\n  - {name: A, vi: A, kind: province, after_2025: B}\n", "after_2025"},
		{"bad syllable", "gazetteer/syllables.txt", "binh Ăn\n", "syllables.txt:1"},
		{"bad key class", "lexicons/entities/und.yaml", "scripts:\n  Latin:\n    keys: {b: X}\n", "unknown class"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := copyData(t)
			m[c.file] = &fstest.MapFile{Data: []byte(c.data)}
			_, err := New(m)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("New = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// TestClassTables checks the precomputed rune classes and scripts against
// the lookups they cache, over the tables and past their end.
func TestClassTables(t *testing.T) {
	lx := newStage(t).lx
	for r := rune(0); r < 0x10000+0x1000; r++ {
		if got, want := lx.class(r), lx.slowClass(r); got != want {
			t.Fatalf("class(%U) = %b, want %b", r, got, want)
		}
		if got, want := lx.keys.scriptOf(r), lx.keys.slowScriptOf(r); got != want {
			t.Fatalf("scriptOf(%U) differs from the script search", r)
		}
	}
}
