/*
 * join.c: becoming a member (a certificate and a chosen name), the
 * welcome page, and linking a further certificate with a one-time code.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/names.h"
#include "core/randcode.h"
#include "core/text.h"
#include "core/url.h"

#define JOIN_PROMPT	"Choose a display name. " NAME_RULE \
			" Posting here means agreeing to the terms at /terms."

static int	safe_code(const char *);

/* A continuation path we made ourselves: "/" and safe characters only. */
static int
safe_path(const char *s)
{
	return s != NULL && s[0] == '/' && s[1] != '/' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789/-") == strlen(s);
}

/*
 * /join, /join/PATH (PATH: where to carry on afterwards) and, when the
 * community joins by invitation, /invite/CODE.
 */
static void
join(struct request *req, struct reply *rep, const char *invite)
{
	const struct member	*m = req->member;
	const char		*why, *mode;
	char			 name[NAME_MAX_CHARS * 4 + 1], buf[256];
	char			 enc[GEMINI_URL_MAX + 1];
	int64_t			 id;

	if (m != NULL) {
		reply_redirect(req, rep, "/me");
		return;
	}
	mode = handler_setting(req, SETTING_JOIN_MODE);
	if (strcmp(mode, JOIN_INVITE) == 0 && invite == NULL) {
		if (req->query == NULL) {
			reply_status(rep, GEMINI_INPUT, "This community joins "
			    "by invitation: enter your invite code");
			return;
		}
		if (!safe_code(req->query) ||
		    store_invite_valid(req->store, req->query,
		    req->now) != 1) {
			reply_status(rep, GEMINI_INPUT, "That code is not a "
			    "valid invitation. Enter your invite code");
			return;
		}
		reply_redirect(req, rep, "/invite/%s", req->query);
		return;
	}
	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", JOIN_PROMPT);
		return;
	}
	if ((why = store_name_vet(req->store, req->query, req->query_len,
	    0, buf, sizeof(buf))) != NULL) {
		reply_status(rep, GEMINI_INPUT, "%s %s", why, JOIN_PROMPT);
		return;
	}
	/* certificates cost nothing: joining draws on the posting buckets */
	if (handler_rate_limit(req, rep) == -1)
		return;
	snprintf(name, sizeof(name), "%s", req->query);
	id = store_member_join(req->store, name, req->ident->fingerprint,
	    strcmp(mode, JOIN_APPROVAL) != 0,
	    atoll(handler_setting(req, SETTING_TERMS_VERSION)), invite,
	    req->now);
	if (id == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "That invitation "
		    "has been used up or revoked; ask for another");
		return;
	}
	if (id == STORE_CONFLICT) {
		/* vetted, but someone took a look-alike meanwhile */
		reply_status(rep, GEMINI_INPUT, "The name %s, or one that "
		    "looks like it, is taken. %s", name, JOIN_PROMPT);
		return;
	}
	if (reply_store_check(rep, id) == -1)
		return;
	if (safe_path(req->tail) &&
	    url_encode(req->tail, strlen(req->tail), enc, sizeof(enc), 0) > 0)
		reply_redirect(req, rep, "/welcome?%s", enc);
	else
		reply_redirect(req, rep, "/welcome");
}

void
handle_join(struct request *req, struct reply *rep)
{
	join(req, rep, NULL);
}

void
handle_invite(struct request *req, struct reply *rep)
{
	if (store_invite_valid(req->store, req->str[0], req->now) != 1) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such invitation, or it "
		    "has been used up, revoked or has expired");
		return;
	}
	/* the invitation is checked before a certificate is asked for */
	if (access_need(req, rep, NEED_CERT) == -1)
		return;
	join(req, rep, req->str[0]);
}

/* Invite codes are made by invite_new(): lower-case letters and digits. */
static int
safe_code(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= INVITE_CODE_LEN &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789") == n;
}

/*
 * /terms/accept and /terms/accept/PATH: the terms changed since this
 * member last posted; they accept once, then carry on.
 */
void
handle_terms_accept(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	const char		*saved;
	int64_t			 version;

	version = atoll(handler_setting(req, SETTING_TERMS_VERSION));
	/* only a kept draft detours by a page (access.c): say so */
	saved = req->tail != NULL && (strncmp(req->tail, "/thread/", 8) == 0 ||
	    strcmp(req->tail, "/me/drafts") == 0) ? "What you typed was "
	    "saved as a draft, offered back once you accept. " : "";
	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%sThe terms of use have "
		    "changed: read them at /terms. Type yes to accept them and "
		    "carry on", saved);
		return;
	}
	if (strcasecmp(req->query, "yes") != 0) {
		reply_status(rep, GEMINI_INPUT, "Type yes to accept the terms "
		    "at /terms (or leave this page)");
		return;
	}
	if (reply_store_check(rep, store_terms_accept(req->store, m->id,
	    version)) == -1)
		return;
	/* the tail is the link's, not ours: an action there asks first */
	if (safe_path(req->tail))
		reply_redirect_untokened(req, rep, req->tail);
	else
		reply_redirect(req, rep, "/me");
}

void
handle_welcome(struct request *req, struct reply *rep)
{
	struct page		*p = req->page;
	const struct member	*m = req->member;

	page_heading(p, 1, "Welcome, %s", m->name);
	page_text(p, "You are a member of %s. Your client certificate is "
	    "your key: keep it, and this site will know you.",
	    handler_setting(req, SETTING_NAME));
	page_blank(p);
	/* a page link: the query is the link's, an action there asks first */
	if (req->query != NULL && safe_path(req->query))
		page_link(p, LINK_PAGE, req->query, "Carry on where you were");
	page_link(p, LINK_PAGE, "/", "Read the latest discussions");
	page_link(p, LINK_ACTION, "/me", "Your page: your name, posts and "
	    "devices");
	handler_footer(req);
	reply_page(req, rep);
}

/* Codes are read out and typed: no 0/O, 1/I/L. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

void
handle_link(struct request *req, struct reply *rep)
{
	const struct member	*m = req->member;
	char			 code[LINK_CODE_LEN + 1];
	size_t			 i, n = 0;
	int64_t			 id;

	if (m != NULL) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "This certificate "
		    "already belongs to %s; open /link with the new one",
		    m->name);
		return;
	}
	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "Enter the code that /me/link "
		    "shows on the device where you are already a member");
		return;
	}
	/* guessing codes costs as much as posting */
	if (handler_rate_limit(req, rep) == -1)
		return;
	for (i = 0; i < req->query_len && n < LINK_CODE_LEN; i++) {
		char c = toupper((unsigned char)req->query[i]);

		if (c == ' ' || c == '-')
			continue;
		code[n++] = c;
	}
	code[n] = '\0';
	id = n == LINK_CODE_LEN ? store_link_code_use(req->store, code,
	    req->ident->fingerprint, req->now) : STORE_NOTFOUND;
	if (id == STORE_NOTFOUND) {
		reply_status(rep, GEMINI_INPUT, "That code is unknown or has "
		    "expired. Enter the code that /me/link shows");
		return;
	}
	if (reply_store_check(rep, id) == -1)
		return;
	reply_redirect(req, rep, "/me");
}

/* A fresh code for this member, shown once on /me/link. */
int
join_link_code(struct request *req, int64_t member_id, char *code,
    int64_t *expires)
{
	if (random_code(code, LINK_CODE_LEN, code_alphabet) == -1)
		return STORE_ERROR;
	*expires = req->now + LINK_CODE_TTL;
	return store_link_code_add(req->store, member_id, code, *expires);
}
