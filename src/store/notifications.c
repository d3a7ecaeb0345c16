/*
 * notifications.c: what members are told: answers to their comments,
 * mentions and replies (gathered when read, see schema 4 in schema.c),
 * moderators' actions.
 */
#include <string.h>

#include "store/store_int.h"
#include "core/names.h"
#include "core/text.h"

static const char sql_member_by_key[] =
	"SELECT id FROM members WHERE name_key = ?1";

/*
 * "@Name" in a comment: the longest run of words after the "@" that is a
 * member's name (names may hold spaces).  Returns the member id or 0.
 */
static int64_t
mention_at(struct store *st, const char *p)
{
	sqlite3_stmt	*s = store_stmt(st, sql_member_by_key);
	char		 key[NAME_KEY_MAX + 1];
	size_t		 len = 0, ends[NAME_MAX_CHARS], nends = 0;
	int64_t		 id;

	if (s == NULL)
		return 0;
	/* candidate ends: before each space or punctuation, max 32 chars */
	while (p[len] != '\0' && p[len] != '\n' && len < NAME_KEY_MAX) {
		len++;
		if ((p[len] == ' ' || p[len] == ',' || p[len] == '.' ||
		    p[len] == ':' || p[len] == '!' || p[len] == '?' ||
		    p[len] == ';' || p[len] == '\0' || p[len] == '\n') &&
		    nends < NAME_MAX_CHARS)
			ends[nends++] = len;
	}
	while (nends > 0) {
		len = ends[--nends];
		text_name_key(p, len, key);
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		if ((id = store_find_id(st, s)) > 0)
			return id;
	}
	return 0;
}

/*
 * A member who muted a discussion (PARTICIPANT_MUTED) hears nothing of
 * it: not its comments, not answers to them, not their name.
 */
#define NOT_MUTED(member, thread) \
	"NOT EXISTS (SELECT 1 FROM participants m WHERE m.thread_id = " \
	thread " AND m.member_id = " member " AND m.state = " \
	STORE_STR(PARTICIPANT_MUTED) ") "

static const char sql_notify_one[] =
	"INSERT INTO notifications (member_id, kind, "
	"thread_id, comment_id, actor_id, created) "
	"SELECT ?1, ?2, ?3, nullif(?4, 0), ?5, ?6 WHERE ?1 <> ?5 AND "
	"NOT EXISTS (SELECT 1 FROM notifications WHERE member_id = ?1 AND "
	"comment_id IS nullif(?4, 0) AND thread_id = ?3 AND "
	"(?4 <> 0 OR kind = ?2)) AND " NOT_MUTED("?1", "?3");

/*
 * Each member hears of a comment once, whatever the reasons (an answer
 * to them, a mention, a discussion they are in): what is gathered
 * or counted skips a comment they have a notification of already.
 */
#define NOT_TOLD(member, comment) \
	"NOT EXISTS (SELECT 1 FROM notifications n WHERE n.comment_id = " \
	comment " AND n.member_id = " member ") "

static int
notify_one(struct store *st, int64_t member, const char *kind,
    int64_t thread_id, int64_t comment_id, int64_t actor, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_notify_one);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, thread_id);
	sqlite3_bind_int64(s, 4, comment_id);
	sqlite3_bind_int64(s, 5, actor);
	sqlite3_bind_int64(s, 6, now);
	return store_exec_stmt(st, s);
}

/* a member's replies not yet told, as notifications */
static const char sql_notes_gather[] =
	"INSERT INTO notifications (member_id, kind, "
	"thread_id, comment_id, actor_id, created) "
	"SELECT ?1, 'reply', c.thread_id, c.id, c.member_id, c.created "
	"FROM participants p JOIN comments c ON c.thread_id = p.thread_id "
	"AND c.id > p.notified WHERE p.member_id = ?1 AND p.state <> "
	STORE_STR(PARTICIPANT_MUTED) " AND "
	"c.member_id <> ?1 AND c.held = 0 AND c.deleted = 0 AND "
	"c.hidden IS NULL AND " NOT_TOLD("?1", "c.id") "ORDER BY c.id";

/*
 * A comment approved late: those in the discussion who have been
 * told of newer comments already are told of this one now; the
 * others will gather it with the rest (sql_notes_gather).
 */
static const char sql_notify_reply[] =
	"INSERT INTO notifications (member_id, kind, "
	"thread_id, comment_id, actor_id, created) "
	"SELECT member_id, 'reply', ?1, ?2, ?3, ?4 FROM participants p "
	"WHERE thread_id = ?1 AND member_id <> ?3 AND notified >= ?2 AND "
	"state <> " STORE_STR(PARTICIPANT_MUTED) " AND "
	NOT_TOLD("p.member_id", "?2");

/* whom a comment answers, while that comment stands */
static const char sql_answered[] =
	"SELECT r.member_id FROM comments c JOIN comments r ON "
	"r.id = c.reply_to WHERE c.id = ?1 AND r.deleted = 0 AND "
	"r.hidden IS NULL";

/*
 * A comment others can now see: anyone named hears of it at once; the
 * discussion's people gather it when they read their notifications
 * (sql_notes_gather), except, for one approved late, those who have
 * gathered past it already.
 */
int
notify_comment(struct store *st, int64_t thread_id, int64_t comment_id,
    int64_t actor, const char *body, int64_t now, int late)
{
	sqlite3_stmt	*s;
	int64_t		 who;
	int		 rc;

	/* the author answered first: theirs is the notification it makes */
	if ((s = store_stmt(st, sql_answered)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, comment_id);
	if ((who = store_find_id(st, s)) < 0 && who != STORE_NOTFOUND)
		return (int)who;
	if (who > 0 && (rc = notify_one(st, who, NOTE_ANSWER, thread_id,
	    comment_id, actor, now)) != STORE_OK)
		return rc;
	if (late) {
		if ((s = store_stmt(st, sql_notify_reply)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, thread_id);
		sqlite3_bind_int64(s, 2, comment_id);
		sqlite3_bind_int64(s, 3, actor);
		sqlite3_bind_int64(s, 4, now);
		if ((rc = store_exec_stmt(st, s)) != STORE_OK)
			return rc;
	}
	return notify_mentions(st, thread_id, comment_id, actor, body, now);
}

/*
 * Anyone body names (@Name) hears of it at once: of comment comment_id,
 * or of the opening post of thread_id when comment_id is 0.
 */
int
notify_mentions(struct store *st, int64_t thread_id, int64_t comment_id,
    int64_t actor, const char *body, int64_t now)
{
	const char	*at;
	int64_t		 who;
	int		 rc, mentions = 0;

	/* a handful of mentions per post is plenty */
	for (at = strchr(body, '@'); at != NULL && mentions < 10;
	    at = strchr(at + 1, '@')) {
		if (at > body && at[-1] != ' ' && at[-1] != '\n' &&
		    at[-1] != '(')
			continue;	/* an e-mail address, not a mention */
		mentions++;
		if ((who = mention_at(st, at + 1)) > 0 &&
		    (rc = notify_one(st, who, NOTE_MENTION, thread_id,
		    comment_id, actor, now)) != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

static void
note_from_row(sqlite3_stmt *s, struct note_row *r)
{
	r->group = sqlite3_column_int64(s, 0);
	r->thread_id = sqlite3_column_int64(s, 1);
	r->count = sqlite3_column_int64(s, 2);
	r->unseen = sqlite3_column_int64(s, 3);
	r->unseen_opening = sqlite3_column_int64(s, 4);
	r->first_unseen = sqlite3_column_type(s, 5) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(s, 5);
	r->last_comment = sqlite3_column_int64(s, 6);
	r->newest = sqlite3_column_int64(s, 7);
	r->created = sqlite3_column_int64(s, 8);
	r->kind = COL_TEXT(s, 9);
	r->comment_id = sqlite3_column_int64(s, 10);
	r->actor = COL_TEXT(s, 11);
	r->note = COL_TEXT(s, 12);
	r->title = COL_TEXT(s, 13);
	r->actor_id = sqlite3_column_int64(s, 14);
}

static STORE_ROWS_EACH(notes_each, struct note_row, note_cb,
    note_from_row(s, &r))

/*
 * A member's notifications in groups, one a discussion (a moderator's
 * note, or an event's change, is a group of its own), the group with the newest first.  The
 * kind, actor and note are those of its newest unseen answer or
 * mention, else its newest unseen, else its newest notification: what
 * a group of one shows, or a group with something for the member.  The
 * number of a member's notifications bounds the work, through
 * notifications_by_member.
 */
#define NOTE_GROUP \
	"CASE WHEN kind IN ('" NOTE_MODERATED "', '" NOTE_EVENT "') " \
	"THEN -id ELSE thread_id END"

static const char sql_notifications[] =
	"SELECT g.grp, coalesce(g.thread_id, 0), g.n, g.unseen, g.opening, "
	"g.first_unseen, g.last_comment, g.newest, g.created, o.kind, "
	"coalesce(o.comment_id, 0), coalesce(a.name, 'a moderator'), "
	"o.note, coalesce(t.title, ''), coalesce(o.actor_id, 0) "
	"FROM (SELECT " NOTE_GROUP " AS grp, "
	"thread_id, count(*) AS n, sum(seen = 0) AS unseen, "
	"sum(seen = 0 AND comment_id IS NULL) AS opening, "
	"min(CASE WHEN seen = 0 THEN coalesce(comment_id, 0) END) "
	"AS first_unseen, max(coalesce(comment_id, 0)) AS last_comment, "
	"max(id) AS newest, max(CASE WHEN seen = 0 THEN id END) AS "
	"newest_unseen, max(CASE WHEN seen = 0 AND kind IN ('" NOTE_ANSWER
	"', '" NOTE_MENTION "') THEN id END) AS personal, "
	"max(created) AS created "
	"FROM notifications WHERE member_id = ?1 GROUP BY grp) g "
	"JOIN notifications o ON o.id = "
	"coalesce(g.personal, g.newest_unseen, g.newest) "
	"LEFT JOIN members a ON a.id = o.actor_id "
	"LEFT JOIN threads t ON t.id = g.thread_id "
	"ORDER BY g.created DESC, g.newest DESC LIMIT ?2 OFFSET ?3";

int
store_notifications(struct store *st, int64_t member, int limit,
    int offset, note_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_notifications);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, offset);
	return notes_each(st, s, cb, arg);
}

static const char sql_notes_gathered[] =
	"UPDATE participants SET notified = "
	"(SELECT max(id) FROM comments WHERE thread_id = "
	"participants.thread_id) WHERE member_id = ?1 AND notified < "
	"(SELECT max(id) FROM comments WHERE thread_id = "
	"participants.thread_id)";

/* Turn the member's untold replies into notifications. */
int
store_notifications_gather(struct store *st, int64_t member)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_notes_gather)) == NULL) {
		store_rollback(st);
		return STORE_ERROR;
	}
	sqlite3_bind_int64(s, 1, member);
	if ((rc = store_exec_stmt(st, s)) == STORE_OK) {
		if ((s = store_stmt(st, sql_notes_gathered)) == NULL)
			rc = STORE_ERROR;
		else {
			sqlite3_bind_int64(s, 1, member);
			rc = store_exec_stmt(st, s);
		}
	}
	if (rc != STORE_OK || (rc = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	return STORE_OK;
}

static const char sql_notifications_seen[] =
	"UPDATE notifications SET seen = 1 WHERE member_id = ?1 AND "
	"seen = 0 AND id <= ?2 AND " NOTE_GROUP " = ?3";

int
store_notifications_seen(struct store *st, int64_t member, int64_t group,
    int64_t last_id)
{
	sqlite3_stmt *s = store_stmt(st, sql_notifications_seen);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, last_id);
	sqlite3_bind_int64(s, 3, group);
	return store_exec_stmt(st, s);
}

/*
 * Counted up to ?2 only: untold replies are found by reading the
 * comments themselves, and a member away from a busy discussion
 * may have thousands; the home page only needs to say "99+".
 */
static const char sql_notifications_new[] =
	"SELECT count(*) FROM (SELECT 1 FROM "
	"notifications WHERE member_id = ?1 AND seen = 0 UNION ALL "
	"SELECT 1 FROM participants p JOIN comments c ON c.thread_id = "
	"p.thread_id AND c.id > p.notified WHERE p.member_id = ?1 AND "
	"p.state <> " STORE_STR(PARTICIPANT_MUTED) " AND "
	"c.member_id <> ?1 AND c.held = 0 AND c.deleted = 0 AND "
	"c.hidden IS NULL AND " NOT_TOLD("?1", "c.id") "LIMIT ?2)";

int64_t
store_notifications_new(struct store *st, int64_t member)
{
	sqlite3_stmt		*s;
	struct store_stamp	 now;
	int64_t			 n;

	/* nothing written since the last count of the same member's */
	if (store_stamp(st, &now) == 0 && st->notes_new.member == member &&
	    store_stamp_same(&st->notes_new.at, &now))
		return st->notes_new.n;
	if ((s = store_stmt(st, sql_notifications_new)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int(s, 2, NOTES_COUNT_MAX + 1);
	n = store_find_id(st, s);
	if (n == STORE_NOTFOUND)
		n = 0;
	if (n >= 0) {
		st->notes_new.member = member;
		st->notes_new.at = now;
		st->notes_new.n = n;
	}
	return n;
}
