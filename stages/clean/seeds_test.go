package clean_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/internal/sharedtest"
	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/clean"
	"github.com/statharvest/statharvest/stages/lang"
	"github.com/statharvest/statharvest/stages/segment"
)

type gold struct {
	File      string  `json:"file"`
	Lang      string  `json:"lang"`
	Published *string `json:"published"`
	SourceURL *string `json:"source_url"`
	Byline    *string `json:"byline"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// published formats the article's date as the gold files do: a local
// date-time where the text states a time, else a date.
func published(a *stages.Article) string {
	if !a.PublishedAt.IsZero() {
		return a.PublishedAt.In(vietnam()).Format("2006-01-02T15:04:05")
	}
	return a.Published.String()
}

func vietnam() *time.Location { return time.FixedZone("ICT", 7*3600) }

// TestSeedsMetadata runs clean and lang on each shared seed page and compares
// the metadata with its gold annotation.
func TestSeedsMetadata(t *testing.T) {
	goldDir, seedDir := sharedtest.Gold(t), sharedtest.Seeds(t)
	c, err := clean.New(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lang.New(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(goldDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no gold files in %s: %v", goldDir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var g gold
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		t.Run(g.File, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(seedDir, g.File))
			if err != nil {
				t.Fatal(err)
			}
			a := &stages.Article{Raw: raw}
			if err := c.Process(context.Background(), a); err != nil {
				t.Fatalf("clean: %v", err)
			}
			if err := l.Process(context.Background(), a); err != nil {
				t.Fatalf("lang: %v", err)
			}
			for _, x := range []struct{ field, got, want string }{
				{"lang", a.Lang, g.Lang},
				{"published", published(a), str(g.Published)},
				{"source_url", a.SourceURL, str(g.SourceURL)},
				{"byline", a.Byline, str(g.Byline)},
			} {
				if x.got != x.want {
					t.Errorf("%s = %q, want %q", x.field, x.got, x.want)
				}
			}
			// The numbers of the page furniture must not reach the body.
			for _, bad := range []string{"http", "(0)", "[", "No data", "\n\n"} {
				if strings.Contains(a.Body, bad) {
					t.Errorf("Body contains boilerplate %q", bad)
				}
			}
			if a.SourceURL != "" {
				if base := strings.TrimSuffix(filepath.Base(a.SourceURL), filepath.Ext(a.SourceURL)); strings.Contains(a.Body, base) {
					t.Errorf("Body contains the source URL's path %q", base)
				}
			}
			if a.Byline != "" && strings.Contains(a.Body, a.Byline) {
				t.Errorf("Body still contains the byline line %q", a.Byline)
			}
			for _, sp := range a.Captions {
				if sp.Start < 0 || sp.End > len(a.Body) || sp.Start >= sp.End {
					t.Errorf("caption span %v outside Body (len %d)", sp, len(a.Body))
				}
			}
			if a.Raw != nil {
				t.Error("Raw not released")
			}
		})
	}
}

// seedArticles returns the seed pages as raw bytes and, cleaned, as articles.
func seedArticles(b *testing.B) ([][]byte, []*stages.Article) {
	files, err := filepath.Glob(filepath.Join(sharedtest.Seeds(b), "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no seeds: %v", err)
	}
	c, err := clean.New(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	var raws [][]byte
	var arts []*stages.Article
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		a := &stages.Article{Raw: raw}
		if err := c.Process(context.Background(), a); err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
		arts = append(arts, a)
	}
	return raws, arts
}

// The seed benchmarks report MB/s of raw page bytes through each stage.
func BenchmarkSeedsClean(b *testing.B) {
	raws, _ := seedArticles(b)
	c, _ := clean.New(data.FS)
	n := 0
	for _, r := range raws {
		n += len(r)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, r := range raws {
			if err := c.Process(context.Background(), &stages.Article{Raw: r}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkSeedsLang(b *testing.B) {
	raws, arts := seedArticles(b)
	l, _ := lang.New(data.FS)
	n := 0
	for _, r := range raws {
		n += len(r)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, a := range arts {
			l.Detect(a.Body)
		}
	}
}

func BenchmarkSeedsSegment(b *testing.B) {
	raws, arts := seedArticles(b)
	s, _ := segment.New(data.FS)
	n := 0
	for _, r := range raws {
		n += len(r)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, a := range arts {
			s.Split(a.Body, "")
		}
	}
}
