/*
 * common.c: what every page shares: settings, dates, the footer.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/settings.h"
#include "core/text.h"
#include "core/utc.h"

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
handler_date(struct request *req, int64_t when)
{
	return fmt_time(req, when, UTC_DAY);
}

/* "2026-11-26 14:05 UTC" */
const char *
handler_datetime(struct request *req, int64_t when)
{
	return fmt_time(req, when, UTC_LONG);
}

const char *
handler_plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* How many pages of per rows n rows fill: 1 for none (the list's page). */
int64_t
handler_page_count(int64_t n, int64_t per)
{
	return n > 0 ? (n + per - 1) / per : 1;
}

/*
 * What waits for member m: new notifications and, for a moderator, what
 * is waiting for moderation.  A page that shows these (home, /me) asks
 * once and hands the same counts to its footer.
 */
void
handler_viewer_counts(struct request *req, const struct member *m,
    struct viewer_counts *vc)
{
	vc->fresh = handler_notes_new(req, m);
	(void)handler_mod_pending(req, m, &vc->reports, &vc->held);
}

void
handler_footer(struct request *req)
{
	handler_footer_counts(req, NULL);
}

/* The footer, given the viewer's counts when the page asked (NULL: ask). */
void
handler_footer_counts(struct request *req, const struct viewer_counts *vc)
{
	struct page		*p = req->page;
	const struct member	*m;
	struct viewer_counts	 own;

	if (p->tail == 0)
		page_tail(p);
	page_blank(p);
	if (!request_can(req, CAN_PROMPT))
		page_text(p, "To take part, open this community in a Gemini "
		    "client with a client certificate: %s/join",
		    req->site->gemini_base);
	else if (req->ident == NULL)
		page_link(p, LINK_ACTION, "/me", "Your page (members), or "
		    "join");
	/* with a certificate the footer knows which of the two it is */
	else if ((m = access_viewer(req)) != NULL) {
		/* what is new: handler_viewer_counts(), unless the page asked */
		if (vc == NULL) {
			handler_viewer_counts(req, m, &own);
			vc = &own;
		}
		if (vc->fresh != NULL)
			page_link(p, LINK_ACTION, "/me", "Your page (%s new)",
			    vc->fresh);
		else
			page_link(p, LINK_ACTION, "/me", "Your page");
		if (vc->reports + vc->held > 0)
			page_link(p, LINK_ACTION, "/mod", "Moderation (%lld)",
			    (long long)(vc->reports + vc->held));
	} else
		page_link(p, LINK_ACTION, "/join", "Join this community");
	page_link(p, LINK_PAGE, "/", "Home");
	page_link(p, LINK_PAGE, "/about", "About this community");
	page_link(p, LINK_PAGE, "/terms", "Terms of use");
	page_link(p, LINK_PAGE, "/help", "Help");
	page_text(p, "Words here belong to the community and are shared "
	    "under %s.", handler_setting(req, SETTING_LICENCE));
}

/*
 * The first line of s, at most max bytes of it (never cutting a UTF-8
 * sequence), with "…" when anything was left out: for excerpts in lists.
 */
const char *
handler_first_line(struct request *req, const char *s, size_t max)
{
	size_t len = strcspn(s, "\n"), cut = len > max ? max : len;

	while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	return arena_printf(&req->page->arena, "%.*s%s", (int)cut, s,
	    s[cut] != '\0' ? "…" : "");
}

/*
 * The one way a page names a member with a link to their page: the
 * page is by id, which a rename does not change.  Members are never
 * removed, so every id named by a post has a page.
 */
void
handler_member_link(struct request *req, int64_t id, const char *name)
{
	struct page *p = req->page;

	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/member/%lld",
	    (long long)id), "%s (member page)", name);
}

/*
 * What is new for member m, as "3" or "99+", or NULL for nothing (or a
 * store that failed: the count is a courtesy, the page goes on).
 */
const char *
handler_notes_new(struct request *req, const struct member *m)
{
	int64_t n = store_notifications_new(req->store, m->id);

	if (n <= 0)
		return NULL;
	if (n > NOTES_COUNT_MAX)
		return arena_printf(&req->page->arena, "%d+",
		    NOTES_COUNT_MAX);
	return arena_printf(&req->page->arena, "%lld", (long long)n);
}

/*
 * For a moderator (not suspended): open reports and held posts, summed
 * into *total; 0 when none (or not a moderator).
 */
int64_t
handler_mod_pending(struct request *req, const struct member *m,
    int64_t *reports, int64_t *held)
{
	*reports = *held = 0;
	if (m == NULL || m->role < ROLE_MODERATOR || m->suspended ||
	    store_mod_pending(req->store, reports, held) != STORE_OK)
		return 0;
	return *reports + *held;
}

/* The same in words, as a link to /mod ("2 open reports, 1 held post"). */
void
handler_mod_pending_link(struct request *req, const struct viewer_counts *vc)
{
	if (vc->reports + vc->held == 0)
		return;
	page_link(req->page, LINK_ACTION, "/mod", "Moderation: %lld open "
	    "%s, %lld held %s waiting", (long long)vc->reports,
	    handler_plural(vc->reports, "report", "reports"),
	    (long long)vc->held, handler_plural(vc->held, "post", "posts"));
}
