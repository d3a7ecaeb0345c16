/*
 * request.h: the request contract, between the protocols' front-ends,
 * server.c and the handlers.
 *
 * A front-end turns bytes into a struct request; the router and a handler
 * turn it into a struct reply; the front-end turns that into bytes.  A
 * request carries what a handler may use (the site, its store, the member,
 * the page and its arena) and nothing of the worker or the connection.
 */
#ifndef MOOT_REQUEST_H
#define MOOT_REQUEST_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/intent.h"
#include "core/wire.h"

struct member;
struct page;
struct site;
struct snapshots;
struct intent_signer;
struct store;
struct write_job;

/* tls.c: who is on the other end of a Gemini connection. */
#define FINGERPRINT_LEN		64	/* SHA-256 as lower-case hex */

struct identity {
	char		 fingerprint[FINGERPRINT_LEN + 1];
	int		 not_yet_valid;
	int		 expired;
};

/* What a handler is given (the router fills str, num, tail). */
#define ROUTE_ARGS_MAX	4

struct request {
	enum proto		 proto;
	const struct site	*site;		/* the community asked */
	struct store		*store;		/* its database, this thread's */
	struct page		*page;
	/* this worker's snapshots of the site's discussions as members
	 * see them (handlers/snapshots.h), or NULL */
	struct snapshots	*snaps;
	/* this worker's signer of the site's intent tokens (core/intent.h),
	 * or NULL: each token is keyed on its own */
	struct intent_signer	*signer;
	const char		*path;		/* decoded and normalised */
	const char		*query;		/* decoded input, or NULL */
	size_t			 query_len;
	const char		*str[ROUTE_ARGS_MAX];	/* captured segments */
	int64_t			 num[ROUTE_ARGS_MAX];	/* captured numbers */
	const char		*tail;		/* what "..." matched */
	const char		*token;		/* the "~TOKEN" segment, cut
						 * from the path; NULL: none */
	/* router.c: who tokens are for, once asked (route_subject()) */
	int			 subject_known;
	char			 subject[INTENT_SUBJECT_MAX];
	/* access.c: the certificate's member, looked up once */
	struct member		*cert_member;	/* NULL: not looked up yet */
	int			 cert_member_rc; /* STORE_OK, _NOTFOUND... */
	/*
	 * Who is asking: the member the route's need admitted (router.c),
	 * or access_viewer() found; NULL for a visitor, or a certificate
	 * that is no member yet.
	 */
	const struct member	*member;
	const struct identity	*ident;		/* NULL: no certificate */
	const char		*addr;		/* the client's address */
	const char		*logaddr;	/* as logged (anonymised?) */
	time_t			 now;
	/* the view count the page shows (views_thread 0: none); views.c */
	int64_t			 views_thread;
	int64_t			 views;
	/*
	 * A moment the page shows something that changes by the clock (an
	 * event listed as coming that will then be over): a cached copy is
	 * good until then.  0: none.  request_changes_at() keeps the first.
	 */
	time_t			 changes_at;
	/* Titan only: the upload */
	const char		*body;
	size_t			 body_len;
	const char		*body_mime;
};

/*
 * What a handler answers (made with reply.h); the protocol's send() turns
 * it into bytes.
 */
struct reply {
	int			 status;	/* enum gemini_status */
	char			 meta[GEMINI_META_MAX + 1];
	int			 has_page;	/* body: req->page */
	int			 fd;		/* body: a file, or -1 */
	off_t			 size;
	const char		*body;		/* body: bytes (feeds), of
						 * the type meta names */
	size_t			 body_len;
	int			 file;		/* body: a capsule file's
						 * bytes (static.c) */
	struct write_job	*job;		/* no reply yet: write first */
	int			 token_wanted;	/* a redirect that router.c
						 * signs if it is an action's */
};

typedef void (*handler_fn)(struct request *, struct reply *);

/*
 * What the protocol a request came by can carry, so that a handler asks
 * for a capability and never names a protocol (request.c holds the one
 * table, by enum proto).
 */
#define CAN_PROMPT	0x1	/* input prompts (10) and client certificates */
#define CAN_GEMTEXT	0x2	/* text/gemini taken as it is */
#define CAN_UPLOAD	0x4	/* the text came as an upload, not a query;
				 * links must then be absolute (the client
				 * would resolve them to titan://) */
int	 request_can(const struct request *, int what);
void	 request_changes_at(struct request *, time_t);

/* request.c: set rep to status and a printf-made meta (one line). */
void	 reply_status(struct reply *, int status, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
