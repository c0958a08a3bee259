// Package schemas holds the Arrow schema of every output table. It is the only
// definition of the columns: the sink builds records from these schemas,
// docs/TABLES.md is generated from them, and schemas/duckdb.sql reads them.
package schemas

import (
	"github.com/apache/arrow/go/v17/arrow"
)

// Table is one output table: its name (the dataset directory), its meaning and
// its schema.
type Table struct {
	Name   string
	Doc    string
	Schema *arrow.Schema
}

// col builds a field whose metadata carries the column's meaning, so that the
// generated documentation never drifts from the schema.
func col(name string, t arrow.DataType, nullable bool, doc string) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: nullable,
		Metadata: arrow.NewMetadata([]string{"description"}, []string{doc})}
}

var (
	str      = arrow.BinaryTypes.String
	i64      = arrow.PrimitiveTypes.Int64
	i32      = arrow.PrimitiveTypes.Int32
	f64      = arrow.PrimitiveTypes.Float64
	boolean  = arrow.FixedWidthTypes.Boolean
	date32   = arrow.FixedWidthTypes.Date32
	tsUTC    = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	strList  = arrow.ListOf(arrow.BinaryTypes.String)
	runIDCol = col("run_id", str, false, "the run that wrote the row")
)

// Articles is one row per distinct input article.
var Articles = Table{"articles", "one row per distinct input article", arrow.NewSchema([]arrow.Field{
	col("article_id", str, false, "sha256 of the article's raw bytes, lowercase hex"),
	col("seq", i64, false, "input order within the run"),
	col("source_path", str, false, "path of the input, relative to the input root it came from"),
	col("source_id", str, true, "the input's own id (the id field of a JSON Lines record)"),
	col("lang", str, true, "ISO 639-1 language of the body, null if unknown"),
	col("published_date", date32, true, "publication date as stated in the text (local date)"),
	col("published_at", tsUTC, true, "publication instant when the text states a time of day (Vietnam local time converted to UTC)"),
	col("source_url", str, true, "URL of the original report, from the text or the input record"),
	col("byline", str, true, "author or credit line as written"),
	col("title", str, true, "title where the page has one"),
	col("body", str, false, "cleaned body text (boilerplate removed) that all offsets point into"),
	col("body_bytes", i64, false, "length of body in bytes"),
	col("captions", arrow.ListOf(arrow.BinaryTypes.String), true, "photo captions and credits kept in body, as written"),
	col("boilerplate_lines", i32, false, "number of boilerplate lines removed from the page"),
	col("n_sentences", i32, false, "number of sentences in body"),
	col("n_statistics", i32, false, "number of rows in statistics for this article"),
	col("story_id", str, true, "the same for every language edition of one underlying report"),
	col("story_evidence", str, true, "what decided story_id: source_url, statistics, date_orgs or singleton"),
	col("story_score", f64, true, "similarity to the story's first edition, 0..1"),
	runIDCol,
	col("ingested_at", tsUTC, false, "when the run that wrote the row started"),
}, nil)}

// Statistics is one row per number mention in a body.
var Statistics = Table{"statistics", "one row per number mention in a body", arrow.NewSchema([]arrow.Field{
	col("article_id", str, false, "the article the mention is in"),
	col("stat_id", str, false, "stable id of the mention (article, offsets)"),
	col("seq", i32, false, "0-based order of the mention in the article"),
	col("raw", str, false, "the exact surface text, body[byte_start:byte_end]"),
	col("byte_start", i64, false, "start byte offset into articles.body"),
	col("byte_end", i64, false, "end byte offset (exclusive) into articles.body"),
	col("kind", str, false, "count, measure, percent, ratio, year, year_range, date, time, ordinal, duration or identifier"),
	col("value", f64, true, "normalized value (percent 57.5 for 57.5 %, ordinal 16 for 16th, duration in units, ratio as a fraction)"),
	col("numerator", f64, true, "numerator of a ratio"),
	col("denominator", f64, true, "denominator of a ratio"),
	col("range_start", f64, true, "first year of a year range"),
	col("range_end", f64, true, "last year of a year range"),
	col("date", date32, true, "resolved date of a date mention (first day when only month or year is stated)"),
	col("date_precision", str, true, "day, month, year or month_day (no year stated or resolvable; date is then null): how much of the date the text stated"),
	col("date_month", i32, true, "month (1-12) of a date mention whose text states one, also when the year is unknown"),
	col("date_day", i32, true, "day of the month of a date mention whose text states one, also when the year is unknown"),
	col("unit", str, true, "what is counted or measured, canonical English singular"),
	col("qualifier", str, true, "approx, over, under, almost or at_least where the text hedges the number"),
	col("words", boolean, false, "the number is written in words"),
	col("in_caption", boolean, false, "the mention is in a photo caption"),
	col("sentence", str, true, "the sentence the mention occurs in"),
	col("lang", str, true, "language of the article"),
	col("story_id", str, true, "story of the article"),
	runIDCol,
}, nil)}

// Organizations is the organization dimension: one row per org_id.
var Organizations = Table{"organizations", "one row per canonical organization (a dimension table; the same org_id in every run and language)", arrow.NewSchema([]arrow.Field{
	col("org_id", str, false, "stable id derived from the canonical key"),
	col("name_en", str, false, "canonical English name"),
	col("type", str, false, "party_committee, party_cell, ..., newspaper or other"),
	col("level", str, true, "central, province, city, district, commune, village, bloc or grassroots"),
	col("place", str, true, "canonical place name without diacritics"),
	col("place_rule", str, true, "how place was decided: text, article, source_url or dateline"),
	col("aliases", strList, false, "surface forms seen"),
	col("first_seen_run", str, false, "run that first wrote the organization"),
	runIDCol,
}, nil)}

// OrgMentions is one row per organization mention.
var OrgMentions = Table{"org_mentions", "one row per organization mention in a body", arrow.NewSchema([]arrow.Field{
	col("article_id", str, false, "the article the mention is in"),
	col("org_id", str, false, "the organization mentioned"),
	col("surface", str, false, "the mention as written, body[byte_start:byte_end]"),
	col("byte_start", i64, false, "start byte offset into articles.body"),
	col("byte_end", i64, false, "end byte offset (exclusive) into articles.body"),
	runIDCol,
}, nil)}

// Events is one row per canonical event of a run: the same conference
// reported by several articles or language editions is one event_id.
var Events = Table{"events", "one row per canonical event (per run; event_id is stable across runs, articles and editions)", arrow.NewSchema([]arrow.Field{
	col("event_id", str, false, "stable id from (type, date, organizer, ordinal): one id across articles and editions"),
	col("article_id", str, false, "the first article (in input order) that reports the event"),
	col("type", str, false, "conference, congress, meeting, review, ceremony, anniversary, inspection or other"),
	col("name_en", str, false, "short English description"),
	col("date", date32, true, "date of the event, resolved against the article's date"),
	col("date_month", i32, true, "month (1-12) of the event's date, also when its year is unknown"),
	col("date_day", i32, true, "day of the month of the event's date, also when its year is unknown"),
	col("ordinal", i32, true, "ordinal of the event (16 for the 16th conference)"),
	col("term_start", i32, true, "first year of the term the event belongs to"),
	col("term_end", i32, true, "last year of the term"),
	col("org_id", str, true, "organizer"),
	col("surface", str, true, "the phrase that names the event in the first article"),
	col("story_id", str, true, "story of the first article"),
	col("article_ids", strList, false, "every article of the run that reports the event, in input order"),
	col("n_articles", i32, false, "number of articles of the run that report the event"),
	runIDCol,
}, nil)}

// EventMentions is one row per (event, reporting article).
var EventMentions = Table{"event_mentions", "one row per article that reports an event", arrow.NewSchema([]arrow.Field{
	col("event_id", str, false, "the event"),
	col("article_id", str, false, "an article that reports it"),
	col("surface", str, true, "the phrase that names the event, body[byte_start:byte_end]"),
	col("byte_start", i64, false, "start byte offset into articles.body"),
	col("byte_end", i64, false, "end byte offset (exclusive) into articles.body"),
	col("story_id", str, true, "story of the article"),
	runIDCol,
}, nil)}

// KPIs is one row per measured statistic.
var KPIs = Table{"kpis", "one row per statistic that measures something", arrow.NewSchema([]arrow.Field{
	col("kpi_id", str, false, "stable id of the KPI"),
	col("article_id", str, false, "the article that reports it"),
	col("stat_id", str, false, "the statistic it is built on"),
	col("metric", str, false, "canonical English metric label"),
	col("metric_surface", str, true, "the phrase as written"),
	col("value", f64, false, "the measured value"),
	col("unit", str, true, "unit of value"),
	col("achievement_pct", f64, true, "stated share of the target or plan reached, in percent"),
	col("target", f64, true, "the target value when stated"),
	col("numerator", f64, true, "numerator when stated as a of b"),
	col("denominator", f64, true, "denominator when stated as a of b"),
	col("rate", f64, true, "numerator/denominator in percent, derived"),
	col("period_start", date32, true, "first day of the period measured"),
	col("period_end", date32, true, "last day of the period measured"),
	col("org_id", str, true, "the organization that reports it"),
	col("confidence", f64, false, "0..1, how sure the linking is"),
	col("story_id", str, true, "story of the article"),
	runIDCol,
}, nil)}

// Rejects is one row per input not turned into an article.
var Rejects = Table{"rejects", "inputs not turned into articles, and why", arrow.NewSchema([]arrow.Field{
	col("source_path", str, false, "path of the input, relative to its input root"),
	col("source_id", str, true, "the input's own id, when the record had one"),
	col("article_id", str, true, "sha256 of the raw bytes, when they could be read"),
	col("stage", str, false, "the stage that rejected it"),
	col("reason", str, false, "empty, binary, invalid_utf8, undecodable, unreadable, too_large, line_too_long, timeout, bad_record, no_body, panic"),
	col("detail", str, true, "human-readable detail, with a position where there is one"),
	runIDCol,
}, nil)}

// Runs is one row per run, written last: its presence with status committed
// marks the run's files as complete.
var Runs = Table{"runs", "one row per run; written last, it marks the run committed", arrow.NewSchema([]arrow.Field{
	runIDCol,
	col("started_at", tsUTC, false, "when the run started"),
	col("finished_at", tsUTC, false, "when the run committed"),
	col("status", str, false, "committed"),
	col("version", str, false, "program version and lexicon content hash"),
	col("shard", str, true, "K/N when the run was sharded"),
	col("inputs", arrow.ListOf(arrow.BinaryTypes.String), false, "the input roots"),
	col("files_seen", i64, false, "input files found"),
	col("files_skipped", i64, false, "unchanged input files skipped (incremental)"),
	col("bytes_read", i64, false, "input bytes read"),
	col("articles_in", i64, false, "articles read from the inputs"),
	col("articles_out", i64, false, "rows written to articles"),
	col("articles_known", i64, false, "articles skipped because an earlier run already wrote them"),
	col("statistics_out", i64, false, "rows written to statistics"),
	col("org_mentions_out", i64, false, "rows written to org_mentions"),
	col("events_out", i64, false, "rows written to events"),
	col("event_mentions_out", i64, false, "rows written to event_mentions"),
	col("kpis_out", i64, false, "rows written to kpis"),
	col("rejects_out", i64, false, "rows written to rejects"),
	col("stage_clean_seconds", f64, true, "CPU time of the clean stage, summed over workers"),
	col("stage_lang_seconds", f64, true, "CPU time of the lang stage, summed over workers"),
	col("stage_segment_seconds", f64, true, "CPU time of the segment stage, summed over workers"),
	col("stage_numbers_seconds", f64, true, "CPU time of the numbers stage, summed over workers"),
	col("stage_entities_seconds", f64, true, "CPU time of the entities stage, summed over workers"),
	col("stage_events_seconds", f64, true, "CPU time of the events stage, summed over workers"),
	col("stage_kpis_seconds", f64, true, "CPU time of the kpis stage, summed over workers"),
}, nil)}

// StageColumn names the runs column that holds a per-article stage's time.
func StageColumn(stage string) string { return "stage_" + stage + "_seconds" }

// All lists every table in the order the sink commits them; runs comes last.
var All = []Table{Articles, Statistics, Organizations, OrgMentions, Events, EventMentions, KPIs, Rejects, Runs}
