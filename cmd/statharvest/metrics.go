package main

import (
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/statharvest/statharvest/pipeline"
)

const lastSuccessMetric = "statharvest_last_success_timestamp_seconds"

// writeMetrics writes the run's metrics in the Prometheus text format for
// node_exporter's textfile collector. The file is replaced atomically, and a
// failed run keeps the last success time of the previous file.
func writeMetrics(path string, res pipeline.Result, runErr error, now time.Time) error {
	reg := prometheus.NewRegistry()
	gauge := func(name, help string, v float64) {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
		g.Set(v)
		reg.MustRegister(g)
	}
	success := 0.0
	lastSuccess := previousLastSuccess(path)
	if runErr == nil {
		success = 1
		lastSuccess = float64(now.Unix())
	}
	gauge("statharvest_run_success", "1 if the last run committed, else 0.", success)
	gauge(lastSuccessMetric, "Unix time of the last committed run.", lastSuccess)
	gauge("statharvest_run_timestamp_seconds", "Unix time the last run ended.", float64(now.Unix()))
	gauge("statharvest_run_duration_seconds", "Wall time of the last run.", res.Duration.Seconds())
	gauge("statharvest_input_files", "Input files found by the last run.", float64(res.FilesSeen))
	gauge("statharvest_input_files_skipped", "Unchanged input files the last run skipped.", float64(res.FilesSkipped))
	gauge("statharvest_input_bytes", "Input bytes the last run read.", float64(res.BytesRead))
	gauge("statharvest_input_articles", "Articles the last run read.", float64(res.ArticlesIn))
	gauge("statharvest_known_articles", "Articles skipped because an earlier run wrote them.", float64(res.ArticlesKnown))
	gauge("statharvest_rejects", "Inputs the last run rejected.", float64(res.Counts.Rejects))
	gauge("statharvest_peak_heap_bytes", "Peak Go heap in use during the last run.", float64(res.PeakHeapBytes))
	rows := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "statharvest_rows_written", Help: "Rows the last run wrote, per table."}, []string{"table"})
	for table, n := range map[string]int64{
		"articles": res.Counts.Articles, "statistics": res.Counts.Statistics, "organizations": res.Counts.Organizations,
		"org_mentions": res.Counts.OrgMentions, "events": res.Counts.Events, "kpis": res.Counts.KPIs, "rejects": res.Counts.Rejects,
	} {
		rows.WithLabelValues(table).Set(float64(n))
	}
	reg.MustRegister(rows)
	stages := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "statharvest_stage_seconds", Help: "CPU time spent per per-article stage in the last run, summed over workers."}, []string{"stage"})
	for name, d := range res.StageTime {
		stages.WithLabelValues(name).Set(d.Seconds())
	}
	reg.MustRegister(stages)
	return prometheus.WriteToTextfile(path, reg)
}

func previousLastSuccess(path string) float64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	var p expfmt.TextParser
	families, err := p.TextToMetricFamilies(f)
	if err != nil {
		return 0
	}
	if mf, ok := families[lastSuccessMetric]; ok && len(mf.GetMetric()) > 0 {
		return mf.GetMetric()[0].GetGauge().GetValue()
	}
	return 0
}
