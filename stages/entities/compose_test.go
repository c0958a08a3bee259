package entities

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/statharvest/statharvest/stages"
)

// distinct returns the type|level|place of each distinct organization.
func distinct(ms []stages.OrgMention) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if seen[m.Org.OrgID] {
			continue
		}
		seen[m.Org.OrgID] = true
		out = append(out, m.Org.Type+"|"+m.Org.Level+"|"+m.Org.Place)
	}
	slices.Sort(out)
	return out
}

// readCases reads testdata/compose.tsv: lang, sentence, expected orgs.
func readCases() ([][3]string, error) {
	f, err := os.Open("testdata/compose.tsv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][3]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			return nil, fmt.Errorf("bad case line %q", line)
		}
		out = append(out, [3]string{cols[0], cols[1], cols[2]})
	}
	return out, sc.Err()
}

func TestCompose(t *testing.T) {
	st := newStage(t)
	cases, err := readCases()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		lang, body, wantS := c[0], c[1], c[2]
		var want []string
		if wantS != "-" {
			for _, w := range strings.Split(wantS, " ; ") {
				want = append(want, strings.TrimSpace(w))
			}
		}
		slices.Sort(want)
		n++
		t.Run(lang+"/"+body, func(t *testing.T) {
			ms := st.Find(&stages.Article{Body: body, Lang: lang})
			if got := distinct(ms); !slices.Equal(got, want) {
				t.Errorf("Find(%q) = %v, want %v", body, got, want)
			}
			for _, m := range ms {
				if body[m.ByteStart:m.ByteEnd] != m.Surface {
					t.Errorf("surface %q != body[%d:%d]", m.Surface, m.ByteStart, m.ByteEnd)
				}
			}
		})
	}
	if n < 30 {
		t.Fatalf("only %d cases", n)
	}
}

// TestSameOrgAcrossLanguages: the Tuyen Quang Provincial Party Committee
// gets one org_id whatever the language.
func TestSameOrgAcrossLanguages(t *testing.T) {
	st := newStage(t)
	cases := map[string]string{
		"ar": "اجتمعت لجنة الحزب الإقليمية في توين كوانغ أمس.",
		"fa": "کمیته حزبی استان توین کوانگ دیروز تشکیل جلسه داد.",
		"th": "คณะกรรมการพรรคประจำจังหวัดเตวียนกวางประชุมเมื่อวานนี้",
		"ru": "Вчера провинциальный комитет партии Туенкуанг собрался.",
		"en": "The Tuyen Quang Provincial Party Committee met yesterday.",
		"vi": "Hôm qua, Tỉnh ủy Tuyên Quang đã họp.",
		"zh": "宣光省委昨天召开会议。",
	}
	ids := map[string]string{}
	for lang, body := range cases {
		ms := st.Find(&stages.Article{Body: body, Lang: lang})
		if len(ms) != 1 {
			t.Errorf("%s: %d mentions (%v), want 1", lang, len(ms), distinct(ms))
			continue
		}
		o := ms[0].Org
		if o.NameEn != "Tuyen Quang Provincial Party Committee" {
			t.Errorf("%s: name_en %q", lang, o.NameEn)
		}
		ids[o.OrgID] += lang + " "
	}
	if len(ids) != 1 {
		t.Errorf("org ids differ across languages: %v", ids)
	}
}

// TestPlaceFallback: with no place in the text, the source URL's provincial
// newspaper, then the dateline, decides, and PlaceRule says which.
func TestPlaceFallback(t *testing.T) {
	st := newStage(t)
	for _, c := range []struct {
		a        stages.Article
		place    string
		rule     string
		mentions int
	}{
		{stages.Article{Lang: "ar", Body: "اجتمعت لجنة الحزب الإقليمية أمس.", SourceURL: "https://baotuyenquang.com.vn/tin-123.html"}, "Tuyen Quang", "source_url", 1},
		{stages.Article{Lang: "ar", Body: "اجتمعت لجنة الحزب الإقليمية أمس.", SourceURL: "https://baoangiang.com.vn/a1.html"}, "An Giang", "source_url", 1},
		{stages.Article{Lang: "th", Body: "BHG - คณะกรรมการพรรคประจำจังหวัดจัดประชุม"}, "Ha Giang", "dateline", 2},
		{stages.Article{Lang: "ru", Body: "В районе Локха. Провинциальный комитет партии провел пленум."}, "Ha Tinh", "article", 1},
	} {
		ms := st.Find(&c.a)
		if len(ms) != c.mentions {
			t.Errorf("%q: %d mentions %v, want %d", c.a.Body, len(ms), distinct(ms), c.mentions)
			continue
		}
		o := ms[len(ms)-1].Org
		if o.Place != c.place || o.PlaceRule != c.rule {
			t.Errorf("%q: place %q by %q, want %q by %q", c.a.Body, o.Place, o.PlaceRule, c.place, c.rule)
		}
	}
}

// TestDeterministic: two independently built stages give identical output.
func TestDeterministic(t *testing.T) {
	a, b := newStage(t), newStage(t)
	cases, err := readCases()
	if err != nil {
		t.Fatal(err)
	}
	var body strings.Builder
	for _, c := range cases {
		if c[0] == "ar" {
			body.WriteString(c[1] + "\n")
		}
	}
	art := &stages.Article{Lang: "ar", Body: body.String()}
	x, y := a.Find(art), b.Find(art)
	if !slices.Equal(x, y) {
		t.Errorf("outputs differ:\n%v\n%v", x, y)
	}
}
