package numbers

import (
	"slices"
	"strings"
	"testing"
)

// indexOf returns the phrase index and the events of body, read with the
// second stream of the pass starting at mid.
func indexOf(l *Lang, body string, mid int) ([]match, []event) {
	var sc Scanner
	sc.Init(body, l, casePublished)
	sc.indexSplit(mid)
	return slices.Clone(sc.phr), slices.Clone(sc.ev)
}

// checkStreams fails when reading body in two streams finds other phrases
// or events than reading it in one.
func checkStreams(t *testing.T, l *Lang, lang, body string) {
	t.Helper()
	mid := l.automaton().split(body)
	p1, e1 := indexOf(l, body, len(body))
	p2, e2 := indexOf(l, body, mid)
	if !slices.Equal(p1, p2) || !slices.Equal(e1, e2) {
		t.Fatalf("%s: split at %d of %d: %d phrases and %d events in two streams, %d and %d in one",
			lang, mid, len(body), len(p2), len(e2), len(p1), len(e1))
	}
}

func TestTwoStreamsReadAsOne(t *testing.T) {
	st := newStage(t)
	for _, lang := range []string{"ar", "fa", "th", "ru", "vi", "en", "zh", "fr", "und"} {
		l := st.lex.Lookup(lang)
		checkStreams(t, l, lang, benchText)
		// Splits that fall inside a URL, a phrase or a run of spaces.
		for _, body := range []string{
			strings.Repeat("x ", 40) + "see https://example.org/2023/report-15.html then 16 households",
			"more" + strings.Repeat(" ", 50) + "than 60 households " + strings.Repeat("y", 40),
			strings.Repeat("٣", 33) + "\n" + strings.Repeat("۴", 33),
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
