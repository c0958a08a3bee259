// Package bench measures statharvest: bench/gen writes deterministic corpora,
// bench/cmd/benchrun compares whole runs with the DuckDB digit-regex baseline,
// and this package's benchmarks time each stage on the same generated pages.
//
//	go test -run '^$' -bench . -benchmem ./bench
package bench
