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

// articleKeyed are the tables whose rows belong to one article and so come
// from the latest run that wrote the article, as in schemas/duckdb.sql.
func articleKeyed(table string) bool {
	switch table {
	case "articles", "statistics", "org_mentions", "events", "event_mentions", "kpis":
		return true
	}
	return false
}

// Build reads the committed output under root and computes the report. It
// streams the few columns each chart needs and keeps only counters, so its
// memory grows with the number of articles and organizations, not of rows.
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

	runRows, err := ds.Rows(schemas.Runs.Name) // small, and every counter is shown
	if err != nil {
		return nil, err
	}
	var scoped []dataset.Row
	for _, row := range runRows {
		if inScope[row.Str("run_id")] {
			scoped = append(scoped, row)
		}
	}
	r.Runs = runs(scoped)
	r.Rows[schemas.Runs.Name] = int64(len(r.Runs))

	// The latest run in scope of every article.
	latest := map[string]string{}
	err = ds.Scan("articles", []string{"article_id", "run_id"}, func(row dataset.Row) {
		if id, run := row.Str("article_id"), row.Str("run_id"); inScope[run] && run > latest[id] {
			latest[id] = run
		}
	})
	if err != nil {
		return nil, err
	}
	keep := func(table string, row dataset.Row) bool {
		run := row.Str("run_id")
		if !inScope[run] {
			return false
		}
		return !articleKeyed(table) || latest[row.Str("article_id")] == run
	}

	langs, days, kinds, metrics, reasons := counter{}, counter{}, counter{}, counter{}, counter{}
	ach := newAchievement()
	perMetric := map[string]*MetricStats{}
	type org struct{ run, place string }
	orgs := map[string]org{}
	// What each table adds to the charts, beyond its row count.
	add := map[string]func(dataset.Row){
		"articles": func(row dataset.Row) {
			langs.add(row.Str("lang"))
			days.add(dayLabel(row.Time("published_date"), "2006-01-02"))
		},
		"statistics": func(row dataset.Row) { kinds.add(row.Str("kind")) },
		"kpis": func(row dataset.Row) {
			m := row.Str("metric")
			metrics.add(m)
			v, ok := row.Float("achievement_pct")
			if ok {
				ach.add(v)
			}
			addMetric(perMetric, m, v, ok)
		},
		"organizations": func(row dataset.Row) {
			if id, run := row.Str("org_id"), row.Str("run_id"); run > orgs[id].run {
				orgs[id] = org{run, row.Str("place")}
			}
		},
		"rejects": func(row dataset.Row) { reasons.add(row.Str("reason")) },
	}
	cols := map[string][]string{
		"articles":      {"lang", "published_date"},
		"statistics":    {"kind"},
		"organizations": {"org_id", "place"},
		"kpis":          {"metric", "achievement_pct"},
		"rejects":       {"reason"},
	}
	for _, t := range schemas.All {
		if t.Name == schemas.Runs.Name {
			continue
		}
		var n int64
		fn := add[t.Name]
		err := ds.Scan(t.Name, append(cols[t.Name], "article_id", "run_id"), func(row dataset.Row) {
			if !keep(t.Name, row) {
				return
			}
			n++
			if fn != nil {
				fn(row)
			}
		})
		if err != nil {
			return nil, err
		}
		r.Rows[t.Name] = n
	}
	r.Rows["organizations"] = int64(len(orgs))
	places := counter{}
	for _, o := range orgs {
		places.add(o.place)
	}

	metricBars := metrics.bars(o.Top)
	r.Charts = append(r.Charts,
		Chart{ID: ChartArticlesByLang, Title: "Articles per language", Unit: "articles",
			Caption: "Articles by detected language of the body.",
			Bars:    langs.bars(0)},
		articlesByDay(days),
		Chart{ID: ChartStatsByKind, Title: "Statistics by kind", Unit: "statistics",
			Caption: "Number mentions by kind.",
			Bars:    kinds.bars(0)},
		Chart{ID: ChartKPIsByMetric, Title: fmt.Sprintf("Top %d KPI metrics", o.Top), Unit: "KPIs",
			Caption: "KPIs per canonical metric, most frequent first.",
			Bars:    metricBars},
		ach.chart(),
		r.orgsByProvince(places, o.Top),
		Chart{ID: ChartRejectsByReason, Title: "Rejects by reason", Unit: "inputs",
			Caption: "Inputs not turned into articles, by reason.",
			Bars:    reasons.bars(0)},
		r.stageTimings(),
	)
	r.Metrics = metricStats(perMetric, metricBars)
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

// counter counts rows per label; an empty label counts as unknown.
type counter map[string]float64

func (c counter) add(label string) {
	if label == "" {
		label = unknown
	}
	c[label]++
}

// bars returns the counts most frequent first (ties by label), keeping the
// top n when n > 0 and folding the rest into "(other)".
func (c counter) bars(n int) []Bar {
	bars := make([]Bar, 0, len(c))
	for k, v := range c {
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

// articlesByDay charts articles per published day ("2006-01-02" labels), or
// per month when the days would not fit on one chart; articles without a date
// come last.
func articlesByDay(days counter) Chart {
	c := Chart{ID: ChartArticlesByDay, Title: "Articles per day", Unit: "articles",
		Caption: "Articles by the publication date stated in the text."}
	if len(days) > 31 {
		c.Title = "Articles per month"
		c.Caption = "Articles by the month of the publication date stated in the text."
		months := counter{}
		for day, n := range days {
			if day != unknown {
				day = day[:len("2006-01")]
			}
			months[day] += n
		}
		days = months
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
type achievement struct {
	buckets []float64
	counts  []float64
	below   float64 // negative values: a decline stated as a share of plan
}

func newAchievement() *achievement {
	b := AchievementBuckets()
	return &achievement{buckets: b, counts: make([]float64, len(b))}
}

func (h *achievement) add(v float64) {
	if v < 0 || v != v {
		h.below++
		return
	}
	i := sort.SearchFloat64s(h.buckets, v)
	if i == len(h.buckets) || h.buckets[i] != v {
		i--
	}
	h.counts[i]++
}

func (h *achievement) chart() Chart {
	c := Chart{ID: ChartAchievement, Title: "KPI achievement distribution", Unit: "KPIs",
		Caption: "KPIs that state a share of their target, by achievement_pct."}
	if h.below > 0 {
		c.Bars = append(c.Bars, Bar{"<0%", h.below})
	}
	for i, lo := range h.buckets {
		label := fmt.Sprintf("≥%g%%", lo)
		if i+1 < len(h.buckets) {
			label = fmt.Sprintf("%g–%g%%", lo, h.buckets[i+1])
		}
		c.Bars = append(c.Bars, Bar{label, h.counts[i]})
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

// addMetric adds one KPI of metric m, with its achievement v when ok.
func addMetric(acc map[string]*MetricStats, m string, v float64, ok bool) {
	if m == "" {
		m = unknown
	}
	s := acc[m]
	if s == nil {
		s = &MetricStats{Metric: m}
		acc[m] = s
	}
	s.KPIs++
	if !ok {
		return
	}
	if s.WithAchievement == 0 || v < s.Min {
		s.Min = v
	}
	if s.WithAchievement == 0 || v > s.Max {
		s.Max = v
	}
	s.Mean += v // a sum until metricStats divides
	s.WithAchievement++
}

// metricStats returns the summaries of the metrics of the metric chart, in
// its order.
func metricStats(acc map[string]*MetricStats, top []Bar) []MetricStats {
	var out []MetricStats
	for _, b := range top {
		s, ok := acc[b.Label]
		if !ok {
			continue // "(other)"
		}
		m := *s
		if m.WithAchievement > 0 {
			m.Mean /= float64(m.WithAchievement)
		}
		out = append(out, m)
	}
	return out
}

// orgsByProvince counts distinct organizations per province, placing
// district-level places in their province with the gazetteer.
func (r *Report) orgsByProvince(places counter, top int) Chart {
	c := Chart{ID: ChartOrgsByProvince, Title: "Organizations by province", Unit: "organizations",
		Caption: fmt.Sprintf("Distinct organizations (org_id) by the province of their place, top %d; "+
			"districts are placed in their province with the gazetteer.", top)}
	prov, err := loadProvinces(data.FS)
	if err != nil {
		// The report still helps without the mapping: count raw places.
		r.Notes = append(r.Notes, fmt.Sprintf("Organizations are counted by place, not province: %v.", err))
		c.Title, c.Caption = "Organizations by place", fmt.Sprintf("Distinct organizations (org_id) by place, top %d.", top)
		c.Bars = places.bars(top)
		return c
	}
	byProvince := counter{}
	for place, n := range places {
		if place == unknown {
			place = ""
		}
		byProvince[prov.of(place)] += n
	}
	c.Bars = byProvince.bars(top)
	return c
}

// shortRun shortens a run id for a chart label; the tables show it whole.
func shortRun(id string) string {
	if len(id) > 10 {
		return "…" + id[len(id)-8:]
	}
	return id
}
