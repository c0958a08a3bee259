-- DuckDB views over the statharvest output dataset.
--
-- This file is the single source of the views: `statharvest load` embeds it,
-- replaces every {{OUTPUT}} with the absolute path of the output root (single
-- quotes doubled, so any path is a valid SQL string) and runs the statements in
-- order. To use it by hand, substitute the path yourself, e.g.
--   sed "s|{{OUTPUT}}|$PWD/out|g" schemas/duckdb.sql | duckdb my.duckdb
--
-- Conventions the loader and docs/TABLES.md rely on:
--   * statements end with ";" at the end of a line;
--   * the "--" comment lines right above a CREATE statement document it;
--   * the views named like the output tables (schemas.All) are the base
--     views; `load --materialize` turns them into tables and keeps the others
--     as views (over the tables, except articles_all, which reads Parquet).
--
-- A part file belongs to the run named by its file name,
-- part-<run_id>[-<shard>].parquet, and is visible only when the runs table
-- holds a committed row for that run: a run that crashed, or a file copied
-- under another name, never shows. Every run writes every table (possibly
-- with 0 rows), so the globs always match once a run has committed.
--
-- An article processed again by a later run (statharvest run --full) shows
-- once: articles, statistics, org_mentions, events, event_mentions and kpis
-- keep the rows of the latest committed run that wrote the article.

-- Committed runs, one row per run_id; a runs row counts only in the part file
-- named for its own run.
CREATE OR REPLACE VIEW runs AS
SELECT * EXCLUDE (filename)
FROM read_parquet('{{OUTPUT}}/runs/*/part-*.parquet', hive_partitioning = true, union_by_name = true, filename = true)
WHERE status = 'committed'
  AND run_id = regexp_extract(filename, 'part-([^-/\\]+)[^/\\]*\.parquet$', 1)
QUALIFY row_number() OVER (PARTITION BY run_id ORDER BY finished_at DESC) = 1;

-- Every committed article row, including the copies that older runs wrote of
-- an article a later run processed again (statharvest run --full).
CREATE OR REPLACE VIEW articles_all AS
SELECT * EXCLUDE (filename)
FROM read_parquet('{{OUTPUT}}/articles/*/part-*.parquet', hive_partitioning = true, union_by_name = true, filename = true)
WHERE regexp_extract(filename, 'part-([^-/\\]+)[^/\\]*\.parquet$', 1) IN (SELECT run_id FROM runs);

-- One row per distinct input article: the latest committed run that processed
-- it (run ids sort by start time). The article-keyed tables below keep only
-- the rows of that run, so a reprocessed article is never counted twice.
CREATE OR REPLACE VIEW articles AS
SELECT *
FROM articles_all
QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY run_id DESC) = 1;

-- One row per number mention in a body, from the run that the articles view keeps for the article.
CREATE OR REPLACE VIEW statistics AS
SELECT t.* EXCLUDE (filename)
FROM read_parquet('{{OUTPUT}}/statistics/*/part-*.parquet', hive_partitioning = true, union_by_name = true, filename = true) t
WHERE regexp_extract(t.filename, 'part-([^-/\\]+)[^/\\]*\.parquet$', 1) IN (SELECT run_id FROM runs)
  AND EXISTS (SELECT 1 FROM articles a WHERE a.article_id = t.article_id AND a.run_id = t.run_id);

-- One row per org_id across all committed runs: aliases are unioned, the
-- other attributes come from the latest run that wrote the organization,
-- first_seen_run is the earliest.
CREATE OR REPLACE VIEW organizations AS
WITH o AS (
    SELECT p.* EXCLUDE (filename), r.started_at AS run_started_at
    FROM read_parquet('{{OUTPUT}}/organizations/*/part-*.parquet', hive_partitioning = true, union_by_name = true, filename = true) p
    JOIN runs r ON r.run_id = regexp_extract(p.filename, 'part-([^-/\\]+)[^/\\]*\.parquet$', 1)
)
SELECT org_id,
       arg_max(name_en, run_started_at) AS name_en,
       arg_max("type", run_started_at) AS "type",
       arg_max("level", run_started_at) AS "level",
       arg_max(place, run_started_at) AS place,
       arg_max(place_rule, run_started_at) AS place_rule,
       list_sort(list_distinct(flatten(list(aliases)))) AS aliases,
       min(first_seen_run) AS first_seen_run,
       arg_max(run_id, run_started_at) AS run_id,
       max(ingest_date) AS ingest_date
FROM o
GROUP BY org_id;

-- One row per organization mention in a body, from the run that the articles view keeps for the article.
CREATE OR REPLACE VIEW org_mentions AS
SELECT t.* EXCLUDE (filename)
FROM read_parquet('{{OUTPUT}}/org_mentions/*/part-*.parquet', hive_partitioning = true, union_by_name = true, filename = true) t
WHERE regexp_extract(t.filename, 'part-([^-/\\]+)[^/\\]*\.parquet$', 1) IN (SELECT run_id FROM runs)
  AND EXISTS (SELECT 1 FROM articles a WHERE a.article_id = t.article_id AND a.run_id = t.run_id);

-- One row per canonical event of a run (event_id is stable across runs), from
-- the run that the articles view keeps for the event's first article; an
-- event reported again by a later run's new articles has a row for each run,
-- and events_canonical merges them.
CREATE OR REPLACE VIEW events AS
SELECT t.* EXCLUDE (filename)
FROM read_parquet('{{OUTPUT}}/events/*/part-*.parquet', hive_partitioning = true, union_by_name = true, filename = true) t
WHERE regexp_extract(t.filename, 'part-([^-/\\]+)[^/\\]*\.parquet$', 1) IN (SELECT run_id FROM runs)
  AND EXISTS (SELECT 1 FROM articles a WHERE a.article_id = t.article_id AND a.run_id = t.run_id);

-- One row per (event, reporting article), from the run that the articles view
-- keeps for the article.
CREATE OR REPLACE VIEW event_mentions AS
SELECT t.* EXCLUDE (filename)
FROM read_parquet('{{OUTPUT}}/event_mentions/*/part-*.parquet', hive_partitioning = true, union_by_name = true, filename = true) t
WHERE regexp_extract(t.filename, 'part-([^-/\\]+)[^/\\]*\.parquet$', 1) IN (SELECT run_id FROM runs)
  AND EXISTS (SELECT 1 FROM articles a WHERE a.article_id = t.article_id AND a.run_id = t.run_id);

-- One row per statistic that measures something, from the run that the articles view keeps for the article.
CREATE OR REPLACE VIEW kpis AS
SELECT t.* EXCLUDE (filename)
FROM read_parquet('{{OUTPUT}}/kpis/*/part-*.parquet', hive_partitioning = true, union_by_name = true, filename = true) t
WHERE regexp_extract(t.filename, 'part-([^-/\\]+)[^/\\]*\.parquet$', 1) IN (SELECT run_id FROM runs)
  AND EXISTS (SELECT 1 FROM articles a WHERE a.article_id = t.article_id AND a.run_id = t.run_id);

-- Inputs not turned into articles, and why, from committed runs.
CREATE OR REPLACE VIEW rejects AS
SELECT * EXCLUDE (filename)
FROM read_parquet('{{OUTPUT}}/rejects/*/part-*.parquet', hive_partitioning = true, union_by_name = true, filename = true)
WHERE regexp_extract(filename, 'part-([^-/\\]+)[^/\\]*\.parquet$', 1) IN (SELECT run_id FROM runs);

-- One row per KPI with its organization (name, type, level, place), the
-- article's language, date and URL, and month: the first day of the month
-- measured (period_end, else period_start, else the article's date).
CREATE OR REPLACE VIEW kpis_enriched AS
SELECT k.kpi_id,
       k.metric,
       k.metric_surface,
       k.value,
       k.unit,
       k.achievement_pct,
       k.target,
       k.numerator,
       k.denominator,
       k.rate,
       k.period_start,
       k.period_end,
       CAST(date_trunc('month', coalesce(k.period_end, k.period_start, a.published_date)) AS DATE) AS month,
       k.confidence,
       k.org_id,
       o.name_en AS org_name,
       o."type" AS org_type,
       o."level" AS org_level,
       o.place,
       k.article_id,
       a.lang,
       a.published_date,
       a.source_url,
       a.title,
       k.stat_id,
       s.raw AS stat_raw,
       s.sentence,
       coalesce(k.story_id, a.story_id) AS story_id,
       k.run_id
FROM kpis k
LEFT JOIN articles a ON a.article_id = k.article_id AND a.run_id = k.run_id
LEFT JOIN statistics s ON s.article_id = k.article_id AND s.stat_id = k.stat_id AND s.run_id = k.run_id
LEFT JOIN organizations o ON o.org_id = k.org_id;

-- One row per (published day, language): articles, statistics and the
-- statistics of each kind; day is null when the article states no date.
CREATE OR REPLACE VIEW statistics_daily AS
SELECT a.published_date AS day,
       a.lang,
       count(DISTINCT a.article_id) AS articles,
       count(s.stat_id) AS "statistics",
       count(s.stat_id) FILTER (WHERE s.words) AS in_words,
       count(s.stat_id) FILTER (WHERE s.kind = 'count') AS "count",
       count(s.stat_id) FILTER (WHERE s.kind = 'measure') AS measure,
       count(s.stat_id) FILTER (WHERE s.kind = 'percent') AS "percent",
       count(s.stat_id) FILTER (WHERE s.kind = 'ratio') AS ratio,
       count(s.stat_id) FILTER (WHERE s.kind IN ('year', 'year_range')) AS "year",
       count(s.stat_id) FILTER (WHERE s.kind IN ('date', 'time')) AS "date",
       count(s.stat_id) FILTER (WHERE s.kind = 'ordinal') AS ordinal,
       count(s.stat_id) FILTER (WHERE s.kind = 'duration') AS duration,
       count(s.stat_id) FILTER (WHERE s.kind = 'identifier') AS identifier
FROM articles a
LEFT JOIN statistics s ON s.article_id = a.article_id AND s.run_id = a.run_id
GROUP BY a.published_date, a.lang;

-- One row per event_id across all runs, with every article, language and
-- story that reports it (from event_mentions); the other attributes are the
-- most frequent value over the runs' rows.
CREATE OR REPLACE VIEW events_canonical AS
WITH m AS (
    SELECT m.event_id,
           list_sort(list(DISTINCT m.article_id)) AS article_ids,
           count(DISTINCT m.article_id) AS n_articles,
           list_sort(list(DISTINCT a.lang) FILTER (WHERE a.lang IS NOT NULL)) AS langs,
           list_sort(list(DISTINCT coalesce(m.story_id, a.story_id)) FILTER (WHERE coalesce(m.story_id, a.story_id) IS NOT NULL)) AS story_ids
    FROM event_mentions m
    LEFT JOIN articles a ON a.article_id = m.article_id AND a.run_id = m.run_id
    GROUP BY m.event_id
)
SELECT e.event_id,
       mode(e."type") AS "type",
       mode(e.name_en) AS name_en,
       mode(e.date) AS date,
       mode(e.ordinal) AS ordinal,
       mode(e.term_start) AS term_start,
       mode(e.term_end) AS term_end,
       mode(e.org_id) AS org_id,
       coalesce(any_value(m.article_ids), list_sort(flatten(list(e.article_ids)))) AS article_ids,
       coalesce(any_value(m.n_articles), CAST(sum(e.n_articles) AS BIGINT)) AS n_articles,
       coalesce(any_value(m.langs), []) AS langs,
       coalesce(any_value(m.story_ids), []) AS story_ids
FROM events e
LEFT JOIN m ON m.event_id = e.event_id
GROUP BY e.event_id;

-- One row per (story_id, metric, value) with the languages and articles it
-- appeared in: the same figure reported by several language editions. A KPI
-- whose article has no story_id counts as its own story (story_id = article_id).
CREATE OR REPLACE VIEW kpis_by_story AS
SELECT coalesce(k.story_id, a.story_id, k.article_id) AS story_id,
       k.metric,
       k.value,
       mode(k.unit) AS unit,
       list_sort(list(DISTINCT a.lang) FILTER (WHERE a.lang IS NOT NULL)) AS langs,
       count(DISTINCT a.lang) AS n_langs,
       list_sort(list(DISTINCT k.article_id)) AS article_ids,
       count(*) AS n_kpis,
       max(k.achievement_pct) AS achievement_pct,
       mode(k.org_id) AS org_id,
       min(k.period_start) AS period_start,
       max(k.period_end) AS period_end
FROM kpis k
LEFT JOIN articles a ON a.article_id = k.article_id AND a.run_id = k.run_id
GROUP BY ALL;
