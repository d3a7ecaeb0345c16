/*
 * moderation.c: store_moderate(), the one audited way every change a
 * moderator, an admin or the operator makes reaches the store; reports,
 * held posts and the moderation log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "core/log.h"
#include "core/settings.h"
#include "core/utf8.h"

/*
 * Moderation actions: what each changes (?1 target, ?2 arg, ?3 text,
 * ?4 now, ?5 text2) and how the audit log names its target.  A change
 * that touches no row means the target is not there (or not in the state
 * the action needs): STORE_NOTFOUND, and nothing is logged.
 */
static const struct {
	const char	*name;
	const char	*target;	/* "comment", "thread"... */
	const char	*sql;
} mod_actions[MOD__MAX] = {
	[MOD_HIDE_COMMENT] = { "hide", "comment",
	    "UPDATE comments SET hidden = ?6 WHERE id = ?1 AND deleted = 0 "
	    "AND hidden IS NULL" },
	[MOD_RESTORE_COMMENT] = { "restore", "comment",
	    "UPDATE comments SET hidden = NULL WHERE id = ?1 "
	    "AND hidden IS NOT NULL" },
	[MOD_APPROVE_COMMENT] = { "approve", "comment",
	    "UPDATE comments SET held = 0 WHERE id = ?1 AND held = 1" },
	[MOD_REJECT_COMMENT] = { "reject", "comment",
	    "DELETE FROM comments WHERE id = ?1 AND held = 1" },
	[MOD_LOCK_THREAD] = { "lock", "thread",
	    "UPDATE threads SET locked = 1 WHERE id = ?1 AND locked = 0" },
	[MOD_UNLOCK_THREAD] = { "unlock", "thread",
	    "UPDATE threads SET locked = 0 WHERE id = ?1 AND locked = 1" },
	[MOD_MOVE_THREAD] = { "move", "thread",
	    "UPDATE threads SET space_id = ?2 WHERE id = ?1 AND space_id <> ?2 "
	    "AND EXISTS (SELECT 1 FROM spaces WHERE id = ?2)" },
	[MOD_DELETE_THREAD] = { "delete", "thread",
	    "DELETE FROM threads WHERE id = ?1" },
	[MOD_APPROVE_THREAD] = { "approve", "thread",
	    "UPDATE threads SET held = 0 WHERE id = ?1 AND held = 1" },
	[MOD_REJECT_THREAD] = { "reject", "thread",
	    "DELETE FROM threads WHERE id = ?1 AND held = 1" },
	[MOD_SUSPEND_MEMBER] = { "suspend", "member",
	    "UPDATE members SET suspended = ?6 WHERE id = ?1" },
	[MOD_RESTORE_MEMBER] = { "restore", "member",
	    "UPDATE members SET suspended = NULL WHERE id = ?1 "
	    "AND suspended IS NOT NULL" },
	[MOD_SET_ROLE] = { "role", "member",
	    "UPDATE members SET role = ?2 WHERE id = ?1 AND ?2 BETWEEN 0 AND 2" },
	[MOD_RENAME_MEMBER] = { "rename", "member",
	    "UPDATE members SET name = ?3, name_key = ?5, "
	    "name_skel = name_skeleton(?3, 0), "
	    "name_skel_cased = name_skeleton(?3, 1) WHERE id = ?1" },
	[MOD_UNLINK_CERT] = { "unlink", "member",
	    "DELETE FROM certs WHERE member_id = ?1 AND fingerprint = ?3" },
	[MOD_RESOLVE_REPORT] = { "resolve", "report",
	    "UPDATE reports SET resolved = ?4 WHERE id = ?1 "
	    "AND resolved IS NULL" },
	[MOD_ADD_SPACE] = { "add", "space",
	    "INSERT INTO spaces (slug, name, position) VALUES (?3, ?5, "
	    "(SELECT coalesce(max(position), 0) + 1 FROM spaces))" },
	[MOD_RENAME_SPACE] = { "rename", "space",
	    "UPDATE spaces SET name = ?3 WHERE id = ?1" },
	[MOD_DESCRIBE_SPACE] = { "describe", "space",
	    "UPDATE spaces SET description = ?3 WHERE id = ?1" },
	[MOD_ARCHIVE_SPACE] = { "archive", "space",
	    "UPDATE spaces SET archived = 1 WHERE id = ?1 AND archived = 0" },
	[MOD_UNARCHIVE_SPACE] = { "unarchive", "space",
	    "UPDATE spaces SET archived = 0 WHERE id = ?1 AND archived = 1" },
	[MOD_ORDER_SPACE] = { "order", "space",
	    "UPDATE spaces SET position = ?2 WHERE id = ?1" },
	[MOD_HIDE_THREAD] = { "hide", "thread",
	    "UPDATE threads SET hidden = ?6 WHERE id = ?1 AND hidden IS NULL" },
	[MOD_RESTORE_THREAD] = { "restore", "thread",
	    "UPDATE threads SET hidden = NULL WHERE id = ?1 "
	    "AND hidden IS NOT NULL" },
	[MOD_RETITLE_THREAD] = { "retitle", "thread",
	    "UPDATE threads SET title = ?3 WHERE id = ?1 AND title <> ?3" },
	[MOD_REVOKE_INVITE] = { "revoke", "invitation",
	    "UPDATE invites SET revoked = ?4 WHERE id = ?1 AND revoked IS NULL "
	    "AND uses_left > 0 AND (?2 = 0 OR creator_id = ?2)" },
	/* logged along with other changes: no statement of their own */
	[MOD_ADD_INVITE] = { "invite", "invitation", NULL },
	[MOD_USE_INVITE] = { "use", "invitation", NULL },
	[MOD_SET_SETTING] = { "set", "setting",
	    "INSERT INTO settings (key, value) VALUES (?3, ?5) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value" },
};

/* How a notification says what happened. */
static const char *const mod_past[MOD__MAX] = {
	[MOD_HIDE_COMMENT] = "A moderator hid",
	[MOD_RESTORE_COMMENT] = "A moderator restored",
	[MOD_APPROVE_COMMENT] = "A moderator approved",
	[MOD_REJECT_COMMENT] = "A moderator did not approve",
	[MOD_LOCK_THREAD] = "A moderator locked",
	[MOD_UNLOCK_THREAD] = "A moderator unlocked",
	[MOD_MOVE_THREAD] = "A moderator moved",
	[MOD_DELETE_THREAD] = "A moderator deleted",
	[MOD_APPROVE_THREAD] = "A moderator approved",
	[MOD_REJECT_THREAD] = "A moderator did not approve",
	[MOD_SUSPEND_MEMBER] = "A moderator suspended",
	[MOD_RESTORE_MEMBER] = "A moderator restored",
	[MOD_UNLINK_CERT] = "A moderator unlinked a certificate from",
	[MOD_HIDE_THREAD] = "A moderator hid the opening post of",
	[MOD_RESTORE_THREAD] = "A moderator restored the opening post of",
	[MOD_RETITLE_THREAD] = "A moderator changed the title of",
};

const char *
mod_action_name(enum mod_action a)
{
	return a < MOD__MAX ? mod_actions[a].name : "?";
}

static const char sql_modlog_add[] =
	"INSERT INTO modlog (moderator_id, action, target, "
	"reason, created) VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5)";

int
modlog_add(struct store *st, const struct mod_request *r, int64_t target)
{
	sqlite3_stmt	*s = store_stmt(st, sql_modlog_add);
	char		 what[160];

	if (s == NULL)
		return STORE_ERROR;
	if (r->action == MOD_SET_SETTING)
		snprintf(what, sizeof(what), "setting %s", r->text);
	else if (r->action == MOD_MOVE_THREAD)
		snprintf(what, sizeof(what), "thread %lld to space %lld",
		    (long long)target, (long long)r->arg);
	else if (r->action == MOD_SET_ROLE)
		snprintf(what, sizeof(what), "member %lld to %s",
		    (long long)target, r->arg == ROLE_ADMIN ? "admin" :
		    r->arg == ROLE_MODERATOR ? "moderator" : "member");
	else
		snprintf(what, sizeof(what), "%s %lld",
		    mod_actions[r->action].target, (long long)target);
	sqlite3_bind_int64(s, 1, r->moderator);
	sqlite3_bind_text(s, 2, mod_actions[r->action].name, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 3, what, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, r->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, r->now);
	return store_exec_stmt(st, s);
}

/* A comment approved late: now it is public, its readers hear of it. */
static int
notify_approved(struct store *st, int64_t comment_id, int64_t now)
{
	struct comment_row	c;
	int			rc;

	if ((rc = store_comment_get(st, comment_id, &c)) == STORE_NOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	return notify_comment(st, c.thread_id, comment_id, c.author_id,
	    c.body, now, 1);
}

static const char sql_thread_mentions[] =
	"SELECT member_id, body FROM threads WHERE id = ?1";

/* A discussion approved late: whom its opening post names hear of it. */
static int
notify_thread_approved(struct store *st, int64_t thread_id, int64_t now)
{
	sqlite3_stmt	*s = store_stmt(st, sql_thread_mentions);
	char		*body;
	int64_t		 author;
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	if ((rc = store_step(st, s)) != 1)
		return rc == 0 ? STORE_OK : rc;
	author = sqlite3_column_int64(s, 0);
	/* the statement is used again by the look-ups of names */
	body = strdup(COL_TEXT(s, 1) != NULL ? COL_TEXT(s, 1) : "");
	store_reset(s);
	if (body == NULL)
		return STORE_ERROR;
	rc = notify_mentions(st, thread_id, 0, author, body, now);
	free(body);
	return rc != STORE_OK ? rc : notify_started(st, thread_id, now);
}

static const char sql_member_approve_comment[] =
	"UPDATE members SET approved = 1 "
	"WHERE id = (SELECT member_id FROM comments WHERE id = ?1)";

static const char sql_member_approve_thread[] =
	"UPDATE members SET approved = 1 "
	"WHERE id = (SELECT member_id FROM threads WHERE id = ?1)";

static const char sql_terms_bump[] =
	"INSERT INTO settings (key, value) VALUES "
	"('terms_version', '2') ON CONFLICT (key) DO UPDATE SET "
	"value = CAST(value AS INTEGER) + 1";

/* What an action does besides its own statement. */
static int
mod_side_effects(struct store *st, const struct mod_request *r)
{
	sqlite3_stmt	*s = NULL;
	int		 rc;

	switch (r->action) {
	case MOD_APPROVE_COMMENT:
		/* now it is public, the discussion hears of it */
		if ((rc = notify_approved(st, r->target, r->now)) != STORE_OK)
			return rc;
		s = store_stmt(st, sql_member_approve_comment);
		break;
	case MOD_APPROVE_THREAD:
		if ((rc = notify_thread_approved(st, r->target, r->now)) !=
		    STORE_OK)
			return rc;
		s = store_stmt(st, sql_member_approve_thread);
		break;
	case MOD_SET_SETTING:
		/* new terms: everyone accepts them again before posting */
		if (strcmp(r->text, SETTING_TERMS) != 0)
			return STORE_OK;
		if ((s = store_stmt(st, sql_terms_bump)) == NULL)
			return STORE_ERROR;
		return store_exec_stmt(st, s);
	default:
		return STORE_OK;
	}
	if (s == NULL)
		return STORE_ERROR;
	/* an approved post makes its author trusted from now on */
	sqlite3_bind_int64(s, 1, r->target);
	return store_exec_stmt(st, s);
}

/* moderators' actions: the author hears, with the reason */
static const char sql_notify_author[] =
	"INSERT INTO notifications (member_id, kind, "
	"thread_id, actor_id, note, created) "
	"SELECT c.member_id, 'moderated', c.thread_id, nullif(?2, 0), ?3, ?4 "
	"FROM comments c WHERE c.id = ?1 AND ?5 = 'comment' "
	"UNION ALL SELECT t.member_id, 'moderated', "
	"CASE WHEN ?6 THEN NULL ELSE t.id END, nullif(?2, 0), "
	"?3 || ' (\"' || t.title || '\")', ?4 "
	"FROM threads t WHERE t.id = ?1 AND ?5 = 'thread' "
	"UNION ALL SELECT m.id, 'moderated', NULL, nullif(?2, 0), ?3, ?4 "
	"FROM members m WHERE m.id = ?1 AND ?5 = 'member'";

/* Tell the author of what a moderator acted on, and why. */
static int
mod_notify(struct store *st, const struct mod_request *r)
{
	sqlite3_stmt	*s;
	const char	*kind = mod_actions[r->action].target;
	char		 note[SUSPEND_REASON_MAX + 64];
	int		 gone = r->action == MOD_DELETE_THREAD ||
	    r->action == MOD_REJECT_THREAD;

	if (strcmp(kind, "comment") != 0 && strcmp(kind, "thread") != 0 &&
	    strcmp(kind, "member") != 0)
		return STORE_OK;
	if (r->action == MOD_SET_ROLE || r->action == MOD_RENAME_MEMBER)
		return STORE_OK;
	if ((s = store_stmt(st, sql_notify_author)) == NULL)
		return STORE_ERROR;
	if (strcmp(kind, "member") != 0)
		snprintf(note, sizeof(note), "%s your %s: %s",
		    mod_past[r->action], kind, r->reason);
	else
		snprintf(note, sizeof(note), "%s your membership: %s",
		    mod_past[r->action], r->reason);
	sqlite3_bind_int64(s, 1, r->target);
	sqlite3_bind_int64(s, 2, r->moderator);
	sqlite3_bind_text(s, 3, note, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, r->now);
	sqlite3_bind_text(s, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, gone);
	return store_exec_stmt(st, s);
}

/*
 * The title of the discussion an action is about, read before the
 * action (a deletion takes it along), for the log to keep (schema 11):
 * an entry about what is gone since still says which it was.
 */
static const char sql_target_title[] =
	"SELECT t.title FROM threads t WHERE ?2 = 'thread' AND t.id = ?1 "
	"UNION ALL SELECT t.title FROM comments c JOIN threads t ON "
	"t.id = c.thread_id WHERE ?2 = 'comment' AND c.id = ?1 "
	"UNION ALL SELECT t.title FROM reports r JOIN threads t ON "
	"t.id = r.thread_id WHERE ?2 = 'report' AND r.id = ?1";
static const char sql_modlog_title[] =
	"UPDATE modlog SET title = ?1 WHERE id = last_insert_rowid()";

static void
modlog_title_read(struct store *st, const struct mod_request *r,
    char *title, size_t size)
{
	sqlite3_stmt	*s = store_stmt(st, sql_target_title);

	title[0] = '\0';
	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, r->target);
	sqlite3_bind_text(s, 2, mod_actions[r->action].target, -1,
	    SQLITE_STATIC);
	if (store_step(st, s) == 1) {
		snprintf(title, size, "%s", COL_TEXT(s, 0));
		store_reset(s);
	}
}

static int
modlog_title_keep(struct store *st, const char *title)
{
	sqlite3_stmt *s;

	if (title[0] == '\0')
		return STORE_OK;
	if ((s = store_stmt(st, sql_modlog_title)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, title, -1, SQLITE_STATIC);
	return store_exec_stmt(st, s);
}

int64_t
store_moderate(struct store *st, const struct mod_request *r)
{
	const struct setting	*def;
	sqlite3_stmt		*s;
	struct mod_request	 cut;
	int64_t			 target = r->target;
	int			 rc;
	size_t			 len, keep;
	char			 key[NAME_KEY_MAX + 1];
	char			 reason[SUSPEND_REASON_MAX];
	char			 title[TITLE_MAX_CHARS * 4 + 1];

	if (r->action >= MOD__MAX || r->reason == NULL ||
	    r->reason[0] == '\0' || mod_actions[r->action].sql == NULL)
		return STORE_ERROR;
	/* the callers check too, with settings.c; this is what guards
	 * the store against one that forgot */
	if (r->action == MOD_SET_SETTING && ((def = setting_find(r->text ?
	    r->text : "")) == NULL || setting_check(def, r->text2 ?
	    r->text2 : "") != NULL))
		return STORE_INVALID;
	/* the bound on every reason, whoever gives it: whole characters */
	len = strlen(r->reason);
	if ((keep = utf8_prefix(r->reason, len, MOD_REASON_MAX)) < len) {
		cut = *r;
		utf8_copy(reason, keep + 1 < sizeof(reason) ? keep + 1 :
		    sizeof(reason), r->reason);
		cut.reason = reason;
		r = &cut;
	}
	if ((s = store_stmt(st, mod_actions[r->action].sql)) == NULL)
		return STORE_ERROR;
	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	/* before the change: a rejected post is gone after it */
	if ((rc = mod_notify(st, r)) != STORE_OK)
		goto fail;
	modlog_title_read(st, r, title, sizeof(title));
	sqlite3_bind_int64(s, 1, r->target);
	sqlite3_bind_int64(s, 2, r->arg);
	sqlite3_bind_text(s, 3, r->text ? r->text : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, r->now);
	if (r->action == MOD_RENAME_MEMBER)
		sqlite3_bind_text(s, 5, store_name_key(r->text ? r->text :
		    "", key), -1, SQLITE_STATIC);
	else
		sqlite3_bind_text(s, 5, r->text2 ? r->text2 : "", -1,
		    SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->reason, -1, SQLITE_STATIC);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		goto fail;
	if (sqlite3_changes(st->db) == 0) {
		rc = STORE_NOTFOUND;
		goto fail;
	}
	if (r->action == MOD_ADD_SPACE)
		target = sqlite3_last_insert_rowid(st->db);
	if ((rc = mod_side_effects(st, r)) != STORE_OK ||
	    (rc = modlog_add(st, r, target)) != STORE_OK ||
	    (rc = modlog_title_keep(st, title)) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK)
		goto fail;
	return r->action == MOD_ADD_SPACE ? target : STORE_OK;
fail:
	store_rollback(st);
	return rc;
}

/*
 * One open report per member and target: a second one while the first
 * is open adds nothing (a resolved one does not count: that is news).
 */
#define REPORT_OPEN_BY \
	"SELECT 1 FROM reports WHERE reporter_id = ?1 AND thread_id = ?2 " \
	"AND comment_id IS nullif(?3, 0) AND resolved IS NULL"

static const char sql_report_add[] =
	"INSERT INTO reports (reporter_id, thread_id, "
	"comment_id, reason, created) SELECT ?1, ?2, nullif(?3, 0), ?4, ?5 "
	"WHERE NOT EXISTS (" REPORT_OPEN_BY ")";

int
store_report_add(struct store *st, int64_t reporter, int64_t thread_id,
    int64_t comment_id, const char *reason, int64_t now)
{
	sqlite3_stmt	*s = store_stmt(st, sql_report_add);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, reporter);
	sqlite3_bind_int64(s, 2, thread_id);
	sqlite3_bind_int64(s, 3, comment_id);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, now);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		return rc;
	return sqlite3_changes(st->db) == 0 ? STORE_REPORTED : STORE_OK;
}

static const char sql_report_open_by[] = REPORT_OPEN_BY;

int
store_report_open_by(struct store *st, int64_t reporter, int64_t thread_id,
    int64_t comment_id)
{
	sqlite3_stmt	*s = store_stmt(st, sql_report_open_by);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, reporter);
	sqlite3_bind_int64(s, 2, thread_id);
	sqlite3_bind_int64(s, 3, comment_id);
	rc = store_step(st, s);
	store_reset(s);
	return rc;
}

static void
report_from_row(sqlite3_stmt *s, struct report_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->thread_id = sqlite3_column_int64(s, 1);
	r->comment_id = sqlite3_column_int64(s, 2);
	r->reporter = COL_TEXT(s, 3);
	r->reason = COL_TEXT(s, 4);
	r->created = sqlite3_column_int64(s, 5);
	r->title = COL_TEXT(s, 6);
	r->excerpt = COL_TEXT(s, 7);
	r->author = COL_TEXT(s, 8);
	r->author_id = sqlite3_column_int64(s, 9);
}

static void
modlog_from_row(sqlite3_stmt *s, struct modlog_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->moderator = COL_TEXT(s, 1);
	r->action = COL_TEXT(s, 2);
	r->target = COL_TEXT(s, 3);
	r->reason = COL_TEXT(s, 4);
	r->created = sqlite3_column_int64(s, 5);
	r->title = COL_TEXT(s, 6);
	r->thread_id = sqlite3_column_int64(s, 7);
	r->comment_id = sqlite3_column_int64(s, 8);
	r->name = COL_TEXT(s, 9);
	r->slug = COL_TEXT(s, 10);
	r->dest = COL_TEXT(s, 11);
	r->was_title = COL_TEXT(s, 12);
}

static STORE_ROWS_EACH(reports_each, struct report_row, report_cb,
    report_from_row(s, &r))

static const char sql_reports_open[] =
	"SELECT r.id, r.thread_id, "
	"coalesce(r.comment_id, 0), rm.name, r.reason, r.created, t.title, "
	"CASE WHEN r.comment_id IS NULL THEN t.body ELSE c.body END, "
	"am.name, am.id "
	"FROM reports r JOIN members rm ON rm.id = r.reporter_id "
	"JOIN threads t ON t.id = r.thread_id "
	"LEFT JOIN comments c ON c.id = r.comment_id "
	"JOIN members am ON am.id = coalesce(c.member_id, t.member_id) "
	"WHERE r.resolved IS NULL ORDER BY r.id";

int
store_reports_open(struct store *st, report_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_reports_open);

	if (s == NULL)
		return STORE_ERROR;
	return reports_each(st, s, cb, arg);
}

static const char sql_held[] =
	"SELECT c.id, c.thread_id, c.id, m.name, '', c.created, "
	"t.title, c.body, m.name, m.id FROM comments c "
	"JOIN threads t ON t.id = c.thread_id "
	"JOIN members m ON m.id = c.member_id WHERE c.held = 1 "
	"UNION ALL SELECT t.id, t.id, 0, m.name, '', t.created, t.title, "
	"t.body, m.name, m.id FROM threads t "
	"JOIN members m ON m.id = t.member_id WHERE t.held = 1 "
	"ORDER BY 6";

int
store_held(struct store *st, report_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_held);

	if (s == NULL)
		return STORE_ERROR;
	return reports_each(st, s, cb, arg);
}

static STORE_ROWS_EACH(modlog_each, struct modlog_row, modlog_cb,
    modlog_from_row(s, &r))

/*
 * The log's targets are "KIND ID[ ...]" (modlog_add()); each is looked
 * up as it is now, by its primary key, so the log can say it in words.
 * What was deleted since comes back NULL and is told by its number.
 */
static const char sql_modlog[] =
	"SELECT l.id, m.name, l.action, l.target, l.reason, l.created, "
	"coalesce(t.title, ct.title, rt.title), "
	"coalesce(t.id, ct.id, rt.id, 0), coalesce(c.id, r.comment_id, 0), "
	"coalesce(s.name, tm.name), s.slug, ds.name, l.title "
	"FROM modlog l LEFT JOIN members m ON m.id = l.moderator_id "
	"LEFT JOIN threads t ON l.target LIKE 'thread %' "
	"  AND t.id = CAST(substr(l.target, 8) AS INTEGER) "
	"LEFT JOIN comments c ON l.target LIKE 'comment %' "
	"  AND c.id = CAST(substr(l.target, 9) AS INTEGER) "
	"LEFT JOIN threads ct ON ct.id = c.thread_id "
	"LEFT JOIN reports r ON l.target LIKE 'report %' "
	"  AND r.id = CAST(substr(l.target, 8) AS INTEGER) "
	"LEFT JOIN threads rt ON rt.id = r.thread_id "
	"LEFT JOIN spaces s ON l.target LIKE 'space %' "
	"  AND s.id = CAST(substr(l.target, 7) AS INTEGER) "
	"LEFT JOIN members tm ON l.target LIKE 'member %' "
	"  AND tm.id = CAST(substr(l.target, 8) AS INTEGER) "
	"LEFT JOIN spaces ds ON l.action = 'move' AND ds.id = "
	"  CAST(substr(l.target, instr(l.target, ' to space ') + 10) "
	"  AS INTEGER) "
	"ORDER BY l.id DESC LIMIT ?1";

int
store_modlog(struct store *st, int limit, modlog_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_modlog);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, limit);
	return modlog_each(st, s, cb, arg);
}

/*
 * The reason of this admin's latest change of a setting (target
 * "setting KEY"), given after it: only while it still says was.
 */
static const char sql_modlog_reason[] =
	"UPDATE modlog SET reason = ?4 WHERE id = (SELECT max(id) FROM modlog "
	"WHERE moderator_id = ?1 AND action = 'set' AND target = ?2) AND "
	"reason = ?3";

int
store_modlog_reason(struct store *st, int64_t moderator_id,
    const char *target, const char *was, const char *reason)
{
	sqlite3_stmt *s = store_stmt(st, sql_modlog_reason);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, moderator_id);
	sqlite3_bind_text(s, 2, target, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, was, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
	return store_exec_changed(st, s);
}
