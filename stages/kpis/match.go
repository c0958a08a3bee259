package kpis

import (
	"sort"

	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/internal/match"
)

// cueTable is the metric cues of one language compiled into a matcher:
// cue id -> the metrics it points to.
type cueTable struct {
	m       *match.Matcher
	metrics [][]int
}

// cueHit is a hit of cue id.
type cueHit struct {
	hit
	id int
}

// find returns every cue occurrence inside the windows of folded (sorted,
// not overlapping), ordered by start.
func (t *cueTable) find(folded string, windows []stages.Span) []cueHit {
	var out []cueHit
	for _, w := range windows {
		lo, hi := max(0, w.Start), min(len(folded), w.End)
		if lo >= hi {
			continue
		}
		t.m.Each(folded[lo:hi], func(id, s, e int) {
			out = append(out, cueHit{hit: hit{start: lo + s, end: lo + e}, id: id})
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// buildTables compiles the metric cues of every language, and of "" (every
// language), into matchers.
func (lx *Lexicon) buildTables() {
	lx.tables = map[string]*cueTable{}
	langs := map[string]bool{"": true}
	for l := range lx.langs {
		langs[l] = true
	}
	for _, m := range lx.metrics {
		for l := range m.cues {
			langs[l] = true
		}
	}
	for l := range langs {
		ids := map[string]int{}
		var pats []string
		var metrics [][]int
		for mi, m := range lx.metrics {
			cs := m.cues[l]
			if len(cs) == 0 {
				cs = m.cues[""]
			}
			for _, c := range cs {
				id, ok := ids[c]
				if !ok {
					id = len(pats)
					ids[c] = id
					pats = append(pats, c)
					metrics = append(metrics, nil)
				}
				if !containsInt(metrics[id], mi) {
					metrics[id] = append(metrics[id], mi)
				}
			}
		}
		lx.tables[l] = &cueTable{m: match.New(pats), metrics: metrics}
	}
}

// table returns the metric cue table of lang, or of every language.
func (lx *Lexicon) table(lang string) *cueTable {
	if t, ok := lx.tables[lang]; ok {
		return t
	}
	return lx.tables[""]
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
