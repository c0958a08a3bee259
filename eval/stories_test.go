package eval_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rs/zerolog"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/eval"
	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/stages/ingest"
)

func runFS(t *testing.T, out string, fsys fs.FS) {
	t.Helper()
	if _, err := pipeline.Run(context.Background(), pipeline.Config{
		Sources: []ingest.Source{{FS: fsys, Root: "samples"}},
		Out:     out,
		Workers: 2,
		Log:     zerolog.Nop(),
	}); err != nil {
		t.Fatal(err)
	}
}

func storyTruth(t *testing.T) map[string]string {
	t.Helper()
	truth, err := eval.LoadStoryTruth("../data/samples/stories.tsv")
	if err != nil {
		t.Fatal(err)
	}
	return truth
}

func checkStories(t *testing.T, out string, truth map[string]string) {
	t.Helper()
	s, err := eval.ScoreStories(out, truth)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("story pairs: precision %.3f recall %.3f (%d/%d/%d)", s.Precision(), s.Recall(), s.TP, s.Pred, s.Gold)
	if s.Gold == 0 {
		t.Fatal("the truth has no pair of editions")
	}
	if s.Precision() < 1 || s.Recall() < 1 {
		t.Errorf("story grouping: precision %.3f recall %.3f, want 1 and 1", s.Precision(), s.Recall())
	}
}

// TestStoriesOnSamples: every story of the samples groups exactly its editions.
func TestStoriesOnSamples(t *testing.T) {
	samples, err := fs.Sub(data.FS, "samples")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	runFS(t, out, samples)
	checkStories(t, out, storyTruth(t))
}

// TestStoriesAcrossRuns: editions split over two runs join one story.
func TestStoriesAcrossRuns(t *testing.T) {
	samples, err := fs.Sub(data.FS, "samples")
	if err != nil {
		t.Fatal(err)
	}
	first, second := fstest.MapFS{}, fstest.MapFS{}
	i := 0
	fs.WalkDir(samples, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !ingest.Supported(p) {
			return err
		}
		b, err := fs.ReadFile(samples, p)
		if err != nil {
			return err
		}
		if i%2 == 0 {
			first[p] = &fstest.MapFile{Data: b}
		} else {
			second[p] = &fstest.MapFile{Data: b}
		}
		i++
		return nil
	})
	out := t.TempDir()
	runFS(t, out, first)
	runFS(t, out, second)
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ds.Runs()); n != 2 {
		t.Fatalf("%d committed runs, want 2", n)
	}

	checkStories(t, out, storyTruth(t))
}

// TestOneEventAcrossArticles: the same conference reported by two different
// articles, in two languages, is one event.
func TestOneEventAcrossArticles(t *testing.T) {
	fsys := fstest.MapFS{
		"en_conference.txt": {Data: []byte(strings.Join([]string{
			"Ha Giang: Provincial Party Committee holds its 16th conference",
			"On 12 March 2025, the Ha Giang Provincial Party Committee held its 16th conference to review the work of the first quarter.",
			"The province admitted 412 new party members, reaching 103.7% of the annual target.",
		}, "\n"))},
		"vi_hoinghi.txt": {Data: []byte(strings.Join([]string{
			"Hà Giang: Hội nghị lần thứ 16 Ban Chấp hành Đảng bộ tỉnh",
			"Ngày 12/3/2025, Ban Chấp hành Đảng bộ tỉnh Hà Giang tổ chức hội nghị lần thứ 16, đánh giá công tác quý I.",
			"Toàn tỉnh kết nạp 412 đảng viên mới, đạt 103,7% kế hoạch năm.",
		}, "\n"))},
	}
	out := t.TempDir()
	runFS(t, out, fsys)
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	mentions, _ := ds.Rows("event_mentions")
	byArticle := map[string][]string{}
	for _, m := range mentions {
		byArticle[m.Str("article_id")] = append(byArticle[m.Str("article_id")], m.Str("event_id"))
	}
	if len(byArticle) != 2 {
		t.Fatalf("event mentions from %d articles, want 2: %v", len(byArticle), mentions)
	}
	events, _ := ds.Rows("events")
	shared := 0
	for _, e := range events {
		if ids, _ := e["article_ids"].([]string); len(ids) == 2 {
			shared++
		}
	}
	if shared != 1 {
		t.Errorf("events reported by both articles = %d, want 1 (events: %v)", shared, events)
	}
}
