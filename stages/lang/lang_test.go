package lang

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/abadojack/whatlanggo"

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
	model, err := data.FS.ReadFile("lexicons/lang/trigrams.tsv")
	if err != nil {
		t.Fatal(err)
	}
	const ok = "max_bytes: 10\nmodel: trigrams.tsv\n"
	for name, text := range map[string]string{
		"unknown key":      ok + "min_letters: 1\nbogus: 1\n",
		"bad iso639-1":     ok + "iso639_3: {pes: farsi}\n",
		"bad iso639-3":     ok + "iso639_3: {pe: fa}\n",
		"no max_bytes":     "min_letters: 3\nmodel: trigrams.tsv\n",
		"no model":         "max_bytes: 10\n",
		"model elsewhere":  "max_bytes: 10\nmodel: ../trigrams.tsv\n",
		"unknown script":   ok + "script_share: 0.8\nown_share: 0.2\nscripts: {th: {own: [Thaana2]}}\n",
		"script owned":     ok + "script_share: 0.8\nown_share: 0.2\nscripts: {th: {own: [Thai]}, lo: {own: [Thai]}}\n",
		"owned companion":  ok + "script_share: 0.8\nown_share: 0.2\nscripts: {th: {own: [Thai]}, lo: {own: [Lao], with: [Thai]}}\n",
		"no own script":    ok + "script_share: 0.8\nown_share: 0.2\nscripts: {th: {with: [Thai]}}\n",
		"bad script lang":  ok + "script_share: 0.8\nown_share: 0.2\nscripts: {thai: {own: [Thai]}}\n",
		"no shares":        ok + "scripts: {th: {own: [Thai]}}\n",
		"share below half": ok + "script_share: 0.4\nown_share: 0.2\nscripts: {th: {own: [Thai]}}\n",
		"owned default":    ok + "script_share: 0.8\nown_share: 0.2\nscripts: {th: {own: [Thai]}}\nscript_defaults: {Thai: th}\n",
		"modelled default": ok + "script_defaults: {Latin: en}\n",
		"bad default lang": ok + "script_defaults: {Han: chinese}\n",
	} {
		fsys := fstest.MapFS{ConfigFile: {Data: []byte(text)}, "lexicons/lang/trigrams.tsv": {Data: model}}
		if _, err := New(fsys); err == nil {
			t.Errorf("New(%s) = nil error, want one", name)
		}
	}
	fsys := fstest.MapFS{ConfigFile: {Data: []byte(ok)}, "lexicons/lang/trigrams.tsv": {Data: model}}
	if _, err := New(fsys); err != nil {
		t.Errorf("New(minimal config) = %v", err)
	}
	for name, m := range map[string]string{
		"fields":     "Latin\teng\ten\n",
		"script":     "Latn\teng\ten\t th|the\n",
		"iso3":       "Latin\ten\ten\t th|the\n",
		"iso1":       "Latin\teng\teng\t th|the\n",
		"trigram":    "Latin\teng\ten\t th|th\n",
		"duplicate":  "Latin\teng\ten\t th\nLatin\teng\ten\tthe\n",
		"no profile": "# nothing\n",
	} {
		fsys := fstest.MapFS{ConfigFile: {Data: []byte(ok)}, "lexicons/lang/trigrams.tsv": {Data: []byte(m)}}
		if _, err := New(fsys); err == nil {
			t.Errorf("New(model with bad %s) = nil error, want one", name)
		}
	}
}

// oracle is what github.com/abadojack/whatlanggo answers for text, mapped
// as the stage maps it, and whether its script is one the model scores.
func oracle(s *Stage, text string) (string, bool) {
	script := whatlanggo.DetectScript(text)
	modelled := false
	for _, d := range s.byDominant {
		if d.model != nil && unicode.Scripts[d.model.script] == script {
			modelled = true
		}
	}
	info := whatlanggo.Detect(text)
	if info.Lang < 0 {
		return "", modelled
	}
	if code := info.Lang.Iso6391(); code != "" {
		return code, modelled
	}
	return s.iso3[info.Lang.Iso6393()], modelled
}

// TestModelMatchesWhatlanggo checks that scoring the generated profiles
// gives the module's answer on every text, sample page and window of a seed
// page whose script the model covers.
func TestModelMatchesWhatlanggo(t *testing.T) {
	s := newStage(t)
	var texts []string
	for _, c := range loadTexts(t) {
		texts = append(texts, c.text)
	}
	ents, err := data.FS.ReadDir("samples")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".txt") {
			b, _ := data.FS.ReadFile("samples/" + e.Name())
			texts = append(texts, string(b))
		}
	}
	if dir := sharedDir(); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "seeds", "*.txt"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for off := 0; off < len(b); off += 500 {
				texts = append(texts, strings.ToValidUTF8(string(b[off:]), ""))
			}
		}
	}
	n := 0
	for _, text := range texts {
		sample := s.sample(text)
		want, modelled := oracle(s, sample)
		if letters, _, _ := s.countScripts(sample); !modelled || letters < s.minLetters {
			continue
		}
		n++
		if got := s.Detect(text); got != want {
			t.Errorf("Detect(%.40q…) = %q, whatlanggo says %q", text, got, want)
		}
	}
	if n < 40 {
		t.Errorf("only %d texts compared", n)
	}
}

func sharedDir() string {
	if d := os.Getenv("STATHARVEST_SHARED"); d != "" {
		return d
	}
	if _, err := os.Stat(filepath.Join("..", "..", "..", "shared", "seeds")); err == nil {
		return filepath.Join("..", "..", "..", "shared")
	}
	return ""
}

// FuzzDetect checks that any text gives a two-letter code or nothing.
func FuzzDetect(f *testing.F) {
	for _, c := range loadTexts(f) {
		f.Add(c.text)
	}
	f.Add("\xff\xfe ภาษา 國會는")
	f.Add("Їжак, ёж: ҐҐ ґ! 12 ٣٤ — ﷺ")
	s := newStage(f)
	f.Fuzz(func(t *testing.T, text string) {
		got := s.Detect(text)
		if got != "" && len(got) != 2 {
			t.Errorf("Detect = %q, want a two-letter code or nothing", got)
		}
		// Where the model decides, it gives the module's answer unless two
		// languages score the same (the module then picks at random).
		sample := s.sample(text)
		want, modelled := oracle(s, sample)
		letters, counts, dom := s.countScripts(sample)
		if !modelled || letters < s.minLetters || s.byScript(letters, counts) != "" || dom < 0 || s.byDominant[dom].model == nil {
			return
		}
		if whatlanggo.DetectScript(sample) != unicode.Scripts[s.byDominant[dom].model.script] {
			return
		}
		if _, tie := s.byDominant[dom].model.detect(sample, s.info); !tie && got != want {
			t.Errorf("Detect(%q) = %q, whatlanggo says %q", text, got, want)
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
