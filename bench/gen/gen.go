// Package gen writes deterministic benchmark corpora that look like the
// archives statharvest reads: pages in many languages and digit scripts built
// from the embedded sample articles, with fresh numbers, places from the
// gazetteer, site debris, JSON Lines and gzip files, and a few hostile files.
// The same seed and size always give the same bytes.
package gen

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Config says what to generate.
type Config struct {
	// Dir receives the corpus; it is created if missing and must be empty.
	Dir string
	// Size is the total input bytes to write (articles as read, before gzip).
	Size int64
	// Seed picks the corpus; equal seeds give identical bytes.
	Seed uint64
	// ShardBytes is the input size of one part-NNNN directory; 0 means 64 MB.
	ShardBytes int64
}

// Stats describes a generated corpus.
type Stats struct {
	Seed     uint64 `json:"seed"`
	Size     int64  `json:"size"`
	Bytes    int64  `json:"bytes"`
	Files    int64  `json:"files"`
	Articles int64  `json:"articles"`
	// ArticleBytes is the part of Bytes in ordinary articles.
	ArticleBytes int64 `json:"article_bytes"`
	Hostile      int64 `json:"hostile_files"`
	Shards       int   `json:"shards"`
}

// Shares of articles written as gzip text and as JSON Lines records.
const (
	gzipShare  = 0.04
	jsonlShare = 0.08
	jsonlBatch = 250 // records per JSON Lines file
)

// HostileDir is the sub-directory of each shard that holds the hostile files,
// so that tools which cannot read them can leave them out.
const HostileDir = "hostile"

// Generate writes a corpus of about cfg.Size bytes to cfg.Dir from the sample
// articles and gazetteer in fsys (data.FS).
func Generate(fsys fs.FS, cfg Config) (Stats, error) {
	st := Stats{Seed: cfg.Seed, Size: cfg.Size}
	if cfg.Size <= 0 {
		return st, errors.New("size must be positive")
	}
	if cfg.ShardBytes <= 0 {
		cfg.ShardBytes = 64 << 20
	}
	src, err := loadSource(fsys)
	if err != nil {
		return st, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return st, err
	}
	if ents, err := os.ReadDir(cfg.Dir); err != nil {
		return st, err
	} else if len(ents) > 0 {
		return st, fmt.Errorf("%s is not empty", cfg.Dir)
	}
	g := &generator{src: src, rng: newRNG(cfg.Seed), st: &st}
	for shard := 0; st.Bytes < cfg.Size; shard++ {
		budget := min(cfg.ShardBytes, cfg.Size-st.Bytes)
		if err := g.shard(filepath.Join(cfg.Dir, fmt.Sprintf("part-%04d", shard)), budget); err != nil {
			return st, err
		}
		st.Shards++
	}
	return st, nil
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x73746174686172)) }

type generator struct {
	src *source
	rng *rand.Rand
	st  *Stats
	buf bytes.Buffer
	n   int64 // articles generated, for file names
}

type record struct {
	ID        string `json:"id"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Text      string `json:"text"`
}

// shard writes one part directory of about budget bytes: hostile files first,
// then articles as .txt, .txt.gz and JSON Lines.
func (g *generator) shard(dir string, budget int64) error {
	if err := os.MkdirAll(filepath.Join(dir, HostileDir), 0o755); err != nil {
		return err
	}
	var written int64
	hostile, err := g.hostile(filepath.Join(dir, HostileDir))
	if err != nil {
		return err
	}
	written += hostile
	var batch []record
	jsonlFiles := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		for _, r := range batch {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		name := filepath.Join(dir, fmt.Sprintf("feed-%03d.jsonl", jsonlFiles))
		jsonlFiles++
		batch = batch[:0]
		g.st.Files++
		return os.WriteFile(name, b.Bytes(), 0o644)
	}
	for written < budget {
		lang, body := g.article()
		id := g.n
		g.n++
		g.st.Articles++
		g.st.ArticleBytes += int64(len(body))
		written += int64(len(body))
		switch x := g.rng.Float64(); {
		case x < jsonlShare:
			r := record{ID: fmt.Sprintf("%s-%07d", lang, id), URL: g.url(), Published: g.date("-"), Text: body}
			if g.rng.IntN(2) == 0 {
				r.Lang = lang
			}
			batch = append(batch, r)
			if len(batch) == jsonlBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		case x < jsonlShare+gzipShare:
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
			_, _ = zw.Write([]byte(body))
			if err := zw.Close(); err != nil {
				return err
			}
			if err := g.write(filepath.Join(dir, fmt.Sprintf("%s_%07d.txt.gz", lang, id)), b.Bytes()); err != nil {
				return err
			}
		default:
			if err := g.write(filepath.Join(dir, fmt.Sprintf("%s_%07d.txt", lang, id)), []byte(body)); err != nil {
				return err
			}
		}
	}
	g.st.Bytes += written
	return flush()
}

func (g *generator) write(name string, b []byte) error {
	g.st.Files++
	return os.WriteFile(name, b, 0o644)
}

func (g *generator) pick(ts []template) template { return ts[g.rng.IntN(len(ts))] }

// article renders one page in a random language.
func (g *generator) article() (lang, body string) {
	lang = g.src.langs[g.rng.IntN(len(g.src.langs))]
	m := g.src.byLang[lang]
	b := &g.buf
	b.Reset()
	if len(m.banners) > 0 && g.rng.IntN(10) < 9 {
		b.WriteString(m.banners[g.rng.IntN(len(m.banners))])
		b.WriteString("\n\n")
	}
	g.render(b, g.pick(m.titles))
	b.WriteString("\n\n")
	b.WriteString(g.date("/"))
	b.WriteString("\n\n")
	// Long enough on average to look like a real page of 5–15 KB.
	paras := 4 + g.rng.IntN(28)
	for i := 0; i < paras; i++ {
		if len(m.debris) > 0 && g.rng.IntN(7) == 0 {
			g.render(b, g.pick(m.debris))
			b.WriteString("\n\n")
		}
		g.render(b, g.pick(m.body))
		b.WriteString("\n\n")
	}
	for i, n := 0, g.rng.IntN(4); i < n && len(m.debris) > 0; i++ {
		g.render(b, g.pick(m.debris))
		b.WriteByte('\n')
	}
	// A page's own link keeps two pages with the same paragraphs distinct.
	b.WriteString(g.url())
	b.WriteByte('\n')
	return lang, b.String()
}

func (g *generator) render(b *bytes.Buffer, t template) {
	for _, s := range t {
		switch s.kind {
		case segLit:
			b.WriteString(s.text)
		case segPlace:
			pool := g.src.pools[s.form]
			b.WriteString(pool[g.rng.IntN(len(pool))])
		case segNumber:
			g.number(b, s.text)
		}
	}
}

// number writes a number shaped like orig (same digit script, separators and
// length) with fresh digits; years stay plausible years.
func (g *generator) number(b *bytes.Buffer, orig string) {
	if v, zero, ok := plainValue(orig); ok && v >= 1990 && v <= 2035 {
		writeDigits(b, zero, 2015+g.rng.IntN(12))
		return
	}
	// Small numbers are days, counts and shares: keep them small.
	if n := utf8.RuneCountInString(orig); n <= 2 && g.rng.IntN(2) == 0 {
		b.WriteString(orig)
		return
	}
	first := true
	for _, r := range orig {
		zero, ok := digitZero(r)
		if !ok {
			b.WriteRune(r)
			continue
		}
		d := g.rng.IntN(10)
		if first && r != zero && d == 0 {
			d = 1 + g.rng.IntN(9)
		}
		first = false
		b.WriteRune(zero + rune(d))
	}
}

// digitZero returns the zero of r's decimal digit block.
func digitZero(r rune) (rune, bool) {
	if !unicode.IsDigit(r) {
		return 0, false
	}
	zero := r
	for i := 0; i < 9 && unicode.IsDigit(zero-1); i++ {
		zero--
	}
	return zero, true
}

// plainValue reads a separator-free run of digits of one script.
func plainValue(s string) (v int, zero rune, ok bool) {
	if utf8.RuneCountInString(s) != 4 {
		return 0, 0, false
	}
	for _, r := range s {
		z, isDigit := digitZero(r)
		if !isDigit || (zero != 0 && z != zero) {
			return 0, 0, false
		}
		zero = z
		v = v*10 + int(r-z)
	}
	return v, zero, true
}

func writeDigits(b *bytes.Buffer, zero rune, v int) {
	for _, c := range strconv.Itoa(v) {
		b.WriteRune(zero + (c - '0'))
	}
}

func (g *generator) date(sep string) string {
	y, m, d := 2015+g.rng.IntN(12), 1+g.rng.IntN(12), 1+g.rng.IntN(28)
	if sep == "-" {
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	}
	return fmt.Sprintf("%02d/%02d/%04d", d, m, y)
}

func (g *generator) url() string {
	pool := g.src.pools["name"]
	p := strings.ToLower(strings.ReplaceAll(pool[g.rng.IntN(len(pool))], " ", ""))
	return fmt.Sprintf("https://bao%s.vn/tin-tuc/%d.html", p, 100000+g.rng.IntN(900000))
}

// legacy lists the single-byte code pages hostile files are written in.
func legacy() []encoding.Encoding {
	return []encoding.Encoding{charmap.Windows1251, charmap.Windows1256, charmap.Windows874, charmap.Windows1258, charmap.ISO8859_1}
}

// hostile writes the files a real archive eventually holds: empty, binary,
// legacy code pages, UTF-16, an endless line, a wall of numbers, truncated
// gzip, a duplicate and broken JSON Lines. It returns the bytes written.
func (g *generator) hostile(dir string) (int64, error) {
	var total int64
	put := func(name string, b []byte) error {
		total += int64(len(b))
		g.st.Hostile++
		return g.write(filepath.Join(dir, name), b)
	}
	if err := put("empty.txt", nil); err != nil {
		return 0, err
	}
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(g.rng.Uint32())
	}
	if err := put("binary.txt", bin); err != nil {
		return 0, err
	}
	// The first code page that can hold the article; some cannot hold any.
	_, body := g.article()
	for _, enc := range legacy() {
		if b, err := enc.NewEncoder().Bytes([]byte(body)); err == nil {
			if err := put("legacy.txt", b); err != nil {
				return 0, err
			}
			break
		}
	}
	_, body = g.article()
	u16, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte(body))
	if err != nil {
		return 0, err
	}
	if err := put("utf16.txt", u16); err != nil {
		return 0, err
	}
	_, body = g.article()
	line := strings.Repeat(strings.ReplaceAll(body, "\n", " "), (1100<<10)/len(body)+1)
	if err := put("longline.txt", []byte(line)); err != nil {
		return 0, err
	}
	var wall bytes.Buffer
	for wall.Len() < 200<<10 {
		g.number(&wall, "1 234 567,89")
		wall.WriteString([]string{" ", ", ", "; ", "\n", " – ", "%, "}[g.rng.IntN(6)])
	}
	if err := put("numbers.txt", wall.Bytes()); err != nil {
		return 0, err
	}
	_, body = g.article()
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
	_, _ = zw.Write([]byte(body))
	_ = zw.Close()
	if err := put("truncated.txt.gz", z.Bytes()[:z.Len()/2]); err != nil {
		return 0, err
	}
	_, body = g.article()
	if err := put("original.txt", []byte(body)); err != nil {
		return 0, err
	}
	if err := put("duplicate.txt", []byte(body)); err != nil {
		return 0, err
	}
	_, body = g.article()
	crlf := strings.ReplaceAll(body, "\n", "\r\n")
	if err := put("crlf-controls.txt", []byte("\x00\x07"+crlf+"\x1b[0m")); err != nil {
		return 0, err
	}
	_, body = g.article()
	good, _ := json.Marshal(record{ID: fmt.Sprintf("bad-%d", g.n), Text: body})
	bad := string(good) + "\n{\"id\": \"broken\", \"text\": \"unterminated\n{\"id\": \"no-text\"}\n[1, 2, 3]\n"
	if err := put("broken.jsonl", []byte(bad)); err != nil {
		return 0, err
	}
	return total, nil
}
