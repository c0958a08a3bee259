package sink

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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

// TestSinkKeepsMonthAndDayWithoutYear checks that a date whose year the
// text does not give keeps its month and day, and that full dates fill the
// same columns.
func TestSinkKeepsMonthAndDayWithoutYear(t *testing.T) {
	out := t.TempDir()
	s, err := New(Config{Out: out, RunID: "00bb", StartedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	body := "29 февраля и 5 октября 2018"
	a := &stages.Article{ID: "d1", SourcePath: "d1.txt", Body: body, Lang: "ru", Sentences: []stages.Span{{Start: 0, End: len(body)}}}
	yearless := stages.Date{Month: time.February, Day: 29}
	full := stages.Date{Year: 2018, Month: time.October, Day: 5}
	a.Stats = []stages.Statistic{
		{StatID: "s1", Raw: "29 февраля", ByteStart: 0, ByteEnd: len("29 февраля"), Kind: stages.KindDate, Date: yearless},
		{StatID: "s2", Seq: 1, Raw: "5 октября 2018", ByteStart: strings.Index(body, "5 "), ByteEnd: len(body), Kind: stages.KindDate, Date: full},
	}
	a.Events = []stages.Event{{EventID: "e1", Type: "meeting", NameEn: "meeting", Date: yearless}}
	if err := s.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finish(context.Background(), RunInfo{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := ds.Rows("statistics")
	if err != nil || len(stats) != 2 {
		t.Fatalf("statistics = %v, %v", stats, err)
	}
	events, err := ds.Rows("events")
	if err != nil || len(events) != 1 {
		t.Fatalf("events = %v, %v", events, err)
	}
	check := func(name string, r dataset.Row, date string, month, day float64, prec string) {
		t.Helper()
		got := ""
		if tm := r.Time("date"); !tm.IsZero() {
			got = tm.Format("2006-01-02")
		}
		m, _ := r.Float("date_month")
		d, _ := r.Float("date_day")
		if got != date || m != month || d != day {
			t.Errorf("%s: date %q month %v day %v, want %q %v %v", name, got, m, d, date, month, day)
		}
		if prec != "" && r.Str("date_precision") != prec {
			t.Errorf("%s: date_precision %q, want %q", name, r.Str("date_precision"), prec)
		}
	}
	check("year-less statistic", stats[0], "", 2, 29, "month_day")
	check("full statistic", stats[1], "2018-10-05", 10, 5, "day")
	check("year-less event", events[0], "", 2, 29, "")
}
