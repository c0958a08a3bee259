package entities

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/statharvest/statharvest/stages"
)

// FuzzFind checks the invariants of Find on any text: no panic, every
// surface is its byte range of the body, ranges in order and in bounds.
func FuzzFind(f *testing.F) {
	if fh, err := os.Open("testdata/compose.tsv"); err == nil {
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			cols := strings.Split(sc.Text(), "\t")
			if len(cols) == 3 {
				f.Add(cols[0], cols[1], "")
			}
		}
		fh.Close()
	}
	f.Add("ar", "لجنة الحزب (", "https://baotuyenquang.com.vn/x")
	f.Add("", "BHG - คณะกรรมการพรรค", "")
	f.Add("ru", "Коммунальной партии Майфу", "http://")
	s, err := New(dataFS())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lang, body, url string) {
		a := &stages.Article{Lang: lang, Body: body, SourceURL: url}
		ms := s.Find(a)
		last := -1
		for _, m := range ms {
			if m.ByteStart < 0 || m.ByteEnd > len(body) || m.ByteStart >= m.ByteEnd {
				t.Fatalf("bad range [%d,%d) in %d bytes", m.ByteStart, m.ByteEnd, len(body))
			}
			if body[m.ByteStart:m.ByteEnd] != m.Surface {
				t.Fatalf("surface %q != body[%d:%d]", m.Surface, m.ByteStart, m.ByteEnd)
			}
			if m.ByteStart < last {
				t.Fatalf("mentions out of order")
			}
			last = m.ByteStart
			if m.Org.OrgID == "" || m.Org.Type == "" {
				t.Fatalf("incomplete organization %+v", m.Org)
			}
		}
	})
}
