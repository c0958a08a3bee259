package clean

import (
	"testing"
)

func TestDateIn(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		h, m    int
		hasTime bool
	}{
		{"20:07, 02/06/2023", "2023-06-02", 20, 7, true},
		{"Việt NamViệt Nam01/11/2024", "2024-11-01", 0, 0, false},
		{"Thứ Sáu, 15/03/2024 - 09:30", "2024-03-15", 9, 30, true},
		{"Cập nhật 15.3.2024 08h05", "2024-03-15", 8, 5, true},
		{"2024-03-15 21:40", "2024-03-15", 21, 40, true},
		{"۱۵/۰۳/۲۰۲۴", "2024-03-15", 0, 0, false},
		{"๑๖/๐๑/๒๕๖๘", "", 0, 0, false}, // a Buddhist-era year is out of range: not guessed
		{"31/02/2024", "", 0, 0, false},
		{"02/06-2023", "", 0, 0, false},
		{"1/2/3", "", 0, 0, false},
		{"15/03/2024 25:99", "2024-03-15", 0, 0, false},
	}
	for _, tc := range tests {
		d, h, m, hasTime, ok := dateIn(tc.in)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tc.want || h != tc.h || m != tc.m || hasTime != tc.hasTime {
			t.Errorf("dateIn(%q) = %s %02d:%02d %v, want %s %02d:%02d %v", tc.in, got, h, m, hasTime, tc.want, tc.h, tc.m, tc.hasTime)
		}
	}
}

func TestURLIn(t *testing.T) {
	for in, want := range map[string]string{
		"المصدر: https://a.vn/x-1.html": "https://a.vn/x-1.html",
		"Source: (www.example.com/a).":  "https://www.example.com/a",
		"Nguồn: Báo Tuyên Quang":        "",
		"منبع: http://b.vn/y?z=1, و":    "http://b.vn/y?z=1",
		"https://":                      "",
	} {
		if got := urlIn(in); got != want {
			t.Errorf("urlIn(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameLike(t *testing.T) {
	for in, want := range map[string]bool{
		"Тянь Дунг":                   true,
		"KHANH HUYEN":                 true,
		"باو آن":                      true,
		"ฮู ฮวีญ":                     true,
		"Minh Anh (TTXVN)":            true,
		"the end":                     false,
		"Hội nghị kết thúc.":          false,
		"Năm 2024":                    false,
		"(Chairman)":                  false,
		"One Two Three Four Five Six": false,
	} {
		if got := nameLike(in); got != want {
			t.Errorf("nameLike(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseHintDate(t *testing.T) {
	for in, want := range map[string][2]string{
		"2024-05-06":           {"2024-05-06", ""},
		"2024-05-06T23:30:00Z": {"2024-05-07", "2024-05-06T23:30:00Z"},
		"2024-05-06T08:00:00":  {"2024-05-06", "2024-05-06T01:00:00Z"},
		"06/05/2024":           {"2024-05-06", ""},
		"yesterday":            {"", ""},
	} {
		d, at := parseHintDate(in)
		gotAt := ""
		if !at.IsZero() {
			gotAt = at.Format("2006-01-02T15:04:05Z")
		}
		if d.String() != want[0] || gotAt != want[1] {
			t.Errorf("parseHintDate(%q) = %s %s, want %s %s", in, d, gotAt, want[0], want[1])
		}
	}
}
