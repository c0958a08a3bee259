// Package numbers is the statistics parser: it finds every number mention in
// an article body (digits of any script, number words, dates, ranges,
// ratios, document codes) and normalizes it into stages.Statistic records.
// All language knowledge comes from data/lexicons/numbers.
package numbers

import (
	"context"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"hash"
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
	sc.ids.reset(a.ID)
	for _, m := range ms {
		sc.ids.add(m.start, m.end)
	}
	id := sc.ids.ids()
	// The values live in one slab per article rather than one allocation
	// each; at most two per statistic.
	slab := make([]float64, 0, 2*len(ms))
	for k, m := range ms {
		out[k] = toStatistic(a, k, m, &slab)
		out[k].StatID = id(k)
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

// statIDs makes the statistic IDs of one article, each
// stages.HashID(articleID, strconv.Itoa(start), strconv.Itoa(end)). The
// article's part of the hash is taken once per article and the IDs are cut
// from one string: per statistic only the offsets are hashed, and nothing
// is allocated.
type statIDs struct {
	h     hash.Hash
	state []byte // the hash state after the article ID and its separator
	buf   []byte
	sum   []byte
	hex   []byte // the IDs so far, 32 bytes each
}

// reset starts the IDs of the article with ID articleID.
func (x *statIDs) reset(articleID string) {
	if x.h == nil {
		x.h = sha256.New()
	}
	x.h.Reset()
	x.buf = append(append(x.buf[:0], articleID...), 0)
	x.h.Write(x.buf)
	var err error
	if x.state, err = x.h.(encoding.BinaryAppender).AppendBinary(x.state[:0]); err != nil {
		panic(err) // a sha256 state always marshals
	}
	x.hex = x.hex[:0]
}

// add appends the ID of the statistic at [start, end).
func (x *statIDs) add(start, end int) {
	if err := x.h.(encoding.BinaryUnmarshaler).UnmarshalBinary(x.state); err != nil {
		panic(err) // the state came from the same hash
	}
	b := strconv.AppendInt(x.buf[:0], int64(start), 10)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(end), 10)
	b = append(b, 0)
	x.buf = b
	x.h.Write(b)
	x.sum = x.h.Sum(x.sum[:0])
	x.hex = hex.AppendEncode(x.hex, x.sum[:16])
}

// ids returns the IDs added since reset, in order.
func (x *statIDs) ids() func(k int) string {
	all := string(x.hex)
	return func(k int) string { return all[32*k : 32*k+32] }
}
