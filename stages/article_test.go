package stages

import (
	"testing"
	"time"
)

func TestDatePrecisionAndString(t *testing.T) {
	cases := []struct {
		d          Date
		prec, text string
	}{
		{Date{Year: 2023, Month: time.June, Day: 2}, "day", "2023-06-02"},
		{Date{Year: 2022, Month: time.December}, "month", "2022-12"},
		{Date{Year: 2021}, "year", "2021"},
		{Date{Month: time.July, Day: 1}, "month_day", "--07-01"},
		{Date{Month: time.February, Day: 29}, "month_day", "--02-29"},
		{Date{Month: time.July}, "", ""}, // a month alone is no date
		{Date{}, "", ""},
	}
	for _, c := range cases {
		if got := c.d.Precision(); got != c.prec {
			t.Errorf("%+v.Precision() = %q, want %q", c.d, got, c.prec)
		}
		if got := c.d.String(); got != c.text {
			t.Errorf("%+v.String() = %q, want %q", c.d, got, c.text)
		}
	}
}
