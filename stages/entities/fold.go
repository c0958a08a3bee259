package entities

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// addLatinBases maps every precomposed Latin letter (Vietnamese tone marks
// included) to its base letter, so "Tuyên Quang" and "Tuyen Quang" match one
// form. Built once at load from the Unicode decompositions.
func addLatinBases(fold map[rune]rune) {
	for _, rg := range [][2]rune{{0xC0, 0x24F}, {0x1E00, 0x1EFF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			if _, ok := fold[r]; ok {
				continue
			}
			d := norm.NFD.String(string(unicode.ToLower(r)))
			base, n := utf8.DecodeRuneInString(d)
			if n == len(d) && base == r {
				continue
			}
			ok := true
			for _, m := range d[n:] {
				if !unicode.Is(unicode.Mn, m) {
					ok = false
					break
				}
			}
			if ok && base < 0x80 {
				fold[r] = base
			}
		}
	}
}

// buildFoldTable precomputes foldRune for the Basic Multilingual Plane, so
// that folding a body costs one slice index per rune.
func (lx *Lexicon) buildFoldTable() {
	lx.bmp = make([]rune, 0x10000)
	for r := rune(0); r < 0x10000; r++ {
		f, ok := lx.slowFold(r)
		if !ok {
			f = -1
		}
		lx.bmp[r] = f
	}
}

// foldRune lower-cases r and applies the fold table; ok is false when the
// rune is dropped (combining marks of Latin and Arabic, joiners, tatweel).
func (lx *Lexicon) foldRune(r rune) (rune, bool) {
	if r >= 0 && int(r) < len(lx.bmp) {
		f := lx.bmp[r]
		return f, f >= 0
	}
	return lx.slowFold(r)
}

func (lx *Lexicon) slowFold(r rune) (rune, bool) {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	if lx.drop[r] {
		return 0, false
	}
	if unicode.Is(unicode.Mn, r) && (unicode.Is(unicode.Arabic, r) || unicode.Is(unicode.Latin, r) || (0x300 <= r && r < 0x370)) {
		return 0, false
	}
	r = unicode.ToLower(r)
	if f, ok := lx.fold[r]; ok {
		r = f
	}
	return r, true
}

// foldString folds a lexicon form the same way the text is folded, and
// collapses runs of spaces.
func (lx *Lexicon) foldString(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		f, ok := lx.foldRune(r)
		if !ok {
			continue
		}
		if unicode.IsSpace(f) {
			f = ' '
			if len(out) == 0 || out[len(out)-1] == ' ' {
				continue
			}
		}
		out = append(out, f)
	}
	for len(out) > 0 && out[len(out)-1] == ' ' {
		out = out[:len(out)-1]
	}
	return string(out)
}

// text is a folded view of an article body: f[i] is a folded rune and
// off[i] the byte offset in the body where it came from; off[len(f)] is
// len(body). Whitespace runs fold to one space so forms with spaces match.
type text struct {
	f   []rune
	off []int32
}

func (lx *Lexicon) foldText(body string, t *text) {
	if cap(t.f) < len(body) {
		// A rune takes at least one byte, so this never grows again.
		t.f = make([]rune, 0, len(body))
		t.off = make([]int32, 0, len(body)+1)
	}
	t.f = t.f[:0]
	t.off = t.off[:0]
	for i, r := range body {
		if r == utf8.RuneError {
			continue
		}
		f, ok := lx.foldRune(r)
		if !ok {
			continue
		}
		if f != '\n' && f != '\r' && lx.class(f)&cSpace != 0 {
			f = ' '
			if n := len(t.f); n > 0 && t.f[n-1] == ' ' {
				continue
			}
		}
		t.f = append(t.f, f)
		t.off = append(t.off, int32(i))
	}
	t.off = append(t.off, int32(len(body)))
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || r == '\''
}

// Rune classes the tokenizer asks about, as bits.
const (
	cWord  uint8 = 1 << iota // isWordRune
	cStop                    // a stop rune of und.yaml
	cSoft                    // a soft break of und.yaml
	cSpace                   // unicode.IsSpace
)

// buildClassTable precomputes class for the Basic Multilingual Plane, so
// that the tokenizer pays one slice index per rune instead of two map
// lookups and the Unicode range searches of isWordRune; the script of a
// rune likewise.
func (lx *Lexicon) buildClassTable() {
	lx.cls = make([]uint8, 0x10000)
	for r := rune(0); r < 0x10000; r++ {
		lx.cls[r] = lx.slowClass(r)
	}
	if lx.keys != nil {
		lx.keys.buildScriptTable()
	}
}

// class returns the cWord, cStop and cSoft bits of r.
func (lx *Lexicon) class(r rune) uint8 {
	if r >= 0 && int(r) < len(lx.cls) {
		return lx.cls[r]
	}
	return lx.slowClass(r)
}

func (lx *Lexicon) slowClass(r rune) uint8 {
	var c uint8
	if isWordRune(r) {
		c |= cWord
	}
	if lx.stops[r] {
		c |= cStop
	}
	if lx.soft[r] {
		c |= cSoft
	}
	if unicode.IsSpace(r) {
		c |= cSpace
	}
	return c
}
