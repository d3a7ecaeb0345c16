/*
 * reply.h: what a handler answers (struct reply, server.h): a status, a
 * page, a redirect, or the words for a store that failed.  Below the
 * router, the static files and the handlers, which all answer through
 * it; it knows no route.
 */
#ifndef MOOT_REPLY_H
#define MOOT_REPLY_H

#include <stdint.h>

#include "core/site.h"
#include "core/request.h"
#include "render/page.h"

struct reply;
struct request;

/* 20 with req->page, in the community's language (page->lang). */
void	 reply_page(struct request *, struct reply *);
/*
 * A redirect to a path the server chose; router.c adds the token when
 * the path is an action's (rep->token_wanted).
 */
void	 reply_redirect(struct request *, struct reply *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * A redirect to a path that came with the request ("carry on to PATH"):
 * never a token, or any link could name an action and have it signed on
 * the way; an action there asks first.
 */
void	 reply_redirect_untokened(struct request *, struct reply *,
	    const char *);
/* "" or, after a Titan upload, "gemini://host:port": what our links and
 * redirects start with, so that they do not resolve to titan:// */
const char *reply_link_base(const struct request *);

/* A store code (STORE_BUSY, ...) as a status that leaks no SQL. */
void	 reply_store_error(struct reply *, int rc);
/* A guard (handlers.h): 0 when rc is no store error, else -1, answered. */
int	 reply_store_check(struct reply *, int64_t rc);
/* 52 for a removed discussion (comment != 0: comment), else 51. */
void	 reply_missing(struct request *, struct reply *, int comment,
	    int64_t id);

#endif
