package dataset_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/sink"
)

func TestReadColumnAndRows(t *testing.T) {
	out := t.TempDir()
	s, err := sink.New(sink.Config{Out: out, RunID: "00cc", StartedAt: time.Now(), Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"a1", "a2", "a3"}
	for _, id := range ids {
		if err := s.Add(context.Background(), &stages.Article{ID: id, SourcePath: id + ".txt", Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Finish(context.Background(), sink.RunInfo{}); err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	files, err := ds.Files("articles")
	if err != nil || len(files) != 1 {
		t.Fatalf("articles files = %v, %v", files, err)
	}
	got, err := dataset.ReadColumn(files[0], "article_id")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0] != "a1" || got[2] != "a3" {
		t.Errorf("ReadColumn = %v, want %v", got, ids)
	}
	rows, err := ds.Rows("articles")
	if err != nil || len(rows) != 3 || rows[1].Str("article_id") != "a2" {
		t.Errorf("Rows = %v, %v", rows, err)
	}
	// A part of a run with no committed runs row is a leftover, not data.
	stray := filepath.Join(filepath.Dir(files[0]), "part-00dd.parquet")
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stray, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := ds.Files("articles"); len(got) != 1 {
		t.Errorf("Files lists %v, want only the committed part", got)
	}
	if got, _ := ds.Uncommitted("articles"); len(got) != 1 || got[0] != stray {
		t.Errorf("Uncommitted = %v, want [%s]", got, stray)
	}
	if dataset.RunOf("x/part-00cc-1-of-4.parquet") != "00cc" || dataset.RunOf("part-00cc.parquet") != "00cc" {
		t.Error("RunOf does not parse part names")
	}
}
