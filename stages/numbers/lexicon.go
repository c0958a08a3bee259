package numbers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"

	"github.com/statharvest/statharvest/stages"
)

// lexDir is where the number lexicons live inside the data tree.
const lexDir = "lexicons/numbers"

// file is one lexicon file as written. Every list holds phrases; a '*' ends a
// stem ("член*" matches "членов"), a space matches any run of white space.
// Maps from a canonical name hold the phrases that mean it.
type file struct {
	Lang   string `yaml:"lang"`
	Spaced *bool  `yaml:"spaced"` // words are separated by spaces (false: th, zh, ja, lo, km)
	// A number followed by a dot and an ordered noun is an ordinal: German
	// "16. Parteitag", as in Czech, Polish, Danish or Finnish.
	OrdinalDot bool `yaml:"ordinal_dot"`
	// How a lone separator followed by exactly three digits reads: "group" or "decimal".
	AmbiguousDot   string `yaml:"ambiguous_dot"`
	AmbiguousComma string `yaml:"ambiguous_comma"`

	Clitics       []string            `yaml:"clitics"` // prefixes glued to words ("و", "ال")
	Percent       []string            `yaml:"percent"`
	PercentBefore []string            `yaml:"percent_before"` // "ร้อยละ 86.5", "百分之"
	TimeOfDay     []string            `yaml:"time_of_day"`    // "Chiều 2/10": marks a date, not in the raw
	Qualifiers    map[string][]string `yaml:"qualifiers"`     // qualifier -> phrases just before a number
	// Qualifier -> phrases right after the number or after its unit:
	// "3000人左右", "100명 이상", "100 से अधिक".
	QualifiersAfter map[string][]string `yaml:"qualifiers_after"`
	Cardinals       map[string]float64  `yaml:"cardinals"`
	WeakCardinals   map[string]float64  `yaml:"weak_cardinals"` // also articles: count only before a unit
	Ordinals        map[string]float64  `yaml:"ordinals"`
	Scales          map[string]int      `yaml:"scales"` // power of ten
	Joiners         []string            `yaml:"joiners"`
	Months          map[string]int      `yaml:"months"`
	MonthPrefix     []string            `yaml:"month_prefix"` // "tháng" 10
	DayPrefix       []string            `yaml:"day_prefix"`   // "วันที่" 2, kept in the raw
	YearBefore      []string            `yaml:"year_before"`
	YearAfter       []string            `yaml:"year_after"`
	Eras            map[string]int      `yaml:"eras"` // era marker -> years to add ("พ.ศ.": -543)
	RangeTo         []string            `yaml:"range_to"`
	Partitive       []string            `yaml:"partitive"` // "one of 4 villages": "of", "من", "из"
	OrdinalBefore   []string            `yaml:"ordinal_before"`
	OrdinalSuffix   []string            `yaml:"ordinal_suffix"` // glued: "th", "-го", "e"
	NumberMarkers   []string            `yaml:"number_markers"` // "No.", "رقم", "số"
	Units           map[string][]string `yaml:"units"`          // the counted thing after the number
	UnitsBefore     map[string][]string `yaml:"units_before"`   // the counted thing before it
	Classifiers     map[string][]string `yaml:"classifiers"`    // weak units after; a unit before wins
	OrdinalUnits    map[string][]string `yaml:"ordinal_units"`  // what an ordinal orders
	Identifiers     map[string][]string `yaml:"identifiers"`    // nouns a number names: "Project 16"
	Model           []string            `yaml:"model"`          // "good" in the "4 good" models
	DateMarkers     map[string][]string `yaml:"date_markers"`   // year/month/day -> glued markers (年 月 日)
	UnitKinds       map[string]string   `yaml:"unit_kinds"`     // und only: unit -> kind
	DocCodes        map[string]string   `yaml:"doc_codes"`      // und only: code letters -> document type
	FileExts        []string            `yaml:"file_exts"`      // und only
}

// Categories an entry can belong to; one phrase may carry several.
const (
	catWord = 1 << iota
	catPercent
	catQual
	catJoiner
	catMonth
	catMonthPrefix
	catDayPrefix
	catYearBefore
	catYearAfter
	catEra
	catRangeTo
	catOrdBefore
	catOrdSuffix
	catMarker
	catUnit
	catUnitBefore
	catClassifier
	catOrdUnit
	catIdent
	catModel
	catDateYear
	catDateMonth
	catDateDay
	catClitic
	catPercentBefore
	catTimeOfDay
	catQualAfter
	catPartitive
)

// Word kinds.
const (
	wCard = iota + 1
	wWeak
	wOrd
	wScale
)

// entry is what a phrase means, per category.
type entry struct {
	cats       uint32
	star       bool // its key holds a '*'
	wkind      int
	val        float64 // word value
	exp        int     // scale: power of ten
	qual       stages.Qualifier
	month      int
	era        int
	unit       string // after the number
	unitBefore string
	classifier string
	ordUnit    string
	ident      string

	// The kinds of unit, unitBefore and classifier, so that classifying a
	// number looks up no map.
	unitKind, unitBeforeKind, classifierKind stages.Kind
}

// Lang is the compiled lexicon of one language, merged over und. It is
// safe for concurrent use: its automaton is built once, on first use.
type Lang struct {
	code          string
	spaced        bool
	ordDot        bool // "16. Parteitag"
	dotGroup      bool // "1.234" is 1234
	commaDec      bool // "1,234" is 1.234
	entries       []entry
	t             trie       // every phrase: finishes the stems the automaton finds
	keys          []keyEntry // every variant of every phrase, for the automaton
	acOnce        sync.Once
	ac            *automaton // built on first use: most runs read few languages
	clitics       []string
	cliticsEnding [256][]string // the clitics by their last byte
	unitKinds     map[string]stages.Kind
	docCodes      map[string]string
	fileExts      []string
	cls           *runeClasses
	ordBefore     []string // ordinal prefixes, for the hot loop's early exit
}

// Lexicon is the set of compiled number lexicons.
type Lexicon struct {
	langs map[string]*Lang
	und   *Lang
	hash  string
}

// Lookup returns the lexicon for a language code, or the und lexicon.
func (lx *Lexicon) Lookup(code string) *Lang {
	if k := strings.IndexAny(code, "-_"); k >= 0 {
		code = code[:k] // "pt-BR" reads as "pt"
	}
	if l, ok := lx.langs[strings.ToLower(code)]; ok {
		return l
	}
	return lx.und
}

// Hash is a content hash of the lexicon files.
func (lx *Lexicon) Hash() string { return lx.hash }

// Langs lists the compiled language codes.
func (lx *Lexicon) Langs() []string {
	var out []string
	for c := range lx.langs {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// ErrLexicon marks invalid lexicon data.
var ErrLexicon = errors.New("numbers: invalid lexicon")

// Load compiles lexicons/numbers/*.yaml from fsys.
func Load(fsys fs.FS) (*Lexicon, error) {
	names, err := fs.Glob(fsys, path.Join(lexDir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	files := map[string]*file{}
	nodes := map[string]*yaml.Node{}
	h := sha256.New()
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		h.Write([]byte(name))
		h.Write(raw)
		var f file
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrLexicon, name, err)
		}
		var root yaml.Node
		if err := yaml.Unmarshal(raw, &root); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrLexicon, name, err)
		}
		code := strings.TrimSuffix(path.Base(name), ".yaml")
		if f.Lang != code {
			return nil, fmt.Errorf("%w: %s:1: lang %q does not match the file name", ErrLexicon, name, f.Lang)
		}
		if !validCode(code) {
			return nil, fmt.Errorf("%w: %s:1: unknown language code %q", ErrLexicon, name, code)
		}
		files[code] = &f
		nodes[code] = &root
	}
	und, ok := files["und"]
	if !ok {
		return nil, fmt.Errorf("%w: %s/und.yaml missing", ErrLexicon, lexDir)
	}
	lx := &Lexicon{langs: map[string]*Lang{}, hash: hex.EncodeToString(h.Sum(nil))[:16]}
	cls := newRuneClasses()
	for code, f := range files {
		name := path.Join(lexDir, code+".yaml")
		l, err := compile(und, f, code == "und", cls)
		if err != nil {
			var le *lineErr
			if errors.As(err, &le) {
				return nil, fmt.Errorf("%w: %s:%d: %s", ErrLexicon, name, lineOf(nodes[code], le.key), le.msg)
			}
			return nil, fmt.Errorf("%w: %s: %v", ErrLexicon, name, err)
		}
		l.code = code
		if code == "und" {
			lx.und = l
		} else {
			lx.langs[code] = l
		}
	}
	return lx, nil
}

func validCode(c string) bool {
	if c == "und" {
		return true
	}
	if len(c) != 2 {
		return false
	}
	for i := 0; i < 2; i++ {
		if c[i] < 'a' || c[i] > 'z' {
			return false
		}
	}
	return true
}

type lineErr struct {
	key, msg string
}

func (e *lineErr) Error() string { return e.msg }

// lineOf finds the line of the first scalar equal to key, for error messages.
func lineOf(n *yaml.Node, key string) int {
	if n == nil {
		return 0
	}
	if n.Kind == yaml.ScalarNode && n.Value == key {
		return n.Line
	}
	for _, c := range n.Content {
		if l := lineOf(c, key); l > 0 {
			return l
		}
	}
	return 0
}

var kindByName = map[string]stages.Kind{
	"count": stages.KindCount, "measure": stages.KindMeasure, "duration": stages.KindDuration, "percent": stages.KindPercent,
}

type compiler struct {
	b       *trieBuilder
	entries []entry
	keys    []keyEntry // every variant of every phrase
}

// add registers phrase under cat, merging with what the phrase already means.
func (c *compiler) add(phrase string, cat uint32, set func(*entry)) error {
	p := norm.NFC.String(strings.TrimSpace(phrase))
	if p == "" || p == "*" {
		return &lineErr{key: phrase, msg: "empty phrase"}
	}
	if strings.HasPrefix(p, "*") {
		return &lineErr{key: phrase, msg: fmt.Sprintf("phrase %q starts with '*'", phrase)}
	}
	p = strings.Join(strings.Fields(p), " ")
	for _, v := range variants(p) {
		n := c.b.insert(v)
		if c.b.entry[n] < 0 {
			c.entries = append(c.entries, entry{star: strings.IndexByte(v, '*') >= 0})
			c.b.entry[n] = int32(len(c.entries) - 1)
		}
		c.keys = append(c.keys, keyEntry{v, c.b.entry[n]})
		e := &c.entries[c.b.entry[n]]
		e.cats |= cat
		set(e)
	}
	return nil
}

// variants returns the phrase in lower, title and upper case, so matching
// needs no case folding: text is compared byte for byte.
func variants(p string) []string {
	lower := strings.ToLower(p)
	title := []rune(lower)
	if len(title) > 0 {
		title[0] = unicode.ToUpper(title[0])
	}
	out := []string{p, lower, string(title), strings.ToUpper(lower)}
	seen := map[string]bool{}
	res := out[:0]
	for _, v := range out {
		if !seen[v] {
			seen[v] = true
			res = append(res, v)
		}
	}
	return res
}

func compile(und, f *file, isUnd bool, cls *runeClasses) (*Lang, error) {
	l := &Lang{spaced: true, unitKinds: map[string]stages.Kind{}, docCodes: map[string]string{}, cls: cls}
	for u, k := range und.UnitKinds {
		kk, ok := kindByName[k]
		if !ok {
			return nil, &lineErr{key: k, msg: fmt.Sprintf("unit %q: unknown kind %q", u, k)}
		}
		l.unitKinds[u] = kk
	}
	for code, t := range und.DocCodes {
		l.docCodes[code] = t
	}
	l.fileExts = append(l.fileExts, und.FileExts...)
	if !isUnd && (len(f.UnitKinds) > 0 || len(f.DocCodes) > 0 || len(f.FileExts) > 0) {
		return nil, &lineErr{key: "unit_kinds", msg: "unit_kinds, doc_codes and file_exts belong in und.yaml"}
	}
	l.ordDot = f.OrdinalDot
	if f.Spaced != nil {
		l.spaced = *f.Spaced
	}
	for _, s := range []struct {
		v   string
		dst *bool
		grp bool
	}{{f.AmbiguousDot, &l.dotGroup, true}, {f.AmbiguousComma, &l.commaDec, false}} {
		switch s.v {
		case "":
		case "group":
			*s.dst = s.grp
		case "decimal":
			*s.dst = !s.grp
		default:
			return nil, &lineErr{key: s.v, msg: fmt.Sprintf("separator reading %q: want group or decimal", s.v)}
		}
	}
	if f.AmbiguousDot != "" && f.AmbiguousDot == f.AmbiguousComma {
		return nil, &lineErr{key: "ambiguous_comma", msg: "'.' and ',' cannot both be " + f.AmbiguousDot}
	}
	c := &compiler{b: newTrieBuilder()}
	srcs := []*file{und}
	if !isUnd {
		srcs = append(srcs, f)
	}
	for _, s := range srcs {
		if err := c.addFile(s, l); err != nil {
			return nil, err
		}
	}
	l.t = c.b.freeze()
	l.t.cls = cls
	l.entries = c.entries
	for k := range l.entries {
		e := &l.entries[k]
		e.unitKind, e.unitBeforeKind, e.classifierKind = l.unitKinds[e.unit], l.unitKinds[e.unitBefore], l.unitKinds[e.classifier]
	}
	seen := map[string]bool{}
	for _, ke := range c.keys {
		if !seen[ke.key] {
			seen[ke.key] = true
			l.keys = append(l.keys, ke)
		}
	}
	return l, nil
}

func (c *compiler) list(ps []string, cat uint32) error {
	for _, p := range ps {
		if err := c.add(p, cat, func(*entry) {}); err != nil {
			return err
		}
	}
	return nil
}

func (c *compiler) units(m map[string][]string, cat uint32, l *Lang, set func(*entry, string)) error {
	owner := map[string]string{}
	for _, u := range sortedKeys(m) {
		ps := m[u]
		for _, p := range ps {
			k := strings.ToLower(strings.Join(strings.Fields(p), " "))
			if prev, ok := owner[k]; ok && prev != u {
				return &lineErr{key: p, msg: fmt.Sprintf("phrase %q means both %s and %s", p, prev, u)}
			}
			owner[k] = u
		}
		if !validUnit(u) {
			return &lineErr{key: u, msg: fmt.Sprintf("unit %q: want lower-case English snake_case", u)}
		}
		for _, p := range ps {
			if err := c.add(p, cat, func(e *entry) { set(e, u) }); err != nil {
				return err
			}
		}
	}
	return nil
}

func validUnit(u string) bool {
	if u == "" {
		return false
	}
	for _, r := range u {
		if !(r >= 'a' && r <= 'z' || r == '_' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func (c *compiler) addFile(f *file, l *Lang) error {
	for _, p := range f.OrdinalBefore {
		l.ordBefore = append(l.ordBefore, norm.NFC.String(strings.TrimSpace(p)))
	}
	for _, cl := range f.Clitics {
		cl = norm.NFC.String(cl)
		l.clitics = append(l.clitics, cl)
		if cl != "" {
			b := cl[len(cl)-1]
			l.cliticsEnding[b] = append(l.cliticsEnding[b], cl)
		}
	}
	steps := []error{
		c.list(f.Percent, catPercent),
		c.list(f.PercentBefore, catPercentBefore),
		c.list(f.TimeOfDay, catTimeOfDay),
		c.list(f.Joiners, catJoiner),
		c.list(f.MonthPrefix, catMonthPrefix),
		c.list(f.DayPrefix, catDayPrefix),
		c.list(f.YearBefore, catYearBefore),
		c.list(f.YearAfter, catYearAfter),
		c.list(f.RangeTo, catRangeTo),
		c.list(f.Partitive, catPartitive),
		c.list(f.OrdinalBefore, catOrdBefore),
		c.list(f.OrdinalSuffix, catOrdSuffix),
		c.list(f.NumberMarkers, catMarker),
		c.list(f.Model, catModel),
		c.list(f.DateMarkers["year"], catDateYear),
		c.list(f.DateMarkers["month"], catDateMonth),
		c.list(f.DateMarkers["day"], catDateDay),
	}
	for k := range f.DateMarkers {
		if k != "year" && k != "month" && k != "day" {
			return &lineErr{key: k, msg: fmt.Sprintf("date_markers: unknown part %q", k)}
		}
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	// One phrase has one meaning, before or after the number.
	qualOf := map[string]string{}
	for _, side := range []struct {
		m   map[string][]string
		cat uint32
	}{{f.Qualifiers, catQual}, {f.QualifiersAfter, catQualAfter}} {
		for _, q := range sortedKeys(side.m) {
			qq, ok := stages.ParseQualifier(q)
			if !ok || qq == stages.QualNone {
				return &lineErr{key: q, msg: fmt.Sprintf("unknown qualifier %q", q)}
			}
			for _, p := range side.m[q] {
				k := strings.ToLower(strings.Join(strings.Fields(p), " "))
				if prev, ok := qualOf[k]; ok && prev != q {
					return &lineErr{key: p, msg: fmt.Sprintf("phrase %q is both %s and %s", p, prev, q)}
				}
				qualOf[k] = q
				if err := c.add(p, side.cat, func(e *entry) { e.qual = qq }); err != nil {
					return err
				}
			}
		}
	}
	words := []struct {
		m    map[string]float64
		kind int
	}{{f.Cardinals, wCard}, {f.WeakCardinals, wWeak}, {f.Ordinals, wOrd}}
	for _, w := range words {
		for p, v := range w.m {
			if v < 0 || v > 1e12 {
				return &lineErr{key: p, msg: fmt.Sprintf("number word %q: value %v out of range", p, v)}
			}
			kind := w.kind
			var clash error
			if err := c.add(p, catWord, func(e *entry) {
				if e.wkind != 0 && (e.wkind != kind || e.val != v) && clash == nil {
					clash = &lineErr{key: p, msg: fmt.Sprintf("number word %q defined twice", p)}
				}
				e.wkind, e.val = kind, v
			}); err != nil {
				return err
			}
			if clash != nil {
				return clash
			}
		}
	}
	for p, x := range f.Scales {
		if x < 1 || x > 15 {
			return &lineErr{key: p, msg: fmt.Sprintf("scale %q: power of ten %d out of range 1..15", p, x)}
		}
		if err := c.add(p, catWord, func(e *entry) { e.wkind, e.exp = wScale, x }); err != nil {
			return err
		}
	}
	for p, m := range f.Months {
		if m < 1 || m > 12 {
			return &lineErr{key: p, msg: fmt.Sprintf("month %q: %d not in 1..12", p, m)}
		}
		if err := c.add(p, catMonth, func(e *entry) { e.month = m }); err != nil {
			return err
		}
	}
	for p, y := range f.Eras {
		if err := c.add(p, catEra, func(e *entry) { e.era = y }); err != nil {
			return err
		}
	}
	if err := c.units(f.Units, catUnit, l, func(e *entry, u string) { e.unit = u }); err != nil {
		return err
	}
	if err := c.units(f.UnitsBefore, catUnitBefore, l, func(e *entry, u string) { e.unitBefore = u }); err != nil {
		return err
	}
	if err := c.units(f.Classifiers, catClassifier, l, func(e *entry, u string) { e.classifier = u }); err != nil {
		return err
	}
	if err := c.units(f.OrdinalUnits, catOrdUnit, l, func(e *entry, u string) { e.ordUnit = u }); err != nil {
		return err
	}
	if err := c.units(f.Identifiers, catIdent, l, func(e *entry, u string) { e.ident = u }); err != nil {
		return err
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// automaton returns the language's automaton, building it on first use.
func (l *Lang) automaton() *automaton {
	l.acOnce.Do(func() { l.ac = newAutomaton(l.keys, &l.t, l.spaced, l.clitics, l.cls) })
	return l.ac
}
