/*
 * access.c: who is asking, and what they may do (access.h).  The only
 * place that answers 60, 61 and 62 to a member or a would-be one.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/access.h"
#include "handlers/handlers.h"
#include "store/store.h"
#include "handlers/reply.h"
#include "core/request.h"
#include "core/settings.h"
#include "core/url.h"

int
access_lookup(struct request *req)
{
	if (req->cert_member == NULL) {
		req->cert_member = arena_alloc(&req->page->arena,
		    sizeof(*req->cert_member));
		req->cert_member_rc = store_member_by_cert(req->store,
		    req->ident->fingerprint, req->cert_member);
	}
	return req->cert_member_rc;
}

/* A redirect to prefix (/join, /terms/accept), then back to back. */
static void
access_detour_to(struct request *req, struct reply *rep, const char *prefix,
    const char *back)
{
	char enc[GEMINI_URL_MAX + 1];

	if (url_encode(back, strlen(back), enc, sizeof(enc), 1) == -1)
		enc[0] = '\0';
	reply_redirect(req, rep, "%s%s", prefix, enc);
}

/* A redirect to prefix (/join, /terms/accept), then back to this path. */
static void
access_detour(struct request *req, struct reply *rep, const char *prefix)
{
	access_detour_to(req, rep, prefix, req->path);
}

/* The terms in force, as a number (terms_version, settings.c). */
static long long
access_terms_version(struct request *req)
{
	char buf[32];

	return atoll(store_setting(req->store, SETTING_TERMS_VERSION, buf,
	    sizeof(buf)));
}

int
access_need(struct request *req, struct reply *rep, enum need need)
{
	return access_need_keep(req, rep, need, NULL);
}

int
access_need_keep(struct request *req, struct reply *rep, enum need need,
    access_keep_fn keep)
{
	const struct member	*m;
	const char		*back;
	int			 rc;

	req->member = NULL;
	if (need == NEED_VISITOR)
		return 0;
	if (req->ident == NULL) {
		reply_status(rep, GEMINI_CERT_REQUIRED, "Members are known "
		    "here by a client certificate, not a password: make one "
		    "in your Gemini client for this site, then try again");
		return -1;
	}
	if (req->ident->not_yet_valid) {
		reply_status(rep, GEMINI_CERT_NOT_VALID, "This certificate "
		    "is not valid yet: check your device's clock or make a new "
		    "one");
		return -1;
	}
	rc = access_lookup(req);
	if (rc == STORE_NOTFOUND) {
		if (need == NEED_CERT)
			return 0;
		/* join first, then come back here */
		access_detour(req, rep, "/join");
		return -1;
	}
	if (rc != STORE_OK) {
		reply_store_error(rep, rc);
		return -1;
	}
	m = req->cert_member;
	if (need >= NEED_ACTIVE && m->suspended) {
		reply_status(rep, GEMINI_CERT_NOT_AUTHORISED, "Your membership "
		    "is suspended, so you can read but not post: %s",
		    m->reason);
		return -1;
	}
	if (need >= NEED_ACTIVE && m->terms_accepted <
	    access_terms_version(req)) {
		/*
		 * new terms: accepted once, then straight back here; or,
		 * when what was typed was kept (keep: a draft), to where
		 * it is offered back
		 */
		if (keep != NULL && (back = keep(req, m->id)) != NULL)
			access_detour_to(req, rep, "/terms/accept", back);
		else
			access_detour(req, rep, "/terms/accept");
		return -1;
	}
	if (need >= NEED_MODERATOR && m->role < ROLE_MODERATOR) {
		reply_status(rep, GEMINI_CERT_NOT_AUTHORISED, "This is for the "
		    "community's moderators");
		return -1;
	}
	if (need >= NEED_ADMIN && m->role < ROLE_ADMIN) {
		reply_status(rep, GEMINI_CERT_NOT_AUTHORISED, "This is for the "
		    "community's admins");
		return -1;
	}
	req->member = m;
	return 0;
}

const struct member *
access_viewer(struct request *req)
{
	if (req->member == NULL && req->ident != NULL &&
	    !req->ident->not_yet_valid && access_lookup(req) == STORE_OK)
		req->member = req->cert_member;
	return req->member;
}
