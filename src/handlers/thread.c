/*
 * thread.c: one discussion: its opening post and every comment, in order,
 * as this reader may see it: their own held posts and reports, and the
 * actions open to them (edit, report, moderate).
 */
#include <string.h>

#include "db.h"
#include "handlers/handlers.h"

struct thread_ctx {
	struct request	*req;
	int		 found;
	int64_t		 id;
	int		 locked;
	int		 held;
	int64_t		 author;
	const char	*space_slug;
	const char	*space_name;
	int64_t		 viewer;	/* member id, 0 for a visitor */
	int		 moderator;	/* the viewer moderates */
};

static void
action(struct page *p, const char *label, const char *fmt, long long id)
{
	page_link(p, LINK_ACTION, arena_printf(&p->arena, fmt, id), "%s",
	    label);
}

static int
thread_head(void *arg, const struct thread_row *t)
{
	struct thread_ctx	*tc = arg;
	struct request		*req = tc->req;
	struct page		*p = req->page;
	/* this view is counted once the thread is known to be shown */
	int64_t			 views = t->views + view_pending(t->id) + 1;

	tc->found = 1;
	tc->id = t->id;
	tc->locked = t->locked || t->archived;
	tc->held = t->held;
	tc->author = t->author_id;
	if (t->held && t->author_id != tc->viewer && !tc->moderator)
		return 1;	/* not for this reader's eyes */
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
	if (t->held)
		page_text(p, "This discussion waits for a moderator's "
		    "approval; until then only its author and the moderators "
		    "can see it.");
	if (t->locked)
		page_text(p, "This discussion is locked: it can be read, but "
		    "takes no new comments.");
	page_blank(p);
	if (t->hidden != NULL) {
		page_text(p, "(The opening post was hidden by a moderator: "
		    "%s)", t->hidden);
		if (tc->moderator) {
			page_gemtext(p, t->body, strlen(t->body),
			    GEMTEXT_USER, NULL);
			action(p, "Restore the opening post (moderators)",
			    "/mod/thread/%lld/restore", t->id);
		}
	} else if (t->reported && !tc->moderator)
		page_text(p, "(You reported this discussion; the moderators "
		    "will look at it.)");
	else
		page_gemtext(p, t->body, strlen(t->body), GEMTEXT_USER, NULL);
	if (t->edited)
		page_text(p, "(edited %s)", fmt_datetime(req, t->edited));
	if (t->author_id == tc->viewer && !tc->locked) {
		action(p, "Edit the opening post", "/thread/%lld/edit", t->id);
		action(p, "Change the title", "/thread/%lld/title", t->id);
	}
	if (tc->moderator) {
		action(p, "Change the title (moderators)",
		    "/mod/thread/%lld/retitle", t->id);
		if (t->hidden == NULL)
			action(p, "Hide the opening post (moderators)",
			    "/mod/thread/%lld/hide", t->id);
	}
	return 1;
}

static int
thread_comment(void *arg, const struct comment_row *c)
{
	struct thread_ctx	*tc = arg;
	struct request		*req = tc->req;
	struct page		*p = req->page;
	int			 own = tc->viewer != 0 &&
	    c->author_id == tc->viewer;
	/* "Author, date": one per comment, too many to go through printf */
	const char		*heading[] = {
		c->author, ", ", fmt_datetime(req, c->created)
	};

	page_blank(p);
	page_join(p, EL_H3, heading, sizeof(heading) / sizeof(heading[0]));
	if (c->deleted) {
		page_text(p, "(This comment was deleted by its author.)");
		return 0;
	}
	if (c->held)
		page_text(p, "(Waiting for a moderator's approval; only you "
		    "can see it for now.)");
	if (c->hidden != NULL) {
		page_text(p, "(Hidden by a moderator: %s)", c->hidden);
		if (tc->moderator) {
			page_gemtext(p, c->body, strlen(c->body),
			    GEMTEXT_USER, NULL);
			action(p, "Restore this comment",
			    "/mod/comment/%lld/restore", c->id);
		}
		return 0;
	}
	if (c->reported && !tc->moderator) {
		page_text(p, "(You reported this comment; the moderators will "
		    "look at it.)");
		return 0;
	}
	page_gemtext(p, c->body, strlen(c->body), GEMTEXT_USER, NULL);
	if (c->edited)
		page_text(p, "(edited %s)", fmt_datetime(req, c->edited));
	if (own) {
		/* a locked discussion takes no edits */
		if (!tc->locked)
			action(p, "Edit", "/comment/%lld/edit", c->id);
		action(p, "Delete", "/comment/%lld/delete", c->id);
	} else if (tc->viewer != 0)
		action(p, "Report", "/report/comment/%lld", c->id);
	if (tc->moderator && !own)
		action(p, "Hide (moderators)", "/mod/comment/%lld/hide", c->id);
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
	tc.moderator = tc.viewer != 0 && m.role >= ROLE_MODERATOR;
	rc = store_thread(req->w->store, req->num[0], tc.viewer, thread_head,
	    &tc);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (!tc.found) {
		reply_missing(req, rep, 0, req->num[0]);
		return;
	}
	if (tc.held && tc.author != tc.viewer && !tc.moderator) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such discussion");
		return;
	}
	view_count(tc.id);
	page_blank(p);
	page_heading(p, 2, "Comments");
	rc = store_comments(req->w->store, tc.id, tc.viewer, thread_comment,
	    &tc);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "No comments yet.");
	page_blank(p);
	if (!tc.locked)
		action(p, "Add a comment", "/thread/%lld/comment", tc.id);
	if (tc.viewer != 0 && tc.viewer != tc.author)
		action(p, "Report this discussion", "/report/thread/%lld",
		    tc.id);
	if (tc.moderator) {
		action(p, tc.locked ? "Unlock (moderators)" :
		    "Lock (moderators)", tc.locked ? "/mod/thread/%lld/unlock" :
		    "/mod/thread/%lld/lock", tc.id);
		action(p, "Move to another space (moderators)",
		    "/mod/thread/%lld/move", tc.id);
	}
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/thread/%lld/feed",
	    (long long)tc.id), "Subscribe to new comments");
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/space/%s",
	    tc.space_slug), "Back to %s", tc.space_name);
	page_footer(req);
	reply_page(req, rep);
}

/* A discussion served from the page cache is still a view. */
void
thread_viewed(struct request *req)
{
	view_count(req->num[0]);
}
