// Package pipeline owns the stage graph: it walks the inputs on one goroutine,
// runs the per-article stages on a pool of workers, and hands the articles, in
// input order, to the whole-run stages that end in the sink's commit.
//
//	ingest ──▶ futures (bounded, input order) ──────────────────▶ run stages ─▶ sink
//	     └──▶ jobs ──▶ N workers: clean → lang → segment → numbers → entities → events → kpis
//
// Output does not depend on --workers: futures are consumed in submission order.
package pipeline

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/rs/zerolog"
	"golang.org/x/sync/errgroup"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/pipeline/shard"
	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/clean"
	"github.com/statharvest/statharvest/stages/ingest"
	"github.com/statharvest/statharvest/stages/sink"
	"github.com/statharvest/statharvest/stages/story"
)

// ArticleStage processes one article. Implementations hold only immutable
// configuration, so one value serves every worker.
type ArticleStage interface {
	Process(ctx context.Context, a *stages.Article) error
}

// RunStage sees every article of the run, in input order, on one goroutine.
type RunStage interface {
	Add(ctx context.Context, a *stages.Article) error
}

// Config is everything a run needs.
type Config struct {
	Sources []ingest.Source
	Out     string
	Workers int
	// Full reprocesses every input, ignoring what earlier runs did.
	Full bool
	// RepeatSample is how many articles the repeated-line pre-pass reads;
	// 0 means 5000, negative turns the pre-pass off.
	RepeatSample int
	Limits       Limits
	Version      string
	Log          zerolog.Logger
	Mem          memory.Allocator
	// Progress, when set, is told about every article as it is committed to the sink.
	Progress func(Progress)
	// Now returns the run's start time; nil means time.Now.
	Now func() time.Time
	// Shard, when set, restricts the run to its part of the inputs and
	// leaves the commit to a separate step (see object.go).
	Shard shard.Spec
	// RunID, when set, is the run's id instead of a new one; the shards of
	// one run share it.
	RunID string
}

// Limits keep one bad input from hurting the run.
type Limits struct {
	MaxArticleBytes int64
	MaxLineBytes    int
	ArticleTimeout  time.Duration
}

// Progress is a snapshot of a running run: articles handed to the sink,
// input bytes read and input files found so far.
type Progress struct {
	Articles int64
	Bytes    int64
	Files    int64
}

// Result summarizes a committed run.
type Result struct {
	RunID         string
	StartedAt     time.Time
	Duration      time.Duration
	Counts        sink.Counts
	ArticlesIn    int64
	ArticlesKnown int64
	BytesRead     int64
	FilesSeen     int64
	FilesSkipped  int64
	StageTime     map[string]time.Duration
	PeakHeapBytes uint64
}

// namedStage pairs a per-article stage with the name used in rejects and timings.
type namedStage struct {
	name  string
	stage ArticleStage
}

type future struct {
	a    *stages.Article
	done chan struct{}
}

// NewRunID returns a lowercase-hex id that sorts by start time.
func NewRunID(t time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%016x%s", t.UTC().UnixNano(), hex.EncodeToString(b[:]))
}

// Run processes the inputs and commits one run under cfg.Out.
func Run(ctx context.Context, cfg Config) (Result, error) {
	now := time.Now
	if cfg.Now != nil {
		now = cfg.Now
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Mem == nil {
		cfg.Mem = memory.DefaultAllocator
	}
	started := now()
	res := Result{RunID: cfg.RunID, StartedAt: started}
	if res.RunID == "" {
		res.RunID = NewRunID(started)
	}
	log := cfg.Log.With().Str("run_id", res.RunID).Logger()

	// Object stores and shards have neither the lock nor the incremental
	// state: their runs are full runs (see object.go).
	bucket, storyDir, err := openObjectOutput(ctx, cfg)
	if err != nil {
		return res, err
	}
	var state *State
	if bucket != nil {
		defer bucket.Close()
		defer os.RemoveAll(storyDir)
	} else {
		lock, err := AcquireLock(cfg.Out)
		if err != nil {
			return res, err
		}
		defer lock.Release()
		// One read of the runs table serves both: removing leftovers does not
		// change which runs are committed.
		ds, err := dataset.Open(cfg.Out)
		if err != nil {
			return res, err
		}
		if err := removeLeftovers(cfg.Out, ds, log); err != nil {
			return res, err
		}
		state, err = OpenState(cfg.Out)
		if err != nil {
			return res, err
		}
		defer state.Close()
		if err := state.Reconcile(ds, log); err != nil {
			return res, err
		}
	}
	perArticle, err := buildStages(cfg)
	if err != nil {
		return res, err
	}
	ing := ingest.New(ingest.Limits{MaxArticleBytes: cfg.Limits.MaxArticleBytes})
	unchanged := func(fi ingest.FileInfo) bool { return state != nil && !cfg.Full && state.FileUnchanged(fi) }
	if cfg.RepeatSample >= 0 {
		limit := cfg.RepeatSample
		if limit == 0 {
			limit = 5000
		}
		for i, st := range perArticle {
			if c, ok := st.stage.(*clean.Stage); ok {
				learned, err := learnRepeats(ctx, ing, cfg.Sources, unchanged, c, limit)
				if err != nil {
					return res, err
				}
				perArticle[i].stage = learned
			}
		}
	}
	if storyDir == "" {
		storyDir = filepath.Join(cfg.Out, "_state", "stories")
	}
	stories, err := story.Open(storyDir)
	if err != nil {
		return res, err
	}
	dh, err := dataHash(data.FS)
	if err != nil {
		return res, err
	}
	version := cfg.Version
	if version == "" {
		version = "dev"
	}
	version += "+data." + dh
	snk, err := sink.New(sink.Config{Out: cfg.Out, RunID: res.RunID, Shard: cfg.Shard.Tag(), StartedAt: shardStart(cfg, res.RunID, started), Mem: cfg.Mem, Log: log, Bucket: bucket})
	if err != nil {
		return res, err
	}
	committed := false
	defer func() {
		if !committed {
			snk.Abort()
		}
	}()

	stageNanos := make([]atomic.Int64, len(perArticle))
	var peak atomic.Uint64
	stopPeak := watchHeap(&peak)
	defer stopPeak()

	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan *future)
	futures := make(chan *future, 2*cfg.Workers)
	var filesSeen, filesSkipped, bytesRead, articlesIn, articlesKnown atomic.Int64
	seen := map[string]string{} // article id -> first source path, for duplicates
	var doneFiles []ingest.FileInfo
	var newArticles []string

	// Source: the walk sends each article to the workers and its future to the consumer.
	g.Go(func() error {
		defer close(futures)
		defer close(jobs)
		hooks := ingest.Hooks{
			Skip: func(fi ingest.FileInfo) bool {
				if !cfg.Shard.Owns(fi.Path) {
					return true // another shard's input
				}
				filesSeen.Add(1)
				if unchanged(fi) {
					filesSkipped.Add(1)
					return true
				}
				return false
			},
			Done: func(fi ingest.FileInfo) { doneFiles = append(doneFiles, fi) },
		}
		return ing.Walk(gctx, cfg.Sources, hooks, func(a *stages.Article) error {
			if !cfg.Shard.Owns(a.SourcePath) {
				return nil // a reject of another shard's input
			}
			articlesIn.Add(1)
			bytesRead.Add(int64(len(a.Raw)))
			if a.Reject == nil {
				if first, dup := seen[a.ID]; dup {
					a.Raw = nil
					a.Reject = &stages.Reject{Stage: "ingest", Reason: stages.ReasonDuplicate, Detail: "same bytes as " + first}
				} else if state != nil && !cfg.Full && state.KnownArticle(a.ID) {
					// Written by an earlier committed run: nothing to add.
					articlesKnown.Add(1)
					return nil
				} else {
					seen[a.ID] = a.SourcePath
					newArticles = append(newArticles, a.ID)
				}
			}
			f := &future{a: a, done: make(chan struct{})}
			if a.Reject != nil {
				close(f.done)
			} else {
				select {
				case jobs <- f:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			select {
			case futures <- f:
				return nil
			case <-gctx.Done():
				return gctx.Err()
			}
		})
	})

	for w := 0; w < cfg.Workers; w++ {
		g.Go(func() error {
			for f := range jobs {
				process(gctx, cfg.Limits, perArticle, stageNanos, f.a, log)
				close(f.done)
			}
			return nil
		})
	}

	// Consumer: run stages in input order.
	var runStages []RunStage
	runStages = append(runStages, stories, snk)
	g.Go(func() error {
		var n int64
		for f := range futures {
			select {
			case <-f.done:
			case <-gctx.Done():
				return gctx.Err()
			}
			for _, rs := range runStages {
				if err := rs.Add(gctx, f.a); err != nil {
					return err
				}
			}
			n++
			if cfg.Progress != nil {
				cfg.Progress(Progress{Articles: n, Bytes: bytesRead.Load(), Files: filesSeen.Load()})
			}
		}
		return nil
	})

	if err := g.Wait(); err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	// The story index is saved before the commit: if the commit then fails,
	// re-adding the same articles finds their stories again.
	if err := stories.Save(); err != nil {
		return res, err
	}
	stageSeconds := map[string]float64{}
	for i, s := range perArticle {
		stageSeconds[s.name] = time.Duration(stageNanos[i].Load()).Seconds()
	}
	counts, err := snk.Finish(ctx, sink.RunInfo{
		StageSeconds:  stageSeconds,
		Version:       version,
		Shard:         cfg.Shard.String(),
		Inputs:        sourceRoots(cfg.Sources),
		FilesSeen:     filesSeen.Load(),
		FilesSkipped:  filesSkipped.Load(),
		BytesRead:     bytesRead.Load(),
		ArticlesIn:    articlesIn.Load(),
		ArticlesKnown: articlesKnown.Load(),
	})
	if err != nil {
		return res, err
	}
	committed = true
	if state == nil {
		// Nothing to record: object-store and sharded runs are full runs.
	} else if err := state.Apply(res.RunID, doneFiles, newArticles); err != nil {
		// The run is committed; the next start reconciles the state from it.
		log.Error().Err(err).Msg("recording the run in the incremental state failed")
	}
	res.Counts = counts
	res.ArticlesIn, res.BytesRead, res.FilesSeen = articlesIn.Load(), bytesRead.Load(), filesSeen.Load()
	res.ArticlesKnown, res.FilesSkipped = articlesKnown.Load(), filesSkipped.Load()
	res.Duration = now().Sub(started)
	res.StageTime = map[string]time.Duration{}
	for i, s := range perArticle {
		res.StageTime[s.name] = time.Duration(stageNanos[i].Load())
	}
	stopPeak()
	res.PeakHeapBytes = peak.Load()
	return res, nil
}

func sourceRoots(srcs []ingest.Source) []string {
	out := make([]string, len(srcs))
	for i, s := range srcs {
		out[i] = s.Root
	}
	return out
}

// process runs the per-article stages on a; a stage's *stages.Reject, a panic
// or an exhausted time budget turns the article into a rejects row.
func process(ctx context.Context, lim Limits, ss []namedStage, nanos []atomic.Int64, a *stages.Article, log zerolog.Logger) {
	if lim.MaxLineBytes > 0 {
		if n, at := longestLine(a.Raw); n > lim.MaxLineBytes {
			a.Raw = nil
			a.Reject = &stages.Reject{Stage: "ingest", Reason: stages.ReasonLineTooLong,
				Detail: fmt.Sprintf("line at byte %d is %d bytes long, limit %d", at, n, lim.MaxLineBytes)}
			return
		}
	}
	var deadline time.Time
	if lim.ArticleTimeout > 0 {
		deadline = time.Now().Add(lim.ArticleTimeout)
	}
	for i, s := range ss {
		if ctx.Err() != nil {
			return
		}
		t0 := time.Now()
		err := runStage(ctx, s, a, log)
		nanos[i].Add(int64(time.Since(t0)))
		if err != nil {
			var rej *stages.Reject
			if !errors.As(err, &rej) {
				rej = &stages.Reject{Reason: stages.ReasonPanic, Detail: err.Error()}
			}
			if rej.Stage == "" {
				rej.Stage = s.name
			}
			a.Reject = rej
			a.Raw = nil
			return
		}
		if !deadline.IsZero() && time.Now().After(deadline) && i < len(ss)-1 {
			a.Reject = &stages.Reject{Stage: s.name, Reason: stages.ReasonTimeout,
				Detail: fmt.Sprintf("article exceeded its time budget of %s after stage %s", lim.ArticleTimeout, s.name)}
			return
		}
	}
}

// longestLine returns the length and offset of the longest line of b.
func longestLine(b []byte) (n, at int) {
	for off := 0; off < len(b); {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			i = len(b) - off
		}
		if i > n {
			n, at = i, off
		}
		off += i + 1
	}
	return n, at
}

func runStage(ctx context.Context, s namedStage, a *stages.Article, log zerolog.Logger) (err error) {
	defer func() {
		if r := recover(); r != nil {
			log.Error().Str("stage", s.name).Str("source_path", a.SourcePath).Str("stack", string(debug.Stack())).Msgf("stage panicked: %v", r)
			err = &stages.Reject{Stage: s.name, Reason: stages.ReasonPanic, Detail: fmt.Sprint(r)}
		}
	}()
	return s.stage.Process(ctx, a)
}

// watchHeap samples the live heap until stopped, so runs can report their peak.
func watchHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	var once atomic.Bool
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		for {
			old := peak.Load()
			if ms.HeapInuse <= old || peak.CompareAndSwap(old, ms.HeapInuse) {
				return
			}
		}
	}
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				sample()
			case <-done:
				return
			}
		}
	}()
	return func() {
		if once.CompareAndSwap(false, true) {
			sample()
			close(done)
		}
	}
}
