// Command benchrun measures statharvest on a generated corpus against the
// obvious alternative, DuckDB's read_text plus regexp_extract_all over digit
// runs, and prints one table (also written as JSON): throughput with one and
// with all workers, peak RSS, per-stage shares of time, the time of a second,
// incremental run with nothing new, and scaling from one to N workers.
//
//	go build -o bench/corpus/statharvest ./cmd/statharvest
//	go run -tags duckdb ./bench/cmd/benchrun --bin bench/corpus/statharvest --size 1GB
//
// The baseline needs the duckdb build tag (cgo); without it the table leaves
// the baseline out. `benchrun peakheap --input DIR --output OUT` runs the
// pipeline in process and keeps a heap profile taken at the peak of the heap.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/statharvest/statharvest/bench/gen"
	"github.com/statharvest/statharvest/data"
)

type options struct {
	size, rssSize  string
	seed           uint64
	root, bin      string
	workers        int
	jsonOut        string
	baseline       bool
	profileDir     string
	keepOutputs    bool
	single         bool
	stdout, stderr io.Writer
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "baseline" {
		if err := baselineMain(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "benchrun baseline:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "peakheap" {
		if err := peakHeapMain(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "benchrun peakheap:", err)
			os.Exit(1)
		}
		return
	}
	o := options{stdout: os.Stdout, stderr: os.Stderr}
	fl := flag.NewFlagSet("benchrun", flag.ExitOnError)
	fl.StringVar(&o.size, "size", envOr("BENCH_SIZE", "1GB"), "corpus size (env BENCH_SIZE)")
	fl.StringVar(&o.rssSize, "rss-size", os.Getenv("BENCH_RSS_SIZE"), "second corpus size for a memory comparison run with all workers (env BENCH_RSS_SIZE); empty skips it")
	fl.Uint64Var(&o.seed, "seed", 1, "corpus seed")
	fl.StringVar(&o.root, "corpus-root", "bench/corpus", "directory for corpora and run outputs")
	fl.StringVar(&o.bin, "bin", "", "statharvest binary to measure (required)")
	fl.IntVar(&o.workers, "workers", runtime.NumCPU(), "workers of the parallel run")
	fl.StringVar(&o.jsonOut, "json", "bench/results/latest.json", "write the results as JSON here; empty skips it")
	fl.BoolVar(&o.baseline, "baseline", true, "run the DuckDB baseline")
	fl.StringVar(&o.profileDir, "profile-dir", "", "write CPU and heap profiles of the parallel run here")
	fl.BoolVar(&o.keepOutputs, "keep-outputs", false, "keep the runs' output directories")
	fl.BoolVar(&o.single, "single", os.Getenv("BENCH_SINGLE") != "0", "also run with one worker, for the scaling figure (env BENCH_SINGLE=0 skips it)")
	_ = fl.Parse(os.Args[1:])
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// Results is the JSON document benchrun writes.
type Results struct {
	Time      time.Time  `json:"time"`
	Version   string     `json:"version"`
	Machine   Machine    `json:"machine"`
	Corpus    gen.Stats  `json:"corpus"`
	CorpusDir string     `json:"corpus_dir"`
	Runs      []RunStats `json:"runs"`
	Baseline  *Baseline  `json:"baseline,omitempty"`
	// RSSCorpus and RSSRun are the memory comparison at a second size.
	RSSCorpus *gen.Stats `json:"rss_corpus,omitempty"`
	RSSRun    *RunStats  `json:"rss_run,omitempty"`
	Summary   Summary    `json:"summary"`
}

// Machine records what else the machine was doing.
type Machine struct {
	CPUs          int    `json:"cpus"`
	LoadBefore    string `json:"loadavg_before"`
	LoadAfter     string `json:"loadavg_after"`
	GoVersion     string `json:"go_version"`
	GOMAXPROCSEnv string `json:"gomaxprocs_env,omitempty"`
}

// RunStats is one statharvest run as measured from outside and as it logged itself.
type RunStats struct {
	Name           string             `json:"name"`
	Role           string             `json:"role"` // single, parallel or rerun
	Workers        int                `json:"workers"`
	WallSeconds    float64            `json:"wall_seconds"`
	UserSeconds    float64            `json:"user_seconds"`
	SysSeconds     float64            `json:"sys_seconds"`
	MaxRSSBytes    int64              `json:"max_rss_bytes"`
	ExitCode       int                `json:"exit_code"`
	BytesRead      int64              `json:"bytes_read"`
	ArticlesIn     int64              `json:"articles_in"`
	Articles       int64              `json:"articles"`
	Statistics     int64              `json:"statistics"`
	OrgMentions    int64              `json:"org_mentions"`
	Events         int64              `json:"events"`
	KPIs           int64              `json:"kpis"`
	Rejects        int64              `json:"rejects"`
	FilesSkipped   int64              `json:"files_skipped"`
	PeakHeapBytes  int64              `json:"peak_heap_bytes"`
	PipelineSecs   float64            `json:"pipeline_seconds"`
	StageSeconds   map[string]float64 `json:"stage_seconds"`
	MBPerSec       float64            `json:"mb_per_sec"`
	ArticlesPerSec float64            `json:"articles_per_sec"`
}

// Baseline is the DuckDB digit-regex run.
type Baseline struct {
	Files          int64   `json:"files"`
	Bytes          int64   `json:"bytes"`
	DigitRuns      int64   `json:"digit_runs"`
	QuerySeconds   float64 `json:"query_seconds"`
	WallSeconds    float64 `json:"wall_seconds"`
	MaxRSSBytes    int64   `json:"max_rss_bytes"`
	CPUSeconds     float64 `json:"cpu_seconds"`
	Threads        int     `json:"threads"`
	MBPerSec       float64 `json:"mb_per_sec"`
	ArticlesPerSec float64 `json:"articles_per_sec"`
	Error          string  `json:"error,omitempty"`
}

// Summary holds the figures the targets are stated in.
type Summary struct {
	RatioToBaseline1 float64            `json:"ratio_to_baseline_1_worker,omitempty"`
	RatioToBaselineN float64            `json:"ratio_to_baseline_n_workers,omitempty"`
	Scaling          float64            `json:"scaling_1_to_n"`
	IncrementalRatio float64            `json:"incremental_ratio"`
	StageShare       map[string]float64 `json:"stage_share"`
	PeakRSSBytes     int64              `json:"peak_rss_bytes"`
	Targets          map[string]bool    `json:"targets_met"`
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func run(o options) error {
	if o.bin == "" {
		return errors.New("--bin is required: build statharvest first")
	}
	size, err := gen.ParseSize(o.size)
	if err != nil {
		return err
	}
	res := Results{Time: time.Now().UTC(), Machine: Machine{CPUs: runtime.NumCPU(), LoadBefore: loadavg(),
		GoVersion: runtime.Version(), GOMAXPROCSEnv: os.Getenv("GOMAXPROCS")}}
	if out, err := exec.Command(o.bin, "--version").Output(); err == nil {
		res.Version = strings.TrimSpace(string(out))
	}
	dir, st, err := corpus(o, size)
	if err != nil {
		return err
	}
	res.Corpus, res.CorpusDir = st, dir

	outN := filepath.Join(o.root, "out-parallel")
	type step struct {
		name    string
		workers int
		out     string
		fresh   bool
		profile bool
	}
	var plan []step
	if o.single {
		plan = append(plan, step{"1 worker", 1, filepath.Join(o.root, "out-1"), true, false})
	}
	plan = append(plan,
		step{fmt.Sprintf("%d workers", o.workers), o.workers, outN, true, o.profileDir != ""},
		step{"re-run, nothing new", o.workers, outN, false, false})
	for _, p := range plan {
		if p.fresh {
			if err := os.RemoveAll(p.out); err != nil {
				return err
			}
		}
		var extra []string
		if p.profile {
			if err := os.MkdirAll(o.profileDir, 0o755); err != nil {
				return err
			}
			extra = []string{"--cpuprofile", filepath.Join(o.profileDir, "cpu.prof"), "--memprofile", filepath.Join(o.profileDir, "heap.prof")}
		}
		fmt.Fprintf(o.stderr, "benchrun: %s over %s ...\n", p.name, dir)
		rs, err := runPipeline(o.bin, dir, p.out, p.workers, extra)
		rs.Name, rs.Role = p.name, p.name
		if !p.fresh {
			rs.Role = "rerun"
		} else if p.workers == 1 && o.workers != 1 {
			rs.Role = "single"
		} else {
			rs.Role = "parallel"
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		res.Runs = append(res.Runs, rs)
	}
	if o.baseline {
		fmt.Fprintf(o.stderr, "benchrun: DuckDB baseline over %s ...\n", dir)
		b := runBaseline(dir)
		res.Baseline = &b
	}
	if o.rssSize != "" {
		n, err := gen.ParseSize(o.rssSize)
		if err != nil {
			return err
		}
		d2, st2, err := corpus(o, n)
		if err != nil {
			return err
		}
		out := filepath.Join(o.root, "out-rss")
		if err := os.RemoveAll(out); err != nil {
			return err
		}
		fmt.Fprintf(o.stderr, "benchrun: memory run over %s ...\n", d2)
		rs, err := runPipeline(o.bin, d2, out, o.workers, nil)
		if err != nil {
			return fmt.Errorf("memory run: %w", err)
		}
		rs.Name = fmt.Sprintf("%d workers, %s", o.workers, gen.FormatSize(n))
		res.RSSCorpus, res.RSSRun = &st2, &rs
		_ = os.RemoveAll(out)
	}
	if !o.keepOutputs {
		for _, p := range plan {
			_ = os.RemoveAll(p.out)
		}
	}
	res.Machine.LoadAfter = loadavg()
	res.Summary = summarize(&res)
	printTable(o.stdout, &res)
	if o.jsonOut != "" {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(o.jsonOut), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(o.stderr, "benchrun: wrote %s\n", o.jsonOut)
	}
	return nil
}

// corpus returns the corpus of the given size and seed under the root,
// generating it unless a complete one is there already.
func corpus(o options, size int64) (string, gen.Stats, error) {
	dir := filepath.Join(o.root, fmt.Sprintf("%s-seed%d", gen.FormatSize(size), o.seed))
	marker := dir + ".json"
	var st gen.Stats
	if b, err := os.ReadFile(marker); err == nil && json.Unmarshal(b, &st) == nil && st.Size == size && st.Seed == o.seed {
		if _, err := os.Stat(dir); err == nil {
			return dir, st, nil
		}
	}
	fmt.Fprintf(o.stderr, "benchrun: generating %s (seed %d) in %s ...\n", gen.FormatSize(size), o.seed, dir)
	_ = os.Remove(marker)
	if err := os.RemoveAll(dir); err != nil {
		return "", st, err
	}
	t0 := time.Now()
	st, err := gen.Generate(data.FS, gen.Config{Dir: dir, Size: size, Seed: o.seed})
	if err != nil {
		return "", st, err
	}
	fmt.Fprintf(o.stderr, "benchrun: generated %d files, %d articles in %.1fs\n", st.Files, st.Articles, time.Since(t0).Seconds())
	b, _ := json.Marshal(st)
	// The marker, written last, says the corpus is complete.
	return dir, st, os.WriteFile(marker, b, 0o644)
}

// runPipeline runs `statharvest run` as a child process and reads its summary log line.
func runPipeline(bin, input, out string, workers int, extra []string) (RunStats, error) {
	rs := RunStats{Workers: workers}
	args := append([]string{"run", "--input", input, "--output", out, "--workers", strconv.Itoa(workers)}, extra...)
	cmd := exec.Command(bin, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return rs, err
	}
	var tail bytes.Buffer
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return rs, err
	}
	var summary map[string]any
	sc := bufio.NewScanner(stderr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if bytes.Contains(line, []byte(`"run committed"`)) {
			summary = nil
			_ = json.Unmarshal(line, &summary)
		} else if bytes.Contains(line, []byte(`"level":"error"`)) || !bytes.HasPrefix(line, []byte("{")) {
			if tail.Len() < 4096 {
				tail.Write(line)
				tail.WriteByte('\n')
			}
		}
	}
	werr := cmd.Wait()
	rs.WallSeconds = time.Since(t0).Seconds()
	if ps := cmd.ProcessState; ps != nil {
		rs.ExitCode = ps.ExitCode()
		rs.UserSeconds, rs.SysSeconds = ps.UserTime().Seconds(), ps.SystemTime().Seconds()
		rs.MaxRSSBytes = maxRSS(ps)
	}
	// Exit code 3 is a committed run with rejected inputs: the hostile files.
	if werr != nil && rs.ExitCode != 3 {
		return rs, fmt.Errorf("%s %s: %v\n%s", bin, strings.Join(args, " "), werr, tail.String())
	}
	if summary == nil {
		return rs, fmt.Errorf("no \"run committed\" log line\n%s", tail.String())
	}
	num := func(k string) float64 { f, _ := summary[k].(float64); return f }
	rs.BytesRead, rs.ArticlesIn, rs.Articles = int64(num("bytes_read")), int64(num("articles_in")), int64(num("articles"))
	rs.Statistics, rs.OrgMentions, rs.Events = int64(num("statistics")), int64(num("org_mentions")), int64(num("events"))
	rs.KPIs, rs.Rejects, rs.FilesSkipped = int64(num("kpis")), int64(num("rejects")), int64(num("files_skipped"))
	rs.PeakHeapBytes = int64(num("peak_heap_bytes"))
	// zerolog writes durations in milliseconds.
	rs.PipelineSecs = num("duration") / 1e3
	rs.StageSeconds = map[string]float64{}
	for k, v := range summary {
		if name, ok := strings.CutPrefix(k, "stage_"); ok {
			if f, ok := v.(float64); ok {
				rs.StageSeconds[name] = f / 1e3
			}
		}
	}
	if rs.WallSeconds > 0 {
		rs.MBPerSec = float64(rs.BytesRead) / 1e6 / rs.WallSeconds
		rs.ArticlesPerSec = float64(rs.ArticlesIn) / rs.WallSeconds
	}
	return rs, nil
}

// runBaseline runs this program's baseline mode as a child, so that its peak
// RSS is DuckDB's alone.
func runBaseline(dir string) Baseline {
	var b Baseline
	self, err := os.Executable()
	if err != nil {
		b.Error = err.Error()
		return b
	}
	cmd := exec.Command(self, "baseline", "--dir", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err = cmd.Run()
	wall := time.Since(t0).Seconds()
	if err != nil {
		b.Error = strings.TrimSpace(stderr.String())
		if b.Error == "" {
			b.Error = err.Error()
		}
		return b
	}
	if err := json.Unmarshal(stdout.Bytes(), &b); err != nil {
		b.Error = err.Error()
		return b
	}
	b.WallSeconds = wall
	b.MaxRSSBytes = maxRSS(cmd.ProcessState)
	b.CPUSeconds = cmd.ProcessState.UserTime().Seconds() + cmd.ProcessState.SystemTime().Seconds()
	if wall > 0 {
		b.MBPerSec = float64(b.Bytes) / 1e6 / wall
		b.ArticlesPerSec = float64(b.Files) / wall
	}
	return b
}

func summarize(r *Results) Summary {
	s := Summary{StageShare: map[string]float64{}, Targets: map[string]bool{}}
	var one, par, again *RunStats
	for i := range r.Runs {
		switch r.Runs[i].Role {
		case "single":
			one = &r.Runs[i]
		case "parallel":
			par = &r.Runs[i]
		case "rerun":
			again = &r.Runs[i]
		}
	}
	if par == nil {
		return s
	}
	if one != nil && par.WallSeconds > 0 {
		s.Scaling = one.WallSeconds / par.WallSeconds
		if r.Machine.CPUs >= 2 && par.Workers == 2 {
			s.Targets["scaling 1->2 workers >= 1.8x"] = s.Scaling >= 1.8
		}
	}
	if again != nil && par.WallSeconds > 0 {
		s.IncrementalRatio = again.WallSeconds / par.WallSeconds
		s.Targets["re-run <= 2% of first"] = s.IncrementalRatio <= 0.02
	}
	var total float64
	for _, v := range par.StageSeconds {
		total += v
	}
	for k, v := range par.StageSeconds {
		if total > 0 {
			s.StageShare[k] = v / total
		}
	}
	for _, rs := range r.Runs {
		s.PeakRSSBytes = max(s.PeakRSSBytes, rs.MaxRSSBytes)
	}
	if b := r.Baseline; b != nil && b.Error == "" && b.MBPerSec > 0 {
		if one != nil {
			s.RatioToBaseline1 = one.MBPerSec / b.MBPerSec
		}
		s.RatioToBaselineN = par.MBPerSec / b.MBPerSec
		s.Targets["throughput >= 1.0x baseline"] = s.RatioToBaselineN >= 1
	}
	s.Targets["peak RSS <= 200 MB"] = s.PeakRSSBytes <= 200<<20
	if r.RSSRun != nil {
		s.Targets["RSS does not grow with corpus size"] = r.RSSRun.MaxRSSBytes >= par.MaxRSSBytes || float64(par.MaxRSSBytes) <= 1.1*float64(r.RSSRun.MaxRSSBytes)
	}
	return s
}

func mib(n int64) string { return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20)) }

func printTable(w io.Writer, r *Results) {
	fmt.Fprintf(w, "\ncorpus %s: %d files, %d articles, %.1f MB (seed %d); %d CPUs, load %s -> %s\n\n",
		r.CorpusDir, r.Corpus.Files, r.Corpus.Articles, float64(r.Corpus.Bytes)/1e6, r.Corpus.Seed, r.Machine.CPUs, r.Machine.LoadBefore, r.Machine.LoadAfter)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	// MB per CPU second hardly moves with the machine's other load; wall MB/s does.
	fmt.Fprintln(tw, "run\twall s\tMB/s\tarticles/s\tx baseline\tpeak RSS\tuser+sys s\tMB/CPU-s\tx baseline\t")
	cpuRatio := func(mbPerCPU float64) string {
		if b := r.Baseline; b != nil && b.Error == "" && b.CPUSeconds > 0 {
			return fmt.Sprintf("%.3f", mbPerCPU/(float64(b.Bytes)/1e6/b.CPUSeconds))
		}
		return "-"
	}
	ratio := func(mbps float64) string {
		if b := r.Baseline; b != nil && b.Error == "" && b.MBPerSec > 0 {
			return fmt.Sprintf("%.3f", mbps/b.MBPerSec)
		}
		return "-"
	}
	runs := r.Runs
	if r.RSSRun != nil {
		runs = append(append([]RunStats(nil), runs...), *r.RSSRun)
	}
	for _, rs := range runs {
		cpu := rs.UserSeconds + rs.SysSeconds
		perCPU := 0.0
		if cpu > 0 {
			perCPU = float64(rs.BytesRead) / 1e6 / cpu
		}
		fmt.Fprintf(tw, "statharvest, %s\t%.2f\t%.2f\t%.0f\t%s\t%s\t%.1f\t%.2f\t%s\t\n", rs.Name, rs.WallSeconds, rs.MBPerSec, rs.ArticlesPerSec,
			ratio(rs.MBPerSec), mib(rs.MaxRSSBytes), cpu, perCPU, cpuRatio(perCPU))
	}
	if b := r.Baseline; b != nil {
		if b.Error != "" {
			fmt.Fprintf(tw, "DuckDB digit regex\tfailed: %s\t\t\t\t\t\t\t\t\n", firstLine(b.Error))
		} else {
			fmt.Fprintf(tw, "DuckDB digit regex, %d threads\t%.2f\t%.2f\t%.0f\t1.000\t%s\t%.1f\t%.2f\t1.000\t\n", b.Threads, b.WallSeconds, b.MBPerSec, b.ArticlesPerSec,
				mib(b.MaxRSSBytes), b.CPUSeconds, float64(b.Bytes)/1e6/b.CPUSeconds)
		}
	}
	tw.Flush()
	s := r.Summary
	var par RunStats
	for _, rs := range r.Runs {
		if rs.Role == "parallel" {
			par = rs
		}
	}
	fmt.Fprintln(w)
	if s.Scaling > 0 {
		fmt.Fprintf(w, "scaling 1 -> %d workers: %.2fx   ", par.Workers, s.Scaling)
	}
	fmt.Fprintf(w, "re-run with nothing new: %.1f%% of the first run\n", 100*s.IncrementalRatio)
	var names []string
	for k := range s.StageShare {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return s.StageShare[names[i]] > s.StageShare[names[j]] })
	fmt.Fprint(w, "stage share of per-article time ("+par.Name+"):")
	for _, k := range names {
		fmt.Fprintf(w, " %s %.1f%%", k, 100*s.StageShare[k])
	}
	fmt.Fprintln(w)
	var tn []string
	for k := range s.Targets {
		tn = append(tn, k)
	}
	sort.Strings(tn)
	for _, k := range tn {
		mark := "MISSED"
		if s.Targets[k] {
			mark = "met"
		}
		fmt.Fprintf(w, "target %-38s %s\n", k, mark)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
