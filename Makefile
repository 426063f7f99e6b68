# rootmail — build, run, test, install. `make help` lists the targets.
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= debug
BIN = .build/$(CONFIG)

.PHONY: help deps build release demo test test-deps test-offline check-docs docs format check-format check-abi check-plugin-compat update-abi install uninstall bench clean

help:
	@echo "make demo      install what is missing, build, vend an address into the embedded store"
	@echo "make test      install what the tests need, then build and run every test with only loopback (as root)"
	@echo "make install   PREFIX=/usr/local: binary, kit, plugins, completions, man pages, the kit's Swift module"
	@echo "make docs      regenerate completions/ and man/ from the command tree"
	@echo "make format    format the sources with swift format"
	@echo "make check-plugin-compat  a plugin on the public API still loads after an internal kit change"
	@echo "make check-abi fail when the kit's public interface changed without a new PluginABI.kitVersion"
	@echo "make bench     run every benchmark under benchmarks/ (release build, only loopback up)"

deps:
	scripts/install-deps.sh build

build: deps
	$(SWIFT) build -c $(CONFIG)

release:
	$(SWIFT) build -c release

demo: build
	@scripts/demo.sh $(BIN)/rootmail

# The installs and package resolution need the network; the build and the tests run without it
# (scripts/offline.sh: a network namespace with only loopback up), so no test can reach further.
test: test-deps
	scripts/offline.sh $(MAKE) test-offline

test-deps:
	scripts/install-deps.sh test
	$(SWIFT) package resolve

test-offline:
	$(SWIFT) build
	$(SWIFT) build --build-tests
	$(MAKE) check-docs check-format check-abi check-plugin-compat
	$(SWIFT) test --skip-build

docs:
	$(SWIFT) build
	rm -rf completions man && mkdir -p completions man
	ROOTMAIL_PLUGIN_PATH= XDG_DATA_HOME=/nonexistent XDG_CACHE_HOME=$$(mktemp -d) \
	  .build/debug/rootmail generate-docs --skip-plugin Hello --completions completions --man man

check-docs:
	@tmp=$$(mktemp -d) && ROOTMAIL_PLUGIN_PATH= XDG_DATA_HOME=/nonexistent XDG_CACHE_HOME=$$tmp \
	  .build/debug/rootmail generate-docs --skip-plugin Hello --completions $$tmp/completions --man $$tmp/man && \
	  diff -r completions $$tmp/completions && diff -r man $$tmp/man && echo "docs: completions/ and man/ are current" || \
	  { echo "docs: completions/ or man/ differ from the command tree: run 'make docs'"; exit 1; }

# Every Swift file in the repository, benchmarks/ and nested packages included.
SWIFT_FILES = git ls-files -z '*.swift'

format:
	$(SWIFT_FILES) | xargs -0 $(SWIFT) format --in-place

check-format:
	@$(SWIFT_FILES) | xargs -0 $(SWIFT) format lint --strict && echo "format: clean"

# The kit ABI tripwire (scripts/check-abi.sh): Sources/RootmailKit/kit-abi.txt against the build.
check-abi:
	@scripts/check-abi.sh

# A plugin on the public API loads on a kit changed inside (scripts/check-plugin-compat.sh).
check-plugin-compat:
	scripts/check-plugin-compat.sh

update-abi:
	$(SWIFT) build
	scripts/check-abi.sh update

install: release
	scripts/install.sh "$(PREFIX)" .build/release

uninstall:
	rm -rf "$(PREFIX)/bin/rootmail" "$(PREFIX)/lib/rootmail" "$(PREFIX)/share/rootmail" "$(PREFIX)/share/man/man1/rootmail"*.1 \
	  "$(PREFIX)/share/bash-completion/completions/rootmail" "$(PREFIX)/share/zsh/site-functions/_rootmail" \
	  "$(PREFIX)/share/fish/vendor_completions.d/rootmail.fish"

# Benchmarks, like tests, talk only to local servers: each runs with only loopback up.
bench: release
	@for b in benchmarks/*/run; do echo "== $$b"; scripts/offline.sh $$b; done

clean:
	rm -rf .build
