package entities

import (
	"math/rand/v2"
	"testing"
)

// TestTrieFreeze checks the frozen lookups against the children maps, on a
// root wide enough for the dense table and on one too wide for it.
func TestTrieFreeze(t *testing.T) {
	for _, alphabet := range [][]rune{
		[]rune("abcdefghijklmnopqrstuvwxyzđươăâêôáàảãạ"),
		[]rune("กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอะาิีึืุู"),
		{'a', 'b', 0x10400, 0x4e00, 'c', 'd', 'e', 'f', 'g', 'h', 'i', 0x30000},
	} {
		rng := rand.New(rand.NewPCG(1, uint64(len(alphabet))))
		word := func(n int) []rune {
			w := make([]rune, n)
			for i := range w {
				w[i] = alphabet[rng.IntN(len(alphabet))]
			}
			return w
		}
		var tr trie
		for i := range 300 {
			tr.insert(word(1+rng.IntN(4)), int32(i))
		}
		texts := make([][]rune, 200)
		type res struct {
			e   int32
			end int
		}
		want := make([][]res, len(texts))
		for k := range texts {
			texts[k] = word(8)
			for i := range texts[k] {
				e, end := tr.longest(texts[k], i, false)
				want[k] = append(want[k], res{e, end})
			}
		}
		tr.freeze()
		for k, s := range texts {
			for i := range s {
				if e, end := tr.longest(s, i, false); (res{e, end}) != want[k][i] {
					t.Fatalf("frozen longest(%q, %d) = %d,%d, want %v", string(s), i, e, end, want[k][i])
				}
			}
		}
		tr.insert(texts[0], 999) // back to the maps
		if e, end := tr.longest(texts[0], 0, false); e != 999 || end != len(texts[0]) {
			t.Fatalf("after insert: %d,%d", e, end)
		}
	}
}
