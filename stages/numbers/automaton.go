package numbers

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The automaton finds, in one pass over a body, every lexicon phrase and
// every place the scanner must look at: digits of any script, capitals that
// may open a Roman numeral, URL openings. It is an Aho–Corasick automaton
// over bytes, resolved into a dense table so that a byte costs one load.
// The table's cells are 16 bits, and the states that end a pattern are
// numbered last, so that one comparison tells them. A key's space matches
// any run of horizontal white space: a state reached through a space or a
// tab loops on both. The pass reads the wide spaces (U+00A0, U+202F,
// U+2000–U+200B) as runs of plain spaces.

// What a pattern stands for.
const (
	patPhrase = iota // a lexicon key
	patStem          // a key's part before its '*': the trie finishes it
	patDigit         // one decimal digit
	patRoman         // a capital that may open a Roman numeral
	patURL           // "http://", "https://", "www."
	patClitic        // a clitic: where it ends a phrase may start
)

type pattern struct {
	key   string
	entry int32 // patPhrase: index into the language's entries; patStem: the stem's trie node
	kind  uint8
	space bool  // the key holds a space: its start is found by matching back
	first uint8 // the class of its first rune
	// literal is set for a key with a space that, found as written, matches
	// back to its own start: text holding it as written needs no matching
	// back.
	literal bool
}

type automaton struct {
	// The next state of state s on byte c is delta[s<<8|c]: a row per
	// state, so that a step needs no class lookup and no multiplication.
	// States from firstOut on end patterns: the first is outs[s-firstOut],
	// the next of each at its more.
	delta    []uint16
	firstOut int32
	outs     []out
	pats     []pattern
	// resets marks the bytes after which the automaton stands in state 0
	// whatever it read before: where a stream of the pass may start.
	resets [256]bool
}

// out is a pattern as the pass reads it. A state's first pattern stands at
// an index the state gives, so that most reports read one out and no list.
type out struct {
	entry   int32 // as in pattern
	pat     int32 // index into pats
	more    int32 // the index of the state's next pattern, 0 after the last
	n       uint16
	kind    uint8
	space   bool
	literal bool  // as in pattern
	first   uint8 // the class of the key's first rune, which the pass would decode again
}

// keyEntry is one key variant as the trie holds it, and its entry.
type keyEntry struct {
	key   string
	entry int32
}

// newAutomaton compiles the phrases of a language, its stems and the fixed
// patterns every language shares. t is the language's trie, which finishes
// the keys of the stems. For text with spaces between words the automaton
// is anchored at word starts and at the ends of clitics.
func newAutomaton(keys []keyEntry, t *trie, spaced bool, clitics []string, cls *runeClasses) *automaton {
	var pats []pattern
	stems := map[string]bool{}
	for _, ke := range keys {
		if k := strings.IndexByte(ke.key, '*'); k >= 0 {
			stem := ke.key[:k]
			if !stems[stem] {
				stems[stem] = true
				pats = append(pats, pattern{key: stem, entry: t.nodeOf(stem), kind: patStem})
			}
			continue
		}
		pats = append(pats, pattern{key: ke.key, entry: ke.entry, kind: patPhrase})
	}
	digit := func(r rune) {
		pats = append(pats, pattern{key: string(r), entry: -1, kind: patDigit})
	}
	for _, rg := range unicode.Nd.R16 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			digit(r)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			digit(r)
		}
	}
	for _, c := range "IVXLCDM" {
		pats = append(pats, pattern{key: string(c), entry: -1, kind: patRoman})
	}
	for _, u := range []string{"http://", "https://", "www."} {
		for _, v := range []string{u, strings.ToUpper(u), strings.ToUpper(u[:1]) + u[1:]} {
			pats = append(pats, pattern{key: v, entry: -1, kind: patURL})
		}
	}
	if spaced {
		for _, c := range clitics {
			pats = append(pats, pattern{key: c, entry: -1, kind: patClitic})
		}
	}
	for i := range pats {
		pats[i].space = strings.IndexByte(pats[i].key, ' ') >= 0
		pats[i].first, _ = cls.class(pats[i].key, 0)
		pats[i].literal = pats[i].space && matchBack(pats[i].key, pats[i].key, len(pats[i].key)) == 0
	}

	// The trie, with each node's children in a map while building.
	nodes := []acNode{{next: map[byte]int32{}}}
	for id, p := range pats {
		if spaced && p.kind == patDigit && len(p.key) < 4 {
			continue // the anchored automaton tells these by decoding runes
		}
		n := int32(0)
		for i := 0; i < len(p.key); i++ {
			c := p.key[i]
			nx, ok := nodes[n].next[c]
			if !ok {
				nx = int32(len(nodes))
				nodes = append(nodes, acNode{next: map[byte]int32{}, in: c})
				nodes[n].next[c] = nx
			}
			n = nx
		}
		nodes[n].out = append(nodes[n].out, int32(id))
	}
	if spaced {
		rows, outs := anchoredRows(nodes, pats, cls)
		return assemble(pats, rows, outs)
	}

	// Failure links, breadth first; the queue is the resolution order.
	queue := []int32{0}
	for qi := 0; qi < len(queue); qi++ {
		n := queue[qi]
		cs := make([]int, 0, len(nodes[n].next))
		for c := range nodes[n].next {
			cs = append(cs, int(c))
		}
		sort.Ints(cs)
		for _, ci := range cs {
			c := byte(ci)
			ch := nodes[n].next[c]
			if n != 0 {
				f := nodes[n].fail
				for {
					if t, ok := nodes[f].next[c]; ok {
						nodes[ch].fail = t
						break
					}
					if f == 0 {
						break
					}
					f = nodes[f].fail
				}
			}
			nodes[ch].out = append(nodes[ch].out, nodes[nodes[ch].fail].out...)
			queue = append(queue, ch)
		}
	}

	// Each node's row is its failure's, with its own children on top.
	rows := make([]int32, len(nodes)*256)
	outs := make([][]int32, len(nodes))
	for _, n := range queue {
		row := rows[int(n)*256 : int(n+1)*256]
		if n != 0 {
			copy(row, rows[int(nodes[n].fail)*256:])
		}
		for c, ch := range nodes[n].next {
			row[c] = ch
		}
		if n != 0 && nodes[n].in == ' ' {
			row[' '] = n // a run of white space is one space
		}
		row['\t'] = row[' ']
		outs[n] = nodes[n].out
	}
	return assemble(pats, rows, outs)
}

// maxStates is how many states the table may have: its cells are 16 bits,
// and the pass tests four states at once with their top bits free.
const maxStates = 1 << 15

// assemble makes the automaton from the next state of every state on every
// byte (rows, 256 per state) and the patterns each state ends.
func assemble(pats []pattern, rows []int32, outs [][]int32) *automaton {
	a := &automaton{pats: pats}
	n := len(outs)
	if n > maxStates {
		// The lexicons are embedded and every one is built by the tests, so
		// this is met only by a lexicon edit that the tests reject.
		panic(fmt.Sprintf("numbers: the automaton has %d states, more than the %d its table can name", n, maxStates))
	}
	if len(outs[0]) > 0 {
		panic("numbers: the automaton's start state ends a pattern")
	}
	for c := 0; c < 256; c++ {
		resets := true
		for s := 0; s < n && resets; s++ {
			resets = rows[s*256+c] == 0
		}
		a.resets[c] = resets
	}
	// The states that end no pattern first, the start state among them
	// still 0; then the others.
	number := make([]uint16, n)
	next := 0
	for _, ends := range []bool{false, true} {
		if ends {
			a.firstOut = int32(next)
		}
		for s := range n {
			if (len(outs[s]) > 0) == ends {
				number[s] = uint16(next)
				next++
			}
		}
	}
	a.delta = make([]uint16, n<<8)
	a.outs = make([]out, n-int(a.firstOut)) // the first patterns; the rest after them
	for s := 0; s < n; s++ {
		row := a.delta[int(number[s])<<8:][:256]
		for c := range row {
			row[c] = number[rows[s*256+c]]
		}
		at := int32(number[s]) - a.firstOut
		for k, id := range outs[s] {
			if k > 0 {
				a.outs[at].more = int32(len(a.outs))
				at = int32(len(a.outs))
				a.outs = append(a.outs, out{})
			}
			p := &pats[id]
			a.outs[at] = out{entry: p.entry, pat: id, n: uint16(len(p.key)), kind: p.kind, space: p.space, literal: p.literal, first: p.first}
		}
	}
	return a
}

// matchBack returns where key starts if it ends at s[end], a key space
// matching any run of white space; -1 if it does not.
func matchBack(s, key string, end int) int {
	i := end
	for k := len(key) - 1; k >= 0; k-- {
		if key[k] == ' ' {
			j := skipWSBack(s, i)
			if j == i {
				return -1
			}
			i = j
			continue
		}
		if i == 0 || s[i-1] != key[k] {
			return -1
		}
		i--
	}
	return i
}

// prevRune returns the rune that ends at s[i] and where it starts, or
// utf8.RuneError and i at the start of s.
func prevRune(s string, i int) (rune, int) {
	if i <= 0 {
		return utf8.RuneError, i
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return rune(c), i - 1
	}
	r, w := utf8.DecodeLastRuneInString(s[:i])
	return r, i - w
}
