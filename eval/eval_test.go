package eval

import (
	"testing"

	"github.com/statharvest/statharvest/dataset"
)

func TestMultiset(t *testing.T) {
	s, missed, extra := multiset([]string{"a", "a", "b", "c"}, []string{"a", "b", "b", "d"})
	if s.TP != 2 || s.Pred != 4 || s.Gold != 4 {
		t.Errorf("multiset = %+v, want TP 2 of 4/4", s)
	}
	if len(missed) != 2 || len(extra) != 2 {
		t.Errorf("missed %v extra %v, want 2 each", missed, extra)
	}
	if got := (PRF{TP: 2, Pred: 4, Gold: 4}).F1(); got != 0.5 {
		t.Errorf("F1 = %v, want 0.5", got)
	}
	if got := (PRF{}).F1(); got != 1 {
		t.Errorf("empty F1 = %v, want 1", got)
	}
}

func TestNumberKeys(t *testing.T) {
	v, d, s, e := 0.9, "2022-12", 2020.0, 2025.0
	cases := []struct {
		n    GoldNumber
		want string
	}{
		{GoldNumber{Kind: "ratio", Value: &v}, "ratio:0.9"},
		{GoldNumber{Kind: "date", Date: &d}, "date:2022-12"},
		{GoldNumber{Kind: "year_range", Start: &s, End: &e}, "year_range:2020-2025"},
	}
	for _, c := range cases {
		if got := goldNumberKey(c.n); got != c.want {
			t.Errorf("goldNumberKey(%+v) = %q, want %q", c.n, got, c.want)
		}
	}
	// A date without a year is keyed as the gold writes it.
	yearless := dataset.Row{"kind": "date", "date_month": int32(7), "date_day": int32(1), "date_precision": "month_day"}
	if got := predNumberKey(yearless); got != "date:XXXX-07-01" {
		t.Errorf("predNumberKey(year-less date) = %q, want date:XXXX-07-01", got)
	}
}
