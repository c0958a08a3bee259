package shard

import (
	"fmt"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Spec
		err  string
	}{
		{"0/1", Spec{0, 1}, ""},
		{"3/4", Spec{3, 4}, ""},
		{" 2 / 10 ", Spec{2, 10}, ""},
		{"4/4", Spec{}, "want 0 to 3"},
		{"-1/4", Spec{}, "want 0 to 3"},
		{"0/0", Spec{}, "want 1 to"},
		{"1", Spec{}, "want K/N"},
		{"a/4", Spec{}, "not a number"},
		{"1/b", Spec{}, "not a number"},
		{"0/100001", Spec{}, "want 1 to"},
	} {
		got, err := Parse(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q) error %v, want one containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, ok, err := FromEnv(env(nil)); ok || err != nil {
		t.Errorf("no Indexed Job: ok %v err %v", ok, err)
	}
	s, ok, err := FromEnv(env(map[string]string{EnvIndex: "2", EnvCompletions: "5"}))
	if !ok || err != nil || s != (Spec{2, 5}) {
		t.Errorf("index 2 of 5: %v %v %v", s, ok, err)
	}
	if _, ok, err := FromEnv(env(map[string]string{EnvIndex: "2"})); !ok || err == nil || !strings.Contains(err.Error(), EnvCompletions) {
		t.Errorf("index without completions: ok %v err %v", ok, err)
	}
	if _, _, err := FromEnv(env(map[string]string{EnvIndex: "5", EnvCompletions: "5"})); err == nil {
		t.Error("index 5 of 5 accepted")
	}
}

// Every input belongs to exactly one shard, and shards are roughly even.
func TestOwnsPartitions(t *testing.T) {
	var paths []string
	for d := 0; d < 20; d++ {
		for f := 0; f < 50; f++ {
			paths = append(paths, fmt.Sprintf("2026/%02d/article-%04d.txt", d, f))
		}
	}
	for n := 1; n <= 7; n++ {
		sizes := make([]int, n)
		for _, p := range paths {
			owners := 0
			for k := 0; k < n; k++ {
				if (Spec{k, n}).Owns(p) {
					owners++
					sizes[k]++
				}
			}
			if owners != 1 {
				t.Fatalf("%s has %d owners among %d shards", p, owners, n)
			}
		}
		for k, s := range sizes {
			if even := len(paths) / n; s < even*7/10 || s > even*13/10 {
				t.Errorf("shard %d/%d holds %d of %d inputs", k, n, s, len(paths))
			}
		}
	}
	if !(Spec{}).Owns("anything") {
		t.Error("an unsharded run must own every input")
	}
}

// The assignment is part of the on-disk contract: a re-run of a killed shard
// must pick the same inputs, whatever binary runs it.
func TestOfIsStable(t *testing.T) {
	for _, tc := range []struct {
		path string
		n    int
		want int
	}{
		{"a.txt", 4, Of("./a.txt", 4)},
		{"2026/11/21/bao-an-giang.txt", 16, 6},
		{"news.jsonl.gz", 3, 1},
		{"ar/angiang/poverty.txt", 1000, 408},
	} {
		if got := Of(tc.path, tc.n); got != tc.want {
			t.Errorf("Of(%q, %d) = %d, want %d", tc.path, tc.n, got, tc.want)
		}
	}
}

func TestCheckRunID(t *testing.T) {
	for id, ok := range map[string]bool{
		"18e9f965d1c2907176ed87": true,
		"0":                      true,
		"":                       false,
		"18E9":                   false,
		"run-1":                  false,
		strings.Repeat("a", 65):  false,
	} {
		if err := CheckRunID(id); (err == nil) != ok {
			t.Errorf("CheckRunID(%q) = %v", id, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0/1", "3/4", "x", "/", "9999999999999999999/1", " 1/ 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := Parse(s)
		if err != nil {
			return
		}
		if sp.K < 0 || sp.K >= sp.N || sp.N > MaxShards {
			t.Fatalf("Parse(%q) = %v", s, sp)
		}
		back, err := Parse(sp.String())
		if err != nil || back != sp {
			t.Fatalf("round trip of %v: %v %v", sp, back, err)
		}
	})
}
