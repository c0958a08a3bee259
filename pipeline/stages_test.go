package pipeline

import (
	"testing"

	"github.com/statharvest/statharvest/schemas"
)

// TestStageColumns: every per-article stage has its timing column in runs.
func TestStageColumns(t *testing.T) {
	ss, err := buildStages(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if len(schemas.Runs.Schema.FieldIndices(schemas.StageColumn(s.name))) != 1 {
			t.Errorf("runs has no column %s for stage %s", schemas.StageColumn(s.name), s.name)
		}
	}
}
