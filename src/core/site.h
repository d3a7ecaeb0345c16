/*
 * site.h: one community as a request sees it.
 *
 * Everything a handler may know about the community it serves, apart from
 * its database: the public names and ports its links carry, its folder of
 * static files, its limits and the key of its intent tokens.  Filled in
 * once at start (mootd.c), then read-only, so every worker reads it without
 * a lock.  A request carries a pointer to it (req->site) and a connection
 * to its database (req->store), never the worker or the connection.
 */
#ifndef MOOT_SITE_H
#define MOOT_SITE_H

#include <stddef.h>

#include "core/intent.h"

struct views;
struct writer;

#define HOSTNAME_MAX		255
#define SITE_PORT_MAX		8	/* "65535" and its NUL, as text */
#define SITE_BASE_MAX		(HOSTNAME_MAX + 32)	/* gemini://h:p */

/* What a Gopher menu needs to point back at this server. */
struct gopher_site {
	const char	*host;		/* the public hostname */
	const char	*port;		/* the public Gopher port, as text */
	const char	*gemini_base;	/* "gemini://host[:port]" */
	/*
	 * With several sites on one Gopher listener, each site's selectors
	 * begin with "/HOSTNAME" (docs/scaling.md); "" with one site.
	 */
	const char	*selector_prefix;
};

struct site {
	const char		*hostname;
	const char		*capsule;	/* static files; may be NULL */
	size_t			 titan_max;	/* bytes per upload */
	int			 gemini_port;	/* public, for 53 checks */
	char			 gopher_port[SITE_PORT_MAX];
	char			 gemini_base[SITE_BASE_MAX];
	char			 http_base[SITE_BASE_MAX];	/* "": no web */
	struct gopher_site	 gopher;	/* what Gopher items carry */
	unsigned char		 intent_secret[INTENT_SECRET_LEN];
	/*
	 * What is the site's own while it runs (the pointers do not
	 * change; what they point at is shared, under its own locks): its
	 * view counts and the thread that writes its database.  id tells
	 * sites apart in shared tables (rate limits, a worker's stores).
	 */
	int			 id;
	struct views		*views;
	struct writer		*writer;
};

#endif
