// Package stages is the data contract shared by every stage: the Article that
// flows through the pipeline and the records the stages attach to it. It holds
// no stage logic; each stage lives in its own sub-package and imports this one.
package stages

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// Span is a byte range [Start, End) in Article.Body.
type Span struct {
	Start, End int
}

// Hints are metadata supplied by the input format (a JSON Lines record) rather
// than found in the text. The text's own metadata wins over URL and Published;
// Lang overrides detection.
type Hints struct {
	URL       string
	Published string
	Lang      string
}

// Date is a calendar date without a time zone. Day 0 means the text gave only
// a month ("ديسمبر 2022"), Month 0 only a year. The zero value means unknown.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// Time returns the first instant of the date in UTC, filling a missing day or
// month with 1.
func (d Date) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = time.January
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, m, day, 0, 0, 0, 0, time.UTC)
}

// Precision names how much of the date the text stated: "day", "month" or
// "year", or "month_day" for a day and month whose year the text does not
// give and the article's date could not supply.
func (d Date) Precision() string {
	switch {
	case d.Year == 0 && d.Month != 0 && d.Day != 0:
		return "month_day"
	case d.IsZero():
		return ""
	case d.Month == 0:
		return "year"
	case d.Day == 0:
		return "month"
	}
	return "day"
}

// String formats the date as ISO 8601 at its precision (2023-06-02, 2022-12,
// 2021, and --07-01 without a year).
func (d Date) String() string {
	switch d.Precision() {
	case "year":
		return d.Time().Format("2006")
	case "month":
		return d.Time().Format("2006-01")
	case "day":
		return d.Time().Format("2006-01-02")
	case "month_day":
		return fmt.Sprintf("--%02d-%02d", int(d.Month), d.Day)
	}
	return ""
}

// Article is one input article on its way through the pipeline. Each stage
// writes only its own fields (see docs/ARCHITECTURE.md) and reads earlier ones.
type Article struct {
	// Written by ingest.
	Seq        int64  // input order, fixed by a sorted walk
	ID         string // sha256 of Raw, lowercase hex
	SourcePath string // relative to the input root
	SourceID   string // the input's own id; empty means null
	Raw        []byte // raw bytes; clean releases them once decoded
	Hints      Hints
	InputFile  string // the file the article came from (several for JSON Lines share one)

	// Written by clean. Body is frozen from here on: every offset points into it.
	Body           string
	Title          string
	Byline         string
	SourceURL      string
	Published      Date
	PublishedAt    time.Time // zero unless the text states a time of day; UTC
	Captions       []Span    // photo captions and credits kept in Body, flagged here
	BoilerplateCut int       // number of boilerplate lines removed

	// Written by lang.
	Lang string // ISO 639-1, empty when unknown

	// Written by segment.
	Sentences []Span

	// Written by numbers.
	Stats []Statistic

	// Written by entities.
	Orgs []OrgMention

	// Written by events and kpis.
	Events []Event
	KPIs   []KPI

	// Written by the story stage (run-wide).
	StoryID       string
	StoryEvidence string
	StoryScore    float64

	// Reject is set by the pipeline from the first *Reject a stage returns; the
	// article then skips the remaining per-article stages and becomes a rejects row.
	Reject *Reject
}

// SentenceOf returns the index of the sentence containing byte offset off, or -1.
func (a *Article) SentenceOf(off int) int {
	lo, hi := 0, len(a.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		if a.Sentences[m].End <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(a.Sentences) && a.Sentences[lo].Start <= off {
		return lo
	}
	return -1
}

// HashID derives a stable lowercase-hex id (128 bits) from its parts, so that
// the same inputs give the same id in every run and on every machine.
func HashID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ArticleID is the sha256 of an article's raw bytes, lowercase hex.
func ArticleID(raw []byte) string {
	s := sha256.Sum256(raw)
	return hex.EncodeToString(s[:])
}
