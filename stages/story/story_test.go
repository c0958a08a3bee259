package story

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statharvest/statharvest/stages"
)

// Builders for hand-made articles. Numbers arrive here already normalized by
// the numbers stage, so an edition written with ١٣١٬٥٤٨, ๑๓๑,๕๔๘ or
// "131 548" carries the same Value as one written 131,548.

func cnt(v float64) stages.Statistic {
	return stages.Statistic{Kind: stages.KindCount, Value: stages.Float(v)}
}
func pct(v float64) stages.Statistic {
	return stages.Statistic{Kind: stages.KindPercent, Value: stages.Float(v)}
}
func measure(v float64, unit string) stages.Statistic {
	return stages.Statistic{Kind: stages.KindMeasure, Value: stages.Float(v), Unit: unit}
}
func ratio(n, d float64) stages.Statistic {
	return stages.Statistic{Kind: stages.KindRatio, Value: stages.Float(n / d), Numerator: stages.Float(n), Denominator: stages.Float(d)}
}
func year(y float64) stages.Statistic {
	return stages.Statistic{Kind: stages.KindYear, Value: stages.Float(y)}
}
func yearRange(a, b float64) stages.Statistic {
	return stages.Statistic{Kind: stages.KindYearRange, RangeStart: stages.Float(a), RangeEnd: stages.Float(b)}
}
func ident(v float64) stages.Statistic {
	return stages.Statistic{Kind: stages.KindIdentifier, Value: stages.Float(v)}
}
func ordinal(v float64) stages.Statistic {
	return stages.Statistic{Kind: stages.KindOrdinal, Value: stages.Float(v)}
}
func date(y int, m time.Month, d int) stages.Statistic {
	return stages.Statistic{Kind: stages.KindDate, Date: stages.Date{Year: y, Month: m, Day: d}}
}

func org(id string) stages.OrgMention { return stages.OrgMention{Org: stages.Organization{OrgID: id}} }

func article(name, srcURL string, pub stages.Date, stats ...stages.Statistic) *stages.Article {
	return &stages.Article{
		ID:         stages.ArticleID([]byte(name)),
		SourcePath: name,
		SourceURL:  srcURL,
		Published:  pub,
		Stats:      stats,
	}
}

var (
	oct3  = stages.Date{Year: 2025, Month: time.October, Day: 3}
	oct4  = stages.Date{Year: 2025, Month: time.October, Day: 4}
	jan16 = stages.Date{Year: 2025, Month: time.January, Day: 16}
)

const tqURL = "https://baotuyenquang.com.vn/ket-qua-xay-dung-dang-9-thang-2025-201999.html"

// tuyenQuang is one report on party building; each edition drops or adds
// what machine translation and editors drop or add.
func tuyenQuang(lang string, drop map[int]bool, extra ...stages.Statistic) []stages.Statistic {
	full := []stages.Statistic{
		year(2025), ordinal(16), date(0, time.October, 2),
		cnt(1246), pct(84.5), cnt(312), cnt(287), pct(95.4),
		cnt(131548), cnt(1012), cnt(18377), cnt(2500), cnt(46),
		ident(18), ratio(33, 39), cnt(27), yearRange(2020, 2025),
	}
	var out []stages.Statistic
	for i, s := range full {
		if !drop[i] {
			out = append(out, s)
		}
	}
	return append(out, extra...)
}

func add(t *testing.T, x *Index, a *stages.Article) *stages.Article {
	t.Helper()
	if err := x.Add(context.Background(), a); err != nil {
		t.Fatalf("Add(%s): %v", a.SourcePath, err)
	}
	if a.StoryID == "" || strings.ToLower(a.StoryID) != a.StoryID || !isHex(a.StoryID) {
		t.Fatalf("Add(%s): story id %q is not lowercase hex", a.SourcePath, a.StoryID)
	}
	if a.StoryScore < 0 || a.StoryScore > 1 {
		t.Fatalf("Add(%s): score %v outside 0..1", a.SourcePath, a.StoryScore)
	}
	return a
}

func open(t *testing.T, dir string) *Index {
	t.Helper()
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestEditionsGroupByStatistics(t *testing.T) {
	x := open(t, t.TempDir())
	first := add(t, x, article("vi", tqURL, oct3, tuyenQuang("vi", nil)...))
	if first.StoryEvidence != EvidenceSingleton || first.StoryScore != 1 {
		t.Fatalf("first edition: %s %v, want singleton 1", first.StoryEvidence, first.StoryScore)
	}
	editions := []struct {
		name  string
		stats []stages.Statistic
	}{
		// Arabic edition: no source line, the closing sentence (term) missing.
		{"ar", tuyenQuang("ar", map[int]bool{16: true})},
		// Russian edition: the households sentence missing, published a day later.
		{"ru", tuyenQuang("ru", map[int]bool{10: true})},
		// English edition: "33 of 39" read as two counts, 27 written in words.
		{"en", append(tuyenQuang("en", map[int]bool{14: true}), cnt(33), cnt(39))},
		// Chinese edition: an extra sentence with its own numbers.
		{"zh", tuyenQuang("zh", nil, cnt(740), pct(12.5))},
		// Thai edition: two sentences gone and the date missing.
		{"th", tuyenQuang("th", map[int]bool{2: true, 5: true, 6: true, 7: true})},
	}
	for _, e := range editions {
		t.Run(e.name, func(t *testing.T) {
			a := add(t, x, article(e.name, "", oct4, e.stats...))
			if a.StoryID != first.StoryID {
				t.Fatalf("story %s, want %s (evidence %s score %v)", a.StoryID, first.StoryID, a.StoryEvidence, a.StoryScore)
			}
			if a.StoryEvidence != EvidenceStatistics || a.StoryScore < 0.5 || a.StoryScore > 1 {
				t.Fatalf("evidence %s score %v, want statistics >= 0.5", a.StoryEvidence, a.StoryScore)
			}
		})
	}
}

func TestSourceURLDecides(t *testing.T) {
	x := open(t, t.TempDir())
	a := add(t, x, article("vi", tqURL, oct3))
	variants := []string{
		"http://www.baotuyenquang.com.vn/ket-qua-xay-dung-dang-9-thang-2025-201999.html/",
		"https://m.baotuyenquang.com.vn/ket-qua-xay-dung-dang-9-thang-2025-201999.html?utm_source=zalo#top",
		"HTTPS://BaoTuyenQuang.com.vn/ket-qua-xay-dung-dang-9-thang-2025-201999.html",
	}
	for _, u := range variants {
		b := add(t, x, article(u, u, stages.Date{}, cnt(5)))
		if b.StoryID != a.StoryID || b.StoryEvidence != EvidenceSourceURL || b.StoryScore != 1 {
			t.Errorf("%s: story %s evidence %s score %v, want %s source_url 1", u, b.StoryID, b.StoryEvidence, b.StoryScore, a.StoryID)
		}
	}
	if want := stages.HashID("story", NormalizeURL(tqURL)); a.StoryID != want {
		t.Errorf("story id %s, want the hash of the normalized source URL %s", a.StoryID, want)
	}
}

func TestEditionURLOfRecordIsNotEvidence(t *testing.T) {
	// A JSON Lines record whose text has no source line: clean falls back on
	// the record's own url, which names the edition, not the original.
	x := open(t, t.TempDir())
	a := add(t, x, article("vi", tqURL, oct3, tuyenQuang("vi", nil)...))
	fr := article("fr", "https://vietnam.vn/fr/tuyen-quang-bilan", oct3, tuyenQuang("fr", nil)...)
	fr.Hints.URL = fr.SourceURL
	add(t, x, fr)
	if fr.StoryID != a.StoryID || fr.StoryEvidence != EvidenceStatistics {
		t.Fatalf("record edition: story %s evidence %s, want %s statistics", fr.StoryID, fr.StoryEvidence, a.StoryID)
	}
}

func TestDifferentOriginalsStayApart(t *testing.T) {
	x := open(t, t.TempDir())
	a := add(t, x, article("a", tqURL, oct3, tuyenQuang("vi", nil)...))
	b := add(t, x, article("b", "https://baotuyenquang.com.vn/another-report-202000.html", oct3, tuyenQuang("vi", nil)...))
	if a.StoryID == b.StoryID {
		t.Fatal("articles naming different originals were grouped")
	}
}

func TestUnrelatedArticlesSharingCommonNumbers(t *testing.T) {
	x := open(t, t.TempDir())
	report := add(t, x, article("report", "", oct3, tuyenQuang("vi", nil, pct(100))...))
	cases := []struct {
		name  string
		stats []stages.Statistic
	}{
		{"tourism", []stages.Statistic{
			year(2025), cnt(9), cnt(2350000), pct(12.4), cnt(410000), measure(4860e9, "VND"),
			cnt(46), pct(100), pct(70), yearRange(2020, 2025), cnt(1200), cnt(3), cnt(3000000),
		}},
		{"school year", []stages.Statistic{
			date(0, time.September, 5), cnt(860000), yearRange(2025, 2026), cnt(1012),
			pct(100), cnt(318), cnt(740), pct(81.6), cnt(21), year(2026),
		}},
		{"rice", []stages.Statistic{
			date(0, time.May, 10), pct(100), year(2025), measure(58400, "hectare"), measure(6.2, "tonne"),
			measure(0.3, "tonne"), pct(95), cnt(12), yearRange(2020, 2025), pct(5), measure(15, "day"),
		}},
		// Shares the rarer values 1,246 and 84.5 by coincidence, and little else.
		{"coincidence", []stages.Statistic{
			cnt(1246), pct(84.5), cnt(2025), pct(100), cnt(9), cnt(57), cnt(3120), cnt(615), pct(44.1), cnt(8800),
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := add(t, x, article(c.name, "", oct3, c.stats...))
			if a.StoryID == report.StoryID {
				t.Fatalf("grouped with the report (evidence %s score %v)", a.StoryEvidence, a.StoryScore)
			}
			if a.StoryEvidence != EvidenceSingleton {
				t.Fatalf("evidence %s, want singleton", a.StoryEvidence)
			}
		})
	}
}

func TestDateAndOrganizations(t *testing.T) {
	orgs := []stages.OrgMention{org("org-ppc-tuyenquang"), org("org-pic-tuyenquang"), org("org-ppc-tuyenquang"), org("org-sb-tuyenquang")}
	x := open(t, t.TempDir())
	a := article("vi", "", oct3, cnt(7), year(2025))
	a.Orgs = orgs
	add(t, x, a)

	same := article("ar", "", oct3, year(2025))
	same.Orgs = orgs[1:]
	add(t, x, same)
	if same.StoryID != a.StoryID || same.StoryEvidence != EvidenceDateOrgs {
		t.Fatalf("same day, same organizations: story %s evidence %s, want %s date_orgs", same.StoryID, same.StoryEvidence, a.StoryID)
	}

	otherDay := article("th", "", oct4, cnt(7))
	otherDay.Orgs = orgs
	add(t, x, otherDay)
	if otherDay.StoryID == a.StoryID {
		t.Fatal("another day's article was grouped on organizations alone")
	}

	// Same day and organizations but plenty of statistics that disagree: a
	// different report of the same committee.
	busy := article("ru", "", oct3, cnt(4410), cnt(389), pct(61.2), cnt(7250), cnt(133))
	busy.Orgs = orgs
	add(t, x, busy)
	busy2 := article("fa", "", oct3, cnt(9120), cnt(518), pct(73.4), cnt(6021), cnt(245))
	busy2.Orgs = orgs
	add(t, x, busy2)
	if busy2.StoryID == busy.StoryID {
		t.Fatal("articles whose statistics disagree were grouped on date and organizations")
	}
}

func TestRejectedArticlesAreSkipped(t *testing.T) {
	x := open(t, t.TempDir())
	a := article("bad", tqURL, oct3)
	a.Reject = &stages.Reject{Reason: stages.ReasonEmpty}
	add := func() error { return x.Add(context.Background(), a) }
	if err := add(); err != nil {
		t.Fatal(err)
	}
	if a.StoryID != "" || x.Len() != 0 {
		t.Fatalf("rejected article got story %q; index has %d stories", a.StoryID, x.Len())
	}
}

func TestCanceledContext(t *testing.T) {
	x := open(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := x.Add(ctx, article("a", "", oct3)); err == nil {
		t.Fatal("Add with a canceled context succeeded")
	}
}

func TestAcrossRuns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "_state", "stories")
	x1 := open(t, dir)
	vi := add(t, x1, article("vi", tqURL, oct3, tuyenQuang("vi", nil)...))
	unrelated := add(t, x1, article("other", "", oct3, cnt(4410), cnt(389), pct(61.2)))
	if err := x1.Save(); err != nil {
		t.Fatal(err)
	}

	x2 := open(t, dir)
	if x2.Len() != 2 {
		t.Fatalf("reopened index has %d stories, want 2", x2.Len())
	}
	// Tomorrow's crawl: one edition by statistics, one by source URL.
	ru := add(t, x2, article("ru", "", oct4, tuyenQuang("ru", map[int]bool{10: true})...))
	en := add(t, x2, article("en", tqURL, oct4))
	if ru.StoryID != vi.StoryID || ru.StoryEvidence != EvidenceStatistics {
		t.Errorf("next run, statistics: story %s evidence %s, want %s statistics", ru.StoryID, ru.StoryEvidence, vi.StoryID)
	}
	if en.StoryID != vi.StoryID || en.StoryEvidence != EvidenceSourceURL {
		t.Errorf("next run, URL: story %s evidence %s, want %s source_url", en.StoryID, en.StoryEvidence, vi.StoryID)
	}
	// A rerun over yesterday's input gives yesterday's answers.
	again := add(t, x2, article("vi", tqURL, oct3, tuyenQuang("vi", nil)...))
	if again.StoryID != vi.StoryID || again.StoryEvidence != vi.StoryEvidence || again.StoryScore != vi.StoryScore {
		t.Errorf("rerun: %s %s %v, want %s %s %v", again.StoryID, again.StoryEvidence, again.StoryScore, vi.StoryID, vi.StoryEvidence, vi.StoryScore)
	}
	o := add(t, x2, article("other", "", oct3, cnt(4410), cnt(389), pct(61.2)))
	if o.StoryID != unrelated.StoryID {
		t.Errorf("rerun of a singleton: story %s, want %s", o.StoryID, unrelated.StoryID)
	}
	if err := x2.Save(); err != nil {
		t.Fatal(err)
	}
	x3 := open(t, dir)
	if x3.Len() != 2 {
		t.Fatalf("after two runs the index has %d stories, want 2", x3.Len())
	}
	ru2 := add(t, x3, article("ru", "", oct4, tuyenQuang("ru", map[int]bool{10: true})...))
	if ru2.StoryID != ru.StoryID || ru2.StoryEvidence != ru.StoryEvidence || ru2.StoryScore != ru.StoryScore {
		t.Errorf("rerun of a grouped edition: %s %s %v, want %s %s %v", ru2.StoryID, ru2.StoryEvidence, ru2.StoryScore, ru.StoryID, ru.StoryEvidence, ru.StoryScore)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != FileName {
		t.Fatalf("state directory holds %v, want only %s", entries, FileName)
	}
}

func TestDeterministic(t *testing.T) {
	run := func() []string {
		x := open(t, t.TempDir())
		var ids []string
		for _, a := range []*stages.Article{
			article("ar", "", oct3, tuyenQuang("ar", map[int]bool{16: true})...),
			article("vi", tqURL, oct3, tuyenQuang("vi", nil)...),
			article("x", "", oct3, cnt(4410), cnt(389), pct(61.2)),
			article("ru", "", oct4, tuyenQuang("ru", map[int]bool{10: true})...),
		} {
			add(t, x, a)
			ids = append(ids, a.StoryID+" "+a.StoryEvidence)
		}
		return ids
	}
	a, b := run(), run()
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("two runs differ:\n%v\n%v", a, b)
	}
	if want := stages.HashID("story", stages.ArticleID([]byte("ar"))); !strings.HasPrefix(a[0], want) {
		t.Fatalf("first edition without URL: %s, want id %s", a[0], want)
	}
}

func TestSaveIsByteStable(t *testing.T) {
	dir := t.TempDir()
	x := open(t, dir)
	add(t, x, article("vi", tqURL, oct3, tuyenQuang("vi", nil)...))
	add(t, x, article("x", "", jan16, cnt(4410), cnt(389), pct(61.2)))
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	b1, _ := os.ReadFile(filepath.Join(dir, FileName))
	if err := open(t, dir).Save(); err != nil {
		t.Fatal(err)
	}
	b2, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(b1, b2) {
		t.Fatal("loading and saving an index changed its bytes")
	}
}

func TestRetention(t *testing.T) {
	dir := t.TempDir()
	x, err := OpenWith(dir, Options{RetentionDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	add(t, x, article("old", "", jan16, cnt(4410), cnt(389), pct(61.2)))
	add(t, x, article("new", "", oct3, cnt(9120), cnt(518), pct(73.4)))
	add(t, x, article("undated", "", stages.Date{}, cnt(6021)))
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	if n := open(t, dir).Len(); n != 2 {
		t.Fatalf("after retention the index has %d stories, want 2", n)
	}
	// A misread year far in the future must not age everything out.
	x = open(t, dir)
	add(t, x, article("future", "", stages.Date{Year: 2999, Month: 1, Day: 1}, cnt(8123)))
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	if n := open(t, dir).Len(); n != 3 {
		t.Fatalf("after a future date the index has %d stories, want 3", n)
	}
}

func writeGz(t *testing.T, dir, text string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(text))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, FileName), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	const hdr = `{"format":"statharvest-stories","version":1}` + "\n"
	const ok = `{"id":"ab12","m":[{"a":"0000000000000011","e":"singleton","s":1}]}` + "\n"
	cases := []struct{ name, text, want string }{
		{"empty", "", "empty file"},
		{"version", `{"format":"statharvest-stories","version":9}` + "\n", ":1: format"},
		{"json", hdr + ok + "{\n", ":3:"},
		{"id", hdr + `{"id":"XY","m":[{"a":"0000000000000000","e":"singleton","s":1}]}` + "\n", "not lowercase hex"},
		{"dup", hdr + ok + ok, ":3: story ab12 appears twice"},
		{"token", hdr + `{"id":"ab","tok":["n12","x9"],"m":[{"a":"0000000000000000","e":"singleton","s":1}]}` + "\n", "bad value token"},
		{"unsorted", hdr + `{"id":"ab","tok":["n9","n12"],"m":[{"a":"0000000000000000","e":"singleton","s":1}]}` + "\n", "not sorted"},
		{"orgs", hdr + `{"id":"ab","orgs":["b","a"],"m":[{"a":"0000000000000000","e":"singleton","s":1}]}` + "\n", "organizations are not sorted"},
		{"evidence", hdr + `{"id":"ab","m":[{"a":"0000000000000000","e":"vibes","s":1}]}` + "\n", "unknown evidence"},
		{"score", hdr + `{"id":"ab","m":[{"a":"0000000000000000","e":"statistics","s":1.5}]}` + "\n", "outside 0..1"},
		{"members", hdr + `{"id":"ab","m":[]}` + "\n", "no editions"},
		{"edition id", hdr + `{"id":"ab","m":[{"a":"0011","e":"singleton","s":1}]}` + "\n", "want 16 hex digits"},
		{"edition twice", hdr + ok + `{"id":"cd","m":[{"a":"0000000000000011","e":"singleton","s":1}]}` + "\n", "already belongs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeGz(t, dir, c.text)
			_, err := Open(dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
	dir := t.TempDir()
	writeGz(t, dir, hdr+ok)
	if x, err := Open(dir); err != nil || x.Len() != 1 {
		t.Fatalf("valid file: %v", err)
	}
}

func TestPairScore(t *testing.T) {
	vi := article("vi", "", oct3, tuyenQuang("vi", nil)...)
	ar := article("ar", "", oct3, tuyenQuang("ar", map[int]bool{10: true, 16: true})...)
	other := article("x", "", oct3, cnt(46), pct(100), year(2025), cnt(1012), cnt(21))
	if ev, s := PairScore(vi, ar); ev != EvidenceStatistics || s < 0.8 {
		t.Errorf("editions: %s %v, want statistics >= 0.8", ev, s)
	}
	if ev, s := PairScore(vi, other); ev != "" || s > 0.5 {
		t.Errorf("unrelated: %s %v, want no evidence and a low score", ev, s)
	}
	vi.SourceURL, other.SourceURL = tqURL, tqURL+"/"
	if ev, s := PairScore(vi, other); ev != EvidenceSourceURL || s != 1 {
		t.Errorf("same URL: %s %v", ev, s)
	}
}

func TestValueTokens(t *testing.T) {
	cases := []struct {
		name string
		in   []stages.Statistic
		want string
	}{
		{"scale words agree", []stages.Statistic{measure(62.8e9, "VND"), measure(62.8, "billion VND"), measure(62800, "million VND")}, "n628 n628#2 n628#3"},
		{"years, ranges, identifiers left out", []stages.Statistic{year(2025), yearRange(2020, 2025), ident(18), cnt(2024)}, ""},
		{"ratio as its parts", []stages.Statistic{ratio(33, 39)}, "n33 n39"},
		{"date without its year", []stages.Statistic{date(2025, time.October, 2), date(0, time.October, 2)}, "d1002 d1002#2"},
		{"percent and count agree", []stages.Statistic{pct(84.5), cnt(84.5)}, "n845 n845#2"},
		{"repeated values kept", []stages.Statistic{cnt(21), ratio(21, 21)}, "n21 n21#2 n21#3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(valueTokens(c.in), " ")
			if got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
			for _, tok := range valueTokens(c.in) {
				if !validToken(tok) {
					t.Fatalf("token %q fails validToken", tok)
				}
			}
		})
	}
}

func TestNormalizeURL(t *testing.T) {
	cases := map[string]string{
		"https://www.baonghean.vn/a-b-10287654.html":            "baonghean.vn/a-b-10287654.html",
		"http://baonghean.vn/a-b-10287654.html/":                "baonghean.vn/a-b-10287654.html",
		"https://baonghean.vn/a?id=5&utm_medium=x#c":            "baonghean.vn/a?id=5",
		"https://BAONGHEAN.vn:443/A":                            "baonghean.vn/A",
		"baonghean.vn/a-b":                                      "baonghean.vn/a-b",
		"  https://baoangiang.com.vn/giam-ngheo-a471230.html  ": "baoangiang.com.vn/giam-ngheo-a471230.html",
		"": "",
	}
	for in, want := range cases {
		if got := NormalizeURL(in); got != want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{tqURL, "http://m.x.vn/?utm_a=1", "%zz", "://", "https://[::1]:8080/a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeURL(s)
		if again := NormalizeURL(strings.Clone(s)); again != got {
			t.Fatalf("not deterministic: %q then %q", got, again)
		}
		if got != "" && strings.TrimSpace(s) == "" {
			t.Fatalf("blank input gave %q", got)
		}
	})
}

// FuzzLoad feeds arbitrary index files to the loader: it must fail cleanly
// or load an index that saves and loads again.
func FuzzLoad(f *testing.F) {
	f.Add(`{"format":"statharvest-stories","version":1}` + "\n" + `{"id":"ab12","urls":["x.vn/a"],"tok":["d1002","n845"],"orgs":["o"],"day":20000,"last":20001,"m":[{"a":"0000000000000011","e":"statistics","s":0.9}]}`)
	f.Add(`{"format":"statharvest-stories","version":1}` + "\n" + `{"id":"ab","m":[{"a":"0000000000000000","e":"singleton","s":1}]}` + "\n" + `{"id":"cd","m":[{"a":"0000000000000000","e":"singleton","s":1}]}`)
	f.Fuzz(func(t *testing.T, text string) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(text))
		zw.Close()
		x := newIndex("", Options{})
		if err := x.load("fuzz", &buf); err != nil {
			return
		}
		x.dir = t.TempDir()
		a := article("probe", "https://x.vn/a", stages.Date{Year: 2025, Month: 1, Day: 1}, cnt(845), cnt(1246), cnt(131548))
		if err := x.Add(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		if err := x.Save(); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(x.dir); err != nil {
			t.Fatalf("saved index does not load: %v", err)
		}
	})
}
