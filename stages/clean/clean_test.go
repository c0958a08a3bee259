package clean

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
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

func process(t *testing.T, s *Stage, raw string) *stages.Article {
	t.Helper()
	a := &stages.Article{Raw: []byte(raw)}
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatalf("Process: %v", err)
	}
	return a
}

// Paragraphs we wrote for these tests, long enough to read as article text.
const (
	viPara1 = "Sáng 15/3, Ban Thường vụ Huyện ủy tổ chức hội nghị sơ kết công tác xây dựng Đảng quý I năm 2024 với sự tham dự của đại diện các xã."
	viPara2 = "Trong quý, toàn huyện kết nạp 45 đảng viên mới, đạt 30% kế hoạch năm, và hoàn thành kiểm tra 12 tổ chức đảng cơ sở."
	enPara1 = "The district Party Committee held a conference on Friday to review party building work in the first quarter of 2024."
	enPara2 = "In the quarter the district admitted 45 new party members, reaching 30 percent of the annual plan, and inspected 12 grassroots party organizations."
	ruPara1 = "В пятницу районный комитет партии провел конференцию по итогам работы по партийному строительству за первый квартал 2024 года."
	ruPara2 = "За квартал район принял в партию 45 новых членов, что составляет 30 процентов годового плана, и проверил 12 первичных организаций."
	arPara1 = "عقدت لجنة الحزب في المنطقة يوم الجمعة مؤتمرا لمراجعة أعمال بناء الحزب في الربع الأول من عام 2024 بحضور ممثلي البلديات."
	arPara2 = "وخلال الربع قبلت المنطقة 45 عضوا جديدا في الحزب، بنسبة 30 في المائة من خطة العام، وفحصت 12 منظمة حزبية قاعدية."
	faPara1 = "کمیته حزبی شهرستان روز جمعه کنفرانسی برای بررسی کار حزب\u200cسازی در سه ماهه نخست سال ۲۰۲۴ با حضور نمایندگان بخش\u200cها برگزار کرد."
	faPara2 = "در این سه ماهه شهرستان ۴۵ عضو جدید حزب پذیرفت که ۳۰ درصد برنامه سال است و ۱۲ سازمان پایه حزبی را بازرسی کرد."
	thPara1 = "เมื่อวันศุกร์ที่ผ่านมา คณะกรรมการพรรคประจำอำเภอได้จัดการประชุมเพื่อทบทวนงานสร้างพรรคในไตรมาสแรกของปี 2024 โดยมีผู้แทนจากตำบลต่างๆ เข้าร่วม"
	thPara2 = "ในไตรมาสนี้ อำเภอได้รับสมาชิกพรรคใหม่ 45 คน คิดเป็นร้อยละ 30 ของแผนประจำปี และตรวจสอบองค์กรพรรคระดับรากหญ้า 12 แห่ง"
)

func TestBoilerplate(t *testing.T) {
	s := newStage(t)
	tests := []struct {
		name        string
		raw         string
		body        []string // lines the body must contain, in order
		gone        []string // text that must not survive
		captions    []string
		title       string
		byline      string
		url         string
		published   string
		publishedAt string // UTC
	}{
		{
			name: "vi/banner dateline title ad footer",
			raw: "Báo Điện tử Tỉnh X - baotinhx.vn\n\nSơ kết công tác xây dựng Đảng quý I\n\nThứ Sáu, 15/03/2024 09:30\n\n[Quảng cáo 1]\n\n" +
				viPara1 + "\n\n" + viPara2 + "\n\nMinh Anh\n\nNguồn: https://baotinhx.vn/so-ket-quy-i-123456.html\n\nBình luận (3)\n\nTin liên quan\n\nHuyện A khai mạc hội chợ xuân 2024\n",
			body:        []string{viPara1, viPara2},
			gone:        []string{"baotinhx", "15/03/2024", "Quảng cáo", "123456", "(3)", "Tin liên quan", "hội chợ", "Minh Anh"},
			title:       "Sơ kết công tác xây dựng Đảng quý I",
			byline:      "Minh Anh",
			url:         "https://baotinhx.vn/so-ket-quy-i-123456.html",
			published:   "2024-03-15",
			publishedAt: "2024-03-15T02:30:00Z",
		},
		{
			name: "en/credit line and photo caption",
			raw: "09:05, 01.02.2024\n" + enPara1 + "\nDelegates at the conference. Photo: Thu Ha\n" + enPara2 +
				"\nText and photos: Le Van Nam\nSource\nComments (0)\nMore news\nSame topic\n",
			body:        []string{enPara1, "Delegates at the conference. Photo: Thu Ha", enPara2},
			gone:        []string{"Comments", "(0)", "Same topic", "Le Van Nam", "Source"},
			captions:    []string{"Delegates at the conference. Photo: Thu Ha"},
			byline:      "Le Van Nam",
			published:   "2024-02-01",
			publishedAt: "2024-02-01T02:05:00Z",
		},
		{
			name:      "ru/source without URL, byline before it",
			raw:       ruPara1 + "\nОбщий вид конференции. Фото: Ирина Ли\n" + ruPara2 + "\nИван Петров\nИсточник\nКомментарий (12)\nТа же тема\nНовости\n",
			body:      []string{ruPara1, ruPara2},
			gone:      []string{"Источник", "(12)", "Новости", "Иван Петров"},
			captions:  []string{"Общий вид конференции. Фото: Ирина Ли"},
			byline:    "Иван Петров",
			published: "",
		},
		{
			name:     "ar/ad markers mid-article and a source URL",
			raw:      "[إعلان 1]\n" + arPara1 + "\n[إعلان 2]\nجانب من المؤتمر. تصوير: هوانغ آن\n" + arPara2 + "\n[إعلان 3]\nالمصدر: https://example.vn/tin-789.html\nتعليق (0)\nنفس الموضوع\nأخبار\n",
			body:     []string{arPara1, "جانب من المؤتمر. تصوير: هوانغ آن", arPara2},
			gone:     []string{"إعلان", "789", "(0)", "نفس الموضوع", "أخبار"},
			captions: []string{"جانب من المؤتمر. تصوير: هوانغ آن"},
			url:      "https://example.vn/tin-789.html",
		},
		{
			name:     "fa/credit at the end of a caption, role line after the byline",
			raw:      "نمایی از کنفرانس. عکس: مین تام\n" + faPara1 + "\n" + faPara2 + "\nلی وان آن\n(رئیس کمیته سازماندهی حزب شهرستان)\nمنبع: https://example.vn/a-55.html\nنظر (0)\n",
			body:     []string{"نمایی از کنفرانس. عکس: مین تام", faPara1, faPara2},
			gone:     []string{"(0)", "55", "لی وان آن", "رئیس کمیته سازماندهی"},
			captions: []string{"نمایی از کنفرانس. عکس: مین تام"},
			byline:   "لی وان آن",
			url:      "https://example.vn/a-55.html",
		},
		{
			name:        "th/credit cue byline and a dateline with the time first",
			raw:         "14:45, 05/04/2024\nXYZ - " + thPara1 + "\nผู้แทนร่วมการประชุม |\n" + thPara2 + "\nข่าวและภาพ : NGUYEN LAN\nลิงค์ที่มา\nการแสดงความคิดเห็น (0)\n",
			body:        []string{"XYZ - " + thPara1, "ผู้แทนร่วมการประชุม", thPara2},
			gone:        []string{"NGUYEN LAN", "(0)", "ลิงค์ที่มา", "|", "05/04/2024"},
			captions:    []string{"ผู้แทนร่วมการประชุม"},
			byline:      "NGUYEN LAN",
			published:   "2024-04-05",
			publishedAt: "2024-04-05T07:45:00Z",
		},
		{
			name: "en/another site's banner and footer",
			raw: "ProvinceNews.example.com - Your window on the province\nHome\n" + enPara1 + "\n" + enPara2 +
				"\nRelated\nSchools reopen after the floods\nFarmers harvest early rice\nTags\n",
			body: []string{enPara1, enPara2},
			gone: []string{"ProvinceNews", "Schools reopen", "Farmers harvest", "Tags"},
		},
		{
			name: "es/ad slots in the crawler's own notation, footer of a language without seeds",
			raw: "[ad_1]\nEl comité provincial del Partido celebró ayer una reunión para examinar los resultados de los primeros seis meses del año.\n" +
				"Vista de la reunión. Foto: Minh Duc\nLa provincia admitió 45 nuevos miembros del Partido, el 30 por ciento del plan anual.\n[ad_2]\n" +
				"Fuente: https://example.vn/es/reunion-4455.html\nComentario (0)\nMismo tema\nNoticias\n",
			body:     []string{"El comité provincial", "Vista de la reunión. Foto: Minh Duc", "La provincia admitió"},
			gone:     []string{"ad_", "4455", "(0)", "Mismo tema", "Noticias"},
			captions: []string{"Vista de la reunión. Foto: Minh Duc"},
			url:      "https://example.vn/es/reunion-4455.html",
		},
		{
			name: "ja/a language without seeds, in the same site template",
			raw: "Vietnam.vn - ベトナム推進プラットフォーム\n\n宣光省：2025年の党建設の成果\n\nViệt NamViệt Nam03/10/2025\n\n[広告1]\n\n" +
				"10月2日午後、省党委員会常務委員会は第16回会議を開き、2025年の最初の9か月間の党建設活動を総括した。\n\n" +
				"会議の様子。写真：タイン・フック\n\n最初の9か月間に、省全体で1,246人の新党員を受け入れ、年間目標の84.5%を達成した。\n\n" +
				"ミン・ハー\n\n出典：https://baotuyenquang.com.vn/ja-201999.html\n\nコメント (0)\n\n同じトピック\n\n省が党機関のデジタル化を推進\n",
			body:      []string{"10月2日午後", "会議の様子。写真：タイン・フック", "最初の9か月間"},
			gone:      []string{"Vietnam.vn", "03/10/2025", "広告", "201999", "(0)", "同じトピック", "デジタル化", "ミン・ハー"},
			captions:  []string{"会議の様子。写真：タイン・フック"},
			title:     "宣光省：2025年の党建設の成果",
			byline:    "ミン・ハー",
			url:       "https://baotuyenquang.com.vn/ja-201999.html",
			published: "2025-10-03",
		},
		{
			name: "hi/a language without seeds, credit line byline",
			raw: "10:15, 12/05/2025\nजिला पार्टी समिति ने शुक्रवार को पहली तिमाही के पार्टी निर्माण कार्य की समीक्षा के लिए एक सम्मेलन आयोजित किया।\n" +
				"सम्मेलन का दृश्य। फोटो: वान डुक\nतिमाही में जिले ने 45 नए पार्टी सदस्यों को शामिल किया, जो वार्षिक योजना का 30 प्रतिशत है।\n" +
				"पाठ और फोटो: वान डुक\nस्रोत\nटिप्पणी (0)\n",
			body:        []string{"जिला पार्टी समिति", "सम्मेलन का दृश्य। फोटो: वान डुक", "तिमाही में"},
			gone:        []string{"स्रोत", "(0)", "पाठ और फोटो"},
			captions:    []string{"सम्मेलन का दृश्य। फोटो: वान डुक"},
			byline:      "वान डुक",
			published:   "2025-05-12",
			publishedAt: "2025-05-12T03:15:00Z",
		},
		{
			name: "ru/letterless counters above and below the article",
			raw:  "1 234 | 56\n" + ruPara1 + "\n12\n" + ruPara2 + "\n(0)\n3 / 7\n",
			body: []string{ruPara1, "12", ruPara2},
			gone: []string{"1 234", "(0)", "3 / 7"},
		},
		{
			name:      "en/dateline above the headline",
			raw:       "Vietnam.vn - Vietnam promotion platform\n15/03/2024\nDistrict reviews party building\n" + enPara1 + "\n" + enPara2,
			body:      []string{"District reviews party building", enPara1},
			gone:      []string{"Vietnam.vn", "15/03/2024"},
			published: "2024-03-15",
		},
		{
			name: "vi/dates in the related links are not the article's",
			raw:  viPara1 + "\n" + viPara2 + "\nBình luận (0)\nTin khác\nHuyện B tổng kết năm 14/03/2024\n15/03/2024 08:00\n",
			body: []string{viPara1, viPara2},
			gone: []string{"Huyện B", "14/03/2024"},
		},
		{
			name: "vi/no chrome: nothing removed, no byline guessed",
			raw:  viPara1 + "\n" + viPara2 + "\nNguyễn Văn A\n",
			body: []string{viPara1, viPara2, "Nguyễn Văn A"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := process(t, s, tc.raw)
			at := 0
			for _, want := range tc.body {
				i := strings.Index(a.Body[at:], want)
				if i < 0 {
					t.Fatalf("Body lacks %q (in order)\nBody: %q", want, a.Body)
				}
				at += i + len(want)
			}
			for _, g := range tc.gone {
				if strings.Contains(a.Body, g) {
					t.Errorf("Body still contains %q\nBody: %q", g, a.Body)
				}
			}
			var caps []string
			for _, sp := range a.Captions {
				caps = append(caps, a.Body[sp.Start:sp.End])
			}
			if strings.Join(caps, "|") != strings.Join(tc.captions, "|") {
				t.Errorf("Captions = %q, want %q", caps, tc.captions)
			}
			check := func(field, got, want string) {
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("Title", a.Title, tc.title)
			check("Byline", a.Byline, tc.byline)
			check("SourceURL", a.SourceURL, tc.url)
			check("Published", a.Published.String(), tc.published)
			at2 := ""
			if !a.PublishedAt.IsZero() {
				at2 = a.PublishedAt.Format(time.RFC3339)
			}
			check("PublishedAt", at2, tc.publishedAt)
			if a.BoilerplateCut == 0 && len(tc.gone) > 0 {
				t.Error("BoilerplateCut = 0, want lines counted")
			}
		})
	}
}

func TestHints(t *testing.T) {
	s := newStage(t)
	a := &stages.Article{Raw: []byte(enPara1 + "\n" + enPara2), Hints: stages.Hints{URL: "https://example.org/x", Published: "2024-05-06T08:00:00+07:00"}}
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if a.SourceURL != "https://example.org/x" || a.Published.String() != "2024-05-06" || a.PublishedAt.Format(time.RFC3339) != "2024-05-06T01:00:00Z" {
		t.Errorf("hints: SourceURL %q Published %v PublishedAt %v", a.SourceURL, a.Published, a.PublishedAt)
	}
	// The text's own metadata wins over hints.
	a = &stages.Article{Raw: []byte("01/02/2023\n" + enPara1 + "\nSource: https://text.example/y\n"), Hints: stages.Hints{URL: "https://hint.example/z", Published: "2024-05-06"}}
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if a.SourceURL != "https://text.example/y" || a.Published.String() != "2023-02-01" {
		t.Errorf("text vs hints: SourceURL %q Published %v", a.SourceURL, a.Published)
	}
}

func TestRejects(t *testing.T) {
	s := newStage(t)
	tests := []struct {
		name string
		raw  []byte
		want []stages.Reason
	}{
		{"empty", nil, []stages.Reason{stages.ReasonEmpty}},
		{"white space", []byte(" \n\t\r\n "), []stages.Reason{stages.ReasonEmpty}},
		{"BOM only", []byte("\xef\xbb\xbf"), []stages.Reason{stages.ReasonEmpty}},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01"), []stages.Reason{stages.ReasonBinary}},
		{"controls", []byte(strings.Repeat("\x01\x02\x03abc", 50)), []stages.Reason{stages.ReasonBinary}},
		{"invalid UTF-8", []byte("Hello \xff\xfe world, short text \xc3"), []stages.Reason{stages.ReasonInvalidUTF8, stages.ReasonUndecodable}},
		{"random high bytes", []byte(strings.Repeat("\x80\x9f\xa0 \xbf\x81\x98 ", 40)), []stages.Reason{stages.ReasonInvalidUTF8, stages.ReasonUndecodable}},
		{"odd UTF-16", []byte("\xff\xfea\x00b"), []stages.Reason{stages.ReasonUndecodable}},
		{"boilerplate only", []byte("Bình luận (0)\n[Quảng cáo 1]\n"), []stages.Reason{stages.ReasonNoBody}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &stages.Article{Raw: tc.raw}
			err := s.Process(context.Background(), a)
			var r *stages.Reject
			if !errors.As(err, &r) {
				t.Fatalf("Process(%q) error = %v, want a reject", tc.raw, err)
			}
			for _, w := range tc.want {
				if r.Reason == w {
					return
				}
			}
			t.Errorf("Process(%q) reason = %s, want one of %v", tc.raw, r.Reason, tc.want)
		})
	}
}

func FuzzClean(f *testing.F) {
	s := newStage(f)
	for _, seed := range []string{
		"", "\xef\xbb\xbf" + enPara1, "\xff\xfea\x00b\x00", "[إعلان 1]\n" + arPara1 + "\nتعليق (0)",
		"20:07, 02/06/2023\nBHG - " + thPara1 + " |\nข่าวและภาพ : A B\n", ruPara1 + "\nИсточник\n", "a|\nb\n|\n",
		"Source: www.\nComments (0)", "\x00\x01", "\xc3\x28", "Photo: \nBy: \n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		a := &stages.Article{Raw: raw}
		err := s.Process(context.Background(), a)
		if err != nil {
			var r *stages.Reject
			if !errors.As(err, &r) {
				t.Fatalf("Process error %v is not a reject", err)
			}
			return
		}
		if !utf8.ValidString(a.Body) {
			t.Fatalf("Body is not valid UTF-8: %q", a.Body)
		}
		if a.Body == "" {
			t.Fatal("empty Body without a reject")
		}
		prev := 0
		for _, sp := range a.Captions {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(a.Body) {
				t.Fatalf("caption %v outside Body (len %d) or out of order", sp, len(a.Body))
			}
			prev = sp.End
		}
		for _, m := range []string{a.Title, a.Byline, a.SourceURL} {
			if !utf8.ValidString(m) {
				t.Fatalf("metadata %q is not valid UTF-8", m)
			}
		}
	})
}

func BenchmarkClean(b *testing.B) {
	s := newStage(b)
	raw := []byte("Vietnam.example - site\n\nTitle of the article\n\n01/11/2024\n\n[إعلان 1]\n\n" +
		strings.Repeat(arPara1+"\n\n"+arPara2+"\n\n", 30) + "المصدر: https://example.vn/a-1.html\n\nتعليق (0)\n\nنفس الموضوع\n\nأخبار\n")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		a := &stages.Article{Raw: raw}
		if err := s.Process(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb\rc":                      "a\nb\nc",
		"Tuye\u0302n":                    "Tuyên",
		"x&nbsp;y &amp; z &quot;q&quot;": "x\u00a0y & z \"q\"",
		"1\u200b000 so\u00adft":          "1000 soft",
		"می\u200cشود":                    "می\u200cشود",
		"tab\there\x01":                  "tab here",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLongLines checks that pathological lines stay articles and stay cheap.
func TestLongLines(t *testing.T) {
	s := newStage(t)
	for name, raw := range map[string]string{
		"million digits": "The figure was " + strings.Repeat("7", 1_000_000) + " people.\n",
		"one long line":  strings.Repeat("lorem 12 ipsum ", 100_000),
		"many dates":     strings.Repeat("01/02/2024 ", 50_000),
	} {
		a := &stages.Article{Raw: []byte(raw)}
		if err := s.Process(context.Background(), a); err != nil {
			t.Errorf("%s: Process = %v, want an article", name, err)
		}
	}
}

// FuzzNormalize checks the fast path of normalize, and the one-pass line
// features, against their definitions.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"a\r\nb\rc", "Tuye\u0302n", "Tuyên xã", "x&nbsp;y &amp; z", "1\u200b000 so\u00adft", "می\u200cشود",
		"tab\there\x01", "\u1100\u1161\u11a8", "가\u11a8", "e\u0301\u0323", "\u2126 ohm", "\xff\xfe bad", "A  B\u00a0c",
		arPara1, "ผู้แทน 250 คน", "Ü\u0304", "😀 emoji 𝐀",
		"ก\u0e48\u0e38 wrong order", "a – b", "a — b", "x：y", "\xe2\x80", "\xef\xbc", "ب\u0651\u064b", "ب\u064b\u0651", "a" + strings.Repeat("\u064b", 40),
	} {
		f.Add(s)
	}
	rt := newRuneTable()
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := rt.normalize(s), normalize(s); got != want {
			t.Fatalf("fast normalize(%q) = %q, want %q", s, got, want)
		}
		n := normalize(s)
		ft := rt.features(n)
		letters := 0
		for _, r := range n {
			if unicode.IsLetter(r) || unicode.IsMark(r) {
				letters++
			}
		}
		if ft.words != len(strings.Fields(n)) || ft.letters != letters {
			t.Fatalf("features(%q) = %+v, want %d words, %d letters", n, ft, len(strings.Fields(n)), letters)
		}
		form := strings.Join(strings.Fields(strings.ToLower(n)), " ")
		if ft.plainSpaces && ft.lower && form != n {
			t.Fatalf("features(%q): plain, but its cue form differs", n)
		}
		if got, want := hasSeparator(s), strings.ContainsAny(s, ":：-–—"); got != want {
			t.Fatalf("hasSeparator(%q) = %v, want %v", s, got, want)
		}
		if got := rt.cueForm(n); got != form {
			t.Fatalf("cueForm(%q) = %q, want %q", n, got, form)
		}
		if got := rt.cueForm(s); got != strings.Join(strings.Fields(strings.ToLower(s)), " ") {
			t.Fatalf("cueForm(%q) = %q", s, got)
		}
	})
}
