package sink

import (
	"sort"
	"strings"

	"github.com/statharvest/statharvest/stages"
)

// Events are one row per canonical event of the run, listing the articles
// that report it in input order, with the details of the first report. A
// shard sees only its own articles, so it stages its events together with
// the input position of each reporting article, and Commit merges them.

// shardState is what a shard remembers for Commit beyond its rows.
type shardState struct {
	pos map[string]inputPos // article id -> input position, for articles reporting events
}

// inputPos orders articles as an unsharded walk does: by path, compared one
// path element at a time (the order of fs.WalkDir), then by position in the
// file. Inputs given as several roots are ordered by path alone.
type inputPos struct {
	Path string `json:"path"`
	Seq  int64  `json:"seq"`
}

func (p inputPos) less(q inputPos) bool {
	if p.Path != q.Path {
		return pathLess(p.Path, q.Path)
	}
	return p.Seq < q.Seq
}

func pathLess(a, b string) bool {
	for {
		ea, ra, moreA := strings.Cut(a, "/")
		eb, rb, moreB := strings.Cut(b, "/")
		if ea != eb {
			return ea < eb
		}
		if !moreA || !moreB {
			return !moreA && moreB
		}
		a, b = ra, rb
	}
}

// noteArticle records where an article reporting events was read, in shards.
func (s *Sink) noteArticle(a *stages.Article) {
	if s.cfg.Bucket == nil || s.cfg.Shard == "" || len(a.Events) == 0 {
		return
	}
	if s.shard == nil {
		s.shard = &shardState{pos: map[string]inputPos{}}
	}
	s.shard.pos[a.ID] = inputPos{Path: a.SourcePath, Seq: a.Seq}
}

// stagedEvent is one event as a shard saw it.
type stagedEvent struct {
	Event    stages.Event    `json:"event"`
	StoryID  string          `json:"story_id,omitempty"`
	Articles []stagedArticle `json:"articles"`
}

type stagedArticle struct {
	ID string `json:"id"`
	inputPos
}

func (s *Sink) stagedEvents() []stagedEvent {
	out := make([]stagedEvent, 0, len(s.eventOrder))
	for _, id := range s.eventOrder {
		r := s.events[id]
		se := stagedEvent{Event: r.event, StoryID: r.storyID}
		for _, aid := range r.articles {
			var pos inputPos
			if s.shard != nil {
				pos = s.shard.pos[aid]
			}
			se.Articles = append(se.Articles, stagedArticle{ID: aid, inputPos: pos})
		}
		out = append(out, se)
	}
	return out
}

// mergeEvents turns the shards' staged events into the run's: per event, the
// reports of all shards in input order, the details of the earliest.
func (s *Sink) mergeEvents(shards [][]stagedEvent) {
	type cand struct {
		ev           stagedEvent
		shard, index int
	}
	byID := map[string][]cand{}
	for k, evs := range shards {
		for i, ev := range evs {
			if len(ev.Articles) == 0 {
				continue
			}
			byID[ev.Event.EventID] = append(byID[ev.Event.EventID], cand{ev, k, i})
		}
	}
	first := func(c cand) inputPos { return c.ev.Articles[0].inputPos }
	before := func(a, b cand) bool {
		if first(a) != first(b) {
			return first(a).less(first(b))
		}
		if a.shard != b.shard {
			return a.shard < b.shard
		}
		return a.index < b.index
	}
	heads := make([]cand, 0, len(byID))
	for id, cs := range byID {
		sort.Slice(cs, func(i, j int) bool { return before(cs[i], cs[j]) })
		var arts []stagedArticle
		seen := map[string]bool{}
		for _, c := range cs {
			for _, a := range c.ev.Articles {
				if !seen[a.ID] {
					seen[a.ID] = true
					arts = append(arts, a)
				}
			}
		}
		sort.SliceStable(arts, func(i, j int) bool { return arts[i].less(arts[j].inputPos) })
		r := &eventRow{event: cs[0].ev.Event, storyID: cs[0].ev.StoryID}
		for _, a := range arts {
			r.articles = append(r.articles, a.ID)
		}
		s.events[id] = r
		heads = append(heads, cs[0])
	}
	sort.Slice(heads, func(i, j int) bool { return before(heads[i], heads[j]) })
	s.eventOrder = s.eventOrder[:0]
	for _, h := range heads {
		s.eventOrder = append(s.eventOrder, h.ev.Event.EventID)
	}
}
