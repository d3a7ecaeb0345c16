/*
 * follow.c: following and muting (a discussion, a space, a member), the
 * links that offer them, and the counts that tell a member what is new:
 * their unread notifications and, for moderators, what waits for them.
 *
 * What a member follows is theirs alone: only they see its state, on
 * the pages they read with their certificate (never cached, cache.h).
 */
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"

/* The last segment of the path: the verb of /.../ID/VERB. */
static const char *
follow_verb(const struct request *req)
{
	const char *slash = strrchr(req->path, '/');

	return slash != NULL ? slash + 1 : req->path;
}

/* /thread/ID/follow, /unfollow, /mute, /unmute */
void
handle_follow_thread(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	const char		*verb = follow_verb(req);
	struct thread_row	 t;
	enum follow_op		 op;
	int			 rc;

	if (strcmp(verb, "follow") == 0)
		op = FOLLOW_ON;
	else if (strcmp(verb, "unfollow") == 0)
		op = FOLLOW_OFF;
	else if (strcmp(verb, "mute") == 0)
		op = MUTE_ON;
	else
		op = MUTE_OFF;
	rc = store_thread_get(req->store, req->num[0], m->id, &t);
	if (rc == STORE_NOTFOUND) {
		reply_missing(req, rep, 0, req->num[0]);
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	/* a held discussion is its author's and the moderators' only */
	if (t.held && t.author_id != m->id && m->role < ROLE_MODERATOR) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such discussion");
		return;
	}
	if (reply_store_check(rep, store_thread_follow(req->store, m->id,
	    t.id, op)) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)t.id);
}

/* /space/SLUG/follow, /space/SLUG/unfollow */
void
handle_follow_space(struct request *req, struct reply *rep)
{
	struct space_row	 sp;
	int			 rc;

	rc = store_space_get(req->store, req->str[0], &sp);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such space");
		return;
	}
	if (reply_store_check(rep, rc) == -1 ||
	    reply_store_check(rep, store_space_follow(req->store,
	    req->member->id, sp.id, strcmp(follow_verb(req), "follow") == 0,
	    req->now)) == -1)
		return;
	reply_redirect(req, rep, "/space/%s", req->str[0]);
}

/* /member/ID/follow, /member/ID/unfollow */
void
handle_follow_member(struct request *req, struct reply *rep)
{
	struct member	 who;
	int		 rc;

	rc = store_member_by_id(req->store, req->num[0], &who);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such member");
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	if (who.id == req->member->id) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "Your own discussions "
		    "are yours already: there is nothing to follow");
		return;
	}
	if (reply_store_check(rep, store_member_follow(req->store,
	    req->member->id, who.id, strcmp(follow_verb(req), "follow") == 0,
	    req->now)) == -1)
		return;
	reply_redirect(req, rep, "/member/%lld", (long long)who.id);
}

/*
 * On a discussion's page, for a member: how they hear of it (state: the
 * discussion's row, thread_row.following), and the links that change
 * it.  Nothing for a visitor.
 */
void
handler_follow_links(struct request *req, int64_t thread_id, int state)
{
	struct page *p = req->page;

	if (access_viewer(req) == NULL)
		return;
	if (state < 0 && state != STORE_NOTFOUND)
		return;		/* the page goes on without them */
	if (state == PARTICIPANT_MUTED) {
		page_text(p, "You muted this discussion: you are told "
		    "nothing of it, not even replies to you or mentions.");
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/thread/%lld/unmute", (long long)thread_id), "Unmute "
		    "this discussion");
		return;
	}
	if (state == STORE_NOTFOUND)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/thread/%lld/follow", (long long)thread_id), "Follow "
		    "this discussion (be told of every new comment)");
	else
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/thread/%lld/unfollow", (long long)thread_id), "Stop "
		    "following this discussion");
	page_link(p, LINK_ACTION, arena_printf(&p->arena, "/thread/%lld/mute",
	    (long long)thread_id), "Mute this discussion (be told nothing "
	    "of it)");
}

/* On a space's page, for a member. */
void
handler_space_follow_link(struct request *req, int64_t space_id,
    const char *slug)
{
	const struct member	*m = access_viewer(req);
	struct page		*p = req->page;
	int			 on;

	if (m == NULL ||
	    (on = store_space_following(req->store, m->id, space_id)) < 0)
		return;
	page_link(p, LINK_ACTION, arena_printf(&p->arena, "/space/%s/%s",
	    slug, on ? "unfollow" : "follow"), on ? "Stop following this "
	    "space" : "Follow this space (be told of each new discussion)");
}

/* On a member's page (/member/ID), for another member. */
void
handler_follow_member_link(struct request *req, struct page *p,
    int64_t member_id)
{
	const struct member	*m = access_viewer(req);
	int			 on;

	if (m == NULL || m->id == member_id ||
	    (on = store_member_following(req->store, m->id, member_id)) < 0)
		return;
	page_link(p, LINK_ACTION, arena_printf(&p->arena, "/member/%lld/%s",
	    (long long)member_id, on ? "unfollow" : "follow"), on ?
	    "Stop following this member" : "Follow this member (be told "
	    "when they start a discussion)");
}
