# factgraph: `make` builds the tool and the renderer, checks facts/ and
# writes out/; `make test` runs every test, then checks that facts/ are
# formatted and out/ is up to date. Nothing here needs more than Go; the
# consumer checks use Debian's graphviz, raptor2-utils and python3-rdflib
# when installed (.ci/run installs them).

GO        ?= go
GOFLAGS   := -trimpath
BIN       := bin
OUT       := out
# What `make` draws besides the graph as it stands: the ownership
# structure of 2012 (graph-2012.dot/.svg) to show next to today's.
BUILDFLAGS := --at 2012

.PHONY: all build check out out-check fmt-check test bench clean

all: out

build:
	$(GO) build $(GOFLAGS) -o $(BIN)/factgraph ./cmd/factgraph
	$(GO) build $(GOFLAGS) -o $(BIN)/factgraph-render ./cmd/factgraph-render

# out/ is committed: a second `make` must leave `git status` clean.
out: build
	./$(BIN)/factgraph build $(BUILDFLAGS) --out $(OUT)

# out-check fails when the committed out/ is not what the facts give.
out-check: build
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	./$(BIN)/factgraph build $(BUILDFLAGS) --out "$$tmp/out" >/dev/null && \
	if diff -r $(OUT) "$$tmp/out" >/dev/null 2>&1; then \
		echo "$(OUT)/ is up to date"; \
	else \
		diff -rq $(OUT) "$$tmp/out" >&2; \
		echo "$(OUT)/ is stale: run make and commit $(OUT)/" >&2; \
		exit 1; \
	fi

check: build
	./$(BIN)/factgraph check

# fmt-check fails when a fact file is not in the canonical layout.
fmt-check: build
	@files=$$(./$(BIN)/factgraph fmt -l facts) && if [ -n "$$files" ]; then \
		echo "not in canonical layout (run ./$(BIN)/factgraph fmt -w facts):" >&2; echo "$$files" >&2; exit 1; \
	fi

test: build
	$(GO) vet ./...
	$(GO) test ./...
	./$(BIN)/factgraph check
	$(MAKE) --no-print-directory fmt-check out-check

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(BIN)
