package clean

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/statharvest/statharvest/data"
)

// TestLexiconEmbedded compiles every embedded cue file, so bad data fails the
// tests rather than the nightly run.
func TestLexiconEmbedded(t *testing.T) {
	l, err := LoadLexicon(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range l.kinds() {
		if len(*p) == 0 {
			t.Errorf("kind %s has no entries", name)
		}
	}
	if _, err := lookupCodepages(l.encodings); err != nil {
		t.Error(err)
	}
}

func TestLexiconErrors(t *testing.T) {
	und := "encodings: [windows-1251]\n"
	tests := []struct {
		name, file, text, want string
	}{
		{"unknown key", "xx", "comments: [a]\nbogus: [b]\n", "ru.yaml:2"},
		{"not a list", "xx", "comments: a\n", "ru.yaml:1"},
		{"empty entry", "xx", "comments: [a, \"\"]\n", "ru.yaml:1"},
		{"duplicate", "xx", "comments:\n  - a\n  - A\n", "ru.yaml:3"},
		{"nested", "xx", "comments: [[a]]\n", "ru.yaml:1"},
		{"bad language", "russian", "comments: [a]\n", "russian.yaml"},
		{"syntax", "xx", "comments: [a\n", "ru.yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := "ru"
			if tc.file != "xx" {
				file = tc.file
			}
			fsys := fstest.MapFS{
				LexiconDir + "/und.yaml":          {Data: []byte(und)},
				LexiconDir + "/" + file + ".yaml": {Data: []byte(tc.text)},
			}
			_, err := LoadLexicon(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadLexicon(%q) error = %v, want one naming %s", tc.text, err, tc.want)
			}
		})
	}
	if _, err := New(fstest.MapFS{LexiconDir + "/und.yaml": {Data: []byte("encodings: [klingon-8]\n")}}); err == nil {
		t.Error("New with an unknown encoding: nil error")
	}
	if _, err := New(fstest.MapFS{}); err == nil {
		t.Error("New without lexicon files: nil error")
	}
}
