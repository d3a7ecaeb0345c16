/*
 * member.c: who is asking, and what they may do.  Every write path starts
 * with handler_member(); the statuses it answers are the same everywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"
#include "ratelimit.h"
#include "text.h"
#include "url.h"

/*
 * The member behind req's certificate, from the store once a request
 * (the token guard, the handler and the footer all ask): STORE_OK with
 * *m filled, STORE_NOTFOUND, or the store's error.
 */
int
handler_cert_member(struct request *req, struct member *m)
{
	if (req->member == NULL) {
		req->member = arena_alloc(&req->page->arena,
		    sizeof(*req->member));
		req->member_rc = store_member_by_cert(req->store,
		    req->ident->fingerprint, req->member);
	}
	*m = *req->member;
	return req->member_rc;
}

int
handler_member(struct request *req, struct reply *rep, struct member *m,
    enum need need)
{
	char	enc[GEMINI_URL_MAX + 1];
	int	rc;

	memset(m, 0, sizeof(*m));
	if (req->ident == NULL) {
		reply_status(rep, GEMINI_CERT_REQUIRED, "Members are known "
		    "here by a client certificate, not a password: make one "
		    "in your Gemini client for this site, then try again");
		return 0;
	}
	if (req->ident->not_yet_valid) {
		reply_status(rep, GEMINI_CERT_NOT_VALID, "This certificate "
		    "is not valid yet: check your device's clock or make a new "
		    "one");
		return 0;
	}
	rc = handler_cert_member(req, m);
	if (rc == STORE_NOTFOUND) {
		m->id = 0;
		if (need == NEED_CERT)
			return 1;
		/* join first, then come back here */
		if (url_encode(req->path, strlen(req->path), enc, sizeof(enc),
		    1) == -1)
			enc[0] = '\0';
		reply_redirect(req, rep, "/join%s", enc);
		return 0;
	}
	if (rc != STORE_OK) {
		reply_store_error(rep, rc);
		return 0;
	}
	if (need >= NEED_ACTIVE && m->suspended) {
		reply_status(rep, GEMINI_CERT_NOT_AUTHORISED, "Your membership "
		    "is suspended, so you can read but not post: %s",
		    m->reason);
		return 0;
	}
	if (need >= NEED_ACTIVE && m->terms_accepted <
	    atoll(handler_setting(req, SETTING_TERMS_VERSION))) {
		/* new terms: accepted once, then straight back here */
		if (url_encode(req->path, strlen(req->path), enc, sizeof(enc),
		    1) == -1)
			enc[0] = '\0';
		reply_redirect(req, rep, "/terms/accept%s", enc);
		return 0;
	}
	if (need >= NEED_MODERATOR && m->role < ROLE_MODERATOR) {
		reply_status(rep, GEMINI_CERT_NOT_AUTHORISED, "This is for the "
		    "community's moderators");
		return 0;
	}
	if (need >= NEED_ADMIN && m->role < ROLE_ADMIN) {
		reply_status(rep, GEMINI_CERT_NOT_AUTHORISED, "This is for the "
		    "community's admins");
		return 0;
	}
	return 1;
}

/* The member reading, quietly: 0 for a visitor. */
int64_t
handler_viewer(struct request *req, struct member *m)
{
	memset(m, 0, sizeof(*m));
	if (req->ident == NULL || req->ident->not_yet_valid ||
	    handler_cert_member(req, m) != STORE_OK) {
		memset(m, 0, sizeof(*m));
		return 0;
	}
	return m->id;
}

/*
 * Members get post_burst posts in a row and one more every post_refill
 * seconds; an address (several members behind one) four times that.
 * A member already refused costs their address nothing, and a new
 * certificate gets its bucket only once its address has allowed it, so
 * throwaway certificates from a refused address fill nothing.
 */
int
handler_rate_limit(struct request *req, struct reply *rep,
    const struct member *m)
{
	char	key[96], akey[96];
	int	burst = handler_setting_number(req, SETTING_POST_BURST);
	int	refill = handler_setting_number(req, SETTING_POST_REFILL);
	int	wait;

	/* a certificate that is not a member yet counts on its own */
	if (m->id != 0)
		snprintf(key, sizeof(key), "m:%lld", (long long)m->id);
	else
		snprintf(key, sizeof(key), "c:%.64s", req->ident ?
		    req->ident->fingerprint : "-");
	snprintf(akey, sizeof(akey), "a:%s", req->addr);
	if ((wait = ratelimit_peek(key, refill, req->now)) == 0 &&
	    (wait = ratelimit_take(akey, req->addr, burst * 4, refill > 4 ?
	    refill / 4 : refill > 0 ? 1 : 0, req->now)) == 0)
		wait = ratelimit_take(key, req->addr, burst, refill, req->now);
	if (wait == 0)
		return 0;
	reply_status(rep, GEMINI_SLOW_DOWN, "%d", wait);
	return 1;
}

/*
 * The text a member is posting: the answer to a prompt, or a Titan
 * upload.  Without either, asks for it (10).  Bad text asks again with
 * the reason (Gemini) or is refused (59, Titan).
 */
char *
handler_post_text(struct request *req, struct reply *rep, const char *prompt)
{
	const char	*src = req->query, *why;
	size_t		 len = req->query_len;
	size_t		 max = req->site->titan_max;
	char		*text;

	if (req->proto == PROTO_TITAN) {
		if (strncmp(req->body_mime, "text/plain", 10) != 0 &&
		    strncmp(req->body_mime, "text/gemini", 11) != 0) {
			reply_status(rep, GEMINI_BAD_REQUEST, "Uploads are "
			    "text/plain or text/gemini");
			return NULL;
		}
		src = req->body;
		len = req->body_len;
	} else if (src == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s (for a longer text, upload "
		    "it with Titan)", prompt);
		return NULL;
	}
	text = arena_strndup(&req->page->arena, src, len);
	if (memchr(src, '\0', len) != NULL)
		why = "The text holds a NUL byte.";
	else
		why = text_clean_post(text, &len, max);
	if (why == NULL)
		return text;
	if (req->proto == PROTO_TITAN)
		reply_status(rep, GEMINI_BAD_REQUEST, "%s", why);
	else
		reply_status(rep, GEMINI_INPUT, "%s %s", why, prompt);
	return NULL;
}

/* A failed write: say so plainly, never half-done. */
int
handler_store_failed(struct reply *rep, int64_t rc)
{
	if (rc >= 0)
		return 0;
	reply_store_error(rep, (int)rc);
	return 1;
}

static int
thread_closed(void *arg, const struct thread_row *t)
{
	int *closed = arg;

	*closed = t->locked ? 1 : t->archived ? 2 : 0;
	return 1;
}

/*
 * 1 when the discussion takes edits (it is neither locked nor in an
 * archived space); else rep says why not.
 */
int
handler_thread_open(struct request *req, struct reply *rep, int64_t thread_id)
{
	int closed = 0, rc;

	if ((rc = store_thread(req->store, thread_id, 0, thread_closed,
	    &closed)) < 0) {
		reply_store_error(rep, rc);
		return 0;
	}
	if (closed == 1)
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This discussion "
		    "is locked: what is in it can no longer be edited");
	else if (closed == 2)
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This discussion's "
		    "space is archived: what is in it can no longer be edited");
	return closed == 0;
}
