/*
 * site.c (ops): see site.h.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "core/site.h"
#include "ops/site.h"
#include "store/store.h"

int
site_name_ok(const char *host)
{
	size_t len = strlen(host);

	return len > 0 && len <= HOSTNAME_MAX && host[0] != '.' &&
	    host[0] != '-' && strspn(host, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789.-") == len;
}

int
site_db_path(const char *dir, const char *host, char *buf, size_t size)
{
	int n;

	if (!site_name_ok(host))
		return -1;
	n = snprintf(buf, size, "%s/%s/moot.db", dir, host);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
site_add(const char *dir, const char *host, char *why, size_t size)
{
	char		 path[PATH_MAX], db[PATH_MAX];
	struct stat	 sb;
	struct store	*st;
	int		 rc;

	if (!site_name_ok(host)) {
		snprintf(why, size, "%s is not a hostname in lower case "
		    "(a-z, 0-9, dots and dashes)", host);
		return -1;
	}
	if (site_db_path(dir, host, db, sizeof(db)) == -1 ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, host) >=
	    sizeof(path)) {
		snprintf(why, size, "%s/%s: too long a path", dir, host);
		return -1;
	}
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		snprintf(why, size, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (stat(db, &sb) == 0) {
		snprintf(why, size, "%s already has a database (%s)", host, db);
		return -1;
	}
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		snprintf(why, size, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((st = store_open(db, STORE_CREATE)) == NULL) {
		snprintf(why, size, "cannot create %s", db);
		return -1;
	}
	if ((rc = store_migrate(st)) != STORE_OK)
		snprintf(why, size, "cannot prepare %s: %s", db,
		    store_errmsg(st));
	store_close(st);
	return rc == STORE_OK ? 0 : -1;
}

/* The database and its WAL, in bytes. */
static long long
db_size(const char *db)
{
	char		 wal[PATH_MAX];
	struct stat	 sb;
	long long	 n = 0;

	if (stat(db, &sb) == 0)
		n += sb.st_size;
	if ((size_t)snprintf(wal, sizeof(wal), "%s-wal", db) < sizeof(wal) &&
	    stat(wal, &sb) == 0)
		n += sb.st_size;
	return n;
}

/* A site's members and state: "ok", "read-only" or "broken". */
static const char *
site_state(const char *db, long long *members)
{
	struct admin_stats	 as;
	struct store		*st;
	struct stat		 sb;
	char			 buf[16];
	const char		*state = "broken";

	*members = -1;
	if (stat(db, &sb) == -1)
		return "missing";
	if ((st = store_open(db, STORE_READONLY)) == NULL)
		return state;
	if (admin_stats(st, &as) >= 0) {
		*members = as.members;
		state = atoi(store_setting(st, SETTING_READ_ONLY, buf,
		    sizeof(buf))) != 0 ? "read-only" : "ok";
	}
	store_close(st);
	return state;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
site_list(const char *dir, FILE *out)
{
	DIR		*d;
	struct dirent	*de;
	char		 db[PATH_MAX], **names = NULL, **more;
	const char	*state;
	long long	 members;
	int		 i, n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (!site_name_ok(de->d_name) ||
		    site_db_path(dir, de->d_name, db, sizeof(db)) == -1)
			continue;
		if ((more = realloc(names, (n + 1) * sizeof(*names))) == NULL)
			break;
		names = more;
		if ((names[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	fprintf(out, "%-30s %-9s %8s %12s  %s\n", "site", "state", "members",
	    "bytes", "database");
	for (i = 0; i < n; i++) {
		site_db_path(dir, names[i], db, sizeof(db));
		state = site_state(db, &members);
		fprintf(out, "%-30s %-9s %8lld %12lld  %s\n", names[i], state,
		    members, db_size(db), db);
		free(names[i]);
	}
	free(names);
	return n;
}

int
site_set_read_only(const char *db, int on, char *why, size_t size)
{
	struct store	*st;
	int		 rc;

	if ((st = store_open(db, 0)) == NULL) {
		snprintf(why, size, "cannot open %s", db);
		return -1;
	}
	if ((rc = store_migrate(st)) == STORE_OK)
		rc = store_read_only_set(st, on);
	if (rc != STORE_OK)
		snprintf(why, size, "%s: %s", db, store_errmsg(st));
	store_close(st);
	return rc == STORE_OK ? 0 : -1;
}
