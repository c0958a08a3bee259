package eval_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/statharvest/statharvest/eval"
	"github.com/statharvest/statharvest/internal/sharedtest"
	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/stages/ingest"
)

// TestGolden runs the whole pipeline on the seed pages and scores the output
// against their gold annotations, failing below the product's thresholds.
func TestGolden(t *testing.T) {
	seeds, gold := sharedtest.Seeds(t), sharedtest.Gold(t)
	out := t.TempDir()
	_, err := pipeline.Run(context.Background(), pipeline.Config{
		Sources: []ingest.Source{{FS: os.DirFS(seeds), Root: seeds}},
		Out:     out,
		Workers: 2,
		Log:     zerolog.Nop(),
	})
	if err != nil {
		t.Fatal(err)
	}
	golds, err := eval.LoadGold(gold)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eval.Score(out, golds)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Print(&b, testing.Verbose())
	t.Log("\n" + b.String())
	if len(rep.Unmatched) > 0 {
		t.Errorf("gold files without an article: %v", rep.Unmatched)
	}
	min := func(area string, got, want float64) {
		if got < want {
			t.Errorf("%s = %.3f, want >= %.2f", area, got, want)
		}
	}
	min("digits F1", rep.Digits.F1(), 0.97)
	min("words recall", rep.Words.Recall(), 0.80)
	min("units F1", rep.Units.F1(), 0.80)
	for _, f := range []string{"lang", "published", "source_url", "byline"} {
		min("metadata "+f+" accuracy", rep.MetaAccuracy(f), 1.0)
	}
	min("organizations F1", rep.Orgs.F1(), 0.80)
	min("KPI F1", rep.KPIs.F1(), 0.75)
	min("KPI achievement share", rep.AchievementShare(), 0.90)
	min("events F1", rep.Events.F1(), 0.60)
}

// TestScoreCountsLostPages checks that a gold file without an article in the
// output lowers recall instead of vanishing from the scores, and that an
// output without a committed run is an error rather than a perfect score.
func TestScoreCountsLostPages(t *testing.T) {
	if _, err := eval.Score(t.TempDir(), nil); !errors.Is(err, eval.ErrNoOutput) {
		t.Fatalf("Score(empty dir) error = %v, want ErrNoOutput", err)
	}
	seeds, gold := sharedtest.Seeds(t), sharedtest.Gold(t)
	golds, err := eval.LoadGold(gold)
	if err != nil {
		t.Fatal(err)
	}
	// Run the pipeline on the first seed only; the other gold files are lost pages.
	first := golds[0].File
	out := t.TempDir()
	_, err = pipeline.Run(context.Background(), pipeline.Config{
		Sources: []ingest.Source{{FS: os.DirFS(seeds), Root: seeds, File: first}},
		Out:     out,
		Workers: 1,
		Log:     zerolog.Nop(),
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eval.Score(out, golds)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 1 || len(rep.Unmatched) != len(golds)-1 {
		t.Fatalf("articles %d, unmatched %v", rep.Articles, rep.Unmatched)
	}
	gold0 := len(golds[0].Numbers)
	all := 0
	for _, g := range golds {
		all += len(g.Numbers)
	}
	if rep.Numbers.Gold != all {
		t.Errorf("numbers gold = %d, want all %d gold mentions counted", rep.Numbers.Gold, all)
	}
	if r := rep.Numbers.Recall(); r > float64(gold0)/float64(all)+1e-9 {
		t.Errorf("numbers recall %.3f with %d of %d gold mentions reachable", r, gold0, all)
	}
	if acc := rep.MetaAccuracy("lang"); acc > 1/float64(len(golds))+1e-9 {
		t.Errorf("lang accuracy %.3f with one article of %d", acc, len(golds))
	}
}
