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
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == n {
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
