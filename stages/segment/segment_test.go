package segment

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages"
)

func newStage(t testing.TB) *Stage {
	t.Helper()
	s, err := New(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func texts(body string, spans []stages.Span) []string {
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = body[sp.Start:sp.End]
	}
	return out
}

func TestSplit(t *testing.T) {
	s := newStage(t)
	tests := []struct {
		name, lang, body string
		want             []string
	}{
		{"en/plain", "en", "The committee met on Monday. It approved the plan! Was it late? No.",
			[]string{"The committee met on Monday.", "It approved the plan!", "Was it late?", "No."}},
		{"en/decimal", "en", "Output rose 3.5 percent to 1,234.75 tonnes. Costs fell.",
			[]string{"Output rose 3.5 percent to 1,234.75 tonnes.", "Costs fell."}},
		{"en/abbreviation", "en", "Dr. Smith met Mr. Jones in St. Louis. They talked.",
			[]string{"Dr. Smith met Mr. Jones in St. Louis.", "They talked."}},
		{"en/quote", "en", `He said "we will finish." Then he left.`,
			[]string{`He said "we will finish."`, "Then he left."}},
		{"en/lowercase after stop", "en", "See the annex, etc. and the table. Done.",
			[]string{"See the annex, etc. and the table.", "Done."}},
		{"ru/initials", "ru", "Доклад сделал Н. В. Иванов. Участники одобрили план.",
			[]string{"Доклад сделал Н. В. Иванов.", "Участники одобрили план."}},
		{"ru/abbreviation", "ru", "В 2020–2025 гг. район принял 300 тыс. рублей. Работа продолжается...",
			[]string{"В 2020–2025 гг. район принял 300 тыс. рублей.", "Работа продолжается..."}},
		{"ru/ie", "ru", "Задачи, т.е. планы, выполнены. Итоги подведены.",
			[]string{"Задачи, т.е. планы, выполнены.", "Итоги подведены."}},
		{"ar/marks", "ar", "عقدت اللجنة اجتماعا. هل تحقق الهدف؟ نعم، بنسبة 57.5٪؛ وهذا مهم!",
			[]string{"عقدت اللجنة اجتماعا.", "هل تحقق الهدف؟", "نعم، بنسبة 57.5٪؛", "وهذا مهم!"}},
		{"ar/initials", "ar", "تحدث الرفيق في المؤتمر. الصورة: ب.أن",
			[]string{"تحدث الرفيق في المؤتمر.", "الصورة: ب.أن"}},
		{"fa/marks", "fa", "کمیته جلسه برگزار کرد. آیا هدف محقق شد؟ بله.",
			[]string{"کمیته جلسه برگزار کرد.", "آیا هدف محقق شد؟", "بله."}},
		{"zh/fullwidth", "zh", "省委召开会议。贫困户明显减少！目标实现了吗？是的。",
			[]string{"省委召开会议。", "贫困户明显减少！", "目标实现了吗？", "是的。"}},
		{"th/spaces", "th", "เมื่อเช้านี้ คณะกรรมการพรรคประจำจังหวัดได้จัดการประชุม เพื่อทบทวนผลการดำเนินงาน",
			[]string{"เมื่อเช้านี้ คณะกรรมการพรรคประจำจังหวัดได้จัดการประชุม", "เพื่อทบทวนผลการดำเนินงาน"}},
		{"th/latin name stays", "th", "สหาย Thao Hong Son รองเลขาธิการพรรคประจำจังหวัดกล่าวในการประชุม",
			[]string{"สหาย Thao Hong Son รองเลขาธิการพรรคประจำจังหวัดกล่าวในการประชุม"}},
		{"vi/lines", "vi", "Sáng 2/6, Tỉnh ủy tổ chức hội nghị\nTP. Hà Giang đạt 95,4% kế hoạch. Hội nghị kết thúc.",
			[]string{"Sáng 2/6, Tỉnh ủy tổ chức hội nghị", "TP. Hà Giang đạt 95,4% kế hoạch.", "Hội nghị kết thúc."}},
		{"th/era", "th", "ในปี พ.ศ. 2567 จังหวัดได้รับสมาชิกใหม่",
			[]string{"ในปี พ.ศ. 2567 จังหวัดได้รับสมาชิกใหม่"}},
		{"hi/danda", "hi", "समिति ने बैठक की। अध्यक्ष ने जोर दिया।",
			[]string{"समिति ने बैठक की।", "अध्यक्ष ने जोर दिया।"}},
		{"ur/full stop", "ur", "کمیٹی نے اجلاس منعقد کیا۔ چیئرمین نے زور دیا۔",
			[]string{"کمیٹی نے اجلاس منعقد کیا۔", "چیئرمین نے زور دیا۔"}},
		{"fa/decimal", "fa", "نرخ به ۵۷.۵٪ رسید. پایان.",
			[]string{"نرخ به ۵۷.۵٪ رسید.", "پایان."}},
		{"und/url", "", "Source: https://example.vn/a.html is cited. End.",
			[]string{"Source: https://example.vn/a.html is cited.", "End."}},
		{"und/empty", "", "  \n\n ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(tc.body, s.Split(tc.body, tc.lang))
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Split(%q)\n got %q\nwant %q", tc.body, got, tc.want)
			}
		})
	}
}

func TestProcess(t *testing.T) {
	s := newStage(t)
	a := &stages.Article{Body: "One. Two.", Lang: "en"}
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if len(a.Sentences) != 2 || a.SentenceOf(5) != 1 {
		t.Errorf("Process: Sentences = %v, want two with offset 5 in the second", a.Sentences)
	}
}

func TestNewRejectsBadData(t *testing.T) {
	root := "terminators: [\".\"]\n"
	for name, fsys := range map[string]fstest.MapFS{
		"no root":               {LexiconDir + "/en.yaml": {Data: []byte("abbreviations: [Mr]\n")}},
		"bad terminator":        {LexiconDir + "/und.yaml": {Data: []byte("terminators: [\"..\"]\n")}},
		"unknown script":        {LexiconDir + "/und.yaml": {Data: []byte(root + "space_scripts: [Klingon]\n")}},
		"unknown key":           {LexiconDir + "/und.yaml": {Data: []byte(root + "bogus: 1\n")}},
		"bad file name":         {LexiconDir + "/und.yaml": {Data: []byte(root)}, LexiconDir + "/english.yaml": {Data: []byte("abbreviations: [Mr]\n")}},
		"duplicate":             {LexiconDir + "/und.yaml": {Data: []byte(root)}, LexiconDir + "/en.yaml": {Data: []byte("abbreviations: [Mr, Mr.]\n")}},
		"terminator in lang":    {LexiconDir + "/und.yaml": {Data: []byte(root)}, LexiconDir + "/en.yaml": {Data: []byte("terminators: [\"!\"]\n")}},
		"space in abbreviation": {LexiconDir + "/und.yaml": {Data: []byte(root)}, LexiconDir + "/en.yaml": {Data: []byte("abbreviations: [\"e g\"]\n")}},
	} {
		if _, err := New(fsys); err == nil {
			t.Errorf("New(%s) = nil error, want one", name)
		}
	}
}

func checkSpans(t *testing.T, body string, spans []stages.Span) {
	t.Helper()
	prev := 0
	for i, sp := range spans {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > len(body) {
			t.Fatalf("span %d = %v out of order or range (prev end %d, len %d)", i, sp, prev, len(body))
		}
		if !utf8.ValidString(body[sp.Start:sp.End]) && utf8.ValidString(body) {
			t.Fatalf("span %d = %v splits a character", i, sp)
		}
		prev = sp.End
	}
}

func FuzzSegment(f *testing.F) {
	s := newStage(f)
	for _, seed := range []string{"One. Two! Three?", "3.5 т.е. Н. В. Иванов.", "省委召开会议。是的", "คณะกรรมการ พรรค ประจำจังหวัด", "…\n\n.", "\"Done.\" )", "a.b.c. D"} {
		f.Add(seed, "en")
		f.Add(seed, "")
	}
	f.Fuzz(func(t *testing.T, body, lang string) {
		checkSpans(t, body, s.Split(body, lang))
	})
}

func BenchmarkSplit(b *testing.B) {
	s := newStage(b)
	body := strings.Repeat("Днем 29 февраля партийный комитет района провел обзор работы на 2020–2025 гг. и 15 лет реализации Устава. Участники одобрили 3.5 тыс. предложений!\n", 60)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		s.Split(body, "ru")
	}
}
