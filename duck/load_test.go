//go:build duckdb

package duck

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/internal/sharedtest"
	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/schemas"
	"github.com/statharvest/statharvest/stages/ingest"
)

// runPipeline commits one run of src into out.
func runPipeline(t *testing.T, out string, src ingest.Source) { runFull(t, out, src, false) }

// runFull commits one run, reprocessing every input when full is set.
func runFull(t *testing.T, out string, src ingest.Source, full bool) {
	t.Helper()
	if _, err := pipeline.Run(context.Background(), pipeline.Config{
		Sources: []ingest.Source{src},
		Out:     out,
		Workers: 2,
		Version: "test",
		Full:    full,
		Log:     zerolog.Nop(),
	}); err != nil {
		t.Fatalf("pipeline.Run: %v", err)
	}
}

func samples(t *testing.T) ingest.Source {
	sub, err := fs.Sub(data.FS, "samples")
	if err != nil {
		t.Fatal(err)
	}
	return ingest.Source{FS: sub, Root: "embedded:samples"}
}

func seeds(t *testing.T) ingest.Source {
	dir := sharedtest.Seeds(t)
	return ingest.Source{FS: os.DirFS(dir), Root: dir}
}

func load(t *testing.T, out, db string, materialize bool) Summary {
	t.Helper()
	sum, err := Load(context.Background(), Options{Output: out, DB: db, Materialize: materialize})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return sum
}

func open(t *testing.T, db string) *sql.DB {
	t.Helper()
	conn, err := sql.Open("duckdb", db+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func count(t *testing.T, db *sql.DB, query string) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// scanAll runs query and reads every row, so that every column's type is
// converted at least once; it returns the row count.
func scanAll(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", firstLine(query), err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", firstLine(query), err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", firstLine(query), err)
	}
	return n
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// checkAgainstParquet compares every view with the committed rows that the
// pure-Go reader finds in the Parquet files.
func checkAgainstParquet(t *testing.T, out string, db *sql.DB) {
	t.Helper()
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	views, err := schemas.Views(schemas.DuckDBSQL)
	if err != nil {
		t.Fatal(err)
	}
	articles, err := ds.Rows("articles")
	if err != nil {
		t.Fatal(err)
	}
	// The latest committed run of each article: run ids sort by start time.
	latest := map[string]string{}
	for _, a := range articles {
		if id := a.Str("article_id"); a.Str("run_id") > latest[id] {
			latest[id] = a.Str("run_id")
		}
	}
	for _, v := range views {
		n := scanAll(t, db, "SELECT * FROM "+v.Name)
		table := v.Name
		if v.Name == "articles_all" {
			table = "articles"
		} else if !v.Base {
			continue
		}
		rows, err := ds.Rows(table)
		if err != nil {
			t.Fatal(err)
		}
		want := len(rows)
		switch v.Name {
		case "organizations":
			ids := map[string]bool{}
			for _, r := range rows {
				ids[r.Str("org_id")] = true
			}
			want = len(ids)
		case "runs":
			want = len(ds.Runs())
		case "articles", "statistics", "org_mentions", "events", "event_mentions", "kpis":
			want = 0
			for _, r := range rows {
				if latest[r.Str("article_id")] == r.Str("run_id") {
					want++
				}
			}
		}
		if n != want {
			t.Errorf("view %s has %d rows, the committed Parquet parts %d", v.Name, n, want)
		}
	}
	if dup := count(t, db, "SELECT count(*) - count(DISTINCT article_id) FROM articles"); dup != 0 {
		t.Errorf("articles has %d duplicate article_id rows", dup)
	}
	if dup := count(t, db, "SELECT count(*) - count(DISTINCT org_id) FROM organizations"); dup != 0 {
		t.Errorf("organizations has %d duplicate org_id rows", dup)
	}
	if n := count(t, db, "SELECT count(*) FROM (SELECT event_id FROM events_canonical GROUP BY ALL HAVING count(*) > 1)"); n != 0 {
		t.Errorf("events_canonical repeats %d event_id", n)
	}
	if got, want := count(t, db, "SELECT count(*) FROM events_canonical"), count(t, db, "SELECT count(DISTINCT event_id) FROM events"); got != want {
		t.Errorf("events_canonical has %d rows, events %d distinct event_id", got, want)
	}
	if got, want := count(t, db, "SELECT coalesce(sum(n_articles), 0) FROM events_canonical"),
		count(t, db, "SELECT count(*) FROM (SELECT DISTINCT event_id, article_id FROM event_mentions)"); got != want {
		t.Errorf("events_canonical counts %d reporting articles, event_mentions %d", got, want)
	}
	if got, want := count(t, db, "SELECT coalesce(sum(n_kpis), 0) FROM kpis_by_story"), count(t, db, "SELECT count(*) FROM kpis"); got != want && want > 0 {
		t.Errorf("kpis_by_story covers %d KPIs, kpis holds %d", got, want)
	}
	if got, want := count(t, db, "SELECT count(*) FROM kpis_enriched"), count(t, db, "SELECT count(*) FROM kpis"); got != want {
		t.Errorf("kpis_enriched has %d rows, kpis %d", got, want)
	}
	if got, want := count(t, db, "SELECT coalesce(sum(\"statistics\"), 0) FROM statistics_daily"), count(t, db, "SELECT count(*) FROM statistics"); got != want {
		t.Errorf("statistics_daily counts %d statistics, statistics holds %d", got, want)
	}
}

func TestLoadSamples(t *testing.T) {
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	db := filepath.Join(t.TempDir(), "s.duckdb")
	sum := load(t, out, db, false)
	if sum.Runs != 1 || len(sum.Objects) == 0 {
		t.Fatalf("Load = %+v", sum)
	}
	conn := open(t, db)
	checkAgainstParquet(t, out, conn)
	if n := count(t, conn, "SELECT count(*) FROM articles"); n == 0 {
		t.Error("no articles from the samples")
	}
	conn.Close()

	// A second run shows through the views without loading again.
	runPipeline(t, out, samples(t))
	conn = open(t, db)
	if n := count(t, conn, "SELECT count(*) FROM runs"); n != 2 {
		t.Errorf("after a second run the runs view has %d rows, want 2", n)
	}
	checkAgainstParquet(t, out, conn)
}

// TestReprocessedArticlesCountOnce: a --full run writes every article again;
// the views keep each article, and its statistics and KPIs, from the latest
// run only, while articles_all keeps both copies.
func TestReprocessedArticlesCountOnce(t *testing.T) {
	out := t.TempDir()
	runFull(t, out, samples(t), false)
	db := filepath.Join(t.TempDir(), "f.duckdb")
	load(t, out, db, false)
	conn := open(t, db)
	first := map[string]int64{}
	for _, v := range []string{"articles", "statistics", "kpis", "events", "event_mentions", "org_mentions", "articles_all"} {
		first[v] = count(t, conn, "SELECT count(*) FROM "+v)
	}
	conn.Close()
	runFull(t, out, samples(t), true)
	conn = open(t, db)
	for v, n := range first {
		want := n
		if v == "articles_all" {
			want = 2 * n
		}
		if got := count(t, conn, "SELECT count(*) FROM "+v); got != want {
			t.Errorf("%s after a --full rerun: %d rows, want %d", v, got, want)
		}
	}
	if n := count(t, conn, "SELECT count(DISTINCT run_id) FROM kpis"); first["kpis"] > 0 && n != 1 {
		t.Errorf("kpis come from %d runs, want the latest only", n)
	}
	checkAgainstParquet(t, out, conn)
}

func TestLoadSeeds(t *testing.T) {
	out := t.TempDir()
	runPipeline(t, out, seeds(t))
	runPipeline(t, out, samples(t))
	db := filepath.Join(t.TempDir(), "s.duckdb")
	load(t, out, db, false)
	checkAgainstParquet(t, out, open(t, db))
}

// TestUncommittedInvisible copies every committed part under a new run id, as
// a crashed or concurrent run would leave it, and checks no view sees it.
func TestUncommittedInvisible(t *testing.T) {
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	db := filepath.Join(t.TempDir(), "s.duckdb")
	load(t, out, db, false)
	conn := open(t, db)
	before := map[string]int64{}
	views, _ := schemas.Views(schemas.DuckDBSQL)
	for _, v := range views {
		before[v.Name] = count(t, conn, "SELECT count(*) FROM "+v.Name)
	}
	conn.Close()

	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	const fake = "00000000000000ffdead01"
	copied := 0
	for _, tb := range schemas.All {
		files, err := ds.Files(tb.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			// Same partition, and a later partition of its own.
			copyFile(t, f, filepath.Join(filepath.Dir(f), "part-"+fake+".parquet"))
			copyFile(t, f, filepath.Join(out, tb.Name, "ingest_date=2099-12-31", "part-"+fake+"-2.parquet"))
			copied += 2
		}
	}
	if copied < 2*len(schemas.All) {
		t.Fatalf("copied %d parts", copied)
	}
	conn = open(t, db)
	for _, v := range views {
		if got := count(t, conn, "SELECT count(*) FROM "+v.Name); got != before[v.Name] {
			t.Errorf("%s: %d rows with an uncommitted run present, %d before", v.Name, got, before[v.Name])
		}
	}
	if n := count(t, conn, "SELECT count(*) FROM articles WHERE ingest_date = DATE '2099-12-31'"); n != 0 {
		t.Errorf("%d rows of the uncommitted partition visible", n)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestLoadEmptyRun: a run of no input writes every table with 0 rows, and
// every view still works.
func TestLoadEmptyRun(t *testing.T) {
	out := t.TempDir()
	runPipeline(t, out, ingest.Source{FS: os.DirFS(t.TempDir()), Root: "empty"})
	db := filepath.Join(t.TempDir(), "e.duckdb")
	sum := load(t, out, db, false)
	for _, o := range sum.Objects {
		want := int64(0)
		if o.Name == "runs" {
			want = 1
		}
		if o.Rows != want {
			t.Errorf("%s has %d rows, want %d", o.Name, o.Rows, want)
		}
	}
	checkAgainstParquet(t, out, open(t, db))
	runQueries(t, open(t, db), "../examples/queries.sql")
}

func TestLoadNoRuns(t *testing.T) {
	_, err := Load(context.Background(), Options{Output: t.TempDir(), DB: filepath.Join(t.TempDir(), "x.duckdb")})
	if !errors.Is(err, ErrNoRuns) {
		t.Errorf("Load of an empty directory = %v, want ErrNoRuns", err)
	}
	if _, err := Load(context.Background(), Options{Output: filepath.Join(t.TempDir(), "out[1]"), DB: filepath.Join(t.TempDir(), "x.duckdb")}); err == nil {
		t.Error("Load of a path with a glob character: no error")
	}
}

// TestMaterialize switches one database file between views and tables both
// ways; the rows stay the same and the tables no longer need the Parquet files.
func TestMaterialize(t *testing.T) {
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	db := filepath.Join(t.TempDir(), "m.duckdb")
	views := load(t, out, db, false)
	tables := load(t, out, db, true)
	again := load(t, out, db, false)
	for i, o := range tables.Objects {
		if o.Rows != views.Objects[i].Rows || o.Rows != again.Objects[i].Rows {
			t.Errorf("%s: %d rows materialized, %d / %d as views", o.Name, o.Rows, views.Objects[i].Rows, again.Objects[i].Rows)
		}
	}
	load(t, out, db, true)
	conn := open(t, db)
	var kind string
	if err := conn.QueryRow("SELECT table_type FROM information_schema.tables WHERE table_name = 'kpis'").Scan(&kind); err != nil || kind != "BASE TABLE" {
		t.Errorf("kpis is %q (%v), want a table", kind, err)
	}
	var mat bool
	var root string
	if err := conn.QueryRow("SELECT materialized, output FROM "+MetaTable).Scan(&mat, &root); err != nil || !mat || root == "" {
		t.Errorf("%s = %v %q %v", MetaTable, mat, root, err)
	}
	conn.Close()
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	conn = open(t, db)
	for _, tb := range schemas.All {
		scanAll(t, conn, "SELECT * FROM "+tb.Name)
	}
}

// runQueries runs every statement of a .sql file of examples.
func runQueries(t *testing.T, db *sql.DB, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range splitSQL(string(b)) {
		scanAll(t, db, q)
		n++
	}
	return n
}

// splitSQL splits a file whose statements end with ";" at the end of a line.
func splitSQL(s string) []string {
	var out []string
	var cur []string
	for _, line := range strings.Split(s, "\n") {
		cur = append(cur, line)
		trim := strings.TrimSpace(line)
		if !strings.HasPrefix(trim, "--") && strings.HasSuffix(trim, ";") {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	return out
}

func TestExampleQueries(t *testing.T) {
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	db := filepath.Join(t.TempDir(), "q.duckdb")
	load(t, out, db, false)
	if n := runQueries(t, open(t, db), "../examples/queries.sql"); n < 3 {
		t.Errorf("examples/queries.sql has %d queries", n)
	}
	db2 := filepath.Join(t.TempDir(), "q2.duckdb")
	load(t, out, db2, true)
	runQueries(t, open(t, db2), "../examples/queries.sql")
}

// notebook is the part of nbformat 4 the test checks.
type notebook struct {
	NBFormat      int `json:"nbformat"`
	NBFormatMinor int `json:"nbformat_minor"`
	Metadata      map[string]any
	Cells         []struct {
		CellType string          `json:"cell_type"`
		Source   json.RawMessage `json:"source"`
		Metadata map[string]any  `json:"metadata"`
		Outputs  json.RawMessage `json:"outputs"`
	} `json:"cells"`
}

// sqlInPython finds the queries of the notebook: triple-quoted strings passed
// to con.sql (or assigned and then passed).
var sqlInPython = regexp.MustCompile(`(?s)"""(.*?)"""`)

func TestNotebook(t *testing.T) {
	b, err := os.ReadFile("../examples/analysis.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("analysis.ipynb is not JSON: %v", err)
	}
	if nb.NBFormat != 4 || nb.Metadata == nil {
		t.Errorf("nbformat %d, metadata %v: want nbformat 4 with metadata", nb.NBFormat, nb.Metadata)
	}
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	db := filepath.Join(t.TempDir(), "nb.duckdb")
	load(t, out, db, false)
	conn := open(t, db)
	queries, connects := 0, 0
	for i, c := range nb.Cells {
		var src string
		var lines []string
		if err := json.Unmarshal(c.Source, &lines); err == nil {
			src = strings.Join(lines, "")
		} else if err := json.Unmarshal(c.Source, &src); err != nil {
			t.Fatalf("cell %d: source is neither a string nor a list of strings", i)
		}
		switch c.CellType {
		case "markdown":
		case "code":
			if c.Metadata == nil || c.Outputs == nil {
				t.Errorf("code cell %d lacks metadata or outputs", i)
			}
			if strings.Contains(src, "duckdb.connect(") {
				connects++
			}
			for _, m := range sqlInPython.FindAllStringSubmatch(src, -1) {
				scanAll(t, conn, m[1])
				queries++
			}
		default:
			t.Errorf("cell %d has type %q", i, c.CellType)
		}
	}
	if connects != 1 || queries < 3 {
		t.Errorf("notebook connects %d times and runs %d queries; want 1 and at least 3", connects, queries)
	}
}

func TestPrepareMatchesLoad(t *testing.T) {
	st, err := Prepare(schemas.DuckDBSQL, "/x", false)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	runPipeline(t, out, samples(t))
	sum := load(t, out, filepath.Join(t.TempDir(), "p.duckdb"), false)
	if len(sum.Objects) != len(st) {
		t.Fatalf("loaded %d objects, prepared %d", len(sum.Objects), len(st))
	}
	for i := range st {
		if sum.Objects[i].Name != st[i].Name {
			t.Errorf("object %d: %s, want %s", i, sum.Objects[i].Name, st[i].Name)
		}
	}
}
