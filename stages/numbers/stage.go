// Package numbers is the statistics parser: it finds every number mention in
// an article body (digits of any script, number words, dates, ranges,
// ratios, document codes) and normalizes it into stages.Statistic records.
// All language knowledge comes from data/lexicons/numbers.
package numbers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"strconv"
	"sync"

	"github.com/statharvest/statharvest/stages"
)

// Stage is the numbers stage. It holds only the compiled lexicon and a pool
// of scanners, so one value serves every worker.
type Stage struct {
	lex  *Lexicon
	pool sync.Pool
}

// New compiles lexicons/numbers/*.yaml from fsys, the root of the data tree.
func New(fsys fs.FS) (*Stage, error) {
	lex, err := Load(fsys)
	if err != nil {
		return nil, err
	}
	st := &Stage{lex: lex}
	st.pool.New = func() any { return new(Scanner) }
	return st, nil
}

// Lexicon returns the compiled lexicon.
func (st *Stage) Lexicon() *Lexicon { return st.lex }

// Process fills a.Stats from a.Body. It reads Body, Lang, Published,
// Sentences and Captions and writes nothing else.
func (st *Stage) Process(ctx context.Context, a *stages.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	sc := st.pool.Get().(*Scanner)
	defer st.pool.Put(sc)
	sc.Init(a.Body, st.lex.Lookup(a.Lang), a.Published)
	ms := sc.Scan()
	if len(ms) == 0 {
		a.Stats = nil
		return nil
	}
	out := make([]stages.Statistic, len(ms))
	// The values live in one slab per article rather than one allocation
	// each; at most two per statistic.
	slab := make([]float64, 0, 2*len(ms))
	for k, m := range ms {
		out[k] = toStatistic(a, k, m, &slab)
	}
	a.Stats = out
	return nil
}

func toStatistic(a *stages.Article, seq int, m mention, slab *[]float64) stages.Statistic {
	float := func(v float64) *float64 {
		*slab = append(*slab, v)
		return &(*slab)[len(*slab)-1]
	}
	st := stages.Statistic{
		StatID:    statID(a.ID, m.start, m.end),
		Seq:       seq,
		Raw:       a.Body[m.start:m.end],
		ByteStart: m.start,
		ByteEnd:   m.end,
		Kind:      m.kind,
		Unit:      m.unit,
		Qualifier: m.qual,
		Words:     m.words,
		Sentence:  a.SentenceOf(m.start),
		Date:      m.date,
	}
	switch m.kind {
	case stages.KindDate, stages.KindYearRange, stages.KindTime:
	default:
		if m.hasVal {
			st.Value = float(m.val)
		}
	}
	if m.kind == stages.KindRatio {
		st.Numerator, st.Denominator = float(m.num), float(m.den)
	}
	if m.kind == stages.KindYearRange {
		st.RangeStart, st.RangeEnd = float(m.rs), float(m.re)
	}
	for _, c := range a.Captions {
		if m.start >= c.Start && m.start < c.End {
			st.InCaption = true
			break
		}
	}
	return st
}

// statID is stages.HashID(articleID, strconv.Itoa(start), strconv.Itoa(end))
// without its per-part allocations: one string per statistic.
func statID(articleID string, start, end int) string {
	var stack [160]byte
	b := append(stack[:0], articleID...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(start), 10)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(end), 10)
	b = append(b, 0)
	sum := sha256.Sum256(b)
	var out [32]byte
	hex.Encode(out[:], sum[:16])
	return string(out[:])
}
