// Package story gives every article a story key: the language editions of one
// underlying report share a story_id, so analysts can count the report once.
//
// It is a whole-run stage: the pipeline opens an Index on the output's state
// directory, calls Add for every article in input order on one goroutine, and
// calls Save just before the run commits. The index persists compact
// fingerprints of the stories it has seen, so an edition crawled tomorrow joins
// today's story.
//
// Evidence, strongest first:
//
//   - source_url: the same URL of the original (the "Source:" line);
//   - statistics: a high weighted overlap of the normalized values the article
//     states (years, identifiers and times left out), rare values weighing
//     more than common ones;
//   - date_orgs: the same publication day and the same organizations, when an
//     article has too few statistics to compare.
//
// Language plays no part: the evidence is URLs, numbers, dates and OrgIDs,
// which earlier stages have made language-independent.
package story

import (
	"context"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/statharvest/statharvest/stages"
)

// Options tune the grouping. The zero value of a field means its default.
type Options struct {
	// MinScore is the weighted overlap (0..1) statistics must reach.
	MinScore float64
	// MinSharedMass is how much shared value evidence statistics need: a value
	// of three or more significant digits counts 1, of two 0.6, of one 0.25.
	MinSharedMass float64
	// MinOrgs and MinOrgJaccard gate date_orgs evidence.
	MinOrgs       int
	MinOrgJaccard float64
	// MaxDays: articles published further apart than this are never grouped
	// by statistics or organizations.
	MaxDays int
	// RetentionDays: Save drops stories whose newest edition is older than the
	// newest edition in the index by more than this.
	RetentionDays int
	// MaxStories caps the index; Save drops the oldest stories beyond it.
	MaxStories int
	// MaxTokens caps the values kept per story (the rarest-looking are kept).
	MaxTokens int
	// MaxURLs caps the source URLs kept per story.
	MaxURLs int
	// MaxPosting: a value carried by more stories than this is too common to
	// look candidates up by.
	MaxPosting int
	// Now bounds the retention clock: a publication date after Now (a
	// misread year) must not age the whole index out. Nil means time.Now.
	Now func() time.Time
}

// DefaultOptions are the settings Open uses.
func DefaultOptions() Options {
	return Options{
		MinScore:      0.5,
		MinSharedMass: 2.5,
		MinOrgs:       2,
		MinOrgJaccard: 0.75,
		MaxDays:       60,
		RetentionDays: 400,
		MaxStories:    500_000,
		MaxTokens:     48,
		MaxURLs:       8,
		MaxPosting:    256,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.MinScore == 0 {
		o.MinScore = d.MinScore
	}
	if o.MinSharedMass == 0 {
		o.MinSharedMass = d.MinSharedMass
	}
	if o.MinOrgs == 0 {
		o.MinOrgs = d.MinOrgs
	}
	if o.MinOrgJaccard == 0 {
		o.MinOrgJaccard = d.MinOrgJaccard
	}
	if o.MaxDays == 0 {
		o.MaxDays = d.MaxDays
	}
	if o.RetentionDays == 0 {
		o.RetentionDays = d.RetentionDays
	}
	if o.MaxStories == 0 {
		o.MaxStories = d.MaxStories
	}
	if o.MaxTokens == 0 {
		o.MaxTokens = d.MaxTokens
	}
	if o.MaxURLs == 0 {
		o.MaxURLs = d.MaxURLs
	}
	if o.MaxPosting == 0 {
		o.MaxPosting = d.MaxPosting
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// storyRec is one story as the index keeps it. Its values, organizations and
// day are those of the first edition that had them: comparing with one
// edition rather than the union keeps extra sentences from piling up.
type storyRec struct {
	id      string
	urls    []string
	tokens  []string
	orgs    []string
	day     int // first edition's day, 0 unknown
	last    int // newest edition's day, 0 unknown
	members []member
}

// member is one article of a story, kept so that a rerun over the same input
// gives every article the answer it got the first time.
type member struct {
	article  uint64 // first 16 hex digits of the article id
	evidence string
	score    float64
}

// PairScore compares two processed articles as the index would, with prior
// value weights only (no history): the evidence that would group them and
// its score, or "" and the statistics score when they are different stories.
func PairScore(a, b *stages.Article) (evidence string, score float64) {
	o := DefaultOptions()
	fa, fb := fingerprintOf(a), fingerprintOf(b)
	s := &storyRec{tokens: fb.tokens, orgs: fb.orgs, day: fb.day}
	if fb.url != "" {
		s.urls = []string{fb.url}
	}
	if fa.url != "" && slices.Contains(s.urls, fa.url) {
		return EvidenceSourceURL, 1
	}
	ev, sc := o.decide(fa, s, priorOnly)
	if ev == "" {
		sc, _, _ = overlap(fa.tokens, fb.tokens, priorOnly)
	}
	return ev, sc
}

// decide compares an article with a story on everything but the URL index:
// statistics first, then date and organizations. It returns "" when they are
// not the same story.
func (o *Options) decide(a fingerprint, s *storyRec, w weights) (string, float64) {
	if a.url != "" && len(s.urls) > 0 && !slices.Contains(s.urls, a.url) {
		// Both name their original and the originals differ.
		return "", 0
	}
	if a.day != 0 && s.day != 0 && abs(a.day-s.day) > o.MaxDays {
		return "", 0
	}
	score, mass, sharedStrong := overlap(a.tokens, s.tokens, w)
	if mass >= o.MinSharedMass && score >= o.MinScore {
		return EvidenceStatistics, clamp01(score)
	}
	if a.day == 0 || a.day != s.day {
		return "", 0
	}
	jac, n := jaccard(a.orgs, s.orgs)
	if n < o.MinOrgs || jac < o.MinOrgJaccard {
		return "", 0
	}
	// Organizations and a day only decide when the statistics cannot: if both
	// sides state enough values, the statistics above already said no; if
	// either states a few, most of those few must agree.
	sa, ss := countStrong(a.tokens), countStrong(s.tokens)
	if fewer := min(sa, ss); fewer > 0 && (fewer >= 3 || 2*sharedStrong < fewer) {
		return "", 0
	}
	return EvidenceDateOrgs, clamp01(jac)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func clamp01(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return 0
	case x > 1:
		return 1
	}
	// Scores land in a Parquet column and in tests: round away float noise.
	return math.Round(x*1e6) / 1e6
}

// Add gives a its story: a.StoryID, a.StoryEvidence and a.StoryScore.
// Rejected articles are left alone. Add is not safe for concurrent use; the
// pipeline calls it on one goroutine in input order, which makes the ids
// deterministic.
func (x *Index) Add(ctx context.Context, a *stages.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a.Reject != nil {
		return nil
	}
	key := memberKey(a.ID)
	if ref, ok := x.members[key]; ok {
		s := x.stories[ref.story]
		m := s.members[ref.pos]
		a.StoryID, a.StoryEvidence, a.StoryScore = s.id, m.evidence, m.score
		return nil
	}
	fp := fingerprintOf(a)
	// Compare like with like: the story keeps at most MaxTokens values, kept
	// by the same rule.
	fp.tokens = capTokens(fp.tokens, x.opts.MaxTokens)
	si, ev, score := x.find(fp)
	if si < 0 {
		si = x.newStory(a, fp)
		ev, score = EvidenceSingleton, 1
	} else {
		x.join(si, fp)
	}
	s := x.stories[si]
	x.members[key] = memberRef{story: int32(si), pos: int32(len(s.members))}
	s.members = append(s.members, member{article: key, evidence: ev, score: score})
	a.StoryID, a.StoryEvidence, a.StoryScore = s.id, ev, score
	return nil
}

// memberKey is the first 64 bits of an article id (sha256 hex); 64 bits keep
// collisions out of reach for any realistic history at a quarter of the size.
func memberKey(articleID string) uint64 {
	if k, err := strconv.ParseUint(prefix16(articleID), 16, 64); err == nil && len(articleID) >= 16 {
		return k
	}
	k, _ := strconv.ParseUint(stages.HashID(articleID)[:16], 16, 64)
	return k
}

func prefix16(s string) string {
	if len(s) > 16 {
		return s[:16]
	}
	return s
}

// find returns the story fp belongs to, or -1.
func (x *Index) find(fp fingerprint) (int, string, float64) {
	if fp.url != "" {
		if si, ok := x.byURL[fp.url]; ok {
			return si, EvidenceSourceURL, 1
		}
	}
	best, bestEv, bestScore := -1, "", 0.0
	consider := func(si int) {
		ev, sc := x.opts.decide(fp, x.stories[si], x.weight)
		if ev == "" {
			return
		}
		// Statistics outrank date_orgs whatever the scores; then the higher
		// score, then the older story, so the choice is deterministic.
		better := best < 0 ||
			(ev == EvidenceStatistics && bestEv != EvidenceStatistics) ||
			(ev == bestEv && (sc > bestScore || (sc == bestScore && si < best)))
		if better {
			best, bestEv, bestScore = si, ev, sc
		}
	}
	for _, si := range x.statCandidates(fp) {
		consider(si)
	}
	if best < 0 && fp.day != 0 && len(fp.orgs) >= x.opts.MinOrgs {
		for _, si := range x.byDay[fp.day] {
			consider(si)
		}
	}
	return best, bestEv, bestScore
}

// statCandidates are the stories sharing enough strong values with fp to
// possibly pass, in index order. The shared mass is counted in a scratch
// slice indexed by story: posting lists of common values are long, and a map
// per article would dominate the run.
func (x *Index) statCandidates(fp fingerprint) []int {
	var weak float64
	for _, t := range fp.tokens {
		if !strong(t) {
			weak += priorWeight(t)
		}
	}
	if n := len(x.stories); len(x.scratch) < n {
		x.scratch = append(x.scratch, make([]float64, n-len(x.scratch))...)
	}
	touched := x.touched[:0]
	for _, t := range fp.tokens {
		if !strong(t) {
			continue
		}
		post := x.byToken[t]
		if len(post) > x.opts.MaxPosting {
			continue
		}
		w := priorWeight(t)
		for _, si := range post {
			if x.scratch[si] == 0 {
				touched = append(touched, si)
			}
			x.scratch[si] += w
		}
	}
	// Weak shared values still count toward the mass; allow for them.
	need := x.opts.MinSharedMass - weak - 1e-9
	var out []int
	for _, si := range touched {
		if x.scratch[si] >= need {
			out = append(out, int(si))
		}
		x.scratch[si] = 0
	}
	x.touched = touched[:0]
	slices.Sort(out)
	return out
}

// weight is a token's prior weight, lowered as more stories carry it.
func (x *Index) weight(tok string) float64 {
	df := float64(len(x.byToken[tok]))
	return priorWeight(tok) / math.Sqrt(1+df/4)
}

func (x *Index) newStory(a *stages.Article, fp fingerprint) int {
	id := ""
	if fp.url != "" {
		id = stages.HashID("story", fp.url)
	} else {
		id = stages.HashID("story", a.ID)
	}
	if si, ok := x.byID[id]; ok {
		// Only reachable when the story's URL list was full: same original.
		return si
	}
	s := &storyRec{id: id}
	si := len(x.stories)
	x.stories = append(x.stories, s)
	x.byID[id] = si
	x.join(si, fp)
	return si
}

// join records fp's evidence on story si where the story lacks it.
func (x *Index) join(si int, fp fingerprint) {
	s := x.stories[si]
	if fp.url != "" && len(s.urls) < x.opts.MaxURLs && !slices.Contains(s.urls, fp.url) {
		s.urls = append(s.urls, fp.url)
		x.byURL[fp.url] = si
	}
	if countStrong(s.tokens) < 3 && countStrong(fp.tokens) > countStrong(s.tokens) {
		x.unindexTokens(si)
		s.tokens = capTokens(fp.tokens, x.opts.MaxTokens)
		x.indexTokens(si)
	}
	if len(s.orgs) == 0 && len(fp.orgs) > 0 {
		s.orgs = fp.orgs
		if len(s.orgs) > 32 {
			s.orgs = s.orgs[:32]
		}
	}
	if s.day == 0 && fp.day != 0 {
		s.day = fp.day
		x.byDay[s.day] = append(x.byDay[s.day], si)
	}
	s.last = max(s.last, fp.day)
	if fp.day <= x.today {
		x.newest = max(x.newest, fp.day)
	}
}

func (x *Index) indexTokens(si int) {
	for _, t := range x.stories[si].tokens {
		if strong(t) {
			x.byToken[t] = append(x.byToken[t], int32(si))
		}
	}
}

func (x *Index) unindexTokens(si int) {
	for _, t := range x.stories[si].tokens {
		if !strong(t) {
			continue
		}
		post := x.byToken[t]
		if i := slices.Index(post, int32(si)); i >= 0 {
			post = slices.Delete(post, i, i+1)
		}
		if len(post) == 0 {
			delete(x.byToken, t)
		} else {
			x.byToken[t] = post
		}
	}
}

// capTokens keeps at most n tokens, preferring the rarest-looking values,
// and returns them sorted.
func capTokens(toks []string, n int) []string {
	if len(toks) <= n {
		return slices.Clone(toks)
	}
	c := slices.Clone(toks)
	slices.SortStableFunc(c, func(a, b string) int {
		wa, wb := priorWeight(a), priorWeight(b)
		switch {
		case wa > wb:
			return -1
		case wa < wb:
			return 1
		}
		return 0
	})
	c = c[:n]
	slices.Sort(c)
	return c
}
