package numbers

// The scanner reads number mentions from an article body in one pass.
//
// Accepted grammar (informal; "ws" is horizontal white space, words come
// from the language's lexicon, digits are any Unicode decimal digits and may
// mix scripts):
//
//	literal   = digits { sep digits }          // sep: , . ' ’ ٬ ٫ ws; checked by grouping rules
//	number    = literal [ ws ] [ scale ]       // "1.5 million", "3万"
//	percent   = number [ ws ] ( "%" | "٪" | "％" | percent-word )
//	ratio     = literal "/" literal            // not a date
//	date      = d "/" m "/" y | d "." m "." y | y "-" m "-" d
//	          | [ day-prefix ] d month [ y ] | month d [ "," ] y | month y
//	          | y year-mark m month-mark [ d day-mark ]          // 2018年10月5日
//	time      = h ":" mm [ ":" ss ]
//	range     = year ( "-" | "–" | "—" ) year | year range-word year
//	code      = literal ( "-" | "/" ) letters { ( "/" | "-" ) alnum }   // 18-QDi/TU, 123/2020/ND-CP
//	ordinal   = literal ordinal-suffix | ordinal-prefix literal | ordinal-words
//	          | roman                          // XVII, next to an ordered noun or prefix
//	phone     = [ "+" ] digits { ( ws | "." | "-" ) digits }    // 9-15 digits, from 0 or +
//	words     = number-word { [ joiner | "-" ] number-word }
//
// Context decides the rest: percent words and prefixes, month names, year
// and era cues, qualifiers just before the number, the counted unit after
// it (or before it), identifier nouns before it, ordinal nouns near it.
//
// Digits glued to letters on the left (H5N1, A4) are not numbers unless the
// letters are a clitic of the language (Arabic و305). Whitespace-delimited
// chunks holding a URL, an e-mail address or a file name are skipped. A
// literal whose separators break the grouping rules is cut before the first
// bad separator. Every branch advances, so any input terminates.

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/statharvest/statharvest/stages"
)

// mention is one number mention before it becomes a stages.Statistic.
type mention struct {
	start, end int
	kind       stages.Kind
	val        float64
	hasVal     bool
	num, den   float64
	rs, re     float64
	date       stages.Date
	unit       string
	qual       stages.Qualifier
	words      bool
	unitEnd    int // end of the unit word, for absorbing a following "first"
}

// Scanner finds number mentions. One Scanner serves one goroutine and is
// reused across articles; its buffers make steady-state scanning
// allocation-free.
type Scanner struct {
	// Immutable inputs, set by Init.
	src string
	l   *Lang
	pub stages.Date
	// Scanning state.
	out        []mention
	lit        literal
	cache      []match // lexicon phrases found in [cLo, cHi)
	hits       []hit
	cLo, cHi   int
	scanLo     int
	cValid     bool
	exLo, exHi int // the last chunk checked by excluded, and its verdict
	exValid    bool
	exRes      bool
	lnLo, lnHi int // the line lineOf found last
	lnValid    bool
	ErrorCount int // malformed literals skipped
}

// Init prepares the scanner for one body.
func (s *Scanner) Init(src string, l *Lang, published stages.Date) {
	s.src, s.l, s.pub = src, l, published
	s.out = s.out[:0]
	s.cache = s.cache[:0]
	s.cValid = false
	s.exValid = false
	s.lnValid = false
	s.ErrorCount = 0
}

// Scan returns the mentions of the body given to Init, in body order. The
// slice is reused by the next Init.
func (s *Scanner) Scan() []mention {
	src := s.src
	n := len(src)
	wordStart := true
	i := 0
	for i < n {
		c := src[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= '0' && c <= '9':
				i = s.number(i)
				wordStart = false
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				if (c == 'h' || c == 'w' || c == 'H' || c == 'W') && isURLStart(src, i) {
					i = chunkEnd(src, i)
					wordStart = false
					continue
				}
				if (wordStart || !s.l.spaced) && s.l.wFirst.has(rune(c)) {
					if j := s.words(i); j > i {
						i = j
						wordStart = false
						continue
					}
				}
				// Skip the word, digits glued to it included (A4, H5N1).
				j := i + 1
				for j < n && isASCIIAlnum(src[j]) {
					j++
				}
				if wordStart && strings.IndexByte("IVXLCDM", c) >= 0 && !wordAt(src, j) {
					s.roman(i, j)
				}
				i = j
				wordStart = false
			default:
				i++
				wordStart = true
			}
			continue
		}
		cl, r, w := s.l.cls.classRune(src, i)
		switch cl {
		case clsSpace, clsOther:
			i += w
			wordStart = true
			continue
		case clsDigit:
			if wordStart || !s.l.spaced || s.cliticBefore(i) {
				i = s.number(i)
			} else {
				i = skipDigits(src, i+w)
			}
			wordStart = false
			continue
		}
		if (wordStart || !s.l.spaced) && s.l.wFirst.has(r) {
			if j := s.words(i); j > i {
				i = j
				wordStart = false
				continue
			}
		}
		i += w
		wordStart = false
	}
	return s.out
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func skipDigits(s string, i int) int {
	for i < len(s) {
		v, w := digitVal(s, i)
		if v < 0 {
			break
		}
		i += w
	}
	return i
}

func isURLStart(s string, i int) bool {
	t := s[i:]
	return hasPrefixFold(t, "http://") || hasPrefixFold(t, "https://") || hasPrefixFold(t, "www.")
}

func hasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

// chunkEnd returns the end of the white-space-delimited chunk at i.
func chunkEnd(s string, i int) int {
	for lim := i + 1024; i < len(s) && i < lim; {
		if spaceAt(s, i) > 0 || s[i] == '\n' || s[i] == '\r' {
			return i
		}
		i++
	}
	return i
}

// chunkStart returns the start of the white-space-delimited chunk holding i.
func chunkStart(s string, i int) int {
	for lim := i - 1024; i > 0 && i > lim; {
		c := s[i-1]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			return i
		}
		if c == 0xA0 && i >= 2 && s[i-2] == 0xC2 {
			return i
		}
		i--
	}
	return i
}

// excluded reports whether the chunk around i is a URL, an e-mail address or
// a file name, and where it ends.
func (s *Scanner) excluded(i int) (bool, int) {
	src := s.src
	if s.exValid && i >= s.exLo && i < s.exHi {
		return s.exRes, s.exHi
	}
	cs, ce := chunkStart(src, i), chunkEnd(src, i)
	s.exLo, s.exHi, s.exValid, s.exRes = cs, ce, true, false
	if i-cs > 512 || ce-i > 512 {
		return false, 0
	}
	ch := src[cs:ce]
	if strings.Contains(ch, "://") || strings.Contains(ch, "@") || hasPrefixFold(ch, "www.") {
		s.exRes = true
		return true, ce
	}
	t := strings.TrimRight(ch, ".,;:)]}»\"'”")
	if dot := strings.LastIndexByte(t, '.'); dot >= 0 && dot < len(t)-1 {
		ext := t[dot+1:]
		for _, e := range s.l.fileExts {
			if strings.EqualFold(ext, e) {
				s.exRes = true
				return true, ce
			}
		}
	}
	return false, 0
}

// cliticBefore reports whether the letters glued before i are one of the
// language's clitics standing at a word start (Arabic "و305").
func (s *Scanner) cliticBefore(i int) bool {
	for _, c := range s.l.clitics {
		st := i - len(c)
		if st >= 0 && s.src[st:i] == c && !wordBefore(s.src, st) {
			return true
		}
	}
	return false
}

// emit appends m unless it overlaps the previous mention or its value is
// not finite.
func (s *Scanner) emit(m mention) {
	for _, f := range [...]float64{m.val, m.num, m.den, m.rs, m.re} {
		if math.IsInf(f, 0) || math.IsNaN(f) {
			s.ErrorCount++
			return
		}
	}
	if m.start >= m.end || m.start < 0 || m.end > len(s.src) {
		return
	}
	if k := len(s.out); k > 0 && s.out[k-1].end > m.start {
		return
	}
	s.out = append(s.out, m)
}

// skipWS returns the first position at or after i that is not white space.
func skipWS(s string, i int) int {
	for i < len(s) {
		w := spaceAt(s, i)
		if w == 0 {
			return i
		}
		i += w
	}
	return i
}

// skipWSBack returns the position after the last non-space byte before i.
func skipWSBack(s string, i int) int {
	for i > 0 {
		switch {
		case s[i-1] == ' ' || s[i-1] == '\t':
			i--
		case i >= 2 && s[i-2] == 0xC2 && s[i-1] == 0xA0:
			i -= 2
		case i >= 3 && s[i-3] == 0xE2 && s[i-2] == 0x80 && (s[i-1] == 0xAF || s[i-1] >= 0x80 && s[i-1] <= 0x8B):
			i -= 3
		default:
			return i
		}
	}
	return i
}
