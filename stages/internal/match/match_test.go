package match

import (
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// naive is the reference: every occurrence of every pattern, overlaps included.
func naive(text string, ps []string) []string {
	var out []string
	for id, p := range ps {
		if p == "" {
			continue
		}
		for i := 0; i+len(p) <= len(text); i++ {
			if text[i:i+len(p)] == p {
				out = append(out, key(id, i))
			}
		}
	}
	sort.Strings(out)
	return out
}

func key(id, i int) string {
	return strings.Repeat("x", id) + "@" + string(rune('0'+i%10)) + string(rune(i))
}

// collect runs the resolved automaton and, on a copy without it, the
// failure links, and reports the first's hits when both agree.
func collect(m *Matcher, text string) []string {
	run := func(m *Matcher) []string {
		var out []string
		m.Each(text, func(id, s, e int) { out = append(out, key(id, s)) })
		return out
	}
	sparse := *m
	sparse.delta = nil
	out, alt := run(m), run(&sparse)
	if strings.Join(out, ",") != strings.Join(alt, ",") {
		return append(out, "differs from failure links:")
	}
	sort.Strings(out)
	return out
}

func TestMatcher(t *testing.T) {
	ps := []string{"he", "she", "his", "hers", "", "مؤتمر", "المؤتمر الحزبي", "съезд", "ประชุม", "การประชุมใหญ่", "a", "aa"}
	for _, text := range []string{"ushers", "ahishers", "aaaa", "عقد المؤتمر الحزبي والمؤتمر", "съезда съезд", "การประชุมใหญ่ที่ประชุม", ""} {
		if got, want := collect(New(ps), text), naive(text, ps); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("matcher(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzMatcher(f *testing.F) {
	f.Add("ushers", "he,she,his,hers")
	f.Add("aaaa", "a,aa,aaa")
	f.Fuzz(func(t *testing.T, text, pats string) {
		ps := strings.Split(pats, ",")
		if len(ps) > 20 {
			ps = ps[:20]
		}
		if got, want := collect(New(ps), text), naive(text, ps); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("matcher(%q, %q) = %v, want %v", text, ps, got, want)
		}
	})
}

// foldRef is Fold without its cache of recent runes.
func foldRef(s string) string {
	buf := []byte(s)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == n {
			utf8.EncodeRune(buf[i:], l)
		}
		i += n
	}
	return string(buf)
}

func FuzzFold(f *testing.F) {
	f.Add("Ünïcode ÀÉÎ Съезд ΣΟΦΙΑ İstanbul K (Kelvin) \xff\xfe ẞ")
	f.Add("ĀāĂăĄą" + strings.Repeat("Ꭰꭰ", 40))
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldRef(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}
