// Package sink writes the articles, in input order, to one Parquet part per
// table and commits the run: every part is written under OUT/_tmp/<run_id>/,
// renamed into its Hive partition only when complete, and the runs row, which
// marks the run committed, is written last.
package sink

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/rs/zerolog"
	"gocloud.dev/blob"

	"github.com/statharvest/statharvest/schemas"
	"github.com/statharvest/statharvest/stages"
)

// Config says where and as which run the sink writes.
type Config struct {
	Out       string // output root
	RunID     string
	Shard     string // "K-N" in part names when sharded, else ""
	StartedAt time.Time
	Mem       memory.Allocator
	Log       zerolog.Logger
	// Bucket, when set, receives the parts instead of the local Out (see blob.go).
	Bucket *blob.Bucket
}

// RunInfo is what the pipeline knows of the run, for the runs row.
type RunInfo struct {
	Version       string
	Shard         string // "K/N" or ""
	Inputs        []string
	FilesSeen     int64
	FilesSkipped  int64
	BytesRead     int64
	ArticlesIn    int64
	ArticlesKnown int64
	// StageSeconds is the time spent per per-article stage, by stage name.
	StageSeconds map[string]float64
}

// Counts are the rows the sink wrote per table.
type Counts struct {
	Articles, Statistics, Organizations, OrgMentions, Events, EventMentions, KPIs, Rejects int64
}

// Sink is the whole-run stage that writes the tables.
type Sink struct {
	cfg   Config
	tmp   string // OUT/_tmp/<run_id>
	date  string // ingest_date partition value
	parts map[string]*part
	orgs  map[string]*orgRow
	// events of the run by id, and their ids in order of first report
	events     map[string]*eventRow
	eventOrder []string
	counts     Counts
	cols       columns
	aborted    bool
	shard      *shardState // what Commit needs from a shard (see merge.go)
}

type eventRow struct {
	event    stages.Event
	storyID  string
	articles []string
}

// cloneOrg copies the strings of o, which may be slices of an article's body,
// so that keeping o for the whole run does not keep the body.
func cloneOrg(o stages.Organization) stages.Organization {
	o.OrgID, o.NameEn, o.Type = strings.Clone(o.OrgID), strings.Clone(o.NameEn), strings.Clone(o.Type)
	o.Level, o.Place, o.PlaceRule = strings.Clone(o.Level), strings.Clone(o.Place), strings.Clone(o.PlaceRule)
	return o
}

type orgRow struct {
	org     stages.Organization
	aliases map[string]struct{}
}

// TmpDir is where a run's files wait until commit.
func TmpDir(out, runID string) string { return filepath.Join(out, "_tmp", runID) }

// PartName is the file name of a run's part of a table.
func PartName(runID, shard string) string {
	if shard != "" {
		return "part-" + runID + "-" + shard + ".parquet"
	}
	return "part-" + runID + ".parquet"
}

// New opens one part per table under the run's temporary directory.
func New(cfg Config) (*Sink, error) {
	if cfg.Mem == nil {
		cfg.Mem = memory.DefaultAllocator
	}
	s := &Sink{
		cfg:    cfg,
		tmp:    TmpDir(cfg.Out, cfg.RunID),
		date:   cfg.StartedAt.UTC().Format("2006-01-02"),
		parts:  map[string]*part{},
		orgs:   map[string]*orgRow{},
		events: map[string]*eventRow{},
	}
	for _, t := range schemas.All {
		if t.Name == schemas.Runs.Name {
			continue // written at commit
		}
		p, err := s.openPart(t)
		if err != nil {
			s.Abort()
			return nil, fmt.Errorf("sink: %w", err)
		}
		s.parts[t.Name] = p
	}
	s.cols = resolveColumns(s.parts)
	return s, nil
}

func (s *Sink) rel(table string) string {
	return filepath.Join(table, "ingest_date="+s.date, PartName(s.cfg.RunID, s.cfg.Shard))
}

func (s *Sink) tmpPath(table string) string { return filepath.Join(s.tmp, s.rel(table)) }

// FinalPath is where a table's part of this run becomes visible.
func (s *Sink) FinalPath(table string) string { return filepath.Join(s.cfg.Out, s.rel(table)) }

// Add writes one article's rows. Articles arrive in input order.
func (s *Sink) Add(ctx context.Context, a *stages.Article) error {
	if a.Reject != nil {
		return s.addReject(a)
	}
	if err := s.addArticle(a); err != nil {
		return err
	}
	s.noteArticle(a)
	for i := range a.Stats {
		if err := s.addStatistic(a, &a.Stats[i]); err != nil {
			return err
		}
	}
	for i := range a.Orgs {
		if err := s.addOrgMention(a, &a.Orgs[i]); err != nil {
			return err
		}
	}
	for i := range a.Events {
		if err := s.addEvent(a, &a.Events[i]); err != nil {
			return err
		}
	}
	for i := range a.KPIs {
		if err := s.addKPI(a, &a.KPIs[i]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Sink) noteOrg(m *stages.OrgMention) {
	r, ok := s.orgs[m.Org.OrgID]
	if !ok {
		r = &orgRow{org: cloneOrg(m.Org), aliases: map[string]struct{}{}}
		s.orgs[m.Org.OrgID] = r
	}
	if _, ok := r.aliases[m.Surface]; !ok {
		// A surface is a slice of the body: cloning it lets the body go.
		r.aliases[strings.Clone(m.Surface)] = struct{}{}
	}
}

// Counts returns the rows written so far.
func (s *Sink) Counts() Counts { return s.counts }

// Finish writes the organizations dimension, closes every part, moves them
// into place and writes the runs row last. It returns the committed counts.
func (s *Sink) Finish(ctx context.Context, info RunInfo) (Counts, error) {
	if err := s.writeOrganizations(); err != nil {
		s.Abort()
		return s.counts, err
	}
	if err := s.writeEvents(); err != nil {
		s.Abort()
		return s.counts, err
	}
	names := make([]string, 0, len(s.parts))
	for n := range s.parts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := s.parts[n].close(); err != nil {
			s.Abort()
			return s.counts, err
		}
	}
	if err := ctx.Err(); err != nil {
		s.Abort()
		return s.counts, err
	}
	for _, n := range names {
		if err := s.publishPart(n); err != nil {
			s.Abort()
			return s.counts, fmt.Errorf("sink: commit %s: %w", n, err)
		}
	}
	if err := s.finishRun(info); err != nil {
		s.Abort()
		return s.counts, err
	}
	s.parts = nil
	if err := os.RemoveAll(s.tmp); err != nil {
		s.cfg.Log.Warn().Err(err).Msg("remove run temp dir")
	}
	return s.counts, nil
}

// Abort drops every file of the run that is not yet in place.
func (s *Sink) Abort() {
	if s.aborted {
		return
	}
	s.aborted = true
	for _, p := range s.parts {
		p.abort()
	}
	os.RemoveAll(s.tmp)
}

// publish renames a finished file into its partition and makes the rename durable.
func publish(tmp, final string) error {
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func (s *Sink) writeOrganizations() error {
	ids := make([]string, 0, len(s.orgs))
	for id := range s.orgs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	c := s.cols.orgs
	for _, id := range ids {
		r := s.orgs[id]
		aliases := make([]string, 0, len(r.aliases))
		for a := range r.aliases {
			aliases = append(aliases, a)
		}
		sort.Strings(aliases)
		appendStr(c.orgID, id)
		appendStr(c.nameEn, r.org.NameEn)
		appendStr(c.typ, r.org.Type)
		appendOptStr(c.level, r.org.Level)
		appendOptStr(c.place, r.org.Place)
		appendOptStr(c.placeRule, r.org.PlaceRule)
		c.aliases.Append(true)
		vb := c.aliases.ValueBuilder().(*array.StringBuilder)
		for _, a := range aliases {
			vb.Append(a)
		}
		appendStr(c.firstSeen, s.cfg.RunID)
		appendStr(c.runID, s.cfg.RunID)
		s.counts.Organizations++
		if err := s.parts[schemas.Organizations.Name].rowDone(64); err != nil {
			return err
		}
	}
	return nil
}

func (s *Sink) writeRun(info RunInfo) error {
	p, err := s.openPart(schemas.Runs)
	if err != nil {
		return fmt.Errorf("sink: runs: %w", err)
	}
	ts := func(name string, t time.Time) {
		field[*array.TimestampBuilder](p, name).Append(arrow.Timestamp(t.UTC().UnixMicro()))
	}
	i64 := func(name string, v int64) { field[*array.Int64Builder](p, name).Append(v) }
	field[*array.StringBuilder](p, "run_id").Append(s.cfg.RunID)
	ts("started_at", s.cfg.StartedAt)
	ts("finished_at", time.Now())
	field[*array.StringBuilder](p, "status").Append("committed")
	field[*array.StringBuilder](p, "version").Append(info.Version)
	appendOptStr(field[*array.StringBuilder](p, "shard"), info.Shard)
	lb := field[*array.ListBuilder](p, "inputs")
	lb.Append(true)
	for _, in := range info.Inputs {
		lb.ValueBuilder().(*array.StringBuilder).Append(in)
	}
	i64("files_seen", info.FilesSeen)
	i64("files_skipped", info.FilesSkipped)
	i64("bytes_read", info.BytesRead)
	i64("articles_in", info.ArticlesIn)
	i64("articles_out", s.counts.Articles)
	i64("articles_known", info.ArticlesKnown)
	i64("statistics_out", s.counts.Statistics)
	i64("org_mentions_out", s.counts.OrgMentions)
	i64("events_out", s.counts.Events)
	i64("event_mentions_out", s.counts.EventMentions)
	i64("kpis_out", s.counts.KPIs)
	i64("rejects_out", s.counts.Rejects)
	for _, f := range schemas.Runs.Schema.Fields() {
		if name, ok := strings.CutPrefix(f.Name, "stage_"); ok {
			b := field[*array.Float64Builder](p, f.Name)
			if v, ok := info.StageSeconds[strings.TrimSuffix(name, "_seconds")]; ok {
				b.Append(v)
			} else {
				b.AppendNull()
			}
		}
	}
	if err := p.rowDone(0); err != nil {
		p.abort()
		return err
	}
	if err := p.close(); err != nil {
		p.file.discard()
		return err
	}
	if err := s.publishPart(schemas.Runs.Name); err != nil {
		return fmt.Errorf("sink: commit runs: %w", err)
	}
	return nil
}
