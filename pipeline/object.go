package pipeline

import (
	"context"
	"errors"
	"math"
	"os"
	"strconv"
	"time"

	"gocloud.dev/blob"

	"github.com/statharvest/statharvest/pipeline/blobfs"
	"github.com/statharvest/statharvest/pipeline/shard"
)

// ErrShardRunID is returned for a shard without a run id: the shards of one
// run must agree on it.
var ErrShardRunID = errors.New("a sharded run needs --run-id, the same for every shard (statharvest run-id prints a new one)")

// openObjectOutput opens the output as a bucket when it is a URL or the run
// is a shard, and returns nil for an unsharded run into a local directory.
//
// Such runs write each part straight to its final key (no rename on object
// stores) and take no lock: the shards of a run write disjoint files, and a
// part stays invisible until the runs row of its run exists. They keep no
// incremental state either (a local file cannot be shared by pods), so every
// such run processes all of its inputs, as after a lexicon upgrade, and its
// story index starts empty in a temporary directory (storyDir): stories
// group the editions that one process sees.
func openObjectOutput(ctx context.Context, cfg Config) (b *blob.Bucket, storyDir string, err error) {
	if !blobfs.IsURL(cfg.Out) && !cfg.Shard.Sharded() {
		return nil, "", nil
	}
	if cfg.Shard.Sharded() && cfg.RunID == "" {
		return nil, "", ErrShardRunID
	}
	if cfg.RunID != "" {
		if err := shard.CheckRunID(cfg.RunID); err != nil {
			return nil, "", err
		}
	}
	b, err = blobfs.OpenBucket(ctx, cfg.Out)
	if err != nil {
		return nil, "", err
	}
	storyDir, err = os.MkdirTemp("", "statharvest-stories-")
	if err != nil {
		b.Close()
		return nil, "", err
	}
	return b, storyDir, nil
}

// shardStart is when a sharded run started, for its ingest_date partition and
// its runs row: the time in its run id when the id is one NewRunID made, so
// that every shard, and every re-run of a shard, writes the same partition
// and overwrites its own parts even across midnight. Otherwise it is started.
func shardStart(cfg Config, runID string, started time.Time) time.Time {
	if !cfg.Shard.Sharded() || len(runID) < 16 {
		return started
	}
	ns, err := strconv.ParseUint(runID[:16], 16, 64)
	if err != nil || ns > math.MaxInt64 {
		return started
	}
	t := time.Unix(0, int64(ns))
	// An id of another making may parse too: trust only plausible times.
	if t.Year() < 2000 || t.After(started.Add(24*time.Hour)) {
		return started
	}
	return t
}
