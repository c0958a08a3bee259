package entities

import "slices"

// trie maps folded forms to entry indexes. Nodes live in one slice; each
// node's children are a small map, read-only after load.
type trie struct {
	nodes []trieNode

	// The frozen form read by longest: node n's children are
	// keys[first[n]:first[n+1]] (sorted) -> kids[...]; the root's children
	// also as a dense table over the runes rootLo..rootLo+len(root)-1 (0 for
	// none: no child is the root). first is nil until freeze, and insert
	// drops it again.
	first  []int32
	keys   []rune
	kids   []int32
	root   []int32
	rootLo rune
}

// maxRootSpan bounds the dense root table: 64K runes, 256 KB.
const maxRootSpan = 1 << 16

// freeze compiles the children maps into sorted arrays, so that a lookup
// is a short scan or a binary search instead of a map access.
func (t *trie) freeze() {
	if len(t.nodes) == 0 {
		return
	}
	t.first = make([]int32, 0, len(t.nodes)+1)
	t.keys, t.kids = t.keys[:0], t.kids[:0]
	for _, nd := range t.nodes {
		t.first = append(t.first, int32(len(t.keys)))
		lo := len(t.keys)
		for r := range nd.next {
			t.keys = append(t.keys, r)
		}
		ks := t.keys[lo:]
		slices.Sort(ks)
		for _, r := range ks {
			t.kids = append(t.kids, nd.next[r])
		}
	}
	t.first = append(t.first, int32(len(t.keys)))
	t.root = nil
	if rk := t.keys[t.first[0]:t.first[1]]; len(rk) > 8 && rk[len(rk)-1]-rk[0] < maxRootSpan {
		t.rootLo = rk[0]
		t.root = make([]int32, rk[len(rk)-1]-rk[0]+1)
		for i, r := range rk {
			t.root[r-t.rootLo] = t.kids[int(t.first[0])+i]
		}
	}
}

// child returns the child of node n along r.
func (t *trie) child(n int32, r rune) (int32, bool) {
	if t.first == nil {
		c, ok := t.nodes[n].next[r]
		return c, ok
	}
	if n == 0 && t.root != nil {
		if i := r - t.rootLo; i >= 0 && int(i) < len(t.root) {
			c := t.root[i]
			return c, c != 0
		}
		return 0, false
	}
	lo, hi := int(t.first[n]), int(t.first[n+1])
	if hi-lo <= 8 {
		for i := lo; i < hi; i++ {
			if t.keys[i] == r {
				return t.kids[i], true
			}
		}
		return 0, false
	}
	ks := t.keys[lo:hi]
	if i, ok := slices.BinarySearch(ks, r); ok {
		return t.kids[lo+i], true
	}
	return 0, false
}

type trieNode struct {
	next map[rune]int32
	val  int32 // entry index + 1, 0 when no form ends here
}

func (t *trie) insert(form []rune, v int32) {
	t.first = nil // back to the maps until the next freeze
	if len(t.nodes) == 0 {
		t.nodes = append(t.nodes, trieNode{})
	}
	n := int32(0)
	for _, r := range form {
		c, ok := t.nodes[n].next[r]
		if !ok {
			if t.nodes[n].next == nil {
				t.nodes[n].next = map[rune]int32{}
			}
			t.nodes = append(t.nodes, trieNode{})
			c = int32(len(t.nodes) - 1)
			t.nodes[n].next[r] = c
		}
		n = c
	}
	if t.nodes[n].val == 0 {
		t.nodes[n].val = v + 1
	}
}

// longest returns the entry and end of the longest form starting at s[i];
// with bound set the form must end at a word boundary. -1 when none matches.
func (t *trie) longest(s []rune, i int, bound bool) (entry int32, end int) {
	return t.longestAfter(nil, s, i, bound)
}

// longestAfter is longest for a text whose first runes were fused into a
// prefix: the form must start with lead, and the rest matches s[i:].
func (t *trie) longestAfter(lead, s []rune, i int, bound bool) (entry int32, end int) {
	entry, end = -1, -1
	if len(t.nodes) == 0 {
		return
	}
	n := int32(0)
	for _, r := range lead {
		c, found := t.child(n, r)
		if !found {
			return
		}
		n = c
	}
	for j := i; j < len(s); j++ {
		c, found := t.child(n, s[j])
		if !found {
			break
		}
		n = c
		if v := t.nodes[n].val; v != 0 && (!bound || j+1 == len(s) || !isWordRune(s[j+1])) {
			entry, end = v-1, j+1
		}
	}
	return
}
