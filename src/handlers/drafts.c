/*
 * drafts.c: nothing a member types is lost.  A comment refused for a
 * reason that passes (new terms to accept, the posting limit, a locked
 * discussion or an archived space) is kept as a comment draft; a new
 * discussion's title is one from the moment it is typed, and its
 * opening post joins it when that is refused.  Drafts are offered back
 * on the discussion ("Post your saved comment") and on /me/drafts.
 *
 * Posting a draft is posting: handle_draft_comment() gives the saved
 * text to post_comment_in() as if it had just been typed, so every
 * rule of a comment applies, and the writer deletes the draft once the
 * comment is stored (post.c).  A member keeps DRAFTS_MAX of each kind;
 * keeping one more drops the oldest (store/drafts.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/slug.h"
#include "core/text.h"

#define DRAFT_EXCERPT	60	/* characters of a draft in a list */

/*
 * The text a refused request carried (its query, or a text upload),
 * cleaned as a post is; NULL when it carried none that would do.
 */
static char *
drafts_text(struct request *req)
{
	const char	*src = req->query;
	size_t		 len = req->query_len;
	char		*text;

	if (req->body != NULL) {
		if (req->body_mime == NULL ||
		    (strncmp(req->body_mime, "text/plain", 10) != 0 &&
		    strncmp(req->body_mime, "text/gemini", 11) != 0))
			return NULL;
		src = req->body;
		len = req->body_len;
	}
	if (src == NULL || memchr(src, '\0', len) != NULL)
		return NULL;
	text = arena_strndup(&req->page->arena, src, len);
	if (text_clean_post(text, &len, req->site->titan_max) != NULL)
		return NULL;
	return text;
}

int
drafts_keep_comment(struct request *req, int64_t member_id,
    int64_t thread_id, int64_t reply_to)
{
	char *text;

	if ((text = drafts_text(req)) == NULL)
		return 0;
	return store_cdraft_keep(req->store, member_id, thread_id, reply_to,
	    text, req->now) > 0;
}

/* What a draft's title prompt would have kept: the typed title. */
static int
drafts_keep_title(struct request *req, int64_t member_id, const char *slug)
{
	struct space_row	 sp;
	char			*title;
	size_t			 len = req->query_len;

	if (req->query == NULL || req->body != NULL ||
	    store_space_get(req->store, slug, &sp) != STORE_OK || sp.archived)
		return 0;
	title = arena_strndup(&req->page->arena, req->query, len);
	if (memchr(req->query, '\0', len) != NULL ||
	    text_clean_title(title, &len) != NULL)
		return 0;
	if (store_draft_add(req->store, member_id, sp.id, title,
	    req->now) <= 0)
		return 0;
	store_tdrafts_prune(req->store, member_id);
	return 1;
}

const char *
drafts_keep_refused(struct request *req, int64_t member_id)
{
	struct comment_row	 c;
	long long		 id;
	char			 slug[SLUG_MAX + 2], *text;
	int			 n = 0;

	if (req->query == NULL && req->body == NULL)
		return NULL;
	if (sscanf(req->path, "/thread/%lld/comment%n", &id, &n) == 1 &&
	    req->path[n] == '\0') {
		if (drafts_keep_comment(req, member_id, id, 0))
			return arena_printf(&req->page->arena, "/thread/%lld",
			    id);
	} else if (sscanf(req->path, "/comment/%lld/reply%n", &id,
	    &n) == 1 && req->path[n] == '\0') {
		if (store_comment_get(req->store, id, &c) == STORE_OK &&
		    drafts_keep_comment(req, member_id, c.thread_id, c.id))
			return arena_printf(&req->page->arena, "/thread/%lld",
			    (long long)c.thread_id);
	} else if (sscanf(req->path, "/draft/%lld%n", &id, &n) == 1 &&
	    req->path[n] == '\0') {
		if ((text = drafts_text(req)) != NULL &&
		    store_tdraft_body(req->store, id, member_id,
		    text) == STORE_OK)
			return "/me/drafts";
	} else if (strncmp(req->path, "/space/", 7) == 0 &&
	    (n = (int)strcspn(req->path + 7, "/")) <= SLUG_MAX &&
	    strcmp(req->path + 7 + n, "/new") == 0) {
		snprintf(slug, sizeof(slug), "%.*s", n, req->path + 7);
		if (drafts_keep_title(req, member_id, slug))
			return "/me/drafts";
	}
	return NULL;
}

/* On a discussion's page: the viewer's saved comments for it. */
static int
drafts_offer_one(void *arg, const struct comment_draft *d)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_blank(p);
	page_text(p, "You have a comment saved here, kept when it could not "
	    "be posted (%s):", handler_datetime(req, d->created));
	page_pre(p, "your saved comment", d->body, strlen(d->body));
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/draft/comment/%lld", (long long)d->id),
	    "Post your saved comment");
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/draft/comment/%lld/discard", (long long)d->id),
	    "Discard your saved comment");
	return 0;
}

void
drafts_offer(struct request *req, int64_t viewer, int64_t thread_id)
{
	if (viewer == 0)
		return;
	(void)store_cdrafts(req->store, viewer, thread_id, drafts_offer_one,
	    req);
}

/* /me/drafts: every draft of this member. */
static int
drafts_list_comment(void *arg, const struct comment_draft *d)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_item(p, "A comment in \"%s\", saved %s: %s", d->title,
	    handler_datetime(req, d->created), handler_first_line(req,
	    d->body, DRAFT_EXCERPT * 4));
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/draft/comment/%lld", (long long)d->id), "Post it");
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/draft/comment/%lld/discard", (long long)d->id), "Discard it");
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/me/drafts/%lld",
	    (long long)d->id), "View it whole");
	return 0;
}

static int
drafts_list_title(void *arg, const struct title_draft *d)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_item(p, "A new discussion in %s, \"%s\", started %s%s",
	    d->space_name, d->title, handler_datetime(req, d->created),
	    d->body != NULL ? " (with its opening post)" :
	    " (no opening post yet)");
	page_link(p, LINK_ACTION, arena_printf(&p->arena, "/draft/%lld",
	    (long long)d->id), d->body != NULL ? "Publish it" :
	    "Write its opening post");
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/draft/%lld/discard", (long long)d->id), "Discard it");
	if (d->body != NULL)
		page_pre(p, "its opening post", d->body, strlen(d->body));
	return 0;
}

int
drafts_section(struct request *req, int64_t member_id)
{
	struct page	*p = req->page;
	int		 rc, n;

	page_heading(p, 2, "Your drafts");
	page_text(p, "What you typed and could not post yet (new terms to "
	    "accept, the posting limit, a locked discussion), and new "
	    "discussions whose opening post is still to come. The newest %d "
	    "of each kind are kept.", DRAFTS_MAX);
	if ((rc = store_cdrafts(req->store, member_id, 0,
	    drafts_list_comment, req)) < 0)
		return rc;
	n = rc;
	if ((rc = store_tdrafts(req->store, member_id, drafts_list_title,
	    req)) < 0)
		return rc;
	if (n + rc == 0)
		page_text(p, "None.");
	return 0;
}

void
handle_me_drafts(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	int		 rc;

	page_heading(p, 1, "Your drafts");
	if ((rc = drafts_section(req, req->member->id)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	page_blank(p);
	page_link(p, LINK_PAGE, "/me", "Back to your page");
	handler_footer(req);
	reply_page(req, rep);
}

/* One comment draft, copied out of the store's row. */
struct draft_copy {
	struct request		*req;
	struct comment_draft	 d;
};

static int
drafts_copy(void *arg, const struct comment_draft *d)
{
	struct draft_copy	*dc = arg;
	struct arena		*a = &dc->req->page->arena;

	dc->d = *d;
	dc->d.body = arena_strndup(a, d->body, strlen(d->body));
	dc->d.title = arena_strndup(a, d->title, strlen(d->title));
	return 1;
}

/* A guard: the member's comment draft req->num[0], in dc->d. */
static int
draft_of(struct request *req, struct reply *rep, struct draft_copy *dc)
{
	int rc;

	dc->req = req;
	rc = store_cdraft_get(req->store, req->num[0], req->member->id,
	    drafts_copy, dc);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return -1;
	}
	if (rc == 0) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such draft: it was "
		    "posted or discarded already");
		return -1;
	}
	return 0;
}

/* /me/drafts/ID: one comment draft, whole. */
void
handle_me_draft(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	struct draft_copy	 dc;

	if (draft_of(req, rep, &dc) == -1)
		return;
	page_heading(p, 1, "Your saved comment");
	page_text(p, "For \"%s\", saved %s:", dc.d.title,
	    handler_datetime(req, dc.d.created));
	page_pre(p, "your saved comment", dc.d.body, strlen(dc.d.body));
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/draft/comment/%lld", (long long)dc.d.id),
	    "Post your saved comment");
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/draft/comment/%lld/discard", (long long)dc.d.id),
	    "Discard your saved comment");
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/thread/%lld",
	    (long long)dc.d.thread_id), "The discussion");
	page_link(p, LINK_PAGE, "/me/drafts", "All your drafts");
	handler_footer(req);
	reply_page(req, rep);
}

/* /draft/comment/ID: post it, as the comment it was meant to be. */
void
handle_draft_comment(struct request *req, struct reply *rep)
{
	struct draft_copy dc;

	if (draft_of(req, rep, &dc) == -1)
		return;
	req->query = dc.d.body;
	req->query_len = strlen(dc.d.body);
	post_comment_in(req, rep, dc.d.thread_id, dc.d.reply_to);
}

/* /draft/comment/ID/discard */
void
handle_draft_comment_discard(struct request *req, struct reply *rep)
{
	struct draft_copy	dc;
	int			rc;

	if (draft_of(req, rep, &dc) == -1)
		return;
	rc = store_cdraft_delete(req->store, dc.d.id, req->member->id);
	if (rc != STORE_NOTFOUND && reply_store_check(rep, rc) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)dc.d.thread_id);
}

/* /draft/ID/discard: a new discussion's draft, not posted yet. */
void
handle_draft_discard(struct request *req, struct reply *rep)
{
	int rc;

	rc = store_tdraft_delete(req->store, req->num[0], req->member->id);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such draft: it was "
		    "published or discarded already");
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	reply_redirect(req, rep, "/me/drafts");
}

/* A new discussion's saved opening post, if it has one: in *body. */
static int
drafts_body_copy(void *arg, const struct title_draft *d)
{
	struct draft_copy	*dc = arg;

	if (d->body != NULL)
		dc->d.body = arena_strndup(&dc->req->page->arena, d->body,
		    strlen(d->body));
	return 1;
}

const char *
drafts_saved_body(struct request *req, int64_t draft_id)
{
	struct draft_copy dc = { .req = req };

	if (store_tdraft_get(req->store, draft_id, req->member->id,
	    drafts_body_copy, &dc) <= 0)
		return NULL;
	return dc.d.body;
}
