package numbers

import (
	"testing"
	"unicode"
)

// TestFastPathsAgreeWithUnicode checks the script fast paths of isWordRune
// and digitValue against the Unicode tables, for every non-ASCII rune.
func TestFastPathsAgreeWithUnicode(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		want := unicode.IsLetter(r) || unicode.IsMark(r) || r == 0x200C || r == 0x200D
		if got := isWordRune(r); got != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, got, want)
		}
		wantDigit := -1
		if unicode.Is(unicode.Nd, r) {
			z := r
			for unicode.Is(unicode.Nd, z-1) {
				z--
			}
			wantDigit = int(r-z) % 10
		}
		if got := digitValue(r); got != wantDigit {
			t.Fatalf("digitValue(%U) = %d, want %d", r, got, wantDigit)
		}
	}
}

// TestClassBeforeDecodesLikeUTF8 checks classBefore's in-place decoding
// against the UTF-8 package at every byte of text in several scripts and of
// broken UTF-8.
func TestClassBeforeDecodesLikeUTF8(t *testing.T) {
	st := newStage(t)
	l := st.lex.Lookup("ar")
	bodies := []string{benchText, "\xe0\xb8\xa1\xe0\xb8", "\xd9\x88\x80\xbf", "a\xed\xa0\x80b", "\xf0\x9f\x98\x80x", "\xef\xbc\x91\xc2\xa0"}
	for _, b := range sampleBodies(t) {
		bodies = append(bodies, b.body)
	}
	var sc Scanner
	for _, body := range bodies {
		sc.Init(body, l, casePublished)
		for i := 1; i <= len(body); i++ {
			_, j := prevRune(body, i)
			want, _ := l.cls.class(body, j)
			if got := sc.classBefore(i); got != want {
				t.Fatalf("classBefore(%q, %d) = %d, want %d", body, i, got, want)
			}
		}
	}
}
