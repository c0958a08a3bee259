package kpis

import (
	"sort"
	"strings"

	"github.com/statharvest/statharvest/stages"
)

// choice is the metric chosen for one figure.
type choice struct {
	name, unit, surface string
	conf                float64
}

// metricFor picks the metric of statistic i whose unit is unit ("" when the
// number has none): the taxonomy metric whose cues sit nearest the figure,
// else the one metric whose expected unit this is, else a generic metric
// from the unit and the governing verb. An empty name means: not a KPI.
func (d *doc) metricFor(i int, unit string) choice {
	st := d.a.Stats[i]
	clo, chi := d.context(i)
	r := d.reachOf(i)
	after := r.hiCount
	if st.Kind == stages.KindPercent {
		after = r.hiPercent
	}
	lo := max(clo, r.lo)
	hi := min(chi, after)
	hi = max(hi, st.ByteEnd)

	scores, hits := d.cueScores(i, lo, hi)
	best, bestScore, bestPrimary := -1, 0.0, false
	var bestHit hit
	primaries := 0
	primary := -1
	for mi, m := range d.lx.metrics {
		if unit != "" && !contains(m.units, unit) {
			continue
		}
		isPrimary := unit != "" && m.units[0] == unit
		if isPrimary {
			primaries++
			primary = mi
		}
		score := scores[mi]
		if score > bestScore || (score == bestScore && score > 0 && isPrimary && !bestPrimary) {
			best, bestScore, bestHit, bestPrimary = mi, score, hits[mi], isPrimary
		}
	}
	if best >= 0 && (unit != "" || bestScore >= 0.5) {
		m := d.lx.metrics[best]
		u := unit
		if u == "" || contains(m.refines, u) {
			u = m.units[0]
		}
		return choice{name: m.name, unit: u, surface: d.surface(st.ByteStart, st.ByteEnd, bestHit), conf: 0.5 + 0.4*min(bestScore, 1)}
	}
	if unit == "" {
		return choice{}
	}
	if primaries == 1 {
		return choice{name: d.lx.metrics[primary].name, unit: unit, surface: st.Raw, conf: 0.5}
	}
	// Generic metric: "<units> <verb>", from the verb governing the figure.
	name := d.lx.plural(unit)
	conf := 0.3
	surface := st.Raw
	var verb string
	var vh hit
	vlo := max(lo, d.back(st.ByteStart, lo, verbBefore))
	// Each verb's occurrences in [vlo, ByteStart), left to right, not
	// overlapping one another; the last to end wins.
	if flo, fhi := max(0, vlo), min(len(d.folded), st.ByteStart); flo < fhi {
		seg := d.folded[flo:fhi]
		for _, v := range d.c.verbs {
			c := v.cue
			if c == "" {
				continue
			}
			for off := 0; off < len(seg); {
				j := strings.Index(seg[off:], c)
				if j < 0 {
					break
				}
				if h := (hit{start: flo + off + j, end: flo + off + j + len(c), cue: c}); h.end > vh.end {
					vh, verb = h, v.verb
				}
				off += j + len(c)
			}
		}
	}
	if verb != "" {
		name += " " + verb
		conf = 0.4
		surface = d.surface(st.ByteStart, st.ByteEnd, vh)
	}
	return choice{name: name, unit: unit, surface: surface, conf: conf}
}

// cueScores gives every metric the sum, over its distinct cues found in
// [lo, hi), of a weight that falls with the distance in runes from figure i,
// halved for a cue in a neighbouring sentence; and its nearest hit.
func (d *doc) cueScores(i, lo, hi int) ([]float64, []hit) {
	s, e := d.a.Stats[i].ByteStart, d.a.Stats[i].ByteEnd
	// Per-metric scratch, reused across the figures of one article: the
	// caller reads the results before the next call.
	n := len(d.lx.metrics)
	if d.scores == nil {
		d.scores, d.nearest, d.nearDist = make([]float64, n), make([]hit, n), make([]int, n)
	} else {
		clear(d.scores)
		clear(d.nearest)
		clear(d.nearDist)
	}
	scores, nearest, nearDist := d.scores, d.nearest, d.nearDist
	bests := d.bests[:0]
	defer func() { d.bests = bests[:0] }()
	k := sort.Search(len(d.mhits), func(k int) bool { return d.mhits[k].start >= lo })
	for ; k < len(d.mhits) && d.mhits[k].start < hi; k++ {
		h := d.mhits[k]
		if h.end > hi || (h.start < e && h.end > s) {
			continue // outside the window, or inside the number itself
		}
		var dist int
		if h.end <= s {
			dist = runeCount(d.span(h.end, s))
		} else {
			dist = runeCount(d.span(e, h.start))
		}
		w := 1 / (1 + float64(dist)/8)
		if h.start >= e {
			w *= afterBonus // the counted noun
		}
		if d.a.SentenceOf(h.start) != d.sentOf[i] {
			w /= 2 // a neighbouring sentence
		}
	metrics:
		for _, m := range d.mt.metrics[h.id] {
			if nearDist[m] == 0 || dist+1 < nearDist[m] {
				nearest[m], nearDist[m] = h.hit, dist+1
			}
			for j := range bests {
				if bests[j].m == m && bests[j].cue == h.id {
					bests[j].w = max(bests[j].w, w)
					continue metrics
				}
			}
			bests = append(bests, cueBest{m, h.id, w})
		}
	}
	for _, b := range bests {
		scores[b.m] += b.w
	}
	return scores, nearest
}

// cueBest is the best weight of one cue of one metric near a figure.
type cueBest struct {
	m, cue int
	w      float64
}

// surface is the body text from the cue to the figure, whichever comes
// first, when the cue is in the figure's sentence.
func (d *doc) surface(s, e int, h hit) string {
	if h.end == 0 || d.a.SentenceOf(h.start) != d.a.SentenceOf(s) {
		return d.a.Body[s:e]
	}
	lo, hi := min(s, h.start), max(e, h.end)
	return strings.TrimSpace(d.a.Body[lo:hi])
}

func (lx *Lexicon) plural(unit string) string {
	if p, ok := lx.plurals[unit]; ok {
		return p
	}
	u := strings.ReplaceAll(unit, "_", " ")
	switch {
	case strings.HasSuffix(u, "s"), strings.HasSuffix(u, "x"), strings.HasSuffix(u, "ch"), strings.HasSuffix(u, "sh"):
		return u + "es"
	case strings.HasSuffix(u, "y") && len(u) > 1 && !strings.ContainsRune("aeiou", rune(u[len(u)-2])):
		return u[:len(u)-1] + "ies"
	}
	return u + "s"
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
