// Package kpis turns the statistics of an article into KPIs: a number becomes
// a KPI once we know what it measures. It links each figure, within its
// sentence and its neighbours, to a metric from the taxonomy (data/metrics.yaml),
// to "X % of the target/plan" (achievement), to a stated target, to "a of b"
// (numerator and denominator), to the period the text bounds it by, and to
// the organization that reports it.
//
// Which statistics are KPIs (the gold conventions):
//   - counts, measures, percentages and ratios; never years, dates, times,
//     ordinals, durations or identifiers;
//   - not a target ("(target 90%)"), a denominator ("891 of 934"), an
//     aspiration ("strive for 100%"), a threshold ("fewer than 7 members"),
//     or a small number written in words ("one of", "two levels");
//   - a "% of target/plan" figure is its own percent KPI and also the
//     achievement of the count it follows; a ratio KPI has value = numerator.
package kpis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/internal/match"
)

// Window sizes, in runes, around a figure.
const (
	metricBefore   = 90   // metric cues and governing verbs before a figure
	metricAfter    = 50   // the counted noun follows the figure
	percentAfter   = 120  // "more than 86% of grassroots organizations ... rated good or better"
	verbBefore     = 40   // the verb governing a figure in a generic metric
	afterBonus     = 1.25 // a cue after the figure is usually its counted noun
	ofTotalGap     = 24   // "891 ครั้งจากทั้งหมด 934": unit word plus connector
	ofBeforeWin    = 16   // "Из 320": the cue right before the whole
	ofBeforeGap    = 60   // "Из 320 низовых партийных организаций 298"
	targetBefore   = 30   // "(الهدف 90%)"
	achAfterWin    = 30   // "84.5% ของเป้าหมาย"
	achOwnerWin    = 150  // from a "% of plan" back to the count it qualifies
	targetOwnerWin = 100  // from a target back to the figure it qualifies
	aspirationWin  = 60   // "strive for ... 100%"
	rangeGap       = 20   // "from 2020 to December 2022"
	sinceWin       = 14   // "since 2021", "منذ عام 2021"
	durYearWin     = 40   // "9 months of 2025"
	smallWords     = 10   // number words up to this value are determiners, not counts
	rateTolerance  = 0.06 // a rate rounded to one decimal still matches a/b
	planWords      = 3    // "of the annual target": the plan noun within three words
	planRunes      = 16   // ... or sixteen runes, for scripts without spaces
)

// Stage is the kpis stage.
type Stage struct {
	lx *Lexicon
}

// New returns a kpis stage configured from the data tree fsys.
func New(fsys fs.FS) (*Stage, error) {
	lx, err := Load(fsys)
	if err != nil {
		return nil, err
	}
	return &Stage{lx: lx}, nil
}

// Process fills a.KPIs from a.Stats.
func (s *Stage) Process(ctx context.Context, a *stages.Article) error {
	a.KPIs = s.lx.Extract(a)
	return nil
}

// role is what a statistic turned out to be.
type role int

const (
	roleNone role = iota // not a KPI
	roleKPI
	roleTarget
	roleDenominator
	roleAspiration
)

// link is what the linking passes found for one statistic.
type link struct {
	role        role
	weak        bool // a small number word: never a KPI, but a numerator ("one of 4 villages")
	ach, target *float64
	num, den    *float64
	achOwner    int // for a "% of plan" figure: the count it qualifies, or -1
}

// doc is the per-article working state; it lives for one Extract call.
type doc struct {
	a      *stages.Article
	lx     *Lexicon
	c      *cues
	lang   string
	folded string
	sents  []stages.Span
	sentOf []int // per statistic
	links  []link
	mt     *cueTable
	mhits  []cueHit // metric cues in the body, by start

	// cueScores scratch, sized by the metrics of the taxonomy.
	scores   []float64
	nearest  []hit
	nearDist []int
	bests    []cueBest
	idBuf    []byte

	utf8ok   bool      // folded is valid UTF-8
	breakPos [][]int32 // per clause break: every offset it occurs at in folded, nil until needed
	newlines []int32   // offsets of the line breaks of the body, nil until needed
	reach    []reach   // per statistic, filled on demand
}

// Extract returns the KPIs of a, in statistic order.
func (lx *Lexicon) Extract(a *stages.Article) []stages.KPI {
	if len(a.Stats) == 0 || a.Body == "" {
		return nil
	}
	c, lang := lx.forLang(a.Lang)
	d := &doc{a: a, lx: lx, c: c, lang: lang, folded: match.Fold(a.Body)}
	d.utf8ok = utf8.ValidString(d.folded)
	d.sents = sentences(a)
	d.mt = lx.table(a.Lang)
	d.sentOf = make([]int, len(a.Stats))
	d.links = make([]link, len(a.Stats))
	for i, st := range a.Stats {
		d.sentOf[i] = sentenceIndex(d.sents, st)
		d.links[i].achOwner = -1
		if d.candidate(i) {
			d.links[i].role = roleKPI
		} else if d.smallWord(i) {
			d.links[i].weak = true
		}
	}
	d.linkOfTotal()
	d.linkOfTotalBefore()
	d.linkTargets()
	d.markAspirations()
	d.linkAchievements()
	d.linkRates()
	frames := d.frames()
	orgs := newOrgIndex(a.Orgs)
	d.mhits = d.mt.find(d.folded, d.windows())

	n := 0
	for i := range d.links {
		if d.links[i].role == roleKPI {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]stages.KPI, 0, n)
	names := make([]string, len(a.Stats))
	confs := make([]float64, len(a.Stats))
	for i, st := range a.Stats {
		l := d.links[i]
		if l.role != roleKPI {
			continue
		}
		unit := st.Unit
		if st.Kind == stages.KindPercent && unit == "" {
			unit = "percent"
		}
		m := d.metricFor(i, unit)
		if m.name == "" {
			continue
		}
		unit = m.unit // filled or refined by the metric
		if o := l.achOwner; o >= 0 && names[o] != "" {
			m.name, m.conf = names[o]+" as share of target", confs[o]
		}
		names[i], confs[i] = m.name, m.conf
		value := *st.Value
		if st.Kind == stages.KindRatio && st.Numerator != nil {
			value = *st.Numerator
		}
		conf := m.conf
		if l.ach != nil || l.target != nil || l.num != nil {
			conf += 0.05
		}
		if st.InCaption {
			conf *= 0.8
		}
		k := stages.KPI{
			KPIID:          d.kpiID(a.ID, st.StatID, m.name),
			StatID:         st.StatID,
			Metric:         m.name,
			MetricSurface:  m.surface,
			Value:          value,
			Unit:           unit,
			AchievementPct: l.ach,
			Target:         l.target,
			Numerator:      l.num,
			Denominator:    l.den,
			Confidence:     math.Min(0.95, math.Round(conf*100)/100),
		}
		k.PeriodStart, k.PeriodEnd = frames.periodFor(d, i)
		k.OrgID = orgs.near(st.ByteStart, d.sentSpan(d.sentOf[i]), d.line(st.ByteStart))
		out = append(out, k)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// kpiID is stages.HashID(article, stat, metric) without its per-part
// allocations: the hash of the parts, each followed by a zero byte.
func (d *doc) kpiID(article, stat, metric string) string {
	b := d.idBuf[:0]
	for _, p := range [...]string{article, stat, metric} {
		b = append(b, p...)
		b = append(b, 0)
	}
	d.idBuf = b
	sum := sha256.Sum256(b)
	var h [32]byte
	hex.Encode(h[:], sum[:16])
	return string(h[:])
}

// sentences returns the article's sentences, or its lines when segment left none.
func sentences(a *stages.Article) []stages.Span {
	if len(a.Sentences) > 0 {
		return a.Sentences
	}
	var out []stages.Span
	start := 0
	for i := 0; i <= len(a.Body); i++ {
		if i == len(a.Body) || a.Body[i] == '\n' {
			if i > start {
				out = append(out, stages.Span{Start: start, End: i})
			}
			start = i + 1
		}
	}
	return out
}

func sentenceIndex(sents []stages.Span, st stages.Statistic) int {
	if st.Sentence >= 0 && st.Sentence < len(sents) && sents[st.Sentence].Start <= st.ByteStart && st.ByteStart < sents[st.Sentence].End {
		return st.Sentence
	}
	i := sort.Search(len(sents), func(i int) bool { return sents[i].End > st.ByteStart })
	if i < len(sents) && sents[i].Start <= st.ByteStart {
		return i
	}
	return -1
}

// sentSpan returns the span of sentence i, or the whole body when i < 0.
func (d *doc) sentSpan(i int) stages.Span {
	if i < 0 || i >= len(d.sents) {
		return stages.Span{Start: 0, End: len(d.a.Body)}
	}
	sp := d.sents[i]
	sp.Start = max(0, min(sp.Start, len(d.a.Body)))
	sp.End = max(sp.Start, min(sp.End, len(d.a.Body)))
	return sp
}

// clause returns the text around statistic i bounded by clause breaks (";")
// and its sentence.
func (d *doc) clause(i int) (int, int) {
	return d.bounded(i, d.sentSpan(d.sentOf[i]))
}

// windows returns the merged byte ranges metric cues are looked for in:
// around each figure still a KPI candidate. Scanning only these keeps the
// cost proportional to the figures, not to the length of the page.
func (d *doc) windows() []stages.Span {
	var out []stages.Span
	for i := range d.a.Stats {
		if d.links[i].role != roleKPI {
			continue
		}
		r := d.reachOf(i)
		lo, hi := r.lo, max(r.hiCount, r.hiPercent)
		if n := len(out); n > 0 && lo <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, hi)
			continue
		}
		out = append(out, stages.Span{Start: lo, End: hi})
	}
	return out
}

// reach is how far the metric windows of a figure extend, bounded by the
// body only: metricBefore runes back, metricAfter and percentAfter forward.
type reach struct {
	lo, hiCount, hiPercent int
	ok                     bool
}

// reachOf returns the reach of statistic i, walked once: windows and
// metricFor both need it, the latter clamped to the figure's context. A
// walk clamped to a bound ends at the bound or past it exactly when the
// free walk does, so clamping after the walk gives the same offsets.
func (d *doc) reachOf(i int) reach {
	if d.reach == nil {
		d.reach = make([]reach, len(d.a.Stats))
	}
	r := &d.reach[i]
	if !r.ok {
		st := d.a.Stats[i]
		r.lo = d.back(st.ByteStart, 0, metricBefore)
		// percentAfter > metricAfter: the longer walk continues the shorter.
		r.hiCount = d.fwd(st.ByteEnd, len(d.folded), metricAfter)
		r.hiPercent = d.fwd(r.hiCount, len(d.folded), percentAfter-metricAfter)
		r.ok = true
	}
	return *r
}

// line returns the line (paragraph) around byte offset off.
func (d *doc) line(off int) stages.Span {
	off = max(0, min(off, len(d.a.Body)))
	if d.newlines == nil {
		// Every line break, once: figures ask for their line many times.
		d.newlines = make([]int32, 0, 16)
		for i := 0; ; {
			j := strings.IndexByte(d.a.Body[i:], '\n')
			if j < 0 {
				break
			}
			d.newlines = append(d.newlines, int32(i+j))
			i += j + 1
		}
	}
	// The first break at or after off ends the line; the one before starts it.
	k := sort.Search(len(d.newlines), func(k int) bool { return int(d.newlines[k]) >= off })
	lo, hi := 0, len(d.a.Body)
	if k > 0 {
		lo = int(d.newlines[k-1]) + 1
	}
	if k < len(d.newlines) {
		hi = int(d.newlines[k])
	}
	return stages.Span{Start: lo, End: hi}
}

// context returns the text around statistic i bounded by clause breaks and
// its line: metric cues may sit in a neighbouring sentence, which matters
// where sentences are short (Thai text is segmented at spaces).
func (d *doc) context(i int) (int, int) {
	return d.bounded(i, d.line(d.a.Stats[i].ByteStart))
}

func (d *doc) bounded(i int, sp stages.Span) (int, int) {
	st := d.a.Stats[i]
	lo, hi := sp.Start, sp.End
	if st.ByteStart < lo || st.ByteEnd > hi {
		return max(0, min(st.ByteStart, len(d.a.Body))), max(0, min(st.ByteEnd, len(d.a.Body)))
	}
	if d.breakPos == nil {
		d.indexBreaks()
	}
	for bi, b := range d.c.breaks {
		if b == "" {
			if j := strings.LastIndex(d.span(lo, st.ByteStart), b); j >= 0 {
				lo = max(lo, lo+j+len(b))
			}
			if j := strings.Index(d.span(st.ByteEnd, hi), b); j >= 0 {
				hi = min(hi, st.ByteEnd+j)
			}
			continue
		}
		// The last occurrence inside [lo, ByteStart) and the first inside
		// [ByteEnd, hi), as strings.LastIndex and strings.Index on the spans
		// would find them, without rescanning the line for every figure.
		pos := d.breakPos[bi]
		if x := min(len(d.folded), st.ByteStart); max(0, lo) < x {
			k := sort.Search(len(pos), func(k int) bool { return int(pos[k])+len(b) > x }) - 1
			if k >= 0 && int(pos[k]) >= max(0, lo) {
				lo = max(lo, int(pos[k])+len(b))
			}
		}
		if y, z := max(0, st.ByteEnd), min(len(d.folded), hi); y < z {
			k := sort.Search(len(pos), func(k int) bool { return int(pos[k]) >= y })
			if k < len(pos) && int(pos[k])+len(b) <= z {
				hi = min(hi, int(pos[k]))
			}
		}
	}
	return lo, hi
}

// indexBreaks records where each clause break occurs in folded, overlapping
// occurrences included.
func (d *doc) indexBreaks() {
	d.breakPos = make([][]int32, len(d.c.breaks))
	for bi, b := range d.c.breaks {
		if b == "" {
			continue
		}
		for off := 0; off < len(d.folded); {
			i := strings.Index(d.folded[off:], b)
			if i < 0 {
				break
			}
			d.breakPos[bi] = append(d.breakPos[bi], int32(off+i))
			off += i + 1
		}
	}
}

// valid reports whether statistic i has sane offsets into the body.
func (d *doc) valid(i int) bool {
	st := d.a.Stats[i]
	return st.ByteStart >= 0 && st.ByteStart <= st.ByteEnd && st.ByteEnd <= len(d.a.Body)
}

// candidate applies the kind and shape rules of the package comment.
func (d *doc) candidate(i int) bool {
	st := d.a.Stats[i]
	if !d.valid(i) || st.Value == nil || math.IsNaN(*st.Value) || math.IsInf(*st.Value, 0) {
		return false
	}
	switch st.Kind {
	case stages.KindCount, stages.KindMeasure, stages.KindPercent:
	case stages.KindRatio:
		// A part of a whole: "14/10" is a date, not a ratio KPI.
		if st.Numerator == nil || st.Denominator == nil || *st.Numerator > *st.Denominator || *st.Denominator <= 0 {
			return false
		}
	default:
		return false
	}
	if d.smallWord(i) {
		return false
	}
	if st.Kind == stages.KindCount && st.Qualifier == stages.QualUnder {
		return false
	}
	return true
}

// smallWord reports whether statistic i is a small count written in words.
func (d *doc) smallWord(i int) bool {
	st := d.a.Stats[i]
	return st.Words && st.Value != nil && math.Abs(*st.Value) <= smallWords && d.valid(i)
}

// sameSentence reports whether statistics i and j are in one sentence.
func (d *doc) sameSentence(i, j int) bool { return d.sentOf[i] == d.sentOf[j] }

// gap returns the folded text between the end of statistic i and the start of j.
func (d *doc) gap(i, j int) (string, bool) {
	a, b := d.a.Stats[i], d.a.Stats[j]
	if a.ByteEnd > b.ByteStart || !d.valid(i) || !d.valid(j) {
		return "", false
	}
	return d.span(a.ByteEnd, b.ByteStart), true
}

func isPercent(st stages.Statistic) bool { return st.Kind == stages.KindPercent }

// linkOfTotal pairs "a of b": b becomes the denominator of a.
func (d *doc) linkOfTotal() {
	st := d.a.Stats
	for i := range st {
		l := &d.links[i]
		if st[i].Kind == stages.KindRatio && l.role == roleKPI {
			l.num, l.den = stages.Float(*st[i].Numerator), stages.Float(*st[i].Denominator)
			continue
		}
		j := i + 1
		if (l.role != roleKPI && !l.weak) || isPercent(st[i]) || j >= len(st) || d.links[j].role != roleKPI || isPercent(st[j]) || st[j].Kind == stages.KindRatio {
			continue
		}
		if !d.sameSentence(i, j) {
			continue
		}
		g, ok := d.gap(i, j)
		if !ok || runeCount(g) > ofTotalGap {
			continue
		}
		if _, ok := containsCue(g, d.c.ofTotal); !ok {
			continue
		}
		a, b := *st[i].Value, *st[j].Value
		if a > b || b == 0 || (st[i].Unit != "" && st[j].Unit != "" && st[i].Unit != st[j].Unit) {
			continue
		}
		d.links[j].role = roleDenominator
		if l.role == roleKPI {
			l.num, l.den = stages.Float(a), stages.Float(b)
		}
	}
}

// linkOfTotalBefore pairs "of the b ..., a": b, right after its cue, becomes
// the denominator of the next count in its clause.
func (d *doc) linkOfTotalBefore() {
	st := d.a.Stats
	for j := range st {
		if d.links[j].role != roleKPI || isPercent(st[j]) || st[j].Kind == stages.KindRatio {
			continue
		}
		sp := d.sentSpan(d.sentOf[j])
		before := d.span(d.back(st[j].ByteStart, sp.Start, ofBeforeWin), st[j].ByteStart)
		if _, ok := hasSuffixCue(before, d.c.ofTotalBefore); !ok {
			continue
		}
		i := j + 1
		if i >= len(st) || !d.sameSentence(i, j) || d.links[i].role != roleKPI || isPercent(st[i]) || st[i].Kind == stages.KindRatio || d.links[i].num != nil {
			continue
		}
		lo, hi := d.clause(j)
		if st[i].ByteEnd > hi || st[j].ByteStart < lo || runeCount(d.span(st[j].ByteEnd, st[i].ByteStart)) > ofBeforeGap {
			continue
		}
		a, b := *st[i].Value, *st[j].Value
		if a > b || b == 0 {
			continue
		}
		d.links[i].num, d.links[i].den = stages.Float(a), stages.Float(b)
		d.links[j].role = roleDenominator
	}
}

// linkTargets finds "target 90%" and attaches it to the figure before it.
func (d *doc) linkTargets() {
	st := d.a.Stats
	for t := range st {
		if d.links[t].role != roleKPI {
			continue
		}
		sp := d.sentSpan(d.sentOf[t])
		lo := d.back(st[t].ByteStart, sp.Start, targetBefore)
		before := d.span(lo, st[t].ByteStart)
		if !d.endsWithTarget(before) {
			continue
		}
		d.links[t].role = roleTarget
		for k := t - 1; k >= 0; k-- {
			if !d.sameSentence(k, t) || runeCount(d.span(st[k].ByteEnd, st[t].ByteStart)) > targetOwnerWin {
				break
			}
			if d.links[k].role == roleKPI && isPercent(st[k]) == isPercent(st[t]) {
				d.links[k].target = stages.Float(*st[t].Value)
				break
			}
		}
	}
}

// endsWithTarget strips filler words from the end of s and looks for a target cue.
func (d *doc) endsWithTarget(s string) bool {
	for range 4 {
		s = strings.TrimRightFunc(s, func(r rune) bool { return r == ' ' || r == '(' || r == ':' || r == '\u00a0' })
		c, ok := hasSuffixCue(s, d.c.filler)
		if !ok {
			break
		}
		core, _, _ := edges(c)
		s = s[:len(s)-len(core)]
	}
	_, ok := hasSuffixCue(s, d.c.target)
	return ok
}

// markAspirations drops figures the clause states as goals.
func (d *doc) markAspirations() {
	for i, st := range d.a.Stats {
		if d.links[i].role != roleKPI {
			continue
		}
		lo, _ := d.clause(i)
		lo = max(lo, d.back(st.ByteStart, lo, aspirationWin))
		if _, ok := containsCue(d.span(lo, st.ByteStart), d.c.aspiration); ok {
			d.links[i].role = roleAspiration
		}
	}
}

// linkAchievements finds "X % of the target/plan" and gives X to the percent
// KPI itself and to the count it qualifies.
func (d *doc) linkAchievements() {
	st := d.a.Stats
	for p := range st {
		if d.links[p].role != roleKPI || !isPercent(st[p]) {
			continue
		}
		sp := d.sentSpan(d.sentOf[p])
		after := d.span(st[p].ByteEnd, d.fwd(st[p].ByteEnd, sp.End, achAfterWin))
		before := d.span(d.back(st[p].ByteStart, sp.Start, achAfterWin), st[p].ByteStart)
		_, okA := hasPrefixCue(after, d.c.achAfter)
		_, okB := hasSuffixCue(before, d.c.achBefore)
		okA = okA || d.ofPlan(after)
		if !okA && !okB || d.targetFollows(p, sp.End) {
			continue
		}
		v := *st[p].Value
		d.links[p].ach = stages.Float(v)
		for k := p - 1; k >= 0; k-- {
			if !d.sameSentence(k, p) || isPercent(st[k]) || runeCount(d.span(st[k].ByteEnd, st[p].ByteStart)) > achOwnerWin {
				break
			}
			lk := &d.links[k]
			if lk.role != roleKPI {
				continue
			}
			lk.ach = stages.Float(v)
			d.links[p].achOwner = k
			if lk.den != nil {
				lk.target = stages.Float(*lk.den)
				if math.Abs(*lk.num / *lk.den * 100 - v) <= rateTolerance {
					d.links[p].num, d.links[p].den = lk.num, lk.den
				}
			}
			break
		}
	}
}

// ofPlan reports whether after starts with "of" and names a plan or target
// within its next few words ("103.7% of the annual target").
func (d *doc) ofPlan(after string) bool {
	s := strings.TrimLeft(after, " \u00a0")
	for _, c := range d.c.achOf {
		core, _, right := edges(c)
		if core == "" || !strings.HasPrefix(s, core) {
			continue
		}
		rest := s[len(core):]
		if right && rest != "" && rest[0] != ' ' {
			continue
		}
		if _, ok := containsCue(firstWords(rest, planWords, planRunes), d.c.planNouns); ok {
			return true
		}
	}
	return false
}

// firstWords returns the start of s up to n words, at most max runes, and
// never past punctuation or a digit.
func firstWords(s string, n, max int) string {
	words, inWord, runes := 0, false, 0
	for i, r := range s {
		if runes == max || unicode.IsDigit(r) || (unicode.IsPunct(r) && r != '\'' && r != '’' && r != '-') {
			return s[:i]
		}
		runes++
		if unicode.IsSpace(r) {
			if inWord {
				words++
				if words == n {
					return s[:i]
				}
			}
			inWord = false
		} else {
			inWord = true
		}
	}
	return s
}

// targetFollows reports whether a target figure comes right after percent p:
// "92.5% (mục tiêu 90%)" states a target, not an achievement.
func (d *doc) targetFollows(p, end int) bool {
	st := d.a.Stats
	win := d.fwd(st[p].ByteEnd, end, achAfterWin)
	for t := p + 1; t < len(st) && st[t].ByteStart < win; t++ {
		if d.links[t].role == roleTarget {
			return true
		}
	}
	return false
}

// linkRates gives a percentage the numerator and denominator of the "a/b" it
// restates ("33690/39204 ... 85.94%").
func (d *doc) linkRates() {
	st := d.a.Stats
	for p := range st {
		l := &d.links[p]
		if l.role != roleKPI || !isPercent(st[p]) || l.num != nil {
			continue
		}
		for k := p - 1; k >= 0 && d.sameSentence(k, p); k-- {
			lk := d.links[k]
			if lk.role == roleKPI && lk.num != nil && *lk.den != 0 && math.Abs(*lk.num / *lk.den * 100 - *st[p].Value) <= rateTolerance {
				l.num, l.den = lk.num, lk.den
				break
			}
		}
	}
}

// span returns folded[lo:hi], clamped to the body; "" when the bounds cross,
// as they can when an upstream stage reports overlapping statistics.
func (d *doc) span(lo, hi int) string {
	lo, hi = max(0, lo), min(len(d.folded), hi)
	if lo >= hi {
		return ""
	}
	return d.folded[lo:hi]
}
