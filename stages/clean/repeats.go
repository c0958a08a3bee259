package clean

import (
	"hash/maphash"
	"strings"
	"unicode/utf8"
)

// Menus, banners and footers repeat across the articles of one site, so a
// line found in many articles of a run is boilerplate even when no cue word
// marks it. The per-article stage cannot see other articles: the pipeline
// counts lines in a pre-pass and hands the frozen counts to the stage.
//
//	counter := stage.NewRepeatCounter()
//	for each article: counter.Observe(article.Raw)   // one goroutine
//	stage = stage.WithRepeats(counter.Repeats())
//
// Only short lines are counted (maxRepeatRunes, maxRepeatWords): paragraphs
// that repeat are duplicated articles, not boilerplate, and skipping them
// keeps the table small (about 40 bytes per distinct short line, at most
// maxRepeatKeys lines).

// maxRepeatRunes and maxRepeatWords bound the lines counted: menus and
// footers are short.
const (
	maxRepeatRunes = 160
	maxRepeatWords = 25
)

// maxRepeatKeys bounds the counter's memory (about 40 MiB): once full, it
// still counts the lines it knows, which the first articles of a site
// already showed it.
const maxRepeatKeys = 1 << 20

// RepeatCounter counts, for each short line, how many articles contain it.
// It is not safe for concurrent use.
type RepeatCounter struct {
	seed   maphash.Seed
	pages  []codepage
	runes  *runeTable
	counts map[uint64]int32
	docs   int
	seen   map[uint64]struct{} // per-article scratch
}

// NewRepeatCounter returns an empty counter that decodes articles as s does.
func (s *Stage) NewRepeatCounter() *RepeatCounter {
	return &RepeatCounter{seed: maphash.MakeSeed(), pages: s.pages, runes: s.runes, counts: map[uint64]int32{}, seen: map[uint64]struct{}{}}
}

// Observe counts the distinct short lines of one raw article. Inputs that do
// not decode are skipped: the stage rejects them later.
func (c *RepeatCounter) Observe(raw []byte) {
	text, _, err := decode(raw, c.pages)
	if err != nil {
		return
	}
	c.docs++
	clear(c.seen)
	for _, l := range strings.Split(c.runes.normalize(text), "\n") {
		k, ok := repeatKey(c.seed, l)
		if !ok {
			continue
		}
		if _, dup := c.seen[k]; dup {
			continue
		}
		c.seen[k] = struct{}{}
		if _, known := c.counts[k]; known || len(c.counts) < maxRepeatKeys {
			c.counts[k]++
		}
	}
}

// Repeats freezes the counts. A line is boilerplate when it occurs in at
// least MinDocs(articles) articles. The counter must not be used afterwards.
func (c *RepeatCounter) Repeats() *Repeats {
	least := MinDocs(c.docs)
	keep := map[uint64]struct{}{}
	for k, n := range c.counts {
		if int(n) >= least {
			keep[k] = struct{}{}
		}
	}
	c.counts, c.seen = nil, nil
	return &Repeats{seed: c.seed, lines: keep, docs: c.docs}
}

// MinDocs is the number of articles a line must occur in to count as
// repeated in a run of docs articles: 5 % of the run, and never fewer than 3,
// so that two articles quoting the same sentence do not lose it.
func MinDocs(docs int) int {
	return max(3, (docs+19)/20)
}

// Repeats is the frozen set of lines repeated across a run. It is immutable
// and safe for concurrent use.
type Repeats struct {
	seed  maphash.Seed
	lines map[uint64]struct{}
	docs  int
}

// Has reports whether line is one of the repeated lines.
func (r *Repeats) Has(line string) bool {
	if r == nil || len(r.lines) == 0 {
		return false
	}
	k, ok := repeatKey(r.seed, line)
	if !ok {
		return false
	}
	_, hit := r.lines[k]
	return hit
}

// Len returns the number of distinct repeated lines.
func (r *Repeats) Len() int {
	if r == nil {
		return 0
	}
	return len(r.lines)
}

// repeatKey hashes a line with its case and spacing folded. Numbers stay in
// the key, so "Bình luận (3)" and "Bình luận (0)" differ; cue words catch those.
func repeatKey(seed maphash.Seed, l string) (uint64, bool) {
	l = strings.TrimSpace(l)
	if l == "" || utf8.RuneCountInString(l) > maxRepeatRunes {
		return 0, false
	}
	ws := strings.Fields(fold(l))
	if len(ws) > maxRepeatWords {
		return 0, false
	}
	return maphash.String(seed, strings.Join(ws, " ")), true
}
