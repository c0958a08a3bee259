package kpis

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages/internal/match"
)

// TestEmbeddedLexicon compiles every embedded KPI data file.
func TestEmbeddedLexicon(t *testing.T) {
	lx, err := Load(data.FS)
	if err != nil {
		t.Fatalf("Load(data.FS) = %v", err)
	}
	langs := lx.Languages()
	for _, want := range []string{"ar", "en", "fa", "ru", "th", "vi"} {
		if !contains(langs, want) {
			t.Errorf("Languages() = %v, missing %s", langs, want)
		}
	}
	for _, m := range lx.metrics {
		if len(m.units) == 0 {
			t.Errorf("metric %q has no unit", m.name)
		}
	}
}

const okMetrics = "metrics:\n  - name: households\n    units: [household]\n    cues:\n      en: [household]\n"

func TestLoadRejectsBadData(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string // substring of the error
	}{
		{"duplicate cue", map[string]string{"lexicons/kpis/en.yaml": "target: [goal, target, goal]\n"}, "en.yaml:1: target: duplicate cue"},
		{"empty cue", map[string]string{"lexicons/kpis/en.yaml": "aspiration:\n  - strive\n  - ''\n"}, "en.yaml:3: aspiration: empty cue"},
		{"unknown field", map[string]string{"lexicons/kpis/en.yaml": "targets: [goal]\n"}, "field targets not found"},
		{"bad file name", map[string]string{"lexicons/kpis/English.yaml": "target: [goal]\n"}, "not a language code"},
		{"metric without unit", map[string]string{"metrics.yaml": "metrics:\n  - name: x\n    cues:\n      en: [x]\n"}, "no units"},
		{"refines foreign unit", map[string]string{"metrics.yaml": "metrics:\n  - name: x\n    units: [class]\n    refines: [person]\n"}, "refines \"person\""},
		{"metric cue language", map[string]string{"metrics.yaml": "metrics:\n  - name: x\n    units: [class]\n    cues:\n      English: [x]\n"}, "not a language code"},
		{"duplicate metric", map[string]string{"metrics.yaml": okMetrics + "  - name: households\n    units: [household]\n"}, "defined twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"metrics.yaml":           {Data: []byte(okMetrics)},
				"lexicons/kpis/und.yaml": {Data: []byte("clause_breaks: [';']\n")},
			}
			for name, body := range c.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load() = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for _, s := range []string{"ABC Đại Hội", "Проверено İstanbul", "ΣΑΣ", "\xff\xfeA", "КОНФЕРЕНЦИЯ"} {
		if f := match.Fold(s); len(f) != len(s) {
			t.Errorf("match.Fold(%q) = %q: length %d, want %d", s, f, len(f), len(s))
		}
	}
	if got := match.Fold("Đại HỘI Конференция"); got != "đại hội конференция" {
		t.Errorf("fold = %q", got)
	}
}
