package numbers

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/eval"
	"github.com/statharvest/statharvest/internal/sharedtest"
	"github.com/statharvest/statharvest/stages"
)

// key is what the scoring matches a mention on: kind and normalized value.
func goldKey(g eval.GoldNumber) string {
	switch g.Kind {
	case "date":
		d := ""
		if g.Date != nil {
			d = strings.ReplaceAll(*g.Date, "XXXX", "0000")
		}
		return "date|" + d
	case "year_range":
		return fmt.Sprintf("year_range|%v-%v", *g.Start, *g.End)
	}
	v := "null"
	if g.Value != nil {
		v = fmt.Sprintf("%.4f", *g.Value)
	}
	return g.Kind + "|" + v
}

func statKey(s stages.Statistic) string {
	switch s.Kind {
	case stages.KindDate:
		d := s.Date
		switch {
		case d.Month == 0:
			return fmt.Sprintf("date|%04d", d.Year)
		case d.Day == 0:
			return fmt.Sprintf("date|%04d-%02d", d.Year, d.Month)
		}
		return fmt.Sprintf("date|%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case stages.KindYearRange:
		return fmt.Sprintf("year_range|%v-%v", *s.RangeStart, *s.RangeEnd)
	}
	v := "null"
	if s.Value != nil {
		v = fmt.Sprintf("%.4f", *s.Value)
	}
	return s.Kind.String() + "|" + v
}

type prf struct{ tp, fp, fn int }

func (p prf) scores() (pr, rc, f float64) {
	pr = float64(p.tp) / math.Max(1, float64(p.tp+p.fp))
	rc = float64(p.tp) / math.Max(1, float64(p.tp+p.fn))
	f = 2 * pr * rc / math.Max(1e-9, pr+rc)
	return
}

func (p prf) String() string {
	pr, rc, f := p.scores()
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f (tp %d fp %d fn %d)", pr, rc, f, p.tp, p.fp, p.fn)
}

func multisetMatch(gold, got []string) (tp int, missed, extra []string) {
	cnt := map[string]int{}
	for _, g := range gold {
		cnt[g]++
	}
	for _, k := range got {
		if cnt[k] > 0 {
			cnt[k]--
			tp++
		} else {
			extra = append(extra, k)
		}
	}
	for k, c := range cnt {
		for ; c > 0; c-- {
			missed = append(missed, k)
		}
	}
	sort.Strings(missed)
	sort.Strings(extra)
	return
}

// TestGoldenSeeds scores the stage alone on the shared seed pages. The raw
// pages still hold site boilerplate that the clean stage removes, so the
// precision here is a lower bound; the pipeline's eval package is the judge.
func TestGoldenSeeds(t *testing.T) {
	seeds, gold := sharedtest.Seeds(t), sharedtest.Gold(t)
	st, err := New(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	golds, err := eval.LoadGold(gold)
	if err != nil {
		t.Fatal(err)
	}
	var digits, words, units prf
	for _, g := range golds {
		body, err := os.ReadFile(filepath.Join(seeds, g.File))
		if err != nil {
			t.Fatal(err)
		}
		a := &stages.Article{ID: g.File, Body: norm.NFC.String(string(body)), Lang: g.Lang}
		if g.Published != nil {
			if tm, err := time.Parse("2006-01-02", (*g.Published)[:10]); err == nil {
				a.Published = stages.Date{Year: tm.Year(), Month: tm.Month(), Day: tm.Day()}
			}
		}
		if err := st.Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		var gd, gw, gu, sd, sw, su []string
		for _, n := range g.Numbers {
			u := ""
			if n.Unit != nil {
				u = *n.Unit
			}
			if n.Words {
				gw = append(gw, goldKey(n))
			} else {
				gd = append(gd, goldKey(n))
			}
			gu = append(gu, goldKey(n)+"|"+u)
		}
		for _, s := range a.Stats {
			if s.Words {
				sw = append(sw, statKey(s))
			} else {
				sd = append(sd, statKey(s))
			}
			su = append(su, statKey(s)+"|"+s.Unit)
		}
		tp, miss, extra := multisetMatch(gd, sd)
		digits.tp, digits.fp, digits.fn = digits.tp+tp, digits.fp+len(extra), digits.fn+len(miss)
		t.Logf("%s %s digits: missed %v extra %v", g.File, g.Lang, miss, extra)
		tp, miss, extra = multisetMatch(gw, sw)
		words.tp, words.fp, words.fn = words.tp+tp, words.fp+len(extra), words.fn+len(miss)
		t.Logf("%s %s words: missed %v extra %v", g.File, g.Lang, miss, extra)
		tp, miss, extra = multisetMatch(gu, su)
		units.tp, units.fp, units.fn = units.tp+tp, units.fp+len(extra), units.fn+len(miss)
		t.Logf("%s %s units: missed %v extra %v", g.File, g.Lang, miss, extra)
	}
	t.Logf("digits %v", digits)
	t.Logf("words  %v", words)
	t.Logf("units  %v", units)
	// The product thresholds, with the boilerplate still in the pages: the
	// digits bar is on recall here, F1 is the pipeline's (eval package).
	if _, rc, _ := digits.scores(); rc < 0.97 {
		t.Errorf("digits recall %.3f < 0.97", rc)
	}
	if _, rc, _ := words.scores(); rc < 0.80 {
		t.Errorf("words recall %.3f < 0.80", rc)
	}
	if _, _, f := units.scores(); f < 0.80 {
		t.Errorf("units F1 %.3f < 0.80", f)
	}
}
