/*
 * sites.h: the communities one mootd serves, and each worker's share of
 * them (sites.c).
 *
 * Without --sites, mootd serves the one site its flags describe: it is
 * registered here as the only one (sites_adopt()).  With --sites DIR,
 * every folder of DIR named by a hostname is a site (sites_load()), and
 * SIGHUP looks again (sites_rescan()): new folders are served, removed
 * ones take no new connections.  A site, once in the table, lives until
 * exit, so a connection may keep a pointer to it without a lock.
 */
#ifndef MOOT_SITES_H
#define MOOT_SITES_H

#include <openssl/ssl.h>

#include "core/site.h"

#define SITES_MAX		1024
#define SITE_DB_NAME		"moot.db"
#define SITE_CAPSULE_NAME	"capsule"

struct page_cache;
struct store;

/* What every site of --sites DIR shares: the ports and limits of mootd. */
struct sites_conf {
	const char	*dir;
	const char	*capsule;	/* for a site without its own */
	int		 gemini_port;	/* public, for links and 53 */
	int		 gopher_port;
	int		 http_port;	/* 0: no web view */
	size_t		 titan_max;
};

/* One site, one mootd: the flags' site, its database and context. */
int	 sites_adopt(struct site *, const char *db_path, SSL_CTX *);
/* Every site of conf->dir; the number served, -1 on a fatal error. */
int	 sites_load(const struct sites_conf *);
/* SIGHUP: new folders are served, removed ones take no new connections. */
void	 sites_rescan(void);
/* Start each site's writer thread (server_run()); -1 when one fails. */
int	 sites_start(void);
/* Stop the writers (flushing views); -1 when a flush failed. */
int	 sites_stop(void);

int		 sites_count(void);	/* more than one: logs name them */
int		 sites_multi(void);	/* served from --sites DIR */
const struct site *sites_default(void);
/* The site a hostname names (case aside), or NULL: for HTTP's Host. */
const struct site *sites_by_host(const char *host);
/* The site a TLS connection's SNI chose (sites_servername()). */
const struct site *sites_for_ssl(SSL *);
/* The default site's context: the one every handshake starts with. */
SSL_CTX		*sites_default_ctx(void);
/*
 * Gopher: the site the selector's first segment names, removed from the
 * line (which stays a selector from the site's root); NULL: none.
 */
const struct site *sites_gopher_pick(char *line, size_t *len);
/* Why a site cannot serve (its database), or NULL when it can. */
const char	*sites_broken(const struct site *);

/*
 * A worker's stores and page caches, one per site, opened when the site
 * is first asked for on that worker (an idle site costs nothing there).
 */
struct site_local;
struct site_local *sites_local_new(void);
void		 sites_local_free(struct site_local *);
/* The worker's store for site, or NULL (broken: sites_broken() says). */
struct store	*sites_store(struct site_local *, const struct site *);
/* The worker's page cache for site, or NULL: no caching. */
struct page_cache *sites_cache(struct site_local *, const struct site *);
/* The worker's snapshots of members' discussion pages, or NULL: none. */
struct snapshots *sites_snapshots(struct site_local *, const struct site *);
/* The worker's signer of the site's intent tokens, or NULL: none. */
struct intent_signer *sites_signer(struct site_local *, const struct site *);

/*
 * A site's base URL, "SCHEME://HOST" with ":PORT" unless port is the
 * scheme's own (own_port): its links and redirects start with it.
 */
#define HTTP_DEFAULT_PORT	80
void		 sites_base(char *buf, size_t size, const char *scheme,
		    const char *host, int port, int own_port);

/* The paths sandbox.c must let mootd reach under DIR. */
const char	*sites_dir(void);

#endif
