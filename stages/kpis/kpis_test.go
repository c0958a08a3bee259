package kpis

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages"
)

// st describes a statistic the numbers stage would emit; the test finds raw
// in the body (after the previous statistic) to fill the offsets.
type st struct {
	raw   string
	kind  stages.Kind
	value float64
	unit  string
	num   float64
	den   float64
	date  stages.Date
	words bool
	qual  stages.Qualifier
	rs    float64
	re    float64
}

func cnt(raw string, v float64, unit string) st {
	return st{raw: raw, kind: stages.KindCount, value: v, unit: unit}
}
func pct(raw string, v float64) st {
	return st{raw: raw, kind: stages.KindPercent, value: v, unit: "percent"}
}
func yr(raw string, y float64) st { return st{raw: raw, kind: stages.KindYear, value: y} }
func dur(raw string, v float64, unit string) st {
	return st{raw: raw, kind: stages.KindDuration, value: v, unit: unit}
}
func rat(raw string, n, d float64, unit string) st {
	return st{raw: raw, kind: stages.KindRatio, value: n / d, num: n, den: d, unit: unit}
}
func yrange(raw string, a, b float64) st {
	return st{raw: raw, kind: stages.KindYearRange, rs: a, re: b}
}
func date(raw string, d stages.Date) st { return st{raw: raw, kind: stages.KindDate, date: d} }
func meas(raw string, v float64, unit string) st {
	return st{raw: raw, kind: stages.KindMeasure, value: v, unit: unit}
}

// want is the part of a KPI a case checks; zero fields are "null".
type want struct {
	value        float64
	unit         string
	metric       string // substring of the metric, "" to skip
	ach, target  float64
	num, den     float64
	pstart, pend string
}

// article builds an Article from a body and its statistics, splitting
// sentences at ". " and line ends as the segment stage would.
func article(t testing.TB, lang, body string, published stages.Date, stats []st) *stages.Article {
	a := &stages.Article{ID: "test", Lang: lang, Body: body, Published: published}
	start := 0
	for i := 0; i < len(body); i++ {
		end := -1
		switch {
		case body[i] == '\n':
			end = i
		case (body[i] == '.' || body[i] == '!' || body[i] == '?') && (i+1 == len(body) || body[i+1] == ' ' || body[i+1] == '\n'):
			end = i + 1
		case strings.HasPrefix(body[i:], "。"):
			end = i + len("。")
		}
		if end >= 0 {
			if end > start {
				a.Sentences = append(a.Sentences, stages.Span{Start: start, End: end})
			}
			start = end
			for start < len(body) && (body[start] == ' ' || body[start] == '\n') {
				start++
			}
			i = start - 1
		}
	}
	if start < len(body) {
		a.Sentences = append(a.Sentences, stages.Span{Start: start, End: len(body)})
	}
	off := 0
	for i, s := range stats {
		j := strings.Index(body[off:], s.raw)
		if j < 0 {
			t.Fatalf("statistic %q not found in body after byte %d", s.raw, off)
		}
		b := off + j
		x := stages.Statistic{
			StatID: fmt.Sprintf("s%d", i), Seq: i, Raw: s.raw, ByteStart: b, ByteEnd: b + len(s.raw),
			Kind: s.kind, Unit: s.unit, Date: s.date, Words: s.words, Qualifier: s.qual,
		}
		switch s.kind {
		case stages.KindDate:
		case stages.KindYearRange:
			x.RangeStart, x.RangeEnd = stages.Float(s.rs), stages.Float(s.re)
		default:
			x.Value = stages.Float(s.value)
		}
		if s.kind == stages.KindRatio {
			x.Numerator, x.Denominator = stages.Float(s.num), stages.Float(s.den)
		}
		x.Sentence = a.SentenceOf(b)
		a.Stats = append(a.Stats, x)
		off = b + len(s.raw)
	}
	return a
}

func dataFS() fs.FS { return data.FS }

func loadStage(t testing.TB) *Stage {
	t.Helper()
	s, err := New(data.FS)
	if err != nil {
		t.Fatalf("New(data.FS) = %v", err)
	}
	return s
}

var noDate stages.Date

type kpiCase struct {
	name      string
	lang      string
	body      string
	published stages.Date
	stats     []st
	want      []want
}

// Sentences below are ours, written to exercise each linking pattern.
var kpiCases = []kpiCase{
	// English
	{"en/achievement", "en", "In 2024 the district committee admitted 338 new party members, reaching 84.5% of the target.", noDate,
		[]st{yr("2024", 2024), cnt("338", 338, "party_member"), pct("84.5%", 84.5)},
		[]want{{value: 338, unit: "party_member", metric: "new party members admitted", ach: 84.5, pstart: "2024-01-01", pend: "2024-12-31"},
			{value: 84.5, unit: "percent", metric: "as share of target", ach: 84.5, pstart: "2024-01-01", pend: "2024-12-31"}}},
	{"en/target", "en", "Attendance at cell meetings averaged 91.2% (target 90%).", noDate,
		[]st{pct("91.2%", 91.2), pct("90%", 90)},
		[]want{{value: 91.2, unit: "percent", metric: "attendance", target: 90}}},
	{"en/of_total", "en", "Inspection teams examined 45 of 50 party organizations this year.", noDate,
		[]st{cnt("45", 45, "party_organization"), cnt("50", 50, "party_organization")},
		[]want{{value: 45, unit: "party_organization", metric: "inspected", num: 45, den: 50}}},
	{"en/ratio_and_rate", "en", "Meetings were attended by 3300/3600 members, an attendance rate of 91.67%.", noDate,
		[]st{rat("3300/3600", 3300, 3600, "person"), pct("91.67%", 91.67)},
		[]want{{value: 3300, unit: "person", num: 3300, den: 3600}, {value: 91.67, unit: "percent", metric: "attendance", num: 3300, den: 3600}}},
	{"en/first_months", "en", "In the first 9 months of 2025, the province admitted 1,204 party members.", noDate,
		[]st{dur("9", 9, "month"), yr("2025", 2025), cnt("1,204", 1204, "party_member")},
		[]want{{value: 1204, unit: "party_member", metric: "admitted", pstart: "2025-01-01", pend: "2025-09-30"}}},
	{"en/since", "en", "Since 2021, the hamlet has rebuilt 12 houses.", stages.Date{Year: 2024, Month: 5, Day: 10},
		[]st{yr("2021", 2021), cnt("12", 12, "house")},
		[]want{{value: 12, unit: "house", metric: "houses", pstart: "2021-01-01", pend: "2024-05-10"}}},
	{"en/from_to", "en", "From 2020 to December 2022, 92.11% of cells rated their meetings good or better.", noDate,
		[]st{yr("2020", 2020), date("December 2022", stages.Date{Year: 2022, Month: 12}), pct("92.11%", 92.11)},
		[]want{{value: 92.11, unit: "percent", metric: "good or better", pstart: "2020-01-01", pend: "2022-12-31"}}},
	{"en/aspiration", "en", "The committee will strive for 100% of cells to complete their tasks well.", noDate,
		[]st{pct("100%", 100)}, nil},
	{"en/not_kpis", "en", "Under Regulation 18 of 2018, the 16th conference met for 3 days on 2 June.", noDate,
		[]st{{raw: "18", kind: stages.KindIdentifier, value: 18}, yr("2018", 2018), {raw: "16th", kind: stages.KindOrdinal, value: 16}, dur("3", 3, "day"), date("2 June", stages.Date{Month: 6, Day: 2})}, nil},
	{"en/threshold_and_words", "en", "Cells with fewer than 7 members share one of two halls.", noDate,
		[]st{{raw: "7", kind: stages.KindCount, value: 7, unit: "party_member", qual: stages.QualUnder}, {raw: "one", kind: stages.KindCount, value: 1, words: true}, {raw: "two", kind: stages.KindCount, value: 2, words: true, unit: "hall"}}, nil},
	{"en/generic", "en", "Volunteers planted 4,500 trees along the road.", noDate,
		[]st{cnt("4,500", 4500, "tree")},
		[]want{{value: 4500, unit: "tree", metric: "trees"}}},

	// Vietnamese
	{"vi/achievement", "vi", "Trong năm 2024, toàn tỉnh kết nạp 1.250 đảng viên mới, đạt 104% kế hoạch.", noDate,
		[]st{yr("2024", 2024), cnt("1.250", 1250, "party_member"), pct("104%", 104)},
		[]want{{value: 1250, unit: "party_member", metric: "new party members admitted", ach: 104, pstart: "2024-01-01", pend: "2024-12-31"},
			{value: 104, unit: "percent", ach: 104, pstart: "2024-01-01", pend: "2024-12-31"}}},
	{"vi/target", "vi", "Tỷ lệ đảng viên tham dự sinh hoạt chi bộ đạt 92,5% (mục tiêu 90%).", noDate,
		[]st{pct("92,5%", 92.5), pct("90%", 90)},
		[]want{{value: 92.5, unit: "percent", metric: "attendance", target: 90}}},
	{"vi/of_total", "vi", "Ủy ban kiểm tra đã kiểm tra 120 trên 130 tổ chức đảng.", noDate,
		[]st{cnt("120", 120, "party_organization"), cnt("130", 130, "party_organization")},
		[]want{{value: 120, unit: "party_organization", metric: "inspected", num: 120, den: 130}}},
	{"vi/aspiration", "vi", "Phấn đấu 100% chi bộ hoàn thành tốt nhiệm vụ.", noDate,
		[]st{pct("100%", 100)}, nil},

	// Arabic
	{"ar/achievement", "ar", "تم قبول 120 عضوا جديدا في الحزب، وهو ما يمثل 80% من الهدف المحدد.", noDate,
		[]st{cnt("120", 120, "party_member"), pct("80%", 80)},
		[]want{{value: 120, unit: "party_member", metric: "admitted", ach: 80}, {value: 80, unit: "percent", ach: 80}}},
	{"ar/target", "ar", "بلغت نسبة الحضور في الاجتماعات 88.5% (الهدف 85%).", noDate,
		[]st{pct("88.5%", 88.5), pct("85%", 85)},
		[]want{{value: 88.5, unit: "percent", metric: "attendance", target: 85}}},
	{"ar/of_total", "ar", "استوفت 45 من أصل 50 بلدية معايير الريف الجديد.", noDate,
		[]st{cnt("45", 45, "commune"), cnt("50", 50, "commune")},
		[]want{{value: 45, unit: "commune", num: 45, den: 50}}},
	{"ar/since", "ar", "منذ عام 2020 حتى الآن، تم بناء 25 منزلا جديدا في القرية.", stages.Date{Year: 2023, Month: 3, Day: 1},
		[]st{yr("2020", 2020), cnt("25", 25, "house")},
		[]want{{value: 25, unit: "house", metric: "houses", pstart: "2020-01-01", pend: "2023-03-01"}}},
	{"ar/carried_period", "ar", "خلال 6 أشهر من عام 2022، عالجت اللجنة 40 شكوى. وبذلك تم قبول 30 عضوا جديدا.", noDate,
		[]st{dur("6", 6, "month"), yr("2022", 2022), cnt("40", 40, "case"), cnt("30", 30, "party_member")},
		[]want{{value: 40, unit: "case", metric: "cases", pstart: "2022-01-01", pend: "2022-06-30"},
			{value: 30, unit: "party_member", metric: "admitted", pstart: "2022-01-01", pend: "2022-06-30"}}},

	// Persian
	{"fa/achievement", "fa", "در سال ۲۰۲۴، ۵۰۰ عضو جدید پذیرفته شدند که ۹۵٪ از برنامه است.", noDate,
		[]st{yr("۲۰۲۴", 2024), cnt("۵۰۰", 500, "party_member"), pct("۹۵٪", 95)},
		[]want{{value: 500, unit: "party_member", metric: "admitted", ach: 95, pstart: "2024-01-01", pend: "2024-12-31"},
			{value: 95, unit: "percent", ach: 95, pstart: "2024-01-01", pend: "2024-12-31"}}},
	{"fa/of_total", "fa", "بازرسی از ۴۵ از ۵۰ سازمان حزبی انجام شد.", noDate,
		[]st{cnt("۴۵", 45, "party_organization"), cnt("۵۰", 50, "party_organization")},
		[]want{{value: 45, unit: "party_organization", metric: "inspected", num: 45, den: 50}}},
	{"fa/target", "fa", "نرخ حضور اعضا ۹۲٪ (هدف ۹۰٪) بود.", noDate,
		[]st{pct("۹۲٪", 92), pct("۹۰٪", 90)},
		[]want{{value: 92, unit: "percent", metric: "attendance", target: 90}}},

	// Thai
	{"th/of_total_achievement", "th", "คณะกรรมการได้ตรวจสอบ 120 ครั้งจากทั้งหมด 150 ครั้ง (คิดเป็น 80% ของแผน)", noDate,
		[]st{cnt("120", 120, "inspection"), cnt("150", 150, "inspection"), pct("80%", 80)},
		[]want{{value: 120, unit: "inspection", metric: "inspections", num: 120, den: 150, ach: 80, target: 150},
			{value: 80, unit: "percent", ach: 80, num: 120, den: 150}}},
	{"th/achievement", "th", "รับสมาชิกใหม่ 250 คน คิดเป็น 90% ของเป้าหมายที่ตั้งไว้", noDate,
		[]st{cnt("250", 250, "party_member"), pct("90%", 90)},
		[]want{{value: 250, unit: "party_member", metric: "admitted", ach: 90}, {value: 90, unit: "percent", ach: 90}}},
	{"th/aspiration", "th", "มุ่งมั่นให้เซลล์พรรคระดับรากหญ้า 100% ผ่านเกณฑ์", noDate,
		[]st{pct("100%", 100)}, nil},

	// Russian
	{"ru/achievement", "ru", "В 2023 году принято 420 новых членов партии, что составляет 105% от плана.", noDate,
		[]st{yr("2023", 2023), cnt("420", 420, "party_member"), pct("105%", 105)},
		[]want{{value: 420, unit: "party_member", metric: "admitted", ach: 105, pstart: "2023-01-01", pend: "2023-12-31"},
			{value: 105, unit: "percent", ach: 105, pstart: "2023-01-01", pend: "2023-12-31"}}},
	{"ru/of_total", "ru", "Проверено 36 из 40 партийных организаций.", noDate,
		[]st{cnt("36", 36, "party_organization"), cnt("40", 40, "party_organization")},
		[]want{{value: 36, unit: "party_organization", metric: "inspected", num: 36, den: 40}}},
	{"ru/target_range", "ru", "С 2015 по 2020 год явка на собраниях составила 97,1% (цель 95%).", noDate,
		[]st{yr("2015", 2015), yr("2020", 2020), pct("97,1%", 97.1), pct("95%", 95)},
		[]want{{value: 97.1, unit: "percent", metric: "attendance", target: 95, pstart: "2015-01-01", pend: "2020-12-31"}}},
	{"ru/year_range", "ru", "За 2020–2025 годы проведено 126 диалогов с гражданами.", noDate,
		[]st{yrange("2020–2025", 2020, 2025), cnt("126", 126, "dialogue")},
		[]want{{value: 126, unit: "dialogue", metric: "dialogues", pstart: "2020-01-01", pend: "2025-12-31"}}},

	{"ru/shared_metric", "ru", "Каждый год комитет классифицирует более 86% низовых партийных организаций и 90% членов партии как выполнивших задачи хорошо или лучше.", noDate,
		[]st{pct("86%", 86), pct("90%", 90)},
		[]want{{value: 86, unit: "percent", metric: "good or better"}, {value: 90, unit: "percent", metric: "good or better"}}},
	{"ru/refined_unit", "ru", "В первом квартале принято 45 человек в партию.", noDate,
		[]st{cnt("45", 45, "person")},
		[]want{{value: 45, unit: "party_member", metric: "admitted"}}},
	{"ar/one_of", "ar", "القرية واحدة من 4 قرى يمر بها الطريق.", noDate,
		[]st{{raw: "واحدة", kind: stages.KindCount, value: 1, unit: "village", words: true}, cnt("4", 4, "village")}, nil},

	{"en/of_annual_target", "en", "The city admitted 412 new members, reaching 103.7% of the annual target.", noDate,
		[]st{cnt("412", 412, "party_member"), pct("103.7%", 103.7)},
		[]want{{value: 412, unit: "party_member", metric: "admitted", ach: 103.7}, {value: 103.7, unit: "percent", ach: 103.7}}},
	{"en/of_cells_not_plan", "en", "In 2023, 93% of party cells met the goal of regular meetings.", noDate,
		[]st{yr("2023", 2023), pct("93%", 93)},
		[]want{{value: 93, unit: "percent", pstart: "2023-01-01", pend: "2023-12-31"}}},
	{"vi/ratio_rate", "vi", "Năm 2023, có 3.369/3.920 đảng viên tham dự sinh hoạt, tỷ lệ tham dự đạt 85,94%.", noDate,
		[]st{yr("2023", 2023), rat("3.369/3.920", 3369, 3920, "party_member"), pct("85,94%", 85.94)},
		[]want{{value: 3369, unit: "party_member", num: 3369, den: 3920, pstart: "2023-01-01", pend: "2023-12-31"},
			{value: 85.94, unit: "percent", metric: "attendance", num: 3369, den: 3920, pstart: "2023-01-01", pend: "2023-12-31"}}},
	{"vi/since", "vi", "Từ năm 2021 đến nay, xã đã xây mới 35 căn nhà cho hộ nghèo.", stages.Date{Year: 2024, Month: 6, Day: 1},
		[]st{yr("2021", 2021), cnt("35", 35, "house")},
		[]want{{value: 35, unit: "house", metric: "houses", pstart: "2021-01-01", pend: "2024-06-01"}}},
	{"vi/first_months", "vi", "Trong 6 tháng đầu năm 2024, toàn huyện kết nạp 98 đảng viên.", noDate,
		[]st{dur("6", 6, "month"), yr("2024", 2024), cnt("98", 98, "party_member")},
		[]want{{value: 98, unit: "party_member", metric: "admitted", pstart: "2024-01-01", pend: "2024-06-30"}}},
	{"ar/ratio_rate", "ar", "حضر 450/500 من أعضاء الحزب الاجتماعات، وبلغ معدل الحضور 90%.", noDate,
		[]st{rat("450/500", 450, 500, "party_member"), pct("90%", 90)},
		[]want{{value: 450, unit: "party_member", num: 450, den: 500}, {value: 90, unit: "percent", metric: "attendance", num: 450, den: 500}}},
	{"ar/aspiration", "ar", "السعي إلى أن تصل نسبة الخلايا الحزبية الجيدة إلى 100%.", noDate,
		[]st{pct("100%", 100)}, nil},
	{"fa/first_months", "fa", "در ۶ ماه نخست سال ۲۰۲۴، ۲۵۰ نفر به عضویت حزب پذیرفته شدند.", noDate,
		[]st{dur("۶", 6, "month"), yr("۲۰۲۴", 2024), cnt("۲۵۰", 250, "person")},
		[]want{{value: 250, unit: "party_member", metric: "admitted", pstart: "2024-01-01", pend: "2024-06-30"}}},
	{"fa/since", "fa", "از سال ۲۰۲۰ تاکنون ۴۰ خانه برای خانوارهای فقیر ساخته شده است.", stages.Date{Year: 2025, Month: 10, Day: 1},
		[]st{yr("۲۰۲۰", 2020), cnt("۴۰", 40, "house")},
		[]want{{value: 40, unit: "house", metric: "houses", pstart: "2020-01-01", pend: "2025-10-01"}}},
	{"fa/aspiration", "fa", "تلاش برای رسیدن به ۱۰۰٪ هسته\u200cهای حزبی قوی ادامه دارد.", noDate,
		[]st{pct("۱۰۰٪", 100)}, nil},
	{"th/target", "th", "อัตราการเข้าร่วมประชุมของสมาชิกพรรค 92% (เป้าหมาย 90%)", noDate,
		[]st{pct("92%", 92), pct("90%", 90)},
		[]want{{value: 92, unit: "percent", metric: "attendance", target: 90}}},
	{"th/period", "th", "ในปี 2023 รับสมาชิกใหม่ 120 คน", noDate,
		[]st{yr("2023", 2023), cnt("120", 120, "person")},
		[]want{{value: 120, unit: "party_member", metric: "admitted", pstart: "2023-01-01", pend: "2023-12-31"}}},
	{"ru/since", "ru", "С 2021 года в селе построено 15 домов.", stages.Date{Year: 2024, Month: 2, Day: 29},
		[]st{yr("2021", 2021), cnt("15", 15, "house")},
		[]want{{value: 15, unit: "house", metric: "houses", pstart: "2021-01-01", pend: "2024-02-29"}}},
	{"ru/ratio", "ru", "На собраниях присутствовали 45/50 членов партии.", noDate,
		[]st{rat("45/50", 45, 50, "party_member")},
		[]want{{value: 45, unit: "party_member", num: 45, den: 50}}},
	{"ru/date_not_ratio", "ru", "Итоги подведены 14/10 на заседании.", noDate,
		[]st{rat("14/10", 14, 10, "")}, nil},

	{"en/money", "en", "The district invested 12 billion VND in rural roads.", noDate,
		[]st{meas("12 billion VND", 12e9, "dong")},
		[]want{{value: 12e9, unit: "dong", metric: "funds invested"}}},

	{"ru/of_total_before", "ru", "Из 320 низовых партийных организаций 298 выполнили задачи хорошо или лучше.", noDate,
		[]st{cnt("320", 320, "party_organization"), cnt("298", 298, "party_organization")},
		[]want{{value: 298, unit: "party_organization", num: 298, den: 320}}},
	{"en/of_the_before", "en", "Of the 135 communes, 120 have met the new rural standards.", noDate,
		[]st{cnt("135", 135, "commune"), cnt("120", 120, "commune")},
		[]want{{value: 120, unit: "commune", metric: "communes", num: 120, den: 135}}},
	{"en/of_the_not_whole", "en", "Inspectors checked 45 cells; of the 2023 budget, 12 billion VND was spent.", noDate,
		[]st{cnt("45", 45, "party_cell"), yr("2023", 2023), meas("12 billion VND", 12e9, "dong")},
		[]want{{value: 45, unit: "party_cell", pstart: "2023-01-01", pend: "2023-12-31"}, {value: 12e9, unit: "dong", pstart: "2023-01-01", pend: "2023-12-31"}}},

	// German, Indonesian, Japanese, Portuguese
	{"de/achievement", "de", "Im Jahr 2023 wurden 240 neue Parteimitglieder aufgenommen, das sind 96 % des Jahresplans.", noDate,
		[]st{yr("2023", 2023), cnt("240", 240, "party_member"), pct("96 %", 96)},
		[]want{{value: 240, unit: "party_member", metric: "admitted", ach: 96, pstart: "2023-01-01", pend: "2023-12-31"},
			{value: 96, unit: "percent", ach: 96, pstart: "2023-01-01", pend: "2023-12-31"}}},
	{"id/of_total_target", "id", "Sebanyak 45 dari 50 organisasi partai telah diperiksa. Tingkat kehadiran mencapai 93% (target 90%).", noDate,
		[]st{cnt("45", 45, "party_organization"), cnt("50", 50, "party_organization"), pct("93%", 93), pct("90%", 90)},
		[]want{{value: 45, unit: "party_organization", metric: "inspected", num: 45, den: 50}, {value: 93, unit: "percent", metric: "attendance", target: 90}}},
	{"ja/achievement", "ja", "新党員を320人受け入れ、計画の105%を達成した。", noDate,
		[]st{cnt("320", 320, "party_member"), pct("105%", 105)},
		[]want{{value: 320, unit: "party_member", ach: 105}, {value: 105, unit: "percent", ach: 105}}},
	{"pt/achievement", "pt", "O comitê admitiu 150 novos membros, o que representa 88% da meta anual.", noDate,
		[]st{cnt("150", 150, "party_member"), pct("88%", 88)},
		[]want{{value: 150, unit: "party_member", metric: "admitted", ach: 88}, {value: 88, unit: "percent", ach: 88}}},

	// French, Spanish, Chinese
	{"fr/achievement", "fr", "Le comité a admis 150 nouveaux membres, soit 75 % de l'objectif annuel.", noDate,
		[]st{cnt("150", 150, "party_member"), pct("75 %", 75)},
		[]want{{value: 150, unit: "party_member", metric: "admitted", ach: 75}, {value: 75, unit: "percent", ach: 75}}},
	{"es/of_total", "es", "Se inspeccionaron 18 de 20 organizaciones de base.", noDate,
		[]st{cnt("18", 18, "party_organization"), cnt("20", 20, "party_organization")},
		[]want{{value: 18, unit: "party_organization", num: 18, den: 20}}},
	{"zh/achievement", "zh", "全年发展新党员320名，占目标的80%。", noDate,
		[]st{cnt("320", 320, "party_member"), pct("80%", 80)},
		[]want{{value: 320, unit: "party_member", metric: "admitted", ach: 80}, {value: 80, unit: "percent", ach: 80}}},
	{"und/measure", "", "The project recovered more than 36.8 hectares of land.", noDate,
		[]st{meas("36.8", 36.8, "hectare")},
		[]want{{value: 36.8, unit: "hectare", metric: "hectares"}}},
}

func TestExtract(t *testing.T) {
	s := loadStage(t)
	for _, c := range kpiCases {
		t.Run(c.name, func(t *testing.T) {
			a := article(t, c.lang, c.body, c.published, c.stats)
			if err := s.Process(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			got := a.KPIs
			if len(got) != len(c.want) {
				t.Fatalf("Extract(%q) = %d KPIs %v, want %d", c.body, len(got), summary(got), len(c.want))
			}
			for i, w := range c.want {
				k := got[i]
				check := func(field string, g *float64, w float64) {
					t.Helper()
					if (g == nil) != (w == 0) || (g != nil && *g != w) {
						t.Errorf("KPI %d (%v): %s = %v, want %v", i, k.Value, field, fptr(g), w)
					}
				}
				if k.Value != w.value || k.Unit != w.unit {
					t.Errorf("KPI %d = (%v, %q), want (%v, %q)", i, k.Value, k.Unit, w.value, w.unit)
				}
				if w.metric != "" && !strings.Contains(k.Metric, w.metric) {
					t.Errorf("KPI %d (%v): metric = %q, want it to contain %q", i, k.Value, k.Metric, w.metric)
				}
				check("achievement_pct", k.AchievementPct, w.ach)
				check("target", k.Target, w.target)
				check("numerator", k.Numerator, w.num)
				check("denominator", k.Denominator, w.den)
				if k.PeriodStart.String() != w.pstart || k.PeriodEnd.String() != w.pend {
					t.Errorf("KPI %d (%v): period = %s..%s, want %s..%s", i, k.Value, k.PeriodStart, k.PeriodEnd, w.pstart, w.pend)
				}
				if k.Confidence <= 0 || k.Confidence > 1 {
					t.Errorf("KPI %d: confidence = %v, want in (0, 1]", i, k.Confidence)
				}
				if k.KPIID != stages.HashID(a.ID, k.StatID, k.Metric) {
					t.Errorf("KPI %d: KPIID is not HashID(article, stat, metric)", i)
				}
				if !utf8.ValidString(k.MetricSurface) || !strings.Contains(a.Body, k.MetricSurface) {
					t.Errorf("KPI %d: metric_surface %q is not body text", i, k.MetricSurface)
				}
			}
		})
	}
}

func fptr(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}

func summary(ks []stages.KPI) string {
	var b strings.Builder
	for _, k := range ks {
		fmt.Fprintf(&b, "[%v %s %q] ", k.Value, k.Unit, k.Metric)
	}
	return b.String()
}

func TestOrgLink(t *testing.T) {
	s := loadStage(t)
	body := "The Loc Ha district committee opened 169 classes. The province admitted 40 members.\nThe cell checked 12 households.\nIt also built 9 houses."
	a := article(t, "en", body, noDate, []st{cnt("169", 169, "class"), cnt("40", 40, "party_member"), cnt("12", 12, "household"), cnt("9", 9, "house")})
	a.Orgs = []stages.OrgMention{
		{Org: stages.Organization{OrgID: "loc-ha"}, ByteStart: 4, ByteEnd: 28},
		{Org: stages.Organization{OrgID: "cell"}, ByteStart: strings.Index(body, "cell"), ByteEnd: strings.Index(body, "cell") + 4},
		{Org: stages.Organization{OrgID: "loc-ha"}, ByteStart: len(body) - 1, ByteEnd: len(body)},
	}
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	// Same sentence; then the paragraph; then the article's main organization.
	for i, want := range []string{"loc-ha", "loc-ha", "cell", "loc-ha"} {
		if i >= len(a.KPIs) || a.KPIs[i].OrgID != want {
			t.Errorf("KPI %d: org = %v, want %s", i, a.KPIs, want)
		}
	}
}

func TestNoStats(t *testing.T) {
	s := loadStage(t)
	a := &stages.Article{Body: "Nothing to measure here."}
	if err := s.Process(context.Background(), a); err != nil || a.KPIs != nil {
		t.Errorf("Process(no stats) = %v, %v; want nil, nil", a.KPIs, err)
	}
}

func TestKPIIDIsHashID(t *testing.T) {
	d := &doc{}
	for _, p := range [][3]string{{"", "", ""}, {"a", "b", "c"}, {"article", "stat", "tổng số đảng viên"}} {
		if got, want := d.kpiID(p[0], p[1], p[2]), stages.HashID(p[0], p[1], p[2]); got != want {
			t.Errorf("kpiID%q = %s, want %s", p, got, want)
		}
	}
}

// TestReachClamped checks that clamping a free walk after the fact gives
// the offsets of the clamped walk metricFor used to take.
func TestReachClamped(t *testing.T) {
	body := "Tổng cộng 120 đảng viên; ร้อยละ 84.5 ของเป้าหมาย\nСъезд: 15% — \xffab 7 κλπ"
	d := &doc{a: &stages.Article{Body: body}, folded: body, utf8ok: utf8.ValidString(body)}
	for s := 0; s <= len(body); s++ {
		for e := s; e <= min(len(body), s+4); e++ {
			d.a.Stats = []stages.Statistic{{ByteStart: s, ByteEnd: e}}
			d.reach = nil
			r := d.reachOf(0)
			for clo := 0; clo <= len(body); clo += 3 {
				for chi := clo; chi <= len(body); chi += 5 {
					if got, want := max(clo, r.lo), max(clo, runesBack(body, s, clo, metricBefore)); got != want {
						t.Fatalf("lo(%d, %d) = %d, want %d", s, clo, got, want)
					}
					if got, want := min(chi, r.hiCount), min(chi, runesFwd(body, e, chi, metricAfter)); got != want {
						t.Fatalf("hi(%d, %d) = %d, want %d", e, chi, got, want)
					}
					if got, want := min(chi, r.hiPercent), min(chi, runesFwd(body, e, chi, percentAfter)); got != want {
						t.Fatalf("hi%%(%d, %d) = %d, want %d", e, chi, got, want)
					}
				}
			}
		}
	}
}
