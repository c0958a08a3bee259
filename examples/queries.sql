-- First questions analysts ask of a statharvest database.
--
--   statharvest load --output out --db statharvest.duckdb
--   duckdb statharvest.duckdb < examples/queries.sql
--
-- Every query reads only the views that `load` creates (schemas/duckdb.sql);
-- each ends with ";" at the end of a line and is preceded by its question.

-- KPIs per province per month: how many figures, which metrics, mean achievement.
SELECT coalesce(place, '(unknown)') AS province,
       month,
       count(*) AS kpis,
       count(DISTINCT metric) AS metrics,
       round(avg(achievement_pct), 1) AS avg_achievement_pct
FROM kpis_enriched
GROUP BY ALL
ORDER BY province, month NULLS LAST;

-- Organizations with the most reported achievements (KPIs stating a share of target).
SELECT k.org_id,
       o.name_en,
       o.type,
       o.place,
       count(*) AS achievements,
       round(avg(k.achievement_pct), 1) AS avg_achievement_pct,
       count(*) FILTER (WHERE k.achievement_pct >= 100) AS met_or_exceeded
FROM kpis k
JOIN organizations o USING (org_id)
WHERE k.achievement_pct IS NOT NULL
GROUP BY ALL
ORDER BY achievements DESC, o.name_en
LIMIT 20;

-- Events timeline: one row per event, with how many articles and languages report it.
SELECT e.date,
       e.type,
       e.ordinal,
       e.name_en,
       o.name_en AS organizer,
       o.place,
       e.n_articles,
       e.langs
FROM events_canonical e
LEFT JOIN organizations o USING (org_id)
ORDER BY e.date NULLS LAST, e.type, e.name_en;

-- Top metrics: what is measured most often, in how many languages.
SELECT metric,
       count(*) AS kpis,
       count(DISTINCT lang) AS languages,
       mode(unit) AS usual_unit
FROM kpis_enriched
GROUP BY metric
ORDER BY kpis DESC, metric
LIMIT 25;

-- Figures confirmed across language editions of the same story.
SELECT story_id, metric, value, unit, n_langs, langs
FROM kpis_by_story
WHERE n_langs > 1
ORDER BY n_langs DESC, story_id, metric, value;

-- Statistics per language per day.
SELECT day, lang, articles, statistics, percent, "count", measure
FROM statistics_daily
ORDER BY day NULLS LAST, lang;

-- Rejected inputs by reason and stage.
SELECT reason, stage, count(*) AS inputs, min(source_path) AS example
FROM rejects
GROUP BY ALL
ORDER BY inputs DESC;

-- Runs: when, how long, how much.
SELECT run_id, started_at, finished_at::TIMESTAMP - started_at::TIMESTAMP AS duration, version,
       articles_in, articles_out, statistics_out, kpis_out, rejects_out
FROM runs
ORDER BY started_at;
