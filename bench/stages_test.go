package bench

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/statharvest/statharvest/bench/gen"
	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/clean"
	"github.com/statharvest/statharvest/stages/entities"
	"github.com/statharvest/statharvest/stages/events"
	"github.com/statharvest/statharvest/stages/ingest"
	"github.com/statharvest/statharvest/stages/kpis"
	"github.com/statharvest/statharvest/stages/lang"
	"github.com/statharvest/statharvest/stages/numbers"
	"github.com/statharvest/statharvest/stages/segment"
	"github.com/statharvest/statharvest/stages/sink"
)

type articleStage interface {
	Process(context.Context, *stages.Article) error
}

type named struct {
	name  string
	stage articleStage
}

// chain builds the per-article stages in the pipeline's order.
func chain(b *testing.B) []named {
	b.Helper()
	var fsys fs.FS = data.FS
	must := func(s articleStage, err error) articleStage {
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	return []named{
		{"clean", must(clean.New(fsys))},
		{"lang", must(lang.New(fsys))},
		{"segment", must(segment.New(fsys))},
		{"numbers", must(numbers.New(fsys))},
		{"entities", must(entities.New(fsys))},
		{"events", must(events.New(fsys))},
		{"kpis", must(kpis.New(fsys))},
	}
}

// corpus generates about size bytes of pages and reads them back with ingest,
// leaving out the hostile files: the pipeline's limits keep the worst of them
// (the overlong line) from the stages, and BenchmarkLongLine covers that case.
func corpus(b *testing.B, size int64) []*stages.Article {
	b.Helper()
	dir := b.TempDir()
	if _, err := gen.Generate(data.FS, gen.Config{Dir: dir, Size: size, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	var out []*stages.Article
	err := ingest.New(ingest.Limits{}).Walk(context.Background(), []ingest.Source{{FS: os.DirFS(dir), Root: dir}}, ingest.Hooks{},
		func(a *stages.Article) error {
			if a.Reject == nil && path.Base(path.Dir(a.SourcePath)) != gen.HostileDir {
				out = append(out, a)
			}
			return nil
		})
	if err != nil {
		b.Fatal(err)
	}
	return out
}

func rawBytes(as []*stages.Article) (n int64) {
	for _, a := range as {
		n += int64(len(a.Raw))
	}
	return n
}

// BenchmarkStages times each per-article stage on the same generated pages,
// each fed the output of the stages before it; bytes are input bytes, so the
// MB/s of the stages add up like the pipeline's.
func BenchmarkStages(b *testing.B) {
	ctx := context.Background()
	arts := corpus(b, 4<<20)
	size := rawBytes(arts)
	cs := chain(b)
	for _, s := range cs {
		// Copies, so that every iteration starts from the same input.
		in := make([]stages.Article, 0, len(arts))
		for _, a := range arts {
			if a.Reject == nil {
				in = append(in, *a)
			}
		}
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for i := range in {
					a := in[i]
					_ = s.stage.Process(ctx, &a)
				}
			}
		})
		// Advance the pages through the stage for the next one.
		for _, a := range arts {
			if a.Reject == nil {
				if err := s.stage.Process(ctx, a); err != nil {
					a.Reject = &stages.Reject{Stage: s.name}
				}
			}
		}
	}
	var done []*stages.Article
	for _, a := range arts {
		if a.Reject == nil {
			done = append(done, a)
		}
	}
	b.Run("sink", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n++
			snk, err := sink.New(sink.Config{Out: b.TempDir(), RunID: "bench", StartedAt: time.Unix(0, 0), Log: zerolog.Nop()})
			if err != nil {
				b.Fatal(err)
			}
			for _, a := range done {
				if err := snk.Add(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := snk.Finish(ctx, sink.RunInfo{Version: "bench"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLongLine times each stage on one page that is a single line of
// ordinary sentences, the shape of a page whose line breaks were lost, at two
// lengths: time per byte should not grow with the line. The pipeline rejects
// lines over --max-line-bytes (1 MiB by default), so anything below must stay
// cheap.
func BenchmarkLongLine(b *testing.B) {
	ctx := context.Background()
	arts := corpus(b, 3<<20)
	for _, size := range []int{32 << 10, 128 << 10} {
		var sb strings.Builder
		for i := 0; sb.Len() < size; i++ {
			sb.WriteString(strings.ReplaceAll(string(arts[i%len(arts)].Raw), "\n", " "))
			sb.WriteByte(' ')
		}
		a := &stages.Article{ID: "long", SourcePath: "long.txt", Raw: []byte(sb.String())}
		n := int64(len(a.Raw))
		for _, s := range chain(b) {
			in := *a
			b.Run(fmt.Sprintf("%s/%dKiB", s.name, size>>10), func(b *testing.B) {
				b.SetBytes(n)
				b.ReportAllocs()
				for b.Loop() {
					c := in
					_ = s.stage.Process(ctx, &c)
				}
			})
			if err := s.stage.Process(ctx, a); err != nil {
				b.Fatalf("%s rejected the page: %v", s.name, err)
			}
		}
	}
}

// BenchmarkIngest times the walk that reads every input file of a generated
// corpus, hostile files included, with the default limits.
func BenchmarkIngest(b *testing.B) {
	dir := b.TempDir()
	st, err := gen.Generate(data.FS, gen.Config{Dir: dir, Size: 8 << 20, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	src := []ingest.Source{{FS: os.DirFS(dir), Root: dir}}
	b.SetBytes(st.Bytes)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := ingest.New(ingest.Limits{}).Walk(context.Background(), src, ingest.Hooks{}, func(*stages.Article) error { n++; return nil })
		if err != nil || n == 0 {
			b.Fatal(n, err)
		}
	}
}
