/*
 * member.c: what a member's writing goes through: the posting limits,
 * the text itself, and whether a discussion still takes edits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"
#include "ratelimit.h"
#include "settings.h"
#include "text.h"
#include "url.h"

static int
setting_int(struct request *req, const char *key)
{
	return (int)setting_number(setting_find(key), handler_setting(req,
	    key));
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
	int	burst = setting_int(req, SETTING_POST_BURST);
	int	refill = setting_int(req, SETTING_POST_REFILL);
	int	wait;

	/* a certificate that is not a member yet counts on its own */
	if (m != NULL)
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
