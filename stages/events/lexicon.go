package events

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/statharvest/statharvest/stages/internal/match"
)

const (
	lexiconDir = "lexicons/kpis/events"
	rootLang   = "und"
)

// typeNames is the closed vocabulary of the events.type column.
func typeNames() []string {
	return []string{"conference", "congress", "meeting", "review", "ceremony", "anniversary", "inspection", "other"}
}

func validType(t string) bool {
	for _, n := range typeNames() {
		if n == t {
			return true
		}
	}
	return false
}

type langFile struct {
	Types        map[string][]match.Cue `yaml:"types"`
	Ordinal      string                 `yaml:"ordinal"`
	Specificity  []string               `yaml:"specificity"`
	Generic      []string               `yaml:"generic"`
	AnchoredOnly []string               `yaml:"anchored_only"`
}

// typeCue is a folded event noun and the event type it names. A cue
// written with a leading or trailing space only matches at that word edge
// ("اجتماع " is a meeting, "الاجتماعية" is "social").
type typeCue struct {
	cue, typ            string
	edgeLeft, edgeRight bool
}

// Lexicon is the compiled event configuration. It is immutable.
type Lexicon struct {
	langs        map[string][]typeCue
	ordinalSide  map[string]string         // lang -> "after" or "before" the noun; "" either
	matchers     map[string]*match.Matcher // per language, "" for all; pattern i is cue i
	any          []typeCue
	rank         map[string]int // lower is more specific
	generic      map[string]bool
	anchoredOnly map[string]bool
}

// Load compiles lexicons/kpis/events/*.yaml from fsys.
func Load(fsys fs.FS) (*Lexicon, error) {
	entries, err := fs.ReadDir(fsys, lexiconDir)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	lx := &Lexicon{langs: map[string][]typeCue{}, ordinalSide: map[string]string{}, rank: map[string]int{}, generic: map[string]bool{}, anchoredOnly: map[string]bool{}}
	seenAny := map[typeCue]bool{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		lang := strings.TrimSuffix(e.Name(), ".yaml")
		name := path.Join(lexiconDir, e.Name())
		if !match.ValidLang(lang) {
			return nil, fmt.Errorf("events: %s: file name is not a language code", name)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		var lf langFile
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&lf); err != nil {
			return nil, fmt.Errorf("events: %s: %w", name, err)
		}
		switch lf.Ordinal {
		case "", "after", "before":
			lx.ordinalSide[lang] = lf.Ordinal
		default:
			return nil, fmt.Errorf("events: %s: ordinal: %q is not after or before", name, lf.Ordinal)
		}
		for i, t := range lf.Specificity {
			if !validType(t) {
				return nil, fmt.Errorf("events: %s: specificity: unknown event type %q", name, t)
			}
			lx.rank[t] = i
		}
		for _, list := range [][]string{lf.Generic, lf.AnchoredOnly} {
			for _, t := range list {
				if !validType(t) {
					return nil, fmt.Errorf("events: %s: unknown event type %q", name, t)
				}
			}
		}
		for _, t := range lf.Generic {
			lx.generic[t] = true
		}
		for _, t := range lf.AnchoredOnly {
			lx.anchoredOnly[t] = true
		}
		var tcs []typeCue
		seen := map[string]int{}
		tnames := make([]string, 0, len(lf.Types))
		for t := range lf.Types {
			tnames = append(tnames, t)
		}
		sort.Strings(tnames)
		for _, t := range tnames {
			if !validType(t) {
				return nil, fmt.Errorf("events: %s: unknown event type %q", name, t)
			}
			for _, c := range lf.Types[t] {
				f := match.Fold(strings.TrimSpace(c.S))
				if f == "" {
					return nil, fmt.Errorf("events: %s:%d: %s: empty cue", name, c.Line, t)
				}
				if prev, ok := seen[f]; ok {
					return nil, fmt.Errorf("events: %s:%d: %s: duplicate cue %q (first on line %d)", name, c.Line, t, c.S, prev)
				}
				seen[f] = c.Line
				tc := typeCue{cue: f, typ: t, edgeLeft: strings.HasPrefix(c.S, " "), edgeRight: strings.HasSuffix(c.S, " ")}
				tcs = append(tcs, tc)
				if !seenAny[tc] {
					seenAny[tc] = true
					lx.any = append(lx.any, tc)
				}
			}
		}
		if lang != rootLang {
			lx.langs[lang] = tcs
		}
	}
	lx.matchers = map[string]*match.Matcher{"": compileCues(lx.any)}
	for l, cs := range lx.langs {
		lx.matchers[l] = compileCues(cs)
	}
	for _, t := range typeNames() {
		if _, ok := lx.rank[t]; !ok {
			lx.rank[t] = len(typeNames())
		}
	}
	return lx, nil
}

// forLang returns the event nouns of lang and their matcher, or those of
// every language when lang has no file.
func (lx *Lexicon) forLang(lang string) ([]typeCue, *match.Matcher) {
	if c, ok := lx.langs[lang]; ok {
		return c, lx.matchers[lang]
	}
	return lx.any, lx.matchers[""]
}

func compileCues(cs []typeCue) *match.Matcher {
	pats := make([]string, len(cs))
	for i, c := range cs {
		pats[i] = c.cue
	}
	return match.New(pats)
}
