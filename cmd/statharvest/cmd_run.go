package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/stages/ingest"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

type runOptions struct {
	config          string
	full            bool
	metricsFile     string
	maxLineBytes    int
	inputs          []string
	output          string
	workers         int
	logLevel        string
	maxArticleBytes int64
	articleTimeout  time.Duration
	memoryLimit     int64
	cpuProfile      string
	memProfile      string
	shard           string
	runID           string
}

func newRunCmd() *cobra.Command {
	o := runOptions{}
	c := &cobra.Command{
		Use:   "run [--input PATH ...] [--output DIR] [--workers N]",
		Short: "Process articles into Parquet tables under the output directory",
		Long: `Run reads articles from files and directories (recursively, in lexical order):
one article per .txt or .txt.gz file, and JSON Lines (.jsonl, .jsonl.gz) with one
article per line ("text" required; "id", "url", "published" and "lang" optional).
With no --input it processes the sample articles embedded in the binary.

Tables are written as Hive-partitioned Parquet under the output directory:
  OUT/<table>/ingest_date=YYYY-MM-DD/part-<run_id>.parquet
Files appear only complete; the runs row, written last, marks the run committed.

Runs are incremental: input files unchanged since a committed run (same path,
size and modification time) are not read again, and articles already written
are not written again; --full reprocesses everything.

Inputs and the output may also be URLs: file://, s3:// (with ?endpoint=... for
MinIO and other S3-compatible servers), gs://, azblob://. Runs to a URL and
sharded runs keep no incremental state: they process all their inputs. A
sharded run is N processes, each with --shard K/N (or the JOB_COMPLETION_INDEX
and JOB_COMPLETIONS of a Kubernetes Indexed Job) and the same --run-id; it
becomes visible with 'statharvest commit'. See deploy/README.md.

Settings come from flags, then environment variables, then a config file
(--config, YAML or TOML, keys are the flag names), in that order of precedence.
Each flag's variable is STATHARVEST_ and its name in capitals with underscores,
e.g. STATHARVEST_OUTPUT, STATHARVEST_WORKERS; STATHARVEST_INPUT takes a
comma-separated list.

Exit codes: 0 success, 3 success with rejected inputs, 1 failure, 2 usage error,
4 output directory locked by another run, 130 interrupted.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, &o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.config, "config", "", "config file (YAML or TOML) with flag names as keys")
	f.BoolVar(&o.full, "full", false, "reprocess every input, ignoring the incremental state")
	f.StringVar(&o.metricsFile, "metrics-file", "", "write Prometheus text-format metrics of the run to this file")
	f.IntVar(&o.maxLineBytes, "max-line-bytes", 1<<20, "reject articles with a line longer than this")
	f.StringArrayVarP(&o.inputs, "input", "i", nil, "input file or directory (repeatable); default: the embedded samples")
	f.StringVarP(&o.output, "output", "o", "out", "output directory")
	f.IntVarP(&o.workers, "workers", "w", runtime.NumCPU(), "workers for the per-article stages")
	f.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	f.Int64Var(&o.maxArticleBytes, "max-article-bytes", 16<<20, "reject articles larger than this")
	f.DurationVar(&o.articleTimeout, "article-timeout", 30*time.Second, "per-article time budget; slower articles are rejected")
	f.Int64Var(&o.memoryLimit, "memory-limit", 256<<20, "soft limit of the Go heap in bytes (GOMEMLIMIT wins when set); 0 for none")
	f.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile to this file")
	f.StringVar(&o.memProfile, "memprofile", "", "write a heap profile to this file at the end")
	f.StringVar(&o.shard, "shard", "", "process only shard K of N of the inputs (K/N, K from 0); default from JOB_COMPLETION_INDEX and JOB_COMPLETIONS; commit with 'statharvest commit'")
	f.StringVar(&o.runID, "run-id", "", "run id (lowercase hex), the same for every shard of a run; default: a new one")
	return c
}

// sources turns the --input arguments into ingest sources.
func sources(inputs []string) ([]ingest.Source, error) {
	if len(inputs) == 0 {
		sub, err := fs.Sub(data.FS, "samples")
		if err != nil {
			return nil, err
		}
		return []ingest.Source{{FS: sub, Root: "embedded:samples"}}, nil
	}
	var out []ingest.Source
	for _, in := range inputs {
		if isObjectURL(in) {
			src, err := objectSource(in)
			if err != nil {
				return nil, err
			}
			out = append(out, src)
			continue
		}
		st, err := os.Stat(in)
		if err != nil {
			return nil, usagef("input %w", err)
		}
		if st.IsDir() {
			out = append(out, ingest.Source{FS: os.DirFS(in), Root: in})
		} else {
			out = append(out, ingest.Source{FS: os.DirFS(filepath.Dir(in)), Root: in, File: filepath.Base(in)})
		}
	}
	return out, nil
}

func runRun(cmd *cobra.Command, o *runOptions) error {
	cfgPath := o.config
	if cfgPath == "" {
		cfgPath = os.Getenv(envName("config"))
	}
	if err := applyConfig(cmd.Flags(), cfgPath, os.Getenv); err != nil {
		return err
	}
	log, err := newLogger(o.logLevel)
	if err != nil {
		return err
	}
	if o.workers < 1 {
		return usagef("--workers must be at least 1")
	}
	// A soft heap limit makes the collector work harder as the heap nears
	// it, instead of letting garbage double the footprint of a long run.
	if o.memoryLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(o.memoryLimit)
	}
	srcs, err := sources(o.inputs)
	if err != nil {
		return err
	}
	sh, err := shardOf(o)
	if err != nil {
		return err
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	progress, done := newProgress(os.Stderr, srcs)
	res, err := pipeline.Run(cmd.Context(), pipeline.Config{
		Sources:  srcs,
		Out:      o.output,
		Workers:  o.workers,
		Full:     o.full,
		Limits:   pipeline.Limits{MaxArticleBytes: o.maxArticleBytes, MaxLineBytes: o.maxLineBytes, ArticleTimeout: o.articleTimeout},
		Version:  version,
		Log:      log,
		Progress: progress,
		Shard:    sh,
		RunID:    o.runID,
	})
	done()
	if o.metricsFile != "" {
		if merr := writeMetrics(o.metricsFile, res, err, time.Now()); merr != nil {
			log.Error().Err(merr).Str("file", o.metricsFile).Msg("writing the metrics file failed")
			if err == nil {
				err = merr
			}
		}
	}
	if o.memProfile != "" {
		if perr := writeHeapProfile(o.memProfile); perr != nil && err == nil {
			err = perr
		}
	}
	if err != nil {
		log.Error().Err(err).Msg("run failed")
		return err
	}
	ev := log.Info().Str("run_id", res.RunID).
		Int64("articles_in", res.ArticlesIn).
		Int64("articles_known", res.ArticlesKnown).
		Int64("files_seen", res.FilesSeen).
		Int64("files_skipped", res.FilesSkipped).
		Int64("articles", res.Counts.Articles).
		Int64("statistics", res.Counts.Statistics).
		Int64("org_mentions", res.Counts.OrgMentions).
		Int64("events", res.Counts.Events).
		Int64("kpis", res.Counts.KPIs).
		Int64("rejects", res.Counts.Rejects).
		Int64("bytes_read", res.BytesRead).
		Dur("duration", res.Duration).
		Uint64("peak_heap_bytes", res.PeakHeapBytes)
	for name, d := range res.StageTime {
		ev = ev.Dur("stage_"+name, d)
	}
	if sh.Sharded() {
		ev.Str("shard", sh.String()).Msg("shard written; the run becomes visible with statharvest commit")
	} else {
		ev.Msg("run committed")
	}
	if res.Counts.Rejects > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "statharvest: %d input(s) rejected; see the rejects table\n", res.Counts.Rejects)
		return errWithRejects
	}
	return nil
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	return pprof.WriteHeapProfile(f)
}
