// Package clean turns an article's raw bytes into its body: it decodes the
// text, normalizes it to NFC, removes web boilerplate and reads the page's
// metadata (title, byline, source URL, publication date). Every later offset
// points into the Body it writes.
//
// A crawled page is read line by line. Each line gets structural features
// (words, letters, digits, sentence punctuation) and, where the line matches
// a cue word of data/lexicons/clean, a kind: ad marker, comment counter,
// related-links heading, source line, byline, photo credit. Position then
// decides the rest: the page chrome before the first paragraph (banner,
// dateline, title), the signature after the last one (byline, source), and
// the footer from the comment counter on. Lines that repeat across many
// articles of the run (see Repeats) are cut too.
package clean

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/statharvest/statharvest/stages"
)

// Stage is the clean stage. It holds only immutable configuration.
type Stage struct {
	lex     *Lexicon
	pages   []codepage
	repeats *Repeats
}

// New returns a clean stage configured from the data files in fsys.
func New(fsys fs.FS) (*Stage, error) {
	lex, err := LoadLexicon(fsys)
	if err != nil {
		return nil, err
	}
	pages, err := lookupCodepages(lex.encodings)
	if err != nil {
		return nil, fmt.Errorf("clean: %s/und.yaml: %w", LexiconDir, err)
	}
	return &Stage{lex: lex, pages: pages}, nil
}

// WithRepeats returns a copy of s that also cuts the lines r found repeated
// across the run's articles. r must not change afterwards.
func (s *Stage) WithRepeats(r *Repeats) *Stage {
	c := *s
	c.repeats = r
	return &c
}

// Process decodes a.Raw into a.Body and fills the page metadata.
func (s *Stage) Process(ctx context.Context, a *stages.Article) error {
	text, _, err := decode(a.Raw, s.pages)
	if err != nil {
		return err
	}
	if strings.TrimFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }) == "" {
		return &stages.Reject{Reason: stages.ReasonEmpty, Detail: "white space only after decoding"}
	}
	p := s.Page(text)
	if p.Body == "" {
		return &stages.Reject{Reason: stages.ReasonNoBody, Detail: fmt.Sprintf("no article text left after removing %d boilerplate lines", p.Cut)}
	}
	a.Body = p.Body
	a.Title = p.Title
	a.Byline = p.Byline
	a.SourceURL = p.SourceURL
	a.Published = p.Published
	a.PublishedAt = p.PublishedAt
	a.Captions = p.Captions
	a.BoilerplateCut = p.Cut
	if a.SourceURL == "" {
		a.SourceURL = strings.TrimSpace(a.Hints.URL)
	}
	if a.Published.IsZero() {
		a.Published, a.PublishedAt = parseHintDate(a.Hints.Published)
	}
	a.Raw = nil
	return nil
}

// Page is what clean reads from one decoded page.
type Page struct {
	Body        string
	Title       string
	Byline      string
	SourceURL   string
	Published   stages.Date
	PublishedAt time.Time
	Captions    []stages.Span
	Cut         int
}

type kind uint8

const (
	kindText kind = iota
	kindBlank
	kindBanner
	kindDate
	kindAd
	kindComments
	kindRelated
	kindSource
	kindByline
	kindSignature // the author's role line under a byline
	kindRepeat
	kindMenu // a short line in the footer after a related-links heading
)

type line struct {
	text    string
	kind    kind
	caption bool
	prose   bool
	words   int
	meta    string // the byline name or source URL the line carries
}

// Page cleans already decoded text. It is exported for the pre-pass tools and
// tests; Process is Page plus decoding and hints.
func (s *Stage) Page(text string) Page {
	lines := s.classify(splitLines(normalize(text)))
	var p Page

	firstProse, lastProse := -1, -1
	for i := range lines {
		if lines[i].prose && lines[i].kind == kindText {
			if firstProse < 0 {
				firstProse = i
			}
			lastProse = i
		}
	}

	// Footer: a comment counter after the first paragraph ends the article;
	// a related-links heading cuts itself and the short lines under it.
	footer := len(lines)
	for i := max(firstProse, 0); i < len(lines); i++ {
		switch lines[i].kind {
		case kindComments:
			if firstProse >= 0 && i > firstProse {
				footer = i
			}
		case kindRelated:
			for j := i + 1; j < len(lines) && !lines[j].prose; j++ {
				if lines[j].kind == kindText {
					lines[j].kind = kindMenu
				}
			}
		}
		if footer < len(lines) {
			break
		}
	}
	if lastProse >= footer {
		lastProse = -1
		for i := footer - 1; i >= 0; i-- {
			if lines[i].prose && lines[i].kind == kindText {
				lastProse = i
				break
			}
		}
	}

	// Signature: between the last paragraph and the footer (or a source
	// line), a name-like line is the byline and what follows it is its role.
	if lastProse >= 0 {
		end := footer
		for i := lastProse + 1; i < footer; i++ {
			if k := lines[i].kind; k == kindSource || k == kindRelated {
				end = i
				break
			}
		}
		closed := end < len(lines)
		if closed {
			for i := lastProse + 1; i < end; i++ {
				l := &lines[i]
				if l.kind != kindText || l.caption {
					continue
				}
				if nameLike(l.text) {
					l.kind, l.meta = kindByline, l.text
					for j := i + 1; j < end; j++ {
						if lines[j].kind == kindText && !lines[j].prose {
							lines[j].kind = kindSignature
						}
					}
				}
				break
			}
		}
	}

	// Header: banners and datelines before the first paragraph; the title
	// is a line next to that chrome.
	headerEnd := firstProse
	if headerEnd < 0 {
		headerEnd = len(lines)
	}
	for i := 0; i < len(lines); i++ {
		l := &lines[i]
		if l.kind != kindText || l.prose {
			continue
		}
		if (i < headerEnd || i > lastProse) && l.words <= 12 && hasHostname(l.text) {
			l.kind = kindBanner
		}
	}
	for i := 0; i < len(lines); i++ {
		l := &lines[i]
		if l.kind != kindText || l.prose || l.caption || l.words > 10 {
			continue
		}
		if d, h, m, hasTime, ok := dateIn(l.text); ok {
			if p.Published.IsZero() {
				p.Published = d
				if hasTime {
					p.PublishedAt = time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, vietnam).UTC()
				}
			}
			if i < headerEnd || i > lastProse || l.words <= 3 {
				l.kind = kindDate
			}
		}
	}
	p.Title = title(lines)

	// Repeated lines are cut unless they carry metadata or a caption.
	if s.repeats != nil {
		for i := range lines {
			if l := &lines[i]; l.kind == kindText && !l.caption && s.repeats.Has(l.text) {
				l.kind = kindRepeat
			}
		}
	}

	var b strings.Builder
	for i, l := range lines {
		switch {
		case l.kind == kindByline && p.Byline == "":
			p.Byline = l.meta
		case l.kind == kindSource && p.SourceURL == "" && l.meta != "":
			p.SourceURL = l.meta
		}
		if l.kind == kindBlank {
			continue
		}
		if i >= footer || l.kind != kindText {
			p.Cut++
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		start := b.Len()
		b.WriteString(l.text)
		if l.caption {
			p.Captions = append(p.Captions, stages.Span{Start: start, End: b.Len()})
		}
	}
	p.Body = b.String()
	return p
}

// title returns the headline: a line without sentence punctuation that sits
// just after a banner or just before a dateline or ad marker.
func title(lines []line) string {
	prev := kindBlank
	for i, l := range lines {
		if l.kind == kindBlank {
			continue
		}
		if l.kind == kindText {
			next := kindBlank
			for j := i + 1; j < len(lines); j++ {
				if lines[j].kind != kindBlank {
					next = lines[j].kind
					break
				}
			}
			if (prev == kindBanner || next == kindDate || next == kindAd) && !endsSentence(l.text) && l.words >= 3 && l.words <= 40 && !l.caption {
				return l.text
			}
			return ""
		}
		prev = l.kind
	}
	return ""
}

// normalize puts text in NFC with "\n" line ends and without stray BOMs or
// control characters, so that Body offsets never depend on the source's
// conventions.
func normalize(text string) string {
	text = norm.NFC.String(text)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r', r == '\u2028', r == '\u2029', r == '\v', r == '\f', r == '\u0085':
			return '\n'
		case r == '\t':
			return ' '
		case r == '\uFEFF', r == utf8.RuneError:
			return -1
		case r < 0x20 && r != '\n', r >= 0x7f && r < 0xa0:
			return -1
		}
		return r
	}, strings.ReplaceAll(text, "\r\n", "\n"))
}

func splitLines(text string) []line {
	raw := strings.Split(text, "\n")
	out := make([]line, len(raw))
	for i, r := range raw {
		t := strings.TrimFunc(r, unicode.IsSpace)
		out[i] = line{text: t}
		if t == "" {
			out[i].kind = kindBlank
		}
	}
	return out
}

// classify fills each line's features and cue kind.
func (s *Stage) classify(lines []line) []line {
	for i := range lines {
		l := &lines[i]
		if l.kind == kindBlank {
			continue
		}
		l.words = len(strings.Fields(l.text))
		letters := 0
		for _, r := range l.text {
			if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
				letters++
			}
		}
		// A paragraph: a full sentence of some length, or a long run of
		// letters in scripts that write no sentence punctuation (Thai).
		l.prose = l.words >= 8 && (endsSentence(l.text) || l.words >= 15) || letters >= 120
		s.lex.cue(l)
	}
	// Photo tables end their cells with a bar ("… |"): a short line that
	// ends in one is a caption, and so is a short line right after one.
	bar := false
	for i := range lines {
		l := &lines[i]
		if l.kind == kindBlank {
			continue
		}
		cell := strings.HasSuffix(l.text, "|")
		if l.kind == kindText && (cell && l.words <= 25 || bar && !l.prose && l.words <= 8) {
			l.caption = true
		}
		if cell {
			l.text = strings.TrimRightFunc(strings.TrimSuffix(l.text, "|"), unicode.IsSpace)
			if l.text == "" {
				l.kind, l.caption = kindBlank, false
			}
		}
		bar = cell
	}
	return lines
}

// endsSentence reports whether t ends with sentence punctuation, ignoring
// closing quotes and brackets.
func endsSentence(t string) bool {
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.Is(unicode.Pe, r) || unicode.Is(unicode.Pf, r) || r == '"' || r == '\'' || unicode.IsSpace(r)
	})
	r, _ := utf8.DecodeLastRuneInString(t)
	switch r {
	case '.', '!', '?', '؟', '。', '！', '？', '…', '۔', '।':
		return true
	}
	return false
}

// nameLike reports a line that reads as a person's name: one to five words,
// no digits or sentence punctuation, mostly letters, and in cased scripts
// every word capitalized.
func nameLike(t string) bool {
	ws := strings.Fields(t)
	if len(ws) == 0 || len(ws) > 5 || utf8.RuneCountInString(t) > 48 || endsSentence(t) {
		return false
	}
	letters, other := 0, 0
	for _, r := range t {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			letters++
		case r == '.' || r == '-' || r == '\'' || r == '\u200c' || unicode.IsSpace(r):
		default:
			other++
		}
	}
	if other > 0 || letters < 2 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}
