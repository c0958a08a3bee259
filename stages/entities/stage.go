// Package entities finds the organizations an article names (party
// committees, boards, people's councils, ...) and gives each a canonical
// identity: type, level, place and an English name, with an org_id that is
// the same in every language and every run.
//
// How a mention is read, for every language alike:
//
//  1. The body is folded (lower case, no diacritics, Arabic-script variants
//     unified) and cut into tokens: lexicon items (head nouns, cues, levels,
//     board functions, gazetteer places), unknown words, stops and commas.
//     Places written in a script the gazetteer does not list are found by a
//     phonetic key (keys.go).
//  2. Items close to each other form a phrase; a stop, a long gap, or an
//     "and" that does not join two levels ends it.
//  3. In a phrase each head noun takes the modifiers next to it: the ones
//     after it, or before it where the language puts modifiers first (data:
//     `pre`). Consecutive heads are a chain of ownership ("Organization
//     Board" of "Provincial Party Committee"), resolved owner first.
//  4. Type, level and place follow from the head kind and its cues; what the
//     phrase does not say comes from the owner, then from the article (the
//     province or district it names most, its source URL, its dateline).
package entities

import (
	"context"
	"io/fs"
	"math"
	"net/url"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/statharvest/statharvest/stages"
)

// Stage is the entities stage. It holds only immutable tables.
type Stage struct {
	lx *Lexicon
	// Folded text and token buffers, reused across articles; each Find
	// takes its own.
	scratch sync.Pool
}

// scratch is the per-article working memory of Find.
type scratch struct {
	t    text
	toks []token
}

// maxScratch is the largest folded body, in runes, whose buffers go back to
// the pool: a rare huge page should not pin its buffers.
const maxScratch = 1 << 20

// New compiles the entity lexicons and the gazetteer from the data tree.
func New(fsys fs.FS) (*Stage, error) {
	lx, err := loadLexicon(fsys)
	if err != nil {
		return nil, err
	}
	return &Stage{lx: lx}, nil
}

// Gazetteer returns the compiled gazetteer.
func (s *Stage) Gazetteer() *Gazetteer { return s.lx.gaz }

// Process fills a.Orgs.
func (s *Stage) Process(ctx context.Context, a *stages.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.Orgs = s.Find(a)
	return nil
}

// Find returns the organization mentions of an article in text order.
func (s *Stage) Find(a *stages.Article) []stages.OrgMention {
	if a.Body == "" || len(a.Body) > math.MaxInt32 {
		// Offsets are kept as int32; ingest rejects bodies this large anyway.
		return nil
	}
	sc, _ := s.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer func() {
		if cap(sc.t.f) <= maxScratch && cap(sc.toks) <= maxScratch {
			s.scratch.Put(sc)
		}
	}()
	t := &sc.t
	s.lx.foldText(a.Body, t)
	l := s.lx.langs[a.Lang]
	var toks []token
	if l == nil {
		l, toks = s.guessLang(t)
	} else {
		if sc.toks == nil {
			sc.toks = make([]token, 0, len(t.f)/4+16) // about one token per word
		}
		toks = s.tokenize(l, t, sc.toks[:0])
		sc.toks = toks
	}
	if l == nil {
		return nil
	}
	r := &reader{s: s, l: l, t: t, body: a.Body, toks: toks}
	r.findPlaces()
	r.articlePlaces(a)
	r.phrases()
	return r.out
}

// guessLang picks, for an article without a language, the table of the
// body's script that finds the most head nouns.
func (s *Stage) guessLang(t *text) (*lang, []token) {
	counts := map[*unicode.RangeTable]int{}
	for i, r := range t.f {
		if i > 4000 {
			break
		}
		if unicode.IsLetter(r) {
			for _, code := range s.lx.order {
				if rt := s.lx.langs[code].script; unicode.Is(rt, r) {
					counts[rt]++
					break
				}
			}
		}
	}
	var best *unicode.RangeTable
	for _, code := range s.lx.order {
		rt := s.lx.langs[code].script
		if best == nil || counts[rt] > counts[best] {
			best = rt
		}
	}
	var bl *lang
	var btoks []token
	bh := -1
	for _, code := range s.lx.order {
		l := s.lx.langs[code]
		if l.script != best {
			continue
		}
		toks := s.tokenize(l, t, nil)
		h := 0
		for _, tk := range toks {
			if tk.kind == tItem && tk.e >= 0 && l.entries[tk.e].kind != kPlace {
				h++
			}
		}
		if h > bh {
			bl, btoks, bh = l, toks, h
		}
	}
	return bl, btoks
}

type tokKind uint8

const (
	tWord tokKind = iota
	tItem
	tStop
	tSoft
	tOpen
	tClose
	tGone // merged into a neighbour
)

// token is a span [start, end) of folded runes.
type token struct {
	kind       tokKind
	start, end int
	e          int32 // entry index for items, -1 for a place found by key
	place      int32 // gazetteer index for places, -1 otherwise
	coord      bool  // a level reached across "and" or a comma
}

func (s *Stage) tokenize(l *lang, t *text, toks []token) []token {
	f := t.f
	n := len(f)
	if toks == nil {
		toks = make([]token, 0, n/4+16) // about one token per word
	}
	bound := l.spaces && !l.stems
	for i := 0; i < n; {
		r := f[i]
		c := s.lx.class(r)
		switch {
		case r == '\n' || r == '\r' || c&cStop != 0:
			toks = append(toks, token{kind: tStop, start: i, end: i + 1, place: -1})
			i++
			continue
		case c&cSoft != 0:
			toks = append(toks, token{kind: tSoft, start: i, end: i + 1, place: -1})
			i++
			continue
		case r == '(' || r == '[' || r == '（':
			toks = append(toks, token{kind: tOpen, start: i, end: i + 1, place: -1})
			i++
			continue
		case r == ')' || r == ']' || r == '）':
			toks = append(toks, token{kind: tClose, start: i, end: i + 1, place: -1})
			i++
			continue
		case r == ' ':
			if l.spaceStop {
				toks = append(toks, token{kind: tStop, start: i, end: i + 1, place: -1})
			}
			i++
			continue
		case c&cWord == 0:
			i++
			continue
		}
		e, end := l.trie.longest(f, i, bound)
		from := i // where the surface starts: after a fused clitic
		if l.spaces {
			for _, rw := range l.rewrites {
				if hasPrefixAt(f, i, rw[0]) && i+len(rw[0]) < n {
					if e2, end2 := l.trie.longestAfter(rw[1], f, i+len(rw[0]), bound); end2 > end {
						// "للجنة" is ل + (ا)لجنة: the surface keeps the second ل.
						e, end, from = e2, end2, i+len(rw[0])-len(rw[1])+1
					}
				}
			}
			for _, p := range l.prefixes {
				if hasPrefixAt(f, i, p) && i+len(p) < n {
					// A clitic leaves at least two letters of word behind.
					if e2, end2 := l.trie.longest(f, i+len(p), bound); end2 > end && end2-(i+len(p)) >= 2 {
						e, end, from = e2, end2, i+len(p)
					}
				}
			}
		}
		if e >= 0 {
			if l.spaces {
				for end < n && s.lx.class(f[end])&cWord != 0 {
					end++
				}
			}
			pl := int32(-1)
			if l.entries[e].kind == kPlace {
				pl = int32(l.entries[e].place)
			}
			toks = append(toks, token{kind: tItem, start: max(from, i), end: end, e: e, place: pl})
			i = end
			continue
		}
		j := i + 1
		if l.spaces {
			for j < n && s.lx.class(f[j])&cWord != 0 {
				j++
			}
		}
		if !l.spaces {
			// Unknown runes of one script run form one word.
			if k := len(toks) - 1; k >= 0 && toks[k].kind == tWord && toks[k].end == i &&
				s.lx.keys.scriptOf(f[i]) == s.lx.keys.scriptOf(f[i-1]) {
				toks[k].end = j
				i = j
				continue
			}
		}
		toks = append(toks, token{kind: tWord, start: i, end: j, place: -1})
		i = j
	}
	return toks
}

func hasPrefixAt(f []rune, i int, p []rune) bool {
	if i+len(p) > len(f) {
		return false
	}
	for k, r := range p {
		if f[i+k] != r {
			return false
		}
	}
	return true
}

// reader holds the per-article state of one Find call.
type reader struct {
	s    *Stage
	l    *lang
	t    *text
	body string
	toks []token
	out  []stages.OrgMention

	provVotes map[int]int
	distVotes map[int]int
	firstSeen map[int]int

	province     string
	provinceRule string
	district     string
	districtRule string
	keybuf       []byte
	orgs         map[orgKey]stages.Organization
	heads        []head
	pos          []int
	finebuf      []byte
}

func (r *reader) entry(tk token) *entry {
	if tk.kind != tItem || tk.e < 0 {
		return nil
	}
	return &r.l.entries[tk.e]
}

func (r *reader) isCue(i int, cue string) bool {
	if i < 0 || i >= len(r.toks) {
		return false
	}
	e := r.entry(r.toks[i])
	return e != nil && e.kind == kCue && e.cue == cue
}

// findPlaces turns runs of unknown words into places by phonetic key, drops
// places that follow a personal title ("comrade Lam Dong" is a person), and
// counts the province and district votes.
func (r *reader) findPlaces() {
	g := r.s.lx.gaz
	toks := r.toks
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != tWord {
			continue
		}
		sk := r.s.lx.keys.scriptOf(r.t.f[toks[i].start])
		if sk == nil || sk == g.latin {
			continue
		}
		if !r.l.spaces && !sk.runs {
			// Unspaced text has no word edges; only a run right after
			// "district"/"commune" is known to be a name.
			if lv := r.afterNameLevel(i); lv != "" {
				if p, _ := r.keyedRun(toks[i], sk, lv); p >= 0 {
					toks[i].kind, toks[i].e, toks[i].place = tItem, -1, p
				}
			}
			continue
		}
		if p, span := r.keyedPlace(toks, i, sk); p >= 0 {
			toks[i] = token{kind: tItem, start: toks[i].start, end: toks[i+span-1].end, e: -1, place: p}
			for k := i + 1; k < i+span; k++ {
				toks[k].kind = tGone
			}
		}
	}
	r.toks = toks
	r.provVotes, r.distVotes, r.firstSeen = map[int]int{}, map[int]int{}, map[int]int{}
	prev := -1
	for i := range toks {
		tk := &toks[i]
		if tk.kind == tGone {
			continue
		}
		if tk.kind == tItem && tk.place >= 0 {
			if prev >= 0 && r.isCue(prev, "title") {
				tk.kind, tk.place = tWord, -1
				prev = i
				continue
			}
			p := g.places[tk.place]
			pi := int(tk.place)
			if p.Kind == "district" {
				r.distVotes[pi]++
				if _, ok := r.firstSeen[pi]; !ok {
					r.firstSeen[pi] = i
				}
				pi = g.byName[p.Province]
			}
			r.provVotes[pi]++
			if _, ok := r.firstSeen[pi]; !ok {
				r.firstSeen[pi] = i
			}
		}
		prev = i
	}
}

// keyedRun returns the place of the given level ("district" takes
// districts, any other provinces) that an unspaced run of 3 to 12 letters
// spells whole, and where it ends. A prefix of a longer run is not tried:
// without vowels written for every syllable, too many words would match.
func (r *reader) keyedRun(tk token, sk *scriptKeys, level string) (int32, int) {
	g := r.s.lx.gaz
	if n := tk.end - tk.start; n < 3 || n > 12 {
		return -1, 0
	}
	w := r.t.f[tk.start:tk.end]
	r.keybuf = sk.appendKey(r.keybuf[:0], w, false)
	vs := g.byKey[string(r.keybuf)]
	if len(vs) == 0 {
		return -1, 0
	}
	r.finebuf = sk.appendKey(r.finebuf[:0], w, true)
	if !hasVowelClass(r.finebuf) {
		return -1, 0
	}
	for _, vi := range vs {
		p := g.vars[vi].place
		if (g.places[p].Kind == "district") == (level != "province") && vowelsFit(r.finebuf, g.vars[vi].fine) {
			return p, tk.end
		}
	}
	return -1, 0
}

// afterNameLevel returns the level of the word before toks[i] when names
// come after it ("อำเภอ" + name), else "".
func (r *reader) afterNameLevel(i int) string {
	if i == 0 {
		return ""
	}
	if e := r.entry(r.toks[i-1]); e != nil && e.kind == kLevel && e.names {
		return e.level
	}
	return ""
}

// capitalAt reports whether toks[i] is an unknown capitalized word.
func (r *reader) capitalAt(toks []token, i int) bool {
	if i < 0 || i >= len(toks) || toks[i].kind != tWord {
		return false
	}
	c, _ := utf8.DecodeRuneInString(r.body[int(r.t.off[toks[i].start]):])
	return unicode.IsUpper(c)
}

// keyedPlace returns the place whose phonetic key the words from toks[i]
// spell (the longest of up to three words) and how many words it took, or
// -1. Every word must hold a vowel letter, the vowels must fit the place's
// spelling, and an uncased script must write one word per syllable; in a
// cased script a longer run of capitalized words is a person's name.
func (r *reader) keyedPlace(toks []token, i int, sk *scriptKeys) (int32, int) {
	g := r.s.lx.gaz
	if sk.cased && r.capitalAt(toks, i-1) {
		return -1, 0
	}
	r.keybuf = r.keybuf[:0]
	r.finebuf = r.finebuf[:0]
	best, bestSpan := int32(-1), 0
	runes := 0
	for span := 1; span <= 3 && i+span <= len(toks); span++ {
		tk := toks[i+span-1]
		if tk.kind != tWord || (span > 1 && toks[i+span-2].end+1 < tk.start) || !r.nameWord(tk, sk) {
			break
		}
		w := r.t.f[tk.start:tk.end]
		digit := false
		for _, c := range w {
			if unicode.IsDigit(c) {
				digit = true
			}
		}
		if digit {
			break
		}
		runes += len(w)
		n := len(r.finebuf)
		r.finebuf = sk.appendKey(r.finebuf, w, true)
		if len(sk.vowels) > 0 && !hasVowelClass(r.finebuf[n:]) {
			break
		}
		r.keybuf = sk.appendKey(r.keybuf, w, false)
		if !g.keyPrefix[string(r.keybuf)] {
			break
		}
		if !r.l.spaces && span > 1 {
			break
		}
		if runes < 4 || (sk.cased && r.capitalAt(toks, i+span)) {
			continue
		}
		for _, vi := range g.byKey[string(r.keybuf)] {
			v := &g.vars[vi]
			if span > v.sylls || (!sk.cased && r.l.spaces && span != v.sylls) {
				continue
			}
			if vowelsFit(r.finebuf, v.fine) {
				best, bestSpan = v.place, span
				break
			}
		}
	}
	return best, bestSpan
}

func hasVowelClass(b []byte) bool {
	for _, c := range b {
		if c == 'A' || c == 'I' || c == 'U' {
			return true
		}
	}
	return false
}

// nameWord reports whether an unknown word may be part of a place name.
func (r *reader) nameWord(tk token, sk *scriptKeys) bool {
	w := r.t.f[tk.start:tk.end]
	for _, p := range r.l.nameRej {
		if hasPrefixAt(w, 0, p) {
			return false
		}
	}
	if sk.cased {
		c, _ := utf8.DecodeRuneInString(r.body[int(r.t.off[tk.start]):])
		if !unicode.IsUpper(c) {
			return false
		}
	}
	return true
}

// articlePlaces decides the article's province and district: the one the
// text names most, helped by the provincial newspaper of the source URL and
// of the dateline; with no place in the text, the URL, then the dateline.
func (r *reader) articlePlaces(a *stages.Article) {
	g := r.s.lx.gaz
	urlP, dlP := -1, -1
	if u, err := url.Parse(strings.TrimSpace(a.SourceURL)); err == nil && u.Host != "" {
		if i, ok := g.provinceOfHost(u.Host); ok {
			urlP = i
		}
	}
	r.abbreviations(&dlP)
	best, bestScore := -1, 0
	for p, v := range r.provVotes {
		sc := 4 * v
		if p == urlP {
			sc += 2
		}
		if p == dlP {
			sc += 2
		}
		if sc > bestScore || (sc == bestScore && r.firstSeen[p] < r.firstSeen[best]) {
			best, bestScore = p, sc
		}
	}
	switch {
	case best >= 0:
		r.province, r.provinceRule = g.places[best].Name, "article"
	case urlP >= 0:
		r.province, r.provinceRule = g.places[urlP].Name, "source_url"
	case dlP >= 0:
		r.province, r.provinceRule = g.places[dlP].Name, "dateline"
	}
	best, bestScore = -1, 0
	for d, v := range r.distVotes {
		if r.province != "" && g.places[d].Province != r.province {
			continue
		}
		if v > bestScore || (v == bestScore && r.firstSeen[d] < r.firstSeen[best]) {
			best, bestScore = d, v
		}
	}
	if best >= 0 {
		r.district, r.districtRule = g.places[best].Name, "article"
	}
}

// abbreviations finds newspaper abbreviations ("BHG" = Bao Ha Giang): each
// is a mention of the newspaper, and the first one near the top of the body
// is the dateline.
func (r *reader) abbreviations(dateline *int) {
	g := r.s.lx.gaz
	for _, tk := range r.toks {
		if tk.kind != tWord || tk.end-tk.start < 2 || tk.end-tk.start > 5 {
			continue
		}
		bs, be := int(r.t.off[tk.start]), int(r.t.off[tk.end])
		w := r.body[bs:be]
		p, ok := g.abbr[w]
		if !ok {
			continue
		}
		if *dateline < 0 && bs < 400 {
			*dateline = p
		}
		name := g.places[p].Name
		org := stages.Organization{Type: "newspaper", Level: "province", Place: name, PlaceRule: "text",
			NameEn: name + " Newspaper (Bao " + name + ")"}
		org.OrgID = orgID(org.Type, org.Level, org.Place, "")
		r.out = append(r.out, stages.OrgMention{Org: org, Surface: w, ByteStart: bs, ByteEnd: be})
	}
}

// orgID derives the id from the canonical key alone, so the same body gets
// the same id in every language and every run.
func orgID(typ, level, place, key string) string {
	return stages.HashID(typ, level, place, key)
}
