package sink

import (
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/statharvest/statharvest/schemas"
	"github.com/statharvest/statharvest/stages"
)

// columns holds every builder the sink appends to, looked up by name once.
type columns struct {
	articles struct {
		articleID, sourcePath, sourceID, lang, sourceURL, byline, title, body, storyID, storyEvidence, runID *array.StringBuilder
		seq, bodyBytes                                                                                       *array.Int64Builder
		published                                                                                            *array.Date32Builder
		publishedAt, ingestedAt                                                                              *array.TimestampBuilder
		captions                                                                                             *array.ListBuilder
		boilerplate, nSentences, nStats                                                                      *array.Int32Builder
		storyScore                                                                                           *array.Float64Builder
	}
	stats struct {
		articleID, statID, raw, kind, datePrecision, unit, qualifier, sentence, lang, storyID, runID *array.StringBuilder
		seq, dateMonth, dateDay                                                                      *array.Int32Builder
		byteStart, byteEnd                                                                           *array.Int64Builder
		value, numerator, denominator, rangeStart, rangeEnd                                          *array.Float64Builder
		date                                                                                         *array.Date32Builder
		words, inCaption                                                                             *array.BooleanBuilder
	}
	orgs struct {
		orgID, nameEn, typ, level, place, placeRule, firstSeen, runID *array.StringBuilder
		aliases                                                       *array.ListBuilder
	}
	mentions struct {
		articleID, orgID, surface, runID *array.StringBuilder
		byteStart, byteEnd               *array.Int64Builder
	}
	events struct {
		eventID, articleID, typ, nameEn, orgID, surface, storyID, runID *array.StringBuilder
		date                                                            *array.Date32Builder
		ordinal, termStart, termEnd, nArticles, dateMonth, dateDay      *array.Int32Builder
		articleIDs                                                      *array.ListBuilder
	}
	eventMentions struct {
		eventID, articleID, surface, storyID, runID *array.StringBuilder
		byteStart, byteEnd                          *array.Int64Builder
	}
	kpis struct {
		kpiID, articleID, statID, metric, metricSurface, unit, orgID, storyID, runID *array.StringBuilder
		value, achievement, target, numerator, denominator, rate, confidence         *array.Float64Builder
		periodStart, periodEnd                                                       *array.Date32Builder
	}
	rejects struct {
		sourcePath, sourceID, articleID, stage, reason, detail, runID *array.StringBuilder
	}
}

func resolveColumns(parts map[string]*part) columns {
	var c columns
	s := func(p *part, n string) *array.StringBuilder { return field[*array.StringBuilder](p, n) }
	f := func(p *part, n string) *array.Float64Builder { return field[*array.Float64Builder](p, n) }
	d := func(p *part, n string) *array.Date32Builder { return field[*array.Date32Builder](p, n) }
	i32 := func(p *part, n string) *array.Int32Builder { return field[*array.Int32Builder](p, n) }
	i64 := func(p *part, n string) *array.Int64Builder { return field[*array.Int64Builder](p, n) }

	p := parts[schemas.Articles.Name]
	a := &c.articles
	a.articleID, a.sourcePath, a.sourceID, a.lang = s(p, "article_id"), s(p, "source_path"), s(p, "source_id"), s(p, "lang")
	a.sourceURL, a.byline, a.title, a.body = s(p, "source_url"), s(p, "byline"), s(p, "title"), s(p, "body")
	a.storyID, a.storyEvidence, a.runID = s(p, "story_id"), s(p, "story_evidence"), s(p, "run_id")
	a.seq, a.bodyBytes = i64(p, "seq"), i64(p, "body_bytes")
	a.published = d(p, "published_date")
	a.publishedAt, a.ingestedAt = field[*array.TimestampBuilder](p, "published_at"), field[*array.TimestampBuilder](p, "ingested_at")
	a.captions = field[*array.ListBuilder](p, "captions")
	a.boilerplate, a.nSentences, a.nStats = i32(p, "boilerplate_lines"), i32(p, "n_sentences"), i32(p, "n_statistics")
	a.storyScore = f(p, "story_score")

	p = parts[schemas.Statistics.Name]
	st := &c.stats
	st.articleID, st.statID, st.raw, st.kind = s(p, "article_id"), s(p, "stat_id"), s(p, "raw"), s(p, "kind")
	st.datePrecision, st.unit, st.qualifier, st.sentence = s(p, "date_precision"), s(p, "unit"), s(p, "qualifier"), s(p, "sentence")
	st.lang, st.storyID, st.runID = s(p, "lang"), s(p, "story_id"), s(p, "run_id")
	st.seq, st.dateMonth, st.dateDay = i32(p, "seq"), i32(p, "date_month"), i32(p, "date_day")
	st.byteStart, st.byteEnd = i64(p, "byte_start"), i64(p, "byte_end")
	st.value, st.numerator, st.denominator = f(p, "value"), f(p, "numerator"), f(p, "denominator")
	st.rangeStart, st.rangeEnd = f(p, "range_start"), f(p, "range_end")
	st.date = d(p, "date")
	st.words, st.inCaption = field[*array.BooleanBuilder](p, "words"), field[*array.BooleanBuilder](p, "in_caption")

	c.resolveRunWide(parts[schemas.Organizations.Name], parts[schemas.Events.Name])

	p = parts[schemas.OrgMentions.Name]
	m := &c.mentions
	m.articleID, m.orgID, m.surface, m.runID = s(p, "article_id"), s(p, "org_id"), s(p, "surface"), s(p, "run_id")
	m.byteStart, m.byteEnd = i64(p, "byte_start"), i64(p, "byte_end")

	p = parts[schemas.EventMentions.Name]
	em := &c.eventMentions
	em.eventID, em.articleID, em.surface, em.storyID, em.runID = s(p, "event_id"), s(p, "article_id"), s(p, "surface"), s(p, "story_id"), s(p, "run_id")
	em.byteStart, em.byteEnd = i64(p, "byte_start"), i64(p, "byte_end")

	p = parts[schemas.KPIs.Name]
	k := &c.kpis
	k.kpiID, k.articleID, k.statID, k.metric = s(p, "kpi_id"), s(p, "article_id"), s(p, "stat_id"), s(p, "metric")
	k.metricSurface, k.unit, k.orgID, k.storyID, k.runID = s(p, "metric_surface"), s(p, "unit"), s(p, "org_id"), s(p, "story_id"), s(p, "run_id")
	k.value, k.achievement, k.target = f(p, "value"), f(p, "achievement_pct"), f(p, "target")
	k.numerator, k.denominator, k.rate, k.confidence = f(p, "numerator"), f(p, "denominator"), f(p, "rate"), f(p, "confidence")
	k.periodStart, k.periodEnd = d(p, "period_start"), d(p, "period_end")

	p = parts[schemas.Rejects.Name]
	r := &c.rejects
	r.sourcePath, r.sourceID, r.articleID, r.stage = s(p, "source_path"), s(p, "source_id"), s(p, "article_id"), s(p, "stage")
	r.reason, r.detail, r.runID = s(p, "reason"), s(p, "detail"), s(p, "run_id")
	return c
}

// resolveRunWide resolves the builders of the run-wide tables, which Commit
// also writes without the other parts of a run.
func (c *columns) resolveRunWide(orgs, events *part) {
	s := func(p *part, n string) *array.StringBuilder { return field[*array.StringBuilder](p, n) }
	i32 := func(p *part, n string) *array.Int32Builder { return field[*array.Int32Builder](p, n) }
	o := &c.orgs
	o.orgID, o.nameEn, o.typ, o.level = s(orgs, "org_id"), s(orgs, "name_en"), s(orgs, "type"), s(orgs, "level")
	o.place, o.placeRule, o.firstSeen, o.runID = s(orgs, "place"), s(orgs, "place_rule"), s(orgs, "first_seen_run"), s(orgs, "run_id")
	o.aliases = field[*array.ListBuilder](orgs, "aliases")
	e := &c.events
	e.eventID, e.articleID, e.typ, e.nameEn = s(events, "event_id"), s(events, "article_id"), s(events, "type"), s(events, "name_en")
	e.orgID, e.surface, e.storyID, e.runID = s(events, "org_id"), s(events, "surface"), s(events, "story_id"), s(events, "run_id")
	e.date, e.dateMonth, e.dateDay = field[*array.Date32Builder](events, "date"), i32(events, "date_month"), i32(events, "date_day")
	e.ordinal, e.termStart, e.termEnd = i32(events, "ordinal"), i32(events, "term_start"), i32(events, "term_end")
	e.nArticles, e.articleIDs = i32(events, "n_articles"), field[*array.ListBuilder](events, "article_ids")
}

func appendDate(b *array.Date32Builder, d stages.Date) {
	if d.IsZero() {
		b.AppendNull()
		return
	}
	b.Append(arrow.Date32FromTime(d.Time()))
}

// appendMonthDay appends the month and day the text stated, which survive a
// missing year.
func appendMonthDay(month, day *array.Int32Builder, d stages.Date) {
	if d.Month == 0 {
		month.AppendNull()
	} else {
		month.Append(int32(d.Month))
	}
	if d.Month == 0 || d.Day == 0 {
		day.AppendNull()
	} else {
		day.Append(int32(d.Day))
	}
}

func appendTime(b *array.TimestampBuilder, t time.Time) {
	if t.IsZero() {
		b.AppendNull()
		return
	}
	b.Append(arrow.Timestamp(t.UTC().UnixMicro()))
}

func (s *Sink) addArticle(a *stages.Article) error {
	c := &s.cols.articles
	appendStr(c.articleID, a.ID)
	c.seq.Append(a.Seq)
	appendStr(c.sourcePath, a.SourcePath)
	appendOptStr(c.sourceID, a.SourceID)
	appendOptStr(c.lang, a.Lang)
	appendDate(c.published, a.Published)
	appendTime(c.publishedAt, a.PublishedAt)
	appendOptStr(c.sourceURL, a.SourceURL)
	appendOptStr(c.byline, a.Byline)
	appendOptStr(c.title, a.Title)
	appendStr(c.body, a.Body)
	c.bodyBytes.Append(int64(len(a.Body)))
	c.captions.Append(true)
	vb := c.captions.ValueBuilder().(*array.StringBuilder)
	for _, sp := range a.Captions {
		vb.Append(a.Body[sp.Start:sp.End])
	}
	c.boilerplate.Append(int32(a.BoilerplateCut))
	c.nSentences.Append(int32(len(a.Sentences)))
	c.nStats.Append(int32(len(a.Stats)))
	appendOptStr(c.storyID, a.StoryID)
	appendOptStr(c.storyEvidence, a.StoryEvidence)
	if a.StoryID == "" {
		c.storyScore.AppendNull()
	} else {
		c.storyScore.Append(a.StoryScore)
	}
	appendStr(c.runID, s.cfg.RunID)
	appendTime(c.ingestedAt, s.cfg.StartedAt)
	s.counts.Articles++
	return s.parts[schemas.Articles.Name].rowDone(len(a.Body) + 256)
}

func (s *Sink) addStatistic(a *stages.Article, st *stages.Statistic) error {
	c := &s.cols.stats
	appendStr(c.articleID, a.ID)
	appendStr(c.statID, st.StatID)
	c.seq.Append(int32(st.Seq))
	appendStr(c.raw, st.Raw)
	c.byteStart.Append(int64(st.ByteStart))
	c.byteEnd.Append(int64(st.ByteEnd))
	appendStr(c.kind, st.Kind.String())
	appendOptF64(c.value, st.Value)
	appendOptF64(c.numerator, st.Numerator)
	appendOptF64(c.denominator, st.Denominator)
	appendOptF64(c.rangeStart, st.RangeStart)
	appendOptF64(c.rangeEnd, st.RangeEnd)
	appendDate(c.date, st.Date)
	appendOptStr(c.datePrecision, st.Date.Precision())
	appendMonthDay(c.dateMonth, c.dateDay, st.Date)
	appendOptStr(c.unit, st.Unit)
	appendOptStr(c.qualifier, st.Qualifier.String())
	c.words.Append(st.Words)
	c.inCaption.Append(st.InCaption)
	sentence := ""
	if st.Sentence >= 0 && st.Sentence < len(a.Sentences) {
		sp := a.Sentences[st.Sentence]
		sentence = a.Body[sp.Start:sp.End]
	}
	appendOptStr(c.sentence, sentence)
	appendOptStr(c.lang, a.Lang)
	appendOptStr(c.storyID, a.StoryID)
	appendStr(c.runID, s.cfg.RunID)
	s.counts.Statistics++
	return s.parts[schemas.Statistics.Name].rowDone(len(sentence) + 128)
}

func (s *Sink) addOrgMention(a *stages.Article, m *stages.OrgMention) error {
	s.noteOrg(m)
	c := &s.cols.mentions
	appendStr(c.articleID, a.ID)
	appendStr(c.orgID, m.Org.OrgID)
	appendStr(c.surface, m.Surface)
	c.byteStart.Append(int64(m.ByteStart))
	c.byteEnd.Append(int64(m.ByteEnd))
	appendStr(c.runID, s.cfg.RunID)
	s.counts.OrgMentions++
	return s.parts[schemas.OrgMentions.Name].rowDone(len(m.Surface) + 96)
}

// addEvent writes the mention now and folds the event into the run's
// canonical events, written at commit in order of first report.
func (s *Sink) addEvent(a *stages.Article, e *stages.Event) error {
	c := &s.cols.eventMentions
	appendStr(c.eventID, e.EventID)
	appendStr(c.articleID, a.ID)
	appendOptStr(c.surface, e.Surface)
	c.byteStart.Append(int64(e.ByteStart))
	c.byteEnd.Append(int64(e.ByteEnd))
	appendOptStr(c.storyID, a.StoryID)
	appendStr(c.runID, s.cfg.RunID)
	s.counts.EventMentions++
	if ev, ok := s.events[e.EventID]; ok {
		if ev.articles[len(ev.articles)-1] != a.ID {
			ev.articles = append(ev.articles, a.ID)
		}
	} else {
		ev := *e
		// Slices of the body: cloned, so the run's events do not keep bodies.
		ev.EventID, ev.Type, ev.NameEn, ev.OrgID, ev.Surface = strings.Clone(e.EventID), strings.Clone(e.Type), strings.Clone(e.NameEn), strings.Clone(e.OrgID), strings.Clone(e.Surface)
		s.events[e.EventID] = &eventRow{event: ev, storyID: a.StoryID, articles: []string{a.ID}}
		s.eventOrder = append(s.eventOrder, e.EventID)
	}
	return s.parts[schemas.EventMentions.Name].rowDone(len(e.Surface) + 96)
}

func (s *Sink) writeEvents() error {
	c := &s.cols.events
	for _, id := range s.eventOrder {
		r := s.events[id]
		e := &r.event
		appendStr(c.eventID, e.EventID)
		appendStr(c.articleID, r.articles[0])
		appendStr(c.typ, e.Type)
		appendStr(c.nameEn, e.NameEn)
		appendDate(c.date, e.Date)
		appendMonthDay(c.dateMonth, c.dateDay, e.Date)
		appendOptI32(c.ordinal, e.Ordinal)
		appendOptI32(c.termStart, e.TermStart)
		appendOptI32(c.termEnd, e.TermEnd)
		appendOptStr(c.orgID, e.OrgID)
		appendOptStr(c.surface, e.Surface)
		appendOptStr(c.storyID, r.storyID)
		c.articleIDs.Append(true)
		vb := c.articleIDs.ValueBuilder().(*array.StringBuilder)
		for _, aid := range r.articles {
			vb.Append(aid)
		}
		c.nArticles.Append(int32(len(r.articles)))
		appendStr(c.runID, s.cfg.RunID)
		s.counts.Events++
		if err := s.parts[schemas.Events.Name].rowDone(len(e.NameEn) + 64*len(r.articles)); err != nil {
			return err
		}
	}
	return nil
}

func (s *Sink) addKPI(a *stages.Article, k *stages.KPI) error {
	c := &s.cols.kpis
	appendStr(c.kpiID, k.KPIID)
	appendStr(c.articleID, a.ID)
	appendStr(c.statID, k.StatID)
	appendStr(c.metric, k.Metric)
	appendOptStr(c.metricSurface, k.MetricSurface)
	c.value.Append(k.Value)
	appendOptStr(c.unit, k.Unit)
	appendOptF64(c.achievement, k.AchievementPct)
	appendOptF64(c.target, k.Target)
	appendOptF64(c.numerator, k.Numerator)
	appendOptF64(c.denominator, k.Denominator)
	if k.Numerator != nil && k.Denominator != nil && *k.Denominator != 0 {
		c.rate.Append(*k.Numerator / *k.Denominator * 100)
	} else {
		c.rate.AppendNull()
	}
	appendDate(c.periodStart, k.PeriodStart)
	appendDate(c.periodEnd, k.PeriodEnd)
	appendOptStr(c.orgID, k.OrgID)
	c.confidence.Append(k.Confidence)
	appendOptStr(c.storyID, a.StoryID)
	appendStr(c.runID, s.cfg.RunID)
	s.counts.KPIs++
	return s.parts[schemas.KPIs.Name].rowDone(len(k.Metric) + len(k.MetricSurface) + 128)
}

func (s *Sink) addReject(a *stages.Article) error {
	c := &s.cols.rejects
	appendStr(c.sourcePath, a.SourcePath)
	appendOptStr(c.sourceID, a.SourceID)
	appendOptStr(c.articleID, a.ID)
	appendStr(c.stage, a.Reject.Stage)
	appendStr(c.reason, string(a.Reject.Reason))
	appendOptStr(c.detail, a.Reject.Detail)
	appendStr(c.runID, s.cfg.RunID)
	s.counts.Rejects++
	return s.parts[schemas.Rejects.Name].rowDone(len(a.Reject.Detail) + 128)
}
