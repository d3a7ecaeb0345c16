/*
 * member.c: member pages.  /member/ID shows who a member is: their
 * name, what they wrote about themselves (on /me/about), their role,
 * when they joined and what they wrote lately; moderators suspend and
 * restore them from there.  /members is the directory of those who did
 * not leave it (/me/directory/leave), newest first or A to Z, in pages;
 * /mod/suspended lists the suspended members for the moderators.
 *
 * Pages are by id, not name, so their links outlive a rename.  Paging
 * is in the path, as on the space pages, because Gopher drops queries.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/utf8.h"

#define MEMBER_RECENT		5	/* discussions, comments on a page */
#define MEMBER_EXCERPT		60	/* characters of a comment listed */
#define DIRECTORY_PAGE		30	/* members a directory page lists */

static const char *
role_word(int role)
{
	return role == ROLE_ADMIN ? "Admin" : role == ROLE_MODERATOR ?
	    "Moderator" : "Member";
}

/* What a member page lists their posts for. */
static int
member_post(void *arg, const struct member_post_row *r)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	if (r->comment_id == 0)
		page_link(p, LINK_PAGE, arena_printf(&p->arena,
		    "/thread/%lld", (long long)r->thread_id), "%s (%s)",
		    r->title, handler_date(req, r->created));
	else
		page_link(p, LINK_PAGE, arena_printf(&p->arena,
		    "/comment/%lld", (long long)r->comment_id),
		    "On \"%s\", %s: %s", r->title, handler_date(req,
		    r->created), handler_first_line(req, r->body,
		    MEMBER_EXCERPT * 4));
	return 0;
}

/* The member's posts, newest first: their discussions or comments. */
static int
member_posts(struct request *req, int64_t id, int comments)
{
	struct page	*p = req->page;
	int		 rc;

	page_blank(p);
	page_heading(p, 2, comments ? "Recent comments" :
	    "Discussions started");
	rc = store_member_posts(req->store, id, comments, MEMBER_RECENT,
	    member_post, req);
	if (rc == 0)
		page_text(p, "None yet.");
	return rc;
}

void
handle_member(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	const struct member	*viewer = access_viewer(req);
	struct member		 m;
	struct member_profile	 mp;
	int			 moderator, rc;

	rc = store_member_by_id(req->store, req->num[0], &m);
	if (rc == STORE_OK)
		rc = store_member_profile(req->store, m.id, &mp);
	if (rc == STORE_NOTFOUND) {
		/* members are never removed: an unknown id never was one */
		reply_status(rep, GEMINI_NOT_FOUND, "No such member");
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	moderator = viewer != NULL && viewer->role >= ROLE_MODERATOR &&
	    !viewer->suspended;

	page_heading(p, 1, "%s", m.name);
	page_text(p, "%s since %s.", role_word(m.role),
	    handler_date(req, m.joined));
	/* a suspension is between the member and the moderators */
	if (m.suspended && (moderator || (viewer != NULL &&
	    viewer->id == m.id)))
		page_text(p, "Suspended: %s", m.reason);
	page_blank(p);
	if (mp.about[0] != '\0')
		page_gemtext(p, mp.about, strlen(mp.about), GEMTEXT_USER,
		    NULL);
	else
		page_text(p, "%s has not written about themselves yet.",
		    m.name);
	if ((rc = member_posts(req, m.id, 0)) >= 0)
		rc = member_posts(req, m.id, 1);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	page_blank(p);
	handler_follow_member_link(req, p, m.id);
	if (viewer != NULL && viewer->id == m.id && !viewer->suspended)
		page_link(p, LINK_ACTION, "/me/about", "Write about yourself "
		    "(what you do, where, what interests you)");
	if (moderator && mod_member_refusal(viewer, &m) == NULL)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/mod/member/%lld/%s", (long long)m.id, m.suspended ?
		    "restore" : "suspend"), "%s %s (moderators)", m.suspended ?
		    "Restore" : "Suspend", m.name);
	page_link(p, LINK_PAGE, "/members", "The members' directory");
	handler_footer(req);
	reply_page(req, rep);
}

/* ----------------------------------------------------------- /members */

struct directory_ctx {
	struct request	*req;
	int		 moderator;
};

static int
directory_line(void *arg, const struct member *m)
{
	struct directory_ctx	*dc = arg;
	struct request		*req = dc->req;
	struct page		*p = req->page;

	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/member/%lld",
	    (long long)m->id), "%s (%s, joined %s%s)", m->name,
	    m->role == ROLE_MEMBER ? "member" : m->role == ROLE_MODERATOR ?
	    "moderator" : "admin", handler_date(req, m->joined),
	    dc->moderator && m->suspended ? ", suspended" : "");
	return 0;
}

/* "/members" or "/members/az", page n (1: the first, without "/page"). */
static const char *
directory_path(struct request *req, int az, int64_t n)
{
	const char *base = az ? "/members/az" : "/members";

	if (n <= 1)
		return base;
	return arena_printf(&req->page->arena, "%s/page/%lld", base,
	    (long long)n);
}

/* /members, /members/az and their /page/N */
void
handle_members(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	const struct member	*viewer = access_viewer(req);
	struct directory_ctx	 dc = { req, 0 };
	int			 az = strncmp(req->path, "/members/az", 11) == 0;
	int64_t			 pageno = strstr(req->path, "/page/") ?
	    req->num[0] : 1;
	int64_t			 n, pages;
	int			 rc;

	dc.moderator = viewer != NULL && viewer->role >= ROLE_MODERATOR &&
	    !viewer->suspended;
	if ((rc = store_directory_count(req->store, dc.moderator, &n)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	pages = handler_page_count(n, DIRECTORY_PAGE);
	if (pageno < 1 || pageno > pages) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such page");
		return;
	}
	page_heading(p, 1, "Members");
	page_text(p, "%lld %s in the directory, %s.", (long long)n,
	    handler_plural(n, "member", "members"), az ? "A to Z" :
	    "newest first");
	if (pages > 1)
		page_text(p, "Page %lld of %lld.", (long long)pageno,
		    (long long)pages);
	page_link(p, LINK_PAGE, az ? "/members" : "/members/az", "%s",
	    az ? "Newest first" : "A to Z");
	page_blank(p);
	rc = store_directory(req->store, az, dc.moderator, DIRECTORY_PAGE,
	    (int)((pageno - 1) * DIRECTORY_PAGE), directory_line, &dc);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "Nobody is listed yet.");
	if (pageno > 1 || pageno < pages)
		page_blank(p);
	if (pageno > 1)
		page_link(p, LINK_PAGE, directory_path(req, az, pageno - 1),
		    "Previous page (%lld)", (long long)pageno - 1);
	if (pageno < pages)
		page_link(p, LINK_PAGE, directory_path(req, az, pageno + 1),
		    "Next page (%lld)", (long long)pageno + 1);
	page_blank(p);
	page_text(p, "Members who would rather not be listed can leave the "
	    "directory from their page; their member page stays.");
	handler_footer(req);
	reply_page(req, rep);
}

/* ------------------------------------------------- the member's own */

/*
 * An about as typed, tidied in place: one line of UTF-8 without control
 * characters, outer blanks trimmed (to nothing: cleared).  NULL, or why
 * not.
 */
static const char *
about_clean(char *s, size_t *len)
{
	size_t start = 0, end = *len;

	if (!utf8_valid(s, end))
		return "That is not valid UTF-8.";
	if (utf8_has_control(s, end, "\t"))
		return "That is not one line of text.";
	while (start < end && (s[start] == ' ' || s[start] == '\t'))
		start++;
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	memmove(s, s + start, end - start);
	*len = end - start;
	s[*len] = '\0';
	if (utf8_count(s, *len) > MEMBER_ABOUT_MAX)
		return "That is longer than the limit.";
	return NULL;
}

/* /me/about: a one-line prompt; an empty answer clears it, as does
 * /me/about/clear. */
void
handle_me_about(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	const char		*prompt = "About you: what you do, where, what "
	    "interests you (an empty answer clears it)";
	char			*about;
	const char		*why;
	size_t			 len;

	if (req->query == NULL && strstr(req->path, "/clear") == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", prompt_line(req, prompt,
		    MEMBER_ABOUT_MAX));
		return;
	}
	if (strstr(req->path, "/clear") != NULL) {
		about = arena_strndup(&req->page->arena, "", 0);
		len = 0;
	} else {
		about = arena_strndup(&req->page->arena, req->query,
		    req->query_len);
		len = req->query_len;
	}
	if ((why = about_clean(about, &len)) != NULL) {
		reply_status(rep, GEMINI_INPUT, "%s At most %d characters, "
		    "one line. %s", why, MEMBER_ABOUT_MAX, prompt_line(req,
		    prompt, MEMBER_ABOUT_MAX));
		return;
	}
	if (handler_rate_limit(req, rep) == -1)
		return;
	if (reply_store_check(rep, store_member_set_about(req->store, m->id,
	    about)) == -1)
		return;
	reply_redirect(req, rep, "/member/%lld", (long long)m->id);
}

/* /me/directory/leave and /me/directory/return */
void
handle_me_directory(struct request *req, struct reply *rep)
{
	int listed = strstr(req->path, "/return") != NULL;

	if (reply_store_check(rep, store_member_set_listed(req->store,
	    req->member->id, listed)) == -1)
		return;
	reply_redirect(req, rep, "/me");
}

/* ------------------------------------------------------ /mod/suspended */

static int
suspended_line(void *arg, const struct member *m)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_blank(p);
	page_heading(p, 3, "%s", m->name);
	page_text(p, "Suspended: %s", m->reason);
	handler_member_link(req, m->id, m->name);
	if (mod_member_refusal(req->member, m) == NULL)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/mod/member/%lld/restore", (long long)m->id),
		    "Restore %s", m->name);
	return 0;
}

void
handle_mod_suspended(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	int		 rc;

	page_heading(p, 1, "Suspended members");
	page_text(p, "They can read, but not post. Restoring one asks for a "
	    "reason, which they are told.");
	if ((rc = store_members_suspended(req->store, suspended_line,
	    req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "Nobody is suspended.");
	page_blank(p);
	page_link(p, LINK_ACTION, "/mod", "Moderation");
	handler_footer(req);
	reply_page(req, rep);
}
