# mk/fuzz.mk: libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with clang
# against moot's library sources compiled once more with sanitizers.
#
#   make fuzz            each harness for FUZZ_SECONDS (default 600);
#                        `make -j2 fuzz' runs two at a time
#   make fuzz-smoke      each harness for 10 s (CI)
#   make fuzz-build      only build build/fuzz/fuzz_*
#   make fuzz-run-NAME   one harness (NAME: url, gopher, input, gemtext,
#                        html, proxyv2)
#
# The seeds in tests/fuzz/corpus/NAME/ are read, never written: what the
# fuzzer finds goes to build/fuzz/corpus/NAME/, and a crashing input to
# build/fuzz/crash/NAME-crash-<sha1> (replay it with
# `build/fuzz/fuzz_NAME FILE').  A harness that finds a crash, a sanitizer
# report or a broken invariant (abort) makes the target fail.
#
# There is nothing else to fuzz on the operator's side: mootd has no
# configuration file (only flags), and its settings live in the database.

FUZZ_CC		?= clang
FUZZ_SECONDS	?= 600
FUZZ_SMOKE_SECONDS ?= 10
# FUZZ_SAN_EXTRA (e.g. -fno-sanitize=pointer-overflow) lets a long run
# go past a known, reported bug; use another FUZZ_DIR for such a build.
FUZZ_SAN_EXTRA	?=
FUZZ_SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer $(FUZZ_SAN_EXTRA)
FUZZ_CFLAGS	 = -g -O1 -std=c11 -D_GNU_SOURCE $(WARN) $(PKG_CFLAGS) -Isrc \
		   $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_LDFLAGS	 = $(FUZZ_SAN) -fsanitize=fuzzer
FUZZ_DIR	?= build/fuzz
FUZZ_OBJ	 = $(LIB_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_NAMES	 = url gopher input gemtext html proxyv2
FUZZ_BIN	 = $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
# Inputs longer than the protocol allows are refused before any parsing,
# so there is no point in making them (texts: a Titan upload is larger).
FUZZ_MAXLEN_url	    = 1100
FUZZ_MAXLEN_gopher  = 1100
FUZZ_MAXLEN_input   = 8192
FUZZ_MAXLEN_gemtext = 8192
FUZZ_MAXLEN_html    = 8192
FUZZ_MAXLEN_proxyv2 = 600
FUZZ_OPTS	 = -print_final_stats=1 -timeout=10 -rss_limit_mb=1024
FUZZ_ENV	 = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: fuzz fuzz-smoke fuzz-build $(FUZZ_NAMES:%=fuzz-run-%) \
	$(FUZZ_NAMES:%=fuzz-smoke-%)

fuzz-build: $(FUZZ_BIN)

$(FUZZ_DIR)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/libmoot.a: $(FUZZ_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libmoot.a $(HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LDFLAGS) -o $@ $< \
	    $(FUZZ_DIR)/libmoot.a $(LDLIBS)

# fuzz_run NAME SECONDS
define fuzz_run
	@mkdir -p $(FUZZ_DIR)/corpus/$(1) $(FUZZ_DIR)/crash
	@echo "# fuzz_$(1): $(2) s, log in $(FUZZ_DIR)/fuzz_$(1).log"
	@$(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$(1) $(FUZZ_OPTS) \
	    -max_total_time=$(2) -max_len=$(FUZZ_MAXLEN_$(1)) \
	    $(if $(wildcard tests/fuzz/$(1).dict),-dict=tests/fuzz/$(1).dict) \
	    -artifact_prefix=$(FUZZ_DIR)/crash/$(1)- \
	    $(FUZZ_DIR)/corpus/$(1) tests/fuzz/corpus/$(1) \
	    >$(FUZZ_DIR)/fuzz_$(1).log 2>&1; rc=$$?; \
	grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|Done |stat::(number_of_executed_units|new_units_added|peak_rss)|==[0-9]+==ERROR|SUMMARY|.*(Test unit written|deadly signal))' \
	    $(FUZZ_DIR)/fuzz_$(1).log | sed 's/^/# fuzz_$(1): /'; \
	test $$rc = 0 || \
	    { echo "fuzz_$(1) FAILED (exit $$rc): see $(FUZZ_DIR)/fuzz_$(1).log"; exit 1; }
endef

$(FUZZ_NAMES:%=fuzz-run-%): fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	$(call fuzz_run,$*,$(FUZZ_SECONDS))

$(FUZZ_NAMES:%=fuzz-smoke-%): fuzz-smoke-%: $(FUZZ_DIR)/fuzz_%
	$(call fuzz_run,$*,$(FUZZ_SMOKE_SECONDS))

fuzz: $(FUZZ_NAMES:%=fuzz-run-%)

fuzz-smoke: $(FUZZ_NAMES:%=fuzz-smoke-%)
