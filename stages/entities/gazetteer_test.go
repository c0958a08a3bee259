package entities

import (
	"testing"
)

// TestProvinceRenderings: every province and district resolves from each of
// its listed renderings, in every script.
func TestProvinceRenderings(t *testing.T) {
	g := newStage(t).Gazetteer()
	n := 0
	for _, p := range g.places {
		for _, r := range g.Renderings(p.Name) {
			n++
			got, ok := g.Resolve(r)
			if !ok || got.Name != p.Name {
				t.Errorf("Resolve(%q) = %q, %v; want %q", r, got.Name, ok, p.Name)
			}
		}
	}
	if n < 400 {
		t.Errorf("only %d renderings", n)
	}
}

// TestKeyedRenderings: spellings the gazetteer does not list still resolve
// through the phonetic key. These are renderings we made up the way machine
// translation writes Vietnamese names.
func TestKeyedRenderings(t *testing.T) {
	g := newStage(t).Gazetteer()
	for _, c := range []struct{ in, want string }{
		{"توين كوانغ", "Tuyen Quang"},
		{"توين كوانج", "Tuyen Quang"},
		{"تويين كوانغ", "Tuyen Quang"},
		{"Туен Куанг", "Tuyen Quang"},
		{"Туенкуанг", "Tuyen Quang"},
		{"뚜옌꽝", "Tuyen Quang"},
		{"トゥエンクアン", "Tuyen Quang"},
		{"ها جيانغ", "Ha Giang"},
		{"Хазянг", "Ha Giang"},
		{"하장", "Ha Giang"},
		{"ハザン", "Ha Giang"},
		{"آن جيانغ", "An Giang"},
		{"آن گیانگ", "An Giang"},
		{"Анзянг", "An Giang"},
		{"안장", "An Giang"},
		{"ها تينه", "Ha Tinh"},
		{"Ха Тинь", "Ha Tinh"},
		{"하띤", "Ha Tinh"},
		{"ハティン", "Ha Tinh"},
		{"لوك ها", "Loc Ha"},
		{"نا هانغ", "Na Hang"},
		{"كوانغ نينه", "Quang Ninh"},
		{"Куангнинь", "Quang Ninh"},
		{"꽝닌", "Quang Ninh"},
		{"Tuyen Quang", "Tuyen Quang"},
		{"Tuyên Quang", "Tuyen Quang"},
	} {
		got, ok := g.Resolve(c.in)
		if !ok || got.Name != c.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", c.in, got.Name, ok, c.want)
		}
	}
}

// TestMerger2025: the 63 provinces map onto the 34 units of 1 July 2025.
func TestMerger2025(t *testing.T) {
	g := newStage(t).Gazetteer()
	provs := g.Provinces()
	if len(provs) != 63 {
		t.Fatalf("%d provinces, want 63", len(provs))
	}
	after := map[string]bool{}
	for _, p := range provs {
		after[p.After2025] = true
	}
	if len(after) != 34 {
		t.Errorf("%d units after the merger, want 34", len(after))
	}
	for _, c := range [][2]string{
		{"Ha Giang", "Tuyen Quang"}, {"Tuyen Quang", "Tuyen Quang"}, {"Kien Giang", "An Giang"},
		{"Yen Bai", "Lao Cai"}, {"Bac Kan", "Thai Nguyen"}, {"Vinh Phuc", "Phu Tho"}, {"Hoa Binh", "Phu Tho"},
		{"Bac Giang", "Bac Ninh"}, {"Thai Binh", "Hung Yen"}, {"Hai Duong", "Hai Phong"}, {"Ha Nam", "Ninh Binh"},
		{"Nam Dinh", "Ninh Binh"}, {"Quang Binh", "Quang Tri"}, {"Quang Nam", "Da Nang"}, {"Kon Tum", "Quang Ngai"},
		{"Binh Dinh", "Gia Lai"}, {"Ninh Thuan", "Khanh Hoa"}, {"Dak Nong", "Lam Dong"}, {"Binh Thuan", "Lam Dong"},
		{"Phu Yen", "Dak Lak"}, {"Binh Duong", "Ho Chi Minh City"}, {"Ba Ria - Vung Tau", "Ho Chi Minh City"},
		{"Binh Phuoc", "Dong Nai"}, {"Long An", "Tay Ninh"}, {"Soc Trang", "Can Tho"}, {"Hau Giang", "Can Tho"},
		{"Ben Tre", "Vinh Long"}, {"Tra Vinh", "Vinh Long"}, {"Tien Giang", "Dong Thap"}, {"Bac Lieu", "Ca Mau"},
		{"Ha Noi", "Ha Noi"}, {"Hue", "Hue"}, {"Cao Bang", "Cao Bang"}, {"Ha Tinh", "Ha Tinh"},
	} {
		p, ok := g.Lookup(c[0])
		if !ok || p.After2025 != c[1] {
			t.Errorf("%s after 2025 = %q, want %q", c[0], p.After2025, c[1])
		}
	}
	// A district follows its province.
	if d, _ := g.Lookup("Dong Van"); d.Province != "Ha Giang" || d.After2025 != "Tuyen Quang" {
		t.Errorf("Dong Van: %+v", d)
	}
}

// TestNewspapers: the provincial newspaper's domain and dateline
// abbreviation give the province.
func TestNewspapers(t *testing.T) {
	g := newStage(t).Gazetteer()
	for host, want := range map[string]string{
		"baotuyenquang.com.vn":  "Tuyen Quang",
		"www.baoangiang.com.vn": "An Giang",
		"baohagiang.vn":         "Ha Giang",
		"baohatinh.vn":          "Ha Tinh",
		"baoquangninh.vn":       "Quang Ninh",
		"sggp.org.vn":           "Ho Chi Minh City",
	} {
		i, ok := g.provinceOfHost(host)
		if !ok || g.places[i].Name != want {
			t.Errorf("provinceOfHost(%q) = %v, want %q", host, ok, want)
		}
	}
	if _, ok := g.provinceOfHost("example.com"); ok {
		t.Error("example.com resolved")
	}
	for abbr, want := range map[string]string{"BHG": "Ha Giang", "BTQ": "Tuyen Quang", "BAG": "An Giang"} {
		i, ok := g.abbr[abbr]
		if !ok || g.places[i].Name != want {
			t.Errorf("abbreviation %s: %v, want %q", abbr, ok, want)
		}
	}
}
