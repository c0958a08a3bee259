package clean

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/statharvest/statharvest/stages"
)

// Dates in page chrome are day-first, as Vietnamese sites write them:
//
//	dateline = { any } date { any } [ hour ( ":" | "h" ) minute ]
//	date     = day sep month sep year | year sep month sep day
//	day, month = 1*2digit ; year = 4digit ; sep = "/" | "." | "-"
//
// Digits may be of any script: Unicode gives their value. A time of day on
// the same line is Vietnam local time.

// vietnam returns the zone the sources' clocks are in (UTC+7, no daylight saving).
func vietnam() *time.Location { return time.FixedZone("ICT", 7*3600) }

// number is a run of decimal digits found in a line.
type number struct {
	start, end int // byte offsets in the line
	value      int
	digits     int
}

// numbersIn returns the digit runs of s in order.
func numbersIn(s string) []number {
	var out []number
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsDigit(r) {
			i += n
			continue
		}
		num := number{start: i}
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			d := digitValue(r)
			if d < 0 {
				break
			}
			if num.digits < 9 {
				num.value = num.value*10 + d
			}
			num.digits++
			i += n
		}
		num.end = i
		out = append(out, num)
	}
	return out
}

// digitValue returns the value of a decimal digit of any script, or -1.
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if !unicode.Is(unicode.Nd, r) {
		return -1
	}
	// Decimal digits come in runs of ten starting at a zero (Unicode's
	// stability policy), so the value is the distance from that zero.
	for d := 0; d < 10; d++ {
		if !unicode.Is(unicode.Nd, r-rune(d)-1) {
			return d
		}
	}
	return int(r-'0') % 10
}

// dateIn finds a day-first date and an optional time of day in s.
func dateIn(s string) (d stages.Date, hour, minute int, hasTime, ok bool) {
	nums := numbersIn(s)
	for i := 0; i+2 < len(nums); i++ {
		a, b, c := nums[i], nums[i+1], nums[i+2]
		sep1, sep2 := s[a.end:b.start], s[b.end:c.start]
		if sep1 != sep2 || (sep1 != "/" && sep1 != "." && sep1 != "-") || b.digits > 2 {
			continue
		}
		day, year := a, c
		if a.digits == 4 && c.digits <= 2 {
			day, year = c, a // ISO order, 2024-03-15
		}
		if day.digits > 2 || year.digits != 4 || !validDate(year.value, b.value, day.value) {
			continue
		}
		d = stages.Date{Year: year.value, Month: time.Month(b.value), Day: day.value}
		ok = true
		for j := 0; j+1 < len(nums); j++ {
			h, m := nums[j], nums[j+1]
			if j >= i && j <= i+2 || j+1 >= i && j+1 <= i+2 {
				continue
			}
			if sep := s[h.end:m.start]; h.digits <= 2 && m.digits == 2 && (sep == ":" || sep == "h" || sep == "H") && h.value < 24 && m.value < 60 {
				hour, minute, hasTime = h.value, m.value, true
				break
			}
		}
		return
	}
	return
}

func validDate(y, m, d int) bool {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

// parseHintDate reads the Published hint of a JSON Lines record: ISO 8601
// (date, local date-time, or an instant with a zone) or a day-first date.
func parseHintDate(s string) (stages.Date, time.Time) {
	s = strings.TrimSpace(s)
	if s == "" {
		return stages.Date{}, time.Time{}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		zone := vietnam()
		t, err := time.ParseInLocation(layout, s, zone)
		if err != nil {
			continue
		}
		local := t.In(vietnam())
		return stages.Date{Year: local.Year(), Month: local.Month(), Day: local.Day()}, t.UTC()
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return stages.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, time.Time{}
	}
	if d, h, m, hasTime, ok := dateIn(s); ok {
		if hasTime {
			return d, time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, vietnam()).UTC()
		}
		return d, time.Time{}
	}
	return stages.Date{}, time.Time{}
}

// urlIn returns the first http(s) or www. address in s, without trailing
// punctuation.
func urlIn(s string) string {
	low := strings.ToLower(s)
	i := -1
	for _, p := range []string{"https://", "http://", "www."} {
		if j := strings.Index(low, p); j >= 0 && (i < 0 || j < i) {
			i = j
		}
	}
	if i < 0 {
		return ""
	}
	u := s[i:]
	if j := strings.IndexFunc(u, unicode.IsSpace); j >= 0 {
		u = u[:j]
	}
	u = strings.TrimRight(u, ".,;:!?)]}>\"'»”")
	if strings.HasPrefix(strings.ToLower(u), "www.") {
		u = "https://" + u
	}
	if len(u) <= len("https://") {
		return ""
	}
	return u
}

// hasHostname reports whether s contains a host name such as "Vietnam.vn" or
// "baotuyenquang.com.vn": letters, a dot, and a 2–6 letter ASCII label.
func hasHostname(s string) bool {
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".,;:!?()[]{}<>\"'|")
		dot := strings.LastIndexByte(w, '.')
		if dot <= 0 || dot == len(w)-1 {
			continue
		}
		tld := w[dot+1:]
		if len(tld) < 2 || len(tld) > 6 {
			continue
		}
		ok := true
		for _, c := range tld {
			if c < 'a' || c > 'z' {
				if c < 'A' || c > 'Z' {
					ok = false
					break
				}
			}
		}
		head := w[:dot]
		if ok && strings.IndexFunc(head, unicode.IsLetter) >= 0 && strings.IndexFunc(head, func(r rune) bool { return r >= utf8.RuneSelf }) < 0 {
			return true
		}
	}
	return false
}
