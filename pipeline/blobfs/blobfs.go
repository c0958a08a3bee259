// Package blobfs addresses inputs and outputs by URL through gocloud.dev/blob:
// file://, s3:// (and S3-compatible servers such as MinIO, via ?endpoint=),
// gs:// and azblob://. A plain path is a local directory.
//
// The path of a URL is a key prefix inside the bucket, so
// s3://archive/national/2026?region=eu-west-1 is the "national/2026/" prefix
// of bucket "archive"; query parameters go to the driver.
package blobfs

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/azureblob" // azblob://
	"gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/gcsblob" // gs://
	_ "gocloud.dev/blob/s3blob"  // s3://

	"github.com/statharvest/statharvest/stages/ingest"
)

// IsURL reports whether loc is a URL (scheme://...) rather than a local path.
func IsURL(loc string) bool {
	i := strings.Index(loc, "://")
	if i <= 0 {
		return false
	}
	for _, r := range loc[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// LocalPath returns the directory a plain path or file:// URL names, and
// false for every other URL.
func LocalPath(loc string) (string, bool) {
	if !IsURL(loc) {
		return loc, true
	}
	u, err := url.Parse(loc)
	if err != nil || u.Scheme != "file" {
		return "", false
	}
	p := u.Path
	if u.Host != "" && u.Host != "localhost" {
		// file://relative/dir: the host is the first path element.
		p = path.Join(u.Host, p)
	}
	return filepath.FromSlash(p), true
}

// OpenBucket opens the bucket (or key prefix) loc names, creating a local
// directory when needed.
func OpenBucket(ctx context.Context, loc string) (*blob.Bucket, error) {
	if dir, ok := LocalPath(loc); ok {
		if dir == "" {
			return nil, fmt.Errorf("blob %q: empty path", loc)
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		b, err := fileblob.OpenBucket(abs, &fileblob.Options{
			CreateDir: true,
			// Temporary files next to their final name: os.TempDir is often
			// another mount in a container, where a rename would fail.
			NoTempDir: true,
			// No .attrs sidecars beside the Parquet parts.
			Metadata: fileblob.MetadataDontWrite,
		})
		if err != nil {
			return nil, fmt.Errorf("blob %s: %w", loc, err)
		}
		return b, nil
	}
	u, err := url.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("blob %q: %w", loc, err)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("blob %q: no bucket name", loc)
	}
	prefix := strings.Trim(u.Path, "/")
	u.Path, u.RawPath = "", ""
	b, err := blob.OpenBucket(ctx, u.String())
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", Redact(loc), err)
	}
	if prefix != "" {
		b = blob.PrefixedBucket(b, prefix+"/")
	}
	return b, nil
}

// Redact drops a URL's query and user information, which may hold secrets,
// for logs and the runs table.
func Redact(loc string) string {
	if !IsURL(loc) {
		return loc
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User, u.RawQuery, u.ForceQuery = nil, "", false
	return u.String()
}

// Source opens an input URL as an ingest source: a key prefix is walked like
// a directory, a key with a supported extension is read as one file. Local
// paths and file:// URLs are read through the operating system, so that
// they behave exactly as plain paths do.
func Source(ctx context.Context, loc string) (ingest.Source, error) {
	if dir, ok := LocalPath(loc); ok {
		st, err := os.Stat(dir)
		if err != nil {
			return ingest.Source{}, err
		}
		if st.IsDir() {
			return ingest.Source{FS: os.DirFS(dir), Root: loc}, nil
		}
		return ingest.Source{FS: os.DirFS(filepath.Dir(dir)), Root: loc, File: filepath.Base(dir)}, nil
	}
	u, err := url.Parse(loc)
	if err != nil {
		return ingest.Source{}, fmt.Errorf("input %q: %w", loc, err)
	}
	file := ""
	if base := path.Base(u.Path); u.Path != "" && ingest.Supported(base) {
		file = base
		u.Path = path.Dir(u.Path)
	}
	b, err := OpenBucket(ctx, u.String())
	if err != nil {
		return ingest.Source{}, err
	}
	return ingest.Source{FS: NewFS(ctx, b), Root: Redact(loc), File: file}, nil
}
