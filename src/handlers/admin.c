/*
 * admin.c: running the community: its settings, its spaces, who
 * moderates.  Admins only; every change goes through store_moderate()
 * and so into the audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "handlers/handlers.h"
#include "core/settings.h"
#include "core/slug.h"
#include "core/text.h"
#include "core/utf8.h"

#define ADMIN_REASON	"changed on /admin"
#define SETTING_SHOWN	60	/* characters of a value shown on /admin */

/*
 * A setting's question on /admin: its prompt from settings.c, with the
 * range of a number.
 */
static const char *
admin_prompt(struct request *req, const struct setting *s)
{
	if (s->kind == SET_NUMBER)
		return arena_printf(&req->page->arena, "%s (%ld to %ld)",
		    s->prompt, s->min, s->max);
	return s->prompt;
}

static int
admin_space_line(void *arg, const struct space_row *s)
{
	struct request	*req = arg;
	struct page	*p = req->page;
	static const char *const verbs[][2] = {
		{ "rename", "rename" }, { "describe", "describe" },
		{ "order", "move up or down" }, { "archive", "archive" },
	};
	size_t		 i;

	page_heading(p, 3, "%s (/space/%s)", s->name, s->slug);
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/admin/space/%s/%s", s->slug, verbs[i][0]), "%s %s",
		    verbs[i][1], s->name);
	return 0;
}

/* An archived space: read-only until an admin reopens it. */
static int
admin_archived_line(void *arg, const struct space_row *s)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_heading(p, 3, "%s (/space/%s)", s->name, s->slug);
	page_link(p, LINK_ACTION, arena_printf(&p->arena,
	    "/admin/space/%s/unarchive", s->slug), "reopen %s (unarchive)",
	    s->name);
	return 0;
}

void
handle_admin(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	const char	*v;
	size_t		 i;
	int		 rc;

	page_heading(p, 1, "Administration");
	page_link(p, LINK_ACTION, "/mod", "Moderation");
	page_link(p, LINK_ACTION, "/admin/members", "Members and roles");
	page_blank(p);
	page_heading(p, 2, "Settings");
	for (i = 0; i < settings_count; i++) {
		if (settings_table[i].kind == SET_READONLY)
			continue;
		v = handler_setting(req, settings_table[i].key);
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/admin/setting/%s", settings_table[i].key), "%s: %s",
		    settings_table[i].key, handler_first_line(req, v,
		    SETTING_SHOWN));
	}
	page_blank(p);
	page_heading(p, 2, "Spaces");
	page_link(p, LINK_ACTION, "/admin/space/new", "Add a space");
	if ((rc = store_spaces(req->store, admin_space_line, req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	page_blank(p);
	page_heading(p, 2, "Archived spaces");
	if ((rc = store_spaces_archived(req->store, admin_archived_line,
	    req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	if (rc == 0)
		page_text(p, "None.");
	handler_footer(req);
	reply_page(req, rep);
}

static int
admin_member_line(void *arg, const struct member *mm)
{
	struct request	*req = arg;
	struct page	*p = req->page;

	page_heading(p, 3, "%s (%s)%s", mm->name, mm->role == ROLE_ADMIN ?
	    "admin" : mm->role == ROLE_MODERATOR ? "moderator" : "member",
	    mm->suspended ? ", suspended" : "");
	/* a change of one's own role is refused: offer none */
	if (mm->id == req->member->id) {
		page_text(p, "That is you: another admin can change your "
		    "role (or the operator, with mootctl).");
		return 0;
	}
	if (mm->role != ROLE_MODERATOR)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/admin/member/%lld/role/moderator", (long long)mm->id),
		    "Make %s a moderator", mm->name);
	if (mm->role != ROLE_MEMBER)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/admin/member/%lld/role/member", (long long)mm->id),
		    "Make %s a member only", mm->name);
	if (mm->role != ROLE_ADMIN)
		page_link(p, LINK_ACTION, arena_printf(&p->arena,
		    "/admin/member/%lld/role/admin", (long long)mm->id),
		    "Make %s an admin", mm->name);
	return 0;
}

void
handle_admin_members(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	int		 rc;

	page_heading(p, 1, "Members and roles");
	if ((rc = store_members(req->store, admin_member_line, req)) < 0) {
		reply_store_error(rep, rc);
		return;
	}
	handler_footer(req);
	reply_page(req, rep);
}

static void
admin_apply(struct request *req, struct reply *rep, struct mod_request *mr,
    const struct member *m, const char *back)
{
	int64_t rc;

	mr->moderator = m->id;
	mr->now = req->now;
	rc = store_moderate(req->store, mr);
	if (rc == STORE_NOTFOUND)
		reply_status(rep, GEMINI_NOT_FOUND, "Nothing to change: it is "
		    "already so, or it is not there");
	else if (rc == STORE_CONFLICT)
		reply_status(rep, GEMINI_INPUT, "That name is in use; try "
		    "another");
	else if (reply_store_check(rep, rc) == 0)
		reply_redirect(req, rep, "%s", back);
}

/*
 * The answer to a one-line setting's prompt, cleaned as posts are; NULL
 * with *why (NULL: no answer yet) when there is none to take.
 */
static char *
admin_line(struct request *req, const char **why)
{
	char	*value;
	size_t	 len = req->query_len;

	*why = NULL;
	if (req->query == NULL)
		return NULL;
	value = arena_strndup(&req->page->arena, req->query, len);
	if (memchr(req->query, '\0', len) != NULL)
		*why = "The text holds a NUL byte.";
	else
		*why = text_clean_post(value, &len,
		    req->site->titan_max);
	return *why == NULL ? value : NULL;
}

void
handle_admin_setting(struct request *req, struct reply *rep)
{
	struct mod_request	 mr = { 0 };
	const struct member	*m = req->member;
	const struct setting	*s;
	const char		*why, *prompt;
	char			*value;

	if ((s = setting_find(req->str[0])) == NULL ||
	    s->kind == SET_READONLY) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such setting");
		return;
	}
	prompt = admin_prompt(req, s);
	/* long texts (about, terms) may come up by Titan; one line never */
	if (s->kind != SET_TEXT && !request_can(req, CAN_UPLOAD)) {
		if (s->kind == SET_LINE)
			prompt = prompt_line(req, prompt, SETTING_LINE_MAX);
		if ((value = admin_line(req, &why)) == NULL) {
			reply_status(rep, GEMINI_INPUT, "%s%s%s", why ? why : "",
			    why ? " " : "", prompt);
			return;
		}
	} else if (handler_post_text(req, rep, prompt, &value) == -1)
		return;
	if ((why = setting_check(s, value)) != NULL) {
		reply_status(rep, request_can(req, CAN_UPLOAD) ?
		    GEMINI_BAD_REQUEST : GEMINI_INPUT, "Not accepted: %s. %s",
		    why, prompt);
		return;
	}
	mr.action = MOD_SET_SETTING;
	mr.text = s->key;
	mr.text2 = value;
	mr.reason = ADMIN_REASON;
	/* in force now; then the admin may say why, for the log */
	admin_apply(req, rep, &mr, m, arena_printf(&req->page->arena,
	    "/admin/setting/%s/why", s->key));
}

/* Typed for "no reason" at the reason's prompt (or nothing at all). */
#define NO_REASON	"-"

/*
 * /admin/setting/KEY/why: the admin's reason for the change just made,
 * into its log entry (which says ADMIN_REASON until then).  An empty
 * answer (or "-") leaves it so.
 */
void
handle_admin_setting_why(struct request *req, struct reply *rep)
{
	const char	*prompt = "Why this change? (shown in the moderation "
			    "log; leave it empty or type - for no reason)";
	char		*r, target[128];
	size_t		 len;
	int		 rc;

	if (setting_find(req->str[0]) == NULL) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such setting");
		return;
	}
	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", prompt_line(req, prompt,
		    MOD_REASON_MAX));
		return;
	}
	len = utf8_prefix(req->query, req->query_len, MOD_REASON_MAX);
	r = arena_strndup(&req->page->arena, req->query, len);
	if (len > 0 && strcmp(r, NO_REASON) != 0) {
		if (text_clean_title(r, &len) != NULL) {
			reply_status(rep, GEMINI_INPUT, "A reason is one line "
			    "of text. %s", prompt_line(req, prompt,
			    MOD_REASON_MAX));
			return;
		}
		snprintf(target, sizeof(target), "setting %s", req->str[0]);
		rc = store_modlog_reason(req->store, req->member->id, target,
		    ADMIN_REASON, r);
		if (rc != STORE_NOTFOUND && reply_store_check(rep, rc) == -1)
			return;
	}
	reply_redirect(req, rep, "/admin");
}

void
handle_admin_space_new(struct request *req, struct reply *rep)
{
	struct mod_request	 mr = { 0 };
	const struct member	*m = req->member;
	char			*slug, *name;
	size_t			 slen, nlen;

	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", prompt_line(req,
		    "The new space: its address (" SLUG_RULE "), a space, "
		    "then its name", SLUG_MAX + 1 + TITLE_MAX_CHARS));
		return;
	}
	slug = arena_strndup(&req->page->arena, req->query, req->query_len);
	slen = strcspn(slug, " ");
	name = slug + slen;
	while (*name == ' ')
		*name++ = '\0';
	slug[slen] = '\0';
	nlen = strlen(name);
	if (!slug_ok(slug, slen) || text_clean_title(name, &nlen) != NULL) {
		reply_status(rep, GEMINI_INPUT, "Give an address of " SLUG_RULE
		    ", a space, then a name of one line, e.g. "
		    "\"peer-support Peer support\"");
		return;
	}
	mr.action = MOD_ADD_SPACE;
	mr.text = slug;
	mr.text2 = name;
	mr.reason = ADMIN_REASON;
	admin_apply(req, rep, &mr, m, "/admin");
}

/* /admin/space/SLUG/VERB */
void
handle_admin_space(struct request *req, struct reply *rep)
{
	static const struct {
		const char	*verb;
		enum mod_action	 action;
		const char	*prompt;
		int		 is_reason;
	} verbs[] = {
		{ "rename", MOD_RENAME_SPACE, "The space's new name", 0 },
		{ "describe", MOD_DESCRIBE_SPACE, "The space's description "
		    "(one or two sentences)", 0 },
		{ "order", MOD_ORDER_SPACE, "Its place in the list (a number; "
		    "lower comes first)", 0 },
		{ "archive", MOD_ARCHIVE_SPACE, "Why archive this space? (it "
		    "stays readable but takes no new posts)", 1 },
		{ "unarchive", MOD_UNARCHIVE_SPACE, "Why open this space "
		    "again?", 1 },
	};
	struct mod_request	 mr = { 0 };
	const struct member	*m = req->member;
	struct space_row	 sp;
	char			*value;
	size_t			 i, len;
	int			 rc;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verbs[i].verb, req->str[1]) == 0)
			break;
	if (i == sizeof(verbs) / sizeof(verbs[0])) {
		reply_status(rep, GEMINI_NOT_FOUND, "No such action");
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
	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", verbs[i].action ==
		    MOD_ORDER_SPACE ? verbs[i].prompt : prompt_line(req,
		    verbs[i].prompt, TITLE_MAX_CHARS));
		return;
	}
	len = req->query_len;
	value = arena_strndup(&req->page->arena, req->query, len);
	if (text_clean_title(value, &len) != NULL ||
	    (verbs[i].action == MOD_ORDER_SPACE &&
	    strspn(value, "0123456789") != len)) {
		reply_status(rep, GEMINI_INPUT, "One line, please. %s",
		    verbs[i].action == MOD_ORDER_SPACE ? verbs[i].prompt :
		    prompt_line(req, verbs[i].prompt, TITLE_MAX_CHARS));
		return;
	}
	mr.action = verbs[i].action;
	mr.target = sp.id;
	mr.text = value;
	mr.arg = atoll(value);
	mr.reason = verbs[i].is_reason ? value : ADMIN_REASON;
	admin_apply(req, rep, &mr, m, "/admin");
}

/* /admin/member/ID/role/member|moderator|admin */
void
handle_admin_role(struct request *req, struct reply *rep)
{
	struct mod_request	 mr = { 0 };
	const struct member	*m = req->member;
	char			*reason;
	size_t			 len;
	int			 role;

	if (strcmp(req->str[0], "member") == 0)
		role = ROLE_MEMBER;
	else if (strcmp(req->str[0], "moderator") == 0)
		role = ROLE_MODERATOR;
	else if (strcmp(req->str[0], "admin") == 0)
		role = ROLE_ADMIN;
	else {
		reply_status(rep, GEMINI_NOT_FOUND, "No such role");
		return;
	}
	if (req->num[0] == m->id) {
		reply_status(rep, GEMINI_PERMANENT_FAILURE, "Admins do not "
		    "change their own role (ask another admin, or use "
		    "mootctl)");
		return;
	}
	if (req->query == NULL) {
		reply_status(rep, GEMINI_INPUT, "%s", prompt_line(req,
		    arena_printf(&req->page->arena, "Why make this member a "
		    "%s?", req->str[0]), TITLE_MAX_CHARS));
		return;
	}
	len = req->query_len;
	reason = arena_strndup(&req->page->arena, req->query, len);
	if (text_clean_title(reason, &len) != NULL) {
		reply_status(rep, GEMINI_INPUT, "One line, please. %s",
		    prompt_line(req, arena_printf(&req->page->arena, "Why "
		    "make this member a %s?", req->str[0]), TITLE_MAX_CHARS));
		return;
	}
	mr.action = MOD_SET_ROLE;
	mr.target = req->num[0];
	mr.arg = role;
	mr.reason = reason;
	admin_apply(req, rep, &mr, m, "/admin/members");
}
