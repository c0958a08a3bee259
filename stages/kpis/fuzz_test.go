package kpis

import (
	"context"
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/statharvest/statharvest/stages"
)

// statsFrom turns fuzz bytes into statistics over body: each 8 bytes give a
// start, a length, a kind, a unit choice and a value. Offsets may fall
// anywhere, even outside the body, as a buggy upstream stage could produce.
func statsFrom(body string, b []byte) []stages.Statistic {
	units := []string{"", "person", "party_member", "percent", "household", "month", "occasion"}
	var out []stages.Statistic
	for i := 0; i+8 <= len(b) && len(out) < 64; i += 8 {
		start := int(binary.LittleEndian.Uint16(b[i:])) % (len(body) + 2)
		end := start + int(b[i+2]%16)
		v := float64(int16(binary.LittleEndian.Uint16(b[i+4:])))
		if b[i+6]%13 == 0 {
			v = math.NaN()
		}
		st := stages.Statistic{
			StatID: string(rune('a' + len(out))), ByteStart: start, ByteEnd: end,
			Kind: stages.Kind(b[i+3] % 12), Unit: units[int(b[i+7])%len(units)],
			Value: stages.Float(v), Words: b[i+6]%2 == 1, Qualifier: stages.Qualifier(b[i+6] % 6),
			Sentence: int(b[i+7]%5) - 1,
		}
		switch st.Kind {
		case stages.KindRatio:
			st.Numerator, st.Denominator = stages.Float(v), stages.Float(float64(b[i+6]))
		case stages.KindYearRange:
			st.RangeStart, st.RangeEnd = stages.Float(2020), stages.Float(v)
		case stages.KindDate:
			st.Date = stages.Date{Year: int(b[i+6]) + 1950, Month: time.Month(1 + b[i+7]%12), Day: int(b[i+7] % 29)}
		}
		out = append(out, st)
	}
	return out
}

func FuzzExtract(f *testing.F) {
	for _, c := range kpiCases {
		var seed []byte
		off := 0
		for _, s := range c.stats {
			j := strings.Index(c.body[off:], s.raw)
			if j < 0 {
				break
			}
			var rec [8]byte
			binary.LittleEndian.PutUint16(rec[0:], uint16(off+j))
			rec[2] = byte(len(s.raw))
			rec[3] = byte(s.kind)
			binary.LittleEndian.PutUint16(rec[4:], uint16(int16(s.value)))
			rec[6] = 2
			rec[7] = 1
			seed = append(seed, rec[:]...)
			off += j + len(s.raw)
		}
		f.Add(c.lang, c.body, seed, true)
	}
	lx, err := Load(dataFS())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lang, body string, b []byte, withSentences bool) {
		a := &stages.Article{ID: "fuzz", Lang: lang, Body: body, Published: stages.Date{Year: 2024, Month: 3, Day: 1}}
		if withSentences {
			for i := 0; i < len(body); i += 37 {
				a.Sentences = append(a.Sentences, stages.Span{Start: i, End: min(len(body), i+37)})
			}
		}
		a.Stats = statsFrom(body, b)
		a.Orgs = []stages.OrgMention{{Org: stages.Organization{OrgID: "o"}, ByteStart: len(body) / 2, ByteEnd: len(body)/2 + 1}}
		s := &Stage{lx: lx}
		if err := s.Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, x := range a.Stats {
			ids[x.StatID] = true
		}
		for _, k := range a.KPIs {
			if !ids[k.StatID] {
				t.Errorf("KPI refers to unknown statistic %q", k.StatID)
			}
			if math.IsNaN(k.Value) || math.IsInf(k.Value, 0) || k.Confidence <= 0 || k.Confidence > 1 {
				t.Errorf("KPI value %v, confidence %v", k.Value, k.Confidence)
			}
			if k.Metric == "" || k.Unit == "" {
				t.Errorf("KPI without metric or unit: %+v", k)
			}
			if !strings.Contains(body, k.MetricSurface) {
				t.Errorf("metric_surface %q is not body text", k.MetricSurface)
			}
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	lx, err := Load(dataFS())
	if err != nil {
		b.Fatal(err)
	}
	var arts []*stages.Article
	size := 0
	for _, c := range kpiCases {
		a := article(b, c.lang, c.body, c.published, c.stats)
		arts = append(arts, a)
		size += len(a.Body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range arts {
			a.KPIs = lx.Extract(a)
		}
	}
}

// BenchmarkExtractLong runs one long article: every case body, repeated,
// joined by line breaks, as a 10-20 KB news page with its statistics.
func BenchmarkExtractLong(b *testing.B) {
	lx, err := Load(dataFS())
	if err != nil {
		b.Fatal(err)
	}
	long := &stages.Article{ID: "long", Lang: ""}
	var body strings.Builder
	for rep := 0; rep < 4; rep++ {
		for _, c := range kpiCases {
			a := article(b, c.lang, c.body, c.published, c.stats)
			base := body.Len()
			body.WriteString(a.Body)
			body.WriteString("\n")
			for _, s := range a.Sentences {
				long.Sentences = append(long.Sentences, stages.Span{Start: s.Start + base, End: s.End + base})
			}
			for _, s := range a.Stats {
				s.ByteStart += base
				s.ByteEnd += base
				s.Sentence = -1
				long.Stats = append(long.Stats, s)
			}
		}
	}
	long.Body = body.String()
	b.SetBytes(int64(len(long.Body)))
	b.ReportAllocs()
	for b.Loop() {
		long.KPIs = lx.Extract(long)
	}
}

// FuzzSteps checks the byte-stepping rune walks and the indexed clause
// bounds against the plain decoding and scanning they replace.
func FuzzSteps(f *testing.F) {
	f.Add("Doanh thu đạt 120 tỷ; lợi nhuận • 15%", 10, 2, 30)
	f.Add("ร้อยละ 84.5 ของเป้าหมาย؛ 891 ครั้ง", 7, 0, 5)
	f.Add("a\xffb;;c\xe2\x80", 3, 1, 4)
	f.Add("first line\nsecond; line\n\nthird 12%\n", 14, 11, 20)
	f.Fuzz(func(t *testing.T, s string, off, lo, n int) {
		if len(s) > 4096 || n < 0 || n > 1000 {
			return
		}
		d := &doc{folded: s, utf8ok: utf8.ValidString(s), c: &cues{breaks: []string{";", "؛", "•", ";;", ""}},
			a: &stages.Article{Body: s}}
		if got, want := d.back(off, lo, n), runesBack(s, off, lo, n); got != want {
			t.Fatalf("back(%d, %d, %d) = %d, want %d", off, lo, n, got, want)
		}
		if got, want := d.fwd(off, lo+off, n), runesFwd(s, off, lo+off, n); got != want {
			t.Fatalf("fwd(%d, %d, %d) = %d, want %d", off, lo+off, n, got, want)
		}
		if got, want := d.line(off), lineScan(s, off); got != want {
			t.Fatalf("line(%d) = %v, want %v", off, got, want)
		}
		if off < 0 || off > len(s) {
			return
		}
		end := min(len(s), off+max(0, n%8))
		d.a.Stats = []stages.Statistic{{ByteStart: off, ByteEnd: end}}
		sp := stages.Span{Start: max(0, min(lo, off)), End: min(len(s), end+max(0, n))}
		glo, ghi := d.bounded(0, sp)
		wlo, whi := boundedScan(d, 0, sp)
		if glo != wlo || ghi != whi {
			t.Fatalf("bounded = %d,%d, want %d,%d", glo, ghi, wlo, whi)
		}
	})
}

// lineScan is line by searching the body around off.
func lineScan(body string, off int) stages.Span {
	off = max(0, min(off, len(body)))
	lo := strings.LastIndexByte(body[:off], '\n') + 1
	hi := len(body)
	if j := strings.IndexByte(body[off:], '\n'); j >= 0 {
		hi = off + j
	}
	return stages.Span{Start: lo, End: hi}
}

// boundedScan is bounded by rescanning the spans.
func boundedScan(d *doc, i int, sp stages.Span) (int, int) {
	st := d.a.Stats[i]
	lo, hi := sp.Start, sp.End
	if st.ByteStart < lo || st.ByteEnd > hi {
		return max(0, min(st.ByteStart, len(d.a.Body))), max(0, min(st.ByteEnd, len(d.a.Body)))
	}
	for _, b := range d.c.breaks {
		if j := strings.LastIndex(d.span(lo, st.ByteStart), b); j >= 0 {
			lo = max(lo, lo+j+len(b))
		}
		if j := strings.Index(d.span(st.ByteEnd, hi), b); j >= 0 {
			hi = min(hi, st.ByteEnd+j)
		}
	}
	return lo, hi
}
