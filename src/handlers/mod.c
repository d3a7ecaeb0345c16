/*
 * mod.c: reports and moderation.  Members report (/report/...); the
 * moderators see open reports and held posts on /mod and act through
 * /mod/KIND/ID/VERB, each action asking for a reason and landing in the
 * audit log (/mod/log, public if the community says so).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/text.h"
#include "core/utf8.h"

#define MODLOG_PAGE	100	/* entries on /mod/log */
#define EXCERPT_MAX	200	/* bytes of what was reported */

/* What /mod/KIND/ID/VERB does. */
static const struct mod_verb {
	const char	*kind;
	const char	*verb;
	enum mod_action	 action;
	const char	*prompt;
} mod_verbs[] = {
	{ "comment", "hide", MOD_HIDE_COMMENT,
	    "Why hide this comment? (readers see the reason)" },
	{ "comment", "restore", MOD_RESTORE_COMMENT,
	    "Why restore this comment?" },
	{ "comment", "approve", MOD_APPROVE_COMMENT,
	    "Approve this comment: a note (its author is notified "
	    "with it; it goes in the log)" },
	{ "comment", "reject", MOD_REJECT_COMMENT,
	    "Why reject this comment?" },
	{ "thread", "lock", MOD_LOCK_THREAD, "Why lock this discussion?" },
	{ "thread", "unlock", MOD_UNLOCK_THREAD,
	    "Why unlock this discussion?" },
	{ "thread", "approve", MOD_APPROVE_THREAD,
	    "Approve this discussion: a note (its author is notified "
	    "with it; it goes in the log)" },
	{ "thread", "reject", MOD_REJECT_THREAD,
	    "Why reject this discussion?" },
	{ "thread", "hide", MOD_HIDE_THREAD,
	    "Why hide this opening post? (readers see the reason)" },
	{ "thread", "restore", MOD_RESTORE_THREAD,
	    "Why restore this opening post?" },
	{ "thread", "delete", MOD_DELETE_THREAD,
	    "Why delete this discussion and all its comments for good?" },
	{ "member", "suspend", MOD_SUSPEND_MEMBER,
	    "Why suspend this member? (they see the reason)" },
	{ "member", "restore", MOD_RESTORE_MEMBER,
	    "Why restore this member?" },
	{ "report", "resolve", MOD_RESOLVE_REPORT,
	    "How was this report resolved?" },
};

/*
 * The moderator's reason, into *reasonp: the prompt's answer, one clean
 * line.  A guard: -1 with the prompt (again) in rep.
 */
static int
mod_reason(struct request *req, struct reply *rep, const char *prompt,
    const char **reasonp)
{
	char		*r;
	size_t		 len;
	const char	*why;

	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", prompt_line(req, prompt,
		    MOD_REASON_MAX));
		return -1;
	}
	/* a longer reason is cut between two characters, not inside one */
	len = utf8_prefix(req->query, req->query_len, MOD_REASON_MAX);
	r = arena_strndup(&req->page->arena, req->query, len);
	if ((why = text_clean_title(r, &len)) != NULL) {
		reply_status(rep, GEMINI_INPUT, "A reason is one line of "
		    "text. %s", prompt_line(req, prompt, MOD_REASON_MAX));
		return -1;
	}
	*reasonp = r;
	return 0;
}

const char *
mod_member_refusal(const struct member *moderator,
    const struct member *target)
{
	if (moderator->id == target->id)
		return "Moderators do not act on themselves";
	if (target->role > moderator->role)
		return "Only an admin acts on an admin";
	return NULL;
}

/* Where to go after acting on KIND ID. */
static void
mod_done(struct request *req, struct reply *rep, const char *kind,
    enum mod_action a, int64_t id)
{
	struct comment_row c;

	if (strcmp(kind, "comment") == 0 && a != MOD_REJECT_COMMENT &&
	    store_comment_get(req->store, id, &c) == STORE_OK)
		thread_comment_redirect(req, rep, c.thread_id, id);
	else if (strcmp(kind, "thread") == 0 && a != MOD_DELETE_THREAD &&
	    a != MOD_REJECT_THREAD)
		reply_redirect(req, rep, "/thread/%lld", (long long)id);
	else if (strcmp(kind, "member") == 0)
		reply_redirect(req, rep, "/member/%lld", (long long)id);
	else
		reply_redirect(req, rep, "/mod");
}

static void
mod_apply(struct request *req, struct reply *rep, const struct member *m,
    struct mod_request *mr, const char *kind)
{
	int64_t rc;

	mr->moderator = m->id;
	mr->now = req->now;
	rc = store_moderate(req->store, mr);
	if (rc == STORE_NOTFOUND && (strcmp(kind, "thread") == 0 ||
	    strcmp(kind, "comment") == 0)) {
		/* 52 for a removed post; else it is said below why not */
		reply_missing(req, rep, strcmp(kind, "comment") == 0,
		    mr->target);
		if (rep->status != GEMINI_NOT_FOUND)
			return;
	}
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "Nothing to %s: no such "
		    "%s, or it is already so", mod_action_name(mr->action),
		    kind);
		return;
	}
	if (rc == STORE_CONFLICT) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "That would clash "
		    "with something that exists (a name or slug in use)");
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	mod_done(req, rep, kind, mr->action, mr->target);
}

/* A guard: the member req->num[0] exists and m may act on them. */
static int
mod_member_check(struct request *req, struct reply *rep)
{
	struct member	 target;
	const char	*why;
	int		 rc;

	rc = store_member_by_id(req->store, req->num[0], &target);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such member");
		return -1;
	}
	if (reply_store_check(rep, rc) == -1)
		return -1;
	if ((why = mod_member_refusal(req->member, &target)) != NULL) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "%s", why);
		return -1;
	}
	return 0;
}

/* /mod/comment/ID/VERB, /mod/thread/ID/VERB, /mod/member/ID/VERB... */
static void
mod_action(struct request *req, struct reply *rep, const char *kind)
{
	struct mod_request	 mr = { 0 };
	const struct member	*m = req->member;
	const struct mod_verb	*v = NULL;
	size_t			 i;

	for (i = 0; i < sizeof(mod_verbs) / sizeof(mod_verbs[0]); i++)
		if (strcmp(mod_verbs[i].kind, kind) == 0 &&
		    strcmp(mod_verbs[i].verb, req->str[0]) == 0)
			v = &mod_verbs[i];
	if (v == NULL) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such action");
		return;
	}
	if (strcmp(kind, "member") == 0 && mod_member_check(req, rep) == -1)
		return;
	mr.action = v->action;
	mr.target = req->num[0];
	if (mod_reason(req, rep, v->prompt, &mr.reason) == -1)
		return;
	mod_apply(req, rep, m, &mr, kind);
}

void
handle_mod_comment(struct request *req, struct reply *rep)
{
	mod_action(req, rep, "comment");
}

void
handle_mod_thread(struct request *req, struct reply *rep)
{
	mod_action(req, rep, "thread");
}

void
handle_mod_member(struct request *req, struct reply *rep)
{
	mod_action(req, rep, "member");
}

void
handle_mod_report(struct request *req, struct reply *rep)
{
	mod_action(req, rep, "report");
}

static int
move_target(void *arg, const struct space_row *s)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/mod/thread/%lld/move/%s", (long long)req->num[0], s->slug),
	    "%s", s->name);
	return 0;
}

/* /mod/thread/ID/move lists the spaces; /mod/thread/ID/move/SLUG moves. */
void
handle_mod_move(struct request *req, struct reply *rep)
{
	struct mod_request	 mr = { 0 };
	const struct member	*m = req->member;
	struct page		*p = req->page;
	struct space_row	 sp;
	int			 rc;

	if (req->str[0] == NULL) {
		page_heading(p, 1, "Move discussion %lld",
		    (long long)req->num[0]);
		page_text(p, "To which space?");
		if ((rc = store_spaces(req->store, move_target, req)) < 0) {
			reply_store_error(rep, rc);
			return;
		}
		handler_footer(req);
		reply_page(req, rep);
		return;
	}
	rc = store_space_get(req->store, req->str[0], &sp);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such space");
		return;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	mr.action = MOD_MOVE_THREAD;
	mr.target = req->num[0];
	mr.arg = sp.id;
	if (mod_reason(req, rep, "Why move this discussion?",
	    &mr.reason) == -1)
		return;
	mod_apply(req, rep, m, &mr, "thread");
}

/* /report/comment/ID and /report/thread/ID */
static void
report_already(struct request *req, struct reply *rep, int64_t thread)
{
	struct page	*p = req->page;

	page_heading(p, 1, "Reported already");
	page_text(p, "You reported this already; the moderators will look "
	    "at it. Nothing more was sent.");
	page_blank(p);
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/thread/%lld",
	    (long long)thread), "Back to the discussion");
	handler_footer(req);
	reply_page(req, rep);
}

static void
report(struct request *req, struct reply *rep, int is_comment)
{
	const struct member	*m = req->member;
	struct comment_row	 c;
	struct thread_row	 t;
	const char		*reason, *what;
	int64_t			 thread = req->num[0];
	int			 rc;

	if (is_comment) {
		rc = store_comment_get(req->store, req->num[0], &c);
		if (rc == STORE_NOTFOUND) {
			reply_missing(req, rep, 1, req->num[0]);
			return;
		}
		if (rc < 0) {
			reply_store_error(rep, rc);
			return;
		}
		thread = c.thread_id;
	}
	if (thread == 0) {
		reply_status(rep, GEMINI_NOT_FOUND, "Nothing to report there");
		return;
	}
	/*
	 * What the member may not read (a post waiting for a moderator,
	 * not theirs) is not there to report: the prompt, or the redirect
	 * to a held comment's discussion, would give it away.
	 */
	if (is_comment && c.held && c.author_id != m->id) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such comment");
		return;
	}
	rc = store_thread_get(req->store, thread, m->id, &t);
	if (rc == STORE_NOTFOUND) {
		reply_missing(req, rep, 0, thread);
		return;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (t.held && t.author_id != m->id && m->role < ROLE_MODERATOR) {
		reply_status(rep, GEMINI_NOT_FOUND, is_comment ?
		    "No such comment" : "No such discussion");
		return;
	}
	/* once is enough: a second report would only say it again */
	rc = store_report_open_by(req->store, m->id, thread,
	    is_comment ? req->num[0] : 0);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 1) {
		report_already(req, rep, thread);
		return;
	}
	/* named: a link to this prompt can come from anywhere (router.c) */
	what = is_comment ? arena_printf(&req->page->arena, "%s's comment in",
	    handler_first_line(req, c.author, PROMPT_NAME_MAX)) :
	    "the discussion";
	if (mod_reason(req, rep, arena_printf(&req->page->arena, "Reporting "
	    "%s \"%s\": what is wrong with it? (only the moderators see your "
	    "report)", what, handler_first_line(req, t.title,
	    PROMPT_NAME_MAX)), &reason) == -1)
		return;
	if (handler_rate_limit(req, rep) == -1)
		return;
	rc = store_report_add(req->store, m->id, thread,
	    is_comment ? req->num[0] : 0, reason, req->now);
	if (rc == STORE_CONFLICT) {
		reply_missing(req, rep, 0, thread);
		return;
	}
	if (rc == STORE_REPORTED) {	/* a second request raced this one */
		report_already(req, rep, thread);
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	reply_redirect(req, rep, "/thread/%lld", (long long)thread);
}

void
handle_report_comment(struct request *req, struct reply *rep)
{
	report(req, rep, 1);
}

void
handle_report_thread(struct request *req, struct reply *rep)
{
	report(req, rep, 0);
}

static int
mod_report_item(void *arg, const struct report_row *r)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_blank(p);
	page_heading(p, 3, "Report %lld, %s", (long long)r->id,
	    handler_datetime(req, r->created));
	page_text(p, "%s reported %s by %s in \"%s\": %s", r->reporter,
	    r->comment_id ? "a comment" : "the discussion", r->author,
	    r->title, r->reason);
	page_quote_line(p, handler_first_line(req, r->excerpt, EXCERPT_MAX));
	/* a comment's permalink: the page of the discussion that holds it */
	page_link(p, LINK_PAGE, r->comment_id ? arena_printf(&p->arena,
	    "/comment/%lld", (long long)r->comment_id) :
	    arena_printf(&p->arena, "/thread/%lld", (long long)r->thread_id),
	    "Read it in context");
	if (r->comment_id)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/mod/comment/%lld/hide", (long long)r->comment_id),
		    "Hide the comment");
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/mod/thread/%lld/lock", (long long)r->thread_id),
	    "Lock the discussion");
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/mod/member/%lld/suspend", (long long)r->author_id),
	    "Suspend %s", r->author);
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/mod/report/%lld/resolve", (long long)r->id),
	    "Resolve this report");
	return 0;
}

static int
mod_held_item(void *arg, const struct report_row *r)
{
	struct request	*req = arg;
	struct page	*p = req->page;
	const char	*kind = r->comment_id ? "comment" : "thread";

	page_blank(p);
	page_heading(p, 3, "%s by %s, %s", r->comment_id ? "A comment" :
	    "A new discussion", r->author, handler_datetime(req, r->created));
	page_text(p, "In \"%s\":", r->title);
	page_quote_line(p, handler_first_line(req, r->excerpt, EXCERPT_MAX));
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/thread/%lld",
	    (long long)r->thread_id), "Read it in context");
	page_link(p, LINK_ACTION, arena_printf(&p->arena, "/mod/%s/%lld/approve",
	    kind, (long long)r->id), "Approve");
	page_link(p, LINK_ACTION, arena_printf(&p->arena, "/mod/%s/%lld/reject",
	    kind, (long long)r->id), "Reject");
	return 0;
}

void
handle_mod(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	struct page		*p = req->page;
	int			 rc;

	page_heading(p, 1, "Moderation");
	page_link(p, LINK_ACTION, "/mod/log", "The moderation log");
	page_link(p, LINK_ACTION, "/mod/invite", "Make an invitation");
	page_link(p, LINK_ACTION, "/mod/suspended", "Suspended members");
	if (m->role >= ROLE_ADMIN)
		page_link(p, LINK_ACTION, "/admin", "Administration");
	page_blank(p);
	page_heading(p, 2, "Open reports");
	if ((rc = store_reports_open(req->store, mod_report_item, req)) < 0)
		goto fail;
	if (rc == 0)
		page_text(p, "None: all is well.");
	page_blank(p);
	page_heading(p, 2, "Waiting for approval");
	if ((rc = store_held(req->store, mod_held_item, req)) < 0)
		goto fail;
	if (rc == 0)
		page_text(p, "Nothing is waiting.");
	handler_footer(req);
	reply_page(req, rep);
	return;
fail:
	reply_store_error(rep, rc);
}

struct log_ctx {
	struct request	*req;
	int		 names;		/* the moderators' names */
	int		 members;	/* the names of members acted on */
};

/* What an action does to its kind of target, in words: "hid" a comment. */
static const struct {
	const char	*kind, *action, *words;
} log_words[] = {
	{ "comment", "hide", "hid a comment in" },
	{ "comment", "restore", "restored a comment in" },
	{ "comment", "approve", "approved a comment in" },
	{ "comment", "reject", "did not approve a comment in" },
	{ "thread", "lock", "locked" },
	{ "thread", "unlock", "unlocked" },
	{ "thread", "move", "moved" },
	{ "thread", "delete", "deleted" },
	{ "thread", "approve", "approved" },
	{ "thread", "reject", "did not approve" },
	{ "thread", "hide", "hid the opening post of" },
	{ "thread", "restore", "restored the opening post of" },
	{ "thread", "retitle", "changed the title of" },
	{ "member", "suspend", "suspended" },
	{ "member", "restore", "restored" },
	{ "member", "role", "changed the role of" },
	{ "member", "rename", "renamed" },
	{ "member", "unlink", "unlinked a certificate from" },
	{ "report", "resolve", "resolved a report on" },
	{ "space", "add", "added the space" },
	{ "space", "rename", "renamed the space" },
	{ "space", "describe", "described the space" },
	{ "space", "archive", "archived the space" },
	{ "space", "unarchive", "reopened the space" },
	{ "space", "order", "moved in the list the space" },
	{ "invitation", "invite", "made an invitation" },
	{ "invitation", "use", "joined with an invitation:" },
	{ "invitation", "revoke", "revoked an invitation" },
	{ "setting", "set", "changed the setting" },
};

/*
 * One entry in words: who, what, where ("Maud moved "Licence question"
 * to Course design"), linked to where it happened when that is still
 * there; what is gone since is told by its number.
 */
static int
mod_log_item(void *arg, const struct modlog_row *l)
{
	struct log_ctx	*lc = arg;
	struct request	*req = lc->req;
	struct page	*p = req->page;
	struct arena	*a = &p->arena;
	const char	*who, *words = NULL, *what, *rest, *link = NULL;
	char		 kind[16];
	size_t		 i, klen;

	klen = strcspn(l->target, " ");
	snprintf(kind, sizeof(kind), "%.*s", (int)klen, l->target);
	rest = l->target + klen + (l->target[klen] == ' ');
	for (i = 0; i < sizeof(log_words) / sizeof(log_words[0]); i++)
		if (strcmp(log_words[i].kind, kind) == 0 &&
		    strcmp(log_words[i].action, l->action) == 0)
			words = log_words[i].words;
	if (!lc->names)
		who = "A moderator";
	else if (l->moderator == NULL)
		who = "The operator";
	else
		who = l->moderator;

	if (l->title != NULL && l->thread_id > 0) {
		what = arena_printf(a, "\"%s\"", l->title);
		link = l->comment_id > 0 ? arena_printf(a, "/comment/%lld",
		    (long long)l->comment_id) : arena_printf(a,
		    "/thread/%lld", (long long)l->thread_id);
	} else if (strcmp(kind, "thread") == 0 && l->was_title != NULL)
		what = arena_printf(a, "\"%s\" (no longer there)",
		    l->was_title);
	else if (strcmp(kind, "thread") == 0)
		what = arena_printf(a, "discussion %lld (no longer there)",
		    (long long)atoll(rest));
	else if ((strcmp(kind, "comment") == 0 ||
	    strcmp(kind, "report") == 0) && l->was_title != NULL)
		what = arena_printf(a, "in \"%s\" (no longer there)",
		    l->was_title);
	else if (strcmp(kind, "comment") == 0 || strcmp(kind, "report") == 0)
		what = arena_printf(a, "a discussion no longer there");
	else if (strcmp(kind, "member") == 0) {
		const char *to = strstr(rest, " to ");
		/*
		 * Who was suspended or renamed is for the moderators: a
		 * public log says "a member"; and a role names a moderator,
		 * so only where their names show.
		 */
		const char *whom = lc->members && l->name != NULL ? l->name :
		    "a member";

		what = to == NULL ? whom : lc->names ? arena_printf(a,
		    "%s to %s", whom, to + 4) : arena_printf(a,
		    "a member to %s", to + 4);
	} else if (l->name != NULL) {
		what = l->name;
		if (l->slug != NULL)
			link = arena_printf(a, "/space/%s", l->slug);
	} else if (strcmp(kind, "setting") == 0)
		what = rest;
	else if (strcmp(kind, "invitation") == 0)
		what = "";
	else
		what = arena_printf(a, "%s %s", kind, rest);
	if (l->dest != NULL)
		what = arena_printf(a, "%s to %s", what, l->dest);
	if (words == NULL)	/* an action this version does not know */
		words = l->action;

	what = arena_printf(a, "%s: %s %s%s%s: %s", handler_datetime(req,
	    l->created), who, words, *what != '\0' ? " " : "", what,
	    l->reason);
	/* the sentence whole (a Gopher menu cuts link labels), then where */
	page_item(p, "%s", what);
	if (link != NULL)
		page_link(p, LINK_PAGE, link, "%s", l->comment_id > 0 ?
		    "The comment" : l->slug != NULL ? "The space" :
		    "The discussion");
	return 0;
}

/* Moderators always; everyone when the community makes the log public. */
void
handle_mod_log(struct request *req, struct reply *rep)
{
	struct log_ctx		 lc = { .req = req };
	const struct member	*m = access_viewer(req);
	struct page		*p = req->page;
	int			 rc, is_mod;

	is_mod = m != NULL && m->role >= ROLE_MODERATOR;
	if (!is_mod && atoi(handler_setting(req, SETTING_MODLOG_PUBLIC)) != 1) {
		/* the moderators' log: their need answers (60, 61, ...) */
		if (access_need(req, rep, NEED_MODERATOR) == -1)
			return;
		is_mod = 1;
	}
	lc.members = is_mod;
	lc.names = is_mod || atoi(handler_setting(req,
	    SETTING_MODLOG_NAMES)) == 1;
	page_heading(p, 1, "Moderation log");
	page_text(p, "Every action the moderators take, newest first, with "
	    "their reason.");
	page_blank(p);
	if ((rc = store_modlog(req->store, MODLOG_PAGE, mod_log_item,
	    &lc)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "Nothing yet.");
	handler_footer(req);
	reply_page(req, rep);
}

static const char hexdigits[] = "0123456789abcdef";

/*
 * /mod/thread/ID/retitle asks for the new title, then
 * /mod/thread/ID/retitle/HEX (the title in hex, which no path
 * normalising can touch) asks why; title and reason go to the log.
 */
void
handle_mod_retitle(struct request *req, struct reply *rep)
{
	struct mod_request	 mr = { 0 };
	const struct member	*m = req->member;
	const char		*why, *hex, *a, *b;
	char			*title, *enc;
	size_t			 len, i;

	if (req->tail == NULL || strcmp(req->tail, "/") == 0) {
		if (handler_title(req, rep, "The discussion's new "
		    "title", &title) == -1)
			return;
		len = strlen(title);
		enc = arena_alloc(&req->page->arena, len * 2 + 1);
		for (i = 0; i < len; i++) {
			enc[i * 2] = hexdigits[(unsigned char)title[i] >> 4];
			enc[i * 2 + 1] = hexdigits[(unsigned char)title[i] &
			    0xf];
		}
		enc[len * 2] = '\0';
		reply_redirect(req, rep, "/mod/thread/%lld/retitle/%s",
		    (long long)req->num[0], enc);
		return;
	}
	hex = req->tail + 1;
	len = strlen(hex);
	if (len == 0 || len % 2 != 0 || strspn(hex, hexdigits) != len) {
		reply_status(rep, GEMINI_BAD_REQUEST, "Start again from "
		    "/mod/thread/%lld/retitle", (long long)req->num[0]);
		return;
	}
	title = arena_alloc(&req->page->arena, len / 2 + 1);
	for (i = 0; i < len / 2; i++) {
		a = strchr(hexdigits, hex[i * 2]);
		b = strchr(hexdigits, hex[i * 2 + 1]);
		title[i] = (char)((a - hexdigits) << 4 | (b - hexdigits));
	}
	title[len / 2] = '\0';
	len /= 2;
	if (memchr(title, '\0', len) != NULL ||
	    (why = text_clean_title(title, &len)) != NULL) {
		reply_status(rep, GEMINI_BAD_REQUEST, "Not a title: start "
		    "again from /mod/thread/%lld/retitle",
		    (long long)req->num[0]);
		return;
	}
	mr.action = MOD_RETITLE_THREAD;
	mr.target = req->num[0];
	mr.text = title;
	/* the title came in the link, which anyone can write: say it */
	if (mod_reason(req, rep, arena_printf(&req->page->arena,
	    "New title: \"%s\". Why change the title to this? (the log "
	    "says)", title), &mr.reason) == -1)
		return;
	mod_apply(req, rep, m, &mr, "thread");
}
