/*
 * keep.c: what a member typed, kept when it is refused, and offered back
 * (the pages and actions of drafts are drafts.c's).  A comment refused
 * for a reason that passes (new terms to accept, the posting limit, a
 * locked discussion or an archived space) is kept as a comment draft; a
 * new discussion's title is one from the moment it is typed, and its
 * opening post joins it when that is refused.
 *
 * Apart from drafts.c so that posting (post.c), the discussion page
 * (thread.c) and the guard for new terms (given drafts_keep_refused() by
 * the router) can keep and offer drafts without reaching the actions
 * that post them, which post.c serves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/slug.h"
#include "core/text.h"

struct body_copy {
	struct request	*req;
	const char	*body;
};

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

/* A saved comment's text and what to do with it: post it or discard it. */
void
drafts_comment_body(struct page *p, const struct comment_draft *d)
{
	page_pre(p, "your saved comment", d->body, strlen(d->body));
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/draft/comment/%lld", (long long)d->id),
	    "Post your saved comment");
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/draft/comment/%lld/discard", (long long)d->id),
	    "Discard your saved comment");
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
	drafts_comment_body(p, d);
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

/* A new discussion's saved opening post, if it has one. */
static int
drafts_body_copy(void *arg, const struct title_draft *d)
{
	struct body_copy	*bc = arg;

	if (d->body != NULL)
		bc->body = arena_strndup(&bc->req->page->arena, d->body,
		    strlen(d->body));
	return 1;
}

const char *
drafts_saved_body(struct request *req, int64_t draft_id)
{
	struct body_copy bc = { req, NULL };

	if (store_tdraft_get(req->store, draft_id, req->member->id,
	    drafts_body_copy, &bc) <= 0)
		return NULL;
	return bc.body;
}
