package report

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/net/html"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/internal/sharedtest"
	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/stages/ingest"
)

// runPipeline commits one run of src into out.
func runPipeline(t testing.TB, out string, src ingest.Source) {
	t.Helper()
	if _, err := pipeline.Run(context.Background(), pipeline.Config{
		Sources: []ingest.Source{src},
		Out:     out,
		Workers: 2,
		Version: "test",
		Log:     zerolog.Nop(),
	}); err != nil {
		t.Fatalf("pipeline.Run: %v", err)
	}
}

func samples(t testing.TB) ingest.Source {
	sub, err := fs.Sub(data.FS, "samples")
	if err != nil {
		t.Fatal(err)
	}
	return ingest.Source{FS: sub, Root: "embedded:samples"}
}

func TestReportSamples(t *testing.T) {
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	checkReport(t, out, false)
}

func TestReportSeeds(t *testing.T) {
	seeds := sharedtest.Seeds(t)
	out := t.TempDir()
	runPipeline(t, out, ingest.Source{FS: os.DirFS(seeds), Root: seeds})
	checkReport(t, out, false)
}

func TestReportAllRuns(t *testing.T) {
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	seeds := filepath.Join(sharedtestDirOrEmpty(t), "seeds")
	runPipeline(t, out, ingest.Source{FS: os.DirFS(seeds), Root: seeds})
	r := checkReport(t, out, true)
	if len(r.Runs) != 2 {
		t.Errorf("--all covers %d runs, want 2", len(r.Runs))
	}
	latest := checkReport(t, out, false)
	if len(latest.Runs) != 1 || latest.Runs[0].ID != r.Runs[1].ID {
		t.Errorf("latest report covers %v, want the run %s", latest.Runs, r.Runs[1].ID)
	}
}

// TestReportAllCountsReprocessedOnce: after a --full rerun of the same inputs
// the report over all runs counts every article once.
func TestReportAllCountsReprocessedOnce(t *testing.T) {
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	once, err := Build(out, Options{All: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Run(context.Background(), pipeline.Config{
		Sources: []ingest.Source{samples(t)}, Out: out, Workers: 2, Version: "test", Full: true, Log: zerolog.Nop(),
	}); err != nil {
		t.Fatal(err)
	}
	twice := checkReport(t, out, true)
	if len(twice.Runs) != 2 {
		t.Fatalf("%d runs, want 2", len(twice.Runs))
	}
	for _, table := range []string{"articles", "statistics", "kpis", "events", "event_mentions", "org_mentions", "organizations"} {
		if once.Rows[table] != twice.Rows[table] {
			t.Errorf("%s: %d rows after one run, %d after a --full rerun", table, once.Rows[table], twice.Rows[table])
		}
	}
}

// sharedtestDirOrEmpty gives a second input for a second run: the seeds when
// they are there, else an empty directory (a run of nothing still commits).
func sharedtestDirOrEmpty(t *testing.T) string {
	dir := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(filepath.Join(dir, "seeds")); err == nil {
		return dir
	}
	empty := t.TempDir()
	if err := os.Mkdir(filepath.Join(empty, "seeds"), 0o755); err != nil {
		t.Fatal(err)
	}
	return empty
}

// checkReport builds the report of out, checks its numbers against the
// committed rows read independently, renders it and checks the HTML.
func checkReport(t *testing.T, out string, all bool) *Report {
	t.Helper()
	r, err := Build(out, Options{All: all, Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	runs := ds.Runs()
	scope := map[string]bool{runs[len(runs)-1]: true}
	if all {
		for _, id := range runs {
			scope[id] = true
		}
	}
	rows := func(table string) []dataset.Row {
		all, err := ds.Rows(table)
		if err != nil {
			t.Fatal(err)
		}
		var keep []dataset.Row
		for _, row := range all {
			if scope[row.Str("run_id")] {
				keep = append(keep, row)
			}
		}
		return keep
	}
	charts := map[string]Chart{}
	for i, c := range r.Charts {
		charts[c.ID] = c
		if want := ChartIDs()[i]; c.ID != want {
			t.Errorf("chart %d is %s, want %s", i, c.ID, want)
		}
	}
	articles, stats, kpis, rejects := rows("articles"), rows("statistics"), rows("kpis"), rows("rejects")
	latest := map[string]string{}
	for _, a := range articles {
		if a.Str("run_id") > latest[a.Str("article_id")] {
			latest[a.Str("article_id")] = a.Str("run_id")
		}
	}
	onlyLatest := func(rows []dataset.Row) []dataset.Row {
		var keep []dataset.Row
		for _, r := range rows {
			if latest[r.Str("article_id")] == r.Str("run_id") {
				keep = append(keep, r)
			}
		}
		return keep
	}
	articles, stats, kpis = onlyLatest(articles), onlyLatest(stats), onlyLatest(kpis)
	orgIDs := map[string]bool{}
	for _, o := range rows("organizations") {
		orgIDs[o.Str("org_id")] = true
	}
	withAchievement := 0
	for _, k := range kpis {
		if _, ok := k.Float("achievement_pct"); ok {
			withAchievement++
		}
	}
	for id, want := range map[string]int{
		ChartArticlesByLang:  len(articles),
		ChartArticlesByDay:   len(articles),
		ChartStatsByKind:     len(stats),
		ChartKPIsByMetric:    len(kpis),
		ChartAchievement:     withAchievement,
		ChartOrgsByProvince:  len(orgIDs),
		ChartRejectsByReason: len(rejects),
	} {
		if got := charts[id].Total(); got != float64(want) {
			t.Errorf("chart %s totals %v, want %d", id, got, want)
		}
	}
	byLang := map[string]float64{}
	for _, a := range articles {
		l := a.Str("lang")
		if l == "" {
			l = unknown
		}
		byLang[l]++
	}
	for _, b := range charts[ChartArticlesByLang].Bars {
		if byLang[b.Label] != b.Value {
			t.Errorf("articles in %s: chart %v, rows %v", b.Label, b.Value, byLang[b.Label])
		}
	}
	metricBars := map[string]float64{}
	for _, b := range charts[ChartKPIsByMetric].Bars {
		metricBars[b.Label] = b.Value
	}
	for _, m := range r.Metrics {
		if float64(m.KPIs) != metricBars[m.Metric] || m.WithAchievement > m.KPIs {
			t.Errorf("metric %+v disagrees with the chart's %v", m, metricBars[m.Metric])
		}
	}
	if r.Rows["articles"] != int64(len(articles)) || r.Rows["organizations"] != int64(len(orgIDs)) {
		t.Errorf("Rows = %v, want %d articles and %d organizations", r.Rows, len(articles), len(orgIDs))
	}
	var sum int64
	for _, run := range r.Runs {
		sum += run.Counts["articles_out"]
	}
	if sum < int64(len(articles)) {
		t.Errorf("runs say %d articles out, the articles table holds %d", sum, len(articles))
	}

	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	checkHTML(t, b.Bytes(), r)
	return r
}

// checkHTML parses the page and checks that every chart is a figure with an
// inline SVG and a data table holding exactly the chart's numbers, and that
// nothing is fetched when the page is viewed.
func checkHTML(t *testing.T, page []byte, r *Report) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	figures := map[string]*html.Node{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "link", "img", "iframe":
				t.Errorf("report has a <%s> element", n.Data)
			case "figure":
				figures[attr(n, "id")] = n
			}
			for _, a := range n.Attr {
				if (a.Key == "src" || a.Key == "href") && a.Val != "" && !strings.HasPrefix(a.Val, "#") {
					t.Errorf("report refers to %s=%q", a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if strings.Contains(string(page), "url(") || strings.Contains(string(page), "@import") {
		t.Error("report CSS loads an external resource")
	}
	for _, c := range r.Charts {
		fig, ok := figures[c.ID]
		if !ok {
			t.Errorf("no figure %s", c.ID)
			continue
		}
		if find(fig, "svg") == nil {
			t.Errorf("figure %s has no inline svg", c.ID)
		}
		var got []Bar
		for _, tr := range findAll(find(fig, "tbody"), "tr") {
			tds := findAll(tr, "td")
			if len(tds) != 2 {
				t.Fatalf("figure %s: row with %d cells", c.ID, len(tds))
			}
			v, err := strconv.ParseFloat(attr(tds[1], "data-value"), 64)
			if err != nil {
				t.Errorf("figure %s: %v", c.ID, err)
			}
			got = append(got, Bar{text(tds[0]), v})
		}
		if fmt.Sprint(got) != fmt.Sprint(c.Bars) {
			t.Errorf("figure %s table = %v, want %v", c.ID, got, c.Bars)
		}
	}
	if len(r.Metrics) > 0 {
		mt := byID(doc, "metric-achievement")
		if mt == nil {
			t.Fatal("no metric-achievement table")
		}
		trs := findAll(find(mt, "tbody"), "tr")
		if len(trs) != len(r.Metrics) {
			t.Errorf("metric-achievement has %d rows, want %d", len(trs), len(r.Metrics))
		}
		for i, tr := range trs {
			tds := findAll(tr, "td")
			if text(tds[0]) != r.Metrics[i].Metric || text(tds[1]) != strconv.Itoa(r.Metrics[i].KPIs) {
				t.Errorf("metric row %d = %s %s, want %+v", i, text(tds[0]), text(tds[1]), r.Metrics[i])
			}
		}
	}
	rowsTable := byID(doc, "rows")
	if rowsTable == nil {
		t.Fatal("no rows table")
	}
	for _, tr := range findAll(rowsTable, "tr") {
		table := attr(tr, "data-table")
		if table == "" {
			continue
		}
		tds := findAll(tr, "td")
		if got, want := text(tds[1]), strconv.FormatInt(r.Rows[table], 10); got != want {
			t.Errorf("rows of %s = %s, want %s", table, got, want)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func find(n *html.Node, tag string) *html.Node {
	all := findAll(n, tag)
	if len(all) == 0 {
		return nil
	}
	return all[0]
}

func findAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	if n == nil {
		return nil
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode && attr(n, "id") == id {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := byID(c, id); f != nil {
			return f
		}
	}
	return nil
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// TestChartLabelsEscaped: labels are data (metric names, places) and go-chart
// writes SVG text unescaped.
func TestChartLabelsEscaped(t *testing.T) {
	for _, bars := range [][]Bar{
		{{`<script>alert(1)</script>`, 3}, {`a & b`, 1}, {`"q"`, 2}},
		nil,
		{{"zero", 0}},
	} {
		got, err := svg(Chart{ID: "x", Bars: bars})
		if err != nil {
			t.Fatalf("svg(%v): %v", bars, err)
		}
		if strings.Contains(string(got), "<script>") {
			t.Errorf("svg(%v) holds an unescaped label", bars)
		}
		if _, err := html.Parse(strings.NewReader(string(got))); err != nil || !strings.HasPrefix(string(got), "<svg") {
			t.Errorf("svg(%v) = %.80q, %v", bars, got, err)
		}
	}
}

func TestMetricStats(t *testing.T) {
	acc := map[string]*MetricStats{}
	metrics := counter{}
	for _, k := range []struct {
		m  string
		v  float64
		ok bool
	}{{"households", 90, true}, {"households", 110, true}, {"households", 0, false}, {"classes held", 0, false}, {"rare", 5, true}} {
		metrics.add(k.m)
		addMetric(acc, k.m, k.v, k.ok)
	}
	got := metricStats(acc, metrics.bars(2))
	want := []MetricStats{{Metric: "households", KPIs: 3, WithAchievement: 2, Mean: 100, Min: 90, Max: 110}, {Metric: "classes held", KPIs: 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("metricStats = %v, want %v", got, want)
	}
}

// TestStageTimingColumns: per-stage timings show as soon as the runs table
// has stage_<name>_seconds columns.
func TestStageTimingColumns(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := &Report{Runs: runs([]dataset.Row{
		{"run_id": "b", "started_at": start, "finished_at": start.Add(time.Second), "stage_numbers_seconds": 1.5, "stage_clean_seconds": 0.25},
		{"run_id": "a", "started_at": start, "finished_at": start.Add(time.Second), "stage_numbers_seconds": 0.5, "articles_out": int64(3)},
	})}
	c := r.stageTimings()
	if c.Title != "Stage timings" || fmt.Sprint(c.Bars) != fmt.Sprint([]Bar{{"numbers", 2}, {"clean", 0.25}}) || len(r.Notes) != 0 {
		t.Errorf("stageTimings = %q %v, notes %v", c.Title, c.Bars, r.Notes)
	}
	if r.Runs[0].ID != "a" || r.Runs[0].Counts["articles_out"] != 3 {
		t.Errorf("runs = %+v", r.Runs)
	}
	r = &Report{}
	for i := 0; i < 2*maxRunBars; i++ {
		r.Runs = append(r.Runs, Run{ID: fmt.Sprintf("run%03d", i), StartedAt: start, FinishedAt: start.Add(time.Minute)})
	}
	if c := r.stageTimings(); len(c.Bars) != maxRunBars || c.Bars[len(c.Bars)-1].Label != shortRun("run059") {
		t.Errorf("run durations of %d runs: %d bars ending %v", len(r.Runs), len(c.Bars), c.Bars[len(c.Bars)-1])
	}
}

func TestTicks(t *testing.T) {
	for _, maxV := range []float64{0.3, 1, 3, 7, 10, 99, 1234, 5e6} {
		ts := ticks(maxV)
		if ts[0].Value != 0 || ts[len(ts)-1].Value < maxV || len(ts) > 12 {
			t.Errorf("ticks(%v) = %v", maxV, ts)
		}
	}
}

func TestAchievementBuckets(t *testing.T) {
	h := newAchievement()
	for _, v := range []float64{100, 99.9, 0, 250, -5} {
		h.add(v)
	}
	c := h.chart()
	got := map[string]float64{}
	for _, b := range c.Bars {
		got[b.Label] = b.Value
	}
	want := map[string]float64{"100–110%": 1, "90–100%": 1, "0–50%": 1, "≥150%": 1, "<0%": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("bucket %s = %v, want %v (all %v)", k, got[k], v, got)
		}
	}
	if c.Total() != 5 || c.Bars[0].Label != "<0%" {
		t.Errorf("chart = %v, want 5 KPIs with <0%% first", c.Bars)
	}
}

func TestCounterBars(t *testing.T) {
	c := counter{}
	for _, l := range []string{"b", "a", "", "b", "c", "d"} {
		c.add(l)
	}
	got := fmt.Sprint(c.bars(2))
	if want := fmt.Sprint([]Bar{{"b", 2}, {unknown, 1}, {"(other)", 3}}); got != want {
		t.Errorf("bars(2) = %s, want %s", got, want)
	}
	if n := len(c.bars(0)); n != 5 {
		t.Errorf("bars(0) has %d bars, want 5", n)
	}
}

func TestArticlesByMonth(t *testing.T) {
	days := counter{}
	for d := 1; d <= 40; d++ {
		days.add(time.Date(2025, 1, d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"))
	}
	days.add("")
	c := articlesByDay(days)
	if got, want := fmt.Sprint(c.Bars), fmt.Sprint([]Bar{{"2025-01", 31}, {"2025-02", 9}, {unknown, 1}}); got != want {
		t.Errorf("articlesByDay = %s, want %s", got, want)
	}
}

// TestScreenshot renders the samples report in headless Chromium, as `make
// report-screenshot` does, when chromium is installed.
func TestScreenshot(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not on PATH: skipping the screenshot (apt-get install chromium)")
	}
	if testing.Short() {
		t.Skip("screenshot skipped in -short mode")
	}
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	r, err := Build(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(out, "report.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WriteHTML(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	png := filepath.Join(out, "report.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, ScreenshotArgs(page, png, t.TempDir())...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, b)
	}
	b, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || len(b) < 10000 {
		t.Errorf("screenshot is %d bytes, not a page-sized PNG", len(b))
	}
}
