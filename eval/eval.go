// Package eval scores a committed output directory against gold annotations
// (the format of ../shared/eval/README.md): numbers on (kind, value), units,
// metadata, organizations on (type, level, place), KPIs on (value, unit) with
// their achievement, events on (type, date), and story grouping.
package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/statharvest/statharvest/dataset"
)

// Gold is one annotated article.
type Gold struct {
	File          string       `json:"file"`
	Lang          string       `json:"lang"`
	Published     *string      `json:"published"`
	SourceURL     *string      `json:"source_url"`
	Byline        *string      `json:"byline"`
	Numbers       []GoldNumber `json:"numbers"`
	KPIs          []GoldKPI    `json:"kpis"`
	Organizations []GoldOrg    `json:"organizations"`
	Events        []GoldEvent  `json:"events"`
}

// GoldNumber is one annotated number mention.
type GoldNumber struct {
	Raw   string   `json:"raw"`
	Kind  string   `json:"kind"`
	Value *float64 `json:"value"`
	Date  *string  `json:"date"`
	Start *float64 `json:"start"`
	End   *float64 `json:"end"`
	Unit  *string  `json:"unit"`
	Words bool     `json:"words"`
}

// GoldKPI is one annotated KPI.
type GoldKPI struct {
	Metric         string   `json:"metric"`
	Value          float64  `json:"value"`
	Unit           *string  `json:"unit"`
	AchievementPct *float64 `json:"achievement_pct"`
}

// GoldOrg is one annotated organization.
type GoldOrg struct {
	Name  string  `json:"name"`
	Type  string  `json:"type"`
	Level *string `json:"level"`
	Place *string `json:"place"`
}

// GoldEvent is one annotated event.
type GoldEvent struct {
	Type string  `json:"type"`
	Date *string `json:"date"`
}

// LoadGold reads every *.json file of dir.
func LoadGold(dir string) ([]Gold, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("eval: no gold files in %s", dir)
	}
	sort.Strings(files)
	var out []Gold
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var g Gold
		if err := json.Unmarshal(b, &g); err != nil {
			return nil, fmt.Errorf("eval: %s: %w", f, err)
		}
		out = append(out, g)
	}
	return out, nil
}

// PRF is a precision/recall/F1 score from multiset counts.
type PRF struct {
	TP, Pred, Gold int
}

// Add accumulates another score.
func (s *PRF) Add(o PRF) { s.TP += o.TP; s.Pred += o.Pred; s.Gold += o.Gold }

// Precision is TP/Pred (1 when nothing was predicted).
func (s PRF) Precision() float64 {
	if s.Pred == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.Pred)
}

// Recall is TP/Gold (1 when nothing was expected).
func (s PRF) Recall() float64 {
	if s.Gold == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.Gold)
}

// F1 is the harmonic mean of precision and recall.
func (s PRF) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// multiset scores predicted keys against gold keys and returns the gold keys missed and predicted keys unmatched.
func multiset(pred, gold []string) (PRF, []string, []string) {
	count := map[string]int{}
	for _, g := range gold {
		count[g]++
	}
	s := PRF{Pred: len(pred), Gold: len(gold)}
	var extra []string
	for _, p := range pred {
		if count[p] > 0 {
			count[p]--
			s.TP++
		} else {
			extra = append(extra, p)
		}
	}
	var missed []string
	for _, g := range gold {
		if count[g] > 0 {
			count[g]--
			missed = append(missed, g)
		}
	}
	return s, missed, extra
}

// Report is the score of one output directory.
type Report struct {
	Articles      int
	Unmatched     []string // gold files with no article in the output
	Numbers       PRF
	Digits        PRF
	Words         PRF
	Units         PRF
	NumbersByLang map[string]*PRF
	Meta          map[string][2]int // field -> correct, total
	Orgs          PRF
	KPIs          PRF
	Achievement   [2]int // correct, matched
	Events        PRF
	Stories       *StoryScore
	Details       []ArticleDetail
}

// ArticleDetail lists what one article missed and added, for debugging.
type ArticleDetail struct {
	File                        string
	NumbersMissed, NumbersExtra []string
	UnitsMissed, UnitsExtra     []string
	OrgsMissed, OrgsExtra       []string
	KPIsMissed, KPIsExtra       []string
	EventsMissed, EventsExtra   []string
	MetaWrong                   []string
}

func fmtNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.6g", v)
}

// yearlessDate formats a date whose month and day are known but not its
// year as the gold writes it: XXXX-MM-DD.
func yearlessDate(r dataset.Row) (string, bool) {
	m, ok1 := r.Float("date_month")
	d, ok2 := r.Float("date_day")
	if !ok1 || !ok2 {
		return "", false
	}
	return fmt.Sprintf("XXXX-%02d-%02d", int(m), int(d)), true
}

func goldNumberKey(n GoldNumber) string {
	switch n.Kind {
	case "date":
		if n.Date != nil {
			return n.Kind + ":" + *n.Date
		}
	case "year_range":
		if n.Start != nil && n.End != nil {
			return n.Kind + ":" + fmtNum(*n.Start) + "-" + fmtNum(*n.End)
		}
	}
	if n.Value == nil {
		return n.Kind + ":?"
	}
	return n.Kind + ":" + fmtNum(*n.Value)
}

func predNumberKey(r dataset.Row) string {
	kind := r.Str("kind")
	switch kind {
	case "date":
		if t := r.Time("date"); !t.IsZero() {
			switch r.Str("date_precision") {
			case "year":
				return kind + ":" + t.Format("2006")
			case "month":
				return kind + ":" + t.Format("2006-01")
			}
			return kind + ":" + t.Format("2006-01-02")
		}
		if md, ok := yearlessDate(r); ok {
			return kind + ":" + md
		}
	case "year_range":
		s, ok1 := r.Float("range_start")
		e, ok2 := r.Float("range_end")
		if ok1 && ok2 {
			return kind + ":" + fmtNum(s) + "-" + fmtNum(e)
		}
	}
	v, ok := r.Float("value")
	if !ok {
		return kind + ":?"
	}
	return kind + ":" + fmtNum(v)
}

func optStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// vietnam is the local time of the sources: published_at is stored in UTC.
var vietnam = time.FixedZone("ICT", 7*3600)

// ErrNoOutput reports an output directory without a committed run.
var ErrNoOutput = errors.New("eval: no output to score")

// Score compares the committed output under out with the gold annotations.
// Gold files with no article in the output are scored as if the pipeline
// had found nothing in them, and listed in Unmatched.
func Score(out string, gold []Gold) (*Report, error) {
	ds, err := dataset.Open(out)
	if err != nil {
		return nil, err
	}
	if len(ds.Runs()) == 0 {
		// Scoring nothing would print perfect scores.
		return nil, fmt.Errorf("%w: %s holds no committed run", ErrNoOutput, out)
	}
	tables := map[string][]dataset.Row{}
	for _, t := range []string{"articles", "statistics", "org_mentions", "organizations", "kpis", "events"} {
		if tables[t], err = ds.Rows(t); err != nil {
			return nil, err
		}
	}
	// The newest committed row of each source file wins.
	byFile := map[string]dataset.Row{}
	for _, a := range tables["articles"] {
		f := path.Base(filepath.ToSlash(a.Str("source_path")))
		if old, ok := byFile[f]; !ok || old.Str("run_id") < a.Str("run_id") {
			byFile[f] = a
		}
	}
	group := func(t, key string) map[string][]dataset.Row {
		m := map[string][]dataset.Row{}
		for _, r := range tables[t] {
			m[r.Str(key)] = append(m[r.Str(key)], r)
		}
		return m
	}
	stats, mentions, kpis, events := group("statistics", "article_id"), group("org_mentions", "article_id"), group("kpis", "article_id"), group("events", "article_id")
	orgs := map[string]dataset.Row{}
	for _, o := range tables["organizations"] {
		orgs[o.Str("org_id")] = o
	}

	rep := &Report{NumbersByLang: map[string]*PRF{}, Meta: map[string][2]int{}}
	for _, g := range gold {
		a, ok := byFile[g.File]
		if !ok {
			// A page the pipeline lost counts against it: every gold item is
			// a miss and every metadata field wrong.
			rep.Unmatched = append(rep.Unmatched, g.File)
		} else {
			rep.Articles++
		}
		d := ArticleDetail{File: g.File}
		var st, me, kp, ev []dataset.Row
		if ok {
			id := a.Str("article_id")
			st, me, kp, ev = stats[id], mentions[id], kpis[id], events[id]
			rep.scoreMeta(g, a, &d)
		} else {
			for _, f := range []string{"lang", "published", "source_url", "byline"} {
				rep.meta(f, false, &d, "", "(no article in the output)")
			}
		}
		rep.scoreNumbers(g, st, &d)
		rep.scoreOrgs(g, me, orgs, &d)
		rep.scoreKPIs(g, kp, &d)
		rep.scoreEvents(g, ev, &d)
		rep.Details = append(rep.Details, d)
	}
	return rep, nil
}

func (rep *Report) meta(field string, ok bool, d *ArticleDetail, got, want string) {
	c := rep.Meta[field]
	c[1]++
	if ok {
		c[0]++
	} else {
		d.MetaWrong = append(d.MetaWrong, fmt.Sprintf("%s: got %q want %q", field, got, want))
	}
	rep.Meta[field] = c
}

func (rep *Report) scoreMeta(g Gold, a dataset.Row, d *ArticleDetail) {
	rep.meta("lang", a.Str("lang") == g.Lang, d, a.Str("lang"), g.Lang)
	want := optStr(g.Published)
	got := ""
	if strings.Contains(want, "T") {
		if t := a.Time("published_at"); !t.IsZero() {
			got = t.In(vietnam).Format("2006-01-02T15:04:05")
		}
	} else if t := a.Time("published_date"); !t.IsZero() {
		got = t.Format("2006-01-02")
	}
	rep.meta("published", got == want, d, got, want)
	rep.meta("source_url", a.Str("source_url") == optStr(g.SourceURL), d, a.Str("source_url"), optStr(g.SourceURL))
	rep.meta("byline", strings.TrimSpace(a.Str("byline")) == strings.TrimSpace(optStr(g.Byline)), d, a.Str("byline"), optStr(g.Byline))
}

func (rep *Report) scoreNumbers(g Gold, stats []dataset.Row, d *ArticleDetail) {
	var gAll, gDig, gWord, gUnit, pAll, pDig, pWord, pUnit []string
	for _, n := range g.Numbers {
		k := goldNumberKey(n)
		gAll = append(gAll, k)
		gUnit = append(gUnit, k+"|"+optStr(n.Unit))
		if n.Words {
			gWord = append(gWord, k)
		} else {
			gDig = append(gDig, k)
		}
	}
	for _, r := range stats {
		k := predNumberKey(r)
		pAll = append(pAll, k)
		pUnit = append(pUnit, k+"|"+r.Str("unit"))
		if w, _ := r["words"].(bool); w {
			pWord = append(pWord, k)
		} else {
			pDig = append(pDig, k)
		}
	}
	s, missed, extra := multiset(pAll, gAll)
	rep.Numbers.Add(s)
	d.NumbersMissed, d.NumbersExtra = missed, extra
	if rep.NumbersByLang[g.Lang] == nil {
		rep.NumbersByLang[g.Lang] = &PRF{}
	}
	rep.NumbersByLang[g.Lang].Add(s)
	s, _, _ = multiset(pDig, gDig)
	rep.Digits.Add(s)
	// Words recall counts a gold word mention found among all predictions,
	// however the prediction was flagged.
	s, _, _ = multiset(pWord, gWord)
	rep.Words.Add(s)
	s, missed, extra = multiset(pUnit, gUnit)
	rep.Units.Add(s)
	d.UnitsMissed, d.UnitsExtra = missed, extra
}

func orgKey(typ, level, place string) string { return typ + "|" + level + "|" + place }

func (rep *Report) scoreOrgs(g Gold, mentions []dataset.Row, orgs map[string]dataset.Row, d *ArticleDetail) {
	var gk, pk []string
	for _, o := range g.Organizations {
		gk = append(gk, orgKey(o.Type, optStr(o.Level), optStr(o.Place)))
	}
	seen := map[string]bool{}
	for _, m := range mentions {
		id := m.Str("org_id")
		if seen[id] {
			continue
		}
		seen[id] = true
		o := orgs[id]
		pk = append(pk, orgKey(o.Str("type"), o.Str("level"), o.Str("place")))
	}
	s, missed, extra := multiset(pk, gk)
	rep.Orgs.Add(s)
	d.OrgsMissed, d.OrgsExtra = missed, extra
}

func kpiKey(v float64, unit string) string { return fmtNum(v) + "|" + unit }

func (rep *Report) scoreKPIs(g Gold, kpis []dataset.Row, d *ArticleDetail) {
	var gk, pk []string
	goldAch := map[string][]*float64{}
	for _, k := range g.KPIs {
		key := kpiKey(k.Value, optStr(k.Unit))
		gk = append(gk, key)
		goldAch[key] = append(goldAch[key], k.AchievementPct)
	}
	for _, r := range kpis {
		v, _ := r.Float("value")
		key := kpiKey(v, r.Str("unit"))
		pk = append(pk, key)
		if cands := goldAch[key]; len(cands) > 0 {
			ach, ok := r.Float("achievement_pct")
			// Match the gold KPI whose achievement agrees, if any.
			best := -1
			for i, c := range cands {
				if (c == nil && !ok) || (c != nil && ok && math.Abs(*c-ach) < 0.01) {
					best = i
					break
				}
			}
			rep.Achievement[1]++
			if best >= 0 {
				rep.Achievement[0]++
			} else {
				best = 0
			}
			goldAch[key] = append(cands[:best], cands[best+1:]...)
		}
	}
	s, missed, extra := multiset(pk, gk)
	rep.KPIs.Add(s)
	d.KPIsMissed, d.KPIsExtra = missed, extra
}

func (rep *Report) scoreEvents(g Gold, events []dataset.Row, d *ArticleDetail) {
	var gk, pk []string
	for _, e := range g.Events {
		gk = append(gk, e.Type+"|"+optStr(e.Date))
	}
	for _, e := range events {
		date := ""
		if t := e.Time("date"); !t.IsZero() {
			date = t.Format("2006-01-02")
		} else if md, ok := yearlessDate(e); ok {
			date = md
		}
		pk = append(pk, e.Str("type")+"|"+date)
	}
	s, missed, extra := multiset(pk, gk)
	rep.Events.Add(s)
	d.EventsMissed, d.EventsExtra = missed, extra
}

// AchievementShare is the share of matched KPIs whose achievement_pct is right.
func (rep *Report) AchievementShare() float64 {
	if rep.Achievement[1] == 0 {
		return 1
	}
	return float64(rep.Achievement[0]) / float64(rep.Achievement[1])
}

// MetaAccuracy returns the share of correct values of a metadata field.
func (rep *Report) MetaAccuracy(field string) float64 {
	c := rep.Meta[field]
	if c[1] == 0 {
		return 1
	}
	return float64(c[0]) / float64(c[1])
}

// Print writes the score table; verbose adds per-article misses.
func (rep *Report) Print(w io.Writer, verbose bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "area\tprecision\trecall\tF1\ttp\tpred\tgold\t\n")
	row := func(name string, s PRF) {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t\n", name, s.Precision(), s.Recall(), s.F1(), s.TP, s.Pred, s.Gold)
	}
	row("numbers", rep.Numbers)
	row("numbers/digits", rep.Digits)
	row("numbers/words", rep.Words)
	langs := make([]string, 0, len(rep.NumbersByLang))
	for l := range rep.NumbersByLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		row("numbers/"+l, *rep.NumbersByLang[l])
	}
	row("units", rep.Units)
	row("organizations", rep.Orgs)
	row("kpis", rep.KPIs)
	row("events", rep.Events)
	if rep.Stories != nil {
		fmt.Fprintf(tw, "stories (pairs)\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t\n", rep.Stories.Precision(), rep.Stories.Recall(), rep.Stories.F1(), rep.Stories.TP, rep.Stories.Pred, rep.Stories.Gold)
	}
	tw.Flush()
	fmt.Fprintf(w, "kpi achievement_pct right: %d/%d (%.3f)\n", rep.Achievement[0], rep.Achievement[1], rep.AchievementShare())
	for _, f := range []string{"lang", "published", "source_url", "byline"} {
		c := rep.Meta[f]
		fmt.Fprintf(w, "metadata %-10s %d/%d (%.3f)\n", f, c[0], c[1], rep.MetaAccuracy(f))
	}
	fmt.Fprintf(w, "articles scored: %d", rep.Articles)
	if len(rep.Unmatched) > 0 {
		fmt.Fprintf(w, "; gold files without output: %s", strings.Join(rep.Unmatched, ", "))
	}
	fmt.Fprintln(w)
	if !verbose {
		return
	}
	for _, d := range rep.Details {
		fmt.Fprintf(w, "\n== %s\n", d.File)
		list := func(name string, xs []string) {
			if len(xs) > 0 {
				fmt.Fprintf(w, "  %s: %s\n", name, strings.Join(xs, "  "))
			}
		}
		list("meta wrong", d.MetaWrong)
		list("numbers missed", d.NumbersMissed)
		list("numbers extra", d.NumbersExtra)
		list("units missed", d.UnitsMissed)
		list("units extra", d.UnitsExtra)
		list("orgs missed", d.OrgsMissed)
		list("orgs extra", d.OrgsExtra)
		list("kpis missed", d.KPIsMissed)
		list("kpis extra", d.KPIsExtra)
		list("events missed", d.EventsMissed)
		list("events extra", d.EventsExtra)
	}
}
