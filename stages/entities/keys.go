package entities

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// A phonetic key reduces a name to consonant classes (P F M N T S K H L),
// dropping vowels, glides and r-sounds on which scripts disagree, so that
// "Tuyen Quang", "توين كوانج", "Туенкуанг" and "เตวียนกวาง" all give TNKN.
// The fine key also keeps three vowel classes (A I U) and r; it is precise
// enough to read a single syllable back. Graphemes come from und.yaml per
// Unicode script; "$" marks a word-final grapheme, and "<"/">" a Hangul
// leading/final consonant after the syllable block is decomposed.

type graph struct {
	alts []string
}

type scriptKeys struct {
	table    *unicode.RangeTable
	cased    bool
	any, end trie // grapheme -> index into g (coarse)
	fany     trie // fine-mode overrides
	g        []graph
	fineG    []graph
	vowels   map[rune]byte
	hangul   bool
	runs     bool // key runs of this script in unspaced text
}

type keyer struct {
	scripts []*scriptKeys
	names   []string
	bmp     []uint8 // scriptOf for U+0000..U+FFFF as index+1; nil until built
}

func newKeyer(files map[string]scriptFile, lx *Lexicon) (*keyer, error) {
	k := &keyer{}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		sf := files[name]
		rt, ok := unicode.Scripts[name]
		if !ok {
			return nil, fmt.Errorf("%s/und.yaml: scripts: %q is not a Unicode script name", lexDir, name)
		}
		sk := &scriptKeys{table: rt, cased: sf.Cased, vowels: map[rune]byte{}, hangul: name == "Hangul", runs: sf.Runs}
		add := func(t *trie, gs *[]graph, g, v string, classes string) error {
			for _, a := range strings.Split(v, "|") {
				for _, c := range a {
					if !strings.ContainsRune(classes, c) {
						return fmt.Errorf("%s/und.yaml: scripts.%s: %q -> %q: unknown class %q", lexDir, name, g, v, c)
					}
				}
			}
			*gs = append(*gs, graph{alts: strings.Split(v, "|")})
			t.insert([]rune(lx.foldString(g)), int32(len(*gs)-1))
			return nil
		}
		for g, v := range sf.Keys {
			if g == "" {
				return nil, fmt.Errorf("%s/und.yaml: scripts.%s: empty grapheme", lexDir, name)
			}
			var err error
			if strings.HasSuffix(g, "$") && len(g) > 1 {
				err = add(&sk.end, &sk.g, strings.TrimSuffix(g, "$"), v, "PFMNTSKHLR")
			} else {
				err = add(&sk.any, &sk.g, g, v, "PFMNTSKHLR")
			}
			if err != nil {
				return nil, err
			}
		}
		for g, v := range sf.Fine {
			if err := add(&sk.fany, &sk.fineG, g, v, "PFMNTSKHLRAIU"); err != nil {
				return nil, err
			}
		}
		for g, v := range sf.Vowels {
			r := []rune(lx.foldString(g))
			if len(r) != 1 || len(v) != 1 || !strings.Contains("AIU", v) {
				return nil, fmt.Errorf("%s/und.yaml: scripts.%s: vowel %q -> %q: want one rune to A, I or U", lexDir, name, g, v)
			}
			sk.vowels[r[0]] = v[0]
		}
		sk.any.freeze()
		sk.end.freeze()
		sk.fany.freeze()
		k.scripts = append(k.scripts, sk)
		k.names = append(k.names, name)
	}
	return k, nil
}

// scriptOf returns the key table for the script of r, or nil.
func (k *keyer) scriptOf(r rune) *scriptKeys {
	if r >= 0 && int(r) < len(k.bmp) {
		if i := k.bmp[r]; i > 0 {
			return k.scripts[i-1]
		}
		return nil
	}
	return k.slowScriptOf(r)
}

// buildScriptTable precomputes scriptOf for the Basic Multilingual Plane
// (index+1 of the script, 0 for none), when the scripts fit a byte.
func (k *keyer) buildScriptTable() {
	if len(k.scripts) > 255 {
		return
	}
	bmp := make([]uint8, 0x10000)
	for r := rune(0); r < 0x10000; r++ {
		if sk := k.slowScriptOf(r); sk != nil {
			bmp[r] = uint8(slices.Index(k.scripts, sk) + 1)
		}
	}
	k.bmp = bmp
}

func (k *keyer) slowScriptOf(r rune) *scriptKeys {
	for _, s := range k.scripts {
		if unicode.Is(s.table, r) {
			return s
		}
	}
	return nil
}

// hangulJamo decomposes a Hangul syllable into "<lead" and ">tail" markers
// followed by the compatibility jamo, by Unicode arithmetic.
func hangulJamo(r rune, out []rune) []rune {
	const leads = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
	const tails = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
	if r < 0xAC00 || r > 0xD7A3 {
		return append(out, r)
	}
	s := int(r - 0xAC00)
	li, ti := s/(21*28), s%28
	out = append(out, '<', []rune(leads)[li])
	if ti > 0 {
		out = append(out, '>', []rune(tails)[ti-1])
	}
	return out
}

// appendKey appends the primary key of the folded word w (one script) to
// dst. fine selects the finer key with vowels.
func (sk *scriptKeys) appendKey(dst []byte, w []rune, fine bool) []byte {
	if sk.hangul {
		var buf [64]rune
		d := buf[:0]
		for _, r := range w {
			d = hangulJamo(r, d)
		}
		w = d
	}
	for i := 0; i < len(w); {
		alt, n := sk.graphemeAt(w, i, fine)
		if fine && n <= 1 {
			// A vowel letter the coarse key drops (ا و ي, й) counts here.
			if v, ok := sk.vowels[w[i]]; ok {
				dst = appendClass(dst, v)
				i++
				continue
			}
		}
		if n == 0 {
			i++
			continue
		}
		for j := 0; j < len(alt); j++ {
			dst = appendClass(dst, alt[j])
		}
		i += n
	}
	return dst
}

func appendClass(dst []byte, c byte) []byte {
	if n := len(dst); n > 0 && dst[n-1] == c {
		return dst
	}
	return append(dst, c)
}

// graphemeAt returns the primary class string of the longest grapheme at
// w[i] and its length in runes.
func (sk *scriptKeys) graphemeAt(w []rune, i int, fine bool) (string, int) {
	if fine {
		if e, end := sk.fany.longest(w, i, false); e >= 0 {
			return sk.fineG[e].alts[0], end - i
		}
	}
	best, bestEnd := "", -1
	if e, end := sk.end.longest(w, i, false); e >= 0 && end == len(w) {
		best, bestEnd = sk.g[e].alts[0], end
	}
	if e, end := sk.any.longest(w, i, false); e >= 0 && end > bestEnd {
		best, bestEnd = sk.g[e].alts[0], end
	}
	if bestEnd < 0 {
		return "", 0
	}
	return best, bestEnd - i
}

// allKeys returns every key of w (all alternatives), at most limit of them.
func (sk *scriptKeys) allKeys(w []rune, fine bool, limit int) []string {
	type part struct{ alts []string }
	var parts []part
	for i := 0; i < len(w); {
		var alts []string
		n := 0
		if fine {
			if e, end := sk.fany.longest(w, i, false); e >= 0 {
				alts, n = sk.fineG[e].alts, end-i
			}
		}
		if n == 0 {
			bestEnd := -1
			if e, end := sk.end.longest(w, i, false); e >= 0 && end == len(w) {
				alts, bestEnd = sk.g[e].alts, end
			}
			if e, end := sk.any.longest(w, i, false); e >= 0 && end > bestEnd {
				alts, bestEnd = sk.g[e].alts, end
			}
			if bestEnd > 0 {
				n = bestEnd - i
			}
		}
		if fine && n <= 1 {
			if v, ok := sk.vowels[w[i]]; ok {
				parts = append(parts, part{[]string{string(v)}})
				i++
				continue
			}
		}
		if n == 0 {
			i++
			continue
		}
		parts = append(parts, part{alts})
		i += n
	}
	keys := []string{""}
	for _, p := range parts {
		var next []string
		for _, k := range keys {
			for _, a := range p.alts {
				b := []byte(k)
				for j := 0; j < len(a); j++ {
					b = appendClass(b, a[j])
				}
				next = append(next, string(b))
				if len(next) >= limit {
					break
				}
			}
			if len(next) >= limit {
				break
			}
		}
		keys = next
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}
