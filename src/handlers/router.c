/*
 * router.c: path -> handler, for both protocols.
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
 * action; one that only asks for text (ROUTE_PROMPT), asked without
 * any, goes on to itself with the token.  And every page a member is
 * served gets tokens on its action links but those, as do redirects to
 * actions (reply.c marks them; it knows no route).
 *
 * Who may call is guarded here too: each route says what it needs (a
 * certificate, a member, a moderator...: access.h), and the router asks
 * access_need() once, after an action's token and before the handler,
 * which then starts with its work and finds the member in req->member.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/access.h"
#include "store/store.h"
#include "handlers/handlers.h"
#include "core/intent.h"
#include "core/log.h"
#include "handlers/reply.h"
#include "core/request.h"
#include "handlers/router.h"
#include "core/slug.h"

#define ID_DIGITS_MAX	18	/* fits an int64_t */
#define READ_ONLY_WAIT	60	/* s: a move takes minutes (44) */

/* See ROUTE_SHARED, ROUTE_THREAD and ROUTE_ACTION in server.h. */
#define SHARED	ROUTE_SHARED
#define THREAD	(ROUTE_SHARED | ROUTE_THREAD)
#define ACTION	ROUTE_ACTION
#define PROMPT	(ROUTE_ACTION | ROUTE_PROMPT)

/* Who may call, access.h: the router checks it before the handler. */
#define VISITOR	NEED_VISITOR
#define CERT	NEED_CERT
#define MEMBER	NEED_MEMBER
#define ACTIVE	NEED_ACTIVE
#define MOD	NEED_MODERATOR
#define ADMIN	NEED_ADMIN

/*
 * Every route that writes to the store is an ACTION, and says what it
 * does for the page that asks before acting on a link without a valid
 * token: {n} is the captured number, {s} and {t} the captured slugs.
 * Two GETs write without being actions: a view of a discussion (counted
 * for visitors too, and nobody's act) and the captures themselves.
 */
static const struct route {
	const char	*pattern;
	enum need	 need;			/* who may call: access.h */
	int		 flags;			/* ROUTE_ flags */
	handler_fn	 fn;
	void		(*hit)(struct request *);	/* when cached */
	const char	*what;			/* ACTION: "to ..." */
} routes[] = {
	{ "/",				VISITOR, SHARED, handle_home, NULL,
	    NULL },
	{ "/space",			VISITOR, SHARED, handle_spaces, NULL,
	    NULL },
	{ "/thread",			VISITOR, SHARED, handle_threads, NULL,
	    NULL },
	{ "/discussions",		VISITOR, SHARED, handle_discussions,
	    NULL, NULL },
	{ "/discussions/page/#",	VISITOR, SHARED, handle_discussions,
	    NULL, NULL },
	{ "/about",			VISITOR, SHARED, handle_about, NULL,
	    NULL },
	{ "/terms",			VISITOR, SHARED, handle_terms, NULL,
	    NULL },
	{ "/space/*",			VISITOR, SHARED, handle_space, NULL,
	    NULL },
	{ "/space/*/page/#",		VISITOR, SHARED, handle_space, NULL,
	    NULL },
	{ "/thread/#",			VISITOR, THREAD, handle_thread,
	    handle_thread_hit, NULL },
	{ "/thread/#/page/#",		VISITOR, THREAD, handle_thread, NULL,
	    NULL },
	{ "/thread/#/latest",		VISITOR, 0, handle_thread_latest, NULL,
	    NULL },
	{ "/comment/#",			VISITOR, 0, handle_comment_link, NULL,
	    NULL },
	{ "/thread/#/comment",		ACTIVE, PROMPT, handle_comment, NULL,
	    "post a comment in discussion {n}" },
	{ "/thread/#/edit",		ACTIVE, ACTION, handle_thread_edit,
	    NULL, "change the opening post of your discussion {n}" },
	{ "/thread/#/edit/text",	ACTIVE, ACTION, handle_thread_edit,
	    NULL, "change the opening post of your discussion {n}" },
	{ "/thread/#/title",		ACTIVE, ACTION, handle_thread_title,
	    NULL, "change the title of your discussion {n}" },
	{ "/space/*/new",		ACTIVE, ACTION, handle_space_new, NULL,
	    "start a new discussion in the space {s}" },
	{ "/draft/#",			ACTIVE, ACTION, handle_draft, NULL,
	    "publish your draft {n} as a discussion" },
	{ "/draft/#/discard",		ACTIVE, ACTION, handle_draft_discard,
	    NULL, "discard your draft {n}" },
	{ "/draft/comment/#",		ACTIVE, ACTION, handle_draft_comment,
	    NULL, "post your saved comment {n}" },
	{ "/draft/comment/#/discard",	ACTIVE, ACTION,
	    handle_draft_comment_discard, NULL,
	    "discard your saved comment {n}" },
	{ "/me/drafts",			MEMBER, 0, handle_me_drafts, NULL,
	    NULL },
	{ "/me/drafts/#",		MEMBER, 0, handle_me_draft, NULL,
	    NULL },
	{ "/join",			CERT, ACTION, handle_join, NULL,
	    "make this certificate a member" },
	{ "/join/...",			CERT, ACTION, handle_join, NULL,
	    "make this certificate a member" },
	{ "/welcome",			MEMBER, 0, handle_welcome, NULL, NULL },
	{ "/link",			CERT, ACTION, handle_link, NULL,
	    "link this certificate to a membership with a code" },
	{ "/me",			MEMBER, 0, handle_me, NULL, NULL },
	{ "/me/name",			ACTIVE, ACTION, handle_me_name, NULL,
	    "change your display name" },
	{ "/me/link",			MEMBER, ACTION, handle_me_link, NULL,
	    "make a code that links another certificate to you" },
	{ "/me/certs",			MEMBER, 0, handle_me_certs, NULL,
	    NULL },
	{ "/me/certs/*/unlink",		MEMBER, ACTION, handle_me_cert_unlink,
	    NULL, "unlink one of your certificates" },
	{ "/me/export",			MEMBER, 0, handle_me_export, NULL,
	    NULL },
	{ "/comment/#/reply",		ACTIVE, PROMPT, handle_comment_reply,
	    NULL, "reply to comment {n}" },
	{ "/comment/#/edit",		ACTIVE, ACTION, handle_comment_edit,
	    NULL, "edit your comment {n}" },
	{ "/comment/#/edit/text",	ACTIVE, ACTION, handle_comment_edit,
	    NULL, "edit your comment {n}" },
	{ "/comment/#/delete",		ACTIVE, ACTION, handle_comment_delete,
	    NULL, "delete your comment {n}" },
	{ "/invite/*",			VISITOR, ACTION, handle_invite, NULL,
	    "join with an invitation" },
	{ "/terms/accept",		MEMBER, ACTION, handle_terms_accept,
	    NULL, "accept the terms of use" },
	{ "/terms/accept/...",		MEMBER, ACTION, handle_terms_accept,
	    NULL, "accept the terms of use" },
	{ "/report/comment/#",		ACTIVE, PROMPT, handle_report_comment,
	    NULL, "report comment {n} to the moderators" },
	{ "/report/thread/#",		ACTIVE, PROMPT, handle_report_thread,
	    NULL, "report discussion {n} to the moderators" },
	{ "/mod",			MOD, 0, handle_mod, NULL, NULL },
	{ "/mod/log",			VISITOR, 0, handle_mod_log, NULL,
	    NULL },
	{ "/mod/invite",		MOD, ACTION, handle_invite_new, NULL,
	    "make an invitation" },
	{ "/me/invite",			ACTIVE, 0, handle_me_invite, NULL,
	    NULL },
	{ "/me/invite/new",		ACTIVE, ACTION, handle_me_invite_new,
	    NULL, "make an invitation" },
	{ "/me/invite/#/revoke",	MEMBER, ACTION, handle_me_invite_revoke,
	    NULL, "revoke your invitation {n}" },
	{ "/mod/comment/#/*",		MOD, ACTION, handle_mod_comment, NULL,
	    "{s} comment {n} (moderation)" },
	{ "/mod/thread/#/move",		MOD, 0, handle_mod_move, NULL, NULL },
	{ "/mod/thread/#/move/*",	MOD, ACTION, handle_mod_move, NULL,
	    "move discussion {n} to the space {s} (moderation)" },
	{ "/mod/thread/#/retitle",	MOD, ACTION, handle_mod_retitle, NULL,
	    "change the title of discussion {n} (moderation)" },
	{ "/mod/thread/#/retitle/...",	MOD, ACTION, handle_mod_retitle, NULL,
	    "change the title of discussion {n} (moderation)" },
	{ "/mod/thread/#/*",		MOD, ACTION, handle_mod_thread, NULL,
	    "{s} discussion {n} (moderation)" },
	{ "/mod/member/#/*",		MOD, ACTION, handle_mod_member, NULL,
	    "{s} member {n} (moderation)" },
	{ "/mod/report/#/*",		MOD, ACTION, handle_mod_report, NULL,
	    "{s} report {n} (moderation)" },
	{ "/admin",			ADMIN, 0, handle_admin, NULL, NULL },
	{ "/admin/members",		ADMIN, 0, handle_admin_members, NULL,
	    NULL },
	{ "/admin/setting/*",		ADMIN, ACTION, handle_admin_setting,
	    NULL, "change the setting {s}" },
	{ "/admin/setting/*/why",	ADMIN, ACTION, handle_admin_setting_why,
	    NULL, "give your reason for changing the setting {s}" },
	{ "/admin/space/new",		ADMIN, ACTION, handle_admin_space_new,
	    NULL, "add a space" },
	{ "/admin/space/*/*",		ADMIN, ACTION, handle_admin_space, NULL,
	    "{t} the space {s}" },
	{ "/admin/member/#/role/*",	ADMIN, ACTION, handle_admin_role, NULL,
	    "give member {n} the role {s}" },
	{ "/search",			VISITOR, 0, handle_search, NULL, NULL },
	{ "/search/page/#",		VISITOR, 0, handle_search, NULL, NULL },
	{ "/space/*/search",		VISITOR, 0, handle_search, NULL, NULL },
	{ "/space/*/search/page/#",	VISITOR, 0, handle_search, NULL,
	    NULL },
	{ "/help",			VISITOR, 0, handle_help, NULL, NULL },
	{ "/member/#",			VISITOR, SHARED, handle_member, NULL,
	    NULL },
	{ "/members",			VISITOR, SHARED, handle_members, NULL,
	    NULL },
	{ "/members/page/#",		VISITOR, SHARED, handle_members, NULL,
	    NULL },
	{ "/members/az",		VISITOR, SHARED, handle_members, NULL,
	    NULL },
	{ "/members/az/page/#",		VISITOR, SHARED, handle_members, NULL,
	    NULL },
	{ "/me/about",			ACTIVE, ACTION, handle_me_about, NULL,
	    "change what your member page says about you" },
	{ "/me/about/clear",		ACTIVE, ACTION, handle_me_about, NULL,
	    "clear what your member page says about you" },
	{ "/me/directory/leave",	MEMBER, ACTION, handle_me_directory,
	    NULL, "leave the members' directory" },
	{ "/me/directory/return",	MEMBER, ACTION, handle_me_directory,
	    NULL, "come back to the members' directory" },
	{ "/mod/suspended",		MOD, 0, handle_mod_suspended, NULL,
	    NULL },
	{ "/sitemap.xml",		VISITOR, SHARED, handle_sitemap, NULL,
	    NULL },
	{ "/badge",			VISITOR, SHARED, handle_badge, NULL,
	    NULL },
	{ "/badge.svg",			VISITOR, SHARED, handle_badge_svg, NULL,
	    NULL },
	{ "/feed",			VISITOR, SHARED, handle_feed, NULL,
	    NULL },
	{ "/feed.xml",			VISITOR, SHARED, handle_feed_atom, NULL,
	    NULL },
	{ "/space/*/feed",		VISITOR, SHARED, handle_feed, NULL,
	    NULL },
	{ "/space/*/feed.xml",		VISITOR, SHARED, handle_feed_atom, NULL,
	    NULL },
	{ "/thread/#/feed",		VISITOR, THREAD, handle_feed, NULL,
	    NULL },
	{ "/thread/#/feed.xml",		VISITOR, THREAD, handle_feed_atom, NULL,
	    NULL },
	{ "/me/notifications",		MEMBER, ACTION, handle_notifications,
	    NULL, "show your notifications and mark them as read" },
	{ "/me/notifications/page/#",	MEMBER, ACTION, handle_notifications,
	    NULL, "show more of your notifications and mark them as read" },
	{ "/thread/#/follow",		MEMBER, ACTION, handle_follow_thread,
	    NULL, "follow discussion {n}" },
	{ "/thread/#/unfollow",		MEMBER, ACTION, handle_follow_thread,
	    NULL, "stop following discussion {n}" },
	{ "/thread/#/mute",		MEMBER, ACTION, handle_follow_thread,
	    NULL, "mute discussion {n}" },
	{ "/thread/#/unmute",		MEMBER, ACTION, handle_follow_thread,
	    NULL, "unmute discussion {n}" },
	{ "/space/*/follow",		MEMBER, ACTION, handle_follow_space,
	    NULL, "follow the space {s}" },
	{ "/space/*/unfollow",		MEMBER, ACTION, handle_follow_space,
	    NULL, "stop following the space {s}" },
	{ "/member/#/follow",		MEMBER, ACTION, handle_follow_member,
	    NULL, "follow member {n}" },
	{ "/member/#/unfollow",		MEMBER, ACTION, handle_follow_member,
	    NULL, "stop following member {n}" },
	/* events (events.c): not cached, as what is upcoming moves */
	{ "/events",			VISITOR, 0, handle_events, NULL, NULL },
	{ "/events/past",		VISITOR, 0, handle_events, NULL, NULL },
	{ "/events.ics",			VISITOR, 0, handle_events_ics, NULL,
	    NULL },
	{ "/space/*/events",		VISITOR, 0, handle_events, NULL, NULL },
	{ "/space/*/events/past",	VISITOR, 0, handle_events, NULL, NULL },
	{ "/space/*/events.ics",	VISITOR, 0, handle_events_ics, NULL,
	    NULL },
	{ "/space/*/event",		ACTIVE, ACTION, handle_space_event,
	    NULL, "announce an event in the space {s}" },
	{ "/event/draft/#",		ACTIVE, ACTION, handle_event_draft,
	    NULL, "go on announcing your event (draft {n})" },
	{ "/event/#/come",		ACTIVE, ACTION, handle_event_come, NULL,
	    "say you will come to event {n}, with your name shown" },
	{ "/event/#/come/quietly",	ACTIVE, ACTION, handle_event_come, NULL,
	    "say you will come to event {n}, without your name" },
	{ "/event/#/leave",		ACTIVE, ACTION, handle_event_leave,
	    NULL, "say you can no longer come to event {n}" },
	{ "/event/#/edit/*",		ACTIVE, ACTION, handle_event_edit, NULL,
	    "change the {s} of event {n}" },
	{ "/event/#/cancel",		ACTIVE, ACTION, handle_event_cancel,
	    NULL, "cancel event {n}, telling everyone coming" },
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

/*
 * 0 when pattern cannot match path for its first letter: most routes
 * differ there, and every action link of a page is looked up.
 */
static int
route_may_match(const char *pattern, const char *path)
{
	char c = pattern[1];

	return c == path[1] || c == '#' || c == '*' || c == '.' || c == '\0';
}

/*
 * The routes by the first letter of their pattern, in table order:
 * route_first[letter], then route_next[] (ROUTE_NONE ends a chain), made
 * once.  A pattern that starts with a capture would match any letter:
 * with one in the table, route_scan() walks the whole of it instead.
 */
#define ROUTES_N	(sizeof(routes) / sizeof(routes[0]))
#define ROUTE_NONE	0xff
_Static_assert(ROUTES_N < ROUTE_NONE, "route indexes fit in a byte");
static unsigned char	route_first[UCHAR_MAX + 1];
static unsigned char	route_next[ROUTES_N];
static int		route_index_whole;	/* a capture comes first */
static pthread_once_t	route_index_once = PTHREAD_ONCE_INIT;

static void
route_index(void)
{
	unsigned char	*last[UCHAR_MAX + 1];
	unsigned char	 c;
	size_t		 i;

	memset(route_first, ROUTE_NONE, sizeof(route_first));
	for (i = 0; i <= UCHAR_MAX; i++)
		last[i] = &route_first[i];
	for (i = 0; i < ROUTES_N; i++) {
		c = (unsigned char)routes[i].pattern[1];
		if (c == '#' || c == '*' || c == '.')
			route_index_whole = 1;
		*last[c] = (unsigned char)i;
		last[c] = &route_next[i];
		route_next[i] = ROUTE_NONE;
	}
}

/*
 * The route of path, the first in the table that matches: with req, its
 * captures go into req; without, nothing is copied or allocated (it is
 * asked for every action link of a page, a hundred on a discussion's).
 * Only the routes that start with the path's letter are looked at.
 */
static const struct route *
route_scan(const char *path, struct request *req)
{
	size_t i;

	if (path[0] != '/')
		return NULL;
	if (pthread_once(&route_index_once, route_index) != 0 ||
	    route_index_whole)
		i = 0;
	else
		i = route_first[(unsigned char)path[1]];
	while (i < ROUTES_N) {
		if (req != NULL) {
			memset(req->num, 0, sizeof(req->num));
			memset(req->str, 0, sizeof(req->str));
			req->tail = NULL;
		}
		if (route_may_match(routes[i].pattern, path) &&
		    route_match(routes[i].pattern, path, req))
			return &routes[i];
		i = route_index_whole ? i + 1 : route_next[i];
	}
	return NULL;
}

/* The route for req->path, its captures filled in; NULL: a file. */
static const struct route *
route_find(struct request *req)
{
	return route_scan(req->path, req);
}

/* The route of path, capturing nothing. */
static const struct route *
route_of(const char *path)
{
	return route_scan(path, NULL);
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
	int rc;

	if (req->ident == NULL)
		return NULL;
	if (!req->subject_known) {
		rc = access_lookup(req);
		if (rc == STORE_OK)
			snprintf(req->subject, sizeof(req->subject), "m:%lld",
			    (long long)req->cert_member->id);
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
 * The path of target, a page's link or a redirect, without its "?query"
 * or "#...", into buf: its length, or -1 when it is none of this site's
 * or longer than a request could be (no token would ever come back).
 */
static int
route_target_path(const char *target, char *buf, size_t size)
{
	size_t len;

	if (target[0] != '/' || target[1] == '/')
		return -1;
	len = strcspn(target, "?#");
	if (len >= size)
		return -1;
	memcpy(buf, target, len);
	buf[len] = '\0';
	return (int)len;
}

/*
 * Whether path (a local one, without its query) is an action's that a
 * token goes on, whoever follows it: one that carries none yet, and for
 * a page's link (link 1) no ROUTE_PROMPT action.
 */
static int
route_takes_token(const char *path, int link)
{
	const char		*last = strrchr(path, '/');
	const struct route	*r;

	return last != NULL && last[1] != INTENT_SEGMENT &&
	    (r = route_of(path)) != NULL && (r->flags & ROUTE_ACTION) &&
	    !(link && (r->flags & ROUTE_PROMPT));
}

/*
 * target (a local path, maybe with "?query") with this subject's token
 * for it, when it is an action's and carries none yet; else NULL.  A
 * page's link (link 1) to a ROUTE_PROMPT action gets none.  Signed with
 * the worker's keyed HMAC (req->signer; without one, a one-off).
 */
static char *
route_tokened(struct request *req, const char *target, int link)
{
	char		 path[GEMINI_URL_MAX + 1], tok[INTENT_TOKEN_LEN + 1];
	const char	*subject, *signed_path;
	int		 plen;

	if ((plen = route_target_path(target, path, sizeof(path))) == -1 ||
	    !route_takes_token(path, link) ||
	    (subject = route_subject(req)) == NULL)
		return NULL;
	signed_path = route_intent_path(req, path);
	intent_sign(req->signer, req->site->intent_secret, subject,
	    signed_path, (int64_t)req->now / INTENT_DAY, tok);
	/* "PATH/~TOKEN?QUERY"; "%c" would send arena_printf() to vsnprintf() */
	return arena_printf(&req->page->arena, "%s/" INTENT_SEGMENT_STR "%s%s",
	    signed_path, tok, target + plen);
}

/*
 * The central pass: a token on every action link of a member's page,
 * but those already found to take none (route_links_settle()).
 */
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
		    !e->untokened &&
		    (t = route_tokened(req, e->target, 1)) != NULL) {
			e->target = t;
			e->gem = NULL;	/* its kept gemtext had no token */
		}
	}
}

void
route_links_settle(struct element *els, size_t n)
{
	char	path[GEMINI_URL_MAX + 1];
	size_t	i;

	/* the test route_tokened() makes, but the reader's */
	for (i = 0; i < n; i++)
		if (els[i].type == EL_LINK && els[i].kind == LINK_ACTION &&
		    (route_target_path(els[i].target, path,
		    sizeof(path)) == -1 || !route_takes_token(path, 1)))
			els[i].untokened = 1;
}

/* A redirect that reply_redirect() made to an action: with its token. */
static void
route_token_redirect(struct request *req, struct reply *rep)
{
	const char	*base = reply_link_base(req);
	char		*t;

	if ((t = route_tokened(req, rep->meta + strlen(base), 0)) != NULL)
		snprintf(rep->meta, sizeof(rep->meta), "%s%s", base, t);
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
	    reply_link_base(req), path, INTENT_SEGMENT, tok), "Yes: %s",
	    what);
	page_link(p, LINK_PAGE, "/", "No: leave it, back to the home page");
	reply_page(req, rep);
}

/*
 * A ROUTE_PROMPT action asked for with no text (no query, no upload):
 * all it would do is ask, so it may go on with a token where one is
 * missing or stale.  With text it is any action's case: nothing is
 * done, the intent page shows the text.
 */
static int
route_prompt_only(struct request *req, const struct route *r)
{
	/* no subject (the database failed): no token, the intent page says */
	return (r->flags & ROUTE_PROMPT) && req->query == NULL &&
	    !request_can(req, CAN_UPLOAD) && route_subject(req) != NULL;
}

/*
 * To the path asked for, with this member's token.  Unlike a redirect
 * to a path that came with a request (reply_redirect_untokened(), never
 * signed), this one is signed on the way: route_prompt_only() held, and
 * what the member reaches is a prompt that does nothing until they type.
 */
static void
route_prompt_redirect(struct request *req, struct reply *rep)
{
	reply_redirect(req, rep, "%s", route_intent_path(req, req->path));
}

void
route(struct request *req, struct reply *rep)
{
	const struct route *r = route_find(req);

	if (r == NULL) {
		static_serve(req, rep);
		return;
	}
	/*
	 * A community being moved to another machine (docs/scaling.md)
	 * reads as usual but takes no writes: they would be lost with the
	 * old copy.  44 says when to try again; the setting is one row.
	 */
	if ((r->flags & ROUTE_ACTION) &&
	    handler_setting_number(req, SETTING_READ_ONLY) != 0) {
		reply_status(rep, GEMINI_SLOW_DOWN, "%d", READ_ONLY_WAIT);
		return;
	}
	/*
	 * An action asks first when its token is not this certificate's
	 * (without a certificate there is no one to ask: the need answers
	 * 60); then who may call, then the handler, with req->member.
	 */
	if ((r->flags & ROUTE_ACTION) && req->ident != NULL &&
	    !intent_valid(req->site->intent_secret, route_subject(req),
	    route_intent_path(req, req->path), req->now, req->token)) {
		if (route_prompt_only(req, r))
			route_prompt_redirect(req, rep);
		else
			route_intent_page(req, rep, r);
	} else if (access_need_keep(req, rep, r->need,
	    drafts_keep_refused) == 0)
		r->fn(req, rep);
	/* a visitor's page (the only kind cached) never holds a token */
	if (req->ident == NULL)
		return;
	if (rep->has_page)
		route_token_links(req);
	else if (rep->token_wanted)
		route_token_redirect(req, rep);
}

/*
 * Which of the cache's kinds req is (router.h): a shared route without a
 * certificate, or a capsule file; never with a query or an upload.
 */
int
route_shared(struct request *req)
{
	const struct route *r;

	if (req->query != NULL || req->body != NULL)
		return 0;
	r = route_find(req);
	if (r == NULL)
		return ROUTE_FILE;
	/* a certificate: pages that may show who reads them */
	return req->ident == NULL ? r->flags & (ROUTE_SHARED | ROUTE_THREAD) :
	    0;
}

/* What a request answered from the cache still does (counting a view). */
void
route_hit(struct request *req)
{
	const struct route *r = route_find(req);

	if (r != NULL && r->hit != NULL)
		r->hit(req);
}
