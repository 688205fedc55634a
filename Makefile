# The DuckDB driver's Arrow API needs the duckdb_arrow build tag: every target
# passes it, so nobody has to remember it.
GO      ?= go
TAGS    := duckdb_arrow
BIN     := bin/osservatorio
PKGS    := ./...

.PHONY: build run test vet bench browser-deps clean

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

# Benchmarks with the figures reported in docs/BENCHMARKS.md.
bench:
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchtime 3x -timeout 60m ./internal/...

clean:
	rm -rf bin
