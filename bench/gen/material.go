package gen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// segKind says how a template segment is rendered.
type segKind uint8

const (
	segLit    segKind = iota // copied as is
	segNumber                // digits replaced by random digits of the same script
	segPlace                 // replaced by another place's rendering of the same form
)

// segment is one piece of a line template.
type segment struct {
	kind segKind
	text string
	form string // place form: "name", "vi" or a language code of the gazetteer's names
}

// template is a line of sample text cut into literal text, numbers and place names.
type template []segment

// material is everything known about one language, taken from the samples.
type material struct {
	lang    string
	banners []string
	titles  []template
	body    []template
	debris  []template
}

// place is one gazetteer entry with its renderings by form.
type place struct {
	forms map[string][]string
}

// source is the parsed sample and gazetteer material the generator draws from.
type source struct {
	langs  []string // sorted, so generation does not depend on map order
	byLang map[string]*material
	// pools lists, per place form, every rendering of that form.
	pools map[string][]string
}

// minBodyBytes separates paragraphs of content from short page debris
// (captions, bylines, ad markers, related links).
const minBodyBytes = 100

type gazEntry struct {
	Name  string              `yaml:"name"`
	Vi    string              `yaml:"vi"`
	Alt   []string            `yaml:"alt"`
	Names map[string][]string `yaml:"names"`
}

func loadGazetteer(fsys fs.FS) ([]place, error) {
	var out []place
	for _, f := range []struct{ file, key string }{
		{"gazetteer/provinces.yaml", "provinces"},
		{"gazetteer/districts.yaml", "districts"},
	} {
		b, err := fs.ReadFile(fsys, f.file)
		if err != nil {
			return nil, err
		}
		var doc map[string][]gazEntry
		if err := yaml.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f.file, err)
		}
		for i, e := range doc[f.key] {
			if e.Name == "" {
				return nil, fmt.Errorf("%s: %s entry %d has no name", f.file, f.key, i+1)
			}
			p := place{forms: map[string][]string{"name": {e.Name}}}
			if e.Vi != "" {
				p.forms["vi"] = []string{e.Vi}
			}
			for l, ns := range e.Names {
				p.forms[l] = append(p.forms[l], ns...)
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// text is one sample article: its language and lines.
type text struct {
	lang  string
	lines []string
}

func loadSamples(fsys fs.FS) ([]text, error) {
	names, err := fs.Glob(fsys, "samples/*")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []text
	for _, n := range names {
		base := path.Base(n)
		switch {
		case strings.HasSuffix(base, ".txt"):
			lang, _, ok := strings.Cut(base, "_")
			if !ok {
				continue
			}
			b, err := fs.ReadFile(fsys, n)
			if err != nil {
				return nil, err
			}
			out = append(out, text{lang: lang, lines: splitLines(string(b))})
		case strings.HasSuffix(base, ".jsonl"):
			b, err := fs.ReadFile(fsys, n)
			if err != nil {
				return nil, err
			}
			sc := bufio.NewScanner(bytes.NewReader(b))
			sc.Buffer(nil, 1<<20)
			for ln := 1; sc.Scan(); ln++ {
				var rec struct {
					Lang string `json:"lang"`
					Text string `json:"text"`
				}
				if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
					return nil, fmt.Errorf("%s:%d: %w", n, ln, err)
				}
				if rec.Lang != "" && rec.Text != "" {
					out = append(out, text{lang: rec.Lang, lines: splitLines(rec.Text)})
				}
			}
			if err := sc.Err(); err != nil {
				return nil, fmt.Errorf("%s: %w", n, err)
			}
		}
	}
	return out, nil
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// loadSource reads the samples and the gazetteer and cuts every sample line
// into a template.
func loadSource(fsys fs.FS) (*source, error) {
	places, err := loadGazetteer(fsys)
	if err != nil {
		return nil, err
	}
	texts, err := loadSamples(fsys)
	if err != nil {
		return nil, err
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("no sample articles found under samples/")
	}
	src := &source{byLang: map[string]*material{}, pools: map[string][]string{}}
	// Renderings to look for, longest first so "Thành phố Hồ Chí Minh" wins over "Hồ Chí Minh".
	type rendering struct{ text, form string }
	var rends []rendering
	for _, p := range places {
		for form, ns := range p.forms {
			for _, n := range ns {
				// Shorter names would match inside ordinary words.
				if len(n) >= 6 {
					rends = append(rends, rendering{n, form})
					src.pools[form] = append(src.pools[form], n)
				}
			}
		}
	}
	sort.Slice(rends, func(i, j int) bool {
		if len(rends[i].text) != len(rends[j].text) {
			return len(rends[i].text) > len(rends[j].text)
		}
		if rends[i].text != rends[j].text {
			return rends[i].text < rends[j].text
		}
		return rends[i].form < rends[j].form
	})
	for _, pool := range src.pools {
		sort.Strings(pool)
	}
	// A first line whose site name (before " - ") starts several pages is the
	// site banner, not a title.
	site := func(l string) string { k, _, _ := strings.Cut(l, " - "); return k }
	firsts := map[string]int{}
	for _, t := range texts {
		if len(t.lines) > 0 {
			firsts[site(t.lines[0])]++
		}
	}
	isBanner := func(lines []string) bool { return len(lines) > 0 && firsts[site(lines[0])] >= 2 }
	cut := func(line string) template {
		return cutTemplate(line, func(s string) (int, int, string) {
			best, bestEnd, form := -1, 0, ""
			for _, r := range rends {
				if i := strings.Index(s, r.text); i >= 0 && (best < 0 || i < best) {
					best, bestEnd, form = i, i+len(r.text), r.form
				}
			}
			return best, bestEnd, form
		})
	}
	for _, t := range texts {
		m := src.byLang[t.lang]
		if m == nil {
			m = &material{lang: t.lang}
			src.byLang[t.lang] = m
			src.langs = append(src.langs, t.lang)
		}
		lines := t.lines
		if isBanner(lines) {
			m.banners = append(m.banners, lines[0])
			lines = lines[1:]
		}
		for i, l := range lines {
			switch {
			case i == 0:
				m.titles = append(m.titles, cut(l))
			case len(l) >= minBodyBytes:
				m.body = append(m.body, cut(l))
			default:
				m.debris = append(m.debris, cut(l))
			}
		}
	}
	sort.Strings(src.langs)
	// A language needs body text to generate articles in it.
	langs := src.langs[:0]
	for _, l := range src.langs {
		if m := src.byLang[l]; len(m.body) > 0 && len(m.titles) > 0 {
			langs = append(langs, l)
		} else {
			delete(src.byLang, l)
		}
	}
	src.langs = langs
	if len(src.langs) == 0 {
		return nil, fmt.Errorf("no sample article has body paragraphs")
	}
	return src, nil
}

// cutTemplate splits line into literal text, place names (found by find, the
// first match at or after the start) and numbers.
func cutTemplate(line string, find func(string) (start, end int, form string)) template {
	var t template
	for line != "" {
		start, end, form := find(line)
		head := line
		if start >= 0 {
			head = line[:start]
		}
		t = append(t, cutNumbers(head)...)
		if start < 0 {
			break
		}
		t = append(t, segment{kind: segPlace, text: line[start:end], form: form})
		line = line[end:]
	}
	return t
}

// isSep reports whether r may stand between two digits of one number
// (thousands or decimal separators of the scripts we see).
func isSep(r rune) bool {
	switch r {
	case '.', ',', ' ', '\u00a0', '\u202f', '\u066b', '\u066c', '\'':
		return true
	}
	return false
}

func cutNumbers(s string) template {
	var t template
	lit := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsDigit(r) {
			i += n
			continue
		}
		// A number: digits, with single separators between digits.
		j := i + n
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if unicode.IsDigit(r2) {
				j += n2
				continue
			}
			if isSep(r2) && j+n2 < len(s) {
				if r3, _ := utf8.DecodeRuneInString(s[j+n2:]); unicode.IsDigit(r3) {
					j += n2
					continue
				}
			}
			break
		}
		if lit < i {
			t = append(t, segment{kind: segLit, text: s[lit:i]})
		}
		t = append(t, segment{kind: segNumber, text: s[i:j]})
		lit, i = j, j
	}
	if lit < len(s) {
		t = append(t, segment{kind: segLit, text: s[lit:]})
	}
	return t
}
