package report

import (
	"testing"
	"testing/fstest"

	"github.com/statharvest/statharvest/data"
)

func TestProvinces(t *testing.T) {
	fsys := fstest.MapFS{
		"gazetteer/provinces.yaml": {Data: []byte("provinces:\n  - {name: Ha Giang, vi: Hà Giang}\n  - {name: Tuyen Quang}\n")},
		"gazetteer/districts.yaml": {Data: []byte("districts:\n  - {name: Meo Vac, province: Ha Giang}\n")},
	}
	p, err := loadProvinces(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for place, want := range map[string]string{"Ha Giang": "Ha Giang", "Meo Vac": "Ha Giang", "Tuyen Quang": "Tuyen Quang", "Xuan Lap": unresolved, "": unknown} {
		if got := p.of(place); got != want {
			t.Errorf("of(%q) = %q, want %q", place, got, want)
		}
	}
	if _, err := loadProvinces(fstest.MapFS{}); err == nil {
		t.Error("loadProvinces of an empty FS: no error")
	}
	// The embedded gazetteer loads and places every district.
	emb, err := loadProvinces(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(emb) < 60 {
		t.Errorf("embedded gazetteer gives %d places", len(emb))
	}
}
