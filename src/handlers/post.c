/*
 * post.c: comments and new discussions, by prompt (status 10) or by
 * Titan upload.  A reply is only sent once the write has committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "store/writer.h"
#include "core/text.h"

/* On the writer thread. */
static int64_t
comment_write(struct store *st, struct write_job *job)
{
	int64_t id;

	id = store_comment_post(st, job->thread_id, job->member_id,
	    job->reply_to, job->text, job->held, job->now, job->same_since);
	/* a saved draft of this comment has done its work (drafts.c) */
	if (id > 0)
		(void)store_cdraft_posted(st, job->member_id, job->thread_id,
		    job->text);
	return id;
}

/*
 * Back on the worker: the comment is on disk (or it is not).  req is the
 * request that posted it, made again by server.c, which sends rep.
 */
static void
comment_done(struct request *req, struct reply *rep, struct write_job *job)
{
	if (reply_store_check(rep, job->result) == -1)
		return;
	/* to the page that holds the new comment */
	thread_comment_redirect(req, rep, job->thread_id, job->result);
}

/*
 * The prompt names where the text goes: a link to this prompt can come
 * from anywhere (a lookalike "Reply" in a post, router.c's ROUTE_PROMPT),
 * so the prompt itself says what will be answered.
 */
static const char *
post_prompt(struct request *req, const struct thread_row *t,
    int64_t reply_to, const char *answered)
{
	const char *title = handler_first_line(req, t->title, PROMPT_NAME_MAX);

	if (reply_to == 0)
		return arena_printf(&req->page->arena, "Your comment in \"%s\"",
		    title);
	if (answered != NULL)
		return arena_printf(&req->page->arena, "Your reply to %s's "
		    "comment in \"%s\"", handler_first_line(req, answered,
		    PROMPT_NAME_MAX), title);
	return arena_printf(&req->page->arena, "Your reply to comment %lld "
	    "in \"%s\"", (long long)reply_to, title);
}

/*
 * A comment in discussion thread_id, answering comment reply_to (0:
 * none): by prompt or upload (or a saved draft's text, drafts.c),
 * through the writer thread.  Refused for a reason that passes (locked,
 * the posting limit), the text is kept as a draft.
 */
void
post_comment_in(struct request *req, struct reply *rep, int64_t thread_id,
    int64_t reply_to, const char *answered)
{
	const struct member	*m = req->member;
	struct thread_row	 t;
	struct write_job	*job;
	char			*text;
	int64_t			 id;
	int			 rc;

	rc = store_thread_get(req->store, thread_id, m->id, &t);
	if (rc == STORE_NOTFOUND) {
		reply_missing(req, rep, 0, thread_id);
		return;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (t.held && t.author_id != m->id) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such discussion");
		return;
	}
	/* a locked discussion still takes a moderator's note */
	if ((t.locked && m->role < ROLE_MODERATOR) || t.archived) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This discussion "
		    "is locked (or its space archived): it takes no new "
		    "comments%s", drafts_keep_comment(req, m->id, thread_id,
		    reply_to) ? ". Your text was saved as a draft: it is "
		    "offered back on the discussion and on /me/drafts" : "");
		return;
	}
	if (handler_post_text(req, rep, post_prompt(req, &t, reply_to,
	    answered), &text) == -1)
		return;
	/* a retry of what was stored already is answered, not limited */
	id = store_comment_same(req->store, thread_id, m->id, text,
	    req->now - SAME_POST_WINDOW);
	if (id > 0) {
		(void)store_cdraft_posted(req->store, m->id, thread_id, text);
		comment_redirect_in(req, rep, &t, id);
		return;
	}
	if (handler_rate_limit(req, rep) == -1) {
		/* 44 says only the wait: the discussion offers it back */
		(void)drafts_keep_comment(req, m->id, thread_id, reply_to);
		return;
	}
	/* the writer commits it; the reply waits for that (comment_done) */
	if ((job = calloc(1, sizeof(*job))) == NULL ||
	    (job->text = strdup(text)) == NULL) {
		free(job);
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	job->run = comment_write;
	job->done = comment_done;
	job->thread_id = thread_id;
	job->reply_to = reply_to;
	job->member_id = m->id;
	job->held = held_post(m);
	job->now = req->now;
	job->same_since = req->now - SAME_POST_WINDOW;
	rep->job = job;
}

void
handle_comment(struct request *req, struct reply *rep)
{
	post_comment_in(req, rep, req->num[0], 0, NULL);
}

/*
 * /comment/ID/reply: a comment in the same discussion that answers ID.
 * A comment deleted or removed by a moderator takes no replies (52),
 * one held for a moderator is not there for others (51).
 */
void
handle_comment_reply(struct request *req, struct reply *rep)
{
	struct comment_row	 c;
	int			 rc;

	rc = store_comment_get(req->store, req->num[0], &c);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && c.held &&
	    c.author_id != req->member->id)) {
		reply_missing(req, rep, 1, req->num[0]);
		return;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (c.deleted || c.hidden != NULL) {
		reply_status(rep, GEMINI_GONE, "This comment was removed: it "
		    "takes no replies");
		return;
	}
	post_comment_in(req, rep, c.thread_id, c.id, c.author);
}

/*
 * An upload that starts with "# Title" (nl: its first newline): the
 * title, cleaned, in *title and the post after it in *text.  0, or -1
 * with rep set when the title will not do or nothing follows it.
 */
static int
split_titled(struct reply *rep, char *nl, char **title, char **text)
{
	size_t		 tlen;
	const char	*why;
	char		*body;

	*nl = '\0';
	*title = *text + 2;
	tlen = strlen(*title);
	if ((why = text_clean_title(*title, &tlen)) != NULL) {
		reply_status(rep, GEMINI_BAD_REQUEST, "%s", why);
		return -1;
	}
	for (body = nl + 1; *body == '\n'; body++)
		;
	if (*body == '\0') {
		reply_status(rep, GEMINI_BAD_REQUEST, "The opening post is "
		    "empty");
		return -1;
	}
	*text = body;
	return 0;
}

/*
 * Titan to /space/SLUG/new: a gemtext upload whose first line is
 * "# Title"; the rest is the opening post.
 */
static void
space_new_titan(struct request *req, struct reply *rep,
    const struct member *m, int64_t space_id)
{
	char		*text, *nl, *title;
	int64_t		 id;

	if (handler_post_text(req, rep, "", &text) == -1)
		return;
	if (strncmp(text, "# ", 2) != 0 || (nl = strchr(text, '\n')) == NULL) {
		reply_status(rep, GEMINI_BAD_REQUEST, "Start the upload with "
		    "a line \"# Title\", then the opening post");
		return;
	}
	if (split_titled(rep, nl, &title, &text) != 0)
		return;
	if (handler_rate_limit(req, rep) == -1)
		return;
	id = store_thread_post(req->store, 0, space_id, m->id, title, text,
	    held_post(m), req->now, req->now - SAME_POST_WINDOW);
	if (reply_store_check(rep, id) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)id);
}

void
handle_space_new(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	struct space_row	 sp;
	char			*title;
	int64_t			 id;
	int			 rc;

	rc = store_space_get(req->store, req->str[0], &sp);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such space");
		return;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (sp.archived) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This space is "
		    "archived: it takes no new discussions");
		return;
	}
	if (request_can(req, CAN_UPLOAD)) {
		space_new_titan(req, rep, m, sp.id);
		return;
	}
	if (handler_title(req, rep, "The title of your new "
	    "discussion", &title) == -1)
		return;
	/* kept first: a title refused by the limit is a draft on /me */
	id = store_draft_add(req->store, m->id, sp.id, title, req->now);
	if (reply_store_check(rep, id) == -1)
		return;
	(void)store_tdrafts_prune(req->store, m->id);
	if (handler_rate_limit(req, rep) == -1)
		return;
	reply_redirect(req, rep, "/draft/%lld", (long long)id);
}

void
handle_draft(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	struct draft		 d;
	char			*text, prompt[sizeof(d.title) + 64];
	const char		*saved;
	int64_t			 id;
	int			 rc;

	rc = store_draft_get(req->store, req->num[0], m->id, &d);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such draft");
		return;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (d.thread_id != 0) {
		/* posted already: a retry lands where the first one did */
		reply_redirect(req, rep, "/thread/%lld", (long long)d.thread_id);
		return;
	}
	if (d.archived) {
		/* archived after the title was given: too late now */
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This space has "
		    "been archived: it takes no new discussions, so this "
		    "draft cannot be published");
		return;
	}
	snprintf(prompt, sizeof(prompt), "The opening post of \"%s\"",
	    d.title);
	/* an opening post saved when it was refused is published as typed */
	if (req->query == NULL && !request_can(req, CAN_UPLOAD) &&
	    (saved = drafts_saved_body(req, req->num[0])) != NULL) {
		req->query = saved;
		req->query_len = strlen(saved);
	}
	if (handler_post_text(req, rep, prompt, &text) == -1)
		return;
	if (handler_rate_limit(req, rep) == -1) {
		/* 44 says only the wait: /me/drafts offers it back */
		(void)store_tdraft_body(req->store, req->num[0], m->id, text);
		return;
	}
	id = store_thread_post(req->store, req->num[0], d.space_id, m->id,
	    d.title, text, held_post(m), req->now,
	    req->now - SAME_POST_WINDOW);
	if (reply_store_check(rep, id) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)id);
}

/*
 * A guard: 0 when the opening post req->num[0] is this member's and
 * takes edits (read once, into *tp), else -1 with rep set.
 */
static int
own_thread(struct request *req, struct reply *rep, struct thread_row *tp)
{
	const struct member	*m = req->member;
	struct thread_row	 t;
	int			 rc;

	rc = store_thread_get(req->store, req->num[0], m->id, &t);
	if (rc == STORE_NOTFOUND) {
		reply_missing(req, rep, 0, req->num[0]);
		return -1;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return -1;
	}
	if (t.author_id != m->id && t.held) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such discussion");
		return -1;
	}
	if (t.author_id != m->id) {
		reply_status(rep, GEMINI_CERT_NOT_AUTHORISED, "Only its author "
		    "can edit a discussion's opening post or title");
		return -1;
	}
	*tp = t;
	return handler_thread_row_open(rep, &t);
}

/*
 * /thread/ID/edit: the author corrects the opening post, by prompt or by
 * Titan upload; an upload that starts with "# Title" changes the title
 * too.  The page then says when it was edited.
 */
void
handle_thread_edit(struct request *req, struct reply *rep)
{
	struct thread_row	 t;
	char			*text, *nl, *title = NULL;

	if (own_thread(req, rep, &t) == -1)
		return;
	if (handler_edit_text(req, rep, "The new text of your opening post",
	    t.body, &text) == -1)
		return;
	if (request_can(req, CAN_UPLOAD) && strncmp(text, "# ", 2) == 0 &&
	    (nl = strchr(text, '\n')) != NULL &&
	    split_titled(rep, nl, &title, &text) != 0)
		return;
	if (handler_rate_limit(req, rep) == -1)
		return;
	if (reply_store_check(rep, store_thread_edit(req->store,
	    req->num[0], title, text, req->now)) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)req->num[0]);
}

/* /thread/ID/title: the author corrects the title. */
void
handle_thread_title(struct request *req, struct reply *rep)
{
	struct thread_row	 t;
	char			*title;

	if (own_thread(req, rep, &t) == -1)
		return;
	if (handler_title(req, rep, "The new title of your "
	    "discussion", &title) == -1)
		return;
	if (handler_rate_limit(req, rep) == -1)
		return;
	if (reply_store_check(rep, store_thread_edit(req->store,
	    req->num[0], title, NULL, req->now)) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)req->num[0]);
}
