package kpis

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

// Paths of the data files inside the data tree.
const (
	metricsFile = "metrics.yaml"
	lexiconDir  = "lexicons/kpis"
	rootLang    = "und"
)

// langFile is the shape of lexicons/kpis/<lang>.yaml.
type langFile struct {
	AchievementAfter  []match.Cue            `yaml:"achievement_after"`
	AchievementBefore []match.Cue            `yaml:"achievement_before"`
	AchievementOf     []match.Cue            `yaml:"achievement_of"`
	PlanNouns         []match.Cue            `yaml:"plan_nouns"`
	Target            []match.Cue            `yaml:"target"`
	Filler            []match.Cue            `yaml:"filler"`
	OfTotal           []match.Cue            `yaml:"of_total"`
	OfTotalBefore     []match.Cue            `yaml:"of_total_before"`
	Aspiration        []match.Cue            `yaml:"aspiration"`
	Since             []match.Cue            `yaml:"since"`
	RangeTo           []match.Cue            `yaml:"range_to"`
	ClauseBreaks      []match.Cue            `yaml:"clause_breaks"`
	Verbs             map[string][]match.Cue `yaml:"verbs"`
}

// metricsFileShape is the shape of metrics.yaml.
type metricsFileShape struct {
	Plurals map[string]string `yaml:"plurals"`
	Metrics []struct {
		Name    string                 `yaml:"name"`
		Units   []string               `yaml:"units"`
		Refines []string               `yaml:"refines"`
		Cues    map[string][]match.Cue `yaml:"cues"`
	} `yaml:"metrics"`
}

// verbCue maps a cue to the English participle used in generic metric names.
type verbCue struct {
	cue, verb string
}

// cues is the compiled, folded cue set of one language (merged with und).
type cues struct {
	achAfter, achBefore, achOf, planNouns  []string
	target, filler, ofTotal, ofTotalBefore []string
	aspiration, since, rangeTo, breaks     []string
	verbs                                  []verbCue
}

type metric struct {
	name    string
	units   []string
	refines []string
	cues    map[string][]string // lang -> folded cues; "" holds the union
}

// Lexicon is the compiled KPI configuration. It is immutable.
type Lexicon struct {
	langs   map[string]*cues
	any     *cues // union of every language, for articles in languages without a file
	metrics []metric
	plurals map[string]string
	tables  map[string]*cueTable // metric cues per language, "" for all
}

// Load compiles metrics.yaml and lexicons/kpis/*.yaml from fsys.
func Load(fsys fs.FS) (*Lexicon, error) {
	lx := &Lexicon{langs: map[string]*cues{}, plurals: map[string]string{}}
	if err := lx.loadMetrics(fsys); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, lexiconDir)
	if err != nil {
		return nil, fmt.Errorf("kpis: %w", err)
	}
	files := map[string]*langFile{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		lang := strings.TrimSuffix(e.Name(), ".yaml")
		name := path.Join(lexiconDir, e.Name())
		if !match.ValidLang(lang) {
			return nil, fmt.Errorf("kpis: %s: file name is not a language code", name)
		}
		lf, err := readLangFile(fsys, name)
		if err != nil {
			return nil, err
		}
		files[lang] = lf
	}
	root := files[rootLang]
	if root == nil {
		root = &langFile{}
	}
	langs := make([]string, 0, len(files))
	for l := range files {
		if l != rootLang {
			langs = append(langs, l)
		}
	}
	sort.Strings(langs)
	lx.any = compile(root)
	for _, l := range langs {
		lx.langs[l] = compile(root, files[l])
		lx.any = merge(lx.any, lx.langs[l])
	}
	lx.buildTables()
	return lx, nil
}

func readLangFile(fsys fs.FS, name string) (*langFile, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("kpis: %w", err)
	}
	var lf langFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&lf); err != nil {
		return nil, fmt.Errorf("kpis: %s: %w", name, err)
	}
	lists := map[string][]match.Cue{
		"achievement_after": lf.AchievementAfter, "achievement_before": lf.AchievementBefore,
		"achievement_of": lf.AchievementOf, "plan_nouns": lf.PlanNouns,
		"target": lf.Target, "filler": lf.Filler, "of_total": lf.OfTotal, "of_total_before": lf.OfTotalBefore, "aspiration": lf.Aspiration,
		"since": lf.Since, "range_to": lf.RangeTo, "clause_breaks": lf.ClauseBreaks,
	}
	for v, cs := range lf.Verbs {
		if strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("kpis: %s: verbs: empty verb", name)
		}
		lists["verbs."+v] = cs
	}
	for field, cs := range lists {
		if err := checkCues(name, field, cs); err != nil {
			return nil, err
		}
	}
	return &lf, nil
}

// checkCues rejects empty and duplicate cues, naming file and line.
func checkCues(file, field string, cs []match.Cue) error {
	seen := map[string]int{}
	for _, c := range cs {
		if strings.TrimSpace(c.S) == "" {
			return fmt.Errorf("kpis: %s:%d: %s: empty cue", file, c.Line, field)
		}
		f := match.Fold(c.S)
		if prev, ok := seen[f]; ok {
			return fmt.Errorf("kpis: %s:%d: %s: duplicate cue %q (first on line %d)", file, c.Line, field, c.S, prev)
		}
		seen[f] = c.Line
	}
	return nil
}

func (lx *Lexicon) loadMetrics(fsys fs.FS) error {
	b, err := fs.ReadFile(fsys, metricsFile)
	if err != nil {
		return fmt.Errorf("kpis: %w", err)
	}
	var mf metricsFileShape
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&mf); err != nil {
		return fmt.Errorf("kpis: %s: %w", metricsFile, err)
	}
	for u, p := range mf.Plurals {
		lx.plurals[u] = p
	}
	names := map[string]bool{}
	for i, m := range mf.Metrics {
		if strings.TrimSpace(m.Name) == "" {
			return fmt.Errorf("kpis: %s: metric %d: empty name", metricsFile, i)
		}
		if names[m.Name] {
			return fmt.Errorf("kpis: %s: metric %q defined twice", metricsFile, m.Name)
		}
		names[m.Name] = true
		if len(m.Units) == 0 {
			return fmt.Errorf("kpis: %s: metric %q: no units", metricsFile, m.Name)
		}
		for _, r := range m.Refines {
			if !contains(m.Units, r) {
				return fmt.Errorf("kpis: %s: metric %q: refines %q, which is not among its units", metricsFile, m.Name, r)
			}
		}
		cm := metric{name: m.Name, units: m.Units, refines: m.Refines, cues: map[string][]string{}}
		langs := make([]string, 0, len(m.Cues))
		for l := range m.Cues {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		for _, l := range langs {
			if !match.ValidLang(l) {
				return fmt.Errorf("kpis: %s: metric %q: %q is not a language code", metricsFile, m.Name, l)
			}
			if err := checkCues(metricsFile, m.Name+"."+l, m.Cues[l]); err != nil {
				return err
			}
			for _, c := range m.Cues[l] {
				f := match.Fold(c.S)
				cm.cues[l] = append(cm.cues[l], f)
				cm.cues[""] = append(cm.cues[""], f)
			}
		}
		lx.metrics = append(lx.metrics, cm)
	}
	if len(lx.metrics) == 0 {
		return fmt.Errorf("kpis: %s: no metrics", metricsFile)
	}
	return nil
}

// compile folds and merges language files (und first).
func compile(files ...*langFile) *cues {
	c := &cues{}
	add := func(dst *[]string, src []match.Cue) {
		for _, s := range src {
			*dst = append(*dst, match.Fold(s.S))
		}
	}
	for _, f := range files {
		add(&c.achAfter, f.AchievementAfter)
		add(&c.achBefore, f.AchievementBefore)
		add(&c.achOf, f.AchievementOf)
		add(&c.planNouns, f.PlanNouns)
		add(&c.target, f.Target)
		add(&c.filler, f.Filler)
		add(&c.ofTotal, f.OfTotal)
		add(&c.ofTotalBefore, f.OfTotalBefore)
		add(&c.aspiration, f.Aspiration)
		add(&c.since, f.Since)
		add(&c.rangeTo, f.RangeTo)
		add(&c.breaks, f.ClauseBreaks)
		verbs := make([]string, 0, len(f.Verbs))
		for v := range f.Verbs {
			verbs = append(verbs, v)
		}
		sort.Strings(verbs)
		for _, v := range verbs {
			for _, s := range f.Verbs[v] {
				c.verbs = append(c.verbs, verbCue{cue: match.Fold(s.S), verb: v})
			}
		}
	}
	return c
}

// merge returns the union of a and b, without duplicates.
func merge(a, b *cues) *cues {
	u := func(x, y []string) []string {
		seen := map[string]bool{}
		var out []string
		for _, s := range append(append([]string{}, x...), y...) {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		return out
	}
	return &cues{
		achAfter: u(a.achAfter, b.achAfter), achBefore: u(a.achBefore, b.achBefore),
		achOf: u(a.achOf, b.achOf), planNouns: u(a.planNouns, b.planNouns),
		target: u(a.target, b.target), filler: u(a.filler, b.filler), ofTotal: u(a.ofTotal, b.ofTotal), ofTotalBefore: u(a.ofTotalBefore, b.ofTotalBefore),
		aspiration: u(a.aspiration, b.aspiration),
		since:      u(a.since, b.since), rangeTo: u(a.rangeTo, b.rangeTo), breaks: u(a.breaks, b.breaks),
		verbs: append(append([]verbCue{}, a.verbs...), b.verbs...),
	}
}

// forLang returns the cues of lang, or the union of all languages when the
// language has no file (an unseen language still gets script-specific cues).
func (lx *Lexicon) forLang(lang string) (*cues, string) {
	if c, ok := lx.langs[lang]; ok {
		return c, lang
	}
	return lx.any, ""
}

// Languages returns the language codes that have a cue file, sorted.
func (lx *Lexicon) Languages() []string {
	out := make([]string, 0, len(lx.langs))
	for l := range lx.langs {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}
