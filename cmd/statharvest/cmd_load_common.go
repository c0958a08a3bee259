package main

const loadLong = `Load creates or refreshes a DuckDB database file holding one view per output
table (reading committed runs only, so a run that did not finish never shows)
and the convenience views defined in schemas/duckdb.sql: kpis_enriched,
statistics_daily, events_canonical, kpis_by_story. A notebook then needs only
duckdb.connect("FILE.duckdb").

The views read the Parquet files under the output directory by absolute path,
so new runs appear without loading again; load again after moving the output
directory or upgrading statharvest. With --materialize the tables are copied
into the database file instead (a snapshot that no longer needs the Parquet
files) and the convenience views read the copies. Close other connections to
the database file first: DuckDB lets one process write it.`
