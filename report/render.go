package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"strconv"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/statharvest/statharvest/schemas"
)

//go:embed report.html.tmpl
var pageTemplate string

const (
	chartWidth  = 900
	chartHeight = 320
)

// WriteHTML renders the report as one HTML file with inline CSS and SVG: no
// script, no external resource, so it opens offline and can be mailed.
func (r *Report) WriteHTML(w io.Writer) error {
	t, err := template.New("report").Funcs(template.FuncMap{
		"num":   formatNum,
		"svg":   svg,
		"since": func(r Run) string { return r.Duration().Round(1e6).String() },
		"ts":    func(r Run) string { return r.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC") },
		"tables": func() []string {
			var names []string
			for _, t := range schemas.All {
				if t.Name != schemas.Runs.Name {
					names = append(names, t.Name)
				}
			}
			return names
		},
	}).Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, r); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(b.Bytes())
	return err
}

// formatNum prints counts without decimals and other values with at most two.
func formatNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// svg draws a chart as an SVG bar chart, or a placeholder when it has nothing
// to show (go-chart refuses empty or all-zero data).
func svg(c Chart) (template.HTML, error) {
	maxV := 0.0
	for _, b := range c.Bars {
		maxV = math.Max(maxV, b.Value)
	}
	if len(c.Bars) == 0 || maxV <= 0 {
		return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d 80" role="img" aria-label="no data">`+
			`<rect x="0.5" y="0.5" width="%d" height="79" fill="#fafafa" stroke="#ddd"/>`+
			`<text x="%d" y="45" text-anchor="middle" font-family="sans-serif" font-size="14" fill="#777">no rows in this report's scope</text></svg>`,
			chartWidth, chartWidth-1, chartWidth/2)), nil
	}
	bars := make([]chart.Value, len(c.Bars))
	for i, b := range c.Bars {
		// go-chart writes labels into the SVG unescaped, and labels are data.
		bars[i] = chart.Value{Label: html.EscapeString(b.Label), Value: b.Value}
	}
	plot := chartWidth - 90 // less the y axis and padding
	slot := plot / len(bars)
	bc := chart.BarChart{
		Width:  chartWidth,
		Height: chartHeight,
		// The x labels are drawn below the canvas, inside the bottom padding.
		Background: chart.Style{Padding: chart.Box{Top: 20, Left: 20, Right: 20, Bottom: 56}},
		BarWidth:   max(4, slot*2/3),
		BarSpacing: max(2, slot/3),
		XAxis:      chart.Style{FontSize: 9},
		YAxis: chart.YAxis{
			AxisType: chart.YAxisSecondary, // left, where readers look first
			Ticks:    ticks(maxV),
			Style:    chart.Style{FontSize: 9},
		},
		Bars: bars,
	}
	for i := range bc.Bars {
		bc.Bars[i].Style = chart.Style{FillColor: drawing.ColorFromHex("4878a8"), StrokeColor: drawing.ColorFromHex("35618c"), StrokeWidth: 1}
	}
	var b bytes.Buffer
	if err := bc.Render(chart.SVG, &b); err != nil {
		return "", fmt.Errorf("report: chart %s: %w", c.ID, err)
	}
	return template.HTML(b.String()), nil
}

// ticks returns about five round y-axis ticks from 0 to at least maxV.
func ticks(maxV float64) []chart.Tick {
	raw := maxV / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		step = m * mag
		if step >= raw {
			break
		}
	}
	// Counts are whole: a step below 1 would draw fractional ticks.
	if maxV >= 1 && step < 1 {
		step = 1
	}
	var out []chart.Tick
	for v := 0.0; ; v += step {
		out = append(out, chart.Tick{Value: v, Label: formatNum(v)})
		if v >= maxV {
			break
		}
	}
	return out
}
