package pipeline

import (
	"context"
	"errors"

	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/clean"
	"github.com/statharvest/statharvest/stages/ingest"
)

// errSampled stops the pre-pass walk once it has seen enough articles.
var errSampled = errors.New("sampled enough articles")

// learnRepeats counts the short lines of up to limit new articles before the
// main pass, so that clean can cut menus, banners and footers that repeat
// across the run. Sampling the start of the run bounds the pre-pass's time
// and memory however large the input: such lines recur from the first pages.
func learnRepeats(ctx context.Context, ing *ingest.Stage, srcs []ingest.Source, skip func(ingest.FileInfo) bool, c *clean.Stage, limit int) (*clean.Stage, error) {
	counter := c.NewRepeatCounter()
	n := 0
	err := ing.Walk(ctx, srcs, ingest.Hooks{Skip: skip}, func(a *stages.Article) error {
		if a.Reject != nil {
			return nil
		}
		counter.Observe(a.Raw)
		n++
		if n >= limit {
			return errSampled
		}
		return nil
	})
	if err != nil && !errors.Is(err, errSampled) {
		return nil, err
	}
	return c.WithRepeats(counter.Repeats()), nil
}
