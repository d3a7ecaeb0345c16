/*
 * drafts.c: nothing a member types is lost; the drafts' pages and
 * actions.  What is kept, and how it is offered on a discussion, is
 * keep.c's.  Drafts are listed on /me/drafts.
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

#define DRAFT_EXCERPT	60	/* characters of a draft in a list */

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
	drafts_comment_body(p, &dc.d);
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
	post_comment_in(req, rep, dc.d.thread_id, dc.d.reply_to, NULL);
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
