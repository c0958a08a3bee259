package clean

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/statharvest/statharvest/stages"
)

// Decoding order (first match wins):
//
//	empty or white space only              → reject empty
//	byte-order mark (UTF-8, UTF-16 LE/BE)  → that encoding
//	NUL bytes or invalid UTF-8, and the bytes look like UTF-16 without a mark → UTF-16
//	NUL bytes or many control characters   → reject binary
//	valid UTF-8                            → as is
//	a legacy code page whose decoding reads as one script's text → that code page
//	otherwise                              → reject invalid_utf8
//
// Text in a legacy code page is almost never valid UTF-8, so trying UTF-8
// first costs nothing on the common path.

// codepage is a legacy encoding the decoder may try.
type codepage struct {
	name string
	enc  encoding.Encoding
}

// minLegacyLetters is how many non-ASCII letters a guess needs: a stray byte in
// English text is invalid UTF-8, not a Russian page.
const minLegacyLetters = 16

// legacySample is how much of the input the code-page guess reads.
const legacySample = 64 << 10

// minLegacyScore is the least script coherence (see legacyScore) a guess needs.
const minLegacyScore = 0.85

func lookupCodepages(names []string) ([]codepage, error) {
	out := make([]codepage, 0, len(names))
	for _, n := range names {
		e, err := htmlindex.Get(n)
		if err != nil {
			return nil, fmt.Errorf("unknown encoding %q: %w", n, err)
		}
		out = append(out, codepage{n, e})
	}
	return out, nil
}

// decode returns the text of raw and the name of the encoding it was read in.
func decode(raw []byte, pages []codepage) (string, string, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", "", &stages.Reject{Reason: stages.ReasonEmpty, Detail: fmt.Sprintf("%d bytes, all white space", len(raw))}
	}
	switch {
	case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte("\xff\xfe")):
		return decodeUTF16(raw[2:], xunicode.LittleEndian, "utf-16le")
	case bytes.HasPrefix(raw, []byte("\xfe\xff")):
		return decodeUTF16(raw[2:], xunicode.BigEndian, "utf-16be")
	}
	nul := bytes.IndexByte(raw, 0)
	valid := utf8.Valid(raw)
	if nul >= 0 || !valid {
		if order, ok := guessUTF16(raw); ok {
			name := "utf-16le"
			if order == xunicode.BigEndian {
				name = "utf-16be"
			}
			return decodeUTF16(raw, order, name)
		}
	}
	if nul >= 0 {
		return "", "", &stages.Reject{Reason: stages.ReasonBinary, Detail: fmt.Sprintf("NUL byte at %d", nul)}
	}
	if off, ok := tooManyControls(raw); ok {
		return "", "", &stages.Reject{Reason: stages.ReasonBinary, Detail: fmt.Sprintf("control characters from byte %d", off)}
	}
	if valid {
		return string(raw), "utf-8", nil
	}
	// Judge the code pages on a sample, then decode the whole input once.
	sample := raw[:min(len(raw), legacySample)]
	best, bestScore := -1, 0.0
	for i, p := range pages {
		text, err := p.enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		if s := legacyScore(string(text)); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best >= 0 && bestScore >= minLegacyScore {
		text, err := pages[best].enc.NewDecoder().Bytes(raw)
		if err == nil {
			return string(text), pages[best].name, nil
		}
	}
	return "", "", &stages.Reject{Reason: stages.ReasonInvalidUTF8, Detail: fmt.Sprintf("byte %d: invalid UTF-8 and no legacy code page fits", firstInvalid(raw))}
}

func decodeUTF16(raw []byte, order xunicode.Endianness, name string) (string, string, error) {
	if len(raw)%2 != 0 {
		return "", "", &stages.Reject{Reason: stages.ReasonUndecodable, Detail: fmt.Sprintf("%s: odd length %d", name, len(raw))}
	}
	text, err := xunicode.UTF16(order, xunicode.IgnoreBOM).NewDecoder().Bytes(raw)
	if err != nil {
		return "", "", &stages.Reject{Reason: stages.ReasonUndecodable, Detail: fmt.Sprintf("%s: %v", name, err)}
	}
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return "", "", &stages.Reject{Reason: stages.ReasonBinary, Detail: fmt.Sprintf("%s: NUL character at byte %d of the decoded text", name, i)}
	}
	if bytes.Contains(text, []byte("\uFFFD")) {
		return "", "", &stages.Reject{Reason: stages.ReasonUndecodable, Detail: name + ": unpaired surrogate"}
	}
	if off, ok := tooManyControls(text); ok {
		return "", "", &stages.Reject{Reason: stages.ReasonBinary, Detail: fmt.Sprintf("%s: control characters from byte %d", name, off)}
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return "", "", &stages.Reject{Reason: stages.ReasonEmpty, Detail: name + ": white space only"}
	}
	return string(text), name, nil
}

// guessUTF16 recognizes UTF-16 without a byte-order mark: in the text of one
// language, the high bytes of the code units take only a few values (0x00
// for ASCII, 0x06 for Arabic, 0x04 for Cyrillic, 0x0E for Thai), while the
// low bytes vary.
func guessUTF16(raw []byte) (xunicode.Endianness, bool) {
	n := len(raw) &^ 1
	if n > 8192 {
		n = 8192
	}
	if n < 8 {
		return xunicode.LittleEndian, false
	}
	var even, odd [256]int
	for i := 0; i+1 < n; i += 2 {
		even[raw[i]]++
		odd[raw[i+1]]++
	}
	pairs := n / 2
	top2 := func(h *[256]int) int {
		a, b := 0, 0
		for _, c := range h {
			if c > a {
				a, b = c, a
			} else if c > b {
				b = c
			}
		}
		return a + b
	}
	distinct := func(h *[256]int) int {
		d := 0
		for _, c := range h {
			if c > 0 {
				d++
			}
		}
		return d
	}
	// Both tests matter: concentrated high bytes and varied low bytes.
	switch {
	case top2(&odd)*10 >= pairs*9 && distinct(&even) > distinct(&odd)*2 && odd[0] > 0:
		return xunicode.LittleEndian, true
	case top2(&even)*10 >= pairs*9 && distinct(&odd) > distinct(&even)*2 && even[0] > 0:
		return xunicode.BigEndian, true
	}
	return xunicode.LittleEndian, false
}

// tooManyControls reports text where more than 2% of the bytes are C0 control
// characters other than white space: a binary file that happens to have no NUL.
func tooManyControls(b []byte) (int, bool) {
	n, first := 0, -1
	for i, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	return first, n > 0 && n*50 > len(b)
}

func firstInvalid(raw []byte) int {
	off := 0
	for off < len(raw) {
		r, n := utf8.DecodeRune(raw[off:])
		if r == utf8.RuneError && n <= 1 {
			return off
		}
		off += n
	}
	return off
}

// legacyScore rates how much a decoding reads like text: the share of
// non-ASCII runes that are letters (or combining marks) of the dominant
// script inside words written in that one script, times, for cased scripts,
// a factor that favours lower case. The wrong code page gives symbols, mixed
// words ("Sбng" for Vietnamese read as Windows-1251) or upper case where text
// has lower case (KOI8-R read as Windows-1251). Zero when there are too few
// letters to judge.
func legacyScore(s string) float64 {
	scripts := [...]*unicode.RangeTable{unicode.Latin, unicode.Cyrillic, unicode.Arabic, unicode.Thai, unicode.Greek, unicode.Hebrew}
	const other = len(scripts)
	scriptOf := func(r rune) int {
		for i, t := range scripts {
			if unicode.Is(t, r) {
				return i
			}
		}
		return other
	}
	var nonASCII, letters, upper, lower int
	var coherent [other + 1]int
	// Per word: its script (-1 none yet, -2 mixed) and its non-ASCII letters and marks.
	wordScript, wordHigh := -1, 0
	flush := func() {
		if wordScript >= 0 {
			coherent[wordScript] += wordHigh
		}
		wordScript, wordHigh = -1, 0
	}
	for _, r := range s {
		mark := unicode.IsMark(r)
		if !mark && !unicode.IsLetter(r) {
			flush()
			if r >= utf8.RuneSelf {
				nonASCII++
			}
			continue
		}
		if r >= utf8.RuneSelf {
			nonASCII++
			letters++
			wordHigh++
		}
		if mark {
			continue // a combining mark belongs to the letter before it
		}
		if r >= utf8.RuneSelf {
			if unicode.IsUpper(r) {
				upper++
			} else if unicode.IsLower(r) {
				lower++
			}
		}
		switch sc := scriptOf(r); {
		case wordScript == -1:
			wordScript = sc
		case wordScript != sc:
			wordScript = -2
		}
	}
	flush()
	if letters < minLegacyLetters || nonASCII == 0 {
		return 0
	}
	dominant := 0
	for _, c := range coherent[:other] {
		dominant = max(dominant, c)
	}
	score := float64(dominant) / float64(nonASCII)
	if cased := upper + lower; cased > 0 {
		score *= min(1, 1.25*float64(lower)/float64(cased))
	}
	return score
}
