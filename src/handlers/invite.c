/*
 * invite.c: making, showing and revoking invitations.  Invitations are
 * scarce: in invite-only mode they are how anyone gets in, so a member
 * holds at most invite_open of them at a time and makes at most
 * invite_month in INVITE_QUOTA_WINDOW (settings); moderators and admins
 * have no quota.  Loading /me/invite shows what the member holds; only
 * /me/invite/new makes one.  Every invitation made, revoked or used is in
 * the moderation log, by its number, never its code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/randcode.h"

#define INVITE_USES_MAX	1000	/* of one moderator's invitation */
#define INVITE_USES_DIGITS	4	/* as many as INVITE_USES_MAX has */
#define INVITE_REVOKED	"revoked by its maker"	/* the log's reason */

static const char invite_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

/* A new code into code[INVITE_CODE_LEN + 1]; -1 without randomness. */
static int
invite_code(char *code)
{
	return random_code(code, INVITE_CODE_LEN, invite_alphabet);
}

/* The address that lets someone in with an invitation. */
static void
invite_show(struct request *req, const struct invite_row *r)
{
	struct page	*p = req->page;
	const char	*url = arena_printf(&p->arena, "%s/invite/%s",
	    req->site->gemini_base, r->code);

	page_text(p, "Invitation %lld: lets %d more %s join, until %s.",
	    (long long)r->id, r->uses_left, handler_plural(r->uses_left,
	    "person", "people"), handler_date(req, r->created + INVITE_TTL));
	page_pre(p, "invitation", url, strlen(url));
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/me/invite/%lld/revoke", (long long)r->id),
	    "Revoke invitation %lld", (long long)r->id);
}

static int
invite_held(void *arg, const struct invite_row *r)
{
	invite_show(arg, r);
	page_blank(((struct request *)arg)->page);
	return 0;
}

/* The member's quota: -1 (none) for moderators and admins. */
static void
invite_quota(struct request *req, const struct member *m, int *open_max,
    int *month_max)
{
	if (m->role >= ROLE_MODERATOR) {
		*open_max = *month_max = -1;
		return;
	}
	*open_max = handler_setting_number(req, SETTING_INVITE_OPEN);
	*month_max = handler_setting_number(req, SETTING_INVITE_MONTH);
}

/*
 * Why this member may not make an invitation now, or NULL.  rc: a store
 * error, else 0.
 */
static const char *
invite_refusal(struct request *req, const struct member *m, int *rc)
{
	int	open_max, month_max, open = 0, month = 0;

	*rc = 0;
	invite_quota(req, m, &open_max, &month_max);
	if (open_max < 0)
		return NULL;
	if (open_max == 0 || month_max == 0)
		return "This community does not let members invite people; "
		    "ask a moderator";
	if ((*rc = store_invite_counts(req->store, m->id, req->now, &open,
	    &month)) < 0)
		return "";
	if (open >= open_max)
		return arena_printf(&req->page->arena, "You hold %d open %s, "
		    "as many as a member may at a time: revoke one, or wait "
		    "until it is used or expires", open, handler_plural(open,
		    "invitation", "invitations"));
	if (month >= month_max)
		return arena_printf(&req->page->arena, "You have made %d "
		    "invitations in the last 30 days, as many as a member may",
		    month);
	return NULL;
}

/* /me/invite: the member's open invitations, and how to make one. */
void
handle_me_invite(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	const struct member	*m = req->member;
	const char		*why;
	int			 rc, n, open_max, month_max;

	page_heading(p, 1, "Your invitations");
	if ((n = store_invites(req->store, m->id, 1, req->now, invite_held,
	    req)) < 0) {
		reply_store_error(rep, n);
		return;
	}
	if (n == 0)
		page_text(p, "You hold no open invitation.");
	why = invite_refusal(req, m, &rc);
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	invite_quota(req, m, &open_max, &month_max);
	if (open_max >= 0)
		page_text(p, "A member may hold %d open %s at a time and make "
		    "%d in 30 days. Each lets one person join, within 30 days.",
		    open_max, handler_plural(open_max, "invitation",
		    "invitations"), month_max);
	if (why != NULL)
		page_text(p, "%s.", why);
	else
		page_link(p, LINK_ACTION, "/me/invite/new", "Make a new "
		    "invitation");
	page_link(p, LINK_ACTION, "/me", "Back to your page");
	handler_footer(req);
	reply_page(req, rep);
}

/* /me/invite/new: make one, within the quota; then show them all. */
void
handle_me_invite_new(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	char			 code[INVITE_CODE_LEN + 1];
	const char		*why;
	int64_t			 id;
	int			 rc, open_max, month_max;

	if ((why = invite_refusal(req, m, &rc)) != NULL) {
		if (rc < 0)
			reply_store_error(rep, rc);
		else
			reply_status(rep, GEMINI_PERMANENT_FAILURE, "%s", why);
		return;
	}
	if (handler_rate_limit(req, rep) == -1)
		return;
	if (invite_code(code) == -1) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "No randomness");
		return;
	}
	invite_quota(req, m, &open_max, &month_max);
	id = store_invite_add(req->store, m->id, code, 1, req->now,
	    open_max, month_max);
	if (id == STORE_CONFLICT) {
		/* another request took the last of the quota meanwhile */
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "You cannot make "
		    "another invitation now: see /me/invite");
		return;
	}
	if (reply_store_check(rep, id) == -1)
		return;
	reply_redirect(req, rep, "/me/invite");
}

/* /me/invite/ID/revoke: the member withdraws one of theirs. */
void
handle_me_invite_revoke(struct request *req, struct reply *rep)
{
	struct mod_request	 mr = { .action = MOD_REVOKE_INVITE };
	const struct member	*m = req->member;
	int64_t			 rc;

	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "Revoke invitation %lld? "
		    "Nobody will be able to join with it. Type yes",
		    (long long)req->num[0]);
		return;
	}
	if (strcasecmp(req->query, "yes") != 0) {
		reply_redirect(req, rep, "/me/invite");
		return;
	}
	mr.moderator = m->id;
	mr.target = req->num[0];
	mr.arg = m->id;		/* only one's own */
	mr.reason = INVITE_REVOKED;
	mr.now = req->now;
	rc = store_moderate(req->store, &mr);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "You hold no such open "
		    "invitation");
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	reply_redirect(req, rep, "/me/invite");
}

/*
 * /mod/invite: moderators make an invitation for as many people as they
 * say (asked each time: the prompt is the explicit step), without quota.
 */
void
handle_invite_new(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	struct page		*p = req->page;
	struct invite_row	 r = { 0 };
	char			 code[INVITE_CODE_LEN + 1];
	int			 uses;
	int64_t			 id;

	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "How many people may join "
		    "with this invitation? (1 to %d)", INVITE_USES_MAX);
		return;
	}
	/* atoi() of "4294967297" would be 1 (or anything) on LP64 */
	uses = req->query_len <= INVITE_USES_DIGITS ? atoi(req->query) : 0;
	if (uses < 1 || uses > INVITE_USES_MAX ||
	    strspn(req->query, "0123456789") != req->query_len) {
		reply_status(rep, GEMINI_INPUT, "A number from 1 to %d, "
		    "please", INVITE_USES_MAX);
		return;
	}
	if (handler_rate_limit(req, rep) == -1)
		return;
	if (invite_code(code) == -1) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "No randomness");
		return;
	}
	id = store_invite_add(req->store, m->id, code, uses, req->now, -1,
	    -1);
	if (reply_store_check(rep, id) == -1)
		return;
	r.id = id;
	r.code = code;
	r.uses_left = uses;
	r.created = req->now;
	page_heading(p, 1, "An invitation");
	page_text(p, "Send this address to the people you invite. It is "
	    "also listed on /me/invite, where you can revoke it.");
	invite_show(req, &r);
	page_link(p, LINK_ACTION, "/me/invite", "Your invitations");
	handler_footer(req);
	reply_page(req, rep);
}
