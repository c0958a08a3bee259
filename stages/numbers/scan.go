package numbers

// The scanner reads number mentions from an article body in two steps. One
// pass of the language's automaton over the body indexes every lexicon
// phrase and notes where numbers may start; the mentions are then read at
// those places only, with the phrase index as their context.
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
	"math/bits"
	"slices"
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
	phr        []match          // every lexicon phrase of the body, by word start
	cats       uint32           // the categories of all of phr: a query for another ends at once
	cur        int              // where the last phrase query ended in phr
	ev         []event          // where numbers may start, in body order
	wordEv     []event          // the number words among them, while the pass gathers them
	merged     []event          // the buffer that ev is merged into, swapped with it
	urls       []span           // the URLs the pass met
	streams    [nStreams]stream // the streams of the pass
	to         *stream          // the stream whose outputs are being read
	hits       []hit
	block      block       // what the pass reads and writes per block
	wides      []span      // the wide spaces of the body
	starting   phraseRange // the last answers of startingAt and endingAt
	ending     phraseRange
	exLo, exHi int // the last chunk checked by excluded, and its verdict
	exValid    bool
	exRes      bool
	lnLo, lnHi int // the line lineOf found last
	lnValid    bool
	ErrorCount int     // malformed literals skipped
	ids        statIDs // kept here so that its buffers are reused
}

// Init prepares the scanner for one body.
func (s *Scanner) Init(src string, l *Lang, published stages.Date) {
	s.src, s.l, s.pub = src, l, published
	s.out = s.out[:0]
	s.phr = s.phr[:0]
	s.cats = 0
	s.ev = s.ev[:0]
	s.cur = 0
	s.starting, s.ending = phraseRange{at: -1}, phraseRange{at: -1}
	s.exValid = false
	s.lnValid = false
	s.ErrorCount = 0
}

// Scan returns the mentions of the body given to Init, in body order. The
// slice is reused by the next Init.
//
// One pass over the body indexes every lexicon phrase and notes where a
// number may start; the mentions are then read at those places only, and
// classified with the phrase index as their context.
func (s *Scanner) Scan() []mention {
	s.index()
	src := s.src
	i, resumed := 0, -1
	for _, e := range s.ev {
		if e.pos < i {
			continue
		}
		// Right after a mention the scanner stands inside a word: only
		// ASCII digits, and any number in unspaced text, may start there.
		glued := e.pos == resumed
		switch e.kind {
		case evNumber:
			if glued && src[e.pos] >= utf8.RuneSelf && s.l.spaced && !s.cliticBefore(e.pos) {
				continue
			}
			i = s.number(e.pos)
		case evWords:
			if glued && s.l.spaced {
				continue
			}
			j := s.words(e.pos)
			if j <= e.pos {
				continue
			}
			i = j
		case evRoman:
			if glued {
				continue
			}
			s.roman(e.pos, e.end)
			i = e.end
		}
		// A mention may end inside a run of digits (a literal cut where its
		// grouping broke); the rest is read as the next number.
		for i < len(src) && i > 0 && src[i] >= '0' && src[i] <= '9' && src[i-1] >= '0' && src[i-1] <= '9' {
			i = s.number(i)
		}
		resumed = i
	}
	return s.out
}

// event is a place where the scanner reads: a digit that starts a number,
// a number word, or an ASCII word that may be a Roman numeral ending at end.
type event struct {
	pos, end int
	kind     uint8
}

// Event kinds, in the order the scanner tries them at one place.
const (
	evNumber = iota
	evWords
	evRoman
)

// index makes the one pass over the body that fills s.phr, every lexicon
// phrase by word start, and s.ev, the places where a number may start.
// Digits glued to an ASCII word (A4, H5N1) start no number; digits glued to
// other letters do only behind a clitic (Arabic "و305") or in unspaced
// text. What stands inside a URL is dropped.
func (s *Scanner) index() {
	// The pass is bound by the latency of each table load, so it runs
	// several streams at once over parts of the body. Each part after the
	// first starts after a byte that resets the automaton, where one
	// stream would stand in the same state.
	a := s.l.automaton()
	s.indexWith(a, a.splits(s.src))
}

// nStreams is how many streams the pass interleaves: four hide most of a
// table load's latency without running out of registers.
const nStreams = 4

// indexWith is index with automaton a and stream k reading from starts[k]
// up to the next start; starts never decrease and the first is 0.
//
// The streams advance together, a block of bytes at a time. Each stream's
// block is first copied into a lane of its own, with every wide space
// written as plain spaces, so that the loop over a block reads one byte per
// step, calls nothing and keeps the streams' states in registers. The
// states it passes through are noted, and those that end patterns are
// handled after the block, in order.
func (s *Scanner) indexWith(a *automaton, starts [nStreams]int) {
	src := s.src
	s.urls = s.urls[:0]
	b := &s.block
	var at, end, n [nStreams]int
	var st [nStreams]int32
	s.wides = appendWides(s.wides[:0], src)
	var wides [nStreams][]span                               // the wide spaces ahead of each stream
	adj := uint64(0x8000-a.firstOut) * 0x0001_0001_0001_0001 // see endsPatterns
	for k := range s.streams {
		wides[k] = s.wides
		s.streams[k].reset()
		at[k] = starts[k]
		end[k] = len(src)
		if k+1 < nStreams {
			end[k] = starts[k+1]
		}
	}
	for {
		m := 0 // the longest lane: the others are padded to it
		for k := range b.lanes {
			n[k] = min(end[k]-at[k], blockLen)
			m = max(m, n[k])
		}
		if m == 0 {
			break
		}
		for k := range b.lanes {
			w := wides[k]
			for len(w) > 0 && w[0].end <= at[k] {
				w = w[1:]
			}
			wides[k] = w
			b.fill(k, src, at[k], n[k], m, w)
		}
		for _, j := range a.sweep(b, m, &st, adj) {
			w := b.states[j]
			for hit := endsPatterns(w, adj); hit != 0; hit &= hit - 1 {
				sh := bits.TrailingZeros64(hit) &^ 15
				k := sh >> 4
				if int(j) < n[k] {
					s.outputs(a, at[k]+int(j), int32(uint16(w>>sh)), &s.streams[k])
				}
			}
		}
		for k := range at {
			at[k] += n[k]
		}
	}
	for k := range s.streams {
		s.phr = append(s.phr, s.streams[k].phr...)
		s.ev = append(s.ev, s.streams[k].ev...)
	}
	// The streams found phrases in the order of their ends and events in
	// body order: both lists are close to sorted, so an insertion sort is
	// near linear.
	insertionSort(s.phr, phraseLess)
	if len(s.urls) > 0 {
		// The pass read on through URLs: what it found inside them goes.
		slices.SortFunc(s.urls, byStart)
		s.phr = dropURLs(s.phr, s.urls, func(m match) int { return m.start })
	}
	eventLess := func(x, y event) bool {
		return x.pos < y.pos || x.pos == y.pos && x.kind < y.kind
	}
	insertionSort(s.ev, eventLess)
	// The word events come in the order of the phrases: merged, not sorted
	// in, as each would move back past many.
	s.cats = 0
	words := s.wordEv[:0]
	for _, m := range s.phr {
		s.cats |= m.e.cats
		if m.e.cats&catWord != 0 && (len(words) == 0 || words[len(words)-1].pos != m.wstart) && s.wordStarts(m.wstart) {
			words = append(words, event{pos: m.wstart, kind: evWords})
		}
	}
	s.wordEv = words
	if len(words) > 0 {
		s.merged = mergeSorted(s.merged[:0], s.ev, words, eventLess)
		s.ev, s.merged = s.merged, s.ev
	}
	if len(s.urls) > 0 {
		s.ev = dropURLs(s.ev, s.urls, func(e event) int { return e.pos })
	}
}

// blockLen is how many bytes each stream of the pass reads at a time.
const blockLen = 256

// block is what the pass reads and writes in one block: a lane of bytes
// per stream, and the states after each byte of the lanes, stream k's in
// bits 16k to 16k+15.
type block struct {
	lanes  [nStreams][blockLen]byte
	states [blockLen]uint64
	rows   [blockLen]uint8 // the places where some stream ends patterns
}

// fill copies the n bytes of src at at to lane k, writing the wide spaces
// among wides as as many plain spaces: the automaton reads a run of spaces
// as one. wides are the wide spaces of src from the first that ends after
// at. A stream whose part ends in this block has its lane padded with
// spaces up to m; what the automaton finds there is ignored.
func (b *block) fill(k int, src string, at, n, m int, wides []span) {
	lane := b.lanes[k][:m]
	copy(lane, src[at:at+n])
	for i := n; i < m; i++ {
		lane[i] = ' '
	}
	for _, w := range wides {
		if w.start >= at+n {
			break
		}
		for q := max(w.start, at); q < min(w.end, at+n); q++ {
			lane[q-at] = ' '
		}
	}
}

// span is a stretch of a body.
type span struct{ start, end int }

func byStart(x, y span) int { return x.start - y.start }

// appendWides appends to ws the wide spaces of src, in order.
func appendWides(ws []span, src string) []span {
	for _, lead := range [...]byte{0xC2, 0xE2} {
		for i := 0; ; i++ {
			j := strings.IndexByte(src[i:], lead)
			if j < 0 {
				break
			}
			i += j
			if w := spaceAt(src, i); w > 1 {
				ws = append(ws, span{i, i + w})
			}
		}
	}
	slices.SortFunc(ws, byStart)
	return ws
}

// endsPatterns returns the top bit of each stream's 16 bits in w, the four
// states after one byte, set where that state ends patterns: one from
// firstOut on, where adj holds 0x8000 less firstOut in each 16 bits.
// Adding adj sets a state's top bit when it ends patterns, and carries into
// no neighbour while the states stay below 0x8000: one test tells it for
// all four.
func endsPatterns(w, adj uint64) uint64 {
	return (w + adj) & 0x8000_8000_8000_8000
}

// sweep reads the first m bytes of the lanes of b from the states st,
// noting each state passed in b.states, and returns the places where some
// stream stands in a state that ends patterns (see endsPatterns). The loop
// calls nothing and needs no bounds check on the lanes, so the four states
// stay in registers. The places are gathered without a branch, as one in
// five has a state to report and a branch would often guess wrong; the
// loop waits on its table loads, so the test costs it nothing.
func (a *automaton) sweep(b *block, m int, st *[nStreams]int32, adj uint64) []uint8 {
	s0, s1, s2, s3 := int(st[0]), int(st[1]), int(st[2]), int(st[3])
	delta := a.delta
	n := 0
	for j := range b.lanes[0][:m] {
		s0 = int(delta[s0<<8|int(b.lanes[0][j])])
		s1 = int(delta[s1<<8|int(b.lanes[1][j])])
		s2 = int(delta[s2<<8|int(b.lanes[2][j])])
		s3 = int(delta[s3<<8|int(b.lanes[3][j])])
		w := uint64(s0) | uint64(s1)<<16 | uint64(s2)<<32 | uint64(s3)<<48
		b.states[j] = w
		hit := endsPatterns(w, adj)
		b.rows[n&(blockLen-1)] = uint8(j)
		n += int((hit | -hit) >> 63)
	}
	st[0], st[1], st[2], st[3] = int32(s0), int32(s1), int32(s2), int32(s3)
	return b.rows[:n]
}

// outputs handles the patterns that state st ends at byte i, for stream t.
func (s *Scanner) outputs(a *automaton, i int, st int32, t *stream) {
	src := s.src
	s.to = t
	end := i + 1
	for o := st - a.firstOut; ; {
		p := &a.outs[o]
		start := end - int(p.n)
		if p.space {
			// Most keys with a space stand in the text as written; a
			// longer run of white space, or a key that is not literal,
			// is matched back.
			if key := a.pats[p.pat].key; !p.literal || start < 0 || src[start:end] != key {
				start = matchBack(src, key, end)
			}
		}
		if start >= 0 {
			switch p.kind {
			case patDigit:
				// A number starts at the first digit of a run only. The
				// automaton may report later digits too: a plain one
				// reports each, and an anchored one a four-byte digit.
				if s.classBefore(start) != clsDigit && s.digitStarts(start) {
					t.ev = append(t.ev, event{pos: start, kind: evNumber})
				}
			case patRoman:
				s.romanEvent(start)
			case patURL:
				// The pass reads on; what it finds inside goes later.
				if !inASCIIWord(src, start) {
					s.urls = append(s.urls, span{start, chunkEnd(src, start)})
				}
			case patPhrase:
				s.phrase(start, end, p.entry, p.first)
			case patStem:
				s.stem(start, end, p.entry, p.first)
			}
		}
		if o = p.more; o == 0 {
			return
		}
	}
}

// dropURLs removes from xs, sorted by position, the items that stand
// inside one of urls, sorted by start; URLs may overlap.
func dropURLs[T any](xs []T, urls []span, pos func(T) int) []T {
	out := xs[:0]
	cover, u := 0, 0 // the end of the URLs that start at or before the item
	for _, x := range xs {
		p := pos(x)
		for ; u < len(urls) && urls[u].start <= p; u++ {
			cover = max(cover, urls[u].end)
		}
		if p >= cover {
			out = append(out, x)
		}
	}
	return out
}

// splits returns where each stream of the pass starts: the first at 0, each
// other after the byte nearest to its share of src that resets the
// automaton, or at len(src) when there is none.
func (a *automaton) splits(src string) [nStreams]int {
	var st [nStreams]int
	for k := 1; k < nStreams; k++ {
		st[k] = a.splitNear(src, st[k-1], k*len(src)/nStreams)
	}
	return st
}

// splitNear returns the position after the byte in src[lo:] nearest to h
// that resets the automaton, or len(src).
func (a *automaton) splitNear(src string, lo, h int) int {
	h = max(h, lo)
	for d := 0; h+d < len(src) || h-d > lo; d++ {
		if h+d < len(src) && a.resets[src[h+d]] {
			return h + d + 1
		}
		if h-d-1 >= lo && a.resets[src[h-d-1]] {
			return h - d
		}
	}
	return len(src)
}

// stream is what one stream of the pass has found so far.
type stream struct {
	phr []match
	ev  []event
}

func (t *stream) reset() {
	t.phr, t.ev = t.phr[:0], t.ev[:0]
}

// mergeSorted appends to dst the merge of xs and ys, both sorted by less.
func mergeSorted[T any](dst, xs, ys []T, less func(x, y T) bool) []T {
	for len(xs) > 0 && len(ys) > 0 {
		if less(ys[0], xs[0]) {
			dst, ys = append(dst, ys[0]), ys[1:]
		} else {
			dst, xs = append(dst, xs[0]), xs[1:]
		}
	}
	return append(append(dst, xs...), ys...)
}

// insertionSort sorts xs, which is close to sorted, by less.
func insertionSort[T any](xs []T, less func(x, y T) bool) {
	for k := 1; k < len(xs); k++ {
		x := xs[k]
		h := k
		for h > 0 && less(x, xs[h-1]) {
			xs[h] = xs[h-1]
			h--
		}
		xs[h] = x
	}
}

func phraseLess(x, y match) bool {
	if x.wstart != y.wstart {
		return x.wstart < y.wstart
	}
	if x.start != y.start {
		return x.start < y.start
	}
	return x.end < y.end
}

// classBefore returns the class of the rune that ends at s.src[i], and
// clsSpace at the start of the body.
func (s *Scanner) classBefore(i int) uint8 {
	if i <= 0 {
		return clsSpace
	}
	src := s.src
	c := src[i-1]
	if c < utf8.RuneSelf {
		return s.l.cls[c]
	}
	// Two- and three-byte runes, most letters of these pages, decoded in
	// place; the rest by the UTF-8 package.
	if c&0xC0 == 0x80 && i >= 2 {
		if b := src[i-2]; b >= 0xC2 && b < 0xE0 {
			return s.l.cls[rune(b&0x1F)<<6|rune(c&0x3F)]
		} else if b&0xC0 == 0x80 && i >= 3 {
			if a := src[i-3]; a >= 0xE1 && a < 0xF0 && a != 0xED {
				return s.l.cls[rune(a&0x0F)<<12|rune(b&0x3F)<<6|rune(c&0x3F)]
			}
		}
	}
	_, j := prevRune(src, i)
	cl, _ := s.l.cls.class(src, j)
	return cl
}

// inASCIIWord reports whether i stands inside a word begun by an ASCII
// letter: letters, digits and '_' back to that letter.
func inASCIIWord(s string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		c := s[j]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return true
		case c >= '0' && c <= '9' || c == '_':
		default:
			return false
		}
	}
	return false
}

// digitStarts reports whether a number may start at the digit at i, which
// follows no digit.
func (s *Scanner) digitStarts(i int) bool {
	if s.src[i] < utf8.RuneSelf {
		return !inASCIIWord(s.src, i)
	}
	return s.classBefore(i) != clsLetter || !s.l.spaced || s.cliticBefore(i)
}

// wordStarts reports whether a number word may start at i: at a letter that
// follows white space or a symbol, or any letter of unspaced text.
func (s *Scanner) wordStarts(i int) bool {
	if c, _ := s.l.cls.class(s.src, i); c != clsLetter {
		return false
	}
	if s.src[i] < utf8.RuneSelf && inASCIIWord(s.src, i) {
		return false
	}
	if !s.l.spaced {
		return true
	}
	c := s.classBefore(i)
	return c == clsSpace || c == clsOther
}

// romanEvent notes a capital at i that opens an ASCII word standing alone.
func (s *Scanner) romanEvent(i int) {
	if inASCIIWord(s.src, i) {
		return
	}
	if c := s.classBefore(i); c != clsSpace && c != clsOther {
		return
	}
	j := i + 1
	for j < len(s.src) && isASCIIAlnum(s.src[j]) {
		j++
	}
	if !wordAt(s.src, j) {
		s.to.ev = append(s.to.ev, event{pos: i, end: j, kind: evRoman})
	}
}

// phrase records a key found at [start, end) where a phrase may stand: it
// ends a word (in spaced text), and starts one, directly or behind a clitic
// glued to it. first is the class of the key's first rune.
func (s *Scanner) phrase(start, end int, entry int32, first uint8) {
	l := s.l
	// The end first: a key inside a longer word is the commonest miss.
	if l.spaced && end < len(s.src) {
		if c, _ := l.cls.class(s.src, end); c == clsLetter {
			return
		}
	}
	before := s.classBefore(start)
	if !s.mayOpen(start, before) {
		return
	}
	s.phraseStarts(start, end, &l.entries[entry], before, first)
}

// mayOpen is the quick test before phraseStarts: in spaced text, a key
// glued to a letter that ends no clitic starts no phrase. before is the
// class of the rune before start.
func (s *Scanner) mayOpen(start int, before uint8) bool {
	if !s.l.spaced || start == 0 {
		return true
	}
	return before != clsLetter || len(s.l.cliticsEnding[s.src[start-1]]) > 0
}

// phraseStarts records a key found at [start, end) where a phrase starts:
// at start itself, and at the start of each clitic glued before it.
// before and first are the classes of the runes before start and at it.
func (s *Scanner) phraseStarts(start, end int, e *entry, before, first uint8) {
	l := s.l
	if (first == clsLetter || first == clsOther) && s.mayStart(first, before) {
		s.to.phr = append(s.to.phr, match{wstart: start, start: start, end: end, e: e})
	}
	if start == 0 {
		return
	}
	for _, c := range l.cliticsEnding[s.src[start-1]] {
		ws := start - len(c)
		if ws < 0 || s.src[ws:start] != c {
			continue
		}
		wc, _ := l.cls.class(s.src, ws)
		if wc != clsLetter && wc != clsOther || !s.mayStart(wc, s.classBefore(ws)) {
			continue
		}
		if l.spaced && wc == clsLetter && first != clsLetter {
			continue // in spaced text the phrase goes on with the clitic's word
		}
		s.to.phr = append(s.to.phr, match{wstart: ws, start: start, end: end, e: e})
	}
}

// mayStart reports whether a phrase may start at a rune of class c that
// follows a rune of class before: at a word start, or at any letter of
// unspaced text.
func (s *Scanner) mayStart(c, before uint8) bool {
	return c == clsLetter && !s.l.spaced || before != clsLetter
}

// stem finishes, with the trie, the keys holding a '*' after the stem whose
// trie node is node, found at [start, end); first is as in phrase.
func (s *Scanner) stem(start, end int, node int32, first uint8) {
	l := s.l
	limit := min(len(s.src), start+maxPhrase)
	before := s.classBefore(start)
	if end > limit || !s.mayOpen(start, before) {
		return
	}
	s.hits = l.t.appendStar(s.hits[:0], s.src, node, start, end, limit, l.spaced)
	for _, h := range s.hits {
		s.phraseStarts(start, h.end, &l.entries[h.entry], before, first)
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

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

func hasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

// chunkEnd returns the end of the white-space-delimited chunk at i.
func chunkEnd(s string, i int) int {
	for lim := min(len(s), i+1024); i < lim; i++ {
		// Only these bytes may start white space or a line end.
		c := s[i]
		if c > ' ' && c != 0xC2 && c != 0xE2 {
			continue
		}
		if c == '\n' || c == '\r' || spaceAt(s, i) > 0 {
			return i
		}
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
	cs := chunkStart(src, i)
	ce := chunkEnd(src, i)
	s.exLo, s.exHi, s.exValid, s.exRes = cs, ce, true, false
	if i-cs > 512 || ce-i > 512 {
		return false, 0
	}
	ch := src[cs:ce]
	if strings.Contains(ch, "://") || strings.IndexByte(ch, '@') >= 0 || hasPrefixFold(ch, "www.") {
		s.exRes = true
		return true, ce
	}
	t := trimClosers(ch)
	// Every file extension starts with a letter: "131.548" ends in none.
	if dot := strings.LastIndexByte(t, '.'); dot >= 0 && dot < len(t)-1 && isASCIILetter(t[dot+1]) {
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

// trimClosers cuts from the end of ch the punctuation that may close a
// sentence or a quote after a file name: . , ; : ) ] } » " ' ”
func trimClosers(ch string) string {
	for len(ch) > 0 {
		switch c := ch[len(ch)-1]; {
		case strings.IndexByte(".,;:)]}\"'", c) >= 0:
			ch = ch[:len(ch)-1]
		case strings.HasSuffix(ch, "»"):
			ch = ch[:len(ch)-len("»")]
		case strings.HasSuffix(ch, "”"):
			ch = ch[:len(ch)-len("”")]
		default:
			return ch
		}
	}
	return ch
}

// cliticBefore reports whether the letters glued before i are one of the
// language's clitics standing at a word start (Arabic "و305").
func (s *Scanner) cliticBefore(i int) bool {
	if i == 0 {
		return false
	}
	for _, c := range s.l.cliticsEnding[s.src[i-1]] {
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
