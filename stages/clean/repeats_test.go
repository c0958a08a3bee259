package clean

import (
	"fmt"
	"strings"
	"testing"
)

func TestRepeats(t *testing.T) {
	s := newStage(t)
	c := s.NewRepeatCounter()
	menu := "Trang tin điện tử Huyện Y\nGiới thiệu | Tin tức | Liên hệ\n"
	footer := "Bản quyền thuộc về Cổng thông tin huyện Y\n"
	paras := []string{viPara1, viPara2, enPara1, enPara2, ruPara1, ruPara2}
	for i := 0; i < 20; i++ {
		p := fmt.Sprintf("%s Bài số %d.", paras[i%len(paras)], i)
		c.Observe([]byte(menu + p + "\n" + p + "\n" + footer))
	}
	c.Observe([]byte{0, 1, 2}) // undecodable: skipped
	r := c.Repeats()
	for _, l := range []string{"Trang tin điện tử Huyện Y", "giới thiệu |  tin tức | liên hệ", footer} {
		if !r.Has(l) {
			t.Errorf("Has(%q) = false, want true", l)
		}
	}
	if r.Has(viPara1+" Bài số 0.") || r.Has("") {
		t.Error("Has(an article's own line) = true")
	}
	if r.Len() != 3 {
		t.Errorf("Len() = %d, want 3", r.Len())
	}

	st := s.WithRepeats(r)
	p := st.Page(menu + enPara1 + "\nA caption line under the photo. Photo: Ha Lan\n" + footer)
	if strings.Contains(p.Body, "Huyện Y") || p.Cut != 3 {
		t.Errorf("Page with repeats: Body %q, Cut %d; want menu and footer cut", p.Body, p.Cut)
	}
	if s.Page(menu+enPara1).Cut != 0 {
		t.Error("the stage without repeats changed after WithRepeats")
	}
	var nilRepeats *Repeats
	if nilRepeats.Has("x") || nilRepeats.Len() != 0 {
		t.Error("nil Repeats is not empty")
	}
}

func TestMinDocs(t *testing.T) {
	for _, tc := range []struct{ docs, want int }{{0, 3}, {5, 3}, {60, 3}, {61, 4}, {1000, 50}} {
		if got := MinDocs(tc.docs); got != tc.want {
			t.Errorf("MinDocs(%d) = %d, want %d", tc.docs, got, tc.want)
		}
	}
}
