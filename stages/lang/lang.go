// Package lang identifies the language of an article's body (ISO 639-1).
//
// The detector is github.com/abadojack/whatlanggo's trigram model, chosen
// by measurement over github.com/pemistahl/lingua-go on paragraphs written
// for this project plus the sample and seed pages (47 texts, 21 languages,
// including Arabic/Persian/Urdu, Russian/Ukrainian/Bulgarian and Vietnamese
// among Latin-script languages): on article-length text both identify every
// text; on 80-character snippets each misses one or two. lingua adds about
// 130 MB to the binary and needs 0.8–1.6 GB of memory (its models), while
// whatlanggo adds 0.5 MB and under 10 MB. whatlanggo names Persian only by
// its ISO 639-3 code; the mapping to ISO 639-1 is data. The input's own
// language hint wins over detection.
//
// The model's profiles are data (data/lexicons/lang/trigrams.tsv, generated
// from the module) scored by this package, which gives the module's answers
// at a tenth of its cost (see model.go). It reads only a short sample, and
// is not run at all when the sample's letters are overwhelmingly in a script
// that only one language writes (Thai, Hangul, kana, ...): which scripts
// those are is data too.
package lang

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/statharvest/statharvest/stages"
)

// ConfigFile is the stage's settings file in the data tree.
const ConfigFile = "lexicons/lang/und.yaml"

// Stage is the lang stage. It holds only immutable configuration.
type Stage struct {
	iso3       map[string]string
	maxBytes   int
	minLetters int
	// scripts lists the tables of every script named in the settings; the
	// letters of each are counted in the sample.
	scripts []*unicode.RangeTable
	// owners are the languages a script decides, each with the indexes into
	// scripts of its own scripts and of the scripts that may accompany them.
	owners      []owner
	scriptShare float64
	ownShare    float64
	// byDominant says, per script, what its being the sample's commonest
	// script means: a model to run, or a language.
	byDominant []dominant
	latin      int // index of Latin in scripts, or -1
	info       *runeInfo
}

type dominant struct {
	model *model
	lang  string
}

type owner struct {
	lang      string
	own, with []int
}

type config struct {
	ISO6393     map[string]string       `yaml:"iso639_3"`
	MaxBytes    int                     `yaml:"max_bytes"`
	MinLetters  int                     `yaml:"min_letters"`
	Scripts     map[string]scriptConfig `yaml:"scripts"`
	ScriptShare float64                 `yaml:"script_share"`
	OwnShare    float64                 `yaml:"own_share"`
	Defaults    map[string]string       `yaml:"script_defaults"`
	Model       string                  `yaml:"model"`
}

type scriptConfig struct {
	Own  []string `yaml:"own"`
	With []string `yaml:"with"`
}

// New returns a lang stage configured from the data files in fsys.
func New(fsys fs.FS) (*Stage, error) {
	b, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		return nil, fmt.Errorf("lang: %w", err)
	}
	var c config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("lang: %s: %w", ConfigFile, err)
	}
	if c.MaxBytes <= 0 {
		return nil, fmt.Errorf("lang: %s: max_bytes must be positive", ConfigFile)
	}
	for k, v := range c.ISO6393 {
		if len(k) != 3 {
			return nil, fmt.Errorf("lang: %s: iso639_3: %q is not a three-letter code", ConfigFile, k)
		}
		if base, err := language.ParseBase(v); err != nil || base.String() != v {
			return nil, fmt.Errorf("lang: %s: iso639_3: %s: %q is not an ISO 639-1 code", ConfigFile, k, v)
		}
	}
	st := &Stage{iso3: c.ISO6393, maxBytes: c.MaxBytes, minLetters: c.MinLetters, scriptShare: c.ScriptShare, ownShare: c.OwnShare}
	if c.Model == "" || path.Base(c.Model) != c.Model {
		return nil, fmt.Errorf("lang: %s: model must name a file beside it", ConfigFile)
	}
	models, err := loadModels(fsys, path.Join(path.Dir(ConfigFile), c.Model))
	if err != nil {
		return nil, fmt.Errorf("lang: %w", err)
	}
	if err := st.compileScripts(c, models); err != nil {
		return nil, fmt.Errorf("lang: %s: %w", ConfigFile, err)
	}
	return st, nil
}

// compileScripts checks the script settings and indexes their tables and
// the models'.
func (s *Stage) compileScripts(c config, models map[string]*model) error {
	if len(c.Scripts) > 0 && (!(c.ScriptShare > 0.5 && c.ScriptShare <= 1) || !(c.OwnShare > 0 && c.OwnShare <= c.ScriptShare)) {
		return fmt.Errorf("script_share must be in (0.5, 1] and own_share in (0, script_share]")
	}
	index := map[string]int{}
	ownedBy := map[string]string{}
	lookup := func(lang, name string) (int, error) {
		t, ok := unicode.Scripts[name]
		if !ok {
			return 0, fmt.Errorf("scripts: %s: %q is not a Unicode script name", lang, name)
		}
		i, ok := index[name]
		if !ok {
			i = len(s.scripts)
			index[name] = i
			s.scripts = append(s.scripts, t)
		}
		return i, nil
	}
	langs := make([]string, 0, len(c.Scripts))
	for l := range c.Scripts {
		langs = append(langs, l)
	}
	slices.Sort(langs) // a stable order of tables and owners
	for _, l := range langs {
		e := c.Scripts[l]
		if base, err := language.ParseBase(l); err != nil || base.String() != l {
			return fmt.Errorf("scripts: %q is not an ISO 639-1 code", l)
		}
		if len(e.Own) == 0 {
			return fmt.Errorf("scripts: %s: no own script", l)
		}
		o := owner{lang: l}
		for _, name := range e.Own {
			if prev, dup := ownedBy[name]; dup {
				return fmt.Errorf("scripts: %s: script %s is already owned by %s", l, name, prev)
			}
			ownedBy[name] = l
			i, err := lookup(l, name)
			if err != nil {
				return err
			}
			o.own = append(o.own, i)
		}
		for _, name := range e.With {
			i, err := lookup(l, name)
			if err != nil {
				return err
			}
			o.with = append(o.with, i)
		}
		s.owners = append(s.owners, o)
	}
	for _, name := range slices.Sorted(maps.Keys(models)) {
		if _, err := lookup("model", name); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Defaults)) {
		l := c.Defaults[name]
		if base, err := language.ParseBase(l); err != nil || base.String() != l {
			return fmt.Errorf("script_defaults: %s: %q is not an ISO 639-1 code", name, l)
		}
		if ownedBy[name] != "" || models[name] != nil {
			return fmt.Errorf("script_defaults: %s has an owner or a model already", name)
		}
		if _, err := lookup("script_defaults", name); err != nil {
			return err
		}
	}
	if len(s.scripts) > maxScripts {
		return fmt.Errorf("scripts: %d scripts named, at most %d", len(s.scripts), maxScripts)
	}
	for _, o := range s.owners {
		for _, i := range o.with {
			for name, j := range index {
				if j == i && ownedBy[name] != "" {
					return fmt.Errorf("scripts: %s: companion script %s is owned by %s", o.lang, name, ownedBy[name])
				}
			}
		}
	}
	s.byDominant = make([]dominant, len(s.scripts))
	s.latin = -1
	for name, i := range index {
		switch {
		case models[name] != nil:
			s.byDominant[i].model = models[name]
		case ownedBy[name] != "":
			s.byDominant[i].lang = ownedBy[name]
		default:
			s.byDominant[i].lang = c.Defaults[name]
		}
		if name == "Latin" {
			s.latin = i
		}
	}
	s.info = newRuneInfo(s.scripts)
	return nil
}

// Process sets a.Lang from the input's hint or, without one, from the body.
func (s *Stage) Process(ctx context.Context, a *stages.Article) error {
	if h := Normalize(a.Hints.Lang); h != "" {
		a.Lang = h
		return nil
	}
	a.Lang = s.Detect(a.Body)
	return nil
}

// Normalize turns a language tag ("ar-EG", "fas", "RU") into its ISO 639-1
// code, or "" when it names no language.
func Normalize(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	base, conf := t.Base()
	if conf == language.No || base.String() == "und" {
		return ""
	}
	return base.String()
}

// Detect returns the ISO 639-1 code of text's language, or "" when the text
// has too few letters or the language has no two-letter code.
func (s *Stage) Detect(text string) string {
	text = s.sample(text)
	letters, counts, dom := s.countScripts(text)
	if letters < s.minLetters {
		return ""
	}
	if l := s.byScript(letters, counts); l != "" {
		return l
	}
	if dom < 0 {
		return ""
	}
	d := s.byDominant[dom]
	if d.model == nil {
		return d.lang
	}
	best, _ := d.model.detect(text, s.info)
	if best < 0 {
		return ""
	}
	if code := d.model.iso1[best]; code != "" {
		return code
	}
	return s.iso3[d.model.iso3[best]]
}

// sample is the part of text detection reads: its first maxBytes bytes, cut
// at a rune start.
func (s *Stage) sample(text string) string {
	if len(text) > s.maxBytes {
		cut := s.maxBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	return text
}

// maxScripts bounds the scripts the settings may name, so that their letter
// counts live on the stack.
const maxScripts = 32

// countScripts counts the letters of text and those of each configured
// script, and returns the script most of text's characters (letters and
// marks, not digits, punctuation, symbols or spaces) are in, or -1.
func (s *Stage) countScripts(text string) (letters int, counts [maxScripts]int, dom int) {
	var chars [maxScripts]int
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c|0x20 >= 'a' && c|0x20 <= 'z' {
				letters++
				if s.latin >= 0 {
					counts[s.latin]++
					chars[s.latin]++
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		var letter bool
		k := -1
		if r < 0x10000 {
			f := s.info[r]
			if f&infoStop != 0 {
				continue
			}
			letter = f&infoLetter != 0
			k = int(f&0xFF) - 1
		} else {
			if isStopChar(r) {
				continue
			}
			letter = unicode.IsLetter(r)
			for j, t := range s.scripts {
				if unicode.Is(t, r) {
					k = j
					break
				}
			}
		}
		if letter {
			letters++
		}
		if k < 0 {
			continue
		}
		chars[k]++
		if letter {
			counts[k]++
		}
	}
	dom = -1
	for k := range s.scripts {
		if chars[k] > 0 && (dom < 0 || chars[k] > chars[dom]) {
			dom = k
		}
	}
	return letters, counts, dom
}

// byScript returns the language whose own scripts (with their companions)
// hold nearly all the letters, or "" when no single language does.
func (s *Stage) byScript(letters int, counts [maxScripts]int) string {
	found := ""
	for _, o := range s.owners {
		own, with := 0, 0
		for _, i := range o.own {
			own += counts[i]
		}
		for _, i := range o.with {
			with += counts[i]
		}
		if float64(own) >= s.ownShare*float64(letters) && float64(own+with) >= s.scriptShare*float64(letters) {
			if found != "" {
				return "" // two candidates: let the model decide
			}
			found = o.lang
		}
	}
	return found
}
