package report

import (
	"io"
	"io/fs"
	"path/filepath"
	"testing"
)

// BenchmarkBuild measures the report over the committed output of the
// samples; SetBytes is the size of the Parquet files read.
func BenchmarkBuild(b *testing.B) {
	out := b.TempDir()
	runPipeline(b, out, samples(b))
	var size int64
	filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && filepath.Ext(p) == ".parquet" {
			if fi, err := e.Info(); err == nil {
				size += fi.Size()
			}
		}
		return nil
	})
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Build(out, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.WriteHTML(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
