package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rs/zerolog"
	"go.uber.org/goleak"

	"github.com/statharvest/statharvest/stages/ingest"
)

func memCorpus(n int) fstest.MapFS {
	fs := fstest.MapFS{}
	for i := 0; i < n; i++ {
		fs[fmt.Sprintf("a%05d.txt", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"In 2024 the district admitted %d new party members, 84.5%% of the target, and held %d classes.\n", i, i%40))}
	}
	return fs
}

func TestRunCommits(t *testing.T) {
	defer goleak.VerifyNone(t)
	out := t.TempDir()
	res, err := Run(context.Background(), Config{
		Sources: []ingest.Source{{FS: memCorpus(50), Root: "mem"}},
		Out:     out,
		Workers: 3,
		Log:     zerolog.Nop(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Articles != 50 {
		t.Errorf("articles = %d, want 50", res.Counts.Articles)
	}
	if _, err := os.Stat(filepath.Join(out, "runs")); err != nil {
		t.Errorf("no runs table: %v", err)
	}
}

// TestCancelLeavesNothing cancels runs at several points: no goroutine
// outlives Run, and nothing of the cancelled run becomes visible.
func TestCancelLeavesNothing(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, after := range []time.Duration{0, time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond} {
		out := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(after, cancel)
		_, err := Run(ctx, Config{
			Sources: []ingest.Source{{FS: memCorpus(3000), Root: "mem"}},
			Out:     out,
			Workers: 4,
			Log:     zerolog.Nop(),
		})
		cancel()
		if err == nil {
			t.Logf("run finished within %s; nothing to check", after)
			continue
		}
		if ctx.Err() == nil {
			t.Errorf("cancelled after %s: error %v, want the context's", after, err)
		}
		for _, table := range []string{"articles", "statistics", "runs"} {
			if _, err := os.Stat(filepath.Join(out, table)); err == nil {
				entries, _ := os.ReadDir(filepath.Join(out, table))
				if len(entries) > 0 {
					t.Errorf("cancelled after %s: %s has files", after, table)
				}
			}
		}
		if entries, _ := os.ReadDir(filepath.Join(out, "_tmp")); len(entries) != 0 {
			t.Errorf("cancelled after %s: %d temporary runs left", after, len(entries))
		}
	}
}

func TestLongestLine(t *testing.T) {
	for _, c := range []struct {
		in    string
		n, at int
	}{{"", 0, 0}, {"abc", 3, 0}, {"a\nbcd\nef", 3, 2}, {"ab\n", 2, 0}} {
		if n, at := longestLine([]byte(c.in)); n != c.n || at != c.at {
			t.Errorf("longestLine(%q) = %d, %d, want %d, %d", c.in, n, at, c.n, c.at)
		}
	}
}

// TestReconcileAfterLostState: a crash between a commit and its state update
// loses nothing and duplicates nothing, because the next start rebuilds the
// state from the committed articles.
func TestReconcileAfterLostState(t *testing.T) {
	out := t.TempDir()
	cfg := Config{Sources: []ingest.Source{{FS: memCorpus(40), Root: "mem"}}, Out: out, Workers: 2, Log: zerolog.Nop()}
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, "_state", "state.db")); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Articles != 0 || res.ArticlesKnown != 40 {
		t.Errorf("after losing the state: %d new articles, %d known; want 0 and 40", res.Counts.Articles, res.ArticlesKnown)
	}
}
