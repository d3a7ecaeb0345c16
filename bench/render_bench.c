/*
 * render_bench.c: how long moot takes to build and render a page, with
 * no network and no TLS: the router, the handler's queries, the page
 * model and the gemtext (or Gopher menu) renderer, exactly as a worker
 * runs them.
 *
 *   render_bench [--seconds S] [--capsule DIR] [--member FINGERPRINT]
 *       --db FILE CASE... [--db FILE CASE...]
 *
 * A CASE is PROTO:PATH, e.g. gemini:/thread/501 or gopher:/, on the
 * database named before it; member:PATH is gemini:PATH asked with the
 * client certificate whose SHA-256 fingerprint --member names (a member
 * of that database), as a member's client asks: their page, its action
 * links signed.  After a warm-up the cases take turns in
 * 10 ms slices for S seconds each (default 1), so that on a busy machine
 * all of them meet the same load; each prints one line:
 *
 *   RENDER case=gemini:/ db=NAME median_us=.. p90_us=.. min_us=..
 *          route_us=.. render_us=.. bytes=.. runs=..
 *
 * route_us is the median time in route() (queries and page building),
 * render_us the median time turning the page into bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "store/store.h"
#include "core/intent.h"
#include "core/log.h"
#include "net/server.h"
#include "store/views.h"
#include "handlers/snapshots.h"

#define WARMUP_US	50000.0		/* each case, before timing */
#define SLICE_US	10000.0		/* a case's turn */
#define RUNS_MAX	200000
#define SECONDS_MAX	60.0		/* per case */
#define CASES_MAX	32

/*
 * What a worker keeps for one site, here one a --db: its store, its
 * snapshots of members' discussion pages (snapshots.h) and its signer of
 * intent tokens (core/intent.h).  The cases take the last --db before
 * them.
 */
struct bench_db {
	struct store		*store;
	struct snapshots	*snaps;
	struct intent_signer	*signer;
};
static struct bench_db	 bench_dbs[CASES_MAX];
static int		 bench_ndbs;

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), dbl_cmp);
	return n ? v[n / 2] : 0;
}

/*
 * One request through route() and the renderer, as gemini.c and
 * gopher.c do it; the microseconds spent in each go to *route and
 * *render.  Returns the bytes of the body, or -1 when the page did not
 * answer 20 with a page.
 */
static long
run_once(struct worker *w, const struct bench_db *db, enum proto proto,
    const char *path,
    const char *member, struct evbuffer *out, double *route_us,
    double *render_us)
{
	struct identity	 ident;
	struct request	 req;
	struct reply	 rep;
	double		 t0, t1, t2;
	long		 len;

	memset(&req, 0, sizeof(req));
	memset(&rep, 0, sizeof(rep));
	rep.fd = -1;
	t0 = now_us();
	req.proto = proto;
	req.site = &w->srv->site;
	req.store = db->store;
	req.page = &w->page;
	page_reset(req.page);
	req.path = path;
	req.addr = "127.0.0.1";
	req.now = time(NULL);
	req.snaps = db->snaps;
	req.signer = db->signer;
	if (member != NULL) {
		memset(&ident, 0, sizeof(ident));
		snprintf(ident.fingerprint, sizeof(ident.fingerprint), "%s",
		    member);
		req.ident = &ident;
	}
	/* as server.c serves a request: one read transaction */
	store_read_begin(db->store);
	route(&req, &rep);
	store_read_end(db->store);
	t1 = now_us();
	/* a member: or the case measures a stranger's page */
	if (member != NULL && (req.cert_member == NULL ||
	    req.cert_member_rc != STORE_OK)) {
		fprintf(stderr, "render_bench: %s is no member's certificate "
		    "here\n", member);
		return -1;
	}
	if (rep.status != GEMINI_SUCCESS || !rep.has_page) {
		if (rep.fd != -1)
			close(rep.fd);
		fprintf(stderr, "render_bench: %s answers %d %s (not a "
		    "page)\n", path, rep.status, rep.meta);
		return -1;
	}
	if (proto == PROTO_GOPHER)
		gophermap_render(req.page, &w->srv->site.gopher, out);
	else
		gemtext_render(req.page, NULL, out);
	t2 = now_us();
	len = (long)evbuffer_get_length(out);
	evbuffer_drain(out, len);
	*route_us = t1 - t0;
	*render_us = t2 - t1;
	return len;
}

/* One case: a path on one database, and what its runs took. */
struct bcase {
	const char	*spec;
	const char	*db;
	struct worker	*w;
	const struct bench_db *bdb;	/* the last --db before it */
	enum proto	 proto;
	const char	*path;
	const char	*member;	/* a fingerprint, or NULL */
	double		*total, *route_t, *render_t;
	size_t		 n;
	long		 bytes;
};

static int
case_init(struct bcase *bc, struct worker *w, const char *db,
    const char *member, const char *spec)
{
	const char *slash = strrchr(db, '/');

	memset(bc, 0, sizeof(*bc));
	bc->spec = spec;
	bc->db = slash ? slash + 1 : db;
	bc->w = w;
	bc->bdb = &bench_dbs[bench_ndbs - 1];
	if (strncmp(spec, "gemini:", 7) == 0)
		bc->proto = PROTO_GEMINI;
	else if (strncmp(spec, "gopher:", 7) == 0)
		bc->proto = PROTO_GOPHER;
	else if (strncmp(spec, "member:", 7) == 0 && member != NULL) {
		bc->proto = PROTO_GEMINI;
		bc->member = member;
	} else {
		fprintf(stderr, "render_bench: %s: want gemini:PATH, "
		    "gopher:PATH or (with --member) member:PATH\n", spec);
		return -1;
	}
	bc->path = spec + 7;
	if ((bc->total = calloc(RUNS_MAX, sizeof(double))) == NULL ||
	    (bc->route_t = calloc(RUNS_MAX, sizeof(double))) == NULL ||
	    (bc->render_t = calloc(RUNS_MAX, sizeof(double))) == NULL) {
		fprintf(stderr, "render_bench: out of memory\n");
		return -1;
	}
	return 0;
}

/* Runs of one case for slice_us; -1 when the page cannot be made. */
static int
case_slice(struct bcase *bc, struct evbuffer *out, double slice_us)
{
	double	t_end = now_us() + slice_us;
	long	bytes;

	while (bc->n < RUNS_MAX && now_us() < t_end) {
		bytes = run_once(bc->w, bc->bdb, bc->proto, bc->path,
		    bc->member, out,
		    &bc->route_t[bc->n], &bc->render_t[bc->n]);
		if (bytes < 0)
			return -1;
		bc->bytes = bytes;
		bc->total[bc->n] = bc->route_t[bc->n] + bc->render_t[bc->n];
		bc->n++;
	}
	return 0;
}

static void
case_report(struct bcase *bc)
{
	size_t n = bc->n;

	qsort(bc->total, n, sizeof(double), dbl_cmp);
	printf("RENDER case=%s db=%s median_us=%.1f p90_us=%.1f min_us=%.1f "
	    "route_us=%.1f render_us=%.1f bytes=%ld runs=%zu\n", bc->spec,
	    bc->db,
	    n ? bc->total[n / 2] : 0, n ? bc->total[n * 9 / 10] : 0,
	    n ? bc->total[0] : 0, median(bc->route_t, n),
	    median(bc->render_t, n), bc->bytes, n);
}

static void
usage(void)
{
	fprintf(stderr, "usage: render_bench [--seconds S] [--capsule DIR] "
	    "[--member FINGERPRINT] --db FILE PROTO:PATH... "
	    "[--db FILE PROTO:PATH...]\n");
	exit(2);
}

/* The least of a server that handlers look at, over one database. */
static struct worker *
worker_for(const char *db, struct config *conf, struct server *srv)
{
	struct bench_db	*bd = &bench_dbs[bench_ndbs];
	struct worker	*w;

	if (bench_ndbs == CASES_MAX) {
		fprintf(stderr, "render_bench: too many --db\n");
		return NULL;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->srv = srv;
	page_init(&w->page);
	if ((bd->snaps = snapshots_new()) == NULL ||
	    (bd->signer = intent_signer_new(srv->site.intent_secret)) ==
	    NULL || (bd->store = store_open(db, 0)) == NULL) {
		fprintf(stderr, "render_bench: cannot open %s\n", db);
		free(w);
		return NULL;
	}
	bench_ndbs++;
	(void)conf;
	return w;
}

int
main(int argc, char *argv[])
{
	static struct config	 conf;
	static struct server	 srv;
	static struct bcase	 cases[CASES_MAX];
	struct worker		*w = NULL;
	struct evbuffer		*out;
	double			 seconds = 1.0, t_end;
	char			*end;
	const char		*member = NULL;
	int			 i, k, ncases = 0, rc = 0;

	log_init("render_bench", 0, LOG_LEVEL_WARN);
	conf.hostname = "localhost";
	conf.workers = 1;
	conf.titan_max = DEFAULT_TITAN_MAX;
	srv.conf = &conf;
	srv.site.hostname = conf.hostname;
	if ((srv.site.views = views_new()) == NULL)
		return 1;
	srv.site.titan_max = conf.titan_max;
	srv.site.gemini_port = GEMINI_DEFAULT_PORT;
	snprintf(srv.site.gopher_port, sizeof(srv.site.gopher_port), "%d",
	    GOPHER_DEFAULT_PORT);
	snprintf(srv.site.gemini_base, sizeof(srv.site.gemini_base),
	    "gemini://%s", conf.hostname);
	srv.site.gopher.host = conf.hostname;
	srv.site.gopher.port = srv.site.gopher_port;
	srv.site.gopher.gemini_base = srv.site.gemini_base;

	/* in order: each --db applies to the cases after it */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			errno = 0;
			seconds = strtod(argv[++i], &end);
			if (*end != '\0' || errno || seconds <= 0 ||
			    seconds > SECONDS_MAX)
				usage();
		} else if (strcmp(argv[i], "--capsule") == 0 && i + 1 < argc)
			conf.capsule = argv[++i];
		else if (strcmp(argv[i], "--member") == 0 && i + 1 < argc)
			member = argv[++i];
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			conf.db_path = argv[++i];
			if ((w = worker_for(argv[i], &conf, &srv)) == NULL)
				return 1;
		} else if (argv[i][0] == '-' || w == NULL || ncases == CASES_MAX)
			usage();
		else if (case_init(&cases[ncases++], w, conf.db_path, member,
		    argv[i]) == -1)
			return 1;
	}
	if (ncases == 0)
		usage();
	if ((out = evbuffer_new()) == NULL)
		return 1;

	/*
	 * Warm up, then take turns in short slices, so that every case
	 * meets the same background load on a shared machine.
	 */
	for (k = 0; k < ncases; k++) {
		if (case_slice(&cases[k], out, WARMUP_US) == -1)
			return 1;
		cases[k].n = 0;
	}
	t_end = now_us() + seconds * ncases * 1e6;
	while (now_us() < t_end)
		for (k = 0; k < ncases; k++)
			if (case_slice(&cases[k], out, SLICE_US) == -1)
				return 1;
	for (k = 0; k < ncases; k++)
		case_report(&cases[k]);
	evbuffer_free(out);
	return rc;
}
