# mk/bench.mk: benchmarks (issue 5).  Included by the top Makefile.
#
#   make bench        every scenario for a few seconds; prints one table
#                     and adds it to docs/benchmarks.md (a few minutes);
#                     GMID=DIR, a gmid checkout, builds gmid (it needs
#                     yacc) and adds its rows beside molly-brown's
#   make bench-smoke  every scenario for about a second on a small
#                     database; checks that they all work, writes nothing
#                     to docs/ (for CI)
#   make bench-scale  the home page's cost on 1,000 and 1,000,000
#                     comments (makes the large database once: a minute)
#   make bench-sites  RSS with 1, 10 and 100 idle communities on one
#                     mootd --sites, and its start-up time with 100
#                     (bench/sites.sh; makes the sites once)
#
# Benchmarks are not tests: `make test' never runs them, and none of
# these targets fails on a timing.  Generated files go to bench/var/,
# programs to bench/bin/ (both belong in .gitignore).

BENCH_BIN = bench/bin/loadgen bench/bin/gendb bench/bin/render_bench \
    bench/bin/tlsfloor

.PHONY: bench bench-smoke bench-scale bench-sites bench-tools

bench-tools: $(BENCH_BIN)

bench/bin/loadgen: bench/loadgen.c bench/certdir.c bench/certdir.h
	@mkdir -p bench/bin
	$(CC) $(CFLAGS) -o $@ bench/loadgen.c bench/certdir.c $(LDLIBS) -lm

bench/bin/gendb: bench/gendb.c bench/certdir.c bench/certdir.h
	@mkdir -p bench/bin
	$(CC) $(CFLAGS) -o $@ bench/gendb.c bench/certdir.c $(LDLIBS)

bench/bin/render_bench: bench/render_bench.c build/libmoot.a $(HDRS)
	@mkdir -p bench/bin
	$(CC) $(CFLAGS) -o $@ $< build/libmoot.a $(LDLIBS)

bench/bin/tlsfloor: bench/tlsfloor.c build/libmoot.a $(HDRS)
	@mkdir -p bench/bin
	$(CC) $(CFLAGS) -o $@ $< build/libmoot.a $(LDLIBS)

# Each scenario is bounded inside run.sh; these caps bound a whole run
# (the first run also generates the databases).
bench: all bench-tools
	@timeout -k 10 1200 bench/run.sh full

bench-smoke: all bench-tools
	@timeout -k 10 300 bench/run.sh smoke

bench-scale: all bench-tools
	@timeout -k 10 1200 bench/run.sh scale

bench-sites: all
	@timeout -k 10 600 bench/sites.sh
