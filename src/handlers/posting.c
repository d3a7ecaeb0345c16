/*
 * posting.c: what a member's writing goes through: the posting limits,
 * the text or title itself, and whether a discussion still takes edits.
 * Each is a guard (handlers.h): 0 to go on, -1 with the reply set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/ratelimit.h"
#include "core/text.h"
#include "core/url.h"

/*
 * Members get post_burst posts in a row and one more every post_refill
 * seconds; an address (several members behind one) four times that.
 * A member already refused costs their address nothing, and a new
 * certificate gets its bucket only once its address has allowed it, so
 * throwaway certificates from a refused address fill nothing.
 */
int
handler_rate_limit(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	char			 key[96], akey[96];
	int			 burst = handler_setting_number(req, SETTING_POST_BURST);
	int			 refill = handler_setting_number(req, SETTING_POST_REFILL);
	int			 wait;

	/*
	 * A certificate that is not a member yet counts on its own; each
	 * site's buckets are its own (member 3 of one is not of another).
	 */
	if (m != NULL)
		snprintf(key, sizeof(key), "%d/m:%lld", req->site->id,
		    (long long)m->id);
	else
		snprintf(key, sizeof(key), "%d/c:%.64s", req->site->id,
		    req->ident ? req->ident->fingerprint : "-");
	snprintf(akey, sizeof(akey), "%d/a:%s", req->site->id, req->addr);
	if ((wait = ratelimit_peek(key, refill, req->now)) == 0 &&
	    (wait = ratelimit_take(akey, req->addr, burst * 4, refill > 4 ?
	    refill / 4 : refill > 0 ? 1 : 0, req->now)) == 0)
		wait = ratelimit_take(key, req->addr, burst, refill, req->now);
	if (wait == 0)
		return 0;
	reply_status(rep, GEMINI_SLOW_DOWN, "%d", wait);
	return -1;
}

/*
 * The text a member is posting, cleaned into *textp: the answer to a
 * prompt, or a Titan upload.  Without either, asks for it (10).  Bad
 * text asks again with the reason (Gemini) or is refused (59, Titan).
 */
int
handler_post_text(struct request *req, struct reply *rep, const char *prompt,
    char **textp)
{
	const char	*src = req->query, *why;
	size_t		 len = req->query_len;
	size_t		 max = req->site->titan_max;
	char		*text;

	if (request_can(req, CAN_UPLOAD)) {
		if (strncmp(req->body_mime, "text/plain", 10) != 0 &&
		    strncmp(req->body_mime, "text/gemini", 11) != 0) {
			reply_status(rep, GEMINI_BAD_REQUEST, "Uploads are "
			    "text/plain or text/gemini");
			return -1;
		}
		src = req->body;
		len = req->body_len;
	} else if (src == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", prompt_long(req, prompt));
		return -1;
	}
	text = arena_strndup(&req->page->arena, src, len);
	if (memchr(src, '\0', len) != NULL)
		why = "The text holds a NUL byte.";
	else
		why = text_clean_post(text, &len, max);
	if (why == NULL) {
		*textp = text;
		return 0;
	}
	if (request_can(req, CAN_UPLOAD))
		reply_status(rep, GEMINI_BAD_REQUEST, "%s", why);
	else
		reply_status(rep, GEMINI_INPUT, "%s %s", why,
		    prompt_long(req, prompt));
	return -1;
}

/*
 * The title a prompt answered, cleaned, into *titlep; or -1 with rep
 * set: the prompt (asking for "what", up to TITLE_MAX_CHARS) when there
 * is no answer yet, or again with the reason when the answer is no title.
 */
int
handler_title(struct request *req, struct reply *rep, const char *what,
    char **titlep)
{
	char		*title;
	size_t		 len;
	const char	*why;

	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", prompt_line(req, what,
		    TITLE_MAX_CHARS));
		return -1;
	}
	len = req->query_len;
	title = arena_strndup(&req->page->arena, req->query, len);
	if ((why = text_clean_title(title, &len)) != NULL) {
		reply_status(rep, GEMINI_INPUT, "%s %s", why,
		    prompt_line(req, what, TITLE_MAX_CHARS));
		return -1;
	}
	*titlep = title;
	return 0;
}

/*
 * 0 when the discussion takes edits (it is neither locked nor in an
 * archived space); else -1 and rep says why not.
 */
int
handler_thread_open(struct request *req, struct reply *rep, int64_t thread_id)
{
	struct thread_row	t;
	int			rc;

	rc = store_thread_get(req->store, thread_id, 0, &t);
	if (rc == STORE_NOTFOUND)
		return 0;	/* the caller's own look-up answers that */
	if (rc < 0) {
		reply_store_error(rep, rc);
		return -1;
	}
	return handler_thread_row_open(rep, &t);
}

int
handler_thread_row_open(struct reply *rep, const struct thread_row *t)
{
	if (t->locked)
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This discussion "
		    "is locked: what is in it can no longer be edited");
	else if (t->archived)
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This discussion's "
		    "space is archived: what is in it can no longer be edited");
	return t->locked || t->archived ? -1 : 0;
}

/* A new member's posts wait for a moderator when the community says so. */
int
held_post(const struct member *m)
{
	return !m->approved && m->role == ROLE_MEMBER;
}
