package numbers

import (
	"math"
	"strings"

	"github.com/statharvest/statharvest/stages"
)

// bestWord returns the number word at p: the longest, and of equal ends the
// one starting first (a clitic glued before it is not part of it).
func (s *Scanner) bestWord(p int) (match, bool) {
	best := match{start: -1, end: -1}
	for k := s.from(p); k < len(s.phr) && s.phr[k].wstart == p; k++ {
		if m := s.phr[k]; m.e.cats&catWord != 0 && (m.end > best.end || m.end == best.end && m.start < best.start) {
			best = m
		}
	}
	return best, best.end > 0
}

// words reads number words at i ("نود و پنجمین", "двадцать пять",
// "สองล้าน", "السادس عشر") and classifies them. It returns where scanning
// resumes, or i when no number word starts there.
func (s *Scanner) words(i int) int {
	src := s.src
	if !s.wordHere(i) {
		return i
	}
	if end, ok := s.loneWeak(i); ok {
		return end
	}
	first, ok := s.bestWord(i)
	if !ok {
		return i
	}
	var total, cur, last float64
	lastScale := 0 // exponent of the last word when it was a scale
	ord := false
	weak := true
	n := 0
	start, end := first.start, first.end
	p := i
	for {
		wm, ok := s.bestWord(p)
		if !ok || (n > 0 && wm.start != p) {
			break
		}
		e := wm.e
		if e.wkind == wScale {
			if n > 0 && lastScale != 0 && e.exp <= lastScale {
				break
			}
			if n > 0 && ord {
				break
			}
			if e.exp < 3 {
				cur = math.Max(cur, 1) * math.Pow10(e.exp)
			} else {
				total += math.Max(cur, 1) * math.Pow10(e.exp)
				cur = 0
			}
			lastScale = e.exp
			weak = false
		} else {
			v := e.val
			if n > 0 && !merges(ord, last, lastScale, v) {
				break
			}
			cur += v
			last = v
			lastScale = 0
			if e.wkind == wOrd {
				ord = true
			}
			if e.wkind != wWeak {
				weak = false
			}
		}
		n++
		end = wm.end
		// Next word: after white space, a hyphen, or a joiner ("و", "and").
		q := skipWS(src, end)
		if q < len(src) && src[q] == '-' {
			q++
		}
		if jm, ok := s.afterLongest(q, catJoiner); ok && jm.start == q {
			if nm, ok := s.bestWord(skipWS(src, jm.end)); ok && nm.start == skipWS(src, jm.end) {
				q = nm.start
			}
		}
		p = q
		if p >= len(src) {
			break
		}
	}
	val := total + cur
	if n == 1 && lastScale != 0 {
		// A scale word alone ("Tỷ lệ", rate) is not a number.
		return end
	}
	if n > 1 {
		weak = false
	}
	if !s.l.spaced && n == 1 && !ord {
		// A lone word in unspaced text may be part of a longer word.
		weak = true
	}
	ob, hasOrdPrefix := s.adjacentBefore(start, catOrdBefore)
	if hasOrdPrefix {
		ord, weak = true, false // 第十七届
	}
	m := mention{start: start, end: end, val: val, hasVal: true, words: true}
	after := skipWS(src, end)
	// An ordinal next to a number belongs to it: "первые 3 года", "۹ ماه اول".
	if ord {
		if after < len(src) {
			if d, _ := digitVal(src, after); d >= 0 {
				return end
			}
			if nm, ok := s.bestWord(after); ok && nm.start == after {
				return end
			}
		}
		if k := len(s.out); k > 0 && s.out[k-1].unitEnd > 0 && skipWS(src, s.out[k-1].unitEnd) == start {
			return end
		}
	}
	if dm, ok := s.dateAround(start, numVal{end: end, v: val, plain: true}, true); ok && val >= 1 && val <= 31 {
		s.emit(dm)
		return max(dm.end, end)
	}
	_, pb := s.adjacentBefore(start, catPercentBefore)
	if pm, ok := s.afterLongest(after, catPercent); pb || ok && pm.start == after {
		m.kind = stages.KindPercent
		m.unit = "percent"
		s.qualify(&m)
		s.emit(m)
		return end
	}
	if ord {
		m.kind = stages.KindOrdinal
		if hasOrdPrefix {
			m.unit = s.ordUnit(ob.start, end, true)
		} else {
			m.unit = s.ordUnit(start, end, false)
		}
		if m.unit == "" && s.listItem(start, end) {
			m.unit = "item"
		}
		s.emit(m)
		return end
	}
	if s.modelNear(start, end) {
		m.kind = stages.KindIdentifier
		m.unit = "model"
		s.emit(m)
		return end
	}
	partitive := ""
	if n == 1 && val == 1 {
		partitive = s.partitiveUnit(end) // "one of 4 villages", "واحدة من 4 قرى"
	}
	if weak && partitive == "" {
		// Articles ("یک", "un", "ein") and lone words in unspaced text count
		// only inside a compound, with a percent sign or as "one of N".
		return end
	}
	unit, kind, uend := s.unitFor(start, end, false)
	if unit == "" {
		unit, kind = partitive, s.l.unitKinds[partitive]
	}
	if unit == "" && n == 1 {
		// A lone cardinal word with nothing counted is too often another
		// word ("tư nhân", private; "one of"): keep it only with a unit.
		return end
	}
	m.unit, m.unitEnd, m.kind = unit, uend, kind
	s.qualify(&m)
	s.emit(m)
	return end
}

// partitiveUnit returns the unit of "one of N units" for the word "one"
// ending at end: a partitive word, then a number in digits with its unit.
func (s *Scanner) partitiveUnit(end int) string {
	src := s.src
	pe := s.partitiveEnd(skipWS(src, end))
	if pe < 0 {
		return ""
	}
	q := skipWS(src, pe)
	if q >= len(src) {
		return "" // "one of" ends the body
	}
	if d, _ := digitVal(src, q); d < 0 {
		return ""
	}
	e := skipDigits(src, q)
	if wordAt(src, e) {
		return ""
	}
	unit, _, _ := s.unitFor(q, e, true)
	return unit
}

// qualify reads the hedge of m: a phrase just before it ("more than 100"),
// else one right after the number or after its unit ("100명 이상",
// "3000人左右", "300多人").
func (s *Scanner) qualify(m *mention) {
	if q, ok := s.adjacentBefore(m.start, catQual); ok {
		m.qual = q.e.qual
		return
	}
	for _, p := range [...]int{m.end, m.unitEnd} {
		if p <= 0 {
			continue
		}
		p = skipWS(s.src, p)
		if q, ok := s.afterLongest(p, catQualAfter); ok && q.start == p {
			m.qual = q.e.qual
			return
		}
	}
}

// listItem reports an ordinal opening a line and followed by a comma, colon
// or parenthesis: a list marker ("Second, ...", "دوم، ...").
func (s *Scanner) listItem(start, end int) bool {
	ls := s.lineStart(start, 0)
	if skipWS(s.src, ls) != start || end >= len(s.src) {
		return false
	}
	switch s.src[end] {
	case ',', ':', ')', '.':
		return true
	case 0xD8: // U+060C Arabic comma
		return end+1 < len(s.src) && s.src[end+1] == 0x8C
	}
	return false
}

// merges reports whether a number word of value v continues a compound
// whose last word was last (or a scale of power lastScale): "ninety five",
// "hundred five", and the additive teens "السادس عشر" (6 + 10).
func merges(ord bool, last float64, lastScale int, v float64) bool {
	teen := v == 10 && last >= 1 && last < 10 && lastScale == 0
	if ord {
		return teen
	}
	switch {
	case lastScale != 0:
		return v < math.Pow10(lastScale)
	case last >= 20 && last < 100 && math.Mod(last, 10) == 0:
		return v >= 1 && v < 10
	}
	return teen
}

// wordHere reports whether a number word starts at i, directly or after a
// clitic.
func (s *Scanner) wordHere(i int) bool {
	for k := s.from(i); k < len(s.phr) && s.phr[k].wstart == i; k++ {
		if s.phr[k].e.cats&catWord != 0 {
			return true
		}
	}
	return false
}

// loneWeak is the early exit for the commonest number words, which count
// nothing on their own: an article ("un", "ein", "یک") or a single numeral
// inside unspaced text ("สาม" in "สามารถ"). It reports the word's end when
// the word stands alone, with no number word after it and no ordinal
// prefix before it.
func (s *Scanner) loneWeak(i int) (int, bool) {
	l := s.l
	end, weak := -1, false
	for k := s.from(i); k < len(s.phr) && s.phr[k].wstart == i; k++ {
		m := s.phr[k]
		if m.start == i && m.e.cats&catWord != 0 && m.end > end {
			end = m.end
			weak = m.e.wkind == wWeak || !l.spaced && m.e.wkind == wCard
		}
	}
	if end < 0 || !weak {
		return 0, false
	}
	q := skipWS(s.src, end)
	if q < len(s.src) && (s.src[q] == '-' || s.wordHere(q)) {
		return 0, false
	}
	if q < len(s.src) {
		if c, _ := l.cls.class(s.src, q); c == clsOther || c == clsDigit {
			return 0, false // a percent sign or a number may follow
		}
	}
	for _, p := range l.ordBefore {
		if strings.HasSuffix(strings.TrimRight(s.src[:i], " "), p) {
			return 0, false
		}
	}
	if s.partitiveEnd(q) >= 0 {
		return 0, false // "one of 5 communes" counts
	}
	return end, true
}

// partitiveEnd returns the end of the longest partitive word starting at p
// ("of", "من", "из"), or -1.
func (s *Scanner) partitiveEnd(p int) int {
	end := -1
	for k := s.from(p); k < len(s.phr) && s.phr[k].wstart == p; k++ {
		if m := s.phr[k]; m.start == p && m.e.cats&catPartitive != 0 && m.end > end {
			end = m.end
		}
	}
	return end
}
