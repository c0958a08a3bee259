// Package lang identifies the language of an article's body (ISO 639-1).
//
// The detector is github.com/abadojack/whatlanggo, a trigram model, chosen
// by measurement over github.com/pemistahl/lingua-go on paragraphs written
// for this project plus the sample and seed pages (47 texts, 21 languages,
// including Arabic/Persian/Urdu, Russian/Ukrainian/Bulgarian and Vietnamese
// among Latin-script languages): on article-length text both identify every
// text; on 80-character snippets each misses one or two. lingua adds about
// 130 MB to the binary and needs 0.8–1.6 GB of memory (its models), while
// whatlanggo adds 0.5 MB and under 10 MB. whatlanggo names Persian only by
// its ISO 639-3 code; the mapping to ISO 639-1 is data. The input's own
// language hint wins over detection.
package lang

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
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
}

type config struct {
	ISO6393    map[string]string `yaml:"iso639_3"`
	MaxBytes   int               `yaml:"max_bytes"`
	MinLetters int               `yaml:"min_letters"`
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
	return &Stage{iso3: c.ISO6393, maxBytes: c.MaxBytes, minLetters: c.MinLetters}, nil
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
	if len(text) > s.maxBytes {
		cut := s.maxBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if letters >= s.minLetters {
				break
			}
		}
	}
	if letters < s.minLetters {
		return ""
	}
	info := whatlanggo.Detect(text)
	if info.Lang < 0 {
		return ""
	}
	if code := info.Lang.Iso6391(); code != "" {
		return code
	}
	return s.iso3[info.Lang.Iso6393()]
}
