package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/pipeline/blobfs"
	"github.com/statharvest/statharvest/pipeline/shard"
	"github.com/statharvest/statharvest/stages/ingest"
	"github.com/statharvest/statharvest/stages/sink"
)

// exitIncomplete is commit's exit code while some shard has not finished:
// distinct, so a workflow can wait and retry instead of failing.
const exitIncomplete = 5

type commitOptions struct {
	runID    string
	shards   int
	output   string
	logLevel string
}

func newCommitCmd() *cobra.Command {
	o := commitOptions{}
	c := &cobra.Command{
		Use:   "commit --run-id ID --shards N [--output DIR|URL]",
		Short: "Make a sharded run visible once every shard has finished",
		Long: `Commit finishes a run written by N shards ('statharvest run --shard K/N
--run-id ID'): it checks that every shard wrote its manifest
(OUT/_manifests/<run_id>/shard-K-of-N.json) and every file the manifest lists,
deletes parts of the run that no manifest lists (left by killed attempts),
merges the shards' organizations and events into one part each, and writes the
runs row last, which makes the run visible to readers. Committing twice is
harmless.

The output is a directory or a URL: file://, s3:// (add ?endpoint=...&use_path_style=true
for MinIO and other S3-compatible servers), gs://, azblob://.

Exit codes: 0 committed, 5 some shard has not finished (nothing changed),
1 failure, 2 usage error. Settings also come from STATHARVEST_RUN_ID,
STATHARVEST_SHARDS, STATHARVEST_OUTPUT.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCommit(cmd, &o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.runID, "run-id", "", "the run id every shard was given")
	f.IntVar(&o.shards, "shards", 0, "how many shards the run has (N of --shard K/N)")
	f.StringVarP(&o.output, "output", "o", "out", "output directory or URL the shards wrote to")
	f.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	return c
}

func runCommit(cmd *cobra.Command, o *commitOptions) error {
	if err := applyConfig(cmd.Flags(), "", os.Getenv); err != nil {
		return err
	}
	log, err := newLogger(o.logLevel)
	if err != nil {
		return err
	}
	if err := shard.CheckRunID(o.runID); err != nil {
		return usagef("--run-id: %w", err)
	}
	if o.shards < 1 || o.shards > shard.MaxShards {
		return usagef("--shards: want 1 to %d, got %d", shard.MaxShards, o.shards)
	}
	ctx := cmd.Context()
	b, err := blobfs.OpenBucket(ctx, o.output)
	if err != nil {
		return err
	}
	defer b.Close()
	res, err := sink.Commit(ctx, b, o.output, o.runID, o.shards, nil, log.With().Str("run_id", o.runID).Logger())
	if err != nil {
		return err
	}
	log.Info().Str("run_id", o.runID).Int("shards", o.shards).
		Int64("articles", res.Counts.Articles).
		Int64("statistics", res.Counts.Statistics).
		Int64("organizations", res.Counts.Organizations).
		Int64("events", res.Counts.Events).
		Int64("kpis", res.Counts.KPIs).
		Int64("rejects", res.Counts.Rejects).
		Int("unlisted_parts_removed", len(res.Removed)).
		Str("runs_part", res.RunKey).
		Msg("run committed")
	fmt.Fprintf(cmd.OutOrStdout(), "run %s committed from %d shards: %d articles, %d statistics, %d organizations, %d events, %d kpis, %d rejects\n",
		o.runID, o.shards, res.Counts.Articles, res.Counts.Statistics, res.Counts.Organizations, res.Counts.Events, res.Counts.KPIs, res.Counts.Rejects)
	return nil
}

func newRunIDCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "run-id",
		Short: "Print a new run id, to give every shard of one run",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), pipeline.NewRunID(time.Now()))
			return nil
		},
	}
}

// shardOf reads --shard, else the Indexed Job environment, and checks that a
// sharded run has a run id.
func shardOf(o *runOptions) (shard.Spec, error) {
	var sh shard.Spec
	if o.shard != "" {
		s, err := shard.Parse(o.shard)
		if err != nil {
			return sh, usagef("--shard: %w", err)
		}
		sh = s
	} else {
		s, ok, err := shard.FromEnv(os.Getenv)
		if err != nil {
			return sh, usagef("%w", err)
		}
		if ok {
			sh = s
		}
	}
	if o.runID != "" {
		if err := shard.CheckRunID(o.runID); err != nil {
			return sh, usagef("--run-id: %w", err)
		}
	} else if sh.Sharded() {
		return sh, usagef("%w", pipeline.ErrShardRunID)
	}
	return sh, nil
}

func isObjectURL(in string) bool { return blobfs.IsURL(in) }

// objectSource opens an input URL; a missing local file:// path is a usage error.
func objectSource(in string) (src ingest.Source, err error) {
	src, err = blobfs.Source(context.Background(), in)
	if err != nil && (errors.Is(err, os.ErrNotExist) || strings.HasPrefix(in, "file:")) {
		return src, usagef("input %s: %w", blobfs.Redact(in), err)
	}
	return src, err
}
