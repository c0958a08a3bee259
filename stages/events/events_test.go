package events

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages"
)

// st is a statistic the numbers stage would emit; raw is found in the body.
type st struct {
	words bool
	raw   string
	kind  stages.Kind
	v     float64
	a, b  float64
	date  stages.Date
}

func ord(raw string, v float64) st { return st{raw: raw, kind: stages.KindOrdinal, v: v} }
func term(raw string, a, b float64) st {
	return st{raw: raw, kind: stages.KindYearRange, a: a, b: b}
}
func day(raw string, d stages.Date) st { return st{raw: raw, kind: stages.KindDate, date: d} }

type want struct {
	typ     string
	date    string
	ordinal int
	term    string
}

func article(t testing.TB, lang, body string, stats []st) *stages.Article {
	a := &stages.Article{ID: "test", Lang: lang, Body: body}
	start := 0
	for i := 0; i < len(body); i++ {
		// A full stop after a digit is a German ordinal ("9."), not a sentence end.
		if body[i] == '\n' || (body[i] == '.' && (i+1 == len(body) || body[i+1] == ' ') && (i == 0 || body[i-1] < '0' || body[i-1] > '9')) {
			a.Sentences = append(a.Sentences, stages.Span{Start: start, End: i + 1})
			start = i + 1
		}
	}
	if start < len(body) {
		a.Sentences = append(a.Sentences, stages.Span{Start: start, End: len(body)})
	}
	off := 0
	for _, s := range stats {
		j := strings.Index(body[off:], s.raw)
		if j < 0 {
			t.Fatalf("statistic %q not found after byte %d", s.raw, off)
		}
		b := off + j
		x := stages.Statistic{Raw: s.raw, ByteStart: b, ByteEnd: b + len(s.raw), Kind: s.kind, Date: s.date, Words: s.words}
		switch s.kind {
		case stages.KindYearRange:
			x.RangeStart, x.RangeEnd = stages.Float(s.a), stages.Float(s.b)
		case stages.KindOrdinal:
			x.Value = stages.Float(s.v)
		}
		x.Sentence = a.SentenceOf(b)
		a.Stats = append(a.Stats, x)
		off = b + len(s.raw)
	}
	return a
}

// Sentences are ours, written for each pattern.
var cases = []struct {
	name  string
	lang  string
	body  string
	stats []st
	want  []want
}{
	{"en/ordinal_and_anaphora", "en", "The committee held its 12th enlarged conference. Speaking at the conference, the secretary praised the work.",
		[]st{ord("12th", 12)}, []want{{typ: "conference", ordinal: 12}}},
	{"en/dated_review_term", "en", "On 3 May 2024 the district held a mid-term review of the 2020-2025 term. Delegates at the meeting agreed.",
		[]st{day("3 May 2024", stages.Date{Year: 2024, Month: 5, Day: 3}), term("2020-2025", 2020, 2025)},
		[]want{{typ: "review", date: "2024-05-03", term: "2020-2025"}}},
	{"en/congress_and_anniversary", "en", "The 5th provincial congress was followed by the 70th anniversary of the union.",
		[]st{ord("5th", 5), ord("70th", 70)},
		[]want{{typ: "congress", ordinal: 5}, {typ: "anniversary", ordinal: 70}}},
	{"en/bare_inspection", "en", "Inspection work was strengthened.", nil, nil},
	{"vi/congress_term", "vi", "Đại hội Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020-2025 đã thành công.",
		[]st{ord("XVII", 17), term("2020-2025", 2020, 2025)},
		[]want{{typ: "congress", ordinal: 17, term: "2020-2025"}}},
	{"ru/yearless_review", "ru", "29 февраля районный комитет провёл совещание по подведению итогов работы.",
		[]st{day("29 февраля", stages.Date{Month: 2, Day: 29})},
		[]want{{typ: "meeting", date: "--02-29"}}},
	{"vi/conference_date", "vi", "Ngày 15 tháng 3, Huyện ủy tổ chức hội nghị sơ kết công tác.",
		[]st{day("15 tháng 3", stages.Date{Year: 2024, Month: 3, Day: 15})},
		[]want{{typ: "review", date: "2024-03-15"}}},
	{"ar/ordinal_after", "ar", "عقدت اللجنة المؤتمر الخامس الموسع. وفي كلمته في المؤتمر أشاد الرئيس بالنتائج.",
		[]st{ord("الخامس", 5)}, []want{{typ: "conference", ordinal: 5}}},
	{"ar/party_congress", "ar", "تنفيذ قرار المؤتمر الحزبي الإقليمي الثامن عشر.",
		[]st{ord("الثامن عشر", 18)}, []want{{typ: "congress", ordinal: 18}}},
	{"fa/anniversary", "fa", "به مناسبت هفتادمین سالگرد تأسیس اتحادیه جوانان.",
		[]st{ord("هفتادمین", 70)}, []want{{typ: "anniversary", ordinal: 70}}},
	{"fa/congress_term", "fa", "برگزاری کنگره حزبی شهرستان برای دوره 2025-2030.",
		[]st{term("2025-2030", 2025, 2030)}, []want{{typ: "congress", term: "2025-2030"}}},
	{"th/review_and_congress", "th", "วันที่ 5 มีนาคม คณะกรรมการจัดการประชุมทบทวนผลการดำเนินงานตามมติการประชุมใหญ่ครั้งที่ 12 ในการประชุมผู้แทนได้หารือ",
		[]st{day("5 มีนาคม", stages.Date{Year: 2024, Month: 3, Day: 5}), ord("ครั้งที่ 12", 12)},
		[]want{{typ: "review", date: "2024-03-05"}, {typ: "congress", ordinal: 12}}},
	{"ru/ordinal_before", "ru", "Выполнение решений 7-го районного съезда партии. Решения партийных съездов выполняются.",
		[]st{ord("7-го", 7)}, []want{{typ: "congress", ordinal: 7}}},
	{"ru/meeting", "ru", "Партийная ячейка провела собрание в деревне.", nil, []want{{typ: "meeting"}}},
	{"fr/ceremony", "fr", "Le 2 septembre, une cérémonie a marqué la fête nationale.",
		[]st{day("2 septembre", stages.Date{Year: 2024, Month: 9, Day: 2})}, []want{{typ: "ceremony", date: "2024-09-02"}}},
	{"en/bare_congress", "en", "Resolutions of party congresses at all levels were implemented.", nil, nil},
	{"de/conference", "de", "Am 12. März hielt das Komitee seine 9. Konferenz ab.",
		[]st{day("12. März", stages.Date{Year: 2024, Month: 3, Day: 12}), ord("9.", 9)}, []want{{typ: "conference", date: "2024-03-12", ordinal: 9}}},
	{"id/anniversary", "id", "Peringatan hari jadi ke-95 sektor organisasi partai.",
		[]st{ord("ke-95", 95)}, []want{{typ: "anniversary", ordinal: 95}}},
	{"ar/first_quarter", "ar", "عقدت اللجنة مؤتمرها الثاني عشر لمراجعة أعمال الربع الأول.",
		[]st{ord("الثاني عشر", 12), {raw: "الأول", kind: stages.KindOrdinal, v: 1, words: true}}, []want{{typ: "conference", ordinal: 12}}},
	{"zh/congress", "zh", "第十次党代会在省会召开。", []st{ord("第十", 10)}, []want{{typ: "congress", ordinal: 10}}},
}

func TestExtract(t *testing.T) {
	s, err := New(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := article(t, c.lang, c.body, c.stats)
			if err := s.Process(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			if len(a.Events) != len(c.want) {
				var got []string
				for _, e := range a.Events {
					got = append(got, e.Type+"@"+e.Surface)
				}
				t.Fatalf("Extract(%q) = %v, want %d events", c.body, got, len(c.want))
			}
			for i, w := range c.want {
				e := a.Events[i]
				if e.Type != w.typ || e.Date.String() != w.date {
					t.Errorf("event %d = (%s, %q), want (%s, %q)", i, e.Type, e.Date, w.typ, w.date)
				}
				gotOrd := 0
				if e.Ordinal != nil {
					gotOrd = *e.Ordinal
				}
				if gotOrd != w.ordinal {
					t.Errorf("event %d: ordinal = %d, want %d", i, gotOrd, w.ordinal)
				}
				gotTerm := ""
				if e.TermStart != nil {
					gotTerm = strings.Join([]string{itoa(*e.TermStart), itoa(*e.TermEnd)}, "-")
				}
				if gotTerm != w.term {
					t.Errorf("event %d: term = %q, want %q", i, gotTerm, w.term)
				}
				if a.Body[e.ByteStart:e.ByteEnd] != e.Surface || e.NameEn == "" {
					t.Errorf("event %d: surface %q / name %q do not match the body", i, e.Surface, e.NameEn)
				}
				ord := ""
				if e.Ordinal != nil {
					ord = itoa(*e.Ordinal)
				}
				if e.EventID != stages.HashID(e.Type, e.Date.String(), e.OrgID, ord) {
					t.Errorf("event %d: EventID is not HashID(type, date, org, ordinal)", i)
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
