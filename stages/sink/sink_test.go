package sink

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/rs/zerolog"

	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/schemas"
	"github.com/statharvest/statharvest/stages"
)

func article(id, body string) *stages.Article {
	a := &stages.Article{ID: id, SourcePath: id + ".txt", Body: body, Lang: "en", Sentences: []stages.Span{{Start: 0, End: len(body)}}}
	a.Stats = []stages.Statistic{{StatID: "s" + id, Raw: "12", ByteStart: 0, ByteEnd: 2, Kind: stages.KindCount, Value: stages.Float(12), Unit: "household"}}
	org := stages.Organization{OrgID: "o1", NameEn: "Ha Giang Provincial Party Committee", Type: "party_committee", Level: "province", Place: "Ha Giang"}
	a.Orgs = []stages.OrgMention{{Org: org, Surface: "committee " + id, ByteStart: 0, ByteEnd: 2}}
	ord := 16
	a.Events = []stages.Event{{EventID: "e1", Type: "conference", NameEn: "16th conference", Ordinal: &ord, Surface: "conference"}}
	return a
}

func TestSinkCommitsAndReleasesMemory(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	out := t.TempDir()
	s, err := New(Config{Out: out, RunID: "00aa", StartedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Mem: mem, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, a := range []*stages.Article{article("a1", "12 households"), article("a2", "12 households again")} {
		if err := s.Add(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Add(ctx, &stages.Article{SourcePath: "bad.txt", Reject: &stages.Reject{Stage: "clean", Reason: stages.ReasonEmpty}}); err != nil {
		t.Fatal(err)
	}
	counts, err := s.Finish(ctx, RunInfo{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Articles: 2, Statistics: 2, Organizations: 1, OrgMentions: 2, Events: 1, EventMentions: 2, Rejects: 1}
	if counts != want {
		t.Errorf("counts = %+v, want %+v", counts, want)
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if runs := ds.Runs(); len(runs) != 1 || runs[0] != "00aa" {
		t.Errorf("committed runs = %v, want [00aa]", runs)
	}
	orgs, _ := ds.Rows("organizations")
	if len(orgs) != 1 || len(orgs[0]["aliases"].([]string)) != 2 {
		t.Errorf("organizations = %v, want one row with two aliases", orgs)
	}
	events, _ := ds.Rows("events")
	if len(events) != 1 || len(events[0]["article_ids"].([]string)) != 2 {
		t.Errorf("events = %v, want one event reported by two articles", events)
	}
	for _, tbl := range schemas.All {
		p := filepath.Join(out, tbl.Name, "ingest_date=2026-01-02", "part-00aa.parquet")
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", tbl.Name, err)
		}
	}
	if _, err := os.Stat(TmpDir(out, "00aa")); !os.IsNotExist(err) {
		t.Errorf("temporary directory left after commit: %v", err)
	}
}

func TestSinkAbortLeavesNothing(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	out := t.TempDir()
	s, err := New(Config{Out: out, RunID: "00bb", StartedAt: time.Now(), Mem: mem, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(context.Background(), article("a1", "12 households")); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if e.Name() != "_tmp" {
			t.Errorf("abort left %s", e.Name())
		}
	}
	if _, err := os.Stat(TmpDir(out, "00bb")); !os.IsNotExist(err) {
		t.Errorf("abort left the temporary directory: %v", err)
	}
}
