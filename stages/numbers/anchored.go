package numbers

import (
	"encoding/binary"
	"slices"
)

// In text whose words are separated by spaces a phrase starts only where a
// word does: after a rune that is no letter, or after a clitic that itself
// starts a word (Arabic "و" in "والعدد"). The anchored automaton walks its
// patterns from those places only, so that inside a word that starts no
// phrase it stands in one state and reports nothing, where a plain
// Aho–Corasick automaton would report every key ending inside the word.
// Digits and URL openings are the exception: they are reported wherever
// they stand, as the scanner decides about them by itself.
//
// A state is the set of walks under way, each a trie node and where it
// started (a word start, a clitic, or any rune), the bytes of a rune not
// yet complete, which decide whether a word ends, the length of the digit
// just read if it starts a run of digits (the only digit reported), and
// whether the last rune was a digit. Digits of up to three bytes are told by
// decoding the rune, longer ones by walks from any rune. Where the decision
// cannot matter the construction is generous: a broken or four-byte rune
// ends a word. The scanner checks every phrase start anyway; the automaton
// only must not miss one.

// Where a walk started.
const (
	fromWord   = 0 // a word start
	fromClitic = 1 // the end of a clitic at a word start
	fromAny    = 2 // any rune: only four-byte digits and URL openings
)

const rootWord = 0<<2 | fromWord

// anywhere reports the kinds of pattern found wherever they stand.
func anywhere(kind uint8) bool { return kind == patDigit || kind == patURL }

// acNode is a trie node while an automaton is built.
type acNode struct {
	next map[byte]int32
	in   byte // the byte that leads here
	out  []int32
	fail int32
}

// anchoredState is a state of the anchored automaton while it is built.
type anchoredState struct {
	items   []int32 // walks as node<<2 | origin, sorted
	pending string  // the incomplete rune
	digit   int     // the length of the digit that ends here, 0 for none
	// afterDigit is set after a digit, and kept while the next rune is
	// incomplete: only the first digit of a run is reported.
	afterDigit bool
}

type anchoredBuilder struct {
	nodes     []acNode
	cls       *runeClasses
	anyPath   []bool // the node lies on the path of a pattern found anywhere
	cliticEnd []bool // the node ends a clitic

	ids      map[string]int32
	states   []anchoredState
	rows     []int32 // per state, the next state on each of 256 bytes
	defaults map[string][]int32
	key      []byte
	scratch  []int32
}

// anchoredRows computes the next state of every state on every byte, and
// the patterns each state ends. State 0 is the start of a word.
func anchoredRows(nodes []acNode, pats []pattern, cls *runeClasses) (rows []int32, outs [][]int32) {
	b := &anchoredBuilder{nodes: nodes, cls: cls, ids: map[string]int32{}, defaults: map[string][]int32{}}
	b.anyPath = make([]bool, len(nodes))
	b.cliticEnd = make([]bool, len(nodes))
	var digitPat [4]int32 // a digit pattern of each length, for the digits the states tell
	for id, p := range pats {
		if p.kind == patDigit && len(p.key) < 4 {
			if digitPat[len(p.key)] == 0 {
				digitPat[len(p.key)] = int32(id)
			}
			continue
		}
		n := int32(0)
		for i := 0; i < len(p.key); i++ {
			n = nodes[n].next[p.key[i]]
			if anywhere(p.kind) {
				b.anyPath[n] = true
			}
		}
		if p.kind == patClitic {
			b.cliticEnd[n] = true
		}
	}
	b.state(anchoredState{items: []int32{rootWord}})
	for s := 0; s < len(b.states); s++ {
		b.rows = append(b.rows, b.row(int32(s))...)
	}
	outs = make([][]int32, len(b.states))
	for s, st := range b.states {
		if st.digit > 0 {
			outs[s] = append(outs[s], digitPat[st.digit])
		}
		for _, it := range st.items {
			for _, id := range nodes[it>>2].out {
				k := pats[id].kind
				if k == patClitic || it&3 == fromAny && !anywhere(k) || slices.Contains(outs[s], id) {
					continue
				}
				outs[s] = append(outs[s], id)
			}
		}
	}
	return b.rows, outs
}

// state returns the id of st, making a state of it if it is new. It sorts
// and trims st.items in place and keeps a copy.
func (b *anchoredBuilder) state(st anchoredState) int32 {
	slices.Sort(st.items)
	st.items = slices.Compact(st.items)
	// A walk from a word start does all that one from a clitic or from any
	// rune at the same node does.
	st.items = slices.DeleteFunc(st.items, func(it int32) bool {
		return it&3 != fromWord && slices.Contains(st.items, it&^3|fromWord) ||
			it&3 == fromAny && slices.Contains(st.items, it&^3|fromClitic)
	})
	b.key = append(b.key[:0], st.pending...)
	if len(st.items) == 0 && len(st.pending) == 2 && st.pending[0] < 0xF0 {
		// A walkless state inside a three-byte rune is known by which last
		// bytes complete a letter and which a digit, not by the bytes it
		// has seen.
		letters, digits := b.classMasks(st.pending)
		b.key = binary.LittleEndian.AppendUint64(b.key[:0], letters)
		b.key = binary.LittleEndian.AppendUint64(b.key, digits)
	}
	b.key = append(b.key, 0xFF, byte(st.digit), boolByte(st.afterDigit))
	for _, it := range st.items {
		b.key = binary.LittleEndian.AppendUint32(b.key, uint32(it))
	}
	if id, ok := b.ids[string(b.key)]; ok {
		return id
	}
	id := int32(len(b.states))
	b.ids[string(b.key)] = id
	st.items = slices.Clone(st.items)
	b.states = append(b.states, st)
	return id
}

// classMasks has bit k of letters set when p followed by 0x80+k completes a
// letter, and of digits when it completes a digit.
func (b *anchoredBuilder) classMasks(p string) (letters, digits uint64) {
	for k := 0; k < 64; k++ {
		switch c, _ := b.cls.class(p+string([]byte{byte(0x80 + k)}), 0); c {
		case clsLetter:
			letters |= 1 << k
		case clsDigit:
			digits |= 1 << k
		}
	}
	return letters, digits
}

// runeLen returns the length of the rune that lead byte c starts, 1 for a
// byte that starts none.
func runeLen(c byte) int {
	switch {
	case c < 0x80:
		return 1
	case c >= 0xC2 && c < 0xE0:
		return 2
	case c >= 0xE0 && c < 0xF0:
		return 3
	case c >= 0xF0 && c < 0xF5:
		return 4
	}
	return 1
}

// next returns the state after reading c in state st.
func (b *anchoredBuilder) next(st anchoredState, c byte) anchoredState {
	p := st.pending
	if p != "" && c&0xC0 != 0x80 {
		// The pending rune is broken, which ends a word: c starts afresh.
		return b.next(anchoredState{items: []int32{rootWord}}, c)
	}
	cc := c
	if cc == '\t' {
		cc = ' '
	}
	nx := b.scratch[:0]
	walk := func(n int32, origin int32) {
		ch, ok := b.nodes[n].next[cc]
		if cc == ' ' && n != 0 && b.nodes[n].in == ' ' {
			ch, ok = n, true // a run of white space is one space
		}
		if ok && (origin != fromAny || b.anyPath[ch]) {
			nx = append(nx, ch<<2|origin)
		}
	}
	for _, it := range st.items {
		walk(it>>2, it&3)
	}
	if p == "" {
		walk(0, fromAny)
	}
	var out anchoredState
	class := uint8(clsLetter)
	switch {
	case c < 0x80:
		class = b.cls[c]
		if class == clsDigit {
			out.digit = 1
		}
	case c&0xC0 == 0x80:
		if p == "" {
			class = clsOther // a stray continuation byte
			break
		}
		if p[0] == 0xF0 {
			// Four-byte runes are told apart by length only.
			if len(p) == 3 {
				class = clsOther
			} else {
				out.pending = p + "\x80"
			}
			break
		}
		q := p + string([]byte{c})
		if len(q) < runeLen(q[0]) {
			out.pending = q
			break
		}
		var w int
		if class, w = b.cls.class(q, 0); class == clsDigit {
			out.digit = w
		}
	default:
		switch n := runeLen(c); n {
		case 1:
			class = clsOther
		case 4:
			out.pending = "\xF0"
		default:
			out.pending = string([]byte{c})
		}
	}
	if out.pending == "" {
		out.afterDigit = out.digit > 0
		if st.afterDigit {
			out.digit = 0 // the digit goes on a run already reported
		}
	} else {
		out.afterDigit = st.afterDigit
	}
	if class != clsLetter {
		nx = append(nx, rootWord)
	}
	for _, it := range nx {
		if it&3 == fromWord && b.cliticEnd[it>>2] {
			nx = append(nx, 0<<2|fromClitic)
			break
		}
	}
	b.scratch = nx
	out.items = nx
	return out
}

// row returns the next states of state s on every byte.
func (b *anchoredBuilder) row(s int32) []int32 {
	st := b.states[s]
	dkey := st.pending + string(boolByte(st.afterDigit))
	def, ok := b.defaults[dkey]
	if !ok {
		def = make([]int32, 256)
		for c := 0; c < 256; c++ {
			if st.pending != "" && c&0xC0 != 0x80 {
				def[c] = b.rows[c] // state 0's: the pending rune is broken
				continue
			}
			def[c] = b.state(b.next(anchoredState{pending: st.pending, afterDigit: st.afterDigit}, byte(c)))
		}
		b.defaults[dkey] = def
	}
	row := slices.Clone(def)
	for _, it := range st.items {
		n := &b.nodes[it>>2]
		for c := range n.next {
			row[c] = b.state(b.next(st, c))
			if c == ' ' {
				row['\t'] = row[' ']
			}
		}
		if it>>2 != 0 && n.in == ' ' {
			row[' '] = b.state(b.next(st, ' '))
			row['\t'] = row[' ']
		}
	}
	return row
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}
