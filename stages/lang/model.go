package lang

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// The trigram model is whatlanggo's: for the script that dominates the
// sample, each language's profile (its 300 most frequent trigrams, in rank
// order) is compared with the sample's trigrams ranked by frequency; the
// language with the smallest total rank distance wins. The profiles are data
// (ModelFile, generated from the module's source); scoring them here avoids
// the module's per-call string maps and reflective stable sort, which cost
// about a microsecond per byte of sample.

// maxRankDistance is the distance charged for a profile trigram absent from
// the sample; a profile matching nothing scores maxRankDistance² and leaves
// the language unknown.
const maxRankDistance = 300

// model scores the languages of one script.
type model struct {
	script string
	iso3   []string // per language
	iso1   []string // per language; "" when the profile names none
	size   []int    // profile length per language
	// post lists, per trigram, the languages whose profile holds it and its
	// rank there.
	post map[trigram][]posting
}

type posting struct {
	lang int16
	rank int16
}

// trigram packs three runes, first rune highest, so that ordering keys
// orders the trigrams' strings.
type trigram uint64

func makeTrigram(a, b, c rune) trigram {
	return trigram(uint64(a)<<42 | uint64(b)<<21 | uint64(c))
}

// loadModels reads ModelFile: script, ISO 639-3, ISO 639-1 (may be empty)
// and the profile's trigrams separated by "|", tab-separated, one language
// per line.
func loadModels(fsys fs.FS, file string) (map[string]*model, error) {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	out := map[string]*model{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("%s:%d: want 4 tab-separated fields, have %d", file, ln, len(f))
		}
		script, iso3, iso1 := f[0], f[1], f[2]
		if _, ok := unicode.Scripts[script]; !ok {
			return nil, fmt.Errorf("%s:%d: %q is not a Unicode script name", file, ln, script)
		}
		if len(iso3) != 3 {
			return nil, fmt.Errorf("%s:%d: %q is not an ISO 639-3 code", file, ln, iso3)
		}
		if iso1 != "" {
			if base, err := language.ParseBase(iso1); err != nil || base.String() != iso1 {
				return nil, fmt.Errorf("%s:%d: %q is not an ISO 639-1 code", file, ln, iso1)
			}
		}
		m := out[script]
		if m == nil {
			m = &model{script: script, post: map[trigram][]posting{}}
			out[script] = m
		}
		if slices.Contains(m.iso3, iso3) {
			return nil, fmt.Errorf("%s:%d: %s: second profile for %s", file, ln, script, iso3)
		}
		lang := len(m.iso3)
		tris := strings.Split(f[3], "|")
		if len(tris) > maxRankDistance {
			return nil, fmt.Errorf("%s:%d: %s: %d trigrams, at most %d", file, ln, iso3, len(tris), maxRankDistance)
		}
		for rank, t := range tris {
			var r [3]rune
			n := 0
			for _, c := range t {
				if n < 3 {
					r[n] = c
				}
				n++
			}
			if n != 3 || !utf8.ValidString(t) {
				return nil, fmt.Errorf("%s:%d: %s: %q is not three characters", file, ln, iso3, t)
			}
			k := makeTrigram(r[0], r[1], r[2])
			m.post[k] = append(m.post[k], posting{lang: int16(lang), rank: int16(rank)})
		}
		m.iso3 = append(m.iso3, iso3)
		m.iso1 = append(m.iso1, iso1)
		m.size = append(m.size, len(tris))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no profiles", file)
	}
	return out, nil
}

// isStopChar reports the runes the model reads as a space.
func isStopChar(r rune) bool {
	return unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r)
}

// detect returns the index of the best language for text, or -1 when no
// profile trigram occurs in it; tie reports another language as close.
func (m *model) detect(text string, info *runeInfo) (best int, tie bool) {
	if len(m.iso3) == 1 {
		return 0, false
	}
	// The sample's trigrams: stop characters are spaces, letters lower
	// case, one space after the text, and no trigram of a space between
	// spaces or with a space in the middle next to a space.
	keys := make([]trigram, 0, len(text)+1)
	r1, r2 := ' ', rune(-1)
	add := func(r3 rune) {
		if r2 >= 0 && !(r2 == ' ' && (r1 == ' ' || r3 == ' ')) {
			keys = append(keys, makeTrigram(r1, r2, r3))
		}
		if r2 >= 0 {
			r1 = r2
		}
		r2 = r3
	}
	for _, r := range text {
		if info.stop(r) {
			r = ' '
		}
		add(unicode.ToLower(r))
	}
	add(' ')
	slices.Sort(keys)
	// Deduplicate in place, counting; then rank by a counting sort on the
	// counts, walking the keys from the greatest so that, of equal counts,
	// the greater trigram ranks first.
	counts := make([]int32, 0, len(keys))
	u := keys[:0]
	maxN := int32(0)
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		n := int32(j - i)
		u = append(u, keys[i])
		counts = append(counts, n)
		maxN = max(maxN, n)
		i = j
	}
	next := make([]int, maxN+2) // next[n]: the next rank for a count of n
	for _, n := range counts {
		next[n]++
	}
	for n, acc := maxN, 0; n >= 1; n-- {
		acc, next[n] = acc+next[n], acc
	}
	dist := make([]int, len(m.iso3))
	for l, n := range m.size {
		dist[l] = n * maxRankDistance
	}
	for i := len(u) - 1; i >= 0; i-- {
		pos := next[counts[i]]
		next[counts[i]]++
		for _, p := range m.post[u[i]] {
			d := pos - int(p.rank)
			if d < 0 {
				d = -d
			}
			dist[p.lang] += d - maxRankDistance
		}
	}
	best = 0
	for l := 1; l < len(dist); l++ {
		switch {
		case dist[l] < dist[best]:
			best, tie = l, false
		case dist[l] == dist[best]:
			tie = true
		}
	}
	if dist[best] >= maxRankDistance*maxRankDistance {
		return -1, false
	}
	return best, tie
}

// Rune facts of the Basic Multilingual Plane for the detector's loops:
// the script index plus one (0: none of the configured scripts) in the low
// byte, and these flags. Filled from the Unicode tables' ranges in New, so
// that each rune costs one lookup instead of several table searches.
const (
	infoStop   uint16 = 1 << 8
	infoLetter uint16 = 1 << 9
)

type runeInfo [0x10000]uint16

func newRuneInfo(scripts []*unicode.RangeTable) *runeInfo {
	t := new(runeInfo)
	for _, rt := range []*unicode.RangeTable{unicode.S, unicode.P, unicode.Nd, unicode.White_Space} {
		eachBMP(rt, func(r rune) { t[r] |= infoStop })
	}
	eachBMP(unicode.Letter, func(r rune) { t[r] |= infoLetter })
	// Earlier scripts win, as in countScripts' search.
	for k := len(scripts) - 1; k >= 0; k-- {
		eachBMP(scripts[k], func(r rune) { t[r] = t[r]&^0xFF | uint16(k+1) })
	}
	return t
}

func eachBMP(rt *unicode.RangeTable, f func(rune)) {
	for _, r := range rt.R16 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			f(c)
		}
	}
	for _, r := range rt.R32 {
		for c := rune(r.Lo); c <= rune(r.Hi) && c < 0x10000; c += rune(r.Stride) {
			f(c)
		}
	}
}

// stop is isStopChar by table.
func (t *runeInfo) stop(r rune) bool {
	if r < 0x10000 {
		return t[r]&infoStop != 0
	}
	return isStopChar(r)
}
