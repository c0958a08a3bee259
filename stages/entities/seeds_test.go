package entities

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statharvest/statharvest/internal/sharedtest"
	"github.com/statharvest/statharvest/stages"
)

type goldOrg struct {
	Name  string  `json:"name"`
	Type  string  `json:"type"`
	Level *string `json:"level"`
	Place *string `json:"place"`
}

type goldFile struct {
	Lang string    `json:"lang"`
	Orgs []goldOrg `json:"organizations"`
}

func goldKey(typ, level, place string) string { return typ + "|" + level + "|" + place }

// firstURL stands in for the clean stage: the first http(s) URL in the text.
func firstURL(s string) string {
	i := strings.Index(s, "http")
	if i < 0 {
		return ""
	}
	j := strings.IndexAny(s[i:], " \n\t")
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}

// TestSeedOrganizations scores the stage on the seed pages against the gold
// organizations, matched per article on (type, level, place).
func TestSeedOrganizations(t *testing.T) {
	seeds, gold := sharedtest.Seeds(t), sharedtest.Gold(t)
	st := newStage(t)
	files, _ := filepath.Glob(filepath.Join(gold, "*.json"))
	tp, fp, fn := 0, 0, 0
	for _, gf := range files {
		var g goldFile
		b, err := os.ReadFile(gf)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatal(err)
		}
		stem := strings.TrimSuffix(filepath.Base(gf), ".json")
		body, err := os.ReadFile(filepath.Join(seeds, stem+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		lang := g.Lang
		if os.Getenv("ENT_NOLANG") != "" {
			lang = ""
		}
		a := &stages.Article{Body: string(body), Lang: lang, SourceURL: firstURL(string(body))}
		ms := st.Find(a)
		want := map[string]int{}
		for _, o := range g.Orgs {
			lv, pl := "", ""
			if o.Level != nil {
				lv = *o.Level
			}
			if o.Place != nil {
				pl = *o.Place
			}
			want[goldKey(o.Type, lv, pl)]++
		}
		seen := map[string]bool{}
		var lines []string
		for _, m := range ms {
			if seen[m.Org.OrgID] {
				continue
			}
			seen[m.Org.OrgID] = true
			k := goldKey(m.Org.Type, m.Org.Level, m.Org.Place)
			mark := "FP"
			if want[k] > 0 {
				want[k]--
				tp++
				mark = "ok"
			} else {
				fp++
			}
			lines = append(lines, fmt.Sprintf("  %s %s (%s) %q", mark, k, m.Org.PlaceRule, m.Surface))
		}
		for k, n := range want {
			for ; n > 0; n-- {
				fn++
				lines = append(lines, "  FN "+k)
			}
		}
		t.Logf("%s [%s]\n%s", stem, g.Lang, strings.Join(lines, "\n"))
	}
	p := float64(tp) / float64(max(1, tp+fp))
	r := float64(tp) / float64(max(1, tp+fn))
	f1 := 0.0
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	t.Logf("organizations: tp=%d fp=%d fn=%d P=%.3f R=%.3f F1=%.3f", tp, fp, fn, p, r, f1)
	if f1 < 0.80 {
		t.Errorf("organization F1 %.3f < 0.80", f1)
	}
}
