/*
 * common.c: what every page shares: settings, dates, the footer.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"
#include "settings.h"
#include "text.h"
#include "utc.h"

const char *
handler_setting(struct request *req, const char *key)
{
	char buf[SETTING_VALUE_MAX];

	store_setting(req->store, key, buf, sizeof(buf));
	return arena_strndup(&req->page->arena, buf, strlen(buf));
}

/* A number setting, in its range whatever an older build stored. */
int
handler_setting_number(struct request *req, const char *key)
{
	return (int)setting_number(setting_find(key), handler_setting(req,
	    key));
}

/* A moment as pages show it (utc.h), in the page's arena. */
static const char *
fmt_time(struct request *req, int64_t when, enum utc_style style)
{
	return utc_format(arena_alloc(&req->page->arena, UTC_TEXT_MAX),
	    UTC_TEXT_MAX, when, style);
}

/* "2026-11-26" */
const char *
fmt_date(struct request *req, int64_t when)
{
	return fmt_time(req, when, UTC_DAY);
}

/* "2026-11-26 14:05 UTC" */
const char *
fmt_datetime(struct request *req, int64_t when)
{
	return fmt_time(req, when, UTC_LONG);
}

const char *
plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Every page starts in the community's language. */
void
page_begin(struct request *req)
{
	const char	*lang = handler_setting(req, SETTING_LANG);

	/* what settings.c accepts is safe in the header; an older
	 * build's odd value is left out rather than sent */
	req->page->lang = setting_check(setting_find(SETTING_LANG), lang) ==
	    NULL ? lang : NULL;
}

void
page_footer(struct request *req)
{
	struct page *p = req->page;

	if (p->tail == 0)
		page_tail(p);
	page_blank(p);
	if (req->proto == PROTO_GOPHER)
		page_text(p, "To take part, open this community in a Gemini "
		    "client with a client certificate: %s/join",
		    req->site->gemini_base);
	else
		page_link(p, LINK_ACTION, "/me", "Your page (members), or "
		    "join");
	page_link(p, LINK_PAGE, "/", "Home");
	page_link(p, LINK_PAGE, "/about", "About this community");
	page_link(p, LINK_PAGE, "/terms", "Terms of use");
	page_link(p, LINK_PAGE, "/help", "Help");
	page_text(p, "Words here belong to the community and are shared "
	    "under %s.", handler_setting(req, SETTING_LICENCE));
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

/*
 * The first line of s, at most max bytes of it (never cutting a UTF-8
 * sequence), with "…" when anything was left out: for excerpts in lists.
 */
const char *
first_line(struct request *req, const char *s, size_t max)
{
	size_t len = strcspn(s, "\n"), cut = len > max ? max : len;

	while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	return arena_printf(&req->page->arena, "%.*s%s", (int)cut, s,
	    s[cut] != '\0' ? "…" : "");
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

/*
 * The title a prompt answered, cleaned; or NULL with rep set: the prompt
 * (asking for "what", up to TITLE_MAX_CHARS) when there is no answer
 * yet, or again with the reason when the answer is no title.
 */
char *
handler_title(struct request *req, struct reply *rep, const char *what)
{
	char		*title;
	size_t		 len;
	const char	*why;

	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s (up to %d characters)",
		    what, TITLE_MAX_CHARS);
		return NULL;
	}
	len = req->query_len;
	title = arena_strndup(&req->page->arena, req->query, len);
	if ((why = text_clean_title(title, &len)) != NULL) {
		reply_status(rep, GEMINI_INPUT, "%s %s", why, what);
		return NULL;
	}
	return title;
}
