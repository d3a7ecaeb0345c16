/*
 * thread.c: one discussion: its opening post and every comment, in order.
 */
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"

struct thread_ctx {
	struct request	*req;
	int		 found;
	int64_t		 id;
	int		 locked;
	const char	*space_slug;
	const char	*space_name;
	int64_t		 viewer;	/* member id, 0 for a visitor */
};

static int
thread_head(void *arg, const struct thread_row *t)
{
	struct thread_ctx	*tc = arg;
	struct request		*req = tc->req;
	struct page		*p = req->page;
	/* this view is counted once the thread is known to exist */
	int64_t			 views = t->views + view_pending(t->id) + 1;

	tc->found = 1;
	tc->id = t->id;
	tc->locked = t->locked;
	tc->space_slug = arena_strndup(&p->arena, t->space_slug,
	    strlen(t->space_slug));
	tc->space_name = arena_strndup(&p->arena, t->space_name,
	    strlen(t->space_name));

	page_heading(p, 1, "%s", t->title);
	page_text(p, "Started by %s on %s in %s.", t->author,
	    fmt_date(req, t->created), t->space_name);
	page_text(p, "%lld %s, %lld %s.", (long long)views,
	    plural(views, "view", "views"), (long long)t->comments,
	    plural(t->comments, "comment", "comments"));
	if (t->locked)
		page_text(p, "This discussion is locked: it can be read, but "
		    "takes no new comments.");
	page_blank(p);
	page_gemtext(p, t->body, strlen(t->body), GEMTEXT_USER, NULL);
	return 1;
}

static int
thread_comment(void *arg, const struct comment_row *c)
{
	struct thread_ctx	*tc = arg;
	struct request		*req = tc->req;
	struct page		*p = req->page;

	page_blank(p);
	page_heading(p, 3, "%s, %s", c->author, fmt_datetime(req, c->created));
	if (c->deleted) {
		page_text(p, "(This comment was deleted by its author.)");
		return 0;
	}
	page_gemtext(p, c->body, strlen(c->body), GEMTEXT_USER, NULL);
	if (c->edited)
		page_text(p, "(edited %s)", fmt_datetime(req, c->edited));
	if (tc->viewer != 0 && c->author_id == tc->viewer) {
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/comment/%lld/edit", (long long)c->id), "Edit");
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/comment/%lld/delete", (long long)c->id), "Delete");
	}
	return 0;
}

void
handle_thread(struct request *req, struct reply *rep)
{
	struct thread_ctx	 tc = { .req = req };
	struct page		*p = req->page;
	struct member		 m;
	int			 rc;

	page_begin(req);
	tc.viewer = handler_viewer(req, &m);
	rc = store_thread(req->w->store, req->num[0], thread_head, &tc);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (!tc.found) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such discussion");
		return;
	}
	view_count(tc.id);
	page_blank(p);
	page_heading(p, 2, "Comments");
	rc = store_comments(req->w->store, tc.id, thread_comment, &tc);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "No comments yet.");
	page_blank(p);
	if (!tc.locked)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/thread/%lld/comment", (long long)tc.id), "Add a comment");
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/space/%s",
	    tc.space_slug), "Back to %s", tc.space_name);
	page_footer(req);
	reply_page(req, rep);
}
