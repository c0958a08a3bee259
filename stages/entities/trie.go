package entities

// trie maps folded forms to entry indexes. Nodes live in one slice; each
// node's children are a small map, read-only after load.
type trie struct {
	nodes []trieNode
}

type trieNode struct {
	next map[rune]int32
	val  int32 // entry index + 1, 0 when no form ends here
}

func (t *trie) insert(form []rune, v int32) {
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
	entry, end = -1, -1
	if len(t.nodes) == 0 {
		return
	}
	n := int32(0)
	for j := i; j < len(s); j++ {
		c, found := t.nodes[n].next[s[j]]
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

// longestAfter is longest for a text whose first runes were fused into a
// prefix: the form must start with lead, and the rest matches s[i:].
func (t *trie) longestAfter(lead, s []rune, i int, bound bool) (entry int32, end int) {
	entry, end = -1, -1
	if len(t.nodes) == 0 {
		return
	}
	n := int32(0)
	for _, r := range lead {
		c, found := t.nodes[n].next[r]
		if !found {
			return
		}
		n = c
	}
	for j := i; j < len(s); j++ {
		c, found := t.nodes[n].next[s[j]]
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
