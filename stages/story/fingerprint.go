package story

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/statharvest/statharvest/stages"
)

// The evidence that decided an article's story, strongest first.
const (
	EvidenceSourceURL  = "source_url"
	EvidenceStatistics = "statistics"
	EvidenceDateOrgs   = "date_orgs"
	EvidenceSingleton  = "singleton"
)

// fingerprint is what the index keeps of an article: language-free evidence
// only. Numbers are already normalized by the numbers stage, so digit scripts
// and separators are gone by the time they reach here.
type fingerprint struct {
	url    string   // normalized URL of the original, "" when unknown
	tokens []string // sorted value tokens, repeated values suffixed "#2", "#3" ...
	orgs   []string // sorted distinct OrgIDs
	day    int      // days since 1970-01-01 of the publication date, 0 when not known to the day
}

// fingerprintOf extracts the evidence from a processed article.
func fingerprintOf(a *stages.Article) fingerprint {
	fp := fingerprint{tokens: valueTokens(a.Stats), day: dayOf(a.Published)}
	// A JSON Lines record's own url is the address of this edition, not of the
	// original: it says nothing about which report the edition translates.
	if a.SourceURL != "" && a.SourceURL != a.Hints.URL {
		// Cloned: the URL is a slice of the page, which the index must not keep.
		fp.url = strings.Clone(NormalizeURL(a.SourceURL))
	}
	seen := map[string]bool{}
	for _, m := range a.Orgs {
		if id := m.Org.OrgID; id != "" && !seen[id] {
			seen[id] = true
			fp.orgs = append(fp.orgs, id)
		}
	}
	slices.Sort(fp.orgs)
	return fp
}

func dayOf(d stages.Date) int {
	if d.Precision() != "day" {
		return 0
	}
	return int(d.Time().Unix() / 86400)
}

// valueTokens turns statistics into a multiset of value tokens. Kinds decide
// only what is left out (years, year ranges, identifiers, times of day): the
// token is the value itself, because one edition's percent is another's plain
// number when a language's lexicon is thin. Values are reduced to their
// significant digits so that "62.8 billion" and "62,800 million" agree however
// the scale word was read.
func valueTokens(stats []stages.Statistic) []string {
	counts := map[string]int{}
	var out []string
	add := func(t string) {
		if t == "" {
			return
		}
		counts[t]++
		if n := counts[t]; n > 1 {
			t += "#" + strconv.Itoa(n)
		}
		out = append(out, t)
	}
	for i := range stats {
		s := &stats[i]
		switch s.Kind {
		case stages.KindYear, stages.KindYearRange, stages.KindIdentifier, stages.KindTime:
			continue
		case stages.KindDate:
			// The year is left out: editions drop or add it ("2/10" vs "2 October 2025").
			if s.Date.Month != 0 && s.Date.Day != 0 {
				add("d" + strconv.Itoa(int(s.Date.Month)*100+s.Date.Day))
			}
			continue
		case stages.KindRatio:
			if s.Numerator != nil && s.Denominator != nil {
				// "33/39" in one edition is "33 of 39" (two counts) in another.
				add(numberToken(*s.Numerator))
				add(numberToken(*s.Denominator))
				continue
			}
		}
		switch {
		case s.Value != nil:
			add(numberToken(*s.Value))
		case s.RangeStart != nil && s.RangeEnd != nil:
			add(numberToken(*s.RangeStart))
			add(numberToken(*s.RangeEnd))
		}
	}
	slices.Sort(out)
	return out
}

// numberToken is "n" and the significant digits of |v|, or "" for values that
// carry no evidence (zero, non-finite, and integers that read as years, which
// every article of a season shares).
func numberToken(v float64) string {
	v = math.Abs(v)
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	if v >= 1900 && v <= 2100 && v == math.Trunc(v) {
		return ""
	}
	s := strconv.FormatFloat(v, 'e', 5, 64) // d.ddddde±xx: six significant digits
	digits := strings.TrimRight(s[:1]+s[2:7], "0")
	return "n" + digits
}

// priorWeight is how much a shared token says before looking at how many
// stories carry it: a value with one significant digit (1, 5, 100, 2000) is
// everywhere, two digits (21, 58, 1200) are common, three or more (84.5,
// 1,246, 131,548) rarely coincide by chance.
func priorWeight(tok string) float64 {
	if i := strings.IndexByte(tok, '#'); i >= 0 {
		tok = tok[:i]
	}
	if tok == "" {
		return 0
	}
	if tok[0] == 'd' {
		return 0.6
	}
	switch n := len(tok) - 1; {
	case n <= 1:
		return 0.25
	case n == 2:
		return 0.6
	}
	return 1
}

// strong reports whether a token counts as a non-trivial value.
func strong(tok string) bool { return priorWeight(tok) >= 0.6 }

// validToken reports whether tok has the shape valueTokens produces.
func validToken(tok string) bool {
	base, rep, hasRep := strings.Cut(tok, "#")
	if hasRep {
		n, err := strconv.Atoi(rep)
		if err != nil || n < 2 {
			return false
		}
	}
	if len(base) < 2 || (base[0] != 'n' && base[0] != 'd') {
		return false
	}
	for _, c := range base[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// NormalizeURL reduces a URL of an original article to a comparison key:
// scheme, "www."/"m." host prefixes, default ports, fragment, tracking
// parameters and a trailing slash are dropped; the host is lowercased.
func NormalizeURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		// Not a URL we can take apart; compare it as written, minus the scheme.
		s := strings.ToLower(raw)
		s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
		return strings.TrimRight(s, "/")
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	host = strings.TrimPrefix(host, "m.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "utm_") || k == "fbclid" || k == "gclid" {
			q.Del(k)
		}
	}
	p := strings.TrimRight(u.EscapedPath(), "/")
	if p == "" {
		p = "/"
	}
	s := host + p
	if enc := q.Encode(); enc != "" {
		s += "?" + enc
	}
	return s
}

// weights gives a token's weight; the index multiplies the prior by how rare
// the value is across stories.
type weights func(tok string) float64

func priorOnly(tok string) float64 { return priorWeight(tok) }

// overlap compares two sorted token lists: the weighted cosine (Ochiai) of
// the multisets, which tolerates a sentence missing on either side, and the
// prior mass of what they share, which keeps a few coinciding numbers from
// grouping unrelated articles however short they are.
func overlap(a, b []string, w weights) (score, sharedMass float64, shared int) {
	var wa, wb, ws float64
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			wa += w(a[i])
			i++
		case i >= len(a) || b[j] < a[i]:
			wb += w(b[j])
			j++
		default:
			x := w(a[i])
			wa += x
			wb += x
			ws += x
			sharedMass += priorWeight(a[i])
			shared++
			i++
			j++
		}
	}
	if wa == 0 || wb == 0 {
		return 0, sharedMass, shared
	}
	return ws / math.Sqrt(wa*wb), sharedMass, shared
}

// jaccard is |a∩b| / |a∪b| of two sorted distinct lists, and |a∩b|.
func jaccard(a, b []string) (float64, int) {
	i, j, n := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case b[j] < a[i]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	u := len(a) + len(b) - n
	if u == 0 {
		return 0, 0
	}
	return float64(n) / float64(u), n
}

func countStrong(toks []string) int {
	n := 0
	for _, t := range toks {
		if strong(t) {
			n++
		}
	}
	return n
}
