package entities

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"
)

const gazDir = "gazetteer"

// Place is one gazetteer entry: a province, centrally-run city or district.
type Place struct {
	Name      string // canonical, without diacritics: the `place` value
	Vi        string // official Vietnamese spelling
	Kind      string // "province", "city" (centrally run) or "district"
	Province  string // the province it belongs to (itself for a province)
	After2025 string // the province it belongs to since 1 July 2025
}

type place struct {
	Place
	forms []string // folded renderings matched exactly
}

// keyVariant is one Latin spelling of a place as the key index sees it.
type keyVariant struct {
	place int32
	sylls int      // syllables in the spelling
	fine  []string // vowel sequences (A I U) of its fine keys
}

type provinceFile struct {
	Provinces []struct {
		Name      string              `yaml:"name"`
		Vi        string              `yaml:"vi"`
		Kind      string              `yaml:"kind"`
		After2025 string              `yaml:"after_2025"`
		Alt       []string            `yaml:"alt"`
		Domains   []string            `yaml:"domains"`
		Abbr      []string            `yaml:"abbr"`
		Names     map[string][]string `yaml:"names"`
	} `yaml:"provinces"`
}

type districtFile struct {
	Districts []struct {
		Name     string              `yaml:"name"`
		Vi       string              `yaml:"vi"`
		Province string              `yaml:"province"`
		Alt      []string            `yaml:"alt"`
		Names    map[string][]string `yaml:"names"`
	} `yaml:"districts"`
}

// Gazetteer is the compiled, immutable gazetteer of Vietnam.
type Gazetteer struct {
	places    []place
	byName    map[string]int     // canonical name -> index
	byKey     map[string][]int32 // coarse phonetic key -> variants
	keyPrefix map[string]bool    // every prefix of an indexed key
	vars      []keyVariant
	domains   map[string]int    // newspaper web domain -> province
	slugs     map[string]int    // "tuyenquang" -> province, for bao<slug> domains
	abbr      map[string]int    // dateline abbreviation -> province
	syll      map[string]string // fine key -> most frequent syllable
	latin     *scriptKeys
	exact     map[string]int // folded rendering -> place
	lx        *Lexicon
}

func loadGazetteer(fsys fs.FS, lx *Lexicon) (*Gazetteer, error) {
	g := &Gazetteer{byName: map[string]int{}, byKey: map[string][]int32{}, domains: map[string]int{},
		slugs: map[string]int{}, abbr: map[string]int{}, syll: map[string]string{}, exact: map[string]int{}, lx: lx, keyPrefix: map[string]bool{}}
	for i, n := range lx.keys.names {
		if n == "Latin" {
			g.latin = lx.keys.scripts[i]
		}
	}
	if g.latin == nil {
		return nil, fmt.Errorf("%s/und.yaml: scripts: Latin keys missing", lexDir)
	}
	var pf provinceFile
	pfile := path.Join(gazDir, "provinces.yaml")
	if err := readYAML(fsys, pfile, &pf); err != nil {
		return nil, err
	}
	abbrCount := map[string]int{}
	derived := map[string]int{}
	for _, p := range pf.Provinces {
		if p.Name == "" || p.Vi == "" || (p.Kind != "province" && p.Kind != "city") {
			return nil, fmt.Errorf("%s: %q: name, vi and kind (province or city) are required", pfile, p.Name)
		}
		idx, err := g.add(lx, Place{Name: p.Name, Vi: p.Vi, Kind: p.Kind, Province: p.Name, After2025: p.After2025}, p.Alt, p.Names)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pfile, err)
		}
		for _, d := range p.Domains {
			g.domains[strings.ToLower(d)] = idx
		}
		for _, a := range p.Abbr {
			g.abbr[a] = idx
		}
		slug := strings.NewReplacer(" ", "", "-", "").Replace(strings.ToLower(p.Name))
		g.slugs[slug] = idx
		var b strings.Builder
		b.WriteByte('B')
		for _, w := range strings.Fields(strings.ReplaceAll(p.Name, "-", " ")) {
			b.WriteByte(w[0])
		}
		a := strings.ToUpper(b.String())
		abbrCount[a]++
		derived[a] = idx
	}
	// A derived abbreviation two provinces share names neither.
	for a, n := range abbrCount {
		if _, listed := g.abbr[a]; n == 1 && !listed {
			g.abbr[a] = derived[a]
		}
	}
	for _, p := range g.places {
		if _, ok := g.byName[p.After2025]; !ok {
			return nil, fmt.Errorf("%s: %s: after_2025 %q is not a province of the list", pfile, p.Name, p.After2025)
		}
		if q := g.places[g.byName[p.After2025]]; q.After2025 != q.Name {
			return nil, fmt.Errorf("%s: %s: after_2025 %q was itself merged", pfile, p.Name, p.After2025)
		}
	}
	var df districtFile
	dfile := path.Join(gazDir, "districts.yaml")
	if err := readYAML(fsys, dfile, &df); err != nil {
		return nil, err
	}
	for _, d := range df.Districts {
		pi, ok := g.byName[d.Province]
		if !ok || d.Vi == "" {
			return nil, fmt.Errorf("%s: %s: vi and a known province are required", dfile, d.Name)
		}
		if _, err := g.add(lx, Place{Name: d.Name, Vi: d.Vi, Kind: "district", Province: d.Province, After2025: g.places[pi].After2025}, d.Alt, d.Names); err != nil {
			return nil, fmt.Errorf("%s: %w", dfile, err)
		}
	}
	if err := g.loadSyllables(fsys, lx); err != nil {
		return nil, err
	}
	return g, nil
}

func (g *Gazetteer) add(lx *Lexicon, p Place, alt []string, names map[string][]string) (int, error) {
	if _, dup := g.byName[p.Name]; dup {
		return 0, fmt.Errorf("%s listed twice", p.Name)
	}
	idx := len(g.places)
	pl := place{Place: p}
	seen := map[string]bool{}
	addForm := func(s string) {
		f := lx.foldString(s)
		if f != "" && !seen[f] {
			seen[f] = true
			pl.forms = append(pl.forms, f)
		}
	}
	latin := append([]string{p.Name, p.Vi}, alt...)
	for _, s := range latin {
		addForm(s)
		// "Ba Ria - Vung Tau" is also written without the dash.
		addForm(strings.NewReplacer("-", " ", "–", " ").Replace(s))
	}
	langs := make([]string, 0, len(names))
	for l := range names {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, l := range langs {
		for _, s := range names[l] {
			addForm(s)
		}
	}
	g.places = append(g.places, pl)
	g.byName[p.Name] = idx
	for _, f := range pl.forms {
		if _, ok := g.exact[f]; !ok {
			g.exact[f] = idx
		}
	}
	// Syllables are counted as vowel groups of the canonical name, so that
	// "Dalat" and "Da Lat" both have two.
	var fb []byte
	fb = g.latin.appendKey(fb, []rune(lx.foldString(p.Name)), true)
	sylls := 0
	for i := 0; i < len(fb); i++ {
		if strings.IndexByte("AIU", fb[i]) >= 0 && (i == 0 || strings.IndexByte("AIU", fb[i-1]) < 0) {
			sylls++
		}
	}
	for _, s := range latin {
		w := []rune(lx.foldString(s))
		v := keyVariant{place: int32(idx), sylls: sylls}
		for _, k := range g.latin.allKeys(w, true, 16) {
			v.fine = append(v.fine, vowelsOf(k))
		}
		vi := int32(len(g.vars))
		g.vars = append(g.vars, v)
		for _, k := range g.latin.allKeys(w, false, 16) {
			if len(k) >= 3 {
				g.byKey[k] = append(g.byKey[k], vi)
				for j := 1; j <= len(k); j++ {
					g.keyPrefix[k[:j]] = true
				}
			}
		}
	}
	return idx, nil
}

func (g *Gazetteer) loadSyllables(fsys fs.FS, lx *Lexicon) error {
	name := path.Join(gazDir, "syllables.txt")
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	line := 0
	var sylls []string
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.HasPrefix(t, "#") {
			continue
		}
		for _, w := range strings.Fields(t) {
			for _, r := range w {
				if r < 'a' || r > 'z' {
					return fmt.Errorf("%s:%d: %q: syllables are lower-case ASCII", name, line, w)
				}
			}
			sylls = append(sylls, w)
		}
	}
	// Syllables of the gazetteer's own names come after the listed ones.
	for _, p := range g.places {
		for _, w := range strings.Fields(strings.ToLower(p.Name)) {
			if w != "-" {
				sylls = append(sylls, w)
			}
		}
	}
	for _, s := range sylls {
		for _, k := range g.latin.allKeys([]rune(s), true, 8) {
			if _, ok := g.syll[k]; !ok {
				g.syll[k] = s
			}
		}
	}
	return nil
}

// Lookup returns the place with the canonical name.
func (g *Gazetteer) Lookup(name string) (Place, bool) {
	i, ok := g.byName[name]
	if !ok {
		return Place{}, false
	}
	return g.places[i].Place, true
}

// Provinces returns the provinces and centrally-run cities in list order.
func (g *Gazetteer) Provinces() []Place {
	var out []Place
	for _, p := range g.places {
		if p.Kind != "district" {
			out = append(out, p.Place)
		}
	}
	return out
}

// provinceOfHost returns the province whose newspaper or portal publishes on host.
func (g *Gazetteer) provinceOfHost(host string) (int, bool) {
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	if i, ok := g.domains[host]; ok {
		return i, true
	}
	// Provincial portals use the province as first label: hatinh.dcs.vn.
	if label, _, _ := strings.Cut(host, "."); label != host {
		if i, ok := g.slugs[label]; ok {
			return i, true
		}
	}
	if rest, ok := strings.CutPrefix(host, "bao"); ok {
		slug, _, _ := strings.Cut(rest, ".")
		if i, ok := g.slugs[slug]; ok {
			return i, true
		}
	}
	return 0, false
}

// titleSyllables joins syllables as a place name: "Mai Phu".
func titleSyllables(s []string) string {
	var b strings.Builder
	for i, w := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// vowelsOf keeps the vowel classes of a fine key.
func vowelsOf(k string) string {
	var b strings.Builder
	for i := 0; i < len(k); i++ {
		if c := k[i]; c == 'A' || c == 'I' || c == 'U' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// vowelsFit reports whether the vowels of a text's fine key appear, in
// order, among the vowels of one of the place's spellings: scripts leave
// vowels out, but do not invent them.
func vowelsFit(text []byte, fines []string) bool {
	for _, f := range fines {
		j := 0
		ok := true
		for i := 0; i < len(text) && ok; i++ {
			c := text[i]
			if c != 'A' && c != 'I' && c != 'U' {
				continue
			}
			for j < len(f) && f[j] != c {
				j++
			}
			if j == len(f) {
				ok = false
			}
			j++
		}
		if ok {
			return true
		}
	}
	return false
}

// Resolve finds the place a name refers to, in any script: a listed
// rendering first, then the phonetic key with vowels that fit.
func (g *Gazetteer) Resolve(name string) (Place, bool) {
	f := g.lx.foldString(name)
	if i, ok := g.exact[f]; ok {
		return g.places[i].Place, true
	}
	w := []rune(f)
	if len(w) == 0 {
		return Place{}, false
	}
	var sk *scriptKeys
	for _, r := range w {
		if unicode.IsLetter(r) {
			sk = g.lx.keys.scriptOf(r)
			break
		}
	}
	if sk == nil {
		return Place{}, false
	}
	var key, fine []byte
	for _, word := range strings.Fields(f) {
		key = sk.appendKey(key, []rune(word), false)
		fine = sk.appendKey(fine, []rune(word), true)
	}
	for _, vi := range g.byKey[string(key)] {
		if v := &g.vars[vi]; vowelsFit(fine, v.fine) {
			return g.places[v.place].Place, true
		}
	}
	return Place{}, false
}

// Renderings returns every listed spelling of a place, as written in the data.
func (g *Gazetteer) Renderings(name string) []string {
	i, ok := g.byName[name]
	if !ok {
		return nil
	}
	return slices.Clone(g.places[i].forms)
}
