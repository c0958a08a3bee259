// Package events finds what analysts put on a timeline: conferences,
// congresses, meetings, reviews, ceremonies, anniversaries and inspections,
// with their date, ordinal ("the 16th"), term (2025–2030) and organizer.
//
// An event noun from the lexicon is a mention. A mention is anchored when a
// date, an ordinal or a term statistic attaches to it in its sentence.
// Anchored mentions of one type with the same ordinal or term are one event.
// A bare mention ("at the conference") refers back: to an anchored event of
// its type, else, for generic types, to the article's dated event; the bare
// mentions left become one event per type, except for types the lexicon
// reports only when anchored. EventID is HashID(type, date, organizer,
// ordinal), so every article and language edition reporting one event
// gives it the same id.
package events

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/internal/match"
)

// Windows, in runes, within a sentence.
const (
	ordinalAfter  = 40  // "المؤتمر الحزبي الإقليمي السابع عشر"
	ordinalBefore = 20  // "4-го районного съезда"
	dateAfter     = 100 // "บ่ายวันที่ 2 มิถุนายน คณะกรรมการ... จัดการประชุมทบทวน"
	termAfter     = 80  // "congresses of ... for the term 2025-2030"
	termBefore    = 20
	joinGap       = 1 // "การประชุม"+"สมัชชา": touching nouns are one mention
	firstGap      = 2 // "the first conference"
)

// Stage is the events stage.
type Stage struct {
	lx *Lexicon
}

// New returns an events stage configured from the data tree fsys.
func New(fsys fs.FS) (*Stage, error) {
	lx, err := Load(fsys)
	if err != nil {
		return nil, err
	}
	return &Stage{lx: lx}, nil
}

// Process fills a.Events.
func (s *Stage) Process(ctx context.Context, a *stages.Article) error {
	a.Events = s.lx.Extract(a)
	return nil
}

// mention is one event noun in the body and what attached to it.
type mention struct {
	start, end int
	typ        string
	sent       int
	ordinal    *int
	ordStart   int // start of the ordinal when it precedes the noun ("4-го районного съезда")
	ordEnd     int // end of the ordinal when it follows the noun
	date       stages.Date
	term       [2]int
}

func (m *mention) anchored() bool {
	return m.ordinal != nil || m.date.Month != 0 || m.date.Year != 0 || m.term[0] != 0
}

// Extract returns the events of a, in order of first mention.
func (lx *Lexicon) Extract(a *stages.Article) []stages.Event {
	if a.Body == "" {
		return nil
	}
	folded := match.Fold(a.Body)
	cues, m := lx.forLang(a.Lang)
	ms := lx.mentions(folded, cues, m)
	if len(ms) == 0 {
		return nil
	}
	sents := a.Sentences
	if len(sents) == 0 {
		sents = []stages.Span{{Start: 0, End: len(a.Body)}}
	}
	for i := range ms {
		ms[i].sent = sentenceOf(sents, ms[i].start)
	}
	lx.attach(a, folded, sents, ms)
	groups := lx.group(ms)
	orgs := newOrgIndex(a.Orgs)
	var out []stages.Event
	seen := map[string]bool{}
	for _, g := range groups {
		m := g[0]
		for _, x := range g[1:] {
			if m.ordinal == nil {
				m.ordinal = x.ordinal
			}
			if m.date.IsZero() && m.date.Month == 0 {
				m.date = x.date
			}
			if m.term[0] == 0 {
				m.term = x.term
			}
		}
		sp := stages.Span{Start: 0, End: len(a.Body)}
		if g[0].sent >= 0 {
			sp = sents[g[0].sent]
		}
		org := orgs.near(g[0].start, sp)
		ord := ""
		if m.ordinal != nil {
			ord = strconv.Itoa(*m.ordinal)
		}
		date := m.date
		if date.Year == 0 && date.Month != 0 && a.Published.Year != 0 {
			date.Year = a.Published.Year // the numbers stage normally resolves this
		}
		if date.Year == 0 && date.Precision() != "month_day" {
			date = stages.Date{} // a day and month without a year still tell events apart
		}
		id := stages.HashID(m.typ, date.String(), org.OrgID, ord)
		if seen[id] {
			continue
		}
		seen[id] = true
		start, end := g[0].start, g[0].end
		if g[0].ordEnd > end {
			end = g[0].ordEnd
		}
		if g[0].ordStart > 0 && g[0].ordStart-1 < start {
			start = g[0].ordStart - 1
		}
		e := stages.Event{
			EventID:   id,
			Type:      m.typ,
			NameEn:    nameEn(m, org),
			Date:      date,
			Ordinal:   m.ordinal,
			OrgID:     org.OrgID,
			Surface:   a.Body[start:end],
			ByteStart: start,
			ByteEnd:   end,
		}
		if m.term[0] != 0 {
			ts, te := m.term[0], m.term[1]
			e.TermStart, e.TermEnd = &ts, &te
		}
		out = append(out, e)
	}
	return out
}

// mentions finds the event nouns: longest first, no overlaps, touching
// nouns joined under the more specific type.
func (lx *Lexicon) mentions(folded string, cues []typeCue, m *match.Matcher) []mention {
	var hits []mention
	m.Each(folded, func(id, s, e int) {
		c := cues[id]
		if (c.edgeLeft && !edgeBefore(folded, s)) || (c.edgeRight && !edgeAfter(folded, e)) {
			return
		}
		hits = append(hits, mention{start: s, end: e, typ: c.typ})
	})
	sort.SliceStable(hits, func(i, j int) bool {
		li, lj := hits[i].end-hits[i].start, hits[j].end-hits[j].start
		if li != lj {
			return li > lj
		}
		return hits[i].start < hits[j].start
	})
	var kept []mention
	for _, h := range hits {
		overlap := false
		for _, k := range kept {
			if h.start < k.end && k.start < h.end {
				overlap = true
				break
			}
		}
		if !overlap {
			kept = append(kept, h)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	var out []mention
	for _, h := range kept {
		if n := len(out); n > 0 && strings.TrimSpace(folded[out[n-1].end:h.start]) == "" && utf8.RuneCountInString(folded[out[n-1].end:h.start]) <= joinGap {
			prev := &out[n-1]
			prev.end = h.end
			if lx.rank[h.typ] < lx.rank[prev.typ] {
				prev.typ = h.typ
			}
			continue
		}
		out = append(out, h)
	}
	return out
}

func edgeBefore(s string, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsMark(r)
}

func edgeAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsMark(r)
}

// attach gives mentions the ordinals, dates and terms of their sentences.
func (lx *Lexicon) attach(a *stages.Article, folded string, sents []stages.Span, ms []mention) {
	runes := func(lo, hi int) int {
		if lo > hi || lo < 0 || hi > len(folded) {
			return 1 << 30
		}
		return utf8.RuneCountInString(folded[lo:hi])
	}
	for _, st := range a.Stats {
		if st.ByteStart < 0 || st.ByteEnd > len(a.Body) || st.ByteStart > st.ByteEnd {
			continue
		}
		sent := sentenceOf(sents, st.ByteStart)
		switch st.Kind {
		case stages.KindYearRange:
			if st.RangeStart == nil || st.RangeEnd == nil {
				continue
			}
			// The term belongs to the nearest mention before it and to the
			// mentions of that type it coordinates ("congresses of X and
			// congresses of Y for 2025-2030"); else to the mention right after it.
			term := [2]int{int(*st.RangeStart), int(*st.RangeEnd)}
			near := -1
			for i := range ms {
				if ms[i].sent == sent && ms[i].end <= st.ByteStart && runes(ms[i].end, st.ByteStart) <= termAfter {
					near = i
				}
			}
			if near >= 0 {
				for i := near; i >= 0; i-- {
					if ms[i].sent == sent && ms[i].typ == ms[near].typ && ms[i].term[0] == 0 && runes(ms[i].end, st.ByteStart) <= termAfter {
						ms[i].term = term
					}
				}
				continue
			}
			for i := range ms {
				if ms[i].sent == sent && ms[i].start >= st.ByteEnd {
					if runes(st.ByteEnd, ms[i].start) <= termBefore && ms[i].term[0] == 0 {
						ms[i].term = term
					}
					break
				}
			}
		case stages.KindDate:
			if st.Date.Month == 0 || st.Date.Day == 0 {
				continue // an event happens on a day
			}
			// The first mention after the date in its paragraph ("On 2 June
			// the committee held a review"), else the last before it in its
			// sentence ("the review held on 2 June").
			best := -1
			for i := range ms {
				if ms[i].start >= st.ByteEnd {
					if runes(st.ByteEnd, ms[i].start) <= dateAfter && !strings.Contains(folded[st.ByteEnd:ms[i].start], "\n") {
						best = i
					}
					break
				}
			}
			if best < 0 {
				for i := range ms {
					if ms[i].sent == sent && ms[i].end <= st.ByteStart {
						best = i
					}
				}
			}
			if best >= 0 && ms[best].date.Month == 0 {
				ms[best].date = st.Date
			}
		}
	}
	lx.attachOrdinals(a, runes, sents, ms, lx.ordinalSide[a.Lang])
}

// attachOrdinals gives each ordinal, in text order, to the mention before it
// ("المؤتمر السادس عشر", "ครั้งที่ 23") or to the mention right after it
// ("4-го районного съезда", "the 70th anniversary"): the side the language
// writes its ordinals on (side "after" the noun or "before" it) wins when
// both are in reach, else the nearer one.
func (lx *Lexicon) attachOrdinals(a *stages.Article, runes func(int, int) int, sents []stages.Span, ms []mention, side string) {
	for _, st := range a.Stats {
		if st.Kind != stages.KindOrdinal || st.Value == nil || st.ByteStart < 0 || st.ByteEnd > len(a.Body) || st.ByteStart > st.ByteEnd {
			continue
		}
		sent := sentenceOf(sents, st.ByteStart)
		before, after := -1, -1
		for i := range ms {
			if ms[i].sent != sent {
				continue
			}
			if ms[i].end <= st.ByteStart {
				before = i // the last one is the nearest
			} else if ms[i].start >= st.ByteEnd && after < 0 {
				after = i
			}
		}
		db, da := 1<<30, 1<<30
		if before >= 0 && ms[before].ordinal == nil {
			db = runes(ms[before].end, st.ByteStart)
		}
		if after >= 0 && ms[after].ordinal == nil {
			da = runes(st.ByteEnd, ms[after].start)
		}
		winA, winB := ordinalBefore, ordinalAfter
		if st.Words && *st.Value <= 1 {
			// "first" mostly qualifies a quarter, a half or a time
			// ("الربع الأول", "ครึ่งแรก"): only right next to the noun.
			winA, winB = firstGap, firstGap
		}
		okA, okB := da <= winA, db <= winB
		best := -1
		switch {
		case okB && (side == "after" || !okA):
			best = before // the ordinal follows its noun
		case okA && (side == "before" || !okB):
			best = after
		case okA && okB && da < db:
			best = after
		case okB:
			best = before
		}
		if best < 0 {
			continue
		}
		v := int(*st.Value)
		ms[best].ordinal = &v
		if st.ByteStart >= ms[best].end {
			ms[best].ordEnd = st.ByteEnd
		} else {
			ms[best].ordStart = st.ByteStart + 1 // +1: zero means none
		}
	}
}

// group merges mentions into events (see the package comment).
func (lx *Lexicon) group(ms []mention) [][]mention {
	var groups [][]mention
	find := func(pred func(m mention) bool) int {
		for gi, g := range groups {
			if pred(g[0]) {
				return gi
			}
		}
		return -1
	}
	// Anchored mentions first, in text order.
	for _, m := range ms {
		if !m.anchored() {
			continue
		}
		gi := find(func(x mention) bool {
			if x.typ != m.typ {
				return false
			}
			switch {
			case x.ordinal != nil && m.ordinal != nil:
				return *x.ordinal == *m.ordinal
			case x.term[0] != 0 && m.term[0] != 0 && x.ordinal == nil && m.ordinal == nil:
				return x.term == m.term
			case x.date.Month != 0 && m.date.Month != 0:
				return x.date == m.date
			}
			return false
		})
		if gi >= 0 {
			groups[gi] = append(groups[gi], m)
			continue
		}
		groups = append(groups, []mention{m})
	}
	mainDated := find(func(x mention) bool { return x.date.Month != 0 })
	bare := map[string]int{}
	for _, m := range ms {
		if m.anchored() {
			continue
		}
		if gi := find(func(x mention) bool { return x.typ == m.typ }); gi >= 0 {
			groups[gi] = append(groups[gi], m)
			continue
		}
		if lx.generic[m.typ] && mainDated >= 0 {
			groups[mainDated] = append(groups[mainDated], m)
			continue
		}
		if lx.anchoredOnly[m.typ] {
			continue
		}
		if gi, ok := bare[m.typ]; ok {
			groups[gi] = append(groups[gi], m)
			continue
		}
		bare[m.typ] = len(groups)
		groups = append(groups, []mention{m})
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i][0].start < groups[j][0].start })
	return groups
}

func sentenceOf(sents []stages.Span, off int) int {
	i := sort.Search(len(sents), func(i int) bool { return sents[i].End > off })
	if i < len(sents) && sents[i].Start <= off {
		return i
	}
	return -1
}

// nameEn is a short English label: "16th conference of X, term 2020–2025".
func nameEn(m mention, org stages.Organization) string {
	var b strings.Builder
	if m.ordinal != nil {
		b.WriteString(ordinal(*m.ordinal) + " ")
	}
	b.WriteString(m.typ)
	if org.NameEn != "" {
		b.WriteString(" of the " + org.NameEn)
	}
	if m.term[0] != 0 {
		fmt.Fprintf(&b, ", term %d–%d", m.term[0], m.term[1])
	}
	if m.date.Month != 0 && m.date.Day != 0 {
		fmt.Fprintf(&b, ", %d %s", m.date.Day, m.date.Month)
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// orgIndex finds an event's organizer among the organization mentions.
type orgIndex struct {
	ms   []*stages.OrgMention // into the article's mentions, which outlive the index
	main stages.Organization
}

func newOrgIndex(ms []stages.OrgMention) orgIndex {
	var x orgIndex
	counts := map[string]int{}
	best := 0
	for i := range ms {
		m := &ms[i]
		if m.Org.OrgID == "" {
			continue
		}
		x.ms = append(x.ms, m)
		counts[m.Org.OrgID]++
		if counts[m.Org.OrgID] > best {
			best, x.main = counts[m.Org.OrgID], m.Org
		}
	}
	sort.SliceStable(x.ms, func(i, j int) bool { return x.ms[i].ByteStart < x.ms[j].ByteStart })
	return x
}

// near returns the organization mentioned nearest to off within the
// sentence sp, else the article's most mentioned organization.
func (x orgIndex) near(off int, sp stages.Span) stages.Organization {
	best, bestDist := -1, 0
	for i, m := range x.ms {
		if m.ByteStart < sp.Start || m.ByteStart >= sp.End {
			continue
		}
		d := m.ByteStart - off
		if d < 0 {
			d = off - m.ByteEnd
			if d < 0 {
				d = 0
			}
		}
		if best < 0 || d < bestDist {
			best, bestDist = i, d
		}
	}
	if best >= 0 {
		return x.ms[best].Org
	}
	return x.main
}
