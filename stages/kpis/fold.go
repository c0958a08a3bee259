package kpis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// hit is one occurrence of a cue in the folded body.
type hit struct {
	start, end int
	cue        string
}

// runesBack returns the offset n runes before off in s, not before lo.
func runesBack(s string, off, lo, n int) int {
	off = max(0, min(off, len(s)))
	for n > 0 && off > lo {
		_, w := utf8.DecodeLastRuneInString(s[:off])
		off -= w
		n--
	}
	return off
}

// runesFwd returns the offset n runes after off in s, not after hi.
func runesFwd(s string, off, hi, n int) int {
	off = max(0, min(off, len(s)))
	hi = min(hi, len(s))
	for n > 0 && off < hi {
		_, w := utf8.DecodeRuneInString(s[off:])
		off += w
		n--
	}
	return off
}

// runeCount is utf8.RuneCountInString, named for readability at call sites.
func runeCount(s string) int { return utf8.RuneCountInString(s) }

// hasPrefixCue reports whether s, after leading white space and brackets,
// starts with one of cs (each compared without its edge spaces, but a cue
// with a trailing space must be followed by a non-letter).
func hasPrefixCue(s string, cs []string) (string, bool) {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '[' })
	for _, c := range cs {
		t, _, right := edges(c)
		if t == "" || !strings.HasPrefix(s, t) {
			continue
		}
		if right && !wordEdgeAfter(s, len(t)) {
			continue
		}
		return c, true
	}
	return "", false
}

// hasSuffixCue reports whether s, after trailing white space and brackets,
// ends with one of cs; a cue with a leading space must follow a non-letter.
func hasSuffixCue(s string, cs []string) (string, bool) {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '(' || r == '[' || r == ':' || r == '='
	})
	for _, c := range cs {
		t, left, _ := edges(c)
		if t == "" || !strings.HasSuffix(s, t) {
			continue
		}
		if !wordEdgeBefore(s, len(s)-len(t)) && (left || isLetterScript(t)) {
			continue
		}
		return c, true
	}
	return "", false
}

// wordEdgeBefore reports whether s[:i] ends at a word edge.
func wordEdgeBefore(s string, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// wordEdgeAfter reports whether s[i:] starts at a word edge.
func wordEdgeAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// isLetterScript reports whether t is written in a script that separates
// words with spaces; in Thai, Lao, Khmer, Burmese and Han script a cue can end
// inside a run of letters.
func isLetterScript(t string) bool {
	for _, r := range t {
		if unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return false
		}
	}
	return true
}

// containsCue reports whether s contains one of cs. A cue's leading or
// trailing space asks for a space or the end of s there, as if s were
// padded with spaces, so " of " matches at either end. It does not allocate.
func containsCue(s string, cs []string) (string, bool) {
	for _, c := range cs {
		core, l, r := edges(c)
		if core == "" {
			continue
		}
		for off := 0; off < len(s); {
			i := strings.Index(s[off:], core)
			if i < 0 {
				break
			}
			st, en := off+i, off+i+len(core)
			if (!l || st == 0 || s[st-1] == ' ') && (!r || en == len(s) || s[en] == ' ') {
				return c, true
			}
			off = st + 1
		}
	}
	return "", false
}

// edges splits a cue into its text and whether it asks for a word edge
// before (leading space) and after (trailing space).
func edges(c string) (core string, left, right bool) {
	core = c
	for len(core) > 0 && core[0] == ' ' {
		core, left = core[1:], true
	}
	for len(core) > 0 && core[len(core)-1] == ' ' {
		core, right = core[:len(core)-1], true
	}
	return core, left, right
}

// back is runesBack(d.folded, off, lo, n). On valid UTF-8, from a rune
// boundary, a rune ends where the continuation bytes before it start, so it
// steps over bytes instead of decoding runes.
func (d *doc) back(off, lo, n int) int {
	s := d.folded
	off = max(0, min(off, len(s)))
	if !d.utf8ok || (off < len(s) && !utf8.RuneStart(s[off])) {
		return runesBack(s, off, lo, n)
	}
	for n > 0 && off > lo && off > 0 {
		off--
		for off > 0 && !utf8.RuneStart(s[off]) {
			off--
		}
		n--
	}
	return off
}

// fwd is runesFwd(d.folded, off, hi, n), stepping like back.
func (d *doc) fwd(off, hi, n int) int {
	s := d.folded
	off = max(0, min(off, len(s)))
	hi = min(hi, len(s))
	if !d.utf8ok || (off < len(s) && !utf8.RuneStart(s[off])) {
		return runesFwd(s, off, hi, n)
	}
	for n > 0 && off < hi {
		off++
		for off < len(s) && !utf8.RuneStart(s[off]) {
			off++
		}
		n--
	}
	return off
}
