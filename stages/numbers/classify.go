package numbers

import (
	"math"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/statharvest/statharvest/stages"
)

// plainAt reads a run of digits at i and returns its value, digit count and end.
func plainAt(s string, i int) (v float64, n, end int) {
	end = i
	for end < len(s) {
		d, w := digitVal(s, end)
		if d < 0 {
			break
		}
		v = v*10 + float64(d)
		n++
		end += w
	}
	return v, n, end
}

func isYear(v float64, ndig int) bool { return ndig == 4 && v >= 1000 && v <= 2999 }

// bareYear is a number that reads as a year with no other cue.
func bareYear(nv numVal) bool { return nv.plain && nv.ndig == 4 && nv.v >= 1900 && nv.v <= 2100 }

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 0 || d > 31 {
		return false
	}
	if d == 0 || y == 0 {
		return true
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

// implicitYear resolves a date without a year against the article's date:
// the latest year that does not put the date more than a month after it.
func (s *Scanner) implicitYear(m, d int) int {
	if s.pub.IsZero() {
		return 0
	}
	y := s.pub.Year
	if s.pub.Month != 0 && m > int(s.pub.Month)+1 {
		y--
	}
	if d == 29 && m == 2 && !validDate(y, 2, 29) {
		return 0
	}
	return y
}

func dashAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	if s[i] == '-' {
		return 1
	}
	if i+2 < len(s) && s[i] == 0xE2 && s[i+1] == 0x80 && (s[i+2] == 0x93 || s[i+2] == 0x94) { // – —
		return 3
	}
	return 0
}

func isLatinLetter(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r == 'Đ' || r == 'đ'
}

// codeEnd reads a document code's tail after the number: letters, then
// groups joined by '/' or '-' (18-QDi/TU, 123/2020/ND-CP). It returns the
// end, the first letter run and whether it holds an upper-case letter.
func codeEnd(s string, i int) (end int, head string, ok bool) {
	j := i
	upper := false
	headStart, headEnd := -1, -1
	for {
		if j >= len(s) || (s[j] != '-' && s[j] != '/') {
			break
		}
		k := j + 1
		st := k
		for k < len(s) {
			if isLatinLetter(s, k) {
				if s[k] >= 'A' && s[k] <= 'Z' || s[k] == 0xC4 {
					upper = true
				}
				_, w := utf8.DecodeRuneInString(s[k:])
				k += w
				continue
			}
			if s[k] >= '0' && s[k] <= '9' {
				k++
				continue
			}
			break
		}
		if k == st {
			break
		}
		if headStart < 0 && isLatinLetter(s, st) {
			headStart = st
			headEnd = st
			for headEnd < k && isLatinLetter(s, headEnd) {
				_, w := utf8.DecodeRuneInString(s[headEnd:])
				headEnd += w
			}
		}
		j = k
	}
	if headStart < 0 || !upper || isLatinLetter(s, j) {
		return i, "", false
	}
	return j, s[headStart:headEnd], true
}

// number scans the literal starting at i and everything it combines with;
// it returns where scanning resumes (always > i).
func (s *Scanner) number(i int) int {
	src := s.src
	if ex, end := s.excluded(i); ex {
		return max(end, i+1)
	}
	if s.l.spaced && wordBefore(src, i) && !s.cliticBefore(i) {
		return max(skipDigits(src, i), i+1)
	}
	if i > 1 && dashAt(src, i-1) == 1 && isLatinLetter(src, i-2) && !s.hasOrdPrefix(i) {
		// A number hyphenated to a Latin word (img-2915, COVID-19) names something.
		return max(skipDigits(src, i), i+1)
	}
	if end, ok := s.phone(i); ok {
		return end
	}
	lexLiteral(src, i, &s.lit)
	lit := &s.lit
	// Day-first dotted dates: 05.10.2018.
	if lit.ng >= 3 && lit.sep[0] == sepDot && lit.sep[1] == sepDot && lit.g[0].n <= 2 && lit.g[1].n <= 2 && (lit.g[2].n == 4 || lit.g[2].n == 2) {
		d := int(digitsValue(src, lit.g[0].start, lit.g[0].end, 0))
		m := int(digitsValue(src, lit.g[1].start, lit.g[1].end, 0))
		y := int(digitsValue(src, lit.g[2].start, lit.g[2].end, 0))
		if lit.g[2].n == 2 {
			y += 2000
		}
		if validDate(y, m, d) && d > 0 {
			s.emit(mention{start: i, end: lit.g[2].end, kind: stages.KindDate, date: stages.Date{Year: y, Month: time.Month(m), Day: d}})
			return lit.g[2].end
		}
	}
	var nv numVal
	for ng := lit.ng; ng >= 1; ng-- {
		var ok bool
		if nv, ok = interpret(src, lit, ng, s.l); ok {
			if ng < lit.ng {
				s.ErrorCount++ // separators broke the grouping rules: cut
			}
			break
		}
	}
	if end, ok := s.compound(i, nv); ok {
		return end
	}
	m := s.classify(i, nv)
	if m.kind == stages.KindCount && m.val == 0 && m.unit == "" && nv.plain {
		// A bare zero counts nothing; on news pages it is a widget counter.
		return max(m.end, i+1)
	}
	s.emit(m)
	return max(m.end, nv.end, i+1)
}

// compound handles the shapes made of several literals: time, ratio,
// numeric dates, year ranges and document codes.
func (s *Scanner) compound(i int, nv numVal) (int, bool) {
	src := s.src
	e := nv.end
	if e >= len(src) || !nv.plain {
		return 0, false
	}
	a := nv.v
	switch {
	case src[e] == ':' && nv.ndig <= 2 && a < 24:
		mm, n, end := plainAt(src, e+1)
		if n == 2 && mm < 60 {
			if end < len(src) && src[end] == ':' {
				if _, n2, end2 := plainAt(src, end+1); n2 == 2 {
					end = end2
				}
			}
			s.emit(mention{start: i, end: end, kind: stages.KindTime})
			return end, true
		}
	case src[e] == '/':
		b, nb, e2 := plainAt(src, e+1)
		if nb == 0 {
			if end, head, ok := codeEnd(src, e); ok {
				s.emitCode(i, end, a, head)
				return end, true
			}
			return 0, false
		}
		if e2 < len(src) && src[e2] == '/' {
			c, nc, e3 := plainAt(src, e2+1)
			if nc > 0 {
				if end, head, ok := codeEnd(src, e3); ok {
					s.emitCode(i, end, a, head)
					return end, true
				}
				y := int(c)
				if nc == 2 {
					y += 2000
				}
				if (nc == 4 || nc == 2) && validDate(y, int(b), int(a)) && a > 0 {
					s.emit(mention{start: i, end: e3, kind: stages.KindDate, date: stages.Date{Year: y, Month: time.Month(int(b)), Day: int(a)}})
					return e3, true
				}
				return 0, false
			}
		}
		if end, head, ok := codeEnd(src, e2); ok {
			s.emitCode(i, end, a, head)
			return end, true
		}
		if isYear(b, nb) && nv.ndig <= 2 && a >= 1 && a <= 12 {
			s.emit(mention{start: i, end: e2, kind: stages.KindDate, date: stages.Date{Year: int(b), Month: time.Month(int(a))}})
			return e2, true
		}
		start := i
		dp, dpOK := s.adjacentBefore(i, catDayPrefix)
		if !dpOK {
			if _, ok := s.adjacentBefore(i, catTimeOfDay); ok {
				dp, dpOK = match{start: i}, true
			}
		}
		if dpOK && nv.ndig <= 2 && nb <= 2 && validDate(2000, int(b), int(a)) && a > 0 {
			m := mention{start: dp.start, end: e2, kind: stages.KindDate}
			m.date = stages.Date{Year: s.implicitYear(int(b), int(a)), Month: time.Month(int(b)), Day: int(a)}
			s.emit(m)
			return e2, true
		}
		if b > 0 {
			m := mention{start: start, end: e2, kind: stages.KindRatio, val: a / b, hasVal: true, num: a, den: b}
			m.unit, _, m.unitEnd = s.unitFor(start, e2, false)
			if q, ok := s.adjacentBefore(start, catQual); ok {
				m.qual = q.e.qual
			}
			s.emit(m)
			return e2, true
		}
	default:
		// ISO and day-first hyphenated dates, year ranges, codes.
		if src[e] == '-' {
			if b, nb, e2 := plainAt(src, e+1); nb > 0 && e2 < len(src) && src[e2] == '-' {
				c, nc, e3 := plainAt(src, e2+1)
				if nv.ndig == 4 && nb == 2 && nc == 2 && validDate(int(a), int(b), int(c)) && c > 0 {
					s.emit(mention{start: i, end: e3, kind: stages.KindDate, date: stages.Date{Year: int(a), Month: time.Month(int(b)), Day: int(c)}})
					return e3, true
				}
				if nv.ndig <= 2 && nb <= 2 && nc == 4 && validDate(int(c), int(b), int(a)) && a > 0 {
					s.emit(mention{start: i, end: e3, kind: stages.KindDate, date: stages.Date{Year: int(c), Month: time.Month(int(b)), Day: int(a)}})
					return e3, true
				}
			}
		}
		if isYear(a, nv.ndig) {
			p := e
			if w := dashAt(src, skipWS(src, p)); w > 0 {
				q := skipWS(src, skipWS(src, p)+w)
				if b, nb, e2 := plainAt(src, q); isYear(b, nb) && b > a && b-a <= 100 && (!s.l.spaced || !wordAt(src, e2)) {
					s.emit(mention{start: i, end: e2, kind: stages.KindYearRange, rs: a, re: b})
					return e2, true
				}
			}
		}
		if src[e] == '-' && isLatinLetter(src, e+1) {
			if end, head, ok := codeEnd(src, e); ok {
				s.emitCode(i, end, a, head)
				return end, true
			}
		}
	}
	return 0, false
}

func (s *Scanner) emitCode(i, end int, v float64, head string) {
	m := mention{start: i, end: end, kind: stages.KindIdentifier, val: v, hasVal: true}
	if t, ok := s.l.docCodes[head]; ok {
		m.unit = t
	} else if id, ok := s.adjacentBefore(i, catIdent); ok {
		m.unit = id.e.ident
	}
	s.emit(m)
}

// classify assigns kind, unit and qualifier to a single number at [i, nv.end).
func (s *Scanner) classify(i int, nv numVal) mention {
	m := s.classifyKind(i, nv)
	if m.kind != stages.KindDate && m.kind != stages.KindYear && m.kind != stages.KindYearRange {
		s.qualify(&m)
	}
	return m
}

func (s *Scanner) classifyKind(i int, nv numVal) mention {
	src := s.src
	m := mention{start: i, end: nv.end, val: nv.v, hasVal: true}
	e := nv.end
	after := skipWS(src, e)
	// Glued ordinal suffix: 16th, 4-го, 1er.
	if sm, ok := s.afterLongest(e, catOrdSuffix); ok {
		if dm, ok := s.dateAround(i, numVal{end: sm.end, v: nv.v, plain: nv.plain}, false); ok {
			return dm
		}
		m.kind = stages.KindOrdinal
		m.end = sm.end
		m.unit = s.ordUnit(i, sm.end, false)
		return m
	}
	// CJK year/month/day markers.
	if dm, ok := s.dateMarkers(i, nv); ok {
		return dm
	}
	if pm, ok := s.afterLongest(after, catPercent); ok && (after == e || pm.start == after) {
		m.kind = stages.KindPercent
		m.unit = "percent"
		if r, _ := utf8.DecodeRuneInString(src[pm.start:]); !isWordRune(r) {
			m.end = pm.end
		}
		return m
	}
	if _, ok := s.adjacentBefore(i, catPercentBefore); ok {
		m.kind = stages.KindPercent
		m.unit = "percent"
		return m
	}
	if era, ok := s.adjacentBefore(i, catEra); ok && nv.plain {
		m.kind = stages.KindYear
		m.val = nv.v + float64(era.e.era)
		return m
	}
	if dm, ok := s.dateAround(i, nv, false); ok {
		return dm
	}
	if s.l.ordDot && nv.plain && nv.v < 1000 {
		if unit, ok := s.dottedOrdinal(e); ok {
			m.kind, m.unit, m.end = stages.KindOrdinal, unit, e+1
			return m
		}
	}
	if isYear(nv.v, nv.ndig) && nv.plain {
		if rt, ok := s.afterLongest(after, catRangeTo); ok {
			q := skipWS(src, rt.end)
			if b, nb, e2 := plainAt(src, q); isYear(b, nb) && b > nv.v && b-nv.v <= 100 && !wordAt(src, e2) {
				m.kind = stages.KindYearRange
				m.hasVal = false
				m.rs, m.re = nv.v, b
				m.end = e2
				return m
			}
		}
		_, yb := s.adjacentBefore(i, catYearBefore)
		_, ya := s.afterLongest(after, catYearAfter)
		um, counted := s.afterLongest(after, catUnit)
		counted = counted && um.start == after && um.e.unitKind != stages.KindDuration
		if ya || yb && !counted {
			m.kind = stages.KindYear
			return m
		}
	}
	if ob, ok := s.adjacentBefore(i, catOrdBefore); ok {
		m.kind = stages.KindOrdinal
		m.unit = s.ordUnit(ob.start, e, true)
		return m
	}
	if s.modelNear(i, e) {
		m.kind = stages.KindIdentifier
		m.unit = "model"
		return m
	}
	um, adjUnit := s.afterLongest(after, catUnit)
	adjUnit = adjUnit && um.start == after
	if nv.plain && !adjUnit {
		if u, ok := s.identBefore(i); ok {
			m.kind = stages.KindIdentifier
			m.unit = u
			return m
		}
	}
	// Scale words: "1.5 million", "3万".
	for k := 0; k < 3; k++ {
		sc, ok := s.afterLongest(skipWS(src, e), catWord)
		if !ok || sc.e.wkind != wScale || sc.start != skipWS(src, e) {
			break
		}
		m.val *= math.Pow10(sc.e.exp) // "62.8 พันล้าน" = 62.8 × 10³ × 10⁶
		m.end = sc.end
		e = sc.end
		nv.plain = false
	}
	unit, kind, uend := s.unitFor(i, e, bareYear(nv))
	if bareYear(nv) && (unit == "" || kind == stages.KindDuration) {
		m.kind = stages.KindYear
		return m
	}
	m.unit, m.unitEnd, m.kind = unit, uend, kind
	return m
}

// unitFor finds the counted thing for a number at [i, e): a unit after it,
// else a unit before it; a classifier after it loses to a unit before.
// With strict set, only a unit directly after counts. It returns the unit,
// its kind and where it ends (0 for a unit before).
func (s *Scanner) unitFor(i, e int, strict bool) (string, stages.Kind, int) {
	after := skipWS(s.src, e)
	if q, ok := s.afterLongest(after, catQualAfter); ok && q.start == after {
		after = skipWS(s.src, q.end) // "300多人", "100여 명": the unit follows the hedge
	}
	var um match
	var ok bool
	if s.l.spaced && !strict {
		um, ok = s.nearAfter(after, catUnit|catClassifier, windowAfter)
	} else {
		um, ok = s.afterLongest(after, catUnit|catClassifier)
		ok = ok && um.start <= after+8
	}
	adjacent := ok && um.start <= after+8
	if adjacent && um.e.cats&catUnit != 0 {
		return um.e.unit, um.e.unitKind, um.end
	}
	var bm match
	var bok bool
	if s.l.spaced {
		bm, bok = s.adjacentBefore(i, catUnitBefore)
	} else {
		bm, bok = s.nearBefore(i, catUnitBefore, 60)
	}
	if bok && !strict {
		return bm.e.unitBefore, bm.e.unitBeforeKind, 0
	}
	if ok && um.e.cats&catUnit != 0 {
		return um.e.unit, um.e.unitKind, um.end
	}
	if ok {
		return um.e.classifier, um.e.classifierKind, um.end
	}
	return "", stages.KindCount, 0 // a bare number counts
}

// ordUnit finds what an ordinal at [i, e) orders: the nearest ordinal-unit
// phrase before or after it.
// With before set (the ordinal had a prefix such as "lần thứ", "ครั้งที่"),
// the ordered noun comes before the prefix when there is one.
// dottedOrdinal reads the dot at e as an ordinal mark ("16. Parteitag",
// "16. ordentlichen Parteitag") when an ordered noun follows it directly or
// after one lowercase word; otherwise the dot ends a sentence ("im Jahr
// 2020. Der Parteitag ...").
func (s *Scanner) dottedOrdinal(e int) (string, bool) {
	src := s.src
	if e >= len(src) || src[e] != '.' || spaceAt(src, e+1) == 0 {
		return "", false
	}
	q := skipWS(src, e+1)
	for words := 0; words < 2 && q < len(src); words++ {
		if ou, ok := s.afterLongest(q, catOrdUnit); ok && ou.start == q {
			return ou.e.ordUnit, true
		}
		r, _ := utf8.DecodeRuneInString(src[q:])
		if !unicode.IsLower(r) {
			break
		}
		q = wordEnd(src, q)
		if spaceAt(src, q) == 0 {
			break
		}
		q = skipWS(src, q)
	}
	return "", false
}

func (s *Scanner) ordUnit(i, e int, before bool) string {
	b, bok := s.nearBefore(i, catOrdUnit, 120)
	a, aok := s.nearAfter(skipWS(s.src, e), catOrdUnit, 72)
	if before && bok {
		return b.e.ordUnit
	}
	switch {
	case aok && bok:
		if a.start-e <= i-b.end {
			return a.e.ordUnit
		}
		return b.e.ordUnit
	case aok:
		return a.e.ordUnit
	case bok:
		return b.e.ordUnit
	}
	return ""
}

// identBefore reports a noun that a number names ("Project 16", "القرية 19",
// "Directive No. 5"): an identifier phrase just before, optionally followed
// by a number marker.
func (s *Scanner) identBefore(i int) (string, bool) {
	p := i
	marker := false
	if mk, ok := s.adjacentBefore(i, catMarker); ok {
		p = mk.start
		marker = true
	}
	if id, ok := s.adjacentBefore(p, catIdent); ok {
		return id.e.ident, true
	}
	return "", marker
}

// modelNear reports a "good" word right by the number: the "4 good" models
// name a standard rather than count ("4 ดี", "4 tốt", "الأربع الجيدة").
func (s *Scanner) modelNear(i, e int) bool {
	if s.cats&catModel == 0 {
		return false
	}
	after := skipWS(s.src, e)
	if s.l.spaced {
		// Up to three words after the number. The phrase is found first:
		// most numbers have none near, and then no word needs reading.
		if m, ok := s.nearAfter(after, catModel, windowAfter); ok && s.withinWords(after, m.wstart, 3) {
			return true
		}
	} else if mm, ok := s.afterLongest(after, catModel); ok && mm.start == after {
		return true
	}
	_, ok := s.adjacentBefore(i, catModel)
	return ok
}

// withinWords reports whether q stands within the first n words from p,
// counting the white space after each.
func (s *Scanner) withinWords(p, q, n int) bool {
	for k := 0; k < n && p <= q && p < len(s.src); k++ {
		p = skipWS(s.src, wordEnd(s.src, p))
	}
	return q < p
}

// dateAround reads a date built around a number at [i, nv.end) with month
// names: "5 أكتوبر 2018", "29 февраля", "วันที่ 2 มิถุนายน", "ديسمبر 2022",
// "October 5, 2018", "ngày 5 tháng 10 năm 2018".
func (s *Scanner) dateAround(i int, nv numVal, words bool) (mention, bool) {
	src := s.src
	e := nv.end
	after := skipWS(src, e)
	if e < len(src) && src[e] == '.' && spaceAt(src, e+1) > 0 {
		after = skipWS(src, e+1) // "5. Oktober"
	}
	v := nv.v
	isDay := nv.plain && v >= 1 && v <= 31 && v == math.Trunc(v)
	if isDay {
		month, mend := 0, 0
		if mm, ok := s.afterLongest(after, catMonth); ok && mm.start == after {
			month, mend = mm.e.month, mm.end
		} else if mp, ok := s.afterLongest(after, catMonthPrefix); ok && mp.start == after {
			mv, n, e2 := plainAt(src, skipWS(src, mp.end))
			if n > 0 && n <= 2 && mv >= 1 && mv <= 12 {
				month, mend = int(mv), e2
			}
		}
		if month > 0 {
			start := i
			if dp, ok := s.adjacentBefore(i, catDayPrefix); ok {
				start = dp.start
			}
			end := mend
			y := 0
			q := skipWS(src, mend)
			if q < len(src) && (src[q] == ',' || src[q] == '/') {
				q = skipWS(src, q+1)
			}
			if yb, ok := s.afterLongest(q, catYearBefore); ok && yb.start == q {
				q = skipWS(src, yb.end)
			}
			if yv, n, e2 := plainAt(src, q); isYear(yv, n) && !wordAt(src, e2) {
				y, end = int(yv), e2
			}
			if y == 0 {
				y = s.implicitYear(month, int(v))
			}
			if validDate(y, month, int(v)) || y == 0 {
				return mention{start: start, end: end, kind: stages.KindDate, words: words,
					date: stages.Date{Year: y, Month: time.Month(month), Day: int(v)}}, true
			}
		}
	}
	if words {
		return mention{}, false
	}
	// Month name before the number.
	mb, ok := s.adjacentBefore(i, catMonth)
	if !ok {
		if mp, ok2 := s.adjacentBefore(i, catMonthPrefix); ok2 && nv.plain && v >= 1 && v <= 12 {
			// "tháng 10 năm 2018", "tháng 10/2018"
			q := skipWS(src, e)
			if q < len(src) && src[q] == '/' {
				q++
			} else if yb, ok := s.afterLongest(q, catYearBefore); ok && yb.start == q {
				q = skipWS(src, yb.end)
			} else {
				q = -1
			}
			if q >= 0 {
				if yv, n, e2 := plainAt(src, q); isYear(yv, n) {
					return mention{start: mp.start, end: e2, kind: stages.KindDate, date: stages.Date{Year: int(yv), Month: time.Month(int(v))}}, true
				}
			}
		}
		return mention{}, false
	}
	if isYear(v, nv.ndig) && nv.plain {
		return mention{start: mb.start, end: e, kind: stages.KindDate, date: stages.Date{Year: int(v), Month: time.Month(mb.e.month)}}, true
	}
	if isDay {
		end := e
		y := 0
		q := skipWS(src, e)
		if q < len(src) && src[q] == ',' {
			q = skipWS(src, q+1)
		}
		if yv, n, e2 := plainAt(src, q); isYear(yv, n) && !wordAt(src, e2) {
			y, end = int(yv), e2
		} else {
			y = s.implicitYear(mb.e.month, int(v))
		}
		if validDate(y, mb.e.month, int(v)) || y == 0 {
			return mention{start: mb.start, end: end, kind: stages.KindDate, date: stages.Date{Year: y, Month: time.Month(mb.e.month), Day: int(v)}}, true
		}
	}
	return mention{}, false
}

// dateMarkers reads CJK-style dates whose parts carry glued markers:
// 2018年10月5日, 10月5日, 2018년 10월 5일.
func (s *Scanner) dateMarkers(i int, nv numVal) (mention, bool) {
	if !nv.plain || s.cats&(catDateYear|catDateMonth) == 0 {
		return mention{}, false
	}
	src := s.src
	part := func(p int, cat uint32) (float64, int, int, bool) {
		v, n, e := plainAt(src, p)
		if n == 0 {
			return 0, 0, 0, false
		}
		mk, ok := s.afterLongest(skipWS(src, e), cat)
		if !ok || mk.start != skipWS(src, e) {
			return 0, 0, 0, false
		}
		return v, n, mk.end, true
	}
	y, m, d := 0, 0, 0
	p := i
	end := i
	if v, n, e, ok := part(p, catDateYear); ok && n == 4 {
		y, end = int(v), e
		p = skipWS(src, e)
	}
	if v, n, e, ok := part(p, catDateMonth); ok && n <= 2 && v >= 1 && v <= 12 {
		m, end = int(v), e
		p = skipWS(src, e)
		if v, n, e, ok := part(p, catDateDay); ok && n <= 2 && v >= 1 && v <= 31 {
			d, end = int(v), e
		}
	}
	switch {
	case m > 0:
		if y == 0 {
			y = s.implicitYear(m, d)
		}
		if !validDate(y, m, d) && y != 0 {
			return mention{}, false
		}
		return mention{start: i, end: end, kind: stages.KindDate, date: stages.Date{Year: y, Month: time.Month(m), Day: d}}, true
	case y > 0:
		return mention{start: i, end: end, kind: stages.KindYear, val: float64(y), hasVal: true}, true
	}
	return mention{}, false
}

// phone reads a telephone number: nine or more digits in groups joined by
// spaces, dots or hyphens, starting with 0 or after a '+' (0912 345 678,
// +84 912.345.678). It names a line rather than measuring anything.
func (s *Scanner) phone(i int) (int, bool) {
	src := s.src
	plus := i > 0 && src[i-1] == '+'
	if !plus && src[i] != '0' {
		return 0, false
	}
	n, j, end := 0, i, i
	for j < len(src) && n < 16 {
		if src[j] >= '0' && src[j] <= '9' {
			n++
			j++
			end = j
			continue
		}
		if (src[j] == ' ' || src[j] == '.' || src[j] == '-') && j+1 < len(src) && src[j+1] >= '0' && src[j+1] <= '9' {
			j++
			continue
		}
		break
	}
	if n < 9 || n > 15 || wordAt(src, end) {
		return 0, false
	}
	start := i
	if plus {
		start = i - 1
	}
	s.emit(mention{start: start, end: end, kind: stages.KindIdentifier, unit: "phone"})
	return end, true
}

func (s *Scanner) hasOrdPrefix(i int) bool {
	_, ok := s.adjacentBefore(i, catOrdBefore)
	return ok
}
