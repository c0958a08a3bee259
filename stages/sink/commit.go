package sink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/rs/zerolog"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/schemas"
	"github.com/statharvest/statharvest/stages"
)

// ErrIncomplete is returned by Commit while some shard has not finished.
var ErrIncomplete = errors.New("run is incomplete")

// CommitResult is what Commit did.
type CommitResult struct {
	Counts Counts
	// Removed are parts of the run that no manifest lists: files of killed
	// attempts of a shard, deleted before the run became visible.
	Removed []string
	// RunKey is the runs part written last.
	RunKey string
}

// Commit makes sharded run runID, written by n shards into b (at location
// out, a directory or URL), visible: it
// checks that every shard's manifest and every part it lists are present,
// deletes parts of the run that no manifest lists, merges the shards'
// organizations into one part and writes the runs row last. Committing a
// committed run again rewrites the same files with the same rows.
func Commit(ctx context.Context, b *blob.Bucket, out, runID string, n int, mem memory.Allocator, log zerolog.Logger) (CommitResult, error) {
	var res CommitResult
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	ms, err := readManifests(ctx, b, runID, n)
	if err != nil {
		return res, err
	}
	keep := map[string]bool{}
	info := RunInfo{Version: ms[0].Version, Shard: "*/" + strconv.Itoa(n), Inputs: ms[0].Inputs}
	started := ms[0].StartedAt
	var counts Counts
	for _, m := range ms {
		if m.Version != info.Version {
			return res, fmt.Errorf("sink: shards of run %s ran different versions (%s in shard 0, %s in shard %d): run every shard with the same binary and data", runID, info.Version, m.Version, m.Shard)
		}
		listed := append(append([]ManifestPart{{Key: m.Events}}, m.Staged...), m.Parts...)
		for _, p := range listed {
			ok, err := b.Exists(ctx, p.Key)
			if err != nil {
				return res, fmt.Errorf("sink: %s: %w", p.Key, err)
			}
			if !ok {
				return res, fmt.Errorf("%w: shard %d/%d lists %s, which is missing: run the shard again", ErrIncomplete, m.Shard, n, p.Key)
			}
			keep[p.Key] = true
		}
		if m.StartedAt.Before(started) {
			started = m.StartedAt
		}
		info.FilesSeen += m.FilesSeen
		info.FilesSkipped += m.FilesSkipped
		info.BytesRead += m.BytesRead
		info.ArticlesIn += m.ArticlesIn
		info.ArticlesKnown += m.ArticlesKnown
		addCounts(&counts, m.Counts)
		for name, sec := range m.StageSeconds {
			if info.StageSeconds == nil {
				info.StageSeconds = map[string]float64{}
			}
			info.StageSeconds[name] += sec
		}
	}
	// Written again below from the merged rows.
	counts.Organizations, counts.Events = 0, 0
	if res.Removed, err = removeUnlisted(ctx, b, runID, keep, log); err != nil {
		return res, err
	}

	s := &Sink{
		cfg:    Config{Out: out, RunID: runID, StartedAt: started, Mem: mem, Log: log, Bucket: b},
		date:   started.UTC().Format("2006-01-02"),
		parts:  map[string]*part{},
		orgs:   map[string]*orgRow{},
		counts: counts,
	}
	s.events = map[string]*eventRow{}
	shardEvents := make([][]stagedEvent, len(ms))
	for k, m := range ms {
		for _, p := range m.Staged {
			if p.Table == schemas.Organizations.Name {
				if err := s.mergeOrganizations(ctx, p.Key); err != nil {
					return res, err
				}
			}
		}
		data, err := b.ReadAll(ctx, m.Events)
		if err != nil {
			return res, fmt.Errorf("sink: %s: %w", m.Events, err)
		}
		if err := json.Unmarshal(data, &shardEvents[k]); err != nil {
			return res, fmt.Errorf("sink: %s: %w", m.Events, err)
		}
	}
	s.mergeEvents(shardEvents)
	if err := s.writeRunWide(); err != nil {
		return res, err
	}
	for _, t := range []string{schemas.Organizations.Name, schemas.Events.Name} {
		if err := s.publishPart(t); err != nil {
			return res, err
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if err := s.writeRun(info); err != nil {
		return res, err
	}
	res.Counts = s.counts
	res.RunKey = s.key(schemas.Runs.Name)
	return res, nil
}

// readManifests reads the n manifests of a run, or says which are missing.
func readManifests(ctx context.Context, b *blob.Bucket, runID string, n int) ([]Manifest, error) {
	ms := make([]Manifest, n)
	var missing []string
	for k := 0; k < n; k++ {
		key := ManifestKey(runID, k, n)
		data, err := b.ReadAll(ctx, key)
		if gcerrors.Code(err) == gcerrors.NotFound {
			missing = append(missing, strconv.Itoa(k))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("sink: %s: %w", key, err)
		}
		m := &ms[k]
		if err := json.Unmarshal(data, m); err != nil {
			return nil, fmt.Errorf("sink: %s: %w", key, err)
		}
		if m.RunID != runID || m.Shard != k || m.Shards != n {
			return nil, fmt.Errorf("sink: %s describes shard %d/%d of run %s", key, m.Shard, m.Shards, m.RunID)
		}
	}
	if len(missing) > 0 {
		other := otherManifests(ctx, b, runID, n)
		return nil, fmt.Errorf("%w: %d of %d shards of run %s have no manifest under %s (shards %s not finished)%s",
			ErrIncomplete, len(missing), n, runID, ManifestDir(runID), abbreviate(missing, 20), other)
	}
	return ms, nil
}

// otherManifests notes manifests written for another shard count, the
// usual cause of a commit that finds none.
func otherManifests(ctx context.Context, b *blob.Bucket, runID string, n int) string {
	it := b.List(&blob.ListOptions{Prefix: ManifestDir(runID) + "/shard-"})
	suffix := "-of-" + strconv.Itoa(n) + ".json"
	others := 0
	for {
		obj, err := it.Next(ctx)
		if err != nil {
			break
		}
		if !strings.HasSuffix(obj.Key, suffix) {
			others++
		}
	}
	if others == 0 {
		return ""
	}
	return fmt.Sprintf("; %d manifest(s) of this run name another shard count", others)
}

func abbreviate(xs []string, max int) string {
	if len(xs) <= max {
		return strings.Join(xs, ",")
	}
	return strings.Join(xs[:max], ",") + ",..."
}

// removeUnlisted deletes the run's shard parts that no manifest lists: what
// a killed attempt wrote under another ingest date or another shard count,
// and the temporary files of uploads it never finished (object stores keep
// those out of sight; a local directory does not).
func removeUnlisted(ctx context.Context, b *blob.Bucket, runID string, keep map[string]bool, log zerolog.Logger) ([]string, error) {
	var removed []string
	prefix := "part-" + runID + "-"
	unlisted := func(key string) bool {
		base := path.Base(key)
		if strings.HasPrefix(key, ManifestDir(runID)+"/") {
			return strings.HasSuffix(base, ".tmp")
		}
		if !strings.HasPrefix(base, prefix) {
			return false
		}
		return strings.HasSuffix(base, ".tmp") && strings.Contains(base, ".parquet.") ||
			strings.HasSuffix(base, ".parquet") && !keep[key]
	}
	for _, t := range schemas.All {
		if t.Name == schemas.Runs.Name {
			continue
		}
		it := b.List(&blob.ListOptions{Prefix: t.Name + "/"})
		for {
			obj, err := it.Next(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				return removed, fmt.Errorf("sink: list %s: %w", t.Name, err)
			}
			if obj.IsDir || !unlisted(obj.Key) {
				continue
			}
			log.Warn().Str("key", obj.Key).Msg("removing a part no shard manifest lists")
			if err := b.Delete(ctx, obj.Key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
				return removed, fmt.Errorf("sink: remove %s: %w", obj.Key, err)
			}
			removed = append(removed, obj.Key)
		}
	}
	it := b.List(&blob.ListOptions{Prefix: ManifestDir(runID) + "/"})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return removed, fmt.Errorf("sink: list %s: %w", ManifestDir(runID), err)
		}
		if !obj.IsDir && unlisted(obj.Key) {
			if err := b.Delete(ctx, obj.Key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
				return removed, fmt.Errorf("sink: remove %s: %w", obj.Key, err)
			}
			removed = append(removed, obj.Key)
		}
	}
	sort.Strings(removed)
	return removed, nil
}

// mergeOrganizations adds a shard's organizations part to the run's: the
// same org_id carries the same attributes in every shard by construction, so
// only the aliases are unioned.
func (s *Sink) mergeOrganizations(ctx context.Context, key string) error {
	data, err := s.cfg.Bucket.ReadAll(ctx, key)
	if err != nil {
		return fmt.Errorf("sink: %s: %w", key, err)
	}
	// The dataset reader takes a path; shard organization parts are small.
	tmp, err := os.CreateTemp("", "statharvest-orgs-*.parquet")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return werr
	}
	rows, err := dataset.ReadFile(tmp.Name())
	if err != nil {
		return fmt.Errorf("sink: %s: %w", key, err)
	}
	for _, r := range rows {
		id := r.Str("org_id")
		o, ok := s.orgs[id]
		if !ok {
			o = &orgRow{
				org: stages.Organization{
					OrgID: id, NameEn: r.Str("name_en"), Type: r.Str("type"), Level: r.Str("level"),
					Place: r.Str("place"), PlaceRule: r.Str("place_rule"),
				},
				aliases: map[string]struct{}{},
			}
			s.orgs[id] = o
		}
		aliases, _ := r["aliases"].([]string)
		for _, a := range aliases {
			o.aliases[a] = struct{}{}
		}
	}
	return nil
}

// writeRunWide writes the merged organizations and events parts.
func (s *Sink) writeRunWide() error {
	orgs, err := s.openPart(schemas.Organizations)
	if err != nil {
		return fmt.Errorf("sink: organizations: %w", err)
	}
	events, err := s.openPart(schemas.Events)
	if err != nil {
		orgs.abort()
		return fmt.Errorf("sink: events: %w", err)
	}
	s.parts[schemas.Organizations.Name], s.parts[schemas.Events.Name] = orgs, events
	s.cols.resolveRunWide(orgs, events)
	err = s.writeOrganizations()
	if err == nil {
		err = s.writeEvents()
	}
	for _, p := range []*part{orgs, events} {
		if err == nil {
			err = p.close()
		}
	}
	if err != nil {
		orgs.file.discard()
		events.file.discard()
		return err
	}
	return nil
}

// addCounts adds every count of b to a.
func addCounts(a *Counts, b Counts) {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b)
	for i := 0; i < va.NumField(); i++ {
		va.Field(i).SetInt(va.Field(i).Int() + vb.Field(i).Int())
	}
}
