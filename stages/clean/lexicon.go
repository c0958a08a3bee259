package clean

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// LexiconDir is where the clean stage's cue words live in the data tree: one
// file per language (ar.yaml, ru.yaml, ...) plus und.yaml for what every
// language shares.
const LexiconDir = "lexicons/clean"

// Lexicon is the compiled union of the cue-word files. Clean runs before
// language identification, so it matches the cues of every language at once;
// a cue is a whole line or a line prefix, which keeps false hits rare.
type Lexicon struct {
	encodings   []string
	comments    []string // "تعليق (0)": a comment counter, cut with what follows
	ads         []string // "[إعلان 1]": an ad slot marker, cut
	related     []string // "نفس الموضوع", "No data": menu and related-links headings, cut with what follows
	source      []string // "المصدر: https://...": the source line, cut; its URL is metadata
	photoCredit []string // "تصوير: فان ني": a caption or credit, kept in Body and flagged
	byline      []string // "ข่าวและภาพ : KHANH HUYEN": the author line, cut; the name is metadata
	caption     []string // "Ảnh minh họa": a caption prefix, kept and flagged
}

// kinds maps each YAML key to its field, so that the loader and its
// validation stay in one place.
func (l *Lexicon) kinds() map[string]*[]string {
	return map[string]*[]string{
		"encodings":    &l.encodings,
		"comments":     &l.comments,
		"ads":          &l.ads,
		"related":      &l.related,
		"source":       &l.source,
		"photo_credit": &l.photoCredit,
		"byline":       &l.byline,
		"caption":      &l.caption,
	}
}

// fold is the one normalization applied to cue words and to the text they
// are matched against.
func fold(s string) string {
	return strings.ToLower(norm.NFC.String(s))
}

// LoadLexicon compiles every *.yaml file under LexiconDir in fsys. Errors name
// the file and line.
func LoadLexicon(fsys fs.FS) (*Lexicon, error) {
	files, err := fs.Glob(fsys, LexiconDir+"/*.yaml")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("clean: no lexicon files in %s", LexiconDir)
	}
	l := &Lexicon{}
	seen := map[string]map[string]string{} // kind -> folded cue -> where first defined
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		if err := l.add(f, b, seen); err != nil {
			return nil, err
		}
	}
	for _, p := range l.kinds() {
		// Longer cues first, so that "related news" wins over "related".
		slices.SortStableFunc(*p, func(a, b string) int { return len(b) - len(a) })
	}
	if len(l.encodings) == 0 {
		return nil, fmt.Errorf("clean: %s: no encodings listed", LexiconDir)
	}
	return l, nil
}

func (l *Lexicon) add(file string, b []byte, seen map[string]map[string]string) error {
	stem := strings.TrimSuffix(path.Base(file), ".yaml")
	if stem != "und" {
		if base, err := language.ParseBase(stem); err != nil || base.String() != stem {
			return fmt.Errorf("%s: file name %q is not an ISO 639-1 language code or und", file, stem)
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d: want a mapping of cue kinds to lists", file, root.Line)
	}
	kinds := l.kinds()
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		dst, ok := kinds[k.Value]
		if !ok {
			return fmt.Errorf("%s:%d: unknown key %q", file, k.Line, k.Value)
		}
		if v.Kind != yaml.SequenceNode {
			return fmt.Errorf("%s:%d: %s: want a list", file, v.Line, k.Value)
		}
		if seen[k.Value] == nil {
			seen[k.Value] = map[string]string{}
		}
		for _, e := range v.Content {
			if e.Kind != yaml.ScalarNode {
				return fmt.Errorf("%s:%d: %s: want a string", file, e.Line, k.Value)
			}
			cue := strings.Join(strings.Fields(fold(e.Value)), " ")
			if cue == "" {
				return fmt.Errorf("%s:%d: %s: empty entry", file, e.Line, k.Value)
			}
			where := fmt.Sprintf("%s:%d", file, e.Line)
			if prev, dup := seen[k.Value][cue]; dup {
				if path.Dir(prev) == path.Dir(file) && strings.HasPrefix(prev, file+":") {
					return fmt.Errorf("%s: %s: duplicate %q (first at %s)", where, k.Value, e.Value, prev)
				}
				continue // the same cue in two languages is expected ("source")
			}
			seen[k.Value][cue] = where
			*dst = append(*dst, cue)
		}
	}
	return nil
}

// maxCueWords bounds the lines cue words are looked for in: every kind of
// furniture, captions with their credits included, is shorter.
const maxCueWords = 60

// cue sets the kind of a line that matches a cue word, and the metadata it
// carries. Order matters: a byline cue ("ข่าวและภาพ") may contain a photo
// credit cue ("ภาพ").
func (l *Lexicon) cue(ln *line, runes *runeTable) {
	if ln.words > maxCueWords {
		return
	}
	// ln.text is NFC already (normalize), so lower case is all fold adds.
	f := ln.text
	if !ln.plain {
		f = runes.cueForm(f)
	}
	bare := strings.TrimFunc(f, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
	switch {
	case ln.words <= 4 && matchCounted(l.ads, strings.Trim(f, "[]()<>{} ")):
		ln.kind = kindAd
	case ln.words <= 5 && matchCounted(l.comments, f):
		ln.kind = kindComments
	case ln.words <= 6 && slices.Contains(l.related, bare):
		ln.kind = kindRelated
	}
	if ln.kind != kindText {
		return
	}
	if rest, ok := afterCue(l.source, f, false); ok {
		if u := urlIn(ln.text); u != "" {
			ln.kind, ln.meta = kindSource, u
			return
		}
		if rest == "" || len(strings.Fields(rest)) <= 8 && !endsSentence(rest) && strings.ContainsAny(f[:len(f)-len(rest)], ":：-–") {
			ln.kind = kindSource
			return
		}
	}
	if rest, ok := afterCue(l.byline, f, true); ok && rest != "" {
		// The name as written (case kept): what follows the first separator.
		name := rest
		if i := strings.IndexAny(ln.text, ":：-–—"); i >= 0 {
			_, n := utf8.DecodeRuneInString(ln.text[i:])
			name = strings.TrimSpace(ln.text[i+n:])
		}
		if nameLike(name) {
			ln.kind, ln.meta = kindByline, name
			return
		}
	}
	if hasCredit(l.photoCredit, f) {
		ln.caption = true
		return
	}
	if _, ok := afterCue(l.caption, f, false); ok {
		ln.caption = true
	}
}

// matchCounted reports f == cue, optionally followed or preceded by a count:
// "تعليق (0)", "комментарии: 3", "[إعلان 1]" (brackets already trimmed).
func matchCounted(cues []string, f string) bool {
	for _, c := range cues {
		rest, ok := strings.CutPrefix(f, c)
		if !ok {
			rest, ok = strings.CutSuffix(f, c)
		}
		if !ok {
			continue
		}
		rest = strings.TrimFunc(rest, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsDigit(r) || strings.ContainsRune("()[]:：-#_", r)
		})
		if rest == "" {
			return true
		}
	}
	return false
}

// afterCue matches a cue at the start of f at a word boundary, then an
// optional separator (":" "-"), and returns what follows. With needSep the
// separator is required, so that a heading that merely starts with the word
// is not taken for a credit line.
func afterCue(cues []string, f string, needSep bool) (string, bool) {
	for _, c := range cues {
		rest, ok := strings.CutPrefix(f, c)
		if !ok {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(rest); rest != "" && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)) {
			continue // not a word boundary
		}
		trimmed := strings.TrimLeft(rest, " ")
		sep := false
		if r, n := utf8.DecodeRuneInString(trimmed); r == ':' || r == '：' || r == '-' || r == '–' || r == '—' {
			trimmed, sep = trimmed[n:], true
		}
		if needSep && !sep {
			continue
		}
		return strings.TrimSpace(trimmed), true
	}
	return "", false
}

// hasCredit reports a photo credit at the end of a line: a cue at a word
// boundary, a colon, and a short name ("… عکس: تای هو", "Photo: VNA").
func hasCredit(cues []string, f string) bool {
	if !hasSeparator(f) {
		return false // no separator for a cue to end in (see afterCue)
	}
	for _, c := range cues {
		for off := 0; ; {
			i := strings.Index(f[off:], c)
			if i < 0 {
				break
			}
			i += off
			off = i + len(c)
			if i > 0 {
				if r, _ := utf8.DecodeLastRuneInString(f[:i]); unicode.IsLetter(r) || unicode.IsMark(r) {
					continue
				}
			}
			rest, ok := afterCue([]string{c}, f[i:], true)
			if !ok || rest == "" {
				continue
			}
			if len(strings.Fields(rest)) <= 6 && utf8.RuneCountInString(rest) <= 50 && !strings.ContainsAny(rest, "?!؟:") && !unicode.IsDigit(firstRune(rest)) {
				return true
			}
		}
	}
	return false
}

// hasSeparator is strings.ContainsAny(f, ":：-–—") in one pass over the
// bytes: ContainsAny decodes every rune when the set is not ASCII.
func hasSeparator(f string) bool {
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case ':', '-':
			return true
		case 0xE2: // – U+2013, — U+2014
			if i+2 < len(f) && f[i+1] == 0x80 && (f[i+2] == 0x93 || f[i+2] == 0x94) {
				return true
			}
		case 0xEF: // ： U+FF1A
			if i+2 < len(f) && f[i+1] == 0xBC && f[i+2] == 0x9A {
				return true
			}
		}
	}
	return false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
