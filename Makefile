# factgraph: `make` builds the tool and runs the pipeline on facts/;
# `make test` runs every test. Nothing here needs more than Go.

GO        ?= go
GOFLAGS   := -trimpath
BIN       := bin

.PHONY: all build check test bench clean

all: build check

build:
	$(GO) build $(GOFLAGS) -o $(BIN)/factgraph ./cmd/factgraph

check: build
	./$(BIN)/factgraph check

test: build
	$(GO) vet ./...
	$(GO) test ./...
	./$(BIN)/factgraph check

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(BIN)
