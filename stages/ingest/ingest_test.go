package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/statharvest/statharvest/stages"
)

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func walk(t *testing.T, fsys fstest.MapFS, lim Limits) []*stages.Article {
	t.Helper()
	var got []*stages.Article
	err := New(lim).Walk(context.Background(), []Source{{FS: fsys, Root: "in"}}, Hooks{}, func(a *stages.Article) error {
		got = append(got, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWalkFormatsAndOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"b/two.txt":       {Data: []byte("two")},
		"a.txt.gz":        {Data: gz("one")},
		"c.jsonl":         {Data: []byte(`{"id":"r1","text":"three","url":"https://x.vn/a","published":"2024-01-02","lang":"vi"}` + "\n\n" + `{"id":7,"text":"four"}` + "\n")},
		"d.jsonl.gz":      {Data: gz(`{"text":"five"}`)},
		"notes.md":        {Data: []byte("ignored")},
		"e.jsonl":         {Data: []byte("{broken\n{\"id\":\"x\"}\n")},
		"f-big.txt":       {Data: bytes.Repeat([]byte("x"), 300)},
		"g-big.txt.gz":    {Data: gz(strings.Repeat("y", 300))},
		"h-broken.txt.gz": {Data: []byte("not gzip")},
	}
	got := walk(t, fsys, Limits{MaxArticleBytes: 200})
	type row struct{ path, id, text, reason string }
	var rows []row
	for i, a := range got {
		if a.Seq != int64(i) {
			t.Errorf("article %d has Seq %d", i, a.Seq)
		}
		r := row{a.SourcePath, a.SourceID, string(a.Raw), ""}
		if a.Reject != nil {
			r.reason = string(a.Reject.Reason)
		}
		rows = append(rows, r)
	}
	want := []row{
		{"a.txt.gz", "", "one", ""},
		{"b/two.txt", "", "two", ""},
		{"c.jsonl", "r1", "three", ""},
		{"c.jsonl", "7", "four", ""},
		{"d.jsonl.gz", "", "five", ""},
		{"e.jsonl", "", "", "bad_record"},
		{"e.jsonl", "x", "", "bad_record"},
		{"f-big.txt", "", "", "too_large"},
		{"g-big.txt.gz", "", "", "too_large"},
		{"h-broken.txt.gz", "", "", "unreadable"},
	}
	if len(rows) != len(want) {
		t.Fatalf("Walk yielded %d articles, want %d: %+v", len(rows), len(want), rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("article %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
	if h := got[2].Hints; h.URL != "https://x.vn/a" || h.Published != "2024-01-02" || h.Lang != "vi" {
		t.Errorf("hints = %+v", h)
	}
	if got[0].ID != stages.ArticleID([]byte("one")) {
		t.Errorf("ID is not the sha256 of the decompressed bytes")
	}
}

func TestSupported(t *testing.T) {
	for name, want := range map[string]bool{"a.txt": true, "a.TXT": true, "a.txt.gz": true, "a.jsonl": true, "a.jsonl.gz": true, "a.md": false, "a.gz": false, "a": false} {
		if got := Supported(name); got != want {
			t.Errorf("Supported(%q) = %v, want %v", name, got, want)
		}
	}
}

func FuzzIngestJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"12 people"}` + "\n"))
	f.Add([]byte("{\"text\":\"x\"}\n{bad\n\n"))
	f.Add([]byte(`{"text":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := walk(t, fstest.MapFS{"x.jsonl": {Data: b}}, Limits{MaxArticleBytes: 1 << 10})
		for _, a := range got {
			if a.Reject == nil && a.ID != stages.ArticleID(a.Raw) {
				t.Fatalf("article id is not the hash of its text")
			}
			if a.Reject == nil && int64(len(a.Raw)) > 1<<10 {
				t.Fatalf("article of %d bytes passed the %d limit", len(a.Raw), 1<<10)
			}
		}
	})
}
