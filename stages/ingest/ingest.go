// Package ingest is the pipeline's source: a synchronous, sorted walk over the
// inputs that yields one article at a time with its raw bytes.
//
// Inputs are files and directories (walked recursively in lexical order, so
// the article order is fixed). One article per .txt or .txt.gz file; JSON Lines
// (.jsonl, .jsonl.gz) hold one article per line. Problems with one input never
// stop the walk: they become articles carrying a *stages.Reject.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/statharvest/statharvest/stages"
)

// Source is one input root: a directory, or a single file inside FS.
type Source struct {
	FS   fs.FS
	Root string // as the user named it, for logs and the runs table
	File string // a single file within FS; empty walks all of FS
}

// FileInfo describes one input file as the walk found it, before reading, so
// that callers can skip files they have already processed.
type FileInfo struct {
	Root    string
	Path    string // relative to the root, slash-separated
	Size    int64
	ModTime int64 // Unix nanoseconds
}

// Limits keep one bad input from hurting the run.
type Limits struct {
	MaxArticleBytes int64 // larger articles are rejected as too_large
}

// Stage walks sources.
type Stage struct {
	limits Limits
}

// New returns an ingest stage with the given limits.
func New(l Limits) *Stage {
	if l.MaxArticleBytes <= 0 {
		l.MaxArticleBytes = 32 << 20
	}
	return &Stage{limits: l}
}

// Hooks let the caller observe and filter the walk.
type Hooks struct {
	// Skip reports whether an unchanged input file can be skipped; nil skips nothing.
	Skip func(FileInfo) bool
	// Done is called after every article of a file has been yielded.
	Done func(FileInfo)
	// Ignored is called for files whose name matches no supported format.
	Ignored func(FileInfo)
}

// Supported reports whether name has an extension ingest reads.
func Supported(name string) bool {
	f, _ := format(name)
	return f >= 0
}

type fileFormat int

const (
	formatText fileFormat = iota
	formatJSONL
)

func format(name string) (f fileFormat, gz bool) {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, ".gz") {
		gz = true
		n = strings.TrimSuffix(n, ".gz")
	}
	switch {
	case strings.HasSuffix(n, ".txt"):
		return formatText, gz
	case strings.HasSuffix(n, ".jsonl"), strings.HasSuffix(n, ".ndjson"):
		return formatJSONL, gz
	}
	return -1, gz
}

// Walk yields every article of the sources in a fixed order. It returns the
// first error yield returns, or ctx's error; problems with inputs are yielded
// as rejected articles instead.
func (s *Stage) Walk(ctx context.Context, sources []Source, h Hooks, yield func(*stages.Article) error) error {
	var seq int64
	emit := func(a *stages.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		a.Seq = seq
		seq++
		return yield(a)
	}
	for _, src := range sources {
		var err error
		if src.File != "" {
			err = s.walkFile(ctx, src, src.File, true, h, emit)
		} else {
			err = fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, werr error) error {
				if werr != nil {
					if p == "." {
						return emit(rejected(p, src, stages.ReasonUnreadable, werr.Error()))
					}
					// An unreadable directory or entry: report it and go on.
					if rerr := emit(rejected(p, src, stages.ReasonUnreadable, werr.Error())); rerr != nil {
						return rerr
					}
					if d != nil && d.IsDir() {
						return fs.SkipDir
					}
					return nil
				}
				if d.IsDir() {
					return nil
				}
				return s.walkFile(ctx, src, p, false, h, emit)
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func rejected(p string, src Source, reason stages.Reason, detail string) *stages.Article {
	return &stages.Article{
		SourcePath: p,
		InputFile:  path.Join(src.Root, p),
		Reject:     &stages.Reject{Stage: "ingest", Reason: reason, Detail: detail},
	}
}

func (s *Stage) walkFile(ctx context.Context, src Source, p string, explicit bool, h Hooks, emit func(*stages.Article) error) error {
	fi := FileInfo{Root: src.Root, Path: p}
	ff, gz := format(p)
	info, err := fs.Stat(src.FS, p)
	if err != nil {
		return emit(rejected(p, src, stages.ReasonUnreadable, err.Error()))
	}
	if info.IsDir() {
		// A symlink to a directory: not followed, so links cannot loop.
		return nil
	}
	if !info.Mode().IsRegular() {
		return emit(rejected(p, src, stages.ReasonUnreadable, "not a regular file: "+info.Mode().String()))
	}
	fi.Size, fi.ModTime = info.Size(), info.ModTime().UnixNano()
	if ff < 0 {
		if explicit {
			return emit(rejected(p, src, stages.ReasonUnreadable, "unsupported file type (want .txt, .txt.gz, .jsonl or .jsonl.gz)"))
		}
		if h.Ignored != nil {
			h.Ignored(fi)
		}
		return nil
	}
	if h.Skip != nil && h.Skip(fi) {
		return nil
	}
	f, err := src.FS.Open(p)
	if err != nil {
		return emit(rejected(p, src, stages.ReasonUnreadable, err.Error()))
	}
	defer f.Close()
	var r io.Reader = f
	if gz {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return emit(rejected(p, src, stages.ReasonUnreadable, "gzip: "+err.Error()))
		}
		defer zr.Close()
		r = zr
	}
	if ff == formatJSONL {
		err = s.readJSONL(ctx, src, p, r, emit)
	} else {
		err = s.readText(src, p, info.Size(), gz, r, emit)
	}
	if err == nil && h.Done != nil {
		h.Done(fi)
	}
	return err
}

func (s *Stage) readText(src Source, p string, size int64, gz bool, r io.Reader, emit func(*stages.Article) error) error {
	max := s.limits.MaxArticleBytes
	if !gz && size > max {
		return emit(rejected(p, src, stages.ReasonTooLarge, fmt.Sprintf("%d bytes, limit %d", size, max)))
	}
	raw, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return emit(rejected(p, src, stages.ReasonUnreadable, err.Error()))
	}
	if int64(len(raw)) > max {
		return emit(rejected(p, src, stages.ReasonTooLarge, fmt.Sprintf("more than %d bytes", max)))
	}
	return emit(&stages.Article{
		ID:         stages.ArticleID(raw),
		SourcePath: p,
		InputFile:  path.Join(src.Root, p),
		Raw:        raw,
	})
}

// record is one JSON Lines article; only text is required.
type record struct {
	Text      *string         `json:"text"`
	ID        json.RawMessage `json:"id"`
	URL       string          `json:"url"`
	Published string          `json:"published"`
	Lang      string          `json:"lang"`
}

func (s *Stage) readJSONL(ctx context.Context, src Source, p string, r io.Reader, emit func(*stages.Article) error) error {
	max := s.limits.MaxArticleBytes
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line = line[:0]
		tooLong := false
		var rerr error
		for {
			chunk, isPrefix, err := br.ReadLine()
			if err != nil {
				rerr = err
				break
			}
			if !tooLong {
				if int64(len(line)+len(chunk)) > max {
					tooLong = true
				} else {
					line = append(line, chunk...)
				}
			}
			if !isPrefix {
				break
			}
		}
		if rerr != nil && len(line) == 0 && !tooLong {
			if errors.Is(rerr, io.EOF) {
				return nil
			}
			return emit(rejected(p, src, stages.ReasonUnreadable, fmt.Sprintf("line %d: %v", n, rerr)))
		}
		loc := fmt.Sprintf("line %d", n)
		switch {
		case tooLong:
			if err := emit(rejected(p, src, stages.ReasonTooLarge, fmt.Sprintf("%s: longer than %d bytes", loc, max))); err != nil {
				return err
			}
		case len(bytes.TrimSpace(line)) == 0:
			// Blank lines separate nothing in JSON Lines; skip them.
		default:
			if err := emit(parseRecord(src, p, loc, line)); err != nil {
				return err
			}
		}
		if rerr != nil {
			if errors.Is(rerr, io.EOF) {
				return nil
			}
			return emit(rejected(p, src, stages.ReasonUnreadable, fmt.Sprintf("line %d: %v", n+1, rerr)))
		}
	}
}

func parseRecord(src Source, p, loc string, line []byte) *stages.Article {
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		return rejected(p, src, stages.ReasonBadRecord, loc+": "+err.Error())
	}
	id := recordID(rec.ID)
	if rec.Text == nil {
		a := rejected(p, src, stages.ReasonBadRecord, loc+": no \"text\" field")
		a.SourceID = id
		return a
	}
	raw := []byte(*rec.Text)
	return &stages.Article{
		ID:         stages.ArticleID(raw),
		SourcePath: p,
		SourceID:   id,
		InputFile:  path.Join(src.Root, p),
		Raw:        raw,
		Hints:      stages.Hints{URL: rec.URL, Published: rec.Published, Lang: rec.Lang},
	}
}

// recordID accepts string and numeric ids.
func recordID(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}
