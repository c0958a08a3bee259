package story

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// FileName is the index file inside the state directory.
const FileName = "stories.jsonl.gz"

const (
	formatName    = "statharvest-stories"
	formatVersion = 1
)

// Index is the story index of one output directory. It holds one compact
// record per story (capped values, URLs and organizations, and the short ids
// of its editions) plus lookup tables rebuilt on Open.
type Index struct {
	dir  string
	opts Options

	stories []*storyRec
	byID    map[string]int
	byURL   map[string]int
	byToken map[string][]int32 // strong value token -> stories, in index order
	byDay   map[int][]int
	members map[uint64]memberRef
	newest  int // newest plausible publication day seen: the retention clock
	today   int // Options.Now as a day, plus a day of slack for time zones

	// Reused by statCandidates; an Index is used from one goroutine.
	scratch []float64
	touched []int32
}

type memberRef struct {
	story, pos int32
}

// StateDir is where an output directory keeps its story index.
func StateDir(out string) string { return filepath.Join(out, "_state", "stories") }

// Open loads the index kept in dir (StateDir(out)) with
// DefaultOptions. A missing directory or file is an empty index.
func Open(dir string) (*Index, error) { return OpenWith(dir, Options{}) }

// OpenWith is Open with options; zero fields take their defaults.
func OpenWith(dir string, o Options) (*Index, error) {
	x := newIndex(dir, o)
	p := filepath.Join(dir, FileName)
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return x, nil
	}
	if err != nil {
		return nil, fmt.Errorf("story: %w", err)
	}
	defer f.Close()
	if err := x.load(p, f); err != nil {
		return nil, err
	}
	return x, nil
}

func newIndex(dir string, o Options) *Index {
	o = o.withDefaults()
	return &Index{
		dir:     dir,
		opts:    o,
		today:   int(o.Now().Unix()/86400) + 1,
		byID:    map[string]int{},
		byURL:   map[string]int{},
		byToken: map[string][]int32{},
		byDay:   map[int][]int{},
		members: map[uint64]memberRef{},
	}
}

// Len is the number of stories in the index.
func (x *Index) Len() int { return len(x.stories) }

// header is the first line of the file.
type header struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
}

// storyLine is one story on disk.
type storyLine struct {
	ID      string       `json:"id"`
	URLs    []string     `json:"urls,omitempty"`
	Tokens  []string     `json:"tok,omitempty"`
	Orgs    []string     `json:"orgs,omitempty"`
	Day     int          `json:"day,omitempty"`
	Last    int          `json:"last,omitempty"`
	Members []memberLine `json:"m"`
}

type memberLine struct {
	Article  string  `json:"a"`
	Evidence string  `json:"e"`
	Score    float64 `json:"s"`
}

func (x *Index) load(p string, r io.Reader) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("story: %s: %w", p, err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if n == 1 {
			var h header
			if err := json.Unmarshal(line, &h); err != nil {
				return fmt.Errorf("story: %s:1: header: %w", p, err)
			}
			if h.Format != formatName || h.Version != formatVersion {
				return fmt.Errorf("story: %s:1: format %q version %d, want %q version %d", p, h.Format, h.Version, formatName, formatVersion)
			}
			continue
		}
		var sl storyLine
		if err := json.Unmarshal(line, &sl); err != nil {
			return fmt.Errorf("story: %s:%d: %w", p, n, err)
		}
		if err := x.addLoaded(&sl); err != nil {
			return fmt.Errorf("story: %s:%d: %w", p, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("story: %s:%d: %w", p, n+1, err)
	}
	if n == 0 {
		return fmt.Errorf("story: %s: empty file, want a header line", p)
	}
	return nil
}

func isHex(s string) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return s != ""
}

func strictlySorted(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] >= s[i] {
			return false
		}
	}
	return true
}

// internEvidence returns the constant equal to e, so that a loaded index
// does not hold one copy of the word per edition.
func internEvidence(e string) (string, bool) {
	for _, c := range [...]string{EvidenceSourceURL, EvidenceStatistics, EvidenceDateOrgs, EvidenceSingleton} {
		if e == c {
			return c, true
		}
	}
	return "", false
}

func (x *Index) addLoaded(sl *storyLine) error {
	if !isHex(sl.ID) {
		return fmt.Errorf("story id %q is not lowercase hex", sl.ID)
	}
	if _, dup := x.byID[sl.ID]; dup {
		return fmt.Errorf("story %s appears twice", sl.ID)
	}
	if !strictlySorted(sl.Tokens) {
		return fmt.Errorf("story %s: values are not sorted and distinct", sl.ID)
	}
	if !strictlySorted(sl.Orgs) {
		return fmt.Errorf("story %s: organizations are not sorted and distinct", sl.ID)
	}
	for _, t := range sl.Tokens {
		if !validToken(t) {
			return fmt.Errorf("story %s: bad value token %q", sl.ID, t)
		}
	}
	if len(sl.Members) == 0 {
		return fmt.Errorf("story %s has no editions", sl.ID)
	}
	if sl.Day < 0 || sl.Last < 0 {
		return fmt.Errorf("story %s: negative day", sl.ID)
	}
	si := len(x.stories)
	s := &storyRec{id: sl.ID, tokens: sl.Tokens, orgs: sl.Orgs, day: sl.Day, last: sl.Last}
	for _, u := range sl.URLs {
		if u == "" {
			return fmt.Errorf("story %s: empty URL", sl.ID)
		}
		if other, ok := x.byURL[u]; ok {
			return fmt.Errorf("story %s: URL %s already belongs to story %s", sl.ID, u, x.stories[other].id)
		}
		x.byURL[u] = si
		s.urls = append(s.urls, u)
	}
	for _, m := range sl.Members {
		if !isHex(m.Article) || len(m.Article) != 16 {
			return fmt.Errorf("story %s: bad edition id %q, want 16 hex digits", sl.ID, m.Article)
		}
		key, err := strconv.ParseUint(m.Article, 16, 64)
		if err != nil {
			return fmt.Errorf("story %s: bad edition id %q", sl.ID, m.Article)
		}
		ev, ok := internEvidence(m.Evidence)
		if !ok {
			return fmt.Errorf("story %s: edition %s: unknown evidence %q", sl.ID, m.Article, m.Evidence)
		}
		if math.IsNaN(m.Score) || m.Score < 0 || m.Score > 1 {
			return fmt.Errorf("story %s: edition %s: score %v outside 0..1", sl.ID, m.Article, m.Score)
		}
		if _, dup := x.members[key]; dup {
			return fmt.Errorf("story %s: edition %s already belongs to a story", sl.ID, m.Article)
		}
		x.members[key] = memberRef{story: int32(si), pos: int32(len(s.members))}
		s.members = append(s.members, member{article: key, evidence: ev, score: m.Score})
	}
	x.stories = append(x.stories, s)
	x.byID[s.id] = si
	x.indexTokens(si)
	if s.day != 0 {
		x.byDay[s.day] = append(x.byDay[s.day], si)
	}
	if s.last <= x.today {
		x.newest = max(x.newest, s.last)
	}
	return nil
}

// Save writes the index atomically: a temporary file in the same directory,
// fsync, rename over the old file, fsync of the directory. Stories past the
// retention window or beyond MaxStories are dropped. Stories are written in id
// order, so the same index gives the same bytes.
func (x *Index) Save() error {
	if err := os.MkdirAll(x.dir, 0o755); err != nil {
		return fmt.Errorf("story: %w", err)
	}
	keep := x.retained()
	tmp, err := os.CreateTemp(x.dir, "."+FileName+".tmp-*")
	if err != nil {
		return fmt.Errorf("story: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	// Speed over ratio: the file is rewritten every run and read once.
	zw, err := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	if err != nil {
		return fmt.Errorf("story: %w", err)
	}
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(header{Format: formatName, Version: formatVersion}); err != nil {
		return fmt.Errorf("story: %w", err)
	}
	for _, s := range keep {
		sl := storyLine{ID: s.id, URLs: s.urls, Tokens: s.tokens, Orgs: s.orgs, Day: s.day, Last: s.last,
			Members: make([]memberLine, len(s.members))}
		for i, m := range s.members {
			sl.Members[i] = memberLine{Article: fmt.Sprintf("%016x", m.article), Evidence: m.evidence, Score: m.score}
		}
		if err := enc.Encode(&sl); err != nil {
			return fmt.Errorf("story: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("story: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("story: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("story: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("story: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(x.dir, FileName)); err != nil {
		return fmt.Errorf("story: %w", err)
	}
	done = true
	if d, err := os.Open(x.dir); err == nil {
		// Make the rename itself durable; not every file system supports it.
		serr := d.Sync()
		d.Close()
		if serr != nil && !errors.Is(serr, syscall.EINVAL) {
			return fmt.Errorf("story: %w", serr)
		}
	}
	return nil
}

// retained returns the stories Save keeps, sorted by id.
func (x *Index) retained() []*storyRec {
	keep := make([]*storyRec, 0, len(x.stories))
	for _, s := range x.stories {
		if s.last != 0 && x.newest-s.last > x.opts.RetentionDays {
			continue
		}
		keep = append(keep, s)
	}
	if len(keep) > x.opts.MaxStories {
		// Newest first; stories without a date count as newest, since they
		// cannot be aged and are usually fresh.
		slices.SortStableFunc(keep, func(a, b *storyRec) int {
			la, lb := a.last, b.last
			if la == 0 {
				la = math.MaxInt
			}
			if lb == 0 {
				lb = math.MaxInt
			}
			switch {
			case la > lb:
				return -1
			case la < lb:
				return 1
			}
			return strings.Compare(a.id, b.id)
		})
		keep = keep[:x.opts.MaxStories]
	}
	slices.SortFunc(keep, func(a, b *storyRec) int { return strings.Compare(a.id, b.id) })
	return keep
}
