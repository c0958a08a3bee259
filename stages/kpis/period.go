package kpis

import (
	"math"
	"time"

	"github.com/statharvest/statharvest/stages"
)

// frame is a temporal frame stated in a sentence ("in 2023", "2020–2025",
// "the first 9 months of 2025", "since 2021", "from 2020 to December 2022").
type frame struct {
	pos         int // byte offset of the expression
	start, stop stages.Date
}

// frameSet holds the frames of each sentence and the frame a sentence
// inherits from earlier sentences of its paragraph.
type frameSet struct {
	// By sentence index + 1: slot 0 holds figures outside every sentence.
	bySent [][]frame
	// By sentence index + 1: the slot of bySent whose last frame the
	// sentence inherits, 0 for none (slot 0 never carries over).
	carried []int
}

// frames collects the temporal frames of every sentence.
func (d *doc) frames() frameSet {
	fs := frameSet{bySent: make([][]frame, len(d.sents)+1), carried: make([]int, len(d.sents)+1)}
	st := d.a.Stats
	used := make([]bool, len(st))
	ctxYear := d.contextYear()
	// Durations first: "9 months of 2025" consumes its year.
	for i, s := range st {
		if s.Kind != stages.KindDuration || s.Unit != "month" || s.Value == nil || !d.valid(i) {
			continue
		}
		n := *s.Value
		if n < 1 || n > 12 || n != math.Trunc(n) {
			continue
		}
		y := ctxYear
		if j := d.nearYear(i); j >= 0 {
			y = int(*st[j].Value)
			used[j] = true
		}
		if y == 0 {
			continue
		}
		fs.add(d.sentOf[i], frame{pos: s.ByteStart, start: stages.Date{Year: y, Month: 1, Day: 1}, stop: monthEnd(y, time.Month(n))})
	}
	for i, s := range st {
		if used[i] || !d.valid(i) {
			continue
		}
		var f frame
		switch s.Kind {
		case stages.KindYearRange:
			if s.RangeStart == nil || s.RangeEnd == nil {
				continue
			}
			f = frame{start: stages.Date{Year: int(*s.RangeStart), Month: 1, Day: 1}, stop: stages.Date{Year: int(*s.RangeEnd), Month: 12, Day: 31}}
		case stages.KindYear:
			if s.Value == nil {
				continue
			}
			y := int(*s.Value)
			f = frame{start: stages.Date{Year: y, Month: 1, Day: 1}, stop: stages.Date{Year: y, Month: 12, Day: 31}}
			if j := d.rangeEnd(i); j >= 0 {
				used[j] = true
				f.stop = endOf(st[j])
			} else if d.since(i) {
				f.stop = d.a.Published
			}
		case stages.KindDate:
			if s.Date.IsZero() {
				continue
			}
			if j := d.rangeEnd(i); j >= 0 {
				used[j] = true
				f = frame{start: startOf(s), stop: endOf(st[j])}
			} else if s.Date.Precision() == "month" {
				f = frame{start: startOf(s), stop: endOf(s)}
			} else {
				continue // a day is when something happened, not a period
			}
		default:
			continue
		}
		f.pos = s.ByteStart
		fs.add(d.sentOf[i], f)
	}
	// A frame carries over to later sentences of the same paragraph.
	carry := 0
	for si := range d.sents {
		if si > 0 && d.paragraphBreak(si) {
			carry = 0
		}
		fs.carried[si+1] = carry
		if len(fs.bySent[si+1]) > 0 {
			carry = si + 1
		}
	}
	return fs
}

func (fs frameSet) add(sent int, f frame) {
	fr := append(fs.bySent[sent+1], f)
	// Keep each sentence's frames in text order.
	for k := len(fr) - 1; k > 0 && fr[k].pos < fr[k-1].pos; k-- {
		fr[k], fr[k-1] = fr[k-1], fr[k]
	}
	fs.bySent[sent+1] = fr
}

// periodFor returns the period of statistic i: the nearest frame of its
// sentence, else the frame carried from its paragraph.
func (fs frameSet) periodFor(d *doc, i int) (stages.Date, stages.Date) {
	st := d.a.Stats[i]
	best, bestDist := -1, 0
	fr := fs.bySent[d.sentOf[i]+1]
	for k, f := range fr {
		dist := st.ByteStart - f.pos
		if dist < 0 {
			dist = -dist
		}
		if best < 0 || dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best >= 0 {
		return fr[best].start, fr[best].stop
	}
	if c := fs.carried[d.sentOf[i]+1]; c > 0 {
		last := fs.bySent[c][len(fs.bySent[c])-1]
		return last.start, last.stop
	}
	return stages.Date{}, stages.Date{}
}

// paragraphBreak reports whether a line break separates sentence si from the one before.
func (d *doc) paragraphBreak(si int) bool {
	a, b := d.sents[si-1], d.sents[si]
	lo, hi := max(0, min(a.End, len(d.a.Body))), max(0, min(b.Start, len(d.a.Body)))
	for k := lo; k < hi; k++ {
		if d.a.Body[k] == '\n' {
			return true
		}
	}
	return hi < lo
}

// contextYear is the year a bare "9 months" refers to: the publication year,
// else the year the article mentions most.
func (d *doc) contextYear() int {
	if d.a.Published.Year != 0 {
		return d.a.Published.Year
	}
	counts := map[int]int{}
	best, bestN := 0, 0
	for _, s := range d.a.Stats {
		if s.Kind != stages.KindYear || s.Value == nil {
			continue
		}
		y := int(*s.Value)
		counts[y]++
		if counts[y] > bestN {
			best, bestN = y, counts[y]
		}
	}
	return best
}

// nearYear returns the year statistic nearest duration i in its sentence, or -1.
func (d *doc) nearYear(i int) int {
	st := d.a.Stats
	best, bestDist := -1, durYearWin+1
	for j := range st {
		if j == i || st[j].Kind != stages.KindYear || st[j].Value == nil || !d.sameSentence(i, j) || !d.valid(j) {
			continue
		}
		var dist int
		if j > i {
			dist = runeCount(d.span(st[i].ByteEnd, max(st[i].ByteEnd, st[j].ByteStart)))
		} else {
			dist = runeCount(d.span(st[j].ByteEnd, max(st[j].ByteEnd, st[i].ByteStart)))
		}
		if dist < bestDist {
			best, bestDist = j, dist
		}
	}
	return best
}

// rangeEnd returns the year or date closing a range opened by statistic i
// ("from 2020 to December 2022"), or -1.
func (d *doc) rangeEnd(i int) int {
	j := i + 1
	st := d.a.Stats
	if j >= len(st) || !d.sameSentence(i, j) {
		return -1
	}
	if st[j].Kind != stages.KindYear && !(st[j].Kind == stages.KindDate && !st[j].Date.IsZero()) {
		return -1
	}
	if st[j].Kind == stages.KindYear && st[j].Value == nil {
		return -1
	}
	g, ok := d.gap(i, j)
	if !ok || runeCount(g) > rangeGap {
		return -1
	}
	if _, ok := containsCue(g, d.c.rangeTo); !ok {
		return -1
	}
	return j
}

// since reports whether year statistic i follows "since".
func (d *doc) since(i int) bool {
	s := d.a.Stats[i]
	sp := d.sentSpan(d.sentOf[i])
	before := d.span(d.back(s.ByteStart, sp.Start, sinceWin), s.ByteStart)
	_, ok := hasSuffixCue(before, d.c.since)
	if !ok {
		// "since the year 2021": allow one word between the cue and the year.
		_, ok = containsCue(before, d.c.since)
		ok = ok && runeCount(before) <= sinceWin
	}
	return ok
}

func startOf(s stages.Statistic) stages.Date {
	if s.Kind == stages.KindYear && s.Value != nil {
		return stages.Date{Year: int(*s.Value), Month: 1, Day: 1}
	}
	dt := s.Date
	if dt.Month == 0 {
		dt.Month = 1
	}
	if dt.Day == 0 {
		dt.Day = 1
	}
	return dt
}

func endOf(s stages.Statistic) stages.Date {
	if s.Kind == stages.KindYear && s.Value != nil {
		return stages.Date{Year: int(*s.Value), Month: 12, Day: 31}
	}
	dt := s.Date
	switch dt.Precision() {
	case "year":
		return stages.Date{Year: dt.Year, Month: 12, Day: 31}
	case "month":
		return monthEnd(dt.Year, dt.Month)
	}
	return dt
}

func monthEnd(y int, m time.Month) stages.Date {
	t := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	return stages.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}
