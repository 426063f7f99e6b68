# rootmail — build, run, test, install. `make help` lists the targets.
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= debug
BIN = .build/$(CONFIG)

.PHONY: help deps build release demo demo-build test test-deps test-offline check-docs docs format check-format check-abi check-plugin-compat update-abi install uninstall package package-deps check-package bench clean

help:
	@echo "make demo      install what is missing, build what the demo runs, vend an address into the embedded store"
	@echo "make build     install what is missing, build everything (every plugin, the benchmarks, the test helpers)"
	@echo "make test      install what the tests need, then build and run every test with only loopback (as root)"
	@echo "make install   PREFIX=/usr/local: binary, kit, plugins, the Swift runtime they need, completions, man pages, the kit's Swift module"
	@echo "make package   dist/: rootmail_<version>_amd64.deb, rootmail-dev_<version>_amd64.deb, rootmail-<version>-linux-x86_64.tar.gz"
	@echo "make check-package  install the .deb and the tarball into a fresh Debian 12 root (mmdebstrap) and run them there"
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

# The demo runs the host, the vend and mappings plugins and the SQLite companion (the embedded
# store), so `make demo` builds only those products: none of the other plugins, benchmarks, test
# helpers or swift-argument-parser's command plugins that `make build` builds. The host finds the
# plugins beside itself in $(BIN). `swift build --product` takes one product per call; the first
# call compiles the kit and its dependencies, the others only their own target. Where other
# plugins are already built in $(BIN) (`make build` ran there), it builds everything as
# `make build` does: the host loads every plugin beside it to index their commands, and one left
# stale by a newer kit would be refused with a warning in the demo's output.
DEMO_PRODUCTS = rootmail RootmailSQLite RootmailPluginVend RootmailPluginMappings

demo-build: deps
	@if ls $(BIN)/libRootmailPlugin*.so 2>/dev/null | grep -qv -e 'PluginVend\.so$$' -e 'PluginMappings\.so$$'; then \
	  echo "$(SWIFT) build -c $(CONFIG)"; $(SWIFT) build -c $(CONFIG); \
	else \
	  for p in $(DEMO_PRODUCTS); do \
	    echo "$(SWIFT) build -c $(CONFIG) --product $$p"; $(SWIFT) build -c $(CONFIG) --product $$p || exit 1; \
	  done; \
	fi

demo: demo-build
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

# Packages (scripts/package.sh): the release tree of scripts/install.sh as a .deb, a -dev .deb
# (the plugin SDK) and a relocatable tarball, in dist/. Version: scripts/version.sh.
package: package-deps release
	scripts/package.sh .build/release dist

package-deps:
	scripts/install-deps.sh package

# The packages on a Debian 12 root without Swift (scripts/check-package.sh; needs Debian's
# mirror). Not in CI: with its release build it would more than double CI's time.
check-package: package
	scripts/install-deps.sh check-package
	scripts/check-package.sh dist .build/release

uninstall:
	rm -rf "$(PREFIX)/bin/rootmail" "$(PREFIX)/lib/rootmail" "$(PREFIX)/share/rootmail" "$(PREFIX)/share/man/man1/rootmail"*.1 \
	  "$(PREFIX)/share/bash-completion/completions/rootmail" "$(PREFIX)/share/zsh/site-functions/_rootmail" \
	  "$(PREFIX)/share/fish/vendor_completions.d/rootmail.fish"

# Benchmarks, like tests, talk only to local servers: each runs with only loopback up.
bench: release
	@for b in benchmarks/*/run; do echo "== $$b"; scripts/offline.sh $$b; done

clean:
	rm -rf .build
