package events

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages"
)

// statsFrom turns fuzz bytes into statistics with arbitrary offsets, as a
// buggy upstream stage could produce.
func statsFrom(body string, b []byte) []stages.Statistic {
	var out []stages.Statistic
	for i := 0; i+6 <= len(b) && len(out) < 64; i += 6 {
		start := int(binary.LittleEndian.Uint16(b[i:])) % (len(body) + 2)
		st := stages.Statistic{ByteStart: start, ByteEnd: start + int(b[i+2]%16), Kind: stages.Kind(b[i+3] % 12)}
		v := float64(b[i+4])
		st.Value = stages.Float(v)
		st.RangeStart, st.RangeEnd = stages.Float(2000+v), stages.Float(2005+v)
		st.Date = stages.Date{Year: int(b[i+5]) * 10, Month: time.Month(b[i+5] % 13), Day: int(b[i+4] % 32)}
		out = append(out, st)
	}
	return out
}

func FuzzExtract(f *testing.F) {
	for _, c := range cases {
		var seed []byte
		off := 0
		for _, s := range c.stats {
			j := strings.Index(c.body[off:], s.raw)
			if j < 0 {
				break
			}
			var rec [6]byte
			binary.LittleEndian.PutUint16(rec[0:], uint16(off+j))
			rec[2], rec[3], rec[4], rec[5] = byte(len(s.raw)), byte(s.kind), byte(s.v), 202
			seed = append(seed, rec[:]...)
			off += j + len(s.raw)
		}
		f.Add(c.lang, c.body, seed)
	}
	lx, err := Load(data.FS)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lang, body string, b []byte) {
		a := &stages.Article{Lang: lang, Body: body, Published: stages.Date{Year: 2024}}
		for i := 0; i < len(body); i += 29 {
			a.Sentences = append(a.Sentences, stages.Span{Start: i, End: min(len(body), i+29)})
		}
		a.Stats = statsFrom(body, b)
		a.Orgs = []stages.OrgMention{{Org: stages.Organization{OrgID: "o", NameEn: "Committee"}, ByteStart: len(body) / 3, ByteEnd: len(body) / 2}}
		if err := (&Stage{lx: lx}).Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, e := range a.Events {
			if e.ByteStart < 0 || e.ByteEnd > len(body) || e.ByteStart > e.ByteEnd || body[e.ByteStart:e.ByteEnd] != e.Surface {
				t.Fatalf("event surface %q at [%d,%d) does not match the body", e.Surface, e.ByteStart, e.ByteEnd)
			}
			if !validType(e.Type) || e.NameEn == "" {
				t.Errorf("event type %q, name %q", e.Type, e.NameEn)
			}
			if ids[e.EventID] {
				t.Errorf("event id %s twice in one article", e.EventID)
			}
			ids[e.EventID] = true
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	lx, err := Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	var arts []*stages.Article
	size := 0
	for _, c := range cases {
		a := article(b, c.lang, c.body, c.stats)
		arts = append(arts, a)
		size += len(a.Body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range arts {
			a.Events = lx.Extract(a)
		}
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	for _, c := range []struct{ name, file, body, want string }{
		{"unknown type", "en.yaml", "types:\n  party: [party]\n", "unknown event type"},
		{"duplicate cue", "en.yaml", "types:\n  meeting: [meeting]\n  conference: [Meeting]\n", "duplicate cue \"meeting\""},
		{"empty cue", "en.yaml", "types:\n  meeting: ['  ']\n", "en.yaml:2: meeting: empty cue"},
		{"unknown field", "en.yaml", "typez: {}\n", "field typez not found"},
		{"bad specificity", "und.yaml", "specificity: [gala]\n", "unknown event type"},
		{"bad file name", "english.yaml", "types: {}\n", "not a language code"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{lexiconDir + "/" + c.file: {Data: []byte(c.body)}}
			if _, err := Load(fsys); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load() = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestEmbeddedLexicon(t *testing.T) {
	lx, err := Load(data.FS)
	if err != nil {
		t.Fatalf("Load(data.FS) = %v", err)
	}
	for _, l := range []string{"ar", "en", "fa", "ru", "th", "vi"} {
		if len(lx.langs[l]) == 0 {
			t.Errorf("no event nouns for %s", l)
		}
	}
}

// BenchmarkExtractLong runs one long article: every case body, repeated,
// joined by line breaks, as a 10-20 KB news page with its statistics.
func BenchmarkExtractLong(b *testing.B) {
	lx, err := Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	long := &stages.Article{ID: "long", Lang: ""}
	var body strings.Builder
	for rep := 0; rep < 4; rep++ {
		for _, c := range cases {
			a := article(b, c.lang, c.body, c.stats)
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
		long.Events = lx.Extract(long)
	}
}
