// Package clean turns an article's raw bytes into its body: it decodes the
// text, normalizes it to NFC, removes web boilerplate and reads the page's
// metadata (title, byline, source URL, publication date). Every later offset
// points into the Body it writes.
//
// A crawled page is read line by line. Each line gets structural features
// (words, letters, sentence punctuation, a date) and, where the line matches
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
	"html"
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
	runes   *runeTable
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
	return &Stage{lex: lex, pages: pages, runes: newRuneTable()}, nil
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
	date    bool // a short line with a day-first date
	words   int
	letters int
	units   int    // length in words, estimated from letters where words have no spaces (Thai, Chinese)
	plain   bool   // lower case with single spaces: the line is its own cue-matching form
	meta    string // the byline name or source URL the line carries
}

// Page cleans already decoded text. It is exported for the pre-pass tools and
// tests; Process is Page plus decoding and hints.
func (s *Stage) Page(text string) Page {
	lines := s.classify(splitLines(s.runes.normalize(text)))
	var p Page

	ti := header(lines)
	if ti >= 0 {
		p.Title = lines[ti].text
	}

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
	for i := max(firstProse, 0); i < len(lines) && footer == len(lines); i++ {
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
	signature(lines, lastProse, footer)

	// Banners at the foot of the page; datelines outside the paragraphs;
	// and, above or below the paragraphs, lines without a letter (view
	// counters, pagination, "(0)"), whose numbers are no statistics.
	for i := range lines {
		l := &lines[i]
		if l.kind != kindText || l.prose {
			continue
		}
		if i > lastProse && l.words <= 12 && hasHostname(l.text) {
			l.kind = kindBanner
		}
		if (i < firstProse || i > lastProse) && l.letters == 0 && !l.date && !l.caption {
			l.kind = kindBanner
		}
		if l.date && (i < firstProse || i > lastProse || l.words <= 3) {
			l.kind = kindDate
		}
	}
	for _, l := range lines[:footer] { // dates under the footer belong to other articles
		if l.kind == kindDate {
			d, h, m, hasTime, _ := dateIn(l.text)
			p.Published = d
			if hasTime {
				p.PublishedAt = time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, vietnam()).UTC()
			}
			break
		}
	}

	// Repeated lines are cut unless they carry metadata, a caption or the
	// headline.
	if s.repeats != nil {
		for i := range lines {
			if l := &lines[i]; l.kind == kindText && !l.caption && i != ti && s.repeats.Has(l.text) {
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

// headerLines is how far into a page its chrome (banner, title, dateline,
// ad marker) is looked for, in non-blank lines.
const headerLines = 8

// header finds the page chrome at the top: the headline is the line just
// before the first dateline or ad marker (or just after a host-name banner),
// and the short lines above the headline are the site's banner. It returns
// the headline's index, or -1. The headline stays in Body.
func header(lines []line) int {
	var top []int
	for i := 0; i < len(lines) && len(top) < headerLines; i++ {
		if lines[i].kind != kindBlank {
			top = append(top, i)
		}
	}
	if len(top) == 0 {
		return -1
	}
	ti := -1
	for k, i := range top {
		if lines[i].date && lines[i].kind == kindText || lines[i].kind == kindAd {
			if k > 0 && titleShaped(&lines[top[k-1]]) {
				ti = top[k-1]
			}
			break
		}
	}
	if first := &lines[top[0]]; ti < 0 && first.kind == kindText && !first.prose && first.words <= 12 && hasHostname(first.text) {
		first.kind = kindBanner
		if len(top) > 1 && titleShaped(&lines[top[1]]) {
			ti = top[1]
		}
	}
	if ti < 0 {
		return -1
	}
	for _, i := range top {
		if i >= ti {
			break
		}
		if l := &lines[i]; l.kind == kindText && !l.caption && l.words <= 25 && !endsSentence(l.text) {
			l.kind = kindBanner
		}
	}
	lines[ti].prose = false
	return ti
}

// titleShaped reports a line that can be a headline: text of a few words,
// not a finished sentence.
func titleShaped(l *line) bool {
	return l.kind == kindText && !l.caption && !l.date && !endsSentence(l.text) && l.units >= 2 && l.words <= 40 && l.letters >= 8 && !hasHostname(l.text)
}

// signature finds the byline at the foot of the article: the last line
// before the source line or the footer, or the line above it when that one
// is the author's role ("(Head of the Organization Board)"), is the author
// when it reads as a name. Without a footer or source line nothing marks the
// end of the article, and a short last line may be the article's own.
func signature(lines []line, lastProse, footer int) {
	end := footer
	for i := max(lastProse+1, 0); i < footer; i++ {
		if k := lines[i].kind; k == kindSource || k == kindRelated {
			end = i
			break
		}
	}
	if end == len(lines) {
		return
	}
	var cand []int // the last two text lines before end, nearest first
scan:
	for i := end - 1; i > lastProse && i >= 0 && len(cand) < 2; i-- {
		switch l := &lines[i]; {
		case l.kind == kindBlank || l.kind == kindAd:
		case l.kind != kindText || l.caption || l.prose:
			break scan
		default:
			cand = append(cand, i)
		}
	}
	for k, i := range cand {
		l := &lines[i]
		if !nameLike(l.text) {
			if k == 0 && roleLike(l.text) {
				continue
			}
			return
		}
		l.kind, l.meta = kindByline, l.text
		for _, j := range cand[:k] {
			lines[j].kind = kindSignature
		}
		return
	}
}

// roleLike reports a line in brackets under a byline: the author's position.
func roleLike(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	e, _ := utf8.DecodeLastRuneInString(t)
	return unicode.Is(unicode.Ps, r) && unicode.Is(unicode.Pe, e) && utf8.RuneCountInString(t) <= 160
}

// normalize puts text in NFC with "\n" line ends and without stray BOMs,
// invisible characters, control characters or HTML character references
// left by the crawler, so that Body offsets never depend on the source's
// conventions. Zero-width (non-)joiners stay: Persian and Indic spelling
// needs them.
func normalize(text string) string {
	return normalizeTail(text, strings.Contains(text, "&") && strings.Contains(text, ";"))
}

// normalizeTail is normalize on a tail of a text, with the decision to
// unescape character references taken on the whole text.
func normalizeTail(text string, unescape bool) string {
	if unescape {
		text = html.UnescapeString(text)
	}
	text = norm.NFC.String(text)
	return strings.Map(mapRune, strings.ReplaceAll(text, "\r\n", "\n"))
}

func splitLines(text string) []line {
	out := make([]line, 0, strings.Count(text, "\n")+1)
	for {
		i := strings.IndexByte(text, '\n')
		r := text
		if i >= 0 {
			r = text[:i]
		}
		t := strings.TrimFunc(r, unicode.IsSpace)
		l := line{text: t}
		if t == "" {
			l.kind = kindBlank
		}
		out = append(out, l)
		if i < 0 {
			return out
		}
		text = text[i+1:]
	}
}

// classify fills each line's features and cue kind.
func (s *Stage) classify(lines []line) []line {
	for i := range lines {
		l := &lines[i]
		if l.kind == kindBlank {
			continue
		}
		f := s.runes.features(l.text)
		l.words, l.letters, l.plain = f.words, f.letters, f.plainSpaces && f.lower
		l.units = max(l.words, l.letters/5)
		// A paragraph: a full sentence of some length, or a long line
		// (scripts such as Thai write no sentence punctuation).
		l.prose = l.units >= 8 && (endsSentence(l.text) || l.units >= 15)
		s.lex.cue(l, s.runes)
		if l.kind == kindText && !l.prose && l.words <= 10 {
			_, _, _, _, l.date = dateIn(l.text)
		}
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
// no digits or sentence punctuation, only letters, and in cased scripts
// every word capitalized.
func nameLike(t string) bool {
	// A news agency or paper in brackets may follow: "Minh Anh (TTXVN)".
	if strings.HasSuffix(t, ")") {
		if i := strings.LastIndexByte(t, '('); i > 0 && len(strings.Fields(t[i:])) <= 6 {
			t = strings.TrimSpace(t[:i])
		}
	}
	ws := strings.Fields(t)
	if len(ws) == 0 || len(ws) > 5 || utf8.RuneCountInString(t) > 48 || endsSentence(t) {
		return false
	}
	letters, other := 0, 0
	for _, r := range t {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r) || unicode.IsMark(r):
			letters++
		case r == '.' || r == '-' || r == '\'' || r == '\u200c' || r == '・' || r == '·' || unicode.IsSpace(r):
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
