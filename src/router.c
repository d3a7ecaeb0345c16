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

/* See ROUTE_SHARED and ROUTE_THREAD in server.h. */
#define SHARED	ROUTE_SHARED
#define THREAD	(ROUTE_SHARED | ROUTE_THREAD)

static const struct route {
	const char	*pattern;
	handler_fn	 fn;
	int		 shared;		/* ROUTE_ flags */
	void		(*hit)(struct request *);	/* when cached */
} routes[] = {
	{ "/",				handle_home, SHARED, NULL },
	{ "/about",			handle_about, SHARED, NULL },
	{ "/terms",			handle_terms, SHARED, NULL },
	{ "/space/*",			handle_space, SHARED, NULL },
	{ "/space/*/page/#",		handle_space, SHARED, NULL },
	{ "/thread/#",			handle_thread, THREAD, thread_viewed },
	{ "/thread/#/page/#",		handle_thread, THREAD, NULL },
	{ "/thread/#/latest",		handle_thread_latest, 0, NULL },
	{ "/comment/#",			handle_comment_link, 0, NULL },
	{ "/thread/#/comment",		handle_comment, 0, NULL },
	{ "/thread/#/edit",		handle_thread_edit, 0, NULL },
	{ "/thread/#/title",		handle_thread_title, 0, NULL },
	{ "/space/*/new",		handle_space_new, 0, NULL },
	{ "/draft/#",			handle_draft, 0, NULL },
	{ "/join",			handle_join, 0, NULL },
	{ "/join/...",			handle_join, 0, NULL },
	{ "/welcome",			handle_welcome, 0, NULL },
	{ "/link",			handle_link, 0, NULL },
	{ "/me",			handle_me, 0, NULL },
	{ "/me/name",			handle_me_name, 0, NULL },
	{ "/me/link",			handle_me_link, 0, NULL },
	{ "/me/certs",			handle_me_certs, 0, NULL },
	{ "/me/certs/*/unlink",		handle_me_cert_unlink, 0, NULL },
	{ "/me/export",			handle_me_export, 0, NULL },
	{ "/comment/#/edit",		handle_comment_edit, 0, NULL },
	{ "/comment/#/delete",		handle_comment_delete, 0, NULL },
	{ "/invite/*",			handle_invite, 0, NULL },
	{ "/terms/accept",		handle_terms_accept, 0, NULL },
	{ "/terms/accept/...",		handle_terms_accept, 0, NULL },
	{ "/report/comment/#",		handle_report_comment, 0, NULL },
	{ "/report/thread/#",		handle_report_thread, 0, NULL },
	{ "/mod",			handle_mod, 0, NULL },
	{ "/mod/log",			handle_mod_log, 0, NULL },
	{ "/mod/invite",		handle_invite_new, 0, NULL },
	{ "/me/invite",			handle_me_invite, 0, NULL },
	{ "/me/invite/new",		handle_me_invite_new, 0, NULL },
	{ "/me/invite/#/revoke",	handle_me_invite_revoke, 0, NULL },
	{ "/mod/comment/#/*",		handle_mod_comment, 0, NULL },
	{ "/mod/thread/#/move",		handle_mod_move, 0, NULL },
	{ "/mod/thread/#/move/*",	handle_mod_move, 0, NULL },
	{ "/mod/thread/#/retitle",	handle_mod_retitle, 0, NULL },
	{ "/mod/thread/#/retitle/...",	handle_mod_retitle, 0, NULL },
	{ "/mod/thread/#/*",		handle_mod_thread, 0, NULL },
	{ "/mod/member/#/*",		handle_mod_member, 0, NULL },
	{ "/mod/report/#/*",		handle_mod_report, 0, NULL },
	{ "/admin",			handle_admin, 0, NULL },
	{ "/admin/members",		handle_admin_members, 0, NULL },
	{ "/admin/setting/*",		handle_admin_setting, 0, NULL },
	{ "/admin/space/new",		handle_admin_space_new, 0, NULL },
	{ "/admin/space/*/*",		handle_admin_space, 0, NULL },
	{ "/admin/member/#/role/*",	handle_admin_role, 0, NULL },
	{ "/search",			handle_search, 0, NULL },
	{ "/help",			handle_help, 0, NULL },
	{ "/feed",			handle_feed, SHARED, NULL },
	{ "/feed.xml",			handle_feed_atom, SHARED, NULL },
	{ "/space/*/feed",		handle_feed, SHARED, NULL },
	{ "/space/*/feed.xml",		handle_feed_atom, SHARED, NULL },
	{ "/thread/#/feed",		handle_feed, THREAD, NULL },
	{ "/thread/#/feed.xml",		handle_feed_atom, THREAD, NULL },
	{ "/me/notifications",		handle_notifications, 0, NULL },
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

/* The route for req->path, its captures filled in; NULL: a file. */
static const struct route *
route_find(struct request *req)
{
	size_t i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		memset(req->num, 0, sizeof(req->num));
		memset(req->str, 0, sizeof(req->str));
		req->tail = NULL;
		if (route_match(routes[i].pattern, req->path, req))
			return &routes[i];
	}
	return NULL;
}

void
route(struct request *req, struct reply *rep)
{
	const struct route *r = route_find(req);

	if (r != NULL)
		r->fn(req, rep);
	else
		static_serve(req, rep);
}

/*
 * 1 when req is a page that is the same for every visitor: no
 * certificate, no query, no upload, and a shared route.
 */
int
route_shared(struct request *req)
{
	const struct route *r;

	if (req->ident != NULL || req->query != NULL || req->body != NULL)
		return 0;
	r = route_find(req);
	return r != NULL ? r->shared : 0;
}

/* What a request answered from the cache still does (counting a view). */
void
route_hit(struct request *req)
{
	const struct route *r = route_find(req);

	if (r != NULL && r->hit != NULL)
		r->hit(req);
}

void
reply_status(struct reply *rep, int status, const char *fmt, ...)
{
	va_list	 ap;
	char	*c;

	rep->status = status;
	rep->has_page = 0;
	va_start(ap, fmt);
	vsnprintf(rep->meta, sizeof(rep->meta), fmt, ap);
	va_end(ap);
	/* META is one line (a Gopher error item's text too): whatever a
	 * prompt echoes, a control character there is a space */
	for (c = rep->meta; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
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
