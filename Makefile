# factgraph: `make` builds the tool and the renderer, checks facts/ and
# writes the site and the data files into out/ (which git ignores but for
# its README); `make test` runs every test, staticcheck, and checks that
# facts/ are formatted and that the build is reproducible. Nothing here
# needs more than Go; the consumer and browser tests use Debian's
# graphviz, raptor2-utils, python3-rdflib and chromium, and the font-fit
# test DejaVu Sans (fonts-dejavu-core), when installed
# (.ci/run installs them).

GO        ?= go
GOFLAGS   := -trimpath
BIN       := bin
OUT       := out
# What `make` draws besides the graph as it stands: the ownership
# structure of 2012 (graph-2012.dot/.svg) to show next to today's.
BUILDFLAGS := --at 2012

.PHONY: all build check out repro-check fmt-check test bench clean

all: out

build:
	$(GO) build $(GOFLAGS) -o $(BIN)/factgraph ./cmd/factgraph
	$(GO) build $(GOFLAGS) -o $(BIN)/factgraph-render ./cmd/factgraph-render

out: build
	./$(BIN)/factgraph build $(BUILDFLAGS) --out $(OUT)

check: build
	./$(BIN)/factgraph check

# repro-check builds the site three times and requires byte-identical
# trees: here without the cache, then from a copy of the repository in
# another directory, run from a subdirectory under another time zone,
# locale and core count, once with a cold cache and once with it warm.
# The README's picture must be what the build draws.
repro-check: build
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	./$(BIN)/factgraph build --no-cache $(BUILDFLAGS) --out "$$tmp/here" >/dev/null && \
	mkdir -p "$$tmp/elsewhere/checkout" && cp -R schema facts "$$tmp/elsewhere/checkout/" && \
	for run in cold warm; do \
		(cd "$$tmp/elsewhere/checkout/facts" && TZ=Asia/Tokyo LANG=tr_TR.UTF-8 LC_ALL=tr_TR.UTF-8 GOMAXPROCS=1 \
			"$(CURDIR)/$(BIN)/factgraph" build --cache-dir "$$tmp/cache" $(BUILDFLAGS) --out "$$tmp/$$run" >/dev/null) && \
		diff -r "$$tmp/here" "$$tmp/$$run" || { echo "the $$run build differs from the first" >&2; exit 1; }; \
	done && echo "the build is reproducible" && \
	{ cmp -s "$$tmp/here/entities/alipay.svg" docs/alipay.svg || \
		{ echo "docs/alipay.svg, the README's picture, is not what the build draws: make && cp out/entities/alipay.svg docs/" >&2; exit 1; }; }

# fmt-check fails when a fact file is not in the canonical layout.
fmt-check: build
	@files=$$(./$(BIN)/factgraph fmt -l) && if [ -n "$$files" ]; then \
		echo "not in canonical layout (run ./$(BIN)/factgraph fmt -w):" >&2; echo "$$files" >&2; exit 1; \
	fi

test: build
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) test ./...
	./$(BIN)/factgraph check
	$(MAKE) --no-print-directory fmt-check repro-check

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(BIN)
