package numbers

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/internal/sharedtest"
	"github.com/statharvest/statharvest/stages"
)

// casePublished is the article date the case files resolve implicit years against.
var casePublished = stages.Date{Year: 2024, Month: time.June, Day: 15}

type numCase struct {
	file  string
	line  int
	input string
	raw   string
	kind  string
	value string
	unit  string
	qual  string
	words bool
}

// loadCases reads testdata/cases/<lang>.tsv: input, raw, kind, value, unit,
// qualifier, words (trailing columns may be omitted; "-" is empty).
func loadCases(t testing.TB) map[string][]numCase {
	files, err := filepath.Glob("testdata/cases/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]numCase{}
	for _, f := range files {
		lang := strings.TrimSuffix(filepath.Base(f), ".tsv")
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		n := 0
		for sc.Scan() {
			n++
			line := sc.Text()
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			for len(cols) < 7 {
				cols = append(cols, "-")
			}
			for k := range cols {
				if cols[k] == "-" {
					cols[k] = ""
				}
			}
			out[lang] = append(out[lang], numCase{file: f, line: n, input: cols[0], raw: cols[1], kind: cols[2], value: cols[3], unit: cols[4], qual: cols[5], words: cols[6] == "words"})
		}
		fh.Close()
	}
	return out
}

func newStage(t testing.TB) *Stage {
	t.Helper()
	st, err := New(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func scan(st *Stage, lang, body string) []stages.Statistic {
	a := &stages.Article{ID: "case", Body: body, Lang: lang, Published: casePublished}
	if err := st.Process(context.Background(), a); err != nil {
		panic(err)
	}
	return a.Stats
}

// normValue renders a statistic's normalized value the way case files write it.
func normValue(s stages.Statistic) string {
	switch s.Kind {
	case stages.KindDate:
		d := s.Date
		switch {
		case d.Month == 0:
			return fmt.Sprintf("%04d", d.Year)
		case d.Day == 0:
			return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
		}
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case stages.KindYearRange:
		return fmt.Sprintf("%v-%v", *s.RangeStart, *s.RangeEnd)
	case stages.KindRatio:
		return fmt.Sprintf("%v/%v", *s.Numerator, *s.Denominator)
	}
	if s.Value == nil {
		return ""
	}
	return strconv.FormatFloat(*s.Value, 'f', -1, 64)
}

func describe(ss []stages.Statistic) string {
	var b strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&b, "{%q %s %s %q %s w=%v} ", s.Raw, s.Kind, normValue(s), s.Unit, s.Qualifier, s.Words)
	}
	return b.String()
}

func TestCases(t *testing.T) {
	st := newStage(t)
	cases := loadCases(t)
	if len(cases) == 0 {
		t.Fatal("no case files")
	}
	for lang, cs := range cases {
		for _, c := range cs {
			t.Run(lang+"/"+c.kind+"/"+c.raw, func(t *testing.T) {
				got := scan(st, lang, c.input)
				if c.kind == "none" {
					for _, s := range got {
						if s.Raw == c.raw {
							t.Errorf("%s:%d: Scan(%q) = %s, want no mention %q", c.file, c.line, c.input, describe(got), c.raw)
						}
					}
					return
				}
				for _, s := range got {
					if s.Raw != c.raw {
						continue
					}
					if s.Kind.String() != c.kind || normValue(s) != c.value || s.Unit != c.unit || s.Qualifier.String() != c.qual || s.Words != c.words {
						t.Errorf("%s:%d: Scan(%q) = %s, want {%q %s %s %q %s w=%v}", c.file, c.line, c.input, describe(got), c.raw, c.kind, c.value, c.unit, c.qual, c.words)
					}
					return
				}
				t.Errorf("%s:%d: Scan(%q) = %s, want a mention %q", c.file, c.line, c.input, describe(got), c.raw)
			})
		}
	}
}

// TestPositions joins every case of a language into one body with filler
// between them and checks each mention's offsets against a running position.
func TestPositions(t *testing.T) {
	st := newStage(t)
	for lang, cs := range loadCases(t) {
		var b strings.Builder
		want := map[int]string{}
		for _, c := range cs {
			if c.kind == "none" {
				continue
			}
			b.WriteString("\n— ")
			off := b.Len()
			b.WriteString(c.input)
			want[off+strings.Index(c.input, c.raw)] = c.raw
		}
		body := b.String()
		got := scan(st, lang, body)
		at := map[int]stages.Statistic{}
		for k, s := range got {
			if s.Seq != k {
				t.Errorf("%s: Seq %d at index %d", lang, s.Seq, k)
			}
			if body[s.ByteStart:s.ByteEnd] != s.Raw {
				t.Errorf("%s: body[%d:%d] = %q, Raw %q", lang, s.ByteStart, s.ByteEnd, body[s.ByteStart:s.ByteEnd], s.Raw)
			}
			at[s.ByteStart] = s
		}
		for off, raw := range want {
			if s, ok := at[off]; !ok || s.Raw != raw {
				t.Errorf("%s: no mention %q at byte %d (got %q)", lang, raw, off, s.Raw)
			}
		}
	}
}

func TestLexiconsCompile(t *testing.T) {
	lx, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	langs := lx.Langs()
	for _, want := range []string{"ar", "fa", "th", "ru", "vi", "en", "fr", "es", "de", "id", "zh", "ja", "ko"} {
		if lx.Lookup(want) == lx.und {
			t.Errorf("no lexicon for %s (have %v)", want, langs)
		}
	}
	if lx.Hash() == "" {
		t.Error("empty lexicon hash")
	}
}

func TestLexiconErrors(t *testing.T) {
	und := "lang: und\nunit_kinds: {month: duration}\n"
	for name, tc := range map[string]struct {
		file, body, line string
	}{
		"unknown field":   {"xx.yaml", "lang: xx\nbogus: 1\n", "xx.yaml"},
		"lang mismatch":   {"xx.yaml", "lang: yy\n", "xx.yaml:1"},
		"bad code":        {"xyz.yaml", "lang: xyz\n", "xyz.yaml:1"},
		"bad qualifier":   {"xx.yaml", "lang: xx\nqualifiers:\n  maybe: [perhaps]\n", "xx.yaml:3"},
		"bad scale":       {"xx.yaml", "lang: xx\nscales:\n  gazillion: 99\n", "xx.yaml:3"},
		"bad month":       {"xx.yaml", "lang: xx\nmonths:\n  smarch: 13\n", "xx.yaml:3"},
		"unit clash":      {"xx.yaml", "lang: xx\nunits:\n  person: [folk]\n  house: [folk]\n", "xx.yaml:3"},
		"word twice":      {"xx.yaml", "lang: xx\ncardinals: {one: 1}\nordinals: {one: 1}\n", "xx.yaml:2"},
		"separator clash": {"xx.yaml", "lang: xx\nambiguous_dot: group\nambiguous_comma: group\n", "xx.yaml"},
		"und only keys":   {"xx.yaml", "lang: xx\nfile_exts: [jpg]\n", "xx.yaml"},
		"bad unit name":   {"xx.yaml", "lang: xx\nunits:\n  Person: [folk]\n", "xx.yaml:3"},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{
				lexDir + "/und.yaml":   {Data: []byte(und)},
				lexDir + "/" + tc.file: {Data: []byte(tc.body)},
			}
			_, err := Load(fsys)
			if !errors.Is(err, ErrLexicon) {
				t.Fatalf("Load = %v, want ErrLexicon", err)
			}
			if !strings.Contains(err.Error(), tc.line) {
				t.Errorf("Load = %v, want position %s", err, tc.line)
			}
		})
	}
}

func TestNoLang(t *testing.T) {
	st := newStage(t)
	got := scan(st, "", "Tổng cộng 36 403 và 57,5% vào 2020-2025, xem http://x.vn/a-12345.html và img-2915.jpg")
	if len(got) != 3 {
		t.Fatalf("Scan = %s, want 3 mentions", describe(got))
	}
}

func TestProcessFields(t *testing.T) {
	st := newStage(t)
	body := "Có 12 hộ. Ảnh: 3 người"
	a := &stages.Article{ID: "abc", Body: body, Lang: "vi", Sentences: []stages.Span{{Start: 0, End: 10}, {Start: 11, End: len(body)}},
		Captions: []stages.Span{{Start: 11, End: len(body)}}}
	if err := st.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if len(a.Stats) != 2 {
		t.Fatalf("Stats = %s", describe(a.Stats))
	}
	s0, s1 := a.Stats[0], a.Stats[1]
	if s0.StatID != stages.HashID("abc", strconv.Itoa(s0.ByteStart), strconv.Itoa(s0.ByteEnd)) {
		t.Errorf("StatID = %s", s0.StatID)
	}
	if s0.Sentence != 0 || s1.Sentence != 1 || s0.InCaption || !s1.InCaption {
		t.Errorf("sentence/caption = %d %v, %d %v", s0.Sentence, s0.InCaption, s1.Sentence, s1.InCaption)
	}
}

// TestConcurrent runs one Stage from several goroutines: the compiled
// lexicon is shared read-only and each call takes its own Scanner.
func TestConcurrent(t *testing.T) {
	st := newStage(t)
	want := describe(scan(st, "ru", benchText))
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for k := 0; k < 20; k++ {
				if got := describe(scan(st, "ru", benchText)); got != want {
					t.Errorf("concurrent Scan differs:\n%s\nwant\n%s", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestScanAllocs checks that a warm Scanner allocates nothing.
func TestScanAllocs(t *testing.T) {
	st := newStage(t)
	var sc Scanner
	for _, lang := range []string{"ar", "fa", "th", "ru", "vi", "en", "zh"} {
		l := st.lex.Lookup(lang)
		run := func() {
			sc.Init(benchText, l, casePublished)
			sc.Scan()
		}
		run()
		if n := testing.AllocsPerRun(10, run); n != 0 {
			t.Errorf("%s: Scan allocates %v times per run", lang, n)
		}
	}
}

func TestLookupRegion(t *testing.T) {
	st := newStage(t)
	if st.lex.Lookup("pt-BR") != st.lex.Lookup("pt") || st.lex.Lookup("AR") != st.lex.Lookup("ar") {
		t.Error("Lookup does not strip regions or fold case")
	}
}

func FuzzScan(f *testing.F) {
	for _, cs := range loadCases(f) {
		for _, c := range cs {
			f.Add(c.input)
		}
	}
	f.Add("1.234.567,89 ٢٦٬٠١٣٫٩٤ 1'234 ۱۳۱,۵۴۸ 2020–2025 18-QDi/TU 3万 20:07 9/10")
	st := newStage(f)
	langs := append(st.lex.Langs(), "")
	plain := plainAutomata(st.lex)
	f.Fuzz(func(t *testing.T, body string) {
		lang := langs[len(body)%len(langs)]
		checkStreams(t, st.lex.Lookup(lang), lang, body)
		checkAnchored(t, plain, st.lex.Lookup(lang), lang, body)
		got := scan(st, lang, body)
		prev := 0
		for k, s := range got {
			if s.ByteStart < prev || s.ByteEnd <= s.ByteStart || s.ByteEnd > len(body) {
				t.Fatalf("%s: mention %d at [%d,%d) after %d in %q", lang, k, s.ByteStart, s.ByteEnd, prev, body)
			}
			if body[s.ByteStart:s.ByteEnd] != s.Raw {
				t.Fatalf("Raw %q != body slice", s.Raw)
			}
			for _, p := range []*float64{s.Value, s.Numerator, s.Denominator, s.RangeStart, s.RangeEnd} {
				if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
					t.Fatalf("non-finite value in %+v", s)
				}
			}
			prev = s.ByteEnd
		}
	})
}

const benchText = `In the first 9 months of 2023, the Party Committee admitted 1,250 new party members, reaching 104.5% of the plan; more than 36 403 people took part in 169 classes. Trong 9 tháng đầu năm 2023, toàn tỉnh kết nạp 1.250 đảng viên mới, đạt 104,5% kế hoạch; ngày 5/10/2023 tổ chức Đại hội lần thứ 17 nhiệm kỳ 2020-2025. За первые 3 года проведено 126 диалогов и почти 18 377 участников. خلال 9 أشهر تم قبول 88 عضوا جديدا بنسبة 57.5% من الهدف. کل استان ۱۳۱,۵۴۸ عضو حزب دارد. รับสมาชิกใหม่ 338 คน คิดเป็น 84.5% `

type benchBody struct{ lang, body string }

// sampleBodies returns the sample articles embedded in data/samples, each
// with its language: the file name's prefix, or the JSONL record's field.
func sampleBodies(b testing.TB) []benchBody {
	var out []benchBody
	ents, err := data.FS.ReadDir("samples")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range ents {
		raw, err := data.FS.ReadFile("samples/" + e.Name())
		if err != nil {
			b.Fatal(err)
		}
		switch {
		case strings.HasSuffix(e.Name(), ".txt"):
			out = append(out, benchBody{e.Name()[:strings.IndexByte(e.Name(), '_')], string(raw)})
		case strings.HasSuffix(e.Name(), ".jsonl"):
			sc := bufio.NewScanner(strings.NewReader(string(raw)))
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				var rec struct{ Lang, Text string }
				if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
					b.Fatal(err)
				}
				out = append(out, benchBody{rec.Lang, rec.Text})
			}
		}
	}
	return out
}

// seedBodies returns the seed pages of ../shared/seeds as the crawler
// delivered them, with the languages of their gold files.
func seedBodies(b testing.TB) []benchBody {
	dir := sharedtest.Seeds(b)
	langs := map[string]string{"000": "ar", "001": "ar", "002": "fa", "003": "th", "004": "ru"}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var out []benchBody
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, benchBody{langs[filepath.Base(f)[:3]], string(raw)})
	}
	return out
}

func benchBodies(b *testing.B, st *Stage, bodies []benchBody) {
	b.ReportAllocs()
	a := &stages.Article{ID: "bench"}
	benchEach(b, bodies, func(x benchBody) {
		a.Body, a.Lang, a.Stats = x.body, x.lang, nil
		if err := st.Process(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	})
}

// benchEach reports MB/s of do over bodies. Each language's automaton is
// built when its first body arrives, so one round runs before timing: that
// is start-up, not throughput.
func benchEach(b *testing.B, bodies []benchBody, do func(benchBody)) {
	total := 0
	for _, x := range bodies {
		total += len(x.body)
		do(x)
	}
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, x := range bodies {
			do(x)
		}
	}
}

// BenchmarkNumbers reports MB/s of the numbers stage alone, one goroutine,
// over the sample articles and the seed pages: the figure the stage is held
// to.
func BenchmarkNumbers(b *testing.B) {
	benchBodies(b, newStage(b), append(sampleBodies(b), seedBodies(b)...))
}

// BenchmarkNumbersSeeds reports MB/s over the seed pages alone.
func BenchmarkNumbersSeeds(b *testing.B) {
	benchBodies(b, newStage(b), seedBodies(b))
}

// BenchmarkNumbersSamples reports MB/s over the sample articles alone: short
// bodies with a number mention every 70 bytes or so, where the work per
// mention outweighs the work per byte.
func BenchmarkNumbersSamples(b *testing.B) {
	benchBodies(b, newStage(b), sampleBodies(b))
}

// BenchmarkNumbersPass reports MB/s of the indexing pass alone over the
// sample articles and the seed pages: the walk of the automaton over every
// byte and the handling of what it reports, without reading the mentions,
// their IDs or their records.
func BenchmarkNumbersPass(b *testing.B) {
	st := newStage(b)
	var sc Scanner
	benchEach(b, append(sampleBodies(b), seedBodies(b)...), func(x benchBody) {
		sc.Init(x.body, st.lex.Lookup(x.lang), stages.Date{})
		sc.index()
	})
	if len(sc.phr) == 0 && len(sc.ev) == 0 {
		b.Fatal("the last body's pass found nothing")
	}
}

// BenchmarkNumbersDense reports MB/s on text made of number mentions in six
// languages, where the per-mention work dominates.
func BenchmarkNumbersDense(b *testing.B) {
	var bodies []benchBody
	for _, l := range []string{"en", "vi", "ru", "ar", "fa", "th"} {
		bodies = append(bodies, benchBody{l, benchText})
	}
	benchBodies(b, newStage(b), bodies)
}

// TestStatIDIsHashID checks that the allocation-free statistic ID is the
// data contract's HashID.
func TestStatIDIsHashID(t *testing.T) {
	var x statIDs // reused: each reset must forget the article before
	for _, id := range []string{"", "case", strings.Repeat("f", 64), strings.Repeat("x", 300)} {
		for _, se := range [][2]int{{0, 1}, {7, 12}, {99, 100}, {123456, 1234567}, {1 << 40, 1<<40 + 3}} {
			want := stages.HashID(id, strconv.Itoa(se[0]), strconv.Itoa(se[1]))
			x.reset(id)
			x.add(0, 1) // an ID before must not change the next
			x.add(se[0], se[1])
			if got := x.ids()(1); got != want {
				t.Errorf("statIDs(%q) of [%d, %d) = %s, want %s", id, se[0], se[1], got, want)
			}
		}
	}
}
