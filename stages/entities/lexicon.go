package entities

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// lexDir is where the per-language organization lexicons live in the data tree.
const lexDir = "lexicons/entities"

// headKinds are the organization kinds a head noun can name. The type an
// organization gets is decided from the kind and the cues around it.
func headKinds() []string {
	return []string{
		"committee", "board", "council", "cell", "organization", "front", "union",
		"procuracy", "politburo", "secretariat", "newspaper", "agency", "party",
	}
}

// levelNames is the level vocabulary of eval/README.md, plus "all" for
// "at all levels".
func levelNames() []string {
	return []string{"central", "province", "city", "district", "commune", "village", "bloc", "grassroots", "all"}
}

// cueKinds are the cue kinds a language file may list.
func cueKinds() []string {
	return []string{"party", "people", "youth", "front", "bloc", "standing", "executive", "of", "and", "title", "plural"}
}

// langFile is the YAML shape of one lexicons/entities/<lang>.yaml.
type langFile struct {
	Script    string              `yaml:"script"`
	Spaces    bool                `yaml:"spaces"`
	SpaceStop bool                `yaml:"space_stop"`
	Pre       bool                `yaml:"pre"`
	OfOwner   bool                `yaml:"of_after_owner"`
	Stems     bool                `yaml:"stems"`
	MaxGap    int                 `yaml:"max_gap"`
	NameWords int                 `yaml:"name_words"`
	Prefixes  []string            `yaml:"prefixes"`
	Rewrites  map[string]string   `yaml:"prefix_rewrites"`
	PreCues   []string            `yaml:"pre_cues"`
	NameRej   []string            `yaml:"name_reject"`
	Heads     []headEntry         `yaml:"heads"`
	Cues      map[string][]string `yaml:"cues"`
	Levels    []levelEntry        `yaml:"levels"`
	Functions []funcEntry         `yaml:"functions"`
}

type headEntry struct {
	Org      string   `yaml:"org"`
	Plural   bool     `yaml:"plural"`
	Weak     bool     `yaml:"weak"`
	Level    string   `yaml:"level"`
	Party    bool     `yaml:"party"`
	People   bool     `yaml:"people"`
	Standing bool     `yaml:"standing"`
	Function string   `yaml:"function"`
	Forms    []string `yaml:"forms"`
	line     int
}

func (h *headEntry) UnmarshalYAML(n *yaml.Node) error {
	type plain headEntry
	if err := n.Decode((*plain)(h)); err != nil {
		return err
	}
	h.line = n.Line
	return nil
}

type levelEntry struct {
	Level   string   `yaml:"level"`
	Pre     bool     `yaml:"pre"`
	Names   bool     `yaml:"names"`
	Generic bool     `yaml:"generic"`
	Forms   []string `yaml:"forms"`
	line    int
}

func (l *levelEntry) UnmarshalYAML(n *yaml.Node) error {
	type plain levelEntry
	if err := n.Decode((*plain)(l)); err != nil {
		return err
	}
	l.line = n.Line
	return nil
}

type funcEntry struct {
	Key   string   `yaml:"key"`
	Pre   bool     `yaml:"pre"`
	Forms []string `yaml:"forms"`
	line  int
}

func (f *funcEntry) UnmarshalYAML(n *yaml.Node) error {
	type plain funcEntry
	if err := n.Decode((*plain)(f)); err != nil {
		return err
	}
	f.line = n.Line
	return nil
}

// undFile is the YAML shape of lexicons/entities/und.yaml.
type undFile struct {
	Fold         map[string]string     `yaml:"fold"`
	Stops        string                `yaml:"stops"`
	Soft         string                `yaml:"soft"`
	DefaultLevel map[string]string     `yaml:"default_level"`
	UniqueLevels []string              `yaml:"unique_levels"`
	Scripts      map[string]scriptFile `yaml:"scripts"`
}

type scriptFile struct {
	Cased  bool              `yaml:"cased"`
	Fine   map[string]string `yaml:"fine"`
	Runs   bool              `yaml:"keyed_runs"`
	Keys   map[string]string `yaml:"keys"`
	Vowels map[string]string `yaml:"vowels"`
}

// Item kinds in a compiled trie.
const (
	kHead = iota + 1
	kCue
	kLevel
	kFunc
	kPlace
)

// entry is one compiled lexicon item: what a matched form means.
type entry struct {
	kind     uint8
	org      string // head kind
	cue      string // cue kind
	level    string
	function string
	plural   bool
	weak     bool
	party    bool
	people   bool
	standing bool
	pre      bool
	names    bool
	generic  bool
	place    int // index into gazetteer places for kPlace
}

// lang is the compiled table of one language.
type lang struct {
	code      string
	script    *unicode.RangeTable
	spaces    bool
	spaceStop bool
	stems     bool
	pre       bool // modifiers precede the head
	ofOwner   bool // the "of" particle follows the owner
	maxGap    int
	nameWords int
	prefixes  [][]rune
	rewrites  [][2][]rune // fused prefix -> the form's own start ("لل" -> "ال")
	nameRej   [][]rune
	entries   []entry
	trie      trie
}

// Lexicon is the compiled, immutable set of tables the stage reads.
type Lexicon struct {
	fold         map[rune]rune
	bmp          []rune // foldRune for U+0000..U+FFFF, -1 for a dropped rune
	drop         map[rune]bool
	stops        map[rune]bool
	soft         map[rune]bool
	defaultLevel map[string]string
	unique       map[string]bool
	langs        map[string]*lang
	order        []string // language codes, sorted, for deterministic fallback
	keys         *keyer
	gaz          *Gazetteer
	cls          []uint8 // class for U+0000..U+FFFF; nil until built
}

// loadLexicon compiles lexicons/entities/*.yaml and the gazetteer.
func loadLexicon(fsys fs.FS) (*Lexicon, error) {
	und := undFile{}
	if err := readYAML(fsys, path.Join(lexDir, "und.yaml"), &und); err != nil {
		return nil, err
	}
	lx := &Lexicon{
		fold: map[rune]rune{}, drop: map[rune]bool{}, stops: map[rune]bool{}, soft: map[rune]bool{},
		defaultLevel: und.DefaultLevel, unique: map[string]bool{}, langs: map[string]*lang{},
	}
	for from, to := range und.Fold {
		fr := []rune(from)
		tr := []rune(to)
		if len(fr) != 1 || len(tr) > 1 {
			return nil, fmt.Errorf("%s/und.yaml: fold %q -> %q: want one rune to at most one rune", lexDir, from, to)
		}
		if len(tr) == 0 {
			lx.drop[fr[0]] = true
		} else {
			lx.fold[fr[0]] = tr[0]
		}
	}
	addLatinBases(lx.fold)
	lx.buildFoldTable()
	for _, r := range und.Stops {
		lx.stops[r] = true
	}
	for _, r := range und.Soft {
		lx.soft[r] = true
	}
	for t, l := range und.DefaultLevel {
		if !slices.Contains(levelNames(), l) {
			return nil, fmt.Errorf("%s/und.yaml: default_level %s: unknown level %q", lexDir, t, l)
		}
	}
	for _, l := range und.UniqueLevels {
		if !slices.Contains(levelNames(), l) {
			return nil, fmt.Errorf("%s/und.yaml: unique_levels: unknown level %q", lexDir, l)
		}
		lx.unique[l] = true
	}
	k, err := newKeyer(und.Scripts, lx)
	if err != nil {
		return nil, err
	}
	lx.keys = k
	lx.buildClassTable()
	gaz, err := loadGazetteer(fsys, lx)
	if err != nil {
		return nil, err
	}
	lx.gaz = gaz

	files, err := fs.Glob(fsys, path.Join(lexDir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		code := strings.TrimSuffix(path.Base(f), ".yaml")
		if code == "und" {
			continue
		}
		if len(code) != 2 || strings.ToLower(code) != code {
			return nil, fmt.Errorf("%s: file name is not an ISO 639-1 code", f)
		}
		var lf langFile
		if err := readYAML(fsys, f, &lf); err != nil {
			return nil, err
		}
		l, err := lx.compileLang(f, code, &lf)
		if err != nil {
			return nil, err
		}
		lx.langs[code] = l
		lx.order = append(lx.order, code)
	}
	if len(lx.langs) == 0 {
		return nil, fmt.Errorf("%s: no language files", lexDir)
	}
	slices.Sort(lx.order)
	return lx, nil
}

func readYAML(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (lx *Lexicon) compileLang(file, code string, lf *langFile) (*lang, error) {
	rt, ok := unicode.Scripts[lf.Script]
	if !ok {
		return nil, fmt.Errorf("%s: script %q is not a Unicode script name", file, lf.Script)
	}
	l := &lang{
		code: code, script: rt, spaces: lf.Spaces, spaceStop: lf.SpaceStop, stems: lf.Stems, pre: lf.Pre, ofOwner: lf.OfOwner,
		maxGap: lf.MaxGap, nameWords: lf.NameWords,
	}
	if l.maxGap < 0 || l.maxGap > 8 {
		return nil, fmt.Errorf("%s: max_gap %d out of range 0..8", file, l.maxGap)
	}
	for _, p := range lf.Prefixes {
		l.prefixes = append(l.prefixes, []rune(lx.foldString(p)))
	}
	rw := make([]string, 0, len(lf.Rewrites))
	for p := range lf.Rewrites {
		rw = append(rw, p)
	}
	slices.Sort(rw)
	for _, p := range rw {
		l.rewrites = append(l.rewrites, [2][]rune{[]rune(lx.foldString(p)), []rune(lx.foldString(lf.Rewrites[p]))})
	}
	for _, c := range lf.PreCues {
		if !slices.Contains(cueKinds(), c) {
			return nil, fmt.Errorf("%s: pre_cues: unknown cue kind %q", file, c)
		}
	}
	for _, p := range lf.NameRej {
		l.nameRej = append(l.nameRej, []rune(lx.foldString(p)))
	}
	type seenForm struct{ line, idx int }
	seen := map[string]seenForm{}
	add := func(form string, e entry, line int) error {
		f := lx.foldString(form)
		if strings.TrimSpace(f) == "" {
			return fmt.Errorf("%s:%d: empty form", file, line)
		}
		if prev, dup := seen[f]; dup {
			if l.entries[prev.idx] == e {
				return nil // the same form spelled two ways that fold alike
			}
			return fmt.Errorf("%s:%d: form %q already listed at line %d with another meaning", file, line, form, prev.line)
		}
		seen[f] = seenForm{line, len(l.entries)}
		l.entries = append(l.entries, e)
		l.trie.insert([]rune(f), int32(len(l.entries)-1))
		return nil
	}
	for _, h := range lf.Heads {
		if !slices.Contains(headKinds(), h.Org) {
			return nil, fmt.Errorf("%s:%d: unknown org kind %q", file, h.line, h.Org)
		}
		if h.Level != "" && !slices.Contains(levelNames(), h.Level) {
			return nil, fmt.Errorf("%s:%d: unknown level %q", file, h.line, h.Level)
		}
		if len(h.Forms) == 0 {
			return nil, fmt.Errorf("%s:%d: head without forms", file, h.line)
		}
		for _, f := range h.Forms {
			e := entry{kind: kHead, org: h.Org, plural: h.Plural, weak: h.Weak, level: h.Level,
				party: h.Party, people: h.People, standing: h.Standing, function: h.Function}
			if err := add(f, e, h.line); err != nil {
				return nil, err
			}
		}
	}
	cueNames := make([]string, 0, len(lf.Cues))
	for c := range lf.Cues {
		cueNames = append(cueNames, c)
	}
	slices.Sort(cueNames)
	for _, c := range cueNames {
		if !slices.Contains(cueKinds(), c) {
			return nil, fmt.Errorf("%s: unknown cue kind %q", file, c)
		}
		for _, f := range lf.Cues[c] {
			if err := add(f, entry{kind: kCue, cue: c, pre: lf.Pre || slices.Contains(lf.PreCues, c)}, 0); err != nil {
				return nil, err
			}
		}
	}
	for _, lv := range lf.Levels {
		if !slices.Contains(levelNames(), lv.Level) {
			return nil, fmt.Errorf("%s:%d: unknown level %q", file, lv.line, lv.Level)
		}
		for _, f := range lv.Forms {
			e := entry{kind: kLevel, level: lv.Level, pre: lv.Pre || lf.Pre, names: lv.Names, generic: lv.Generic}
			if err := add(f, e, lv.line); err != nil {
				return nil, err
			}
		}
	}
	for _, fn := range lf.Functions {
		if _, ok := functionName(fn.Key); !ok {
			return nil, fmt.Errorf("%s:%d: unknown function %q", file, fn.line, fn.Key)
		}
		for _, f := range fn.Forms {
			if err := add(f, entry{kind: kFunc, function: fn.Key, pre: fn.Pre || lf.Pre}, fn.line); err != nil {
				return nil, err
			}
		}
	}
	for _, h := range lf.Heads {
		if h.Function != "" {
			if _, ok := functionName(h.Function); !ok {
				return nil, fmt.Errorf("%s:%d: unknown function %q", file, h.line, h.Function)
			}
		}
	}
	// Place renderings share the trie; a lexicon form wins over a place
	// spelled the same way.
	for i := range lx.gaz.places {
		for _, r := range lx.gaz.places[i].forms {
			if _, dup := seen[r]; dup {
				continue
			}
			seen[r] = seenForm{0, len(l.entries)}
			l.entries = append(l.entries, entry{kind: kPlace, place: i, pre: lf.Pre})
			l.trie.insert([]rune(r), int32(len(l.entries)-1))
		}
	}
	l.trie.freeze()
	return l, nil
}

// functionName gives a board function its English name.
func functionName(key string) (string, bool) {
	switch key {
	case "organization":
		return "Organization Board", true
	case "propaganda":
		return "Propaganda Board", true
	case "mass_mobilization":
		return "Mass Mobilization Board", true
	case "inspection":
		return "Inspection Commission", true
	case "internal_affairs":
		return "Internal Affairs Board", true
	case "political_protection":
		return "Internal Political Protection Department", true
	case "office":
		return "Office", true
	case "party_building":
		return "Party-Building Board", true
	}
	return "", false
}
