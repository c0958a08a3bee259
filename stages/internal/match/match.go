// Package match finds the cue words of a lexicon in text: an Aho–Corasick
// Matcher over bytes and the case folding that keeps byte offsets. The
// stages that read cue words share it.
package match

import "sort"

// Matcher finds every occurrence of a fixed set of patterns in one pass over
// the text: an Aho–Corasick automaton over bytes. It is built once per
// lexicon and is immutable, so every worker can share it.
type Matcher struct {
	// Node n's edges are edges[first[n]:first[n+1]], sorted by byte.
	first []int32
	edges []edge
	fail  []int32
	out   [][]int32  // pattern ids ending at each node, suffixes included
	lens  []int      // pattern lengths in bytes
	root  [256]int32 // the root's edges, dense: most bytes of a text leave from the root; -1 for none

	// The automaton with failure links resolved: next node of n on a byte of
	// class c is delta[n*classes+c], stored as ^node when the node ends a
	// pattern, so that the scan reads out only there. Bytes no pattern
	// contains share class 0. Nil when it would exceed maxDelta entries;
	// step and fail are used then.
	class   [256]uint16
	classes int
	delta   []int32
}

// maxDelta bounds the resolved automaton: 4 MB of transitions.
const maxDelta = 1 << 20

type edge struct {
	b  byte
	to int32
}

// New compiles patterns; empty patterns never match.
func New(patterns []string) *Matcher {
	type node struct {
		next map[byte]int32
		out  []int32
	}
	nodes := []node{{next: map[byte]int32{}}}
	m := &Matcher{lens: make([]int, len(patterns))}
	for id, p := range patterns {
		m.lens[id] = len(p)
		if p == "" {
			continue
		}
		n := int32(0)
		for i := 0; i < len(p); i++ {
			nx, ok := nodes[n].next[p[i]]
			if !ok {
				nx = int32(len(nodes))
				nodes = append(nodes, node{next: map[byte]int32{}})
				nodes[n].next[p[i]] = nx
			}
			n = nx
		}
		nodes[n].out = append(nodes[n].out, int32(id))
	}
	m.first = make([]int32, len(nodes)+1)
	for i, n := range nodes {
		m.first[i] = int32(len(m.edges))
		bs := make([]int, 0, len(n.next))
		for b := range n.next {
			bs = append(bs, int(b))
		}
		sort.Ints(bs)
		for _, b := range bs {
			m.edges = append(m.edges, edge{b: byte(b), to: n.next[byte(b)]})
		}
	}
	m.first[len(nodes)] = int32(len(m.edges))
	for b := range m.root {
		m.root[b] = -1
	}
	for _, e := range m.edges[m.first[0]:m.first[1]] {
		m.root[e.b] = e.to
	}
	m.fail = make([]int32, len(nodes))
	m.out = make([][]int32, len(nodes))
	m.out[0] = nodes[0].out
	// Breadth-first: a node's failure link is known before its children's.
	queue := []int32{0}
	for qi := 0; qi < len(queue); qi++ {
		n := queue[qi]
		for _, e := range m.edges[m.first[n]:m.first[n+1]] {
			c := e.to
			if n != 0 {
				f := m.fail[n]
				for {
					if t, ok := m.step(f, e.b); ok {
						m.fail[c] = t
						break
					}
					if f == 0 {
						break
					}
					f = m.fail[f]
				}
			}
			m.out[c] = append(append([]int32{}, nodes[c].out...), m.out[m.fail[c]]...)
			queue = append(queue, c)
		}
	}
	m.resolve(queue)
	return m
}

// resolve fills delta, visiting nodes in breadth-first order so that a
// node's failure target is resolved before the node.
func (m *Matcher) resolve(order []int32) {
	for _, e := range m.edges {
		if m.class[e.b] == 0 {
			m.classes++
			m.class[e.b] = uint16(m.classes)
		}
	}
	m.classes++ // class 0
	if len(m.fail)*m.classes > maxDelta {
		m.classes = 0
		m.class = [256]uint16{}
		return
	}
	k := m.classes
	m.delta = make([]int32, len(m.fail)*k)
	for _, n := range order {
		row := m.delta[int(n)*k : int(n)*k+k]
		if n != 0 {
			copy(row, m.delta[int(m.fail[n])*k:int(m.fail[n])*k+k])
		}
		for _, e := range m.edges[m.first[n]:m.first[n+1]] {
			to := e.to
			if len(m.out[to]) > 0 {
				to = ^to
			}
			row[m.class[e.b]] = to
		}
	}
}

// step follows the edge of n labelled b.
func (m *Matcher) step(n int32, b byte) (int32, bool) {
	if n == 0 {
		t := m.root[b]
		return t, t >= 0
	}
	es := m.edges[m.first[n]:m.first[n+1]]
	lo, hi := 0, len(es)
	for lo < hi {
		mid := (lo + hi) / 2
		if es[mid].b < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(es) && es[lo].b == b {
		return es[lo].to, true
	}
	return 0, false
}

// Each calls fn(id, start, end) for every occurrence in text, in order of end.
func (m *Matcher) Each(text string, fn func(id, start, end int)) {
	if m.delta != nil {
		k, n := int32(m.classes), int32(0)
		for i := 0; i < len(text); i++ {
			n = m.delta[n*k+int32(m.class[text[i]])]
			if n < 0 {
				n = ^n
				for _, id := range m.out[n] {
					fn(int(id), i+1-m.lens[id], i+1)
				}
			}
		}
		return
	}
	n := int32(0)
	for i := 0; i < len(text); i++ {
		b := text[i]
		for {
			if t, ok := m.step(n, b); ok {
				n = t
				break
			}
			if n == 0 {
				break
			}
			n = m.fail[n]
		}
		for _, id := range m.out[n] {
			fn(int(id), i+1-m.lens[id], i+1)
		}
	}
}
