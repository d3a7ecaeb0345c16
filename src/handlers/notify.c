/*
 * notify.c: a member's notifications (/me/notifications, and its pages
 * /me/notifications/page/N): replies to their comments and in the
 * discussions they take part in or follow, mentions of their name, new
 * discussions in the spaces and by the members they follow, moderators'
 * actions on their posts.  One line a discussion ("5 new comments in
 * ..."), the newest first, linking to the first one not seen; for a
 * moderator, what waits for them on top.  A group is seen once shown.
 */
#include <string.h>

#include "store/store.h"
#include "store/events.h"
#include "handlers/handlers.h"

#define NOTES_GROUPS	20	/* lines a page */

struct notes_ctx {
	struct request	*req;
	int		 shown;
	/* the groups shown, and how far each was read, to mark as seen */
	int64_t		 group[NOTES_GROUPS];
	int64_t		 newest[NOTES_GROUPS];
};

/* Where a group's link goes: its first unseen, else its newest. */
static const char *
note_path(struct page *p, const struct note_row *n)
{
	int64_t c = n->unseen > 0 ? n->first_unseen : n->last_comment;

	if (c > 0)
		return arena_printf(&p->arena, "/comment/%lld", (long long)c);
	return arena_printf(&p->arena, "/thread/%lld",
	    (long long)n->thread_id);
}

/* What n's own notification says its actor did. */
static const char *
note_did(const struct note_row *n)
{
	if (strcmp(n->kind, NOTE_STARTED) == 0)
		return "started a discussion:";
	if (strcmp(n->kind, NOTE_MENTION) == 0)
		return "mentioned you in";
	if (strcmp(n->kind, NOTE_ANSWER) == 0)
		return "replied to your comment in";
	return "replied in";
}

/* One notification alone: who did what, where. */
static void
note_one(struct request *req, const struct note_row *n, const char *fresh,
    const char *when)
{
	struct page *p = req->page;

	/* a moderator's action, or an event's change (its note says) */
	if (strcmp(n->kind, NOTE_MODERATED) == 0 ||
	    strcmp(n->kind, NOTE_EVENT) == 0) {
		if (n->thread_id != 0)
			page_link(p, LINK_PAGE, arena_printf(&p->arena,
			    "/thread/%lld", (long long)n->thread_id),
			    "%s%s: %s", fresh, when, n->note);
		else
			page_item(p, "%s%s: %s", fresh, when, n->note);
		return;
	}
	page_link(p, LINK_PAGE, note_path(p, n), "%s%s: %s %s \"%s\"", fresh,
	    when, n->actor, note_did(n), n->title);
	/* a moderator's name stays out: only members' doings name them */
	if (n->actor_id != 0)
		handler_member_link(req, n->actor_id, n->actor);
}

static int
note_line(void *arg, const struct note_row *n)
{
	struct notes_ctx	*nc = arg;
	struct request		*req = nc->req;
	struct page		*p = req->page;
	const char		*when = handler_datetime(req, n->created);
	const char		*fresh = n->unseen > 0 ? "New: " : "";
	int64_t			 comments;

	/* one more than a page is asked for: that one only says "more" */
	if (nc->shown == NOTES_GROUPS)
		return 1;
	nc->group[nc->shown] = n->group;
	nc->newest[nc->shown] = n->newest;
	nc->shown++;
	/* one, or one new: who did what (the new one, linked to) */
	if (n->count == 1 || n->unseen == 1) {
		note_one(req, n, fresh, when);
		return 0;
	}
	if (n->unseen == 0) {
		page_link(p, LINK_PAGE, note_path(p, n), "%s: %lld comments "
		    "in \"%s\"", when, (long long)n->count, n->title);
		return 0;
	}
	comments = n->unseen - n->unseen_opening;
	/* an answer or a mention is not lost in the number */
	if (n->unseen_opening == 0 && (strcmp(n->kind, NOTE_ANSWER) == 0 ||
	    strcmp(n->kind, NOTE_MENTION) == 0))
		page_link(p, LINK_PAGE, note_path(p, n), "New: %s: %lld new "
		    "comments; %s %s \"%s\"", when, (long long)comments,
		    n->actor, note_did(n), n->title);
	else if (n->unseen_opening > 0)
		page_link(p, LINK_PAGE, note_path(p, n), "New: %s: a new "
		    "discussion, \"%s\", and %lld new %s", when, n->title,
		    (long long)comments, handler_plural(comments, "comment",
		    "comments"));
	else
		page_link(p, LINK_PAGE, note_path(p, n), "New: %s: %lld new "
		    "%s in \"%s\"", when, (long long)comments,
		    handler_plural(comments, "comment", "comments"), n->title);
	return 0;
}

void
handle_notifications(struct request *req, struct reply *rep)
{
	struct notes_ctx	 nc = { .req = req };
	const struct member	*m = req->member;
	struct page		*p = req->page;
	int64_t			 pageno = strstr(req->path, "/page/") != NULL ?
	    req->num[0] : 1;
	struct viewer_counts	 vc = { NULL, 0, 0 };
	int			 rc, i;

	if (pageno < 1 || pageno > INT32_MAX / NOTES_GROUPS) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such page");
		return;
	}
	page_heading(p, 1, "Notifications");
	if (pageno > 1)
		page_text(p, "Page %lld.", (long long)pageno);
	(void)handler_mod_pending(req, m, &vc.reports, &vc.held);
	handler_mod_pending_link(req, &vc);
	/* a failure (the writer holds the lock) only means they come later */
	(void)store_notifications_gather(req->store, m->id);
	if ((rc = store_notifications(req->store, m->id, NOTES_GROUPS + 1,
	    (int)((pageno - 1) * NOTES_GROUPS), note_line, &nc)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0 && pageno > 1) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such page: your "
		    "notifications end before it");
		return;
	}
	if (rc == 0)
		page_text(p, "Nothing yet. Comments in discussions you take "
		    "part in or follow, replies to you, mentions of @your "
		    "name, new discussions in the spaces and by the members "
		    "you follow, and moderators' actions on your posts show "
		    "here.");
	/*
	 * Shown, so seen: each group up to what it showed (a comment since
	 * stays new); a failure only means they show as new again.
	 */
	for (i = 0; i < nc.shown; i++)
		(void)store_notifications_seen(req->store, m->id,
		    nc.group[i], nc.newest[i]);
	page_blank(p);
	if (rc > NOTES_GROUPS)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/me/notifications/page/%lld", (long long)pageno + 1),
		    "More notifications (page %lld)", (long long)pageno + 1);
	if (pageno > 1)
		page_link(p, LINK_ACTION, pageno == 2 ? "/me/notifications" :
		    arena_printf(&p->arena, "/me/notifications/page/%lld",
		    (long long)pageno - 1), "Newer notifications");
	page_link(p, LINK_ACTION, "/me", "Your page");
	/* what is new is asked after the seen marks; the rest is known */
	vc.fresh = handler_notes_new(req, m);
	handler_footer_counts(req, &vc);
	reply_page(req, rep);
}
