package pipeline

import (
	"io/fs"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages/clean"
	"github.com/statharvest/statharvest/stages/entities"
	"github.com/statharvest/statharvest/stages/events"
	"github.com/statharvest/statharvest/stages/kpis"
	"github.com/statharvest/statharvest/stages/lang"
	"github.com/statharvest/statharvest/stages/numbers"
	"github.com/statharvest/statharvest/stages/segment"
)

var (
	_ ArticleStage = (*clean.Stage)(nil)
	_ ArticleStage = (*lang.Stage)(nil)
	_ ArticleStage = (*segment.Stage)(nil)
	_ ArticleStage = (*numbers.Stage)(nil)
	_ ArticleStage = (*entities.Stage)(nil)
	_ ArticleStage = (*events.Stage)(nil)
	_ ArticleStage = (*kpis.Stage)(nil)
)

// buildStages compiles the data files once and builds the per-article stages
// in data-flow order.
func buildStages(cfg Config) ([]namedStage, error) {
	var fsys fs.FS = data.FS
	c, err := clean.New(fsys)
	if err != nil {
		return nil, err
	}
	ev, err := events.New(fsys)
	if err != nil {
		return nil, err
	}
	kp, err := kpis.New(fsys)
	if err != nil {
		return nil, err
	}
	l, err := lang.New(fsys)
	if err != nil {
		return nil, err
	}
	sg, err := segment.New(fsys)
	if err != nil {
		return nil, err
	}
	nb, err := numbers.New(fsys)
	if err != nil {
		return nil, err
	}
	en, err := entities.New(fsys)
	if err != nil {
		return nil, err
	}
	return []namedStage{
		{"clean", c},
		{"lang", l},
		{"segment", sg},
		{"numbers", nb},
		{"entities", en},
		{"events", ev},
		{"kpis", kp},
	}, nil
}
