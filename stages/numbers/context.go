package numbers

import "strings"

// Context windows, in bytes, around a number: far enough for a few words in
// any script, short enough to stay within the phrase.
const (
	windowBefore   = 96
	windowAfter    = 96
	adjacentWindow = 64 // the longest phrase that may stand right before a number
)

// match is a lexicon phrase found in the body. wstart is where its word
// starts, start where the phrase starts after any clitic glued to it.
type match struct {
	wstart, start, end int
	e                  *entry
}

// maxPhrase bounds, in bytes, how far a phrase may run from where it starts.
const maxPhrase = 128

// from returns the index of the first phrase whose word starts at or after
// p. Queries come from around the mention being classified, so the search
// walks from where the last one ended.
func (s *Scanner) from(p int) int {
	k := s.cur
	for k > 0 && s.phr[k-1].wstart >= p {
		k--
	}
	for k < len(s.phr) && s.phr[k].wstart < p {
		k++
	}
	s.cur = k
	return k
}

// afterLongest returns the longest phrase of cat whose word starts at p.
func (s *Scanner) afterLongest(p int, cat uint32) (match, bool) {
	best := match{end: -1}
	if s.cats&cat == 0 {
		return best, false
	}
	r := s.startingAt(p)
	if r.cats&cat == 0 {
		return best, false
	}
	for _, m := range s.phr[r.lo:r.hi] {
		if m.e.cats&cat != 0 && m.end > best.end {
			best = m
		}
	}
	return best, best.end >= 0
}

// phraseRange is a run of s.phr that one kind of query reads, and the
// categories of the phrases in it that the query may return.
type phraseRange struct {
	at, lo, hi int
	cats       uint32
}

// startingAt returns the phrases whose word starts at p. Classifying a
// number asks this of the same place for many categories, so the last
// answer is kept: most queries end at the categories' test.
func (s *Scanner) startingAt(p int) phraseRange {
	if r := s.starting; r.at == p {
		return r
	}
	r := phraseRange{at: p, lo: s.from(p)}
	for r.hi = r.lo; r.hi < len(s.phr) && s.phr[r.hi].wstart == p; r.hi++ {
		r.cats |= s.phr[r.hi].e.cats
	}
	s.starting = r
	return r
}

// endingAt returns the phrases that may end just before p (only white
// space between), with the categories of those that do; kept like
// startingAt.
func (s *Scanner) endingAt(p int) phraseRange {
	if r := s.ending; r.at == p {
		return r
	}
	end := skipWSBack(s.src, p)
	lo := s.lineStart(end, max(0, end-adjacentWindow))
	r := phraseRange{at: p, lo: s.from(lo)}
	for r.hi = r.lo; r.hi < len(s.phr) && s.phr[r.hi].wstart < end; r.hi++ {
		if m := s.phr[r.hi]; m.end == end {
			r.cats |= m.e.cats
		}
	}
	s.ending = r
	return r
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
	var lo int
	if s.lnValid && i > s.lnHi {
		// Forward from the line last found, with the fast forward search.
		lo = s.lnHi + 1
		for {
			j := strings.IndexByte(s.src[lo:i], '\n')
			if j < 0 {
				break
			}
			lo += j + 1
		}
	} else {
		lo = strings.LastIndexByte(s.src[:i], '\n') + 1
	}
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
	best := match{start: -1}
	if s.cats&cat == 0 {
		return best, false
	}
	r := s.endingAt(p)
	if r.cats&cat == 0 {
		return best, false
	}
	end := skipWSBack(s.src, p)
	for _, m := range s.phr[r.lo:r.hi] {
		if m.end == end && m.e.cats&cat != 0 && (best.start < 0 || m.start < best.start) {
			best = m
		}
	}
	return best, best.start >= 0
}

// nearBefore returns the phrase of cat ending nearest before p within the
// window, not crossing a line, a clause mark or a number.
func (s *Scanner) nearBefore(p int, cat uint32, window int) (match, bool) {
	if s.cats&cat == 0 {
		return match{}, false
	}
	lo := s.lineStart(p, max(0, p-window))
	for q := p - 1; q > lo; q-- {
		if isClauseMark(s.src[q]) || s.src[q] >= '0' && s.src[q] <= '9' || s.src[q] == 0xD8 && q+1 < p && (s.src[q+1] == 0x8C || s.src[q+1] == 0x9B) {
			lo = q + 1
			break
		}
	}
	best := match{start: -1}
	for k := s.from(lo); k < len(s.phr) && s.phr[k].wstart < p; k++ {
		if m := s.phr[k]; m.end <= p && m.e.cats&cat != 0 && (best.start < 0 || m.end > best.end) {
			best = m
		}
	}
	return best, best.start >= 0
}

// nearAfter returns the first phrase of cat starting within the window after
// p, not crossing a line, a clause mark, a sentence end or another number.
// The phrase is found first: only the bytes up to it need checking.
func (s *Scanner) nearAfter(p int, cat uint32, window int) (match, bool) {
	if s.cats&cat == 0 {
		return match{}, false
	}
	hi := min(len(s.src), p+window)
	best := match{start: -1}
	for k := s.from(p); k < len(s.phr) && s.phr[k].wstart < hi; k++ {
		m := s.phr[k]
		if best.start >= 0 && m.wstart > best.wstart {
			break
		}
		if m.e.cats&cat != 0 && (best.start < 0 || m.end > best.end) {
			best = m
		}
	}
	if best.start < 0 || s.barrier(p, best.wstart+1, hi) {
		return match{}, false
	}
	return best, true
}

// barrier reports whether a line end, a clause mark, a sentence end or a
// digit stands in s.src[p:q]; a mark's second byte may lie up to hi.
func (s *Scanner) barrier(p, q, hi int) bool {
	src := s.src
	for ; p < q; p++ {
		c := src[p]
		if c == '\n' || isClauseMark(c) || c >= '0' && c <= '9' || c == '.' && spaceAt(src, p+1) > 0 ||
			c == 0xD8 && p+1 < hi && (src[p+1] == 0x8C || src[p+1] == 0x9B) {
			return true
		}
	}
	return false
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
