/*
 * access.h: who is asking, and may they?
 *
 * Each route in router.c's table says what it needs; the router asks
 * access_need() once, before the handler (and after the intent check of
 * an action), so a handler starts with its work and finds the member in
 * req->member.  A route whose need depends on what it finds (an
 * invitation is checked before a certificate is asked for; /mod/log is
 * public when the community says so) is a visitor's route whose handler
 * calls access_need() itself.
 */
#ifndef MOOT_ACCESS_H
#define MOOT_ACCESS_H

struct member;
struct reply;
struct request;

/* In order: each need includes the ones before it. */
enum need {
	NEED_VISITOR,	/* anyone, with a certificate or without */
	NEED_CERT,	/* a certificate; req->member if it is a member's */
	NEED_MEMBER,	/* a member, suspended or not */
	NEED_ACTIVE,	/* a member who may post: not suspended, and who
			 * has accepted the terms in force */
	NEED_MODERATOR,	/* ... who moderates */
	NEED_ADMIN,	/* ... who runs the community */
};

/*
 * A guard (handlers.h): 0 when the request meets need, req->member set
 * (NULL only for NEED_VISITOR, or NEED_CERT without a member); else -1
 * with rep set: 60, 62, 61, a redirect to /join or /terms/accept, or the
 * store's error.  The statuses are the same for every route.
 */
int	 access_need(struct request *, struct reply *, enum need);
/*
 * The same, where what a member typed may be kept when new terms stand
 * in the way: keep (drafts.c, given by the router) keeps it and answers
 * the path to come back to after accepting, or NULL (kept nothing).
 * access.c knows nothing of drafts.
 */
typedef const char	*(*access_keep_fn)(struct request *, int64_t member_id);
int	 access_need_keep(struct request *, struct reply *, enum need,
	    access_keep_fn keep);
/*
 * The member reading, quietly: req->member, looked up when the route's
 * need did not (NULL for a visitor, a certificate not valid yet or no
 * member's, or when the store cannot say).  For pages anyone may read
 * that show members more (the home page, a discussion, the footer).
 */
const struct member *access_viewer(struct request *);
/*
 * The member behind req's certificate, from the store once a request
 * (the intent guard, the need and the handler all ask): STORE_OK with
 * req->cert_member filled, STORE_NOTFOUND, or the store's error.
 * Whether the certificate may act is access_need()'s to say.
 */
int	 access_lookup(struct request *);

#endif
