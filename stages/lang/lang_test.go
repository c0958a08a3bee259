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

// TestDetectByScript covers the languages decided by their script alone,
// and the texts whose script must not decide.
func TestDetectByScript(t *testing.T) {
	s := newStage(t)
	for _, tc := range []struct{ name, text, want string }{
		{"lao", "ແຂວງໄດ້ຈັດກອງປະຊຸມສະຫຼຸບວຽກງານປະຈຳປີ 2024 ແລະ ວາງແຜນການສຳລັບປີ 2025 ຢ່າງເປັນທາງການ.", "lo"},
		{"khmer", "ខេត្តបានរៀបចំកិច្ចប្រជុំបូកសរុបការងារប្រចាំឆ្នាំ 2024 និងដាក់ទិសដៅសម្រាប់ឆ្នាំ 2025។", "km"},
		{"thai with english names", "คณะกรรมการพรรคจังหวัด Tuyen Quang ได้จัดการประชุมสรุปผลการดำเนินงานประจำปี 2567 โดยมีผู้แทนเข้าร่วม 250 คน", "th"},
		{"korean with hanja", "國會는 어제 본회의를 열고 2025년도 예산안을 통과시켰다고 밝혔다. 政府는 이를 환영했다.", "ko"},
		{"chinese with a katakana loanword", "宣光省委组织部表示，今年前九个月全省共发展新党员一千二百五十名，完成计划的百分之一百零四点五，其中包括一名ベトナム籍代表。", "zh"},
		{"english", "The provincial Party Committee admitted 1,250 new members in the first nine months of the year.", "en"},
	} {
		if got := s.Detect(tc.text); got != tc.want {
			t.Errorf("Detect(%s) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestDetectSamples checks the sample pages, whose file names start with
// their language.
func TestDetectSamples(t *testing.T) {
	s := newStage(t)
	ents, err := data.FS.ReadDir("samples")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		b, err := data.FS.ReadFile("samples/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := s.Detect(string(b)), e.Name()[:2]; got != want {
			t.Errorf("Detect(%s) = %q, want %q", e.Name(), got, want)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for name, text := range map[string]string{
		"unknown key":      "max_bytes: 10\nmin_letters: 1\nbogus: 1\n",
		"bad iso639-1":     "max_bytes: 10\niso639_3: {pes: farsi}\n",
		"bad iso639-3":     "max_bytes: 10\niso639_3: {pe: fa}\n",
		"no max_bytes":     "min_letters: 3\n",
		"unknown script":   "max_bytes: 10\nscript_share: 0.8\nown_share: 0.2\nscripts: {th: {own: [Thaana2]}}\n",
		"script owned":     "max_bytes: 10\nscript_share: 0.8\nown_share: 0.2\nscripts: {th: {own: [Thai]}, lo: {own: [Thai]}}\n",
		"owned companion":  "max_bytes: 10\nscript_share: 0.8\nown_share: 0.2\nscripts: {th: {own: [Thai]}, lo: {own: [Lao], with: [Thai]}}\n",
		"no own script":    "max_bytes: 10\nscript_share: 0.8\nown_share: 0.2\nscripts: {th: {with: [Thai]}}\n",
		"bad script lang":  "max_bytes: 10\nscript_share: 0.8\nown_share: 0.2\nscripts: {thai: {own: [Thai]}}\n",
		"no shares":        "max_bytes: 10\nscripts: {th: {own: [Thai]}}\n",
		"share below half": "max_bytes: 10\nscript_share: 0.4\nown_share: 0.2\nscripts: {th: {own: [Thai]}}\n",
	} {
		fsys := fstest.MapFS{ConfigFile: {Data: []byte(text)}}
		if _, err := New(fsys); err == nil {
			t.Errorf("New(%s) = nil error, want one", name)
		}
	}
}

// FuzzDetect checks that any text gives a two-letter code or nothing.
func FuzzDetect(f *testing.F) {
	for _, c := range loadTexts(f) {
		f.Add(c.text)
	}
	f.Add("\xff\xfe ภาษา 國會는")
	s := newStage(f)
	f.Fuzz(func(t *testing.T, text string) {
		if got := s.Detect(text); got != "" && len(got) != 2 {
			t.Errorf("Detect = %q, want a two-letter code or nothing", got)
		}
	})
}

// BenchmarkDetectSamples reports MB/s of whole sample pages: what the
// pipeline pays per article.
func BenchmarkDetectSamples(b *testing.B) {
	s := newStage(b)
	ents, err := data.FS.ReadDir("samples")
	if err != nil {
		b.Fatal(err)
	}
	var pages []string
	n := 0
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".txt") {
			p, _ := data.FS.ReadFile("samples/" + e.Name())
			pages = append(pages, string(p))
			n += len(p)
		}
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			s.Detect(p)
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
