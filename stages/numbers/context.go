package numbers

import "unicode/utf8"

// Context windows, in bytes, around a number: far enough for a few words in
// any script, short enough to stay within the phrase.
const (
	windowBefore = 96
	windowAfter  = 96
)

// match is a lexicon phrase found in the body.
type match struct {
	start, end int
	e          *entry
}

// at calls fn for every phrase of category cat starting at p, also after a
// clitic glued there ("والأشهر" tries "الأشهر" and "أشهر").
func (s *Scanner) at(p, limit int, cat uint32, fn func(m match) bool) {
	l := s.l
	try := func(q int) bool {
		cont := true
		l.t.each(s.src, q, limit, l.spaced, func(end int, ei int32) bool {
			e := &l.entries[ei]
			if e.cats&cat != 0 {
				cont = fn(match{q, end, e})
				return cont
			}
			return true
		})
		return cont
	}
	if !try(p) {
		return
	}
	for _, c := range l.clitics {
		if q := p + len(c); q < limit && len(s.src) >= q && s.src[p:q] == c {
			if !try(q) {
				return
			}
		}
	}
}

// afterLongest returns the longest phrase of cat starting at p.
func (s *Scanner) afterLongest(p int, cat uint32) (match, bool) {
	best := match{end: -1}
	s.at(p, min(len(s.src), p+windowAfter), cat, func(m match) bool {
		if m.end > best.end {
			best = m
		}
		return true
	})
	return best, best.end >= 0
}

// candidates calls fn for each position in [lo, hi) where a phrase may
// start: word starts, or every rune start where words are not spaced.
func (s *Scanner) candidates(lo, hi int, fn func(q int) bool) {
	src := s.src
	for q := lo; q < hi; {
		c := src[q]
		if c&0xC0 == 0x80 {
			q++
			continue
		}
		if c != ' ' && (!s.l.spaced || !wordBefore(src, q)) {
			if !fn(q) {
				return
			}
		}
		if c < utf8.RuneSelf {
			q++
		} else {
			_, w := utf8.DecodeRuneInString(src[q:])
			q += w
		}
	}
}

// lineStart returns the start of the line holding i, but not before lo.
func (s *Scanner) lineStart(i, lo int) int {
	for i > lo {
		if s.src[i-1] == '\n' {
			return i
		}
		i--
	}
	return lo
}

// adjacentBefore returns the longest phrase of cat that ends just before p
// (only white space between).
func (s *Scanner) adjacentBefore(p int, cat uint32) (match, bool) {
	end := skipWSBack(s.src, p)
	lo := s.lineStart(end, max(0, end-windowBefore))
	best := match{start: -1}
	s.candidates(lo, end, func(q int) bool {
		s.at(q, end, cat, func(m m2) bool {
			if m.end == end {
				best = m
				return false
			}
			return true
		})
		return best.start < 0
	})
	return best, best.start >= 0
}

type m2 = match

// nearBefore returns the phrase of cat ending nearest before p within the
// window, not crossing a line or a clause mark.
func (s *Scanner) nearBefore(p int, cat uint32, window int) (match, bool) {
	lo := s.lineStart(p, max(0, p-window))
	for q := p - 1; q > lo; q-- {
		if isClauseMark(s.src[q]) || s.src[q] >= '0' && s.src[q] <= '9' || s.src[q] == 0xD8 && q+1 < p && (s.src[q+1] == 0x8C || s.src[q+1] == 0x9B) {
			lo = q + 1
			break
		}
	}
	best := match{start: -1}
	s.candidates(lo, p, func(q int) bool {
		s.at(q, p, cat, func(m match) bool {
			if m.end > best.end || best.start < 0 {
				best = m
			}
			return true
		})
		return true
	})
	return best, best.start >= 0
}

// nearAfter returns the first phrase of cat starting within the window after
// p, not crossing a line, a clause mark or another number.
func (s *Scanner) nearAfter(p int, cat uint32, window int) (match, bool) {
	hi := min(len(s.src), p+window)
	for q := p; q < hi; q++ {
		c := s.src[q]
		if c == '\n' || isClauseMark(c) || c >= '0' && c <= '9' || c == '.' && spaceAt(s.src, q+1) > 0 ||
			c == 0xD8 && q+1 < hi && (s.src[q+1] == 0x8C || s.src[q+1] == 0x9B) {
			hi = q
			break
		}
	}
	best := match{start: -1}
	s.candidates(p, hi, func(q int) bool {
		s.at(q, hi, cat, func(m match) bool {
			if best.start < 0 || m.end > best.end {
				best = m
			}
			return true
		})
		return best.start < 0
	})
	return best, best.start >= 0
}

// isClauseMark reports ASCII bytes that end a phrase, plus the lead byte of
// the Arabic comma and semicolon (U+060C, U+061B share 0xD8 with letters, so
// they are checked by the callers' word boundaries instead).
func isClauseMark(c byte) bool {
	switch c {
	case ',', ';', ':', '(', ')', '[', ']', '!', '?', '"', '|':
		return true
	}
	return false
}
