package sink

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/statharvest/statharvest/stages"
)

// pathLess orders paths as fs.WalkDir visits them.
func TestPathLessIsWalkOrder(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.txt", "a/b.txt", "a/c/d.txt", "a.b/e.txt", "a-b.txt", "ab/x.txt", "b.txt", "Z.txt", "ễ/f.txt", "a/b.txt.gz"} {
		full := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, nil, 0o644)
	}
	var walked []string
	fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			walked = append(walked, p)
		}
		return nil
	})
	sorted := append([]string(nil), walked...)
	sort.Slice(sorted, func(i, j int) bool { return pathLess(sorted[i], sorted[j]) })
	if !reflect.DeepEqual(sorted, walked) {
		t.Errorf("pathLess order\n%q\nwalk order\n%q", sorted, walked)
	}
}

func FuzzPathLess(f *testing.F) {
	f.Add("a/b", "a.b")
	f.Add("a", "a/b")
	f.Add("", "/")
	f.Fuzz(func(t *testing.T, a, b string) {
		if pathLess(a, b) && pathLess(b, a) {
			t.Fatalf("%q and %q are each less than the other", a, b)
		}
		if a == b && pathLess(a, b) {
			t.Fatalf("%q is less than itself", a)
		}
		if a != b && !pathLess(a, b) && !pathLess(b, a) && strings.Count(a, "/") == strings.Count(b, "/") {
			t.Fatalf("%q and %q are unordered", a, b)
		}
	})
}

// Merging shards' events gives what one run over all articles gives: the
// reports in input order and the details of the first report.
func TestMergeEvents(t *testing.T) {
	ev := func(id, surface string) stages.Event {
		return stages.Event{EventID: id, Type: "conference", Surface: surface}
	}
	art := func(id, path string, seq int64) stagedArticle {
		return stagedArticle{ID: id, inputPos: inputPos{Path: path, Seq: seq}}
	}
	shard0 := []stagedEvent{
		{Event: ev("e1", "hội nghị (b)"), StoryID: "s-b", Articles: []stagedArticle{art("b", "2026/b.txt", 0), art("d", "2026/d.jsonl", 0), art("d2", "2026/d.jsonl", 1)}},
		{Event: ev("e3", "đại hội"), Articles: []stagedArticle{art("d", "2026/d.jsonl", 0)}},
	}
	shard1 := []stagedEvent{
		{Event: ev("e2", "congress"), Articles: []stagedArticle{art("a", "2026/a/x.txt", 0)}},
		{Event: ev("e1", "conference (a)"), StoryID: "s-a", Articles: []stagedArticle{art("a", "2026/a/x.txt", 0), art("c", "2026/c.txt", 5)}},
	}
	s := &Sink{events: map[string]*eventRow{}}
	s.mergeEvents([][]stagedEvent{shard0, shard1})
	if want := []string{"e2", "e1", "e3"}; !reflect.DeepEqual(s.eventOrder, want) {
		t.Errorf("event order %v, want %v (by first report, then order within it)", s.eventOrder, want)
	}
	e1 := s.events["e1"]
	if want := []string{"a", "b", "c", "d", "d2"}; !reflect.DeepEqual(e1.articles, want) {
		t.Errorf("e1 reports %v, want %v", e1.articles, want)
	}
	if e1.event.Surface != "conference (a)" || e1.storyID != "s-a" {
		t.Errorf("e1 details from %q/%q, want those of the first report", e1.event.Surface, e1.storyID)
	}
}
