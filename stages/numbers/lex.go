package numbers

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// digitVal returns the value of the decimal digit starting at s[i] and its
// width, or -1. Any Unicode decimal digit counts: its value is the offset
// from the zero of its block, so no table of scripts is needed.
func digitVal(s string, i int) (int, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		if c >= '0' && c <= '9' {
			return int(c - '0'), 1
		}
		return -1, 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return digitValue(r), w
}

// digitValue returns the value of the decimal digit r, or -1.
func digitValue(r rune) int {
	// The digits and letters of the scripts these pages are written in
	// first: the Unicode table behind the general answer is searched per
	// call.
	switch {
	case r < 0x660: // ASCII digits are read by the callers
		return -1
	case r <= 0x669, r >= 0x6F0 && r <= 0x6F9, r >= 0xE50 && r <= 0xE59, r >= 0xFF10 && r <= 0xFF19:
		return int(r & 0xF) // Arabic-Indic, Persian, Thai, full-width: the zero ends in 0
	case r < 0x6F0, r >= 0xE00 && r < 0xE50, r >= 0x4E00 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7A3:
		return -1
	}
	if !unicode.Is(unicode.Nd, r) {
		return -1
	}
	// Nd runs are contiguous sets of ten, each starting at a zero, so the
	// offset from the start of the run gives the value.
	z := r
	for k := 0; k < 60 && unicode.Is(unicode.Nd, z-1); k++ {
		z--
	}
	return int(r-z) % 10
}

// group is a run of digits in a numeric literal.
type group struct {
	start, end int
	n          int // digits
}

// sepKind classifies the separator between two groups.
type sepKind uint8

const (
	sepComma sepKind = iota + 1
	sepDot
	sepSpace    // space, U+00A0, U+202F: grouping only
	sepApos     // ' or ’: grouping only
	sepArGroup  // U+066C
	sepArDecima // U+066B
)

// sepAt returns the separator kind and width at s[i], or 0.
func sepAt(s string, i int) (sepKind, int) {
	switch c := s[i]; c {
	case ',':
		return sepComma, 1
	case '.':
		return sepDot, 1
	case ' ':
		return sepSpace, 1
	case '\'':
		return sepApos, 1
	case 0xC2:
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return sepSpace, 2
		}
	case 0xE2:
		if i+2 < len(s) && s[i+1] == 0x80 {
			switch s[i+2] {
			case 0xAF, 0x89: // U+202F, U+2009
				return sepSpace, 3
			case 0x99: // U+2019
				return sepApos, 3
			}
		}
	case 0xD9:
		if i+1 < len(s) {
			switch s[i+1] {
			case 0xAC:
				return sepArGroup, 2
			case 0xAB:
				return sepArDecima, 2
			}
		}
	}
	return 0, 0
}

// literal is a lexed numeric literal: digit groups and the separators
// between them, before interpretation.
type literal struct {
	g    [8]group
	sep  [8]sepKind // sep[k] sits between g[k] and g[k+1]
	ng   int
	sepW [8]int
}

// lexLiteral reads digit groups joined by separators from s[i], where a
// digit starts.
func lexLiteral(s string, i int, lit *literal) {
	lit.ng = 0
	j := i
	for lit.ng < len(lit.g) {
		st := j
		n := 0
		for j < len(s) {
			v, w := digitVal(s, j)
			if v < 0 {
				break
			}
			j += w
			n++
		}
		lit.g[lit.ng] = group{st, j, n}
		lit.ng++
		if j >= len(s) || lit.ng == len(lit.g) {
			return
		}
		k, w := sepAt(s, j)
		if k == 0 || j+w >= len(s) {
			return
		}
		if v, _ := digitVal(s, j+w); v < 0 {
			return
		}
		lit.sep[lit.ng-1] = k
		lit.sepW[lit.ng-1] = w
		j += w
	}
}

// numVal is an interpreted literal.
type numVal struct {
	end     int     // byte end of the accepted part
	v       float64 // value
	plain   bool    // digits only, no separator
	ndig    int     // digits of a plain literal
	grouped bool
	frac    bool
}

// interpret reads the first ng groups of lit as one number, with the
// language deciding a lone '.' or ',' before three digits. It returns ok
// false when the groups do not form a number.
func interpret(s string, lit *literal, ng int, l *Lang) (numVal, bool) {
	if ng == 1 {
		g := lit.g[0]
		return numVal{end: g.end, v: digitsValue(s, g.start, g.end, 0), plain: true, ndig: g.n}, true
	}
	nseps := ng - 1
	var cnt [8]int
	for k := 0; k < nseps; k++ {
		cnt[lit.sep[k]]++
	}
	last := lit.sep[nseps-1]
	dec := sepKind(0)
	switch {
	case cnt[sepArDecima] > 0:
		dec = sepArDecima
	case cnt[sepComma] > 0 && cnt[sepDot] > 0:
		if cnt[last] == 1 && (last == sepComma || last == sepDot) {
			dec = last
		}
	case cnt[sepComma] == 1 || cnt[sepDot] == 1:
		if last == sepComma || last == sepDot {
			after, before := lit.g[nseps], lit.g[nseps-1]
			leadZero := nseps == 1 && before.n == 1 && digitsValue(s, before.start, before.end, 0) == 0
			switch {
			case after.n != 3 || leadZero || (nseps == 1 && before.n > 3):
				dec = last
			case last == sepDot && !l.dotGroup:
				dec = last
			case last == sepComma && l.commaDec:
				dec = last
			}
		}
	}
	if dec != 0 && last != dec {
		return numVal{}, false
	}
	intGroups := ng
	if dec != 0 {
		intGroups = ng - 1
	}
	// Group separators: one kind only, groups of three after a head of 1-3.
	var gsep sepKind
	for k := 0; k < intGroups-1; k++ {
		sk := lit.sep[k]
		if sk == sepArDecima || (gsep != 0 && sk != gsep) {
			return numVal{}, false
		}
		gsep = sk
		if lit.g[k+1].n != 3 || (k == 0 && lit.g[0].n > 3) {
			return numVal{}, false
		}
	}
	v := 0.0
	for k := 0; k < intGroups; k++ {
		v = v*math.Pow10(lit.g[k].n) + digitsValue(s, lit.g[k].start, lit.g[k].end, 0)
	}
	nv := numVal{end: lit.g[ng-1].end, grouped: intGroups > 1}
	if dec != 0 {
		g := lit.g[ng-1]
		v += digitsValue(s, g.start, g.end, 0) / math.Pow10(g.n)
		nv.frac = true
	}
	nv.v = v
	return nv, true
}

// digitsValue returns the integer value of the digits in s[i:j].
func digitsValue(s string, i, j int, acc float64) float64 {
	for i < j {
		d, w := digitVal(s, i)
		if d < 0 {
			break
		}
		acc = acc*10 + float64(d)
		i += w
	}
	return acc
}
