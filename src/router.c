/*
 * router.c: path -> handler, for both protocols, and the reply helpers
 * that handlers use.
 *
 * Patterns are literal segments plus "#" (a decimal id, captured into
 * req->num[]), "*" (a slug [a-z0-9_-], captured into req->str[]) and a
 * final "..." (the rest of the path, into req->tail).  A single trailing
 * slash is ignored.  What no route claims is looked for in
 * the capsule folder.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"
#include "log.h"
#include "server.h"

#define SLUG_MAX	64
#define ID_DIGITS_MAX	18	/* fits an int64_t */

static const struct route {
	const char	*pattern;
	handler_fn	 fn;
} routes[] = {
	{ "/",				handle_home },
	{ "/about",			handle_about },
	{ "/terms",			handle_terms },
	{ "/space/*",			handle_space },
	{ "/space/*/page/#",		handle_space },
	{ "/thread/#",			handle_thread },
	{ "/thread/#/comment",		handle_comment },
	{ "/space/*/new",		handle_space_new },
	{ "/draft/#",			handle_draft },
	{ "/join",			handle_join },
	{ "/join/...",			handle_join },
	{ "/welcome",			handle_welcome },
	{ "/link",			handle_link },
	{ "/me",			handle_me },
	{ "/me/name",			handle_me_name },
	{ "/me/link",			handle_me_link },
	{ "/me/export",			handle_me_export },
	{ "/comment/#/edit",		handle_comment_edit },
	{ "/comment/#/delete",		handle_comment_delete },
	{ "/invite/*",			handle_invite },
	{ "/terms/accept",		handle_terms_accept },
	{ "/terms/accept/...",		handle_terms_accept },
	{ "/report/comment/#",		handle_report_comment },
	{ "/report/thread/#",		handle_report_thread },
	{ "/mod",			handle_mod },
	{ "/mod/log",			handle_mod_log },
	{ "/mod/invite",		handle_invite_new },
	{ "/me/invite",			handle_invite_new },
	{ "/mod/comment/#/*",		handle_mod_comment },
	{ "/mod/thread/#/move",		handle_mod_move },
	{ "/mod/thread/#/move/*",	handle_mod_move },
	{ "/mod/thread/#/*",		handle_mod_thread },
	{ "/mod/member/#/*",		handle_mod_member },
	{ "/mod/report/#/*",		handle_mod_report },
	{ "/admin",			handle_admin },
	{ "/admin/members",		handle_admin_members },
	{ "/admin/setting/*",		handle_admin_setting },
	{ "/admin/space/new",		handle_admin_space_new },
	{ "/admin/space/*/*",		handle_admin_space },
	{ "/admin/member/#/role/*",	handle_admin_role },
	{ "/search",			handle_search },
	{ "/help",			handle_help },
	{ "/feed",			handle_feed },
	{ "/feed.xml",			handle_feed_atom },
	{ "/space/*/feed",		handle_feed },
	{ "/space/*/feed.xml",		handle_feed_atom },
	{ "/thread/#/feed",		handle_feed },
	{ "/thread/#/feed.xml",		handle_feed_atom },
	{ "/me/notifications",		handle_notifications },
};

/* Length of the segment at s (up to '/' or the end). */
static size_t
seglen(const char *s)
{
	return strcspn(s, "/");
}

static int
route_match(const char *pattern, const char *path, struct request *req)
{
	size_t	 plen, slen, i;
	int	 nnum = 0, nstr = 0;

	if (strcmp(pattern, "/") == 0)
		return strcmp(path, "/") == 0;
	while (*pattern == '/' && *path == '/') {
		pattern++;
		path++;
		plen = seglen(pattern);
		slen = seglen(path);
		if (plen == 1 && *pattern == '#') {
			if (slen == 0 || slen > ID_DIGITS_MAX)
				return 0;
			for (i = 0; i < slen; i++)
				if (path[i] < '0' || path[i] > '9')
					return 0;
			req->num[nnum++] = strtoll(path, NULL, 10);
		} else if (plen == 1 && *pattern == '*') {
			if (slen == 0 || slen > SLUG_MAX)
				return 0;
			for (i = 0; i < slen; i++)
				if (!((path[i] >= 'a' && path[i] <= 'z') ||
				    (path[i] >= '0' && path[i] <= '9') ||
				    path[i] == '-' || path[i] == '_'))
					return 0;
			req->str[nstr++] = arena_strndup(&req->page->arena,
			    path, slen);
		} else if (plen == 3 && memcmp(pattern, "...", 3) == 0) {
			/* the rest of the path, from its slash */
			req->tail = path - 1;
			return 1;
		} else if (plen != slen || memcmp(pattern, path, plen) != 0)
			return 0;
		pattern += plen;
		path += slen;
	}
	/* both ended, or only a trailing slash is left of the path */
	return *pattern == '\0' && (*path == '\0' || strcmp(path, "/") == 0);
}

void
route(struct request *req, struct reply *rep)
{
	size_t i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		memset(req->num, 0, sizeof(req->num));
		memset(req->str, 0, sizeof(req->str));
		req->tail = NULL;
		if (route_match(routes[i].pattern, req->path, req)) {
			routes[i].fn(req, rep);
			return;
		}
	}
	static_serve(req, rep);
}

void
reply_status(struct reply *rep, int status, const char *fmt, ...)
{
	va_list ap;

	rep->status = status;
	rep->has_page = 0;
	va_start(ap, fmt);
	vsnprintf(rep->meta, sizeof(rep->meta), fmt, ap);
	va_end(ap);
}

void
reply_page(struct request *req, struct reply *rep)
{
	const char *lang = req->page->lang;

	if (lang != NULL && lang[0] != '\0')
		reply_status(rep, GEMINI_SUCCESS, "%s; lang=%s", MIME_GEMTEXT,
		    lang);
	else
		reply_status(rep, GEMINI_SUCCESS, "%s", MIME_GEMTEXT);
	rep->has_page = 1;
}

/*
 * A redirect to a path of ours.  After a Titan upload it must be an
 * absolute gemini:// URL, or the client would resolve it to titan://.
 */
void
reply_redirect(struct request *req, struct reply *rep, const char *fmt, ...)
{
	va_list	ap;
	int	n = 0;

	rep->status = GEMINI_REDIRECT_TEMPORARY;
	rep->has_page = 0;
	if (req->proto == PROTO_TITAN)
		n = snprintf(rep->meta, sizeof(rep->meta), "%s",
		    req->w->srv->gemini_base);
	va_start(ap, fmt);
	vsnprintf(rep->meta + n, sizeof(rep->meta) - n, fmt, ap);
	va_end(ap);
}
