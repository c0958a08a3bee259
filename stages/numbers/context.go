package numbers

import "strings"

// Context windows, in bytes, around a number: far enough for a few words in
// any script, short enough to stay within the phrase.
const (
	windowBefore   = 96
	windowAfter    = 96
	adjacentWindow = 64 // the longest phrase that may stand right before a number
	// The context cache primed for each number; queries reaching further
	// prime again.
	primeBefore = 64
	primeAfter  = 48
)

// match is a lexicon phrase found in the body. wstart is where its word
// starts, start where the phrase starts after any clitic glued to it.
type match struct {
	wstart, start, end int
	e                  *entry
}

// prime collects every lexicon phrase that starts in [lo, hi) into the
// scanner's context cache, unless the cache already covers the range. All
// context queries for one number then filter this short list instead of
// walking the trie again.
func (s *Scanner) prime(lo, hi int) {
	src := s.src
	lo, hi = max(0, lo), min(len(src), hi)
	if s.cValid && lo >= s.cLo && hi <= s.cHi {
		return
	}
	hi = min(len(src), hi+16)
	if s.cValid && hi >= s.cLo && lo <= s.cHi {
		// Overlap: scan only what is missing on either side.
		if lo < s.cLo {
			s.scanRange(lo, s.cLo)
			s.cLo = s.scanLo
		}
		if hi > s.cHi {
			s.scanRange(s.cHi, hi)
			s.cHi = hi
		}
		return
	}
	s.cache = s.cache[:0]
	s.scanRange(lo, hi)
	s.cLo, s.cHi, s.cValid = s.scanLo, hi, true
}

// scanRange collects the phrases starting in [lo, hi); scanLo is lo moved
// back to a rune start.
func (s *Scanner) scanRange(lo, hi int) {
	src := s.src
	for lo > 0 && lo < len(src) && src[lo]&0xC0 == 0x80 {
		lo--
	}
	s.scanLo = lo
	l := s.l
	prevWord := lo > 0 && wordBefore(src, lo)
	limit := min(len(src), hi+64)
	for q := lo; q < hi; {
		cl, r, w := l.cls.classRune(src, q)
		if (!l.spaced || !prevWord) && l.tFirst.has(r) {
			s.collect(q, q, limit)
			for n, j := int32(0), q; j < limit-1; j++ {
				if n = l.ct.step(n, src[j]); n == 0 {
					break
				}
				if l.ct.nodes[n].entry >= 0 {
					s.collect(q, j+1, limit)
				}
			}
		}
		prevWord = cl == clsLetter
		q += w
	}
}

func (s *Scanner) collect(ws, q, limit int) {
	l := s.l
	if !l.tf.may(s.src, q) {
		return
	}
	s.hits = l.t.appendMatches(s.hits[:0], s.src, q, limit, l.spaced)
	for _, h := range s.hits {
		s.cache = append(s.cache, match{wstart: ws, start: q, end: h.end, e: &l.entries[h.entry]})
	}
}

// afterLongest returns the longest phrase of cat whose word starts at p.
func (s *Scanner) afterLongest(p int, cat uint32) (match, bool) {
	s.prime(p, p+1)
	best := match{end: -1}
	for _, m := range s.cache {
		if m.wstart == p && m.e.cats&cat != 0 && m.end > best.end {
			best = m
		}
	}
	return best, best.end >= 0
}

// lineStart returns the start of the line holding i, but not before lo.
func (s *Scanner) lineStart(i, lo int) int {
	if i <= lo {
		return lo
	}
	return max(lo, s.lineOf(i))
}

// lineOf returns the start of the line holding i (a '\n' at i ends that
// line). Queries come from around the scan position, which moves forward,
// so the line last found is kept: each line is searched about once.
func (s *Scanner) lineOf(i int) int {
	if s.lnValid && i >= s.lnLo && i <= s.lnHi {
		return s.lnLo
	}
	lo := strings.LastIndexByte(s.src[:i], '\n') + 1
	hi := strings.IndexByte(s.src[i:], '\n')
	if hi < 0 {
		hi = len(s.src)
	} else {
		hi += i
	}
	s.lnLo, s.lnHi, s.lnValid = lo, hi, true
	return lo
}

// adjacentBefore returns the longest phrase of cat that ends just before p
// (only white space between).
func (s *Scanner) adjacentBefore(p int, cat uint32) (match, bool) {
	end := skipWSBack(s.src, p)
	lo := s.lineStart(end, max(0, end-adjacentWindow))
	s.prime(lo, end)
	best := match{start: -1}
	for _, m := range s.cache {
		if m.end == end && m.wstart >= lo && m.e.cats&cat != 0 && (best.start < 0 || m.start < best.start) {
			best = m
		}
	}
	return best, best.start >= 0
}

// nearBefore returns the phrase of cat ending nearest before p within the
// window, not crossing a line, a clause mark or a number.
func (s *Scanner) nearBefore(p int, cat uint32, window int) (match, bool) {
	lo := s.lineStart(p, max(0, p-window))
	for q := p - 1; q > lo; q-- {
		if isClauseMark(s.src[q]) || s.src[q] >= '0' && s.src[q] <= '9' || s.src[q] == 0xD8 && q+1 < p && (s.src[q+1] == 0x8C || s.src[q+1] == 0x9B) {
			lo = q + 1
			break
		}
	}
	s.prime(lo, p)
	best := match{start: -1}
	for _, m := range s.cache {
		if m.wstart >= lo && m.end <= p && m.e.cats&cat != 0 && (best.start < 0 || m.end > best.end) {
			best = m
		}
	}
	return best, best.start >= 0
}

// nearAfter returns the first phrase of cat starting within the window after
// p, not crossing a line, a clause mark, a sentence end or another number.
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
	s.prime(p, hi)
	best := match{start: -1}
	for _, m := range s.cache {
		if m.wstart >= p && m.wstart < hi && m.e.cats&cat != 0 &&
			(best.start < 0 || m.wstart < best.wstart || m.wstart == best.wstart && m.end > best.end) {
			best = m
		}
	}
	return best, best.start >= 0
}

// isClauseMark reports ASCII bytes that end a phrase. The Arabic comma and
// semicolon (U+060C, U+061B) are checked by the callers.
func isClauseMark(c byte) bool {
	switch c {
	case ',', ';', ':', '(', ')', '[', ']', '!', '?', '"', '|':
		return true
	}
	return false
}
