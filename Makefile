# moot: a small-web community capsule.  See README.md.
#
#   make          build mootd and mootctl
#   make run      install missing build dependencies (as root), build,
#                 create var/moot.db with the demo community, serve locally
#   make test     unit and integration tests; ends in "N passed, N failed"
#
# Longer runs, each in its own file under mk/:
#   make check-asan, check-valgrind, crash-long    (mk/sanitize.mk)
#   make fuzz, fuzz-smoke                          (mk/fuzz.mk)
#   make bench, bench-smoke, bench-scale           (mk/bench.mk)
#   make install PREFIX=... DESTDIR=...            (binaries, mk/install.mk:
#                                                   man pages)

PREFIX	?= /usr/local
CC	?= cc
PKGS	 = libevent libevent_openssl libevent_pthreads openssl sqlite3 \
	   icu-uc icu-i18n libical
# Debian packages that provide $(PKGS), pkg-config and the test clients.
DEB_BUILD_DEPS = build-essential pkg-config libevent-dev libssl-dev \
		 libsqlite3-dev libicu-dev libical-dev openssl
DEB_TEST_DEPS  = curl sqlite3 python3 mandoc man-db python3-icalendar haproxy
# The web view's browser tests (tests/integration/browser.sh): Chromium
# driven by Selenium, html5lib, lynx; axe-core comes from npm.
DEB_BROWSER_DEPS = chromium chromium-driver python3-selenium \
		   python3-html5lib lynx
AXE_VERSION	 = 4.14.1
AXE_JS		 = build/npm/node_modules/axe-core/axe.min.js

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN	 = -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	   -pedantic
CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -D_GNU_SOURCE $(WARN) $(PKG_CFLAGS) -Isrc
LDLIBS	+= $(PKG_LIBS) -lpthread

MAINS	 = src/mootd.c src/mootctl.c
LIB_SRC	 = $(filter-out $(MAINS),$(wildcard src/*.c src/*/*.c))
LIB_OBJ	 = $(LIB_SRC:%.c=build/%.o)
HDRS	 = $(wildcard src/*.h src/*/*.h)

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=tests/bin/%)
TOOL_SRC = $(wildcard tests/tools/*.c)
TOOL_BIN = $(TOOL_SRC:tests/tools/%.c=tests/bin/%)

PORT_GEMINI ?= 1965
PORT_GOPHER ?= 7070
PORT_HTTP ?= 8080
HOST	    ?= localhost

.PHONY: all run test deps test-deps check-deps clean install
all: check-deps mootd mootctl

check-deps:
	@pkg-config --exists $(PKGS) || { \
	  echo "missing build dependencies; install them with:"; \
	  echo "  apt-get install -y $(DEB_BUILD_DEPS)"; \
	  echo "(or run 'make deps' as root)"; exit 1; }

# Installs only what is missing, and only when root; otherwise it says
# exactly what to run.
deps:
	@missing=""; for p in $(DEB_BUILD_DEPS) $(DEB_TEST_DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq $$missing; \
	  else \
	    echo "missing:$$missing"; \
	    echo "run as root: apt-get install -y$$missing"; exit 1; \
	  fi; fi

# What the tests need beyond the build, installed when missing (Debian's
# packages only as root).  It never fails: a suite whose tool is still
# missing fails itself, saying what to install.
test-deps:
	@missing=""; for p in $(DEB_TEST_DEPS) $(DEB_BROWSER_DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq $$missing || true; \
	  else echo "test-deps: missing:$$missing (install as root)"; fi; fi
	@[ -s $(AXE_JS) ] || { command -v npm >/dev/null && \
	  npm install --silent --no-audit --no-fund --prefix build/npm \
	    axe-core@$(AXE_VERSION) >/dev/null; } || \
	  echo "test-deps: axe-core could not be installed (npm missing?)"

build/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

build/libmoot.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

mootd: build/src/mootd.o build/libmoot.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

mootctl: build/src/mootctl.o build/libmoot.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests/bin/%: tests/unit/%.c tests/unit/tap.h build/libmoot.a
	@mkdir -p tests/bin
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< build/libmoot.a $(LDLIBS)

tests/bin/%: tests/tools/%.c
	@mkdir -p tests/bin
	$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

var/moot.db: | mootctl
	@mkdir -p var
	./mootctl --db $@ demo

run: deps
	$(MAKE) all
	$(MAKE) var/moot.db
	./mootd --db var/moot.db --hostname $(HOST) \
	  --gemini 127.0.0.1:$(PORT_GEMINI) --gemini '[::1]:$(PORT_GEMINI)' \
	  --gopher 127.0.0.1:$(PORT_GOPHER) --gopher '[::1]:$(PORT_GOPHER)' \
	  --http 127.0.0.1:$(PORT_HTTP) --http '[::1]:$(PORT_HTTP)' \
	  --cert certs/$(HOST).crt --key certs/$(HOST).key --capsule capsule

test: all test-deps $(UNIT_BIN) $(TOOL_BIN)
	@tests/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/sbin
	install -m 755 mootd mootctl $(DESTDIR)$(PREFIX)/sbin/

clean:
	rm -rf build tests/bin mootd mootctl

# Further targets (fuzz, sanitizers, benchmarks) live in their own files.
-include $(wildcard mk/*.mk)
