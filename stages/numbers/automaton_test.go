package numbers

import (
	"slices"
	"strings"
	"testing"
)

// indexOf returns the phrase index and the events of body, read with the
// streams of the pass starting at starts.
func indexOf(l *Lang, body string, starts [nStreams]int) ([]match, []event) {
	var sc Scanner
	sc.Init(body, l, casePublished)
	sc.indexFrom(starts)
	return slices.Clone(sc.phr), slices.Clone(sc.ev)
}

// checkStreams fails when reading body in several streams finds other
// phrases or events than reading it in one.
func checkStreams(t *testing.T, l *Lang, lang, body string) {
	t.Helper()
	starts := l.automaton().splits(body)
	one := [nStreams]int{}
	for k := 1; k < nStreams; k++ {
		one[k] = len(body)
	}
	p1, e1 := indexOf(l, body, one)
	p2, e2 := indexOf(l, body, starts)
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
