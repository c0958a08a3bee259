package numbers

import (
	"unicode"
	"unicode/utf8"
)

// Rune classes for the scanner's hot loop.
const (
	clsLetter = iota // letters and marks: words
	clsSpace
	clsDigit
	clsOther // punctuation and symbols: word boundaries
)

// runeClasses classifies every rune of the Basic Multilingual Plane once, at
// load time, so the scanner decides "digit, space, letter or boundary" with
// one table lookup instead of several unicode range searches.
type runeClasses [0x10000]uint8

func newRuneClasses() *runeClasses {
	var t runeClasses
	for r := rune(0); r < 0x10000; r++ {
		t[r] = classify(r)
	}
	return &t
}

func classify(r rune) uint8 {
	switch {
	case unicode.Is(unicode.Nd, r):
		return clsDigit
	case r == ' ' || r == '\t' || r == 0xA0 || r == 0x202F || r >= 0x2000 && r <= 0x200B:
		return clsSpace
	case isWordRune(r):
		return clsLetter
	}
	return clsOther
}

// classRune returns the class of the rune at s[i], the rune and its width.
func (t *runeClasses) classRune(s string, i int) (uint8, rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return t[c], rune(c), 1
	}
	if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
		return t[r], r, 2
	}
	if c >= 0xE1 && c < 0xF0 && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
		r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
		return t[r], r, 3
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if r < 0x10000 {
		return t[r], r, w
	}
	return classify(r), r, w
}

// class returns the class of the rune at s[i] and its width.
func (t *runeClasses) class(s string, i int) (uint8, int) {
	c, _, w := t.classRune(s, i)
	return c, w
}
