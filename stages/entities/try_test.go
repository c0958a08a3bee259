package entities

import (
	"os"
	"testing"

	"github.com/statharvest/statharvest/stages"
)

func TestTry(t *testing.T) {
	p := os.Getenv("ENT_TRY")
	if p == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(p)
	st := newStage(t)
	for _, m := range st.Find(&stages.Article{Body: string(b), Lang: os.Getenv("ENT_LANG")}) {
		t.Logf("%-18s %-10s %-12s %-10s %q | %s", m.Org.Type, m.Org.Level, m.Org.Place, m.Org.PlaceRule, m.Surface, m.Org.NameEn)
	}
}
