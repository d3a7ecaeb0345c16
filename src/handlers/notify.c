/*
 * notify.c: a member's notifications: replies to their comments and in
 * discussions they are part of, mentions of their name, moderators'
 * actions on their posts.
 * Seen when shown.
 */
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"

#define NOTES_SHOWN	50

struct notes_ctx {
	struct request	*req;
	int64_t		 newest;
};

static int
note_line(void *arg, const struct note_row *n)
{
	struct notes_ctx	*nc = arg;
	struct request		*req = nc->req;
	struct page		*p = req->page;
	const char		*when = handler_datetime(req, n->created);
	const char		*fresh = n->seen ? "" : "New: ";

	if (n->id > nc->newest)
		nc->newest = n->id;
	if (strcmp(n->kind, NOTE_MODERATED) == 0) {
		if (n->thread_id != 0)
			page_link(p, LINK_PAGE, arena_printf(&p->arena,
			    "/thread/%lld", (long long)n->thread_id),
			    "%s%s: %s", fresh, when, n->note);
		else
			page_item(p, "%s%s: %s", fresh, when, n->note);
		return 0;
	}
	/* the comment's permalink: straight to its page */
	page_link(p, LINK_PAGE, n->comment_id != 0 ? arena_printf(&p->arena,
	    "/comment/%lld", (long long)n->comment_id) :
	    arena_printf(&p->arena, "/thread/%lld", (long long)n->thread_id),
	    "%s%s: %s %s \"%s\"", fresh, when,
	    n->actor, strcmp(n->kind, NOTE_MENTION) == 0 ? "mentioned you in" :
	    strcmp(n->kind, NOTE_ANSWER) == 0 ? "replied to your comment in" :
	    "replied in", n->title);
	/* a moderator's name stays out: only replies and mentions name */
	if (n->actor_id != 0)
		handler_member_link(req, n->actor_id, n->actor);
	return 0;
}

void
handle_notifications(struct request *req, struct reply *rep)
{
	struct notes_ctx	 nc = { .req = req };
	const struct member	*m = req->member;
	struct page		*p = req->page;
	int			 rc;

	page_heading(p, 1, "Notifications");
	/* a failure (the writer holds the lock) only means they come later */
	(void)store_notifications_gather(req->store, m->id);
	if ((rc = store_notifications(req->store, m->id, NOTES_SHOWN,
	    note_line, &nc)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "Nothing yet. Replies in discussions you take "
		    "part in, mentions of @your name and moderators' actions "
		    "on your posts show here.");
	/* shown, so seen; a failure here only means they show as new again */
	if (nc.newest > 0)
		store_notifications_seen(req->store, m->id, nc.newest);
	page_blank(p);
	page_link(p, LINK_ACTION, "/me", "Your page");
	handler_footer(req);
	reply_page(req, rep);
}
