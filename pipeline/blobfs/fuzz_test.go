package blobfs

import (
	"strings"
	"testing"
)

// Locations come from flags and environment variables.
func FuzzLocations(f *testing.F) {
	for _, s := range []string{"out", "file:///x", "s3://b/p?endpoint=http://h:9000", "://x", "a://", "file://host/p", "s3:/x", "%zz://y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, loc string) {
		local, ok := LocalPath(loc)
		if !IsURL(loc) && (!ok || local != loc) {
			t.Fatalf("plain path %q: LocalPath = %q, %v", loc, local, ok)
		}
		if IsURL(loc) && ok && !strings.HasPrefix(strings.ToLower(loc), "file:") {
			t.Fatalf("%q is local but not a file URL", loc)
		}
		if r := Redact(loc); IsURL(loc) && strings.Contains(r, "?") && !strings.Contains(loc, "#") {
			t.Fatalf("Redact(%q) = %q kept a query", loc, r)
		}
	})
}
