package dataset_test

import (
	"context"
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
	if dataset.RunOf("x/part-00cc-1-of-4.parquet") != "00cc" || dataset.RunOf("part-00cc.parquet") != "00cc" {
		t.Error("RunOf does not parse part names")
	}
}
