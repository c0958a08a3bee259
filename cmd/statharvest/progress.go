package main

import (
	"io"
	"io/fs"
	"os"
	"strconv"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/stages/ingest"
)

// newProgress returns a progress callback drawing a bar on a terminal, or nil
// when stderr is not one (under cron the run stays silent but for its logs).
func newProgress(w io.Writer, srcs []ingest.Source) (func(pipeline.Progress), func()) {
	f, ok := w.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions64(inputBytes(srcs),
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetDescription("reading"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200_000_000),
		progressbar.OptionClearOnFinish(),
	)
	var last int64
	return func(p pipeline.Progress) {
			bar.Describe("articles " + strconv.FormatInt(p.Articles, 10) + ", files " + strconv.FormatInt(p.Files, 10))
			bar.Add64(p.Bytes - last)
			last = p.Bytes
		}, func() {
			bar.Finish()
		}
}

// inputBytes sums the sizes of the inputs, for the bar's total and ETA.
func inputBytes(srcs []ingest.Source) int64 {
	var total int64
	for _, s := range srcs {
		if s.File != "" {
			if st, err := fs.Stat(s.FS, s.File); err == nil {
				total += st.Size()
			}
			continue
		}
		fs.WalkDir(s.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && ingest.Supported(p) {
				if info, err := d.Info(); err == nil {
					total += info.Size()
				}
			}
			return nil
		})
	}
	return total
}
