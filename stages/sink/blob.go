package sink

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gocloud.dev/blob"

	"github.com/statharvest/statharvest/schemas"
)

// On an object store there is no rename: a part is streamed straight to its
// final key and becomes readable when its upload completes. It stays
// invisible to readers all the same, because readers count a part only when
// the runs table holds a committed row for its run, and that row is written
// last: by the sink itself in an unsharded run, by Commit in a sharded one.
//
// A shard writes its parts, its organizations to a staging key (Commit merges
// the shards' organizations into one part) and, last, its manifest. Part
// names are deterministic (run id and shard), so a shard that is killed and
// run again overwrites its own parts instead of adding to them.

// ManifestDir is the key prefix of a run's shard manifests.
func ManifestDir(runID string) string { return path.Join("_manifests", runID) }

// ManifestKey is where shard k of n records what it wrote.
func ManifestKey(runID string, k, n int) string {
	return path.Join(ManifestDir(runID), "shard-"+strconv.Itoa(k)+"-of-"+strconv.Itoa(n)+".json")
}

// stagedKey is where shard k of n leaves a run-wide table (organizations,
// events) for Commit to merge; ext is "parquet" or "json".
func stagedKey(runID, table string, k, n int, ext string) string {
	return path.Join(ManifestDir(runID), table, "shard-"+strconv.Itoa(k)+"-of-"+strconv.Itoa(n)+"."+ext)
}

// staged reports whether a shard's table is one row per entity of the whole
// run, and so is merged by Commit rather than published as it is.
func staged(table string) bool {
	return table == schemas.Organizations.Name || table == schemas.Events.Name
}

// Manifest is what one shard wrote, in OUT/_manifests/<run_id>/shard-K-of-N.json.
type Manifest struct {
	RunID         string    `json:"run_id"`
	Shard         int       `json:"shard"`
	Shards        int       `json:"shards"`
	Version       string    `json:"version"`
	StartedAt     time.Time `json:"started_at"`
	FinishedAt    time.Time `json:"finished_at"`
	IngestDate    string    `json:"ingest_date"`
	Inputs        []string  `json:"inputs"`
	FilesSeen     int64     `json:"files_seen"`
	FilesSkipped  int64     `json:"files_skipped"`
	BytesRead     int64     `json:"bytes_read"`
	ArticlesIn    int64     `json:"articles_in"`
	ArticlesKnown int64     `json:"articles_known"`
	Counts        Counts    `json:"counts"`
	// StageSeconds is the time spent per per-article stage, by stage name.
	StageSeconds map[string]float64 `json:"stage_seconds,omitempty"`
	// Parts are published as they are.
	Parts []ManifestPart `json:"parts"`
	// Staged are run-wide tables Commit merges across shards.
	Staged []ManifestPart `json:"staged"`
	// Events is the shard's events with the input position of every
	// reporting article, so Commit can order the merged reports as one
	// unsharded run would.
	Events string `json:"events"`
}

// ManifestPart is one file a shard wrote.
type ManifestPart struct {
	Table string `json:"table"`
	Key   string `json:"key"`
	Rows  int64  `json:"rows"`
}

// shardKN parses the sink's "K-N" shard tag.
func shardKN(tag string) (k, n int, err error) {
	for i := 0; i < len(tag); i++ {
		if tag[i] == '-' {
			k, err1 := strconv.Atoi(tag[:i])
			n, err2 := strconv.Atoi(tag[i+1:])
			if err1 == nil && err2 == nil && k >= 0 && k < n {
				return k, n, nil
			}
		}
	}
	return 0, 0, fmt.Errorf("sink: shard %q: want K-N", tag)
}

// key is the object key of a table's part of this run.
func (s *Sink) key(table string) string {
	return path.Join(table, "ingest_date="+s.date, PartName(s.cfg.RunID, s.cfg.Shard))
}

// openPart starts a table's part: a temporary local file, or an upload to
// its final key (to the staging key for a shard's organizations).
func (s *Sink) openPart(t schemas.Table) (*part, error) {
	if s.cfg.Bucket == nil {
		return newPart(t, s.tmpPath(t.Name), s.cfg.Mem)
	}
	key := s.key(t.Name)
	if staged(t.Name) && s.cfg.Shard != "" {
		k, n, err := shardKN(s.cfg.Shard)
		if err != nil {
			return nil, err
		}
		key = stagedKey(s.cfg.RunID, t.Name, k, n, "parquet")
	}
	return newBlobPart(s.cfg.Bucket, t, key, s)
}

func newBlobPart(b *blob.Bucket, t schemas.Table, key string, s *Sink) (*part, error) {
	// Each upload has its own context: cancelling it is how an upload is
	// abandoned without ever becoming visible.
	ctx, cancel := context.WithCancel(context.Background())
	w, err := b.NewWriter(ctx, key, &blob.WriterOptions{ContentType: "application/vnd.apache.parquet"})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return newPartOn(t, key, &blobFile{w: w, cancel: cancel}, s.cfg.Mem)
}

// blobFile is a part being uploaded.
type blobFile struct {
	w      *blob.Writer
	cancel context.CancelFunc
	closed bool
}

func (f *blobFile) Write(p []byte) (int, error) { return f.w.Write(p) }

func (f *blobFile) finish() error {
	if f.closed {
		return nil
	}
	f.closed = true
	err := f.w.Close()
	f.cancel()
	return err
}

func (f *blobFile) discard() {
	if f.closed {
		return
	}
	f.closed = true
	f.cancel()
	f.w.Close()
}

// publishPart moves a finished local part into its partition; a blob part
// is in place already, and only made durable when its bucket is local.
func (s *Sink) publishPart(table string) error {
	if s.cfg.Bucket != nil {
		key := s.key(table)
		if p, ok := s.parts[table]; ok {
			key = p.path
		}
		return s.syncLocal(key)
	}
	return publish(s.tmpPath(table), s.FinalPath(table))
}

// finishRun commits the run with its runs row, or, for a shard, records what
// the shard wrote in its manifest and leaves the commit to Commit.
func (s *Sink) finishRun(info RunInfo) error {
	if s.cfg.Bucket == nil || s.cfg.Shard == "" {
		return s.writeRun(info)
	}
	k, n, err := shardKN(s.cfg.Shard)
	if err != nil {
		return err
	}
	m := Manifest{
		RunID: s.cfg.RunID, Shard: k, Shards: n, Version: info.Version,
		StartedAt: s.cfg.StartedAt.UTC(), FinishedAt: time.Now().UTC(), IngestDate: s.date,
		Inputs: info.Inputs, FilesSeen: info.FilesSeen, FilesSkipped: info.FilesSkipped,
		BytesRead: info.BytesRead, ArticlesIn: info.ArticlesIn, ArticlesKnown: info.ArticlesKnown,
		Counts: s.counts, StageSeconds: info.StageSeconds,
	}
	for _, t := range schemas.All {
		p, ok := s.parts[t.Name]
		if !ok {
			continue
		}
		mp := ManifestPart{Table: t.Name, Key: p.path, Rows: p.rows}
		if staged(t.Name) {
			m.Staged = append(m.Staged, mp)
			continue
		}
		m.Parts = append(m.Parts, mp)
	}
	m.Events = stagedKey(s.cfg.RunID, schemas.Events.Name, k, n, "json")
	if err := writeJSON(s.cfg.Bucket, m.Events, s.stagedEvents()); err != nil {
		return err
	}
	if err := s.syncLocal(m.Events); err != nil {
		return err
	}
	// The manifest goes last: with it the shard counts as finished.
	key := ManifestKey(s.cfg.RunID, k, n)
	if err := writeJSON(s.cfg.Bucket, key, m); err != nil {
		return err
	}
	return s.syncLocal(key)
}

// localRoot is the directory of a local output (a path or file:// URL), or
// "" for an object store.
func localRoot(out string) string {
	if !strings.Contains(out, "://") {
		return out
	}
	u, err := url.Parse(out)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	if u.Host != "" && u.Host != "localhost" {
		return filepath.FromSlash(path.Join(u.Host, u.Path))
	}
	return filepath.FromSlash(u.Path)
}

// syncLocal makes finished objects of a local output durable: the local
// driver renames files into place without syncing them, and a manifest must
// not outlive the parts it lists. Object stores are durable on completion.
func (s *Sink) syncLocal(keys ...string) error {
	root := localRoot(s.cfg.Out)
	if root == "" {
		return nil
	}
	dirs := map[string]bool{}
	for _, k := range keys {
		p := filepath.Join(root, filepath.FromSlash(k))
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("sink: sync %s: %w", k, err)
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("sink: sync %s: %w", k, err)
		}
		dirs[filepath.Dir(p)] = true
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return fmt.Errorf("sink: sync %s: %w", d, err)
		}
	}
	return nil
}

func writeJSON(b *blob.Bucket, key string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := b.WriteAll(context.Background(), key, append(data, '\n'), &blob.WriterOptions{ContentType: "application/json"}); err != nil {
		return fmt.Errorf("sink: write %s: %w", key, err)
	}
	return nil
}
