# statharvest — build, run, test, benchmark.
GO        ?= go
BIN       ?= bin/statharvest
OUT       ?= out
# The DuckDB-linked `load` command needs cgo; everything else is pure Go.
TAGS      ?= duckdb
VERSION   ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)

.PHONY: build build-pure run test test-short bench lint fmt fuzz clean

build:
	CGO_ENABLED=1 $(GO) build -tags $(TAGS) -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/statharvest

# A static, cgo-free binary with every command but `load`.
build-pure:
	CGO_ENABLED=0 $(GO) build -ldflags '$(LDFLAGS)' -o $(BIN)-pure ./cmd/statharvest

# Runs the pipeline on the sample articles embedded in the binary.
run: build
	./$(BIN) run --output $(OUT)

test:
	$(GO) vet -tags $(TAGS) ./...
	$(GO) test -tags $(TAGS) -count=1 -timeout 20m ./...

test-short:
	$(GO) test -tags $(TAGS) -short ./...

lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l .; echo "gofmt: files above need formatting"; exit 1)
	$(GO) vet -tags $(TAGS) ./...
	@command -v staticcheck >/dev/null 2>&1 || $(GO) install honnef.co/go/tools/cmd/staticcheck@latest
	$$(command -v staticcheck || echo $$($(GO) env GOPATH)/bin/staticcheck) -tags $(TAGS) ./...

fmt:
	gofmt -w .

# Generates (or reuses) a corpus under bench/corpus, measures the pipeline with
# 1 and all workers, an incremental re-run and the DuckDB digit-regex baseline,
# prints one table and writes bench/results/latest.json; then the per-stage Go
# benchmarks. BENCH_SIZE=200MB for a quick check; BENCH_RSS_SIZE=250MB adds a
# memory run at a second size; BENCH_FLAGS=--profile-dir=bench/corpus/prof
# keeps CPU and heap profiles of the parallel run; BENCH_SINGLE=0 skips the
# one-worker run (and so the scaling figure).
BENCH_SIZE     ?= 1GB
BENCH_RSS_SIZE ?=
BENCH_SINGLE   ?= 1
BENCH_FLAGS    ?=
bench:
	CGO_ENABLED=0 $(GO) build -ldflags '$(LDFLAGS)' -o bench/corpus/statharvest ./cmd/statharvest
	CGO_ENABLED=1 $(GO) build -tags duckdb -o bench/corpus/benchrun ./bench/cmd/benchrun
	BENCH_SIZE=$(BENCH_SIZE) BENCH_RSS_SIZE=$(BENCH_RSS_SIZE) BENCH_SINGLE=$(BENCH_SINGLE) ./bench/corpus/benchrun --bin bench/corpus/statharvest --json bench/results/latest.json $(BENCH_FLAGS)
	$(GO) test -run '^$$' -bench . -benchmem ./stages/...

clean:
	rm -rf bin $(OUT)

# Renders the HTML report of the samples run to $(OUT)/report.png in headless
# Chromium (Debian package chromium), with a throwaway profile and no network.
.PHONY: report-screenshot
report-screenshot: run
	./$(BIN) report --output $(OUT) --html $(OUT)/report.html
	@command -v chromium >/dev/null || { echo "report-screenshot needs chromium: apt-get install chromium"; exit 1; }
	profile=$$(mktemp -d) && chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update --disable-sync \
		--no-first-run --disable-quic --hide-scrollbars --user-data-dir=$$profile \
		--window-size=1280,4800 --screenshot=$(abspath $(OUT))/report.png \
		file://$(abspath $(OUT))/report.html; rc=$$?; rm -rf $$profile; exit $$rc
