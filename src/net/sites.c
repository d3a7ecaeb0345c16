/*
 * sites.c: see sites.h.
 *
 * The table only grows, and only the main thread adds to it (at start and
 * on SIGHUP); workers read it without a lock: an entry is filled in before
 * the count that shows it is raised (release), and a worker reads the
 * count first (acquire).  Removing a site sets a flag: connections under
 * way keep their pointer, new ones cannot pick it.
 *
 * A site whose database cannot be used (missing, corrupt, locked) is
 * still served: the handshake with its own certificate, then an answer
 * that says so (server.c), while every other site goes on.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/intent.h"
#include "core/log.h"
#include "net/cache.h"
#include "net/server.h"
#include "net/sites.h"
#include "handlers/snapshots.h"
#include "store/store.h"
#include "store/views.h"
#include "store/writer.h"

#define SITE_WHY_MAX	160

struct site_entry {
	struct site	 own;		/* --sites: the site itself */
	struct site	*site;		/* &own, or the adopted one */
	char		 hostname[HOSTNAME_MAX + 1];
	char		 db_path[PATH_MAX];
	char		 capsule[PATH_MAX];
	char		 cert[PATH_MAX];
	char		 key[PATH_MAX];
	char		 prefix[HOSTNAME_MAX + 2];	/* "/hostname" */
	SSL_CTX		*ctx;
	/*
	 * The connection that checked the database, open until the
	 * writer's is: closing the last connection checkpoints the WAL and
	 * syncs it, a cost per site at start that nothing needs.
	 */
	struct store	*boot;
	char		 why[SITE_WHY_MAX];	/* "": the database is usable */
	atomic_int	 removed;
};

static struct site_entry	*table[SITES_MAX];
static atomic_int		 ntable;
static struct sites_conf	 conf;		/* --sites; dir NULL: one site */
static int			 started;	/* writers run (sites_start) */

static int
site_count(void)
{
	return atomic_load_explicit(&ntable, memory_order_acquire);
}

static struct site_entry *
entry_of(const struct site *site)
{
	return table[site->id];
}

void
sites_base(char *buf, size_t size, const char *scheme, const char *host,
    int port, int own_port)
{
	if (port == own_port)
		snprintf(buf, size, "%s://%s", scheme, host);
	else
		snprintf(buf, size, "%s://%s:%d", scheme, host, port);
}

/* A folder's name that can be a hostname: letters, digits, dots, dashes. */
static int
hostname_ok(const char *name)
{
	size_t len = strlen(name);

	return len > 0 && len <= HOSTNAME_MAX && name[0] != '.' &&
	    name[0] != '-' && strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789.-") == len;
}

static void
site_start_writer(struct site_entry *e)
{
	if (e->why[0] == '\0' && e->site->writer == NULL &&
	    (e->site->writer = writer_start(e->db_path,
	    e->site->views)) == NULL) {
		snprintf(e->why, sizeof(e->why), "its database cannot be "
		    "written");
		log_warnx("%s: %s", e->hostname, e->why);
	}
	store_close(e->boot);
	e->boot = NULL;
}

/* Add e to the table and show it to the workers. */
static int
table_add(struct site_entry *e)
{
	int n = site_count();

	if (n == SITES_MAX) {
		log_warnx("%s: more than %d sites; not served", e->hostname,
		    SITES_MAX);
		return -1;
	}
	e->site->id = n;
	if (e->site->views == NULL && (e->site->views = views_new()) == NULL)
		return -1;
	/* a site found on SIGHUP: its writer runs before anyone sees it */
	if (started)
		site_start_writer(e);
	table[n] = e;
	atomic_store_explicit(&ntable, n + 1, memory_order_release);
	return 0;
}

int
sites_adopt(struct site *site, const char *db_path, SSL_CTX *ctx)
{
	struct site_entry *e;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return -1;
	e->site = site;
	snprintf(e->hostname, sizeof(e->hostname), "%s", site->hostname);
	snprintf(e->db_path, sizeof(e->db_path), "%s", db_path);
	e->ctx = ctx;
	if (table_add(e) == -1) {
		free(e);
		return -1;
	}
	return 0;
}

/*
 * SNI: switch the handshake to the named site's certificate.  No name,
 * or a name that is not ours, stays with the default site; the request's
 * host is then checked against it (53), as with one site.
 */
static int
sites_servername(SSL *ssl, int *alert, void *arg)
{
	const char		*name;
	const struct site	*site;

	(void)alert;
	(void)arg;
	name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
	if (name == NULL || (site = sites_by_host(name)) == NULL)
		return SSL_TLSEXT_ERR_OK;
	if (entry_of(site)->ctx != SSL_get_SSL_CTX(ssl) &&
	    SSL_set_SSL_CTX(ssl, entry_of(site)->ctx) == NULL)
		return SSL_TLSEXT_ERR_ALERT_FATAL;
	return SSL_TLSEXT_ERR_OK;
}

/*
 * Check the database once at load, migrate it, read its intent key.  A
 * failure leaves the site served with its reason (e->why).
 */
static void
site_check_db(struct site_entry *e)
{
	struct store	*st;
	struct stat	 sb;

	if (stat(e->db_path, &sb) == -1) {
		snprintf(e->why, sizeof(e->why), "its database is missing");
		return;
	}
	if ((st = store_open(e->db_path, STORE_CREATE)) == NULL) {
		snprintf(e->why, sizeof(e->why), "its database cannot be "
		    "opened");
		return;
	}
	if (store_migrate(st) != STORE_OK)
		snprintf(e->why, sizeof(e->why), "its database is damaged or "
		    "locked");
	else if (store_intent_secret(st, e->own.intent_secret,
	    sizeof(e->own.intent_secret)) != STORE_OK)
		snprintf(e->why, sizeof(e->why), "its database cannot be "
		    "read");
	if (e->why[0] == '\0')
		e->boot = st;
	else
		store_close(st);
	if (e->why[0] != '\0')
		log_warnx("%s: %s (%s): answering with errors", e->hostname,
		    e->why, e->db_path);
}

/* a, b and c joined into buf (which may be a itself); -1: too long. */
static int
path_join(char *buf, size_t size, const char *a, const char *b,
    const char *c)
{
	char	tmp[PATH_MAX];
	int	n;

	n = snprintf(tmp, sizeof(tmp), "%s%s%s", a, b, c);
	if (n < 0 || (size_t)n >= size || (size_t)n >= sizeof(tmp))
		return -1;
	memcpy(buf, tmp, (size_t)n + 1);
	return 0;
}

/* One folder of --sites DIR: its paths, certificate and database. */
static struct site_entry *
site_open(const char *name)
{
	struct site_entry	*e;
	struct site		*s;
	struct stat		 sb;
	char			 dir[PATH_MAX];

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	s = e->site = &e->own;
	snprintf(e->hostname, sizeof(e->hostname), "%s", name);
	if (path_join(dir, sizeof(dir), conf.dir, "/", name) == -1 ||
	    path_join(e->db_path, sizeof(e->db_path), dir, "/",
	    SITE_DB_NAME) == -1 ||
	    path_join(e->capsule, sizeof(e->capsule), dir, "/",
	    SITE_CAPSULE_NAME) == -1 ||
	    path_join(e->cert, sizeof(e->cert), dir, "/", name) == -1 ||
	    path_join(e->key, sizeof(e->key), e->cert, ".key", "") == -1 ||
	    path_join(e->cert, sizeof(e->cert), e->cert, ".crt", "") == -1) {
		log_warnx("%s/%s: too long a path", conf.dir, name);
		goto fail;
	}
	snprintf(e->prefix, sizeof(e->prefix), "/%s", name);

	s->hostname = e->hostname;
	/* without a capsule of its own, a site serves mootd's --capsule */
	s->capsule = stat(e->capsule, &sb) == 0 ? e->capsule : conf.capsule;
	s->titan_max = conf.titan_max;
	s->gemini_port = conf.gemini_port;
	snprintf(s->gopher_port, sizeof(s->gopher_port), "%d",
	    conf.gopher_port);
	sites_base(s->gemini_base, sizeof(s->gemini_base), "gemini", name,
	    conf.gemini_port, GEMINI_DEFAULT_PORT);
	if (conf.http_port != 0)
		sites_base(s->http_base, sizeof(s->http_base), "http", name,
		    conf.http_port, HTTP_DEFAULT_PORT);
	s->gopher.host = e->hostname;
	s->gopher.port = s->gopher_port;
	s->gopher.gemini_base = s->gemini_base;
	s->gopher.selector_prefix = e->prefix;

	if (tls_ensure_cert(e->cert, e->key, name) == -1 ||
	    (e->ctx = tls_ctx_new(e->cert, e->key, name)) == NULL) {
		log_warnx("%s: no usable certificate: not served", name);
		goto fail;
	}
	SSL_CTX_set_app_data(e->ctx, e);
	SSL_CTX_set_tlsext_servername_callback(e->ctx, sites_servername);
	/* a session resumes with the site it began with, no other */
	SSL_CTX_set_session_id_context(e->ctx, (const unsigned char *)name,
	    strlen(name) > SSL_MAX_SID_CTX_LENGTH ? SSL_MAX_SID_CTX_LENGTH :
	    strlen(name));
	site_check_db(e);
	return e;
fail:
	SSL_CTX_free(e->ctx);
	free(e);
	return NULL;
}

static struct site_entry *
find_entry(const char *name)
{
	int i, n = site_count();

	for (i = 0; i < n; i++)
		if (strcasecmp(table[i]->hostname, name) == 0)
			return table[i];
	return NULL;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The folders of DIR named by a hostname, sorted (the first is the
 * default site); *np of them, to free with their array.
 */
static char **
scan_dir(int *np)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 path[PATH_MAX], **names = NULL, **more;
	int		 n = 0;

	*np = 0;
	if ((d = opendir(conf.dir)) == NULL) {
		log_warn("%s", conf.dir);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (!hostname_ok(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", conf.dir, de->d_name);
		if (stat(path, &sb) == -1 || !S_ISDIR(sb.st_mode))
			continue;
		if ((more = realloc(names, (n + 1) * sizeof(*names))) ==
		    NULL || (more[n] = strdup(de->d_name)) == NULL) {
			names = more != NULL ? more : names;
			break;
		}
		names = more;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	*np = n;
	return names;
}

static void
names_free(char **names, int n)
{
	while (n-- > 0)
		free(names[n]);
	free(names);
}

/* A folder not in the table yet: open it and serve it. */
static void
site_add(const char *name)
{
	struct site_entry *e;

	if ((e = site_open(name)) == NULL)
		return;
	if (table_add(e) == -1) {
		SSL_CTX_free(e->ctx);
		free(e);
		return;
	}
	log_info("serving %s from %s", name, e->db_path);
}

int
sites_load(const struct sites_conf *c)
{
	char	**names;
	int	  i, n;

	conf = *c;
	if ((names = scan_dir(&n)) == NULL && n == 0) {
		log_warnx("%s holds no site: add one with mootctl site add "
		    "HOSTNAME --sites %s", conf.dir, conf.dir);
		return -1;
	}
	for (i = 0; i < n; i++)
		site_add(names[i]);
	names_free(names, n);
	return site_count() > 0 ? site_count() : -1;
}

void
sites_rescan(void)
{
	char			**names;
	struct site_entry	 *e;
	int			  i, k, n, found;

	if (conf.dir == NULL)
		return;
	names = scan_dir(&n);
	for (i = 0; i < n; i++) {
		if ((e = find_entry(names[i])) == NULL)
			site_add(names[i]);
		else if (atomic_exchange(&e->removed, 0))
			log_info("SIGHUP: serving %s again", e->hostname);
	}
	/* folders gone: no new connections (those under way finish) */
	for (k = 0; k < site_count(); k++) {
		e = table[k];
		for (i = 0, found = 0; i < n && !found; i++)
			found = strcmp(names[i], e->hostname) == 0;
		if (!found && !atomic_exchange(&e->removed, 1))
			log_info("SIGHUP: %s is gone: no new connections",
			    e->hostname);
	}
	names_free(names, n);
}

int
sites_start(void)
{
	int i, n = site_count();

	started = 1;
	for (i = 0; i < n; i++) {
		/* one site: no database, no server, as before */
		site_start_writer(table[i]);
		if (conf.dir == NULL && table[i]->site->writer == NULL)
			return -1;
	}
	return 0;
}

int
sites_stop(void)
{
	int i, n = site_count(), rc = 0;

	for (i = 0; i < n; i++) {
		if (writer_stop(table[i]->site->writer) != 0)
			rc = -1;
		table[i]->site->writer = NULL;
	}
	return rc;
}

int
sites_count(void)
{
	return site_count();
}

int
sites_multi(void)
{
	return conf.dir != NULL;
}

const char *
sites_dir(void)
{
	return conf.dir;
}

const struct site *
sites_default(void)
{
	int i, n = site_count();

	for (i = 0; i < n; i++)
		if (!atomic_load(&table[i]->removed))
			return table[i]->site;
	return n > 0 ? table[0]->site : NULL;
}

SSL_CTX *
sites_default_ctx(void)
{
	return site_count() > 0 ? table[0]->ctx : NULL;
}

const struct site *
sites_by_host(const char *host)
{
	struct site_entry *e;

	if (host == NULL || (e = find_entry(host)) == NULL ||
	    atomic_load(&e->removed))
		return NULL;
	return e->site;
}

const struct site *
sites_for_ssl(SSL *ssl)
{
	struct site_entry *e = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));

	return e != NULL ? e->site : sites_default();
}

const struct site *
sites_gopher_pick(char *line, size_t *len)
{
	char			 name[HOSTNAME_MAX + 1];
	const char		*p = line;
	size_t			 n, skip;
	const struct site	*site;

	if (*p == '/')
		p++;
	n = strcspn(p, "/\t");
	if (n == 0 || n > HOSTNAME_MAX)
		return NULL;
	memcpy(name, p, n);
	name[n] = '\0';
	if ((site = sites_by_host(name)) == NULL)
		return NULL;
	skip = (size_t)(p - line) + n;
	memmove(line, line + skip, *len - skip + 1);
	*len -= skip;
	return site;
}

const char *
sites_broken(const struct site *site)
{
	const struct site_entry *e = entry_of(site);

	return e->why[0] != '\0' ? e->why : NULL;
}

/* A worker's share. */
struct site_local {
	struct store		*store[SITES_MAX];
	struct page_cache	*cache[SITES_MAX];
	struct snapshots	*snaps[SITES_MAX];
	struct intent_signer	*signer[SITES_MAX];
};

struct site_local *
sites_local_new(void)
{
	return calloc(1, sizeof(struct site_local));
}

void
sites_local_free(struct site_local *l)
{
	int i;

	if (l == NULL)
		return;
	for (i = 0; i < SITES_MAX; i++) {
		store_close(l->store[i]);
		if (l->snaps[i] != NULL)
			log_debug("%s members' snapshots: %llu hits, %llu "
			    "misses", table[i]->hostname,
			    (unsigned long long)l->snaps[i]->hits,
			    (unsigned long long)l->snaps[i]->misses);
		snapshots_free(l->snaps[i]);
		intent_signer_free(l->signer[i]);
		if (l->cache[i] == NULL)
			continue;
		log_debug("%s page cache: %llu hits (%llu of them after a "
		    "change elsewhere), %llu misses", table[i]->hostname,
		    (unsigned long long)l->cache[i]->hits,
		    (unsigned long long)l->cache[i]->renewed,
		    (unsigned long long)l->cache[i]->misses);
		cache_free(l->cache[i]);
		free(l->cache[i]);
	}
	free(l);
}

struct snapshots *
sites_snapshots(struct site_local *l, const struct site *site)
{
	if (l->snaps[site->id] == NULL)
		l->snaps[site->id] = snapshots_new();
	return l->snaps[site->id];
}

struct intent_signer *
sites_signer(struct site_local *l, const struct site *site)
{
	/* a site's id and secret never change (the table only grows) */
	if (l->signer[site->id] == NULL)
		l->signer[site->id] = intent_signer_new(site->intent_secret);
	return l->signer[site->id];
}

struct store *
sites_store(struct site_local *l, const struct site *site)
{
	struct site_entry *e = entry_of(site);

	if (l->store[site->id] != NULL)
		return l->store[site->id];
	if (e->why[0] != '\0')
		return NULL;
	/* NULL again: the next request tries again */
	l->store[site->id] = store_open(e->db_path, STORE_SERVER);
	if (l->store[site->id] == NULL)
		log_warnx("%s: cannot open %s", e->hostname, e->db_path);
	return l->store[site->id];
}

struct page_cache *
sites_cache(struct site_local *l, const struct site *site)
{
	struct page_cache *pc;

	if ((pc = l->cache[site->id]) != NULL)
		return pc;
	if ((pc = calloc(1, sizeof(*pc))) == NULL)
		return NULL;
	pc->views = site->views;
	return l->cache[site->id] = pc;
}
