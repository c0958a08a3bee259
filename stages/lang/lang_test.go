package lang

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages"
)

type sample struct{ lang, text string }

// loadTexts reads testdata/texts.tsv: paragraphs we wrote, one per line,
// in the style of the articles, for languages the detector must separate.
func loadTexts(t testing.TB) []sample {
	t.Helper()
	f, err := os.Open("testdata/texts.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		k, v, ok := strings.Cut(l, "\t")
		if !ok {
			t.Fatalf("testdata/texts.tsv: no tab in %q", l)
		}
		out = append(out, sample{k, v})
	}
	return out
}

func newStage(t testing.TB) *Stage {
	t.Helper()
	s, err := New(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDetect(t *testing.T) {
	s := newStage(t)
	counts := map[string]int{}
	for _, c := range loadTexts(t) {
		counts[c.lang]++
		t.Run(c.lang, func(t *testing.T) {
			if got := s.Detect(c.text); got != c.lang {
				t.Errorf("Detect(%.40q…) = %q, want %q", c.text, got, c.lang)
			}
		})
	}
	// The confusable pairs the product must separate are all present.
	for _, l := range []string{"ar", "fa", "ur", "ru", "uk", "bg", "vi", "fr", "en", "th", "zh"} {
		if counts[l] == 0 {
			t.Errorf("testdata/texts.tsv has no %s text", l)
		}
	}
}

func TestProcessHintWins(t *testing.T) {
	s := newStage(t)
	tests := []struct{ hint, body, want string }{
		{"fa-IR", "Вчера утром провинциальный комитет партии провёл совещание по итогам работы.", "fa"},
		{"RU", "The provincial Party Committee held a meeting yesterday morning to review the work.", "ru"},
		{"", "The provincial Party Committee held a meeting yesterday morning to review the work.", "en"},
		{"not a tag!", "The provincial Party Committee held a meeting yesterday morning to review the work.", "en"},
		{"", "12 345 — 67", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		a := &stages.Article{Body: tc.body, Hints: stages.Hints{Lang: tc.hint}}
		if err := s.Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		if a.Lang != tc.want {
			t.Errorf("Process(hint %q, %.30q) Lang = %q, want %q", tc.hint, tc.body, a.Lang, tc.want)
		}
	}
}

func TestDetectLongBodyCutsAtRuneBoundary(t *testing.T) {
	s := newStage(t)
	body := strings.Repeat("Вчера утром комитет провёл совещание. ", 500)
	if got := s.Detect(body); got != "ru" {
		t.Errorf("Detect(long Russian) = %q, want ru", got)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for name, text := range map[string]string{
		"unknown key":  "max_bytes: 10\nmin_letters: 1\nbogus: 1\n",
		"bad iso639-1": "max_bytes: 10\niso639_3: {pes: farsi}\n",
		"bad iso639-3": "max_bytes: 10\niso639_3: {pe: fa}\n",
		"no max_bytes": "min_letters: 3\n",
	} {
		fsys := fstest.MapFS{ConfigFile: {Data: []byte(text)}}
		if _, err := New(fsys); err == nil {
			t.Errorf("New(%s) = nil error, want one", name)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	s := newStage(b)
	texts := loadTexts(b)
	var body strings.Builder
	for _, c := range texts {
		if c.lang == "ru" {
			body.WriteString(c.text + "\n")
		}
	}
	text := strings.Repeat(body.String(), 4)
	b.SetBytes(int64(min(len(text), s.maxBytes)))
	b.ReportAllocs()
	for b.Loop() {
		s.Detect(text)
	}
}
