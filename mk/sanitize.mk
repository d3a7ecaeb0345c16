# mk/sanitize.mk: the test suites against a sanitized mootd, under
# valgrind, and the long crash test.
#
#   make check-asan           mootd, mootctl, the unit tests and gemreq
#                             built with -fsanitize=address,undefined into
#                             build/asan/; the unit suites and every
#                             integration suite run against them
#   make check-asan-selftest  proves a sanitizer report fails check-asan:
#                             a mootd with a deliberate leak
#                             (tests/crash/san_canary.c) must fail it
#   make check-valgrind       one integration pass (ASAN-free build) with
#                             mootd under valgrind (memcheck, leaks, fds)
#   make crash-long           tests/integration/crash.sh with 100 kills
#
# Each ends with the "N passed, N failed" line of tests/run.sh, where a
# sanitizer or valgrind report counts as one more failure.
#
# The sanitized mootd is linked with tests/crash/no_landlock.c: confined
# by Landlock, LeakSanitizer cannot read /proc/PID/task and dies at exit
# instead of reporting (nor can ASan open a log_path file).  Its reports
# go to stderr, which tests/lib.sh sends to $TMP/mootd.log; check-asan
# runs the suites with KEEP_TMP=1 and TMPDIR=build/asan/tmp, so that
# those logs (and mootctl's) survive the scripts, then looks for reports
# in every log there and in the suites' own logs (build/asan/logs/, where
# the unit tests' reports land).  build/asan/tests/bin/gemreq is built
# too, but tests/lib.sh always runs tests/bin/gemreq.

ASAN_DIR	 = build/asan
ASAN_SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer
ASAN_CFLAGS	 = $(CFLAGS) $(ASAN_SAN)
ASAN_OBJ	 = $(LIB_SRC:%.c=$(ASAN_DIR)/%.o)
ASAN_UNIT_BIN	 = $(UNIT_SRC:tests/unit/%.c=$(ASAN_DIR)/tests/bin/%)
ASAN_TOOL_BIN	 = $(TOOL_SRC:tests/tools/%.c=$(ASAN_DIR)/tests/bin/%)
ASAN_TMP	 = $(CURDIR)/$(ASAN_DIR)/tmp
# What a sanitizer report looks like, in any log.
SAN_REPORT_RE	 = ERROR: (AddressSanitizer|LeakSanitizer)|LeakSanitizer has encountered|runtime error:|SUMMARY: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)
ASAN_MOOTD	?= $(ASAN_DIR)/mootd
ASAN_SUITES	?= $(ASAN_UNIT_BIN) $(wildcard tests/integration/*.sh)
# Sanitized TLS is slower: more time per exchange and per suite.
ASAN_ENV	 = MOOTD=$(CURDIR)/$(ASAN_MOOTD) \
		   MOOTCTL=$(CURDIR)/$(ASAN_DIR)/mootctl \
		   TEST_HTML=$(CURDIR)/$(ASAN_DIR)/tests/bin/test_html \
		   ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		   KEEP_TMP=1 TMPDIR=$(ASAN_TMP) \
		   NET_TIMEOUT=10 SUITE_TIMEOUT=$${SUITE_TIMEOUT:-300} \
		   TEST_LOGDIR=$(ASAN_DIR)/logs

VG_DIR		 = build/valgrind
VG_REPORTS	 = $(CURDIR)/$(VG_DIR)/reports
VG_SUITES	?= tests/integration/gemini_protocol.sh \
		   tests/integration/gopher_protocol.sh tests/integration/hostile.sh
VG_MOOTD	?= mootd
VG_OPTS		 = --leak-check=full --errors-for-leak-kinds=definite,indirect \
		   --error-exitcode=99 --track-fds=yes --num-callers=30

CRASH_LONG_ROUNDS ?= 100

# The log files tests/run.sh will write, made beforehand: it starts
# `tail -f' on each before the suite has created it.
suite_logs = $(addsuffix .log,$(notdir $(basename $(1))))

.PHONY: check-asan check-asan-selftest check-valgrind asan-build crash-long

$(ASAN_DIR)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

$(ASAN_DIR)/libmoot.a: $(ASAN_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# Without Landlock (tests/crash/no_landlock.c says why).
$(ASAN_DIR)/mootd: $(ASAN_DIR)/src/mootd.o \
    $(ASAN_DIR)/tests/crash/no_landlock.o $(ASAN_DIR)/libmoot.a
	$(CC) $(ASAN_SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ldl

$(ASAN_DIR)/mootd-canary: $(ASAN_DIR)/src/mootd.o \
    $(ASAN_DIR)/tests/crash/no_landlock.o \
    $(ASAN_DIR)/tests/crash/san_canary.o $(ASAN_DIR)/libmoot.a
	$(CC) $(ASAN_SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ldl

$(ASAN_DIR)/mootctl: $(ASAN_DIR)/src/mootctl.o $(ASAN_DIR)/libmoot.a
	$(CC) $(ASAN_SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(ASAN_DIR)/tests/bin/%: tests/unit/%.c tests/unit/tap.h $(ASAN_DIR)/libmoot.a
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -Itests/unit -o $@ $< $(ASAN_DIR)/libmoot.a \
	    $(LDLIBS)

$(ASAN_DIR)/tests/bin/%: tests/tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -o $@ $< $(LDLIBS)

# The slow-client helper of the hardening tests (the scripts build it
# themselves with `make tests/bin/slowloris' when it is missing).
tests/bin/slowloris: tests/crash/slowloris.c
	@mkdir -p tests/bin
	$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

asan-build: $(ASAN_DIR)/mootd $(ASAN_DIR)/mootctl $(ASAN_UNIT_BIN) \
    $(ASAN_TOOL_BIN)

# san_report NAME RUNLOG FILES...: after tests/run.sh (its output in
# RUNLOG), show the reports (FILES are the logs that hold one) and print
# the final line with each such log counted as a failure; fails when
# anything failed.
define san_report
	@set -- $$(tail -n 1 $(2) | \
	    sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$$/\1 \2/p'); \
	p=$${1:-0}; f=$${2:-1}; \
	set -- $(3); n=$$#; \
	if [ "$$n" -gt 0 ]; then \
	  echo "# ---- $(1): $$n log(s) with a report:"; \
	  for r in "$$@"; do echo "#   $$r"; done; \
	  echo "# -- the first:"; \
	  grep -m 1 -A 40 -E '$(SAN_REPORT_RE)|Invalid|uninitialised|definitely lost in|ERROR SUMMARY: [1-9]|FILE DESCRIPTORS' "$$1" | \
	      sed 's/^/#   /'; \
	fi; \
	echo "$$p passed, $$((f + n)) failed"; \
	test "$$((f + n))" = 0
endef

check-asan: asan-build $(ASAN_MOOTD) $(TOOL_BIN) tests/bin/slowloris
	@rm -rf $(ASAN_DIR)/tmp $(ASAN_DIR)/logs
	@mkdir -p $(ASAN_DIR)/tmp $(ASAN_DIR)/logs
	@cd $(ASAN_DIR)/logs && touch $(call suite_logs,$(ASAN_SUITES))
	@echo "# check-asan: $(ASAN_MOOTD); test directories kept in $(ASAN_DIR)/tmp/"
	@$(ASAN_ENV) tests/run.sh $(ASAN_SUITES) 2>&1 | \
	    tee $(ASAN_DIR)/run.log; true
	$(call san_report,check-asan,$(ASAN_DIR)/run.log,$$(grep -rlE \
	    '$(SAN_REPORT_RE)' --include='*.log' $(ASAN_DIR)/tmp $(ASAN_DIR)/logs))

# A mootd that leaks at start-up must make check-asan fail; one short
# suite is enough to show it.
check-asan-selftest: $(ASAN_DIR)/mootd-canary $(ASAN_DIR)/mootctl
	@echo "# check-asan-selftest: a deliberate leak in mootd"
	@if MOOT_SAN_CANARY=leak $(MAKE) --no-print-directory check-asan \
	    ASAN_MOOTD=$(ASAN_DIR)/mootd-canary \
	    ASAN_SUITES=tests/crash/san_smoke.sh \
	    > $(ASAN_DIR)/selftest.log 2>&1; then \
	  echo "not ok - check-asan passed with a leaking mootd"; \
	  echo "0 passed, 1 failed"; exit 1; fi; \
	if ! grep -rq --include=mootd.log 'LeakSanitizer: detected memory leaks' \
	    $(ASAN_DIR)/tmp; then \
	  echo "not ok - check-asan failed, but not for the leak:"; \
	  tail -n 20 $(ASAN_DIR)/selftest.log; \
	  echo "0 passed, 1 failed"; exit 1; fi; \
	echo "ok - check-asan fails on a LeakSanitizer report in mootd"; \
	grep -rh --include=mootd.log 'SUMMARY' $(ASAN_DIR)/tmp | head -n 2 | \
	    sed 's/^/#   /'; \
	echo "1 passed, 0 failed"

# mootd under valgrind: a wrapper script stands in for it (tests/lib.sh
# runs $MOOTD), so the suite needs no change.  Valgrind makes TLS slow.
# A log fails on any error (leaks definitely or indirectly lost count as
# errors) or on a descriptor left open at exit that mootd opened itself
# (--track-fds marks those the test harness passed down as inherited).
# Valgrind does not know Landlock's system calls and answers ENOSYS, so
# mootd runs unconfined under it.
check-valgrind: mootd mootctl tests/bin/gemreq
	@rm -rf $(VG_DIR)/reports $(VG_DIR)/logs
	@mkdir -p $(VG_DIR)/reports $(VG_DIR)/logs
	@cd $(VG_DIR)/logs && touch $(call suite_logs,$(VG_SUITES))
	@printf '#!/bin/sh\nexec valgrind %s --log-file=%s/vg.%%p %s "$$@"\n' \
	    '$(VG_OPTS)' '$(VG_REPORTS)' '$(abspath $(VG_MOOTD))' > $(VG_DIR)/mootd
	@chmod +x $(VG_DIR)/mootd
	@echo "# check-valgrind: $(VG_SUITES), reports in $(VG_DIR)/reports/"
	@MOOTD=$(CURDIR)/$(VG_DIR)/mootd NET_TIMEOUT=30 \
	    SUITE_TIMEOUT=$${SUITE_TIMEOUT:-900} TEST_LOGDIR=$(VG_DIR)/logs \
	    tests/run.sh $(VG_SUITES) 2>&1 | tee $(VG_DIR)/run.log; true
	@ls $(VG_DIR)/reports | grep -q '^vg\.' || { \
	  echo "# check-valgrind: valgrind wrote no log"; \
	  echo "0 passed, 1 failed"; exit 1; }
	$(call san_report,check-valgrind,$(VG_DIR)/run.log,$$(for r in \
	    $(VG_DIR)/reports/vg.*; do \
	  fds=$$(awk '/Open file descriptor/ { fd = $$0; next } \
	      fd != "" && !/inherited from parent/ { n++ } { fd = "" } \
	      END { print n + 0 }' "$$r"); \
	  if ! grep -q 'ERROR SUMMARY: 0 errors' "$$r" || \
	      [ "$$fds" != 0 ]; then echo "$$r"; fi; done))

# Its own log folder, so that a `make test' running meanwhile does not
# write over it.
crash-long: mootd mootctl tests/bin/gemreq
	@mkdir -p build/crash-long/logs
	@touch build/crash-long/logs/crash.log
	CRASH_ROUNDS=$(CRASH_LONG_ROUNDS) SUITE_TIMEOUT=$${SUITE_TIMEOUT:-1200} \
	    TEST_LOGDIR=build/crash-long/logs tests/run.sh tests/integration/crash.sh
