package blobfs

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	_ "gocloud.dev/blob/memblob"

	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/ingest"
)

func TestLocations(t *testing.T) {
	for _, tc := range []struct {
		loc   string
		url   bool
		local string
	}{
		{"out", false, "out"},
		{"/data/out", false, "/data/out"},
		{"C:/data", false, "C:/data"},
		{"file:///data/out", true, "/data/out"},
		{"file://localhost/data/out", true, "/data/out"},
		{"s3://bucket/prefix?region=eu-west-1", true, ""},
		{"gs://bucket", true, ""},
		{"azblob://container/x", true, ""},
		{"weird name://x", false, "weird name://x"},
	} {
		if got := IsURL(tc.loc); got != tc.url {
			t.Errorf("IsURL(%q) = %v", tc.loc, got)
		}
		local, ok := LocalPath(tc.loc)
		if ok != (tc.local != "") || local != tc.local {
			t.Errorf("LocalPath(%q) = %q, %v; want %q", tc.loc, local, ok, tc.local)
		}
	}
	if got := Redact("s3://b/p?endpoint=http://minio:9000&secret=x"); got != "s3://b/p" {
		t.Errorf("Redact kept the query: %q", got)
	}
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var tree = map[string]string{
	"a.txt":              "Tin tức hôm nay: 1.234 hộ thoát nghèo.",
	"a/b.txt":            "Сегодня 57,5 % домохозяйств.",
	"a/c/d.jsonl":        `{"text":"Hôm nay 3 hội nghị"}` + "\n" + `{"text":"Ngày mai 4 hội nghị"}` + "\n",
	"a.b/e.txt":          "ข่าววันนี้ 12 คน",
	"z/skip.bin":         "\x00\x01",
	"z/deeper/last.txt":  "اليوم 15 مؤتمرا",
	"space in name.txt":  "Today 8 people",
	"zz/unicode-ễ/f.txt": "Hôm nay 9 người",
}

// The bucket FS passes fstest and walks like the same tree on disk.
func TestFSMatchesDisk(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, tree)
	ctx := context.Background()
	b, err := OpenBucket(ctx, "file://"+dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	bfs := NewFS(ctx, b)
	var names []string
	for n := range tree {
		names = append(names, n)
	}
	if err := fstest.TestFS(bfs, names...); err != nil {
		t.Fatal(err)
	}
	walk := func(fsys fs.FS) (out []string) {
		fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
			return nil
		})
		return out
	}
	if got, want := walk(bfs), walk(os.DirFS(dir)); !reflect.DeepEqual(got, want) {
		t.Errorf("walk order over the bucket\n%q\nover the directory\n%q", got, want)
	}
	st, err := fs.Stat(bfs, "a/b.txt")
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(tree["a/b.txt"])) {
		t.Errorf("stat a/b.txt: %v %v", st, err)
	}
	if _, err := fs.Stat(bfs, "nothing/here.txt"); !os.IsNotExist(err) {
		t.Errorf("stat of a missing key: %v", err)
	}
}

// Ingest reads the same articles, in the same order, from a bucket prefix as
// from the directory.
func TestIngestFromBucket(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeTree(t, dir, tree)
	b, err := OpenBucket(ctx, "mem://archive")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range tree {
		if err := b.WriteAll(ctx, "in/2026/"+name, []byte(body), nil); err != nil {
			t.Fatal(err)
		}
	}
	read := func(src ingest.Source) (out []string) {
		err := ingest.New(ingest.Limits{}).Walk(ctx, []ingest.Source{src}, ingest.Hooks{}, func(a *stages.Article) error {
			r := ""
			if a.Reject != nil {
				r = string(a.Reject.Reason)
			}
			out = append(out, a.SourcePath+" "+a.ID+" "+r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := read(ingest.Source{FS: os.DirFS(dir), Root: dir})
	if len(want) != 8 {
		t.Fatalf("%d articles from the directory: %q", len(want), want)
	}
	got := read(ingest.Source{FS: NewFS(ctx, prefixed(b, "in/2026/")), Root: "mem://archive/in/2026"})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("from the bucket\n%q\nfrom the directory\n%q", got, want)
	}
}

func TestSourceOfOneObject(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, tree)
	ctx := context.Background()
	src, err := Source(ctx, "file://"+filepath.Join(dir, "a", "c", "d.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if src.File != "d.jsonl" {
		t.Errorf("file:// source of one file: %+v", src)
	}
	if _, err := Source(ctx, "file://"+filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("missing local input: %v", err)
	}
}
