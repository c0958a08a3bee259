package entities

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages"
)

func dataFS() fs.FS { return data.FS }

// benchBody is a page of our own sentences in several languages, repeated.
func benchBody(b *testing.B) []*stages.Article {
	b.Helper()
	byLang := map[string]*strings.Builder{}
	body, err := fs.ReadFile(data.FS, "samples/en_tuyenquang_members.txt")
	if err != nil {
		b.Fatal(err)
	}
	byLang["en"] = &strings.Builder{}
	byLang["en"].Write(body)
	raw, err := readCases()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range raw {
		sb := byLang[c[0]]
		if sb == nil {
			sb = &strings.Builder{}
			byLang[c[0]] = sb
		}
		// Filler words between cases make the text closer to a real page.
		sb.WriteString(c[1])
		sb.WriteString(" ")
		sb.WriteString(strings.Repeat(c[1]+" 2023 … ", 3))
		sb.WriteString("\n")
	}
	var out []*stages.Article
	for l, sb := range byLang {
		text := strings.Repeat(sb.String(), 20)
		out = append(out, &stages.Article{Lang: l, Body: text})
	}
	return out
}

func BenchmarkFind(b *testing.B) {
	s, err := New(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	arts := benchBody(b)
	n := 0
	for _, a := range arts {
		n += len(a.Body)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			s.Find(a)
		}
	}
}
