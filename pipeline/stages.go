package pipeline

import (
	"io/fs"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages/clean"
)

var (
	_ ArticleStage = (*clean.Stage)(nil)
)

// buildStages compiles the data files once and builds the per-article stages
// in data-flow order.
func buildStages(cfg Config) ([]namedStage, error) {
	var fsys fs.FS = data.FS
	c, err := clean.New(fsys)
	if err != nil {
		return nil, err
	}
	return []namedStage{
		{"clean", c},
	}, nil
}
