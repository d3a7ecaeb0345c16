/*
 * reply.c: the ways a request is answered, for the router, the static
 * files and the handlers alike.  A reply is data (struct reply): the
 * protocol front-ends turn it into bytes, and router.c adds an intent
 * token to a redirect that leads to an action (it alone knows the
 * routes), so nothing here calls back up.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "handlers/reply.h"
#include "core/request.h"
#include "core/settings.h"

/*
 * Every page speaks the community's language.  Only a value that
 * settings.c accepts goes into the header (an older build's odd value is
 * left out rather than sent); one longer than the buffer is cut to more
 * than SETTING_LANG_MAX and so left out too.
 */
static const char *
reply_lang(struct request *req)
{
	char		 buf[SETTING_LANG_MAX * 2];
	const char	*lang;

	lang = store_setting(req->store, SETTING_LANG, buf, sizeof(buf));
	if (lang[0] == '\0' ||
	    setting_check(setting_find(SETTING_LANG), lang) != NULL)
		return NULL;
	return arena_strndup(&req->page->arena, lang, strlen(lang));
}

void
reply_page(struct request *req, struct reply *rep)
{
	const char *lang;

	if (page_failed(req->page)) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	lang = req->page->lang = reply_lang(req);
	if (lang != NULL)
		reply_status(rep, GEMINI_SUCCESS, "%s; lang=%s", MIME_GEMTEXT,
		    lang);
	else
		reply_status(rep, GEMINI_SUCCESS, "%s", MIME_GEMTEXT);
	rep->has_page = 1;
}

const char *
reply_link_base(const struct request *req)
{
	return request_can(req, CAN_UPLOAD) && req->site != NULL ?
	    req->site->gemini_base : "";
}

/* A redirect to target, a path of ours, after the link base. */
static void
redirect(struct request *req, struct reply *rep, const char *target,
    int tokened)
{
	reply_status(rep, GEMINI_REDIRECT_TEMPORARY, "%s%s",
	    reply_link_base(req), target);
	rep->token_wanted = tokened;
}

void
reply_redirect(struct request *req, struct reply *rep, const char *fmt, ...)
{
	va_list	 ap;
	char	 target[GEMINI_META_MAX + 1];

	va_start(ap, fmt);
	vsnprintf(target, sizeof(target), fmt, ap);
	va_end(ap);
	redirect(req, rep, target, 1);
}

void
reply_redirect_untokened(struct request *req, struct reply *rep,
    const char *target)
{
	redirect(req, rep, target, 0);
}

void
reply_store_error(struct reply *rep, int rc)
{
	if (rc == STORE_BUSY)
		reply_status(rep, GEMINI_TEMPORARY_FAILURE,
		    "The database is busy; please try again in a moment");
	else if (rc == STORE_FULL)
		reply_status(rep, GEMINI_TEMPORARY_FAILURE,
		    "The server's disk is full, so nothing was saved; please "
		    "try again later");
	else if (rc == STORE_INVALID)
		reply_status(rep, GEMINI_BAD_REQUEST,
		    "That value is not one the setting takes");
	else
		reply_status(rep, GEMINI_TEMPORARY_FAILURE,
		    "The database could not be read; the operator has been "
		    "told in the log");
}

/* A failed write: say so plainly, never half-done. */
int
reply_store_check(struct reply *rep, int64_t rc)
{
	if (rc >= 0)
		return 0;
	reply_store_error(rep, (int)rc);
	return -1;
}

/*
 * A discussion (or comment) that is not there: 52 when it was and has
 * been removed (its number is never given to another post), else 51.
 */
void
reply_missing(struct request *req, struct reply *rep, int comment,
    int64_t id)
{
	int rc = store_removed(req->store, comment, id);

	if (rc < 0)
		reply_store_error(rep, rc);
	else if (rc == 1)
		reply_status(rep, GEMINI_GONE, comment ? "This comment was "
		    "removed" : "This discussion was removed");
	else
		reply_status(rep, GEMINI_NOT_FOUND, comment ?
		    "No such comment" : "No such discussion");
}
