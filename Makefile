# The DuckDB driver's Arrow API needs the duckdb_arrow build tag: every target
# passes it, so nobody has to remember it.
GO      ?= go
TAGS    := duckdb_arrow
BIN     := bin/osservatorio
PKGS    := ./...

.PHONY: build run test vet bench bench-quick bench-go browser-deps clean

build:
	$(GO) build -tags $(TAGS) -o $(BIN) ./cmd/osservatorio

# Runs the service on its embedded default: data/osservatorio.duckdb, filled
# with the bundled sample on first start, on http://127.0.0.1:8080.
run: build
	./$(BIN) serve

# Unit, integration and browser tests. Browser tests use Debian's chromium
# when it is installed (CI installs it) and are skipped otherwise.
test:
	$(GO) vet -tags $(TAGS) $(PKGS)
	$(GO) test -tags $(TAGS) -count=1 -timeout 30m $(PKGS)

vet:
	$(GO) vet -tags $(TAGS) $(PKGS)

# One run of every figure of docs/BENCHMARKS.md's "make bench" section, each
# in its own process (cmd/bench): loading against DuckDB's read_csv, the
# indicator refreshes, exports against COPY, pages under 32 clients, serve's
# memory through an upload. Writes bench.json and that section. The generated
# sets are cached in data/bench-cache/; BENCH_FLAGS adds flags (bin/bench --help).
BENCH_FLAGS ?=

bench:
	$(GO) build -tags $(TAGS) -o bin/bench ./cmd/bench
	./bin/bench --sets 1m,10m $(BENCH_FLAGS)

# The same on the 1 M set only: a few minutes, for trying it.
bench-quick:
	$(GO) build -tags $(TAGS) -o bin/bench ./cmd/bench
	./bin/bench --sets 1m $(BENCH_FLAGS)

# The Go benchmarks (go test -bench) of internal/.
bench-go:
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchtime 3x -timeout 60m ./internal/...

clean:
	rm -rf bin
