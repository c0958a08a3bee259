package match

import (
	"unicode"
	"unicode/utf8"
)

// Fold lowercases s rune by rune, keeping a rune as is when its lowercase has
// another UTF-8 length, so that byte offsets into the result are offsets into
// s. Cues are folded with the same function when the lexicon is compiled.
func Fold(s string) string {
	var buf []byte
	// A text repeats few distinct runes: remember the lowercase of recent
	// ones, which saves most case-table searches outside ASCII.
	var lower [64]struct{ r, l rune }
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				if buf == nil {
					buf = []byte(s)
				}
				buf[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		e := &lower[r&63]
		if e.r != r {
			e.r, e.l = r, unicode.ToLower(r)
		}
		if l := e.l; l != r && utf8.RuneLen(l) == n {
			if buf == nil {
				buf = []byte(s)
			}
			utf8.EncodeRune(buf[i:], l)
		}
		i += n
	}
	if buf == nil {
		return s // already folded: no copy
	}
	return string(buf)
}
