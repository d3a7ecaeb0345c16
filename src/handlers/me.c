/*
 * me.c: a member's own page: name, devices, their discussions and
 * comments, and what they may do with them (rename, link a certificate,
 * edit or delete their comments).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store.h"
#include "ops/export.h"
#include "handlers/handlers.h"
#include "core/names.h"
#include "core/text.h"

#define ME_LIST_MAX	50	/* discussions or comments listed on /me */
#define EXCERPT_CHARS	60	/* of a comment on /me */

static int
me_thread(void *arg, const struct thread_row *t)
{
	struct request *req = arg;

	page_link(req->page, LINK_PAGE, arena_printf(&req->page->arena,
	    "/thread/%lld", (long long)t->id), "%s (%s)", t->title,
	    handler_date(req, t->created));
	return 0;
}

/* What /me lists its rows for: the request, and whom. */
struct me_ctx {
	struct request		*req;
	const struct member	*m;
};

static int
me_comment(void *arg, const struct comment_row *c)
{
	struct me_ctx	*mc = arg;
	struct request	*req = mc->req;
	struct page	*p = req->page;

	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/comment/%lld",
	    (long long)c->id), "%s: %s", handler_date(req, c->created),
	    handler_first_line(req, c->body, EXCERPT_CHARS * 4));
	if (mc->m->suspended)
		return 0;	/* edits and deletions would be refused */
	page_link(p, LINK_ACTION, arena_printf(&p->arena, "/comment/%lld/edit",
	    (long long)c->id), "Edit this comment");
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/comment/%lld/delete", (long long)c->id), "Delete this comment");
	return 0;
}

static int
me_invite(void *arg, const struct invite_row *r)
{
	struct me_ctx	*mc = arg;
	struct request	*req = mc->req;
	struct page	*p = req->page;

	page_item(p, "Invitation %lld, until %s", (long long)r->id,
	    handler_date(req, r->created + INVITE_TTL));
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/me/invite/%lld/revoke", (long long)r->id),
	    "Revoke invitation %lld", (long long)r->id);
	return 0;
}

/*
 * A guard: what the member's page (/member/ID) says of them, and the
 * ways to change it.  The directory is all they leave: the page stays.
 */
static int
me_profile(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	const struct member	*m = req->member;
	struct member_profile	 mp;

	if (reply_store_check(rep, store_member_profile(req->store, m->id,
	    &mp)) == -1)
		return -1;
	page_blank(p);
	page_link(p, LINK_PAGE, arena_printf(&p->arena, "/member/%lld",
	    (long long)m->id), "Your member page, as others see it");
	if (mp.about[0] != '\0')
		page_text(p, "About you: %s", mp.about);
	if (!m->suspended) {
		page_link(p, LINK_ACTION, "/me/about", "%s",
		    mp.about[0] != '\0' ? "Change what your page says about "
		    "you" : "Write about yourself for your member page");
		if (mp.about[0] != '\0')
			page_link(p, LINK_ACTION, "/me/about/clear",
			    "Clear what your page says about you");
	}
	if (mp.unlisted)
		page_link(p, LINK_ACTION, "/me/directory/return", "Come back "
		    "to the members' directory (you left it)");
	else
		page_link(p, LINK_ACTION, "/me/directory/leave", "Leave the "
		    "members' directory (your member page stays)");
	return 0;
}

void
handle_me(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	const struct member	*m = req->member;
	struct me_ctx		 mc = { req, m };
	struct viewer_counts	 vc;
	int			 rc;

	page_heading(p, 1, "%s", m->name);
	page_text(p, "Member since %s.%s", handler_date(req, m->joined),
	    m->role == ROLE_ADMIN ? " Admin." :
	    m->role == ROLE_MODERATOR ? " Moderator." : "");
	if (m->suspended)
		page_text(p, "Your membership is suspended: you can read, but "
		    "not post, rename yourself, invite anyone, or edit or "
		    "delete what you wrote. The moderators said: %s", m->reason);
	if (req->ident->expired)
		page_text(p, "The certificate you are using has expired. It "
		    "still works here, but your client may stop offering it: "
		    "make a new one and link it to your membership below.");
	if (me_profile(req, rep) == -1)
		return;
	page_blank(p);
	/* asked once: the footer shows them too */
	handler_viewer_counts(req, m, &vc);
	if (vc.fresh != NULL)
		page_link(p, LINK_ACTION, "/me/notifications",
		    "Your notifications (%s new)", vc.fresh);
	else
		page_link(p, LINK_ACTION, "/me/notifications",
		    "Your notifications");
	handler_mod_pending_link(req, &vc);
	/* a suspended member is offered only what they may still do */
	if (!m->suspended)
		page_link(p, LINK_ACTION, "/me/name", "Change your display "
		    "name");
	page_link(p, LINK_ACTION, "/me/link", "Link another certificate (a "
	    "second device, or a renewed certificate)");
	page_link(p, LINK_ACTION, "/me/certs", "Your certificates (unlink a "
	    "lost device's)");
	if (!m->suspended)
		page_link(p, LINK_ACTION, "/me/invite", "Invite someone (your "
		    "invitations)");
	page_link(p, LINK_ACTION, "/me/export", "Download everything you "
	    "wrote (gemtext)");
	if (m->role >= ROLE_MODERATOR && !m->suspended)
		page_link(p, LINK_ACTION, "/mod", "Moderation");
	if (m->role >= ROLE_ADMIN && !m->suspended)
		page_link(p, LINK_ACTION, "/admin", "Administration");
	page_blank(p);
	if ((rc = drafts_section(req, m->id)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	page_blank(p);
	page_heading(p, 2, "Your open invitations");
	rc = store_invites(req->store, m->id, 1, req->now, me_invite, &mc);
	if (rc == 0)
		page_text(p, "None.");
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	page_blank(p);
	page_heading(p, 2, "Your discussions");
	rc = store_threads_by_member(req->store, m->id, ME_LIST_MAX,
	    me_thread, req);
	if (rc == 0)
		page_text(p, "None yet.");
	if (rc >= 0) {
		page_blank(p);
		page_heading(p, 2, "Your comments");
		rc = store_comments_by_member(req->store, m->id, ME_LIST_MAX,
		    me_comment, &mc);
		if (rc == 0)
			page_text(p, "None yet.");
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return;
	}
	handler_footer_counts(req, &vc);
	reply_page(req, rep);
}

void
handle_me_name(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	const char		*why;
	char			 name[NAME_MAX_CHARS * 4 + 1], buf[256];
	int			 rc;

	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "Your new display name; now "
		    "%s. %s", m->name, NAME_RULE);
		return;
	}
	if ((why = store_name_vet(req->store, req->query, req->query_len,
	    m->id, buf, sizeof(buf))) != NULL) {
		reply_status(rep, GEMINI_INPUT, "%s Your new display name",
		    why);
		return;
	}
	snprintf(name, sizeof(name), "%s", req->query);
	if (handler_rate_limit(req, rep) == -1)
		return;
	rc = store_member_rename(req->store, m->id, name);
	if (rc == STORE_CONFLICT) {
		reply_status(rep, GEMINI_INPUT, "The name %s, or one that "
		    "looks like it, is taken. Your new display name", name);
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	reply_redirect(req, rep, "/me");
}

void
handle_me_link(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	const struct member	*m = req->member;
	char			 code[LINK_CODE_LEN + 1];
	int64_t			 expires;
	int			 rc;

	if (handler_rate_limit(req, rep) == -1)
		return;
	if ((rc = join_link_code(req, m->id, code, &expires)) != STORE_OK) {
		reply_store_error(rep, rc);
		return;
	}
	page_heading(p, 1, "Link another certificate");
	page_text(p, "Your one-time code:");
	page_pre(p, "linking code", code, strlen(code));
	page_text(p, "On the other device (or with the new certificate), "
	    "open the link below and enter this code. It works once, until "
	    "%s.", handler_datetime(req, expires));
	page_link(p, LINK_ACTION, "/link", "Enter a linking code");
	page_link(p, LINK_ACTION, "/me", "Back to your page");
	handler_footer(req);
	reply_page(req, rep);
}

/* A guard: 0 when the comment req->num[0] is this member's, in *c. */
static int
comment_of(struct request *req, struct reply *rep, struct comment_row *c)
{
	int rc;

	rc = store_comment_get(req->store, req->num[0], c);
	if (rc == STORE_NOTFOUND) {
		reply_missing(req, rep, 1, req->num[0]);
		return -1;
	}
	if (rc < 0) {
		reply_store_error(rep, rc);
		return -1;
	}
	if (c->author_id != req->member->id) {
		reply_status(rep, GEMINI_CERT_NOT_AUTHORISED, "Only its author "
		    "can change a comment");
		return -1;
	}
	if (c->deleted) {
		reply_status(rep, GEMINI_GONE, "This comment was deleted");
		return -1;
	}
	return 0;
}

void
handle_comment_edit(struct request *req, struct reply *rep)
{
	struct comment_row	 c;
	char			*text;

	if (comment_of(req, rep, &c) == -1 || handler_thread_open(req,
	    rep, c.thread_id) == -1)
		return;
	if (handler_edit_text(req, rep, "The new text of your comment",
	    c.body, &text) == -1)
		return;
	if (handler_rate_limit(req, rep) == -1)
		return;
	if (reply_store_check(rep, store_comment_edit(req->store,
	    req->num[0], text, req->now)) == -1)
		return;
	thread_comment_redirect(req, rep, c.thread_id, req->num[0]);
}

void
handle_comment_delete(struct request *req, struct reply *rep)
{
	struct comment_row	 c;

	if (comment_of(req, rep, &c) == -1)
		return;
	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "Delete this comment for good? "
		    "Type yes to delete it");
		return;
	}
	if (strcasecmp(req->query, "yes") == 0 &&
	    reply_store_check(rep, store_comment_delete(req->store,
	    req->num[0])) == -1)
		return;
	thread_comment_redirect(req, rep, c.thread_id, req->num[0]);
}

/* Certificates are shown by the start of their SHA-256 fingerprint. */
#define CERT_SHOWN_HEX	16

static int
me_cert(void *arg, const struct cert_row *r)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	if (strcmp(r->fingerprint, req->ident->fingerprint) == 0) {
		page_item(p, "%.*s…, linked %s: the one you are using now",
		    CERT_SHOWN_HEX, r->fingerprint, handler_date(req,
		    r->added));
		return 0;
	}
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/me/certs/%s/unlink", r->fingerprint), "Unlink %.*s…, linked %s",
	    CERT_SHOWN_HEX, r->fingerprint, handler_date(req, r->added));
	return 0;
}

/* /me/certs: the certificates that are this member, and unlinking. */
void
handle_me_certs(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	const struct member	*m = req->member;
	int			 rc;

	page_heading(p, 1, "Your certificates");
	page_text(p, "Each of these is you here. Unlink one you no longer "
	    "have (a lost or sold device): whoever holds it is then a "
	    "stranger. The one you are using now cannot be unlinked from "
	    "itself.");
	page_blank(p);
	if ((rc = store_certs(req->store, m->id, me_cert, req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	page_blank(p);
	page_link(p, LINK_ACTION, "/me/link", "Link another certificate");
	page_link(p, LINK_ACTION, "/me", "Back to your page");
	handler_footer(req);
	reply_page(req, rep);
}

void
handle_me_cert_unlink(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	const char		*fp = req->str[0];
	int			 rc;

	if (strcmp(fp, req->ident->fingerprint) == 0) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "That is the "
		    "certificate you are using; unlink it from another one");
		return;
	}
	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "Unlink certificate %.*s…? "
		    "Whoever holds it will no longer be you here. Type yes",
		    CERT_SHOWN_HEX, fp);
		return;
	}
	if (strcasecmp(req->query, "yes") != 0) {
		reply_redirect(req, rep, "/me/certs");
		return;
	}
	if (handler_rate_limit(req, rep) == -1)
		return;
	rc = store_cert_unlink(req->store, m->id, fp,
	    req->ident->fingerprint);
	if (rc == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_NOT_FOUND, "You have no such "
		    "certificate");
		return;
	}
	if (reply_store_check(rep, rc) == -1)
		return;
	reply_redirect(req, rep, "/me/certs");
}

/*
 * /me/export: everything this member wrote, as one gemtext document to
 * keep (their words are theirs, under the community's licence).
 */
void
handle_me_export(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*f;
	int			 rc;

	if ((f = open_memstream(&buf, &len)) == NULL) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	rc = export_member_gemtext(req->store, m->id, f);
	if (fclose(f) != 0 || rc != STORE_OK) {
		free(buf);
		reply_store_error(rep, rc != STORE_OK ? rc : STORE_ERROR);
		return;
	}
	reply_page(req, rep);
	rep->has_page = 0;
	rep->body = arena_strndup(&req->page->arena, buf, len);
	rep->body_len = len;
	free(buf);
}
