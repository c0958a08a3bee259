package numbers

import (
	"unicode"
	"unicode/utf8"
)

// trie is a byte trie compiled from lexicon phrases. Each node's edges sit
// densely over the byte range they use in one shared array, so a step is one
// bounds check and one load: UTF-8 continuation bytes of one script cluster
// in a narrow range. A space in a key matches any run of horizontal white
// space in the text.
type trie struct {
	nodes []tnode
	edges []int32 // child index for byte lo+i of a node at off+i, 0 = none (the root is never a child)
	cls   *runeClasses
}

type tnode struct {
	off   int32 // first edge in edges
	n     uint16
	lo    byte
	entry int32 // index into the owner's entries, -1 = none
	star  int32 // child through '*', 0 = none
	space int32 // child through ' ', 0 = none
}

// trieBuilder collects keys before freezing them into a trie.
type trieBuilder struct {
	kids  []map[byte]int32
	entry []int32
}

func newTrieBuilder() *trieBuilder {
	b := &trieBuilder{}
	b.node()
	return b
}

func (b *trieBuilder) node() int32 {
	b.kids = append(b.kids, nil)
	b.entry = append(b.entry, -1)
	return int32(len(b.kids) - 1)
}

// insert adds key and returns its terminal node, so that the caller can
// attach or merge an entry.
func (b *trieBuilder) insert(key string) int32 {
	n := int32(0)
	for i := 0; i < len(key); i++ {
		c := key[i]
		if b.kids[n] == nil {
			b.kids[n] = map[byte]int32{}
		}
		k, ok := b.kids[n][c]
		if !ok {
			k = b.node()
			b.kids[n][c] = k
		}
		n = k
	}
	return n
}

func (b *trieBuilder) freeze() trie {
	t := trie{nodes: make([]tnode, len(b.kids))}
	for i, kids := range b.kids {
		nd := tnode{entry: b.entry[i]}
		if len(kids) > 0 {
			lo, hi := byte(255), byte(0)
			for c := range kids {
				lo = min(lo, c)
				hi = max(hi, c)
			}
			nd.lo, nd.n, nd.off = lo, uint16(int(hi-lo)+1), int32(len(t.edges))
			t.edges = append(t.edges, make([]int32, nd.n)...)
			for c, k := range kids {
				t.edges[int(nd.off)+int(c-lo)] = k
			}
			nd.star, nd.space = kids['*'], kids[' ']
		}
		t.nodes[i] = nd
	}
	return t
}

// spaceAt returns the length of a horizontal white-space rune at s[i], or 0.
func spaceAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch c := s[i]; {
	case c == ' ' || c == '\t':
		return 1
	case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // U+00A0
		return 2
	case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xAF || (s[i+2] >= 0x80 && s[i+2] <= 0x8B)): // U+202F, U+2000-200B
		return 3
	}
	return 0
}

// isWordRune reports whether r continues a word (letters and combining marks).
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	// The letters of the scripts these pages are written in first: the
	// Unicode tables behind the general answer are searched per call.
	switch {
	case r >= 0x400 && r <= 0x481, // Cyrillic
		r >= 0x620 && r <= 0x65F,                           // Arabic letters and harakat
		r >= 0xE01 && r <= 0xE3A, r >= 0xE40 && r <= 0xE4E, // Thai
		r >= 0x4E00 && r <= 0x9FFF, // CJK ideographs
		r >= 0xAC00 && r <= 0xD7A3: // Hangul syllables
		return true
	case r >= 0xC0 && r <= 0x24F: // Latin with diacritics
		return r != 0xD7 && r != 0xF7
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || r == 0x200C || r == 0x200D
}

// wordAt reports whether a word rune starts at s[i].
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// wordEnd returns the end of the run of word runes starting at s[i].
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			break
		}
		i += w
	}
	return i
}

// wordBefore reports whether a word rune ends at s[i].
func wordBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r)
}

// hit is a key matched in the text: where it ends and its entry.
type hit struct {
	end   int
	entry int32
}

// appendStar appends to dst the keys that go on through the '*' of node n,
// whose path spells s[i:j], not past limit. A '*' consumes the rest of the
// current word, so "член* партии" matches "членов партии". With bounded
// set, a key must end at a word boundary.
func (t *trie) appendStar(dst []hit, s string, n int32, i, j, limit int, bounded bool) []hit {
	if k := t.nodes[n].star; k != 0 {
		dst = t.walk(dst, s, k, i, t.wordRest(s, j, limit), limit, bounded)
	}
	return dst
}

// wordRest returns where the letters from j end, not past limit.
func (t *trie) wordRest(s string, j, limit int) int {
	for j < limit {
		c, w := t.cls.class(s, j)
		if c != clsLetter {
			break
		}
		j += w
	}
	return j
}

// nodeOf returns the node that key leads to from the root, or 0.
func (t *trie) nodeOf(key string) int32 {
	n := int32(0)
	for i := 0; i < len(key); i++ {
		nd := &t.nodes[n]
		k := uint(key[i]) - uint(nd.lo)
		if k >= uint(nd.n) {
			return 0
		}
		if n = t.edges[uint(nd.off)+k]; n == 0 {
			return 0
		}
	}
	return n
}

func (t *trie) walk(dst []hit, s string, n int32, i, j, limit int, bounded bool) []hit {
	for {
		nd := &t.nodes[n]
		if j > i && nd.entry >= 0 && (!bounded || !t.letterAt(s, j)) && (j >= len(s) || s[j]&0xC0 != 0x80) {
			dst = append(dst, hit{j, nd.entry})
		}
		if k := nd.star; k != 0 {
			dst = t.walk(dst, s, k, i, t.wordRest(s, j, limit), limit, bounded)
		}
		if j >= limit {
			return dst
		}
		if nd.space != 0 {
			if w := spaceAt(s, j); w > 0 {
				for j < limit && spaceAt(s, j) > 0 {
					j += spaceAt(s, j)
				}
				n = nd.space
				continue
			}
		}
		// Keys hold no white space but ' ', so a space byte in the text
		// fails the step below as it should.
		c := s[j]
		k := uint(c) - uint(nd.lo)
		if k >= uint(nd.n) {
			return dst
		}
		if n = t.edges[uint(nd.off)+k]; n == 0 {
			return dst
		}
		j++
	}
}

// letterAt reports whether a letter starts at s[i].
func (t *trie) letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c, _ := t.cls.class(s, i)
	return c == clsLetter
}
