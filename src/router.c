/*
 * router.c: path -> handler, for both protocols, and the reply helpers
 * that handlers use.
 *
 * Patterns are literal segments plus "#" (a decimal id, captured into
 * req->num[]), "*" (a path word, slug.h, captured into req->str[]) and a
 * final "..." (the rest of the path, into req->tail).  A single trailing
 * slash is ignored.  What no route claims is looked for in
 * the capsule folder.
 *
 * Actions (ROUTE_ACTION) are guarded here, once for all of them: with a
 * certificate, one runs only when its URL ends in the "~TOKEN" that this
 * server made for that member and path (intent.h); otherwise the member
 * gets a page that says what the link asked for and offers the real
 * action.  And every page a member is served gets tokens on its action
 * links, as do redirects to actions.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"
#include "intent.h"
#include "log.h"
#include "server.h"
#include "slug.h"

#define ID_DIGITS_MAX	18	/* fits an int64_t */

/* See ROUTE_SHARED, ROUTE_THREAD and ROUTE_ACTION in server.h. */
#define SHARED	ROUTE_SHARED
#define THREAD	(ROUTE_SHARED | ROUTE_THREAD)
#define ACTION	ROUTE_ACTION

/*
 * Every route that writes to the store is an ACTION, and says what it
 * does for the page that asks before acting on a link without a valid
 * token: {n} is the captured number, {s} and {t} the captured slugs.
 * Two GETs write without being actions: a view of a discussion (counted
 * for visitors too, and nobody's act) and the captures themselves.
 */
static const struct route {
	const char	*pattern;
	handler_fn	 fn;
	int		 flags;			/* ROUTE_ flags */
	void		(*hit)(struct request *);	/* when cached */
	const char	*what;			/* ACTION: "to ..." */
} routes[] = {
	{ "/",				handle_home, SHARED, NULL, NULL },
	{ "/about",			handle_about, SHARED, NULL, NULL },
	{ "/terms",			handle_terms, SHARED, NULL, NULL },
	{ "/space/*",			handle_space, SHARED, NULL, NULL },
	{ "/space/*/page/#",		handle_space, SHARED, NULL, NULL },
	{ "/thread/#",			handle_thread, THREAD, thread_viewed,
	    NULL },
	{ "/thread/#/page/#",		handle_thread, THREAD, NULL, NULL },
	{ "/thread/#/latest",		handle_thread_latest, 0, NULL, NULL },
	{ "/comment/#",			handle_comment_link, 0, NULL, NULL },
	{ "/thread/#/comment",		handle_comment, ACTION, NULL,
	    "post a comment in discussion {n}" },
	{ "/thread/#/edit",		handle_thread_edit, ACTION, NULL,
	    "change the opening post of your discussion {n}" },
	{ "/thread/#/title",		handle_thread_title, ACTION, NULL,
	    "change the title of your discussion {n}" },
	{ "/space/*/new",		handle_space_new, ACTION, NULL,
	    "start a new discussion in the space {s}" },
	{ "/draft/#",			handle_draft, ACTION, NULL,
	    "publish your draft {n} as a discussion" },
	{ "/join",			handle_join, ACTION, NULL,
	    "make this certificate a member" },
	{ "/join/...",			handle_join, ACTION, NULL,
	    "make this certificate a member" },
	{ "/welcome",			handle_welcome, 0, NULL, NULL },
	{ "/link",			handle_link, ACTION, NULL,
	    "link this certificate to a membership with a code" },
	{ "/me",			handle_me, 0, NULL, NULL },
	{ "/me/name",			handle_me_name, ACTION, NULL,
	    "change your display name" },
	{ "/me/link",			handle_me_link, ACTION, NULL,
	    "make a code that links another certificate to you" },
	{ "/me/certs",			handle_me_certs, 0, NULL, NULL },
	{ "/me/certs/*/unlink",		handle_me_cert_unlink, ACTION, NULL,
	    "unlink one of your certificates" },
	{ "/me/export",			handle_me_export, 0, NULL, NULL },
	{ "/comment/#/edit",		handle_comment_edit, ACTION, NULL,
	    "edit your comment {n}" },
	{ "/comment/#/delete",		handle_comment_delete, ACTION, NULL,
	    "delete your comment {n}" },
	{ "/invite/*",			handle_invite, ACTION, NULL,
	    "join with an invitation" },
	{ "/terms/accept",		handle_terms_accept, ACTION, NULL,
	    "accept the terms of use" },
	{ "/terms/accept/...",		handle_terms_accept, ACTION, NULL,
	    "accept the terms of use" },
	{ "/report/comment/#",		handle_report_comment, ACTION, NULL,
	    "report comment {n} to the moderators" },
	{ "/report/thread/#",		handle_report_thread, ACTION, NULL,
	    "report discussion {n} to the moderators" },
	{ "/mod",			handle_mod, 0, NULL, NULL },
	{ "/mod/log",			handle_mod_log, 0, NULL, NULL },
	{ "/mod/invite",		handle_invite_new, ACTION, NULL,
	    "make an invitation" },
	{ "/me/invite",			handle_me_invite, 0, NULL, NULL },
	{ "/me/invite/new",		handle_me_invite_new, ACTION, NULL,
	    "make an invitation" },
	{ "/me/invite/#/revoke",	handle_me_invite_revoke, ACTION, NULL,
	    "revoke your invitation {n}" },
	{ "/mod/comment/#/*",		handle_mod_comment, ACTION, NULL,
	    "{s} comment {n} (moderation)" },
	{ "/mod/thread/#/move",		handle_mod_move, 0, NULL, NULL },
	{ "/mod/thread/#/move/*",	handle_mod_move, ACTION, NULL,
	    "move discussion {n} to the space {s} (moderation)" },
	{ "/mod/thread/#/retitle",	handle_mod_retitle, ACTION, NULL,
	    "change the title of discussion {n} (moderation)" },
	{ "/mod/thread/#/retitle/...",	handle_mod_retitle, ACTION, NULL,
	    "change the title of discussion {n} (moderation)" },
	{ "/mod/thread/#/*",		handle_mod_thread, ACTION, NULL,
	    "{s} discussion {n} (moderation)" },
	{ "/mod/member/#/*",		handle_mod_member, ACTION, NULL,
	    "{s} member {n} (moderation)" },
	{ "/mod/report/#/*",		handle_mod_report, ACTION, NULL,
	    "{s} report {n} (moderation)" },
	{ "/admin",			handle_admin, 0, NULL, NULL },
	{ "/admin/members",		handle_admin_members, 0, NULL, NULL },
	{ "/admin/setting/*",		handle_admin_setting, ACTION, NULL,
	    "change the setting {s}" },
	{ "/admin/space/new",		handle_admin_space_new, ACTION, NULL,
	    "add a space" },
	{ "/admin/space/*/*",		handle_admin_space, ACTION, NULL,
	    "{t} the space {s}" },
	{ "/admin/member/#/role/*",	handle_admin_role, ACTION, NULL,
	    "give member {n} the role {s}" },
	{ "/search",			handle_search, 0, NULL, NULL },
	{ "/help",			handle_help, 0, NULL, NULL },
	{ "/feed",			handle_feed, SHARED, NULL, NULL },
	{ "/feed.xml",			handle_feed_atom, SHARED, NULL, NULL },
	{ "/space/*/feed",		handle_feed, SHARED, NULL, NULL },
	{ "/space/*/feed.xml",		handle_feed_atom, SHARED, NULL, NULL },
	{ "/thread/#/feed",		handle_feed, THREAD, NULL, NULL },
	{ "/thread/#/feed.xml",		handle_feed_atom, THREAD, NULL, NULL },
	{ "/me/notifications",		handle_notifications, ACTION, NULL,
	    "show your notifications and mark them as read" },
};

/* Length of the segment at s (up to '/' or the end). */
static size_t
seglen(const char *s)
{
	return strcspn(s, "/");
}

/* 1 when path matches pattern, its captures put in req (unless NULL). */
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
			if (req != NULL)
				req->num[nnum++] = strtoll(path, NULL, 10);
		} else if (plen == 1 && *pattern == '*') {
			if (!path_word_ok(path, slen))
				return 0;
			if (req != NULL)
				req->str[nstr++] = arena_strndup(
				    &req->page->arena, path, slen);
		} else if (plen == 3 && memcmp(pattern, "...", 3) == 0) {
			/* the rest of the path, from its slash */
			if (req != NULL)
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

/*
 * The route of path, as route_find() finds it but capturing nothing:
 * asked for every action link of a page, so it copies and allocates
 * nothing.
 */
static const struct route *
route_of(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (route_match(routes[i].pattern, path, NULL))
			return &routes[i];
	return NULL;
}

void
route_set_path(struct request *req, char *path)
{
	char *seg = strrchr(path, '/');

	req->path = path;
	req->token = NULL;
	if (seg == NULL || seg == path || seg[1] != INTENT_SEGMENT ||
	    !intent_token_shape(seg + 2))
		return;
	*seg = '\0';
	if (route_of(path) == NULL) {
		*seg = '/';	/* a file whose name starts with '~' */
		return;
	}
	req->token = seg + 2;
}

/*
 * Whom tokens are for: "m:ID" for a member, "c:FINGERPRINT" for a
 * certificate that is none yet; NULL without a certificate (or when the
 * database cannot say).
 */
static const char *
route_subject(struct request *req)
{
	struct member	m;
	int		rc;

	if (req->ident == NULL)
		return NULL;
	if (!req->subject_known) {
		rc = handler_cert_member(req, &m);
		if (rc == STORE_OK)
			snprintf(req->subject, sizeof(req->subject), "m:%lld",
			    (long long)m.id);
		else if (rc == STORE_NOTFOUND)
			snprintf(req->subject, sizeof(req->subject), "c:%s",
			    req->ident->fingerprint);
		else
			req->subject[0] = '\0';
		req->subject_known = 1;
	}
	return req->subject[0] != '\0' ? req->subject : NULL;
}

/*
 * The path a token is made for: route_match() ignores one trailing
 * slash, so "/me/name/" and "/me/name" are one route and one token
 * (else the link offered for the first, "/me/name//~TOKEN", would come
 * back without the empty segment and never match).
 */
static const char *
route_intent_path(struct request *req, const char *path)
{
	size_t len = strlen(path);

	if (len > 1 && path[len - 1] == '/')
		return arena_strndup(&req->page->arena, path, len - 1);
	return path;
}

/*
 * target (a local path, maybe with "?query") with this subject's token
 * for it, when it is an action's and carries none yet; else NULL.
 */
static char *
route_tokened(struct request *req, const char *target)
{
	struct arena	*a = &req->page->arena;
	const char	*subject, *query, *last;
	const struct route *r;
	char		 tok[INTENT_TOKEN_LEN + 1];
	const char	*path;
	size_t		 plen;

	if (target[0] != '/' || target[1] == '/')
		return NULL;
	plen = strcspn(target, "?#");
	path = arena_strndup(a, target, plen);
	query = target + plen;
	last = strrchr(path, '/');
	if (last[1] == INTENT_SEGMENT)
		return NULL;
	if ((r = route_of(path)) == NULL || !(r->flags & ROUTE_ACTION) ||
	    (subject = route_subject(req)) == NULL)
		return NULL;
	path = route_intent_path(req, path);
	intent_token(req->site->intent_secret, subject, path,
	    (int64_t)req->now / INTENT_DAY, tok);
	return arena_printf(a, "%s/%c%s%s", path, INTENT_SEGMENT, tok, query);
}

/* The central pass: a token on every action link of a member's page. */
static void
route_token_links(struct request *req)
{
	struct page	*p = req->page;
	struct element	*e;
	char		*t;
	size_t		 i;

	for (i = 0; i < p->n; i++) {
		e = &p->els[i];
		if (e->type == EL_LINK && e->kind == LINK_ACTION &&
		    (t = route_tokened(req, e->target)) != NULL)
			e->target = t;
	}
}

/* What r does, its {n}, {s} and {t} filled in from req's captures. */
static const char *
route_what(struct request *req, const struct route *r)
{
	char		 buf[512], num[24];
	const char	*w = r->what != NULL ? r->what : "do something", *v;
	size_t		 n = 0, vlen;

	while (*w != '\0' && n + 1 < sizeof(buf)) {
		v = NULL;
		if (strncmp(w, "{n}", 3) == 0) {
			snprintf(num, sizeof(num), "%lld",
			    (long long)req->num[0]);
			v = num;
		} else if (strncmp(w, "{s}", 3) == 0)
			v = req->str[0] != NULL ? req->str[0] : "?";
		else if (strncmp(w, "{t}", 3) == 0)
			v = req->str[1] != NULL ? req->str[1] : "?";
		if (v == NULL) {
			buf[n++] = *w++;
			continue;
		}
		vlen = strlen(v);
		if (n + vlen >= sizeof(buf))
			break;
		memcpy(buf + n, v, vlen);
		n += vlen;
		w += 3;
	}
	buf[n] = '\0';
	return arena_strndup(&req->page->arena, buf, n);
}

/* Text the page may show as such (an upload of another kind is not). */
static int
route_text_mime(const char *mime)
{
	return mime != NULL && (strncmp(mime, "text/plain", 10) == 0 ||
	    strncmp(mime, "text/gemini", 11) == 0);
}

/*
 * An action asked for without its token: nothing is done.  The page says
 * what the link asked for, shows what it carried (so that nothing a
 * member typed is lost) and links to the action itself, which asks again.
 */
static void
route_intent_page(struct request *req, struct reply *rep,
    const struct route *r)
{
	struct page	*p = req->page;
	const char	*subject = route_subject(req), *what, *path;
	char		 tok[INTENT_TOKEN_LEN + 1];

	if (subject == NULL) {
		reply_store_error(rep, STORE_ERROR);
		return;
	}
	path = route_intent_path(req, req->path);
	intent_token(req->site->intent_secret, subject, path,
	    (int64_t)req->now / INTENT_DAY, tok);
	what = route_what(req, r);
	page_begin(req);
	page_heading(p, 1, "Nothing was done yet");
	page_text(p, "A link asked to %s, in your name (%s).", what,
	    req->path);
	page_text(p, "Anyone can write a link, and your client shows your "
	    "certificate with every one, so this server acts only on links "
	    "it made for you.%s If you meant to do this, follow the link "
	    "below.", req->token != NULL ? " This one was made for someone "
	    "else, or is more than a day old." : "");
	if (req->query != NULL) {
		page_blank(p);
		page_text(p, "The link carried this text (nothing of it was "
		    "saved; copy it if it is yours):");
		page_pre(p, "the text the link carried", req->query,
		    req->query_len);
	}
	if (req->body != NULL && route_text_mime(req->body_mime)) {
		page_blank(p);
		page_text(p, "The upload carried this text (nothing of it was "
		    "saved; copy it if it is yours):");
		page_pre(p, "the uploaded text", req->body, req->body_len);
	} else if (req->body != NULL)
		page_text(p, "The upload (%zu bytes of %s) was not saved.",
		    req->body_len, req->body_mime);
	page_blank(p);
	/* after a Titan upload a relative link would resolve to titan:// */
	page_link(p, LINK_ACTION, arena_printf(&p->arena, "%s%s/%c%s",
	    req->proto == PROTO_TITAN ? req->site->gemini_base : "",
	    path, INTENT_SEGMENT, tok), "Yes: %s", what);
	page_link(p, LINK_PAGE, "/", "No: leave it, back to the home page");
	reply_page(req, rep);
}

void
route(struct request *req, struct reply *rep)
{
	const struct route *r = route_find(req);

	if (r == NULL) {
		static_serve(req, rep);
		return;
	}
	/* without a certificate the handler answers 60, as before */
	if ((r->flags & ROUTE_ACTION) && req->ident != NULL &&
	    !intent_valid(req->site->intent_secret, route_subject(req),
	    route_intent_path(req, req->path), req->now, req->token))
		route_intent_page(req, rep, r);
	else
		r->fn(req, rep);
	/* a visitor's page (the only kind cached) never holds a token */
	if (rep->has_page && req->ident != NULL)
		route_token_links(req);
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
	return r != NULL ? r->flags & (ROUTE_SHARED | ROUTE_THREAD) : 0;
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

	if (page_failed(req->page)) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	if (lang != NULL && lang[0] != '\0')
		reply_status(rep, GEMINI_SUCCESS, "%s; lang=%s", MIME_GEMTEXT,
		    lang);
	else
		reply_status(rep, GEMINI_SUCCESS, "%s", MIME_GEMTEXT);
	rep->has_page = 1;
}

/*
 * A redirect to target, a path of ours; with a token when it is an
 * action's and tokened is set.  After a Titan upload it must be an
 * absolute gemini:// URL, or the client would resolve it to titan://.
 */
static void
redirect(struct request *req, struct reply *rep, const char *target,
    int tokened)
{
	const char	*t = target, *base;
	char		*withtok;
	size_t		 blen, tlen;

	if (tokened && req->ident != NULL && req->site != NULL &&
	    (withtok = route_tokened(req, target)) != NULL)
		t = withtok;
	rep->status = GEMINI_REDIRECT_TEMPORARY;
	rep->has_page = 0;
	base = req->proto == PROTO_TITAN ? req->site->gemini_base : "";
	blen = strlen(base);
	tlen = strlen(t);
	if (blen + tlen >= sizeof(rep->meta))
		tlen = sizeof(rep->meta) - 1 - blen;
	memcpy(rep->meta, base, blen);
	memcpy(rep->meta + blen, t, tlen);
	rep->meta[blen + tlen] = '\0';
}

/* A redirect to a path the server chose: an action's gets a token. */
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

/*
 * A redirect to a path that came with the request ("carry on to PATH"):
 * never a token, or any link could name an action and have it signed on
 * the way; an action there asks first.
 */
void
reply_redirect_untokened(struct request *req, struct reply *rep,
    const char *target)
{
	redirect(req, rep, target, 0);
}
