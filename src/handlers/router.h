/*
 * router.h: how server.c and the front-ends reach the pages: a path to
 * its route and handler (router.c), or to a file of the capsule
 * (static.c), and what the page cache may keep.
 */
#ifndef MOOT_ROUTER_H
#define MOOT_ROUTER_H

#include "core/request.h"

/* router.c: run the route the path names (its need, its token). */
void	 route(struct request *, struct reply *);
/*
 * Set req->path to path, cutting a final "~TOKEN" segment off (in place)
 * into req->token when what is left is one of the routes.
 */
void	 route_set_path(struct request *, char *path);
/*
 * Which pages cache.c may keep: ROUTE_SHARED, the same for every visitor;
 * ROUTE_THREAD, a discussion's page (its id in req->num[0]), valid while
 * its revisions hold; ROUTE_FILE below.  route_shared() returns them (0
 * for none).
 */
#define ROUTE_SHARED	0x1
#define ROUTE_THREAD	0x2
/* A route that changes something: it runs only with an intent token. */
#define ROUTE_ACTION	0x4
/*
 * An action that, asked without text, only asks for it (a reply, a
 * report).  Links to it carry no token: followed without one and
 * without text, it redirects to itself with the member's token, and
 * the prompt that follows waits for them to type.  A discussion page
 * offers two per comment: a hundred tokens were a third of what a
 * member's page took to make.
 */
#define ROUTE_PROMPT	0x10
/*
 * A capsule file (no route: static.c), kept by the cache while it is
 * small, for a second at most (STATIC_FRESH_SECS), whoever asks: no
 * file depends on the reader or the database.
 */
#define ROUTE_FILE	0x8
#define STATIC_FRESH_SECS	1
int	 route_shared(struct request *);
void	 route_hit(struct request *);
/*
 * Mark the action links of els that take no intent token, whoever reads
 * them (links to ROUTE_PROMPT actions, paths that are no action): for
 * elements kept across requests (snapshots.h), so that the pass that
 * puts a member's tokens on a page passes them by.
 */
struct element;
void	 route_links_settle(struct element *, size_t);

/* static.c: files from the capsule folder. */
void	 static_serve(struct request *, struct reply *);
const char *mime_for(const char *path);

#endif
