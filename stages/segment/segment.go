// Package segment splits an article's body into sentences.
//
// Boundaries, in order of strength:
//
//	line break                       always (clean leaves one paragraph per line)
//	full-width mark  。！？            always
//	terminator + white space         . ! ? … ؟ ؛ ۔ । (data: terminators), unless
//	                                   a full stop sits between digits (3.5),
//	                                   ends an abbreviation of the article's
//	                                   language or a single-letter initial (Н. В.),
//	                                   or the next word starts in lower case
//	space inside Thai, Lao, Khmer    (data: space_scripts) between two letters
//	                                   of the script; pieces shorter than
//	                                   min_space_sentence runes join the next
//
// A sentence keeps its closing quotes and brackets and never starts or ends
// with white space.
package segment

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/statharvest/statharvest/stages"
)

// LexiconDir holds und.yaml (terminators, scripts) and one abbreviation file
// per language.
const LexiconDir = "lexicons/segment"

// Stage is the segment stage. It holds only immutable configuration.
type Stage struct {
	terminators  map[rune]bool
	spaceScripts []*unicode.RangeTable
	minSpace     int
	abbrev       map[string]map[string]bool // language -> abbreviations; "" is the union
}

type file struct {
	Terminators      []string `yaml:"terminators"`
	SpaceScripts     []string `yaml:"space_scripts"`
	MinSpaceSentence int      `yaml:"min_space_sentence"`
	Abbreviations    []string `yaml:"abbreviations"`
}

// New returns a segment stage configured from the data files in fsys.
func New(fsys fs.FS) (*Stage, error) {
	s := &Stage{terminators: map[rune]bool{}, abbrev: map[string]map[string]bool{"": {}}}
	files, err := fs.Glob(fsys, LexiconDir+"/*.yaml")
	if err != nil {
		return nil, err
	}
	sawRoot := false
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f file
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("segment: %s: %w", name, err)
		}
		stem := strings.TrimSuffix(path.Base(name), ".yaml")
		if stem == "und" {
			sawRoot = true
			for _, t := range f.Terminators {
				r, n := utf8.DecodeRuneInString(t)
				if n != len(t) || r == utf8.RuneError {
					return nil, fmt.Errorf("segment: %s: terminator %q is not one character", name, t)
				}
				s.terminators[r] = true
			}
			for _, sc := range f.SpaceScripts {
				tab, ok := unicode.Scripts[sc]
				if !ok {
					return nil, fmt.Errorf("segment: %s: unknown script %q", name, sc)
				}
				s.spaceScripts = append(s.spaceScripts, tab)
			}
			s.minSpace = f.MinSpaceSentence
		} else {
			if base, err := language.ParseBase(stem); err != nil || base.String() != stem {
				return nil, fmt.Errorf("segment: %s: file name is not an ISO 639-1 code", name)
			}
			if len(f.Terminators)+len(f.SpaceScripts) > 0 {
				return nil, fmt.Errorf("segment: %s: terminators and scripts belong in und.yaml", name)
			}
		}
		set := map[string]bool{}
		for _, a := range f.Abbreviations {
			a = strings.TrimSuffix(strings.TrimSpace(a), ".")
			if a == "" || strings.ContainsFunc(a, unicode.IsSpace) {
				return nil, fmt.Errorf("segment: %s: bad abbreviation %q", name, a)
			}
			if set[a] {
				return nil, fmt.Errorf("segment: %s: duplicate abbreviation %q", name, a)
			}
			set[a] = true
			s.abbrev[""][a] = true
		}
		if stem != "und" {
			s.abbrev[stem] = set
		}
	}
	if !sawRoot || len(s.terminators) == 0 {
		return nil, fmt.Errorf("segment: %s/und.yaml: missing or lists no terminators", LexiconDir)
	}
	return s, nil
}

// Process sets a.Sentences.
func (s *Stage) Process(ctx context.Context, a *stages.Article) error {
	a.Sentences = s.Split(a.Body, a.Lang)
	return nil
}

// Split returns the sentences of text in order. lang selects the
// abbreviation list; "" or an unknown language uses every list.
func (s *Stage) Split(text, lang string) []stages.Span {
	abbrev, ok := s.abbrev[lang]
	if !ok {
		abbrev = s.abbrev[""]
	}
	var out []stages.Span
	start := 0
	emit := func(end int) {
		if sp, ok := trim(text, start, end); ok {
			out = append(out, sp)
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		next := i + n
		switch {
		case r == '\n':
			emit(next)
		case isFullWidth(r):
			emit(closers(text, next))
			i = start
			continue
		case s.terminators[r]:
			end := closers(text, next)
			if end < len(text) && !isSpace(text, end) {
				break // "3.5", "т.е", "ب.أن", a URL
			}
			if r == '.' && (s.abbreviation(text, i, abbrev) || startsLower(text, end)) {
				break
			}
			if r == '…' || strings.HasSuffix(text[:next], "..") {
				if startsLower(text, end) {
					break
				}
			}
			emit(end)
			i = end
			continue
		case r == ' ' && s.spaceBreak(text, i, next):
			if utf8.RuneCountInString(strings.TrimSpace(text[start:i])) >= s.minSpace {
				emit(next)
			}
		}
		i = next
	}
	emit(len(text))
	return out
}

// spaceBreak reports a space between two letters of a script written
// without sentence punctuation.
func (s *Stage) spaceBreak(text string, i, next int) bool {
	if len(s.spaceScripts) == 0 || i == 0 || next >= len(text) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[next:])
	return s.inSpaceScript(before) && s.inSpaceScript(after)
}

func (s *Stage) inSpaceScript(r rune) bool {
	for _, t := range s.spaceScripts {
		if unicode.Is(t, r) {
			return true
		}
	}
	return false
}

// abbreviation reports a full stop at dot that ends an abbreviation of the
// language or a single-letter initial. (A full stop between digits never
// reaches here: a boundary needs white space after the stop.)
func (s *Stage) abbreviation(text string, dot int, abbrev map[string]bool) bool {
	w := dot
	for w > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:w])
		if !(unicode.IsLetter(r) || unicode.IsMark(r) || r == '.' || r == 'ـ') {
			break
		}
		w -= n
	}
	word := strings.Trim(text[w:dot], ".")
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r) || !unicode.IsLower(r) // an initial; uncased scripts too
	}
	return abbrev[word]
}

// closers extends a sentence end over closing quotes and brackets.
func closers(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !(unicode.Is(unicode.Pe, r) || unicode.Is(unicode.Pf, r) || r == '"' || r == '\'' || r == '»' || isFullWidthCloser(r)) {
			break
		}
		i += n
	}
	return i
}

func isFullWidth(r rune) bool { return r == '。' || r == '！' || r == '？' || r == '｡' }

func isFullWidthCloser(r rune) bool { return r == '」' || r == '』' || r == '）' || r == '”' }

func isSpace(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(r)
}

// startsLower reports whether the next word after i begins in lower case,
// which means the full stop before it did not end the sentence.
func startsLower(text string, i int) bool {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '\n' {
			return false
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			i += n
			continue
		}
		return unicode.IsLower(r)
	}
	return false
}

// trim returns [start, end) without surrounding white space, or false when
// nothing is left.
func trim(text string, start, end int) (stages.Span, bool) {
	for start < end {
		r, n := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	return stages.Span{Start: start, End: end}, end > start
}
