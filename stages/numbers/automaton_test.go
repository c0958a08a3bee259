package numbers

import (
	"cmp"
	"slices"
	"strings"
	"testing"
)

// indexOf returns the phrase index and the events of body, read by
// automaton a with the streams of the pass starting at starts.
func indexOf(l *Lang, a *automaton, body string, starts [nStreams]int) ([]match, []event) {
	var sc Scanner
	sc.Init(body, l, casePublished)
	sc.indexWith(a, starts)
	return slices.Clone(sc.phr), slices.Clone(sc.ev)
}

// oneStream starts every stream but the first at the end of body.
func oneStream(body string) [nStreams]int {
	var st [nStreams]int
	for k := 1; k < nStreams; k++ {
		st[k] = len(body)
	}
	return st
}

// checkStreams fails when reading body in several streams finds other
// phrases or events than reading it in one.
func checkStreams(t *testing.T, l *Lang, lang, body string) {
	t.Helper()
	a := l.automaton()
	p1, e1 := indexOf(l, a, body, oneStream(body))
	starts := a.splits(body)
	p2, e2 := indexOf(l, a, body, starts)
	if !slices.Equal(p1, p2) || !slices.Equal(e1, e2) {
		t.Fatalf("%s: streams from %v of %d: %d phrases and %d events, %d and %d in one stream",
			lang, starts, len(body), len(p2), len(e2), len(p1), len(e1))
	}
}

func TestStreamsReadAsOne(t *testing.T) {
	st := newStage(t)
	for _, lang := range []string{"ar", "fa", "th", "ru", "vi", "en", "zh", "fr", "und"} {
		l := st.lex.Lookup(lang)
		checkStreams(t, l, lang, benchText)
		// Splits that fall inside a URL, a phrase or a run of spaces, and
		// bodies too short or too uniform for every stream to get a part.
		for _, body := range []string{
			strings.Repeat("x ", 40) + "see https://example.org/2023/report-15.html then 16 households",
			strings.Repeat("x ", 10) + "see https://example.org/2023/report-15/" + strings.Repeat("ab", 40) + ".html then 16 households",
			"more" + strings.Repeat(" ", 50) + "than 60 households " + strings.Repeat("y", 40),
			strings.Repeat("٣", 33) + "\n" + strings.Repeat("۴", 33),
			"", "7", "a\nb", "12\n34\n", strings.Repeat("x", 99) + "\n5",
		} {
			checkStreams(t, l, lang, body)
		}
	}
	for _, b := range sampleBodies(t) {
		checkStreams(t, st.lex.Lookup(b.lang), b.lang, b.body)
	}
	t.Run("seeds", func(t *testing.T) {
		for _, b := range seedBodies(t) {
			checkStreams(t, st.lex.Lookup(b.lang), b.lang, b.body)
		}
	})
}

// TestKeySpaceMatchesAnyWhiteSpace checks that a space in a lexicon phrase
// matches a run of horizontal white space of any kind, and not a line break.
func TestKeySpaceMatchesAnyWhiteSpace(t *testing.T) {
	st := newStage(t)
	for _, c := range []struct {
		body, qual string
	}{
		{"More than 60 households moved.", "over"},
		{"More  than 60 households moved.", "over"},
		{"More\tthan 60 households moved.", "over"},
		{"More\u00a0than 60 households moved.", "over"},
		{"More \u202f\u2009than 60 households moved.", "over"},
		{"More\nthan 60 households moved.", ""},
		{"Morethan 60 households moved.", ""},
	} {
		var got []string
		for _, s := range scan(st, "en", c.body) {
			if s.Raw == "60" {
				got = append(got, s.Qualifier.String())
			}
		}
		if len(got) != 1 || got[0] != c.qual {
			t.Errorf("%q: qualifiers of 60 = %q, want [%q]", c.body, got, c.qual)
		}
	}
}

// plainAutomata returns, for each language with spaces between words, the
// plain Aho–Corasick automaton over its lexicon, which reports every key
// wherever it ends.
func plainAutomata(lx *Lexicon) map[string]*automaton {
	out := map[string]*automaton{}
	for _, code := range lx.Langs() {
		if l := lx.Lookup(code); l.spaced {
			out[code] = newAutomaton(l.keys, &l.t, false, nil, l.cls)
		}
	}
	return out
}

// checkAnchored fails when the anchored automaton of a language with spaces
// between words leaves the scanner other phrases or events than the plain
// automaton does.
func checkAnchored(t *testing.T, plain map[string]*automaton, l *Lang, lang, body string) {
	t.Helper()
	pa, ok := plain[lang]
	if !ok {
		return
	}
	p1, e1 := indexOf(l, pa, body, oneStream(body))
	p2, e2 := indexOf(l, l.automaton(), body, oneStream(body))
	// Phrases found at one place are listed in the order their automaton
	// reports them: compare them in the order of their entries.
	entryOf := map[*entry]int{}
	for k := range l.entries {
		entryOf[&l.entries[k]] = k
	}
	for _, p := range [][]match{p1, p2} {
		slices.SortStableFunc(p, func(x, y match) int {
			if c := cmp.Compare(x.wstart, y.wstart); c != 0 {
				return c
			}
			if c := cmp.Compare(x.start, y.start); c != 0 {
				return c
			}
			if c := cmp.Compare(x.end, y.end); c != 0 {
				return c
			}
			return cmp.Compare(entryOf[x.e], entryOf[y.e])
		})
	}
	if !slices.Equal(p1, p2) || !slices.Equal(e1, e2) {
		at := min(firstDiff(p1, p2, func(m match) int { return m.wstart }), firstDiff(e1, e2, func(e event) int { return e.pos }))
		t.Fatalf("%s: %q: anchored automaton finds %d phrases and %d events, plain one %d and %d; first difference at byte %d: %q",
			lang, truncate(body, 200), len(p2), len(e2), len(p1), len(e1), at, body[max(0, at-20):min(len(body), at+20)])
	}
}

// firstDiff returns the position of the first item where xs and ys differ,
// or a large number when they do not.
func firstDiff[T comparable](xs, ys []T, pos func(T) int) int {
	for k := range max(len(xs), len(ys)) {
		switch {
		case k >= len(xs):
			return pos(ys[k])
		case k >= len(ys):
			return pos(xs[k])
		case xs[k] != ys[k]:
			return min(pos(xs[k]), pos(ys[k]))
		}
	}
	return 1 << 62
}

// truncate cuts s to at most n bytes for a message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

func TestAnchoredFindsWhatPlainFinds(t *testing.T) {
	st := newStage(t)
	plain := plainAutomata(st.lex)
	tricky := []string{
		benchText,
		"والعدد 305 وال305 بالمئة و٣٠٥ فال ٪ ،خمسة؛ستة",
		"l'an 2020, d’une hausse de 5 %, qu'il",
		"xhttp://a.b/1 awww.c/2 ёhttps://x/3 HTTP://Y/4",
		"\xd9\xd9\xa3 \xe0\x80\x35 \xed\xa0\x80 7 \xf0\x9d\x9f\x8f\xf0\x9d\x9f\x90 \x80\xc2 \xe2\x80",
		"more\u00a0than 5, more \u202f than 6, more\tthan 7, more\nthan 8",
		"Đại hội XVII, lần thứ 17; tháng 5/2023 ١٢ ۱۲ ๑๒ १२ １２ 𝟏𝟐",
	}
	for code := range plain {
		l := st.lex.Lookup(code)
		for _, body := range tricky {
			checkAnchored(t, plain, l, code, body)
		}
	}
	for _, b := range sampleBodies(t) {
		checkAnchored(t, plain, st.lex.Lookup(b.lang), b.lang, b.body)
	}
	// Every three-byte rune, each alone between spaces: the anchored
	// automaton tells their digits by the rune's bytes.
	var every strings.Builder
	for r := rune(0x800); r <= 0xFFFF; r++ {
		if r < 0xD800 || r > 0xDFFF {
			every.WriteRune(r)
			every.WriteByte(' ')
		}
	}
	for code := range plain {
		checkAnchored(t, plain, st.lex.Lookup(code), code, every.String())
	}
	t.Run("seeds", func(t *testing.T) {
		for _, b := range seedBodies(t) {
			checkAnchored(t, plain, st.lex.Lookup(b.lang), b.lang, b.body)
		}
	})
}

// TestEveryAutomatonFitsItsTable builds the automaton of every language
// and checks that its states fit the table (maxStates), with room to grow.
func TestEveryAutomatonFitsItsTable(t *testing.T) {
	st := newStage(t)
	for _, code := range st.lex.Langs() {
		a := st.lex.Lookup(code).automaton()
		n := len(a.delta) >> 8
		if n > maxStates/2 {
			t.Errorf("%s: %d states, more than half of the %d the table may have", code, n, maxStates)
		}
		heads := n - int(a.firstOut)
		if a.firstOut <= 0 || heads <= 0 || heads > len(a.outs) {
			t.Fatalf("%s: %d states, ending patterns from %d, %d patterns listed", code, n, a.firstOut, len(a.outs))
		}
		// Every list runs forward into the rest, and no out is shared.
		seen := make([]bool, len(a.outs))
		for h := 0; h < heads; h++ {
			for o := int32(h); ; {
				if seen[o] {
					t.Fatalf("%s: out %d is in two lists", code, o)
				}
				seen[o] = true
				m := a.outs[o].more
				if m == 0 {
					break
				}
				if int(m) < heads || int(m) >= len(a.outs) || m <= o && o >= int32(heads) {
					t.Fatalf("%s: out %d goes on at %d of %d", code, o, m, len(a.outs))
				}
				o = m
			}
		}
		if slices.Contains(seen, false) {
			t.Errorf("%s: some outs are in no list", code)
		}
	}
}

// TestDigitRunReportedOnce checks that an anchored automaton reports a run
// of digits at its first digit only, whatever scripts the run mixes; the
// scanner reads the rest of the run itself.
func TestDigitRunReportedOnce(t *testing.T) {
	st := newStage(t)
	for _, tc := range []struct {
		lang, body string
		runs       []int // the byte offsets where runs start
	}{
		{"en", "in 2023, 131548 people", []int{3, 9}},
		{"ar", "عام ٢٠٢٣ و٣٤", []int{7, 18}},
		{"fa", "۱۳۱۵۴۸ نفر", []int{0}},
		{"ru", "12٣4 и 5", []int{0, 9}},
		{"vi", "năm 2020–2025", []int{5, 12}},
	} {
		a := st.lex.Lookup(tc.lang).automaton()
		var got []int
		s := int32(0)
		for i := 0; i < len(tc.body); i++ {
			s = int32(a.delta[int(s)<<8|int(tc.body[i])])
			if s < a.firstOut {
				continue
			}
			for o := s - a.firstOut; ; {
				p := a.outs[o]
				if p.kind == patDigit {
					got = append(got, i+1-int(p.n))
				}
				if o = p.more; o == 0 {
					break
				}
			}
		}
		if !slices.Equal(got, tc.runs) {
			t.Errorf("%s %q: digits reported at %v, want %v", tc.lang, tc.body, got, tc.runs)
		}
	}
}

// TestLiteralKeys checks which keys with a space the pass may take as
// written: only those that match back to their own start. A zero-width
// space before a key's space would be matched back over as white space,
// so such a key is always matched back.
func TestLiteralKeys(t *testing.T) {
	l := newStage(t).Lexicon().Lookup("en")
	keys := []keyEntry{{key: "per cent", entry: 0}, {key: "a\u200b b", entry: 0}}
	a := newAutomaton(keys, &l.t, true, nil, l.cls)
	want := map[string]bool{"per cent": true, "a\u200b b": false}
	seen := 0
	for _, o := range a.outs {
		key := a.pats[o.pat].key
		w, ok := want[key]
		if !ok {
			continue
		}
		seen++
		if o.literal != w {
			t.Errorf("%q: literal = %v, want %v", key, o.literal, w)
		}
	}
	if seen == 0 {
		t.Fatal("no key with a space among the automaton's outputs")
	}
}
