package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Rune classes of the Basic Multilingual Plane, looked up by code point:
// the per-rune Unicode predicates (NFC quick check, IsLetter, IsSpace,
// ToLower) cost a table search each, and they ran over every byte of every
// page. The table is built once per Stage.
const (
	// rKeep: normalize leaves the rune as is whatever surrounds it: its
	// NFC quick check is Yes (so it composes with nothing before it), its
	// combining class is 0, and it is no character normalize maps.
	rKeep uint16 = 1 << iota
	// rMark: a combining mark whose NFC quick check is Yes, without a
	// decomposition, that normalize does not map (Arabic tanwin, Thai
	// vowel signs): kept as is while the marks after a starter come in
	// canonical order. Its combining class is in the entry's high byte.
	rMark
	rLetter
	rSpace
	rLower // unicode.ToLower leaves it as is
)

// maxMarks bounds a run of marks the fast path accepts, well within NFC's
// stream-safe limit of 30 non-starters.
const maxMarks = 20

type runeTable [0x10000]uint16

func newRuneTable() *runeTable {
	t := new(runeTable)
	var buf [utf8.UTFMax]byte
	for r := rune(0); r < 0x10000; r++ {
		if utf8.ValidRune(r) {
			n := utf8.EncodeRune(buf[:], r)
			p := norm.NFC.Properties(buf[:n])
			qcYes := norm.NFC.QuickSpan(buf[:n]) == n
			switch {
			case !qcYes || mapRune(r) != r:
			case p.CCC() == 0:
				t[r] |= rKeep
			case len(p.Decomposition()) == 0:
				t[r] |= rMark | uint16(p.CCC())<<8
			}
		}
		if unicode.IsLetter(r) || unicode.IsMark(r) {
			t[r] |= rLetter
		}
		if unicode.IsSpace(r) {
			t[r] |= rSpace
		}
		if unicode.ToLower(r) == r {
			t[r] |= rLower
		}
	}
	// Character references are unescaped by the slow path.
	t['&'] &^= rKeep
	return t
}

// mapRune is the per-rune part of normalize: line ends become "\n", tabs
// spaces, and invisible and control characters go (-1). Zero-width
// (non-)joiners stay: Persian and Indic spelling needs them.
func mapRune(r rune) rune {
	switch {
	case r == '\r', r == '\u2028', r == '\u2029', r == '\v', r == '\f', r == '\u0085':
		return '\n'
	case r == '\t':
		return ' '
	case r == '\uFEFF', r == '\u200B', r == '\u00AD', r == '\u2060', r == utf8.RuneError:
		return -1
	case r < 0x20 && r != '\n', r >= 0x7f && r < 0xa0:
		return -1
	}
	return r
}

// decodeAt is utf8.DecodeRuneInString with the two- and three-byte forms, which
// carry every script the pages are in, decoded inline.
func decodeAt(s string, i int) (rune, int) {
	c := s[i]
	if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	if c >= 0xE1 && c < 0xF0 && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
		return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// keepSpan returns a segment boundary n such that normalize keeps
// text[:n] as it is.
func (t *runeTable) keepSpan(text string) int {
	seg, lastCC, marks := 0, uint16(0), 0
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if t[c]&rKeep == 0 {
				return seg
			}
			seg, lastCC, marks = i, 0, 0
			i++
			continue
		}
		r, n := decodeAt(text, i)
		if r >= 0x10000 || n == 1 {
			return seg
		}
		switch k := t[r]; {
		case k&rKeep != 0:
			seg, lastCC, marks = i, 0, 0
		case k&rMark != 0 && k>>8 >= lastCC && marks < maxMarks:
			lastCC = k >> 8
			marks++
		default:
			return seg
		}
		i += n
	}
	return len(text)
}

// normalize is the package's normalize, without its cost on text that is
// already normal: the kept prefix is copied as is and only the rest goes
// through unescaping, NFC and the rune map.
func (t *runeTable) normalize(text string) string {
	i := t.keepSpan(text)
	if i == len(text) {
		return text
	}
	unescape := strings.Contains(text, "&") && strings.Contains(text, ";")
	return text[:i] + normalizeTail(text[i:], unescape)
}

// lineFeatures are what classify reads of a line in one pass.
type lineFeatures struct {
	words, letters int
	// plainSpaces: every space is a single " ", so strings.Fields and Join
	// would give the line back.
	plainSpaces bool
	// lower: strings.ToLower would give the line back.
	lower bool
}

func (t *runeTable) features(s string) lineFeatures {
	f := lineFeatures{plainSpaces: true, lower: true}
	inWord, prevSpace := false, false
	for i := 0; i < len(s); {
		c := s[i]
		var k uint16
		if c < utf8.RuneSelf {
			k = t[c]
			if c != ' ' && k&rSpace != 0 {
				f.plainSpaces = false
			}
			i++
		} else {
			r, n := decodeAt(s, i)
			i += n
			if r < 0x10000 {
				k = t[r]
			} else {
				k = classifyAstral(r)
			}
			if k&rSpace != 0 {
				f.plainSpaces = false
			}
		}
		if k&rSpace != 0 {
			if prevSpace || f.words == 0 {
				f.plainSpaces = false
			}
			inWord, prevSpace = false, true
			continue
		}
		prevSpace = false
		if !inWord {
			f.words++
			inWord = true
		}
		if k&rLetter != 0 {
			f.letters++
		}
		if k&rLower == 0 {
			f.lower = false
		}
	}
	if prevSpace {
		f.plainSpaces = false
	}
	return f
}

func classifyAstral(r rune) uint16 {
	var k uint16
	if unicode.IsLetter(r) || unicode.IsMark(r) {
		k |= rLetter
	}
	if unicode.IsSpace(r) {
		k |= rSpace
	}
	if unicode.ToLower(r) == r {
		k |= rLower
	}
	return k
}

// cueForm is strings.Join(strings.Fields(strings.ToLower(s)), " ") in one
// pass and one allocation.
func (t *runeTable) cueForm(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		var r rune
		n := 1
		if c := s[i]; c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, n = decodeAt(s, i)
		}
		var k uint16
		if r < 0x10000 {
			k = t[r]
		} else {
			k = classifyAstral(r)
		}
		switch {
		case k&rSpace != 0:
			space = true
			i += n
			continue
		case space && b.Len() > 0:
			b.WriteByte(' ')
		}
		space = false
		switch {
		case k&rLower == 0:
			b.WriteRune(unicode.ToLower(r))
		case r == utf8.RuneError && n == 1 && s[i] >= utf8.RuneSelf:
			b.WriteRune(r) // as strings.ToLower writes an invalid byte
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
