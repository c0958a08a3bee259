package numbers

import "github.com/statharvest/statharvest/stages"

// romanValue parses an upper-case Roman numeral in canonical form (XVII,
// XIII, MMXX) and returns 0 when s is not one.
func romanValue(s string) int {
	val := func(c byte) int {
		switch c {
		case 'I':
			return 1
		case 'V':
			return 5
		case 'X':
			return 10
		case 'L':
			return 50
		case 'C':
			return 100
		case 'D':
			return 500
		case 'M':
			return 1000
		}
		return 0
	}
	total := 0
	for i := 0; i < len(s); i++ {
		v := val(s[i])
		if v == 0 {
			return 0
		}
		if i+1 < len(s) && val(s[i+1]) > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total >= 4000 || !canonicalRoman(total, s) {
		return 0
	}
	return total
}

// canonicalRoman reports whether s is the canonical spelling of n, so that
// "IIII" or "VX" are not read as numbers.
func canonicalRoman(n int, s string) bool {
	vals := [...]int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := [...]string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var buf [16]byte
	b := buf[:0]
	for i, v := range vals {
		for n >= v && len(b)+2 <= len(buf) {
			b = append(b, syms[i]...)
			n -= v
		}
	}
	return n == 0 && string(b) == s
}

// roman reads the ASCII word at [i, j) as a Roman ordinal ("Đại hội XIII",
// "khóa XII", "XVIIe congrès"). It counts only next to an ordinal cue: an
// ordered noun or an ordinal prefix right before it, or an ordered noun
// right after it.
func (s *Scanner) roman(i, j int) bool {
	k := j
	for k > i && s.src[k-1] >= 'a' && s.src[k-1] <= 'z' {
		k-- // French "XVIIe", "XXe"
	}
	if j-k > 3 {
		return false
	}
	v := romanValue(s.src[i:k])
	if v == 0 {
		return false
	}
	unit := ""
	if ou, ok := s.adjacentBefore(i, catOrdUnit); ok {
		unit = ou.e.ordUnit
	} else if ob, ok := s.adjacentBefore(i, catOrdBefore); ok {
		unit = s.ordUnit(ob.start, j, true)
	} else if ou, ok := s.afterLongest(skipWS(s.src, j), catOrdUnit); ok {
		unit = ou.e.ordUnit
	} else {
		return false
	}
	s.emit(mention{start: i, end: j, kind: stages.KindOrdinal, val: float64(v), hasVal: true, unit: unit})
	return true
}
