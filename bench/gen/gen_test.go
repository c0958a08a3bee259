package gen

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/statharvest/statharvest/data"
)

// digest hashes every file's path and bytes, in walk order.
func digest(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00"))
		h.Write(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

func generate(t *testing.T, seed uint64, size int64) (string, Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Generate(data.FS, Config{Dir: dir, Size: size, Seed: seed, ShardBytes: 3 << 20})
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

func TestDeterministic(t *testing.T) {
	const size = 6 << 20
	a, sa := generate(t, 1, size)
	b, sb := generate(t, 1, size)
	c, _ := generate(t, 2, size)
	if sa != sb {
		t.Errorf("same seed, different stats: %+v vs %+v", sa, sb)
	}
	if digest(t, a) != digest(t, b) {
		t.Error("same seed produced different bytes")
	}
	if digest(t, a) == digest(t, c) {
		t.Error("different seeds produced identical bytes")
	}
	if sa.Bytes < size || sa.Shards < 2 || sa.Hostile == 0 || sa.Articles < 100 {
		t.Errorf("unexpected stats %+v", sa)
	}
}

func TestCorpusShape(t *testing.T) {
	dir, st := generate(t, 7, 4<<20)
	kinds := map[string]int{}
	scripts := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		switch {
		case filepath.Base(filepath.Dir(p)) == HostileDir:
			kinds["hostile"]++
			return nil
		case strings.HasSuffix(name, ".txt.gz"):
			kinds["gz"]++
			return nil
		case strings.HasSuffix(name, ".jsonl"):
			kinds["jsonl"]++
		case strings.HasSuffix(name, ".txt"):
			kinds["txt"]++
		default:
			t.Errorf("unexpected file %s", p)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, r := range string(b) {
			if unicode.IsDigit(r) {
				z, _ := digitZero(r)
				scripts[string(z)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"hostile", "gz", "jsonl", "txt"} {
		if kinds[k] == 0 {
			t.Errorf("no %s files in %v", k, kinds)
		}
	}
	// ASCII, Arabic-Indic, Persian and Thai digits all come from the samples.
	for _, z := range []string{"0", "\u0660", "\u06f0", "\u0e50"} {
		if !scripts[z] {
			t.Errorf("no digits of the script starting at %q", z)
		}
	}
	if avg := st.ArticleBytes / st.Articles; avg < 3000 || avg > 30000 {
		t.Errorf("average article of %d bytes, want page-sized", avg)
	}
}

func TestNumberKeepsShape(t *testing.T) {
	g := &generator{rng: newRNG(3)}
	for _, in := range []string{"1,234.5", "٣٬٢١٤", "۱۲۳", "๒๕๖๘", "131 548", "2025", "0,5"} {
		var b bytes.Buffer
		g.number(&b, in)
		out := b.String()
		if len([]rune(out)) != len([]rune(in)) {
			t.Errorf("%q -> %q: length changed", in, out)
		}
		for i, r := range []rune(in) {
			o := []rune(out)[i]
			zr, dr := digitZero(r)
			zo, do := digitZero(o)
			if dr != do || zr != zo || (!dr && r != o) {
				t.Errorf("%q -> %q: rune %d changed kind", in, out, i)
			}
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1GB": 1e9, "200MB": 200e6, "250mb": 250e6, "4GiB": 4 << 30, "512KiB": 512 << 10, "1000": 1000, "1.5GB": 15e8} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "GB", "-1MB", "1XB", "0"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) succeeded", in)
		}
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1GB", "200MB", "4GiB", "1.5gb", "0", "-1", "1e3kb", "NaN", "Inf", "9999999999999TB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err == nil && n <= 0 {
			t.Errorf("ParseSize(%q) = %d without an error", s, n)
		}
	})
}
