/*
 * gendb.c: a deterministic benchmark community, written with SQLite
 * straight into a database that `mootctl --db FILE init` has created.
 *
 * The same flags always give the same rows: members, spaces, threads and
 * comments whose texts are built from a fixed word list by a seeded
 * generator, with times counted from a fixed date.  Comments are written
 * in time order, spread over every thread, as a real community's are;
 * one thread (the "big" one, in the middle) gets exactly --big comments,
 * evenly spread over the whole history.  Everything goes in one
 * transaction through prepared statements; moot's own triggers keep the
 * counters.
 *
 * --certs DIR registers every .crt file in DIR (in name order) as the certificates of
 * the first members, so that a load generator can post as them.
 *
 * The last line is machine-readable:
 *   GENDB big_thread=ID space=SLUG post_thread=ID members=N ...
 */
#include <sys/time.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <sqlite3.h>

#include "certdir.h"

#define BASE_TIME	1735689600	/* 2025-01-01T00:00:00Z */
#define HISTORY		(300LL * 24 * 60 * 60)	/* s the comments span */
#define TEXT_MAX	8192
#define CERTS_MAX	4096
#define NAME_MAX_LEN	96

static void	 usage(void) __attribute__((noreturn));
static void	 die(const char *, ...)
		    __attribute__((noreturn, format(printf, 1, 2)));

static sqlite3	*db;

static const char *const words[] = {
	"the", "a", "small", "web", "capsule", "server", "client", "page",
	"link", "gemini", "gopher", "text", "line", "we", "it", "is", "was",
	"and", "or", "but", "because", "when", "if", "then", "so", "with",
	"without", "about", "for", "from", "into", "over", "under", "again",
	"certificate", "request", "reply", "status", "cache", "database",
	"thread", "comment", "space", "member", "community", "garden",
	"bicycle", "kettle", "radio", "antenna", "library", "notebook",
	"keyboard", "terminal", "editor", "program", "compiler", "memory",
	"disk", "network", "packet", "morning", "evening", "winter", "summer",
	"rain", "river", "bridge", "kitchen", "bread", "tea", "coffee",
	"question", "answer", "idea", "mistake", "fix", "patch", "release",
	"version", "manual", "book", "chapter", "quiet", "slow", "fast",
	"simple", "careful", "strange", "useful", "old", "new", "tiny",
	"large", "warm", "cold", "bright", "plain", "honest", "curious",
	"works", "breaks", "helps", "reads", "writes", "builds", "tries",
	"learns", "shares", "keeps", "finds", "loses", "makes", "needs",
	"likes", "remembers", "forgets", "tested", "measured", "wondered",
	"noticed", "wrote", "read", "built", "found", "think", "believe",
	"perhaps", "really", "mostly", "rarely", "always", "never", "still",
	"already", "here", "there", "today", "yesterday", "tomorrow", "this",
	"that", "these", "those", "my", "your", "our", "their", "one", "two",
	"three", "few", "many", "some", "every", "other", "same", "more",
	"less", "enough", "too", "very", "just", "only", "also", "even",
};
#define NWORDS	(sizeof(words) / sizeof(words[0]))

static const char *const first_names[] = {
	"Ada", "Bea", "Cai", "Dara", "Emil", "Fen", "Gus", "Hana", "Ivo",
	"Jun", "Kit", "Lior", "Mara", "Nico", "Oona", "Pim", "Quin", "Rosa",
	"Sol", "Tove", "Uma", "Vik", "Wren", "Xan", "Yara", "Zeno", "Abe",
	"Bo", "Cleo", "Dov", "Eli", "Flo", "Gil", "Hal", "Isa", "Jo", "Kai",
	"Lea", "Mo", "Nell", "Otto", "Pia", "Ravi", "Sam", "Tam", "Ugo",
	"Vera", "Will", "Yuki", "Zia",
};
static const char *const last_names[] = {
	"Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Haddad",
	"Silva", "Novak", "Byrne", "Varga", "Ortiz", "Dubois", "Rossi",
	"Sato", "Keller", "Nyberg", "Adeyemi", "Brandt", "Costa", "Dahl",
	"Eriksen", "Farah", "Grant", "Horvat", "Ibrahim", "Jansen", "Kaur",
	"Laine", "Mendes", "Nakamura", "Olsen", "Petrov", "Quinn", "Ruiz",
	"Stein", "Toth", "Ueda", "Vidal", "Weiss", "Yilmaz", "Zhou", "Abbott",
	"Berg", "Choi", "Duarte", "Engel", "Fischer", "Gray", "Holm", "Ito",
};
#define NFIRST	(sizeof(first_names) / sizeof(first_names[0]))
#define NLAST	(sizeof(last_names) / sizeof(last_names[0]))

static const char *const space_slugs[] = {
	"general", "help", "projects", "showcase", "tools", "reading",
	"events", "meta", "offtopic", "announcements",
};
#define NSLUGS	(sizeof(space_slugs) / sizeof(space_slugs[0]))

/* splitmix64: small, fast, and the same everywhere */
static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rng_below(uint64_t n)
{
	return n ? rng() % n : 0;
}

/*
 * A member, as communities have them: a few write much, most little
 * (the first tenth of the members write about a third of the posts).
 */
static uint64_t
rng_author(uint64_t n)
{
	double u = (double)(rng() >> 11) / 9007199254740992.0;

	return (uint64_t)(n * u * u);
}

static void
usage(void)
{
	fprintf(stderr,
"usage: gendb --db FILE [options]\n"
"  --db FILE        a database made by `mootctl --db FILE init'\n"
"  --members N      default 2000\n"
"  --spaces N       default 10\n"
"  --threads N      default 1000\n"
"  --comments N     default 100000 (the big thread's included)\n"
"  --big N          comments of the big thread (default 200)\n"
"  --certs DIR      register DIR/*.crt as the first members' certificates\n"
"  --seed N         default 1\n"
"  --schema         print the database's schema version, and nothing else\n");
	exit(2);
}

static void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gendb: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (db != NULL && sqlite3_errcode(db) != SQLITE_OK)
		fprintf(stderr, ": %s", sqlite3_errmsg(db));
	fprintf(stderr, "\n");
	exit(1);
}

static double
now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static void
exec(const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		die("%s: %s", sql, err ? err : "?");
}

static sqlite3_stmt *
prepare(const char *sql)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		die("prepare %s", sql);
	return s;
}

/* Step an INSERT; its row id. */
static int64_t
insert(sqlite3_stmt *s)
{
	if (sqlite3_step(s) != SQLITE_DONE)
		die("insert");
	sqlite3_reset(s);
	return sqlite3_last_insert_rowid(db);
}

static int
has_column(const char *table, const char *column)
{
	sqlite3_stmt	*s;
	char		 sql[128];
	int		 found = 0;

	snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", table);
	s = prepare(sql);
	while (sqlite3_step(s) == SQLITE_ROW)
		if (strcmp((const char *)sqlite3_column_text(s, 1),
		    column) == 0)
			found = 1;
	sqlite3_finalize(s);
	return found;
}

/* Append to a bounded text buffer. */
struct text {
	char	buf[TEXT_MAX];
	size_t	len;
};

static void
text_add(struct text *t, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (t->len >= sizeof(t->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < sizeof(t->buf) - t->len ? (size_t)n :
		    sizeof(t->buf) - t->len - 1;
}

static void
sentence(struct text *t)
{
	int n = 5 + (int)rng_below(12), i;

	for (i = 0; i < n; i++) {
		const char *w = words[rng_below(NWORDS)];

		if (i == 0)
			text_add(t, "%c%s", w[0] - 'a' + 'A', w + 1);
		else
			text_add(t, " %s", w);
	}
	text_add(t, "%s", rng_below(8) == 0 ? "?" : ".");
}

/* A post of 1 to 4 paragraphs of gemtext, now and then a quote, a list
 * or a link, as members write them. */
static const char *
post_text(struct text *t)
{
	int paras = 1 + (int)rng_below(4), p, s, k;

	t->len = 0;
	t->buf[0] = '\0';
	for (p = 0; p < paras; p++) {
		if (p > 0)
			text_add(t, "\n\n");
		switch (rng_below(10)) {
		case 0:
			text_add(t, "> ");
			sentence(t);
			text_add(t, "\n\n");
			break;
		case 1:
			text_add(t, "=> gemini://example.org/notes/%llu.gmi "
			    "my notes on this\n",
			    (unsigned long long)rng_below(1000));
			break;
		case 2:
			for (k = 0; k < 3; k++) {
				text_add(t, "* ");
				sentence(t);
				text_add(t, "\n");
			}
			break;
		}
		s = 1 + (int)rng_below(3);
		for (k = 0; k < s; k++) {
			if (k > 0)
				text_add(t, " ");
			sentence(t);
		}
	}
	return t->buf;
}

static const char *
title_text(struct text *t)
{
	int n = 3 + (int)rng_below(7), i;

	t->len = 0;
	for (i = 0; i < n; i++) {
		const char *w = words[rng_below(NWORDS)];

		if (i == 0)
			text_add(t, "%c%s", w[0] - 'a' + 'A', w + 1);
		else
			text_add(t, " %s", w);
	}
	if (rng_below(3) == 0)
		text_add(t, "?");
	return t->buf;
}

static int
schema_version(void)
{
	sqlite3_stmt	*s = prepare("PRAGMA user_version");
	int		 v = -1;

	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The largest id in a table (0 when empty): new rows follow it. */
static int64_t
max_id(const char *table)
{
	sqlite3_stmt	*s;
	char		 sql[96];
	int64_t		 id;

	snprintf(sql, sizeof(sql), "SELECT coalesce(max(id), 0) FROM %s",
	    table);
	s = prepare(sql);
	if (sqlite3_step(s) != SQLITE_ROW)
		die("%s", sql);
	id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return id;
}

/* SHA-256 of the certificate's DER, lower-case hex, as tls.c has it. */
static int
fingerprint(const char *path, char out[65])
{
	FILE		*f;
	X509		*x;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 len, i;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (x == NULL)
		return -1;
	if (X509_digest(x, EVP_sha256(), md, &len) != 1 || len != 32) {
		X509_free(x);
		return -1;
	}
	X509_free(x);
	for (i = 0; i < len; i++)
		snprintf(out + i * 2, 3, "%02x", md[i]);
	return 0;
}

static int
register_certs(const char *dir, const int64_t *member_ids, long nmembers)
{
	char		*names[CERTS_MAX], path[4096], fp[65];
	sqlite3_stmt	*s;
	int		 n, i;

	if ((n = certdir_list(dir, names, CERTS_MAX)) == -1)
		die("%s: %s", dir, strerror(errno));
	if ((long)n > nmembers)
		die("%d certificates but only %ld members", n, nmembers);
	s = prepare("INSERT INTO certs (fingerprint, member_id, added) "
	    "VALUES (?1, ?2, ?3)");
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (fingerprint(path, fp) == -1)
			die("%s: not a PEM certificate", path);
		sqlite3_bind_text(s, 1, fp, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, member_ids[i]);
		sqlite3_bind_int64(s, 3, BASE_TIME);
		insert(s);
		free(names[i]);
	}
	sqlite3_finalize(s);
	return n;
}

static long
num(const char *s, long min, long max, const char *what)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno || v < min || v > max) {
		fprintf(stderr, "gendb: %s: want %ld to %ld\n", what, min, max);
		exit(2);
	}
	return v;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "db",		required_argument, NULL, 'd' },
		{ "members",	required_argument, NULL, 'm' },
		{ "spaces",	required_argument, NULL, 's' },
		{ "threads",	required_argument, NULL, 't' },
		{ "comments",	required_argument, NULL, 'c' },
		{ "big",	required_argument, NULL, 'b' },
		{ "certs",	required_argument, NULL, 'C' },
		{ "seed",	required_argument, NULL, 'S' },
		{ "schema",	no_argument,	   NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct text	 t1, t2;
	const char		*path = NULL, *certs = NULL;
	long			 nmembers = 2000, nspaces = 10, nthreads = 1000;
	long			 ncomments = 100000, nbig = 200, seed = 1;
	long			 i, big, bigdone = 0, ncerts = 0;
	int64_t			*members, *spaces, *threads, *thread_space;
	int64_t			 when, step, post_thread, participants, base;
	sqlite3_stmt		*s;
	char			 name[NAME_MAX_LEN], slug[64];
	double			 t0 = now();
	int			 ch, schema_only = 0, schema;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 'm':
			nmembers = num(optarg, 1, 10000000, "--members");
			break;
		case 's':
			nspaces = num(optarg, 1, 1000, "--spaces");
			break;
		case 't':
			nthreads = num(optarg, 2, 10000000, "--threads");
			break;
		case 'c':
			ncomments = num(optarg, 0, 100000000, "--comments");
			break;
		case 'b':
			nbig = num(optarg, 0, 1000000, "--big");
			break;
		case 'C':
			certs = optarg;
			break;
		case 'S':
			seed = num(optarg, 0, 1L << 30, "--seed");
			break;
		case 'V':
			schema_only = 1;
			break;
		default:
			usage();
		}
	}
	if (path == NULL || optind != argc)
		usage();
	if (nbig > ncomments)
		die("--big %ld is more than --comments %ld", nbig, ncomments);
	rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 1;

	if (sqlite3_open_v2(path, &db, schema_only ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("%s", path);
	if (schema_only) {
		printf("%d\n", schema_version());
		return 0;
	}
	/* a generated file: speed over safety until the end */
	exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
	    "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;"
	    "PRAGMA foreign_keys = ON;");
	s = prepare("SELECT count(*) FROM members");
	if (sqlite3_step(s) != SQLITE_ROW)
		die("%s has no members table: run `mootctl --db %s init' "
		    "first", path, path);
	if (sqlite3_column_int64(s, 0) != 0)
		die("%s already holds a community", path);
	sqlite3_finalize(s);

	members = calloc(nmembers, sizeof(*members));
	spaces = calloc(nspaces, sizeof(*spaces));
	threads = calloc(nthreads, sizeof(*threads));
	thread_space = calloc(nthreads, sizeof(*thread_space));
	if (!members || !spaces || !threads || !thread_space)
		die("out of memory");

	exec("BEGIN");
	s = prepare("INSERT INTO settings (key, value) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	sqlite3_bind_text(s, 1, "name", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, "Benchmark community", -1, SQLITE_STATIC);
	insert(s);
	sqlite3_bind_text(s, 1, "introduction", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, "A generated community for measuring moot.",
	    -1, SQLITE_STATIC);
	insert(s);
	sqlite3_finalize(s);

	s = prepare("INSERT INTO members (name, name_key, joined, role) "
	    "VALUES (?1, lower(?1), ?2, 0)");
	for (i = 0; i < nmembers; i++) {
		if ((size_t)i < NFIRST * NLAST)
			snprintf(name, sizeof(name), "%s %s",
			    first_names[i % NFIRST],
			    last_names[(i / NFIRST) % NLAST]);
		else
			snprintf(name, sizeof(name), "%s %s %ld",
			    first_names[i % NFIRST],
			    last_names[(i / NFIRST) % NLAST],
			    i / (long)(NFIRST * NLAST) + 1);
		sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, BASE_TIME - 86400 * 30 +
		    (int64_t)rng_below(86400 * 30));
		members[i] = insert(s);
	}
	sqlite3_finalize(s);

	s = prepare("INSERT INTO spaces (slug, name, description, position) "
	    "VALUES (?1, ?2, ?3, ?4)");
	for (i = 0; i < nspaces; i++) {
		if ((size_t)i < NSLUGS)
			snprintf(slug, sizeof(slug), "%s", space_slugs[i]);
		else
			snprintf(slug, sizeof(slug), "space-%ld", i + 1);
		snprintf(name, sizeof(name), "%c%s", slug[0] - 'a' + 'A',
		    slug + 1);
		sqlite3_bind_text(s, 1, slug, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
		sentence(&t1);
		sqlite3_bind_text(s, 3, t1.buf, -1, SQLITE_TRANSIENT);
		t1.len = 0;
		sqlite3_bind_int(s, 4, (int)i);
		spaces[i] = insert(s);
	}
	sqlite3_finalize(s);

	/*
	 * Threads and comments are staged in temporary tables and then
	 * copied with one INSERT ... SELECT each: moot's triggers (counters,
	 * the full-text index) still run for every row, but the full-text
	 * index, which writes a segment at every statement, gets one
	 * statement instead of one per row.
	 */
	exec("CREATE TEMP TABLE gen_threads (id INTEGER PRIMARY KEY, "
	    "space_id, member_id, title, body, created, views);"
	    "CREATE TEMP TABLE gen_comments (id INTEGER PRIMARY KEY, "
	    "thread_id, member_id, body, created)");
	base = max_id("threads");
	/* every thread starts before the first comment */
	s = prepare("INSERT INTO temp.gen_threads VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7)");
	for (i = 0; i < nthreads; i++) {
		when = BASE_TIME + i * (86400LL * 30 / nthreads);
		thread_space[i] = i % nspaces;
		threads[i] = base + 1 + i;
		sqlite3_bind_int64(s, 1, threads[i]);
		sqlite3_bind_int64(s, 2, spaces[thread_space[i]]);
		sqlite3_bind_int64(s, 3, members[rng_author(nmembers)]);
		sqlite3_bind_text(s, 4, title_text(&t1), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, post_text(&t2), -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 6, when);
		sqlite3_bind_int64(s, 7, 10 + (int64_t)rng_below(5000));
		insert(s);
	}
	sqlite3_finalize(s);
	exec("INSERT INTO threads (id, space_id, member_id, title, body, "
	    "created, last_activity, views) SELECT id, space_id, member_id, "
	    "title, body, created, created, views FROM temp.gen_threads "
	    "ORDER BY id");

	/* comments in time order; the big thread's evenly among them */
	big = nthreads / 2;
	step = ncomments > 0 ? HISTORY / ncomments : 0;
	if (step < 1)
		step = 1;
	base = max_id("comments");
	s = prepare("INSERT INTO temp.gen_comments VALUES (?1, ?2, ?3, ?4, "
	    "?5)");
	for (i = 0; i < ncomments; i++) {
		long k;

		/* comment i is the big thread's when i * nbig / n steps up */
		if (nbig > 0 && (i + 1) * nbig / ncomments > bigdone) {
			k = big;
			bigdone++;
		} else {
			k = (long)rng_below(nthreads - 1);
			if (k >= big)
				k++;
		}
		sqlite3_bind_int64(s, 1, base + 1 + i);
		sqlite3_bind_int64(s, 2, threads[k]);
		sqlite3_bind_int64(s, 3, members[rng_author(nmembers)]);
		sqlite3_bind_text(s, 4, post_text(&t1), -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, BASE_TIME + 86400LL * 31 + i * step);
		insert(s);
	}
	sqlite3_finalize(s);
	if (bigdone != nbig)
		die("bug: big thread got %ld comments, not %ld", bigdone, nbig);
	exec("INSERT INTO comments (id, thread_id, member_id, body, created) "
	    "SELECT id, thread_id, member_id, body, created "
	    "FROM temp.gen_comments ORDER BY id");
	exec("DROP TABLE temp.gen_threads; DROP TABLE temp.gen_comments");

	if (certs != NULL)
		ncerts = register_certs(certs, members, nmembers);

	/* later schemas: generated members may post without a welcome */
	if (has_column("members", "approved"))
		exec("UPDATE members SET approved = 1");
	if (has_column("members", "terms_accepted"))
		exec("UPDATE members SET terms_accepted = coalesce((SELECT "
		    "CAST(value AS INTEGER) FROM settings WHERE key = "
		    "'terms_version'), 1)");
	/* who hears of a new comment in the posting thread */
	post_thread = threads[big == 0 ? 1 : 0];
	s = prepare("SELECT count(*) FROM (SELECT member_id FROM threads "
	    "WHERE id = ?1 UNION SELECT member_id FROM comments "
	    "WHERE thread_id = ?1)");
	sqlite3_bind_int64(s, 1, post_thread);
	if (sqlite3_step(s) != SQLITE_ROW)
		die("participants");
	participants = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	schema = schema_version();
	exec("COMMIT");
	/* back to WAL, as mootd keeps it, on a connection of its own (the
	 * full-text index keeps statements of this one busy) */
	sqlite3_close(db);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		die("%s", path);
	exec("PRAGMA journal_mode = WAL");
	exec("PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(db);

	printf("gendb: %ld members, %ld spaces, %ld threads, %ld comments "
	    "(%ld in thread %lld), %ld certificates, %.1f s\n", nmembers,
	    nspaces, nthreads, ncomments, nbig, (long long)threads[big],
	    ncerts, now() - t0);
	if ((size_t)thread_space[big] < NSLUGS)
		snprintf(slug, sizeof(slug), "%s",
		    space_slugs[thread_space[big]]);
	else
		snprintf(slug, sizeof(slug), "space-%lld",
		    (long long)thread_space[big] + 1);
	printf("GENDB big_thread=%lld space=%s post_thread=%lld "
	    "post_participants=%lld members=%ld threads=%ld comments=%ld "
	    "certs=%ld schema=%d\n", (long long)threads[big], slug,
	    (long long)post_thread, (long long)participants, nmembers,
	    nthreads, ncomments, ncerts, schema);
	return 0;
}
