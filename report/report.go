// Package report builds a self-contained static HTML report of the committed
// output: counts per language, day, kind, metric, province and reject reason,
// drawn as inline SVG charts with a table of the same numbers under each, so
// the file opens offline and anywhere. It reads Parquet in pure Go through
// package dataset and needs no cgo.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/schemas"
)

// Options choose what the report covers.
type Options struct {
	// All covers every committed run instead of the latest one.
	All bool
	// Top bounds the bars of the metric and province charts.
	Top int
	// Now stamps the report; nil means time.Now.
	Now func() time.Time
}

// Bar is one labelled value of a chart.
type Bar struct {
	Label string
	Value float64
}

// Chart is one figure of the report.
type Chart struct {
	ID      string // stable anchor, also the figure's id in the HTML
	Title   string
	Caption string // what is counted, and how
	Unit    string // what Value counts, for the table header
	Bars    []Bar
}

// Total returns the sum of the chart's values.
func (c Chart) Total() float64 {
	var t float64
	for _, b := range c.Bars {
		t += b.Value
	}
	return t
}

// Run is one committed run as the report shows it.
type Run struct {
	ID         string
	StartedAt  time.Time
	FinishedAt time.Time
	Version    string
	Inputs     []string
	Counts     map[string]int64 // the runs row's *_out and input counters
	// StageSeconds holds per-stage timings when the runs table records them
	// as stage_<name>_seconds columns.
	StageSeconds map[string]float64
}

// Duration is how long the run took.
func (r Run) Duration() time.Duration { return r.FinishedAt.Sub(r.StartedAt) }

// Report is what the HTML shows.
type Report struct {
	Root      string
	Generated time.Time
	All       bool
	Runs      []Run            // the runs covered, oldest first
	Rows      map[string]int64 // rows per table in scope
	Charts    []Chart
	// Metrics summarizes achievement per metric of the KPI metric chart.
	Metrics []MetricStats
	Notes   []string
}

// Chart IDs, stable so that tests and links can find a figure.
const (
	ChartArticlesByLang  = "articles-by-lang"
	ChartArticlesByDay   = "articles-by-day"
	ChartStatsByKind     = "statistics-by-kind"
	ChartKPIsByMetric    = "kpis-by-metric"
	ChartAchievement     = "kpi-achievement"
	ChartOrgsByProvince  = "organizations-by-province"
	ChartRejectsByReason = "rejects-by-reason"
	ChartStageTimings    = "stage-timings"
)

// ChartIDs lists every chart a report has, in order.
func ChartIDs() []string {
	return []string{ChartArticlesByLang, ChartArticlesByDay, ChartStatsByKind, ChartKPIsByMetric,
		ChartAchievement, ChartOrgsByProvince, ChartRejectsByReason, ChartStageTimings}
}

// unknown labels rows whose grouping column is null.
const unknown = "(unknown)"

// Build reads the committed output under root and computes the report.
func Build(root string, o Options) (*Report, error) {
	if o.Top <= 0 {
		o.Top = 10
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	ds, err := dataset.Open(root)
	if err != nil {
		return nil, err
	}
	ids := ds.Runs()
	if len(ids) == 0 {
		return nil, fmt.Errorf("report: %s: no committed run", root)
	}
	inScope := map[string]bool{}
	if o.All {
		for _, id := range ids {
			inScope[id] = true
		}
	} else {
		inScope[ids[len(ids)-1]] = true
	}
	r := &Report{Root: root, Generated: now().UTC(), All: o.All, Rows: map[string]int64{}}
	tables := map[string][]dataset.Row{}
	// The columns each chart needs; other tables are only counted, and a
	// table without article_id simply reads none.
	cols := map[string][]string{
		"articles":      {"article_id", "lang", "published_date"},
		"statistics":    {"article_id", "kind"},
		"organizations": {"org_id", "place"},
		"kpis":          {"article_id", "metric", "achievement_pct"},
		"rejects":       {"reason"},
	}
	for _, t := range schemas.All {
		var rows []dataset.Row
		if t.Name == schemas.Runs.Name {
			rows, err = ds.Rows(t.Name) // small, and every counter is shown
		} else {
			c, ok := cols[t.Name]
			if !ok {
				c = []string{"article_id"}
			}
			rows, err = readColumns(ds, t.Name, append(c, "run_id")...)
		}
		if err != nil {
			return nil, err
		}
		var keep []dataset.Row
		for _, row := range rows {
			if inScope[row.Str("run_id")] {
				keep = append(keep, row)
			}
		}
		tables[t.Name] = keep
	}
	r.Runs = runs(tables["runs"])
	latestPerArticle(tables)
	tables["organizations"] = dedupOrgs(tables["organizations"])
	for t, rows := range tables {
		r.Rows[t] = int64(len(rows))
	}

	r.Charts = append(r.Charts,
		Chart{ID: ChartArticlesByLang, Title: "Articles per language", Unit: "articles",
			Caption: "Articles by detected language of the body.",
			Bars:    byCount(tables["articles"], "lang", 0)},
		articlesByDay(tables["articles"]),
		Chart{ID: ChartStatsByKind, Title: "Statistics by kind", Unit: "statistics",
			Caption: "Number mentions by kind.",
			Bars:    byCount(tables["statistics"], "kind", 0)},
		Chart{ID: ChartKPIsByMetric, Title: fmt.Sprintf("Top %d KPI metrics", o.Top), Unit: "KPIs",
			Caption: "KPIs per canonical metric, most frequent first.",
			Bars:    byCount(tables["kpis"], "metric", o.Top)},
		achievement(tables["kpis"]),
		r.orgsByProvince(tables["organizations"], o.Top),
		Chart{ID: ChartRejectsByReason, Title: "Rejects by reason", Unit: "inputs",
			Caption: "Inputs not turned into articles, by reason.",
			Bars:    byCount(tables["rejects"], "reason", 0)},
		r.stageTimings(),
	)
	for _, c := range r.Charts {
		if c.ID == ChartKPIsByMetric {
			r.Metrics = metricStats(tables["kpis"], c.Bars)
		}
	}
	return r, nil
}

func runs(rows []dataset.Row) []Run {
	var out []Run
	for _, row := range rows {
		run := Run{
			ID:           row.Str("run_id"),
			StartedAt:    row.Time("started_at"),
			FinishedAt:   row.Time("finished_at"),
			Version:      row.Str("version"),
			Counts:       map[string]int64{},
			StageSeconds: map[string]float64{},
		}
		run.Inputs, _ = row["inputs"].([]string)
		for col, v := range row {
			switch {
			case strings.HasPrefix(col, "stage_") && strings.HasSuffix(col, "_seconds"):
				if f, ok := row.Float(col); ok {
					run.StageSeconds[strings.TrimSuffix(strings.TrimPrefix(col, "stage_"), "_seconds")] = f
				}
			default:
				if n, ok := v.(int64); ok {
					run.Counts[col] = n
				}
			}
		}
		out = append(out, run)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// latestPerArticle keeps the rows of article-keyed tables from the latest run
// that wrote the article, as the views of schemas/duckdb.sql do, so that an
// article reprocessed by a later run (run --full) counts once.
func latestPerArticle(tables map[string][]dataset.Row) {
	latest := map[string]string{}
	for _, a := range tables["articles"] {
		if id, run := a.Str("article_id"), a.Str("run_id"); run > latest[id] {
			latest[id] = run
		}
	}
	for _, t := range []string{"articles", "statistics", "org_mentions", "events", "event_mentions", "kpis"} {
		keep := tables[t][:0]
		for _, row := range tables[t] {
			if latest[row.Str("article_id")] == row.Str("run_id") {
				keep = append(keep, row)
			}
		}
		tables[t] = keep
	}
}

// dedupOrgs keeps one row per org_id, the one of the latest run, as the
// organizations view of schemas/duckdb.sql does.
func dedupOrgs(rows []dataset.Row) []dataset.Row {
	latest := map[string]dataset.Row{}
	for _, row := range rows {
		id := row.Str("org_id")
		if old, ok := latest[id]; !ok || row.Str("run_id") > old.Str("run_id") {
			latest[id] = row
		}
	}
	out := make([]dataset.Row, 0, len(latest))
	for _, row := range latest {
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b dataset.Row) int { return cmp.Compare(a.Str("org_id"), b.Str("org_id")) })
	return out
}

// byCount counts rows per value of col, most frequent first (ties by label),
// keeping the top n when n > 0 and folding the rest into "(other)".
func byCount(rows []dataset.Row, col string, n int) []Bar {
	counts := map[string]float64{}
	for _, row := range rows {
		k := row.Str(col)
		if k == "" {
			k = unknown
		}
		counts[k]++
	}
	bars := make([]Bar, 0, len(counts))
	for k, v := range counts {
		bars = append(bars, Bar{k, v})
	}
	slices.SortFunc(bars, func(a, b Bar) int {
		if c := cmp.Compare(b.Value, a.Value); c != 0 {
			return c
		}
		return cmp.Compare(a.Label, b.Label)
	})
	if n > 0 && len(bars) > n {
		var rest float64
		for _, b := range bars[n:] {
			rest += b.Value
		}
		bars = append(bars[:n:n], Bar{"(other)", rest})
	}
	return bars
}

// articlesByDay counts articles per published day, or per month when the days
// would not fit on one chart; articles without a date come last.
func articlesByDay(rows []dataset.Row) Chart {
	c := Chart{ID: ChartArticlesByDay, Title: "Articles per day", Unit: "articles",
		Caption: "Articles by the publication date stated in the text."}
	days := map[string]float64{}
	for _, row := range rows {
		days[dayLabel(row.Time("published_date"), "2006-01-02")]++
	}
	if len(days) > 31 {
		c.Title = "Articles per month"
		c.Caption = "Articles by the month of the publication date stated in the text."
		days = map[string]float64{}
		for _, row := range rows {
			days[dayLabel(row.Time("published_date"), "2006-01")]++
		}
	}
	for k, v := range days {
		c.Bars = append(c.Bars, Bar{k, v})
	}
	// ISO dates sort as strings; articles without a date go last.
	slices.SortFunc(c.Bars, func(a, b Bar) int {
		if (a.Label == unknown) != (b.Label == unknown) {
			if a.Label == unknown {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Label, b.Label)
	})
	return c
}

func dayLabel(t time.Time, layout string) string {
	if t.IsZero() {
		return unknown
	}
	return t.UTC().Format(layout)
}

// AchievementBuckets returns the lower bounds of the achievement_pct
// histogram: plans are mostly met or missed narrowly, so the bins are finer
// around 100%.
func AchievementBuckets() []float64 { return []float64{0, 50, 80, 90, 100, 110, 150} }

// achievement is the distribution of achievement_pct over KPIs that state one.
func achievement(kpis []dataset.Row) Chart {
	c := Chart{ID: ChartAchievement, Title: "KPI achievement distribution", Unit: "KPIs",
		Caption: "KPIs that state a share of their target, by achievement_pct."}
	buckets := AchievementBuckets()
	for i, lo := range buckets {
		label := fmt.Sprintf("≥%g%%", lo)
		if i+1 < len(buckets) {
			label = fmt.Sprintf("%g–%g%%", lo, buckets[i+1])
		}
		c.Bars = append(c.Bars, Bar{Label: label})
	}
	below := Bar{Label: "<0%"}
	for _, row := range kpis {
		v, ok := row.Float("achievement_pct")
		if !ok {
			continue
		}
		if v < 0 {
			below.Value++
			continue
		}
		i := sort.SearchFloat64s(buckets, v)
		if i == len(buckets) || buckets[i] != v {
			i--
		}
		c.Bars[i].Value++
	}
	if below.Value > 0 {
		c.Bars = append([]Bar{below}, c.Bars...)
	}
	return c
}

// stageTimings charts per-stage seconds summed over the runs in scope, or the
// run durations when the runs table records no stage timings.
func (r *Report) stageTimings() Chart {
	c := Chart{ID: ChartStageTimings, Title: "Stage timings", Unit: "seconds",
		Caption: "Time spent in each per-article stage, summed over workers and runs."}
	sum := map[string]float64{}
	for _, run := range r.Runs {
		for k, v := range run.StageSeconds {
			sum[k] += v
		}
	}
	if len(sum) > 0 {
		for k, v := range sum {
			c.Bars = append(c.Bars, Bar{k, v})
		}
		slices.SortFunc(c.Bars, func(a, b Bar) int { return cmp.Compare(b.Value, a.Value) })
		return c
	}
	c.Title = "Run durations"
	c.Caption = "Wall time of each run. The runs table records no per-stage timings " +
		"(columns stage_<name>_seconds); this chart shows them once it does."
	r.Notes = append(r.Notes, "Stage timings are not recorded in the runs table; run durations are shown instead.")
	shown := r.Runs
	if len(shown) > maxRunBars {
		shown = shown[len(shown)-maxRunBars:]
		c.Caption += fmt.Sprintf(" The latest %d runs.", maxRunBars)
	}
	for _, run := range shown {
		c.Bars = append(c.Bars, Bar{shortRun(run.ID), run.Duration().Seconds()})
	}
	return c
}

// maxRunBars bounds the run-duration chart of a report over many nights.
const maxRunBars = 30

// MetricStats summarizes the KPIs of one metric.
type MetricStats struct {
	Metric string
	KPIs   int
	// WithAchievement counts the KPIs that state achievement_pct; Mean, Min
	// and Max are over those.
	WithAchievement int
	Mean, Min, Max  float64
}

// metricStats summarizes the top metrics by KPI count, with their stated
// achievement, in the order of the metric chart.
func metricStats(kpis []dataset.Row, top []Bar) []MetricStats {
	idx := map[string]int{}
	out := make([]MetricStats, 0, len(top))
	for _, b := range top {
		if b.Label == "(other)" {
			continue
		}
		idx[b.Label] = len(out)
		out = append(out, MetricStats{Metric: b.Label})
	}
	for _, k := range kpis {
		m := k.Str("metric")
		if m == "" {
			m = unknown
		}
		i, ok := idx[m]
		if !ok {
			continue
		}
		s := &out[i]
		s.KPIs++
		v, ok := k.Float("achievement_pct")
		if !ok {
			continue
		}
		if s.WithAchievement == 0 || v < s.Min {
			s.Min = v
		}
		if s.WithAchievement == 0 || v > s.Max {
			s.Max = v
		}
		s.Mean += v
		s.WithAchievement++
	}
	for i := range out {
		if out[i].WithAchievement > 0 {
			out[i].Mean /= float64(out[i].WithAchievement)
		}
	}
	return out
}

// orgsByProvince counts distinct organizations per province, placing
// district-level places in their province with the gazetteer.
func (r *Report) orgsByProvince(orgs []dataset.Row, top int) Chart {
	c := Chart{ID: ChartOrgsByProvince, Title: "Organizations by province", Unit: "organizations",
		Caption: fmt.Sprintf("Distinct organizations (org_id) by the province of their place, top %d; "+
			"districts are placed in their province with the gazetteer.", top)}
	prov, err := loadProvinces(data.FS)
	if err != nil {
		// The report still helps without the mapping: count raw places.
		r.Notes = append(r.Notes, fmt.Sprintf("Organizations are counted by place, not province: %v.", err))
		c.Title, c.Caption = "Organizations by place", fmt.Sprintf("Distinct organizations (org_id) by place, top %d.", top)
		c.Bars = byCount(orgs, "place", top)
		return c
	}
	keyed := make([]dataset.Row, len(orgs))
	for i, o := range orgs {
		keyed[i] = dataset.Row{"province": prov.of(o.Str("place"))}
	}
	c.Bars = byCount(keyed, "province", top)
	return c
}

// shortRun shortens a run id for a chart label; the tables show it whole.
func shortRun(id string) string {
	if len(id) > 10 {
		return "…" + id[len(id)-8:]
	}
	return id
}
