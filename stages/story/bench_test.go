package story

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statharvest/statharvest/stages"
)

// synthetic returns an article of a made-up report: n values drawn from a
// realistic spread (many small, some large, some percents).
func synthetic(r *rand.Rand, name string, day int, n int) *stages.Article {
	stats := []stages.Statistic{year(2025), yearRange(2020, 2025)}
	for range n {
		switch r.IntN(4) {
		case 0:
			stats = append(stats, cnt(float64(1+r.IntN(30))))
		case 1:
			stats = append(stats, pct(float64(r.IntN(1000))/10))
		default:
			stats = append(stats, cnt(float64(100+r.IntN(200000))))
		}
	}
	d := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	a := article(name, "", stages.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}, stats...)
	a.Body = strings.Repeat("x", 2000)
	return a
}

// BenchmarkAdd adds articles to an index that already holds 20,000 stories.
func BenchmarkAdd(b *testing.B) {
	x, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	for i := range 20000 {
		if err := x.Add(ctx, synthetic(r, "h"+strconv.Itoa(i), i%365, 12)); err != nil {
			b.Fatal(err)
		}
	}
	arts := make([]*stages.Article, 1024)
	for i := range arts {
		arts[i] = synthetic(r, "n"+strconv.Itoa(i), 300+i%30, 12)
	}
	b.SetBytes(int64(len(arts[0].Body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		a := arts[i%len(arts)]
		// A fresh id each time, so the rerun shortcut is not what is measured.
		a.ID = strconv.Itoa(i)
		if err := x.Add(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveOpen writes and reloads an index of 20,000 stories.
func BenchmarkSaveOpen(b *testing.B) {
	dir := b.TempDir()
	x, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		if err := x.Add(context.Background(), synthetic(r, "h"+strconv.Itoa(i), i%365, 12)); err != nil {
			b.Fatal(err)
		}
	}
	if err := x.Save(); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if err := x.Save(); err != nil {
			b.Fatal(err)
		}
		if x, err = Open(dir); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fi.Size())/float64(x.Len()), "file-bytes/story")
}
