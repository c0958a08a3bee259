package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/rs/zerolog"

	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/stages/ingest"
)

// peakHeapMain runs the pipeline in this process and keeps a heap profile
// taken at the largest heap seen, which the --memprofile of `run` (written
// after the run, when the heap is empty again) cannot show.
func peakHeapMain(args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("peakheap", flag.ContinueOnError)
	input := fl.String("input", "", "corpus directory")
	out := fl.String("output", "", "output directory (must not hold a run of this corpus)")
	prof := fl.String("profile", "peakheap.prof", "heap profile at the peak")
	workers := fl.Int("workers", runtime.NumCPU(), "workers")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *input == "" || *out == "" {
		return fmt.Errorf("--input and --output are required")
	}
	done := make(chan struct{})
	stopped := make(chan uint64)
	go func() {
		var peak uint64
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				stopped <- peak
				return
			case <-t.C:
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			// Profile only a clearly larger heap: a profile stops the world.
			if ms.HeapInuse > peak+peak/10 {
				peak = ms.HeapInuse
				if f, err := os.Create(*prof); err == nil {
					_ = pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
			}
		}
	}()
	res, err := pipeline.Run(context.Background(), pipeline.Config{
		Sources: []ingest.Source{{FS: os.DirFS(*input), Root: *input}},
		Out:     *out,
		Workers: *workers,
		Log:     zerolog.Nop(),
	})
	close(done)
	peak := <-stopped
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "articles %d, bytes %d, peak heap in use %d MiB (pipeline's own sample %d MiB), profile %s\n",
		res.ArticlesIn, res.BytesRead, peak>>20, res.PeakHeapBytes>>20, *prof)
	return err
}
