package blobfs

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// FS is a read-only fs.FS over a bucket, with "/" as the directory separator.
//
// blob.Bucket is an fs.FS itself, but it reports objects as irregular files
// and stats an object by opening it; FS reports objects as regular files and
// answers Stat from the directory listing already read, so a walk costs one
// List per directory and one GET per object.
type FS struct {
	ctx context.Context
	b   *blob.Bucket

	mu     sync.Mutex
	listed map[string]fileInfo // key -> attributes seen in a listing
}

// NewFS returns an FS over b whose calls use ctx.
func NewFS(ctx context.Context, b *blob.Bucket) *FS {
	return &FS{ctx: ctx, b: b, listed: map[string]fileInfo{}}
}

var (
	_ fs.ReadDirFS = (*FS)(nil)
	_ fs.StatFS    = (*FS)(nil)
)

type fileInfo struct {
	name    string
	size    int64
	modTime time.Time
	dir     bool
}

func (f fileInfo) Name() string       { return f.name }
func (f fileInfo) Size() int64        { return f.size }
func (f fileInfo) ModTime() time.Time { return f.modTime }
func (f fileInfo) IsDir() bool        { return f.dir }
func (f fileInfo) Sys() any           { return nil }
func (f fileInfo) Mode() fs.FileMode {
	if f.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (f fileInfo) Type() fs.FileMode          { return f.Mode().Type() }
func (f fileInfo) Info() (fs.FileInfo, error) { return f, nil }

// ReadDir lists one directory level, sorted by name.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	prefix := ""
	if name != "." {
		prefix = name + "/"
	}
	it := f.b.List(&blob.ListOptions{Prefix: prefix, Delimiter: "/"})
	var out []fs.DirEntry
	for {
		obj, err := it.Next(f.ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
		}
		base := path.Base(strings.TrimSuffix(obj.Key, "/"))
		if obj.IsDir {
			out = append(out, fileInfo{name: base, dir: true})
			continue
		}
		fi := fileInfo{name: base, size: obj.Size, modTime: obj.ModTime}
		f.mu.Lock()
		f.listed[obj.Key] = fi
		f.mu.Unlock()
		out = append(out, fi)
	}
	if len(out) == 0 && name != "." {
		// A bucket has no empty directories: nothing listed means nothing there.
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Stat describes an object, or a directory when keys exist below name.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return fileInfo{name: ".", dir: true}, nil
	}
	f.mu.Lock()
	fi, ok := f.listed[name]
	f.mu.Unlock()
	if ok {
		return fi, nil
	}
	attrs, err := f.b.Attributes(f.ctx, name)
	if err == nil {
		return fileInfo{name: path.Base(name), size: attrs.Size, modTime: attrs.ModTime}, nil
	}
	if gcerrors.Code(err) != gcerrors.NotFound {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if _, derr := f.ReadDir(name); derr != nil {
		return nil, derr
	}
	return fileInfo{name: path.Base(name), dir: true}, nil
}

// Open opens an object for reading, or a directory for ReadDir.
func (f *FS) Open(name string) (fs.File, error) {
	st, err := f.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return &dirFile{fs: f, name: name, info: st.(fileInfo)}, nil
	}
	r, err := f.b.NewReader(f.ctx, name, nil)
	if err != nil {
		if gcerrors.Code(err) == gcerrors.NotFound {
			err = errors.Join(err, fs.ErrNotExist)
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &objFile{Reader: r, info: st.(fileInfo)}, nil
}

type objFile struct {
	*blob.Reader
	info fileInfo
}

func (o *objFile) Stat() (fs.FileInfo, error) { return o.info, nil }

type dirFile struct {
	fs      *FS
	name    string
	info    fileInfo
	entries []fs.DirEntry
	read    bool
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		es, err := d.fs.ReadDir(d.name)
		if err != nil {
			return nil, err
		}
		d.entries, d.read = es, true
	}
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	if n > len(d.entries) {
		n = len(d.entries)
	}
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}
