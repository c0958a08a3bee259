package numbers

import "strings"

// prefixFilter answers "may a key start here?" in a few nanoseconds: for
// each length 1..filterLen it holds a bit per hash of every key's first
// bytes (up to a space, a '*' or filterLen). Most words of running text fail
// every length and never reach the trie; a hit is confirmed by the trie.
const filterLen = 6

type prefixFilter [filterLen][1 << 10]uint64 // 2¹⁶ bits per length

func prefixHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h & 0xFFFF
}

func (f *prefixFilter) add(key string) {
	if k := strings.IndexAny(key, " *"); k >= 0 {
		key = key[:k]
	}
	if len(key) > filterLen {
		key = key[:filterLen]
	}
	if key == "" {
		return
	}
	h := prefixHash(key)
	f[len(key)-1][h>>6] |= 1 << (h & 63)
}

// may reports whether some key could start at s[i].
func (f *prefixFilter) may(s string, i int) bool {
	h := uint32(2166136261)
	for l := 0; l < filterLen && i+l < len(s); l++ {
		h = (h ^ uint32(s[i+l])) * 16777619
		x := h & 0xFFFF
		if f[l][x>>6]&(1<<(x&63)) != 0 {
			return true
		}
	}
	return false
}
