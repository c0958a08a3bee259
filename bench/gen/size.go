package gen

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseSize reads sizes like "1GB", "200MB", "4GiB" or "1000": decimal
// units (kB, MB, GB, TB) and binary ones (KiB, MiB, GiB, TiB), case-insensitive.
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := float64(1)
	for _, u := range []struct {
		suffix string
		mult   float64
	}{
		{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
		{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12}, {"b", 1},
	} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	// NaN fails every comparison, so test for the valid range, not against it.
	if err != nil || !(v > 0 && v*mult >= 1 && v*mult < math.MaxInt64/2) {
		return 0, fmt.Errorf("size %q: want a positive number with an optional unit such as MB or GiB", s)
	}
	return int64(v * mult), nil
}

// FormatSize writes n in decimal units, the way ParseSize reads it back.
func FormatSize(n int64) string {
	switch {
	case n >= 1e9 && n%1e7 == 0:
		return strconv.FormatFloat(float64(n)/1e9, 'f', -1, 64) + "GB"
	case n >= 1e6 && n%1e4 == 0:
		return strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64) + "MB"
	}
	return strconv.FormatInt(n, 10) + "B"
}
