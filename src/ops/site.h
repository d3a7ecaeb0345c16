/*
 * site.h (ops): the communities of a --sites folder, as mootctl manages
 * them: add one, list them, pause posting while one moves.  mootd reads
 * the same folder (net/sites.c); the layout is one folder per hostname:
 *
 *   DIR/HOSTNAME/moot.db            the community's database
 *   DIR/HOSTNAME/capsule/           its static files (optional)
 *   DIR/HOSTNAME/HOSTNAME.crt .key  its certificate (mootd makes them)
 */
#ifndef MOOT_OPS_SITE_H
#define MOOT_OPS_SITE_H

#include <stddef.h>
#include <stdio.h>

#define SITES_DEFAULT_DIR	"var/sites"

/* 1 when host can name a site (and a folder): a-z, 0-9, dots, dashes. */
int	site_name_ok(const char *host);
/* DIR/HOST/moot.db into buf; -1 when it does not fit or host is bad. */
int	site_db_path(const char *dir, const char *host, char *buf,
	    size_t size);
/* Make DIR/HOST and its database (schema and defaults); -1 with why. */
int	site_add(const char *dir, const char *host, char *why, size_t size);
/* One line a site: hostname, database, size, members, state. */
int	site_list(const char *dir, FILE *out);
/* Pause (on 1) or resume posting on the database db; -1 with why. */
int	site_set_read_only(const char *db, int on, char *why, size_t size);

#endif
