/*
 * follows.c: what a member follows and mutes, and who hears of a new
 * discussion because of it; what waits for the moderators.
 *
 * A discussion followed or muted is a participants row (schema 4 and
 * 12), so that the followers' comments are gathered on reading with
 * those of the people who took part, never written per comment.  A
 * space or a member followed is a follows row; a new discussion is rare
 * enough to be told at once.  Nothing here is shown to anyone but the
 * member: there is no list of who follows what.
 */
#include "store/store_int.h"

/*
 * Follow: from the newest comment on (nothing said before is news);
 * a muted discussion followed again starts there too.
 */
static const char sql_thread_follow[] =
	"INSERT INTO participants (thread_id, member_id, notified, state) "
	"SELECT ?1, ?2, (SELECT coalesce(max(id), 0) FROM comments "
	"WHERE thread_id = ?1), ?3 WHERE EXISTS (SELECT 1 FROM threads "
	"WHERE id = ?1) ON CONFLICT (thread_id, member_id) DO UPDATE SET "
	"state = excluded.state, notified = CASE WHEN state = "
	STORE_STR(PARTICIPANT_MUTED) " THEN excluded.notified ELSE "
	"notified END";

/* Stop following: a mute stays; those who took part may comment again. */
static const char sql_thread_unfollow[] =
	"DELETE FROM participants WHERE thread_id = ?1 AND member_id = ?2 "
	"AND state <> " STORE_STR(PARTICIPANT_MUTED);

/*
 * Unmute: back to hearing as one who took part, from now on, if they
 * did (the discussion is theirs or they have a visible comment in it);
 * otherwise to hearing nothing of it but answers and mentions.
 */
static const char sql_thread_unmute[] =
	"UPDATE participants SET state = CASE WHEN EXISTS (SELECT 1 FROM "
	"threads WHERE id = ?1 AND member_id = ?2) OR EXISTS (SELECT 1 "
	"FROM comments WHERE thread_id = ?1 AND member_id = ?2 AND "
	"deleted = 0 AND held = 0) THEN " STORE_STR(PARTICIPANT_TOOK_PART)
	" ELSE -1 END, notified = (SELECT coalesce(max(id), 0) FROM "
	"comments WHERE thread_id = ?1) WHERE thread_id = ?1 AND "
	"member_id = ?2 AND state = " STORE_STR(PARTICIPANT_MUTED);

static const char sql_thread_unmuted_gone[] =
	"DELETE FROM participants WHERE thread_id = ?1 AND member_id = ?2 "
	"AND state = -1";

static int
thread_exec(struct store *st, const char *sql, int64_t member,
    int64_t thread_id, int state)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, member);
	if (state >= 0)
		sqlite3_bind_int(s, 3, state);
	return store_exec_stmt(st, s);
}

int
store_thread_follow(struct store *st, int64_t member, int64_t thread_id,
    enum follow_op op)
{
	int rc;

	switch (op) {
	case FOLLOW_ON:
		return thread_exec(st, sql_thread_follow, member, thread_id,
		    PARTICIPANT_FOLLOWS);
	case MUTE_ON:
		return thread_exec(st, sql_thread_follow, member, thread_id,
		    PARTICIPANT_MUTED);
	case FOLLOW_OFF:
		return thread_exec(st, sql_thread_unfollow, member,
		    thread_id, -1);
	case MUTE_OFF:
		if ((rc = store_begin(st)) != STORE_OK)
			return rc;
		if ((rc = thread_exec(st, sql_thread_unmute, member,
		    thread_id, -1)) != STORE_OK ||
		    (rc = thread_exec(st, sql_thread_unmuted_gone, member,
		    thread_id, -1)) != STORE_OK ||
		    (rc = store_commit(st)) != STORE_OK) {
			store_rollback(st);
			return rc;
		}
		return STORE_OK;
	}
	return STORE_ERROR;
}

static const char sql_space_following[] =
	"SELECT 1 FROM follows WHERE space_id = ?2 AND member_id = ?1";
static const char sql_space_follow[] =
	"INSERT OR IGNORE INTO follows (member_id, space_id, created) "
	"VALUES (?1, ?2, ?3)";
static const char sql_space_unfollow[] =
	"DELETE FROM follows WHERE space_id = ?2 AND member_id = ?1";
static const char sql_member_following[] =
	"SELECT 1 FROM follows WHERE followed_id = ?2 AND member_id = ?1";
/* nobody follows themselves: their discussions are theirs already */
static const char sql_member_follow[] =
	"INSERT OR IGNORE INTO follows (member_id, followed_id, created) "
	"SELECT ?1, ?2, ?3 WHERE ?1 <> ?2";
static const char sql_member_unfollow[] =
	"DELETE FROM follows WHERE followed_id = ?2 AND member_id = ?1";

static int
follows_is(struct store *st, const char *sql, int64_t member, int64_t id)
{
	sqlite3_stmt	*s = store_stmt(st, sql);
	int64_t		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, id);
	rc = store_find_id(st, s);
	return rc == STORE_NOTFOUND ? 0 : rc < 0 ? (int)rc : 1;
}

static int
follows_set(struct store *st, const char *sql, int64_t member, int64_t id,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_bind_parameter_count(s) >= 3)
		sqlite3_bind_int64(s, 3, now);
	return store_exec_stmt(st, s);
}

int
store_space_following(struct store *st, int64_t member, int64_t space_id)
{
	return follows_is(st, sql_space_following, member, space_id);
}

int
store_space_follow(struct store *st, int64_t member, int64_t space_id,
    int on, int64_t now)
{
	return follows_set(st, on ? sql_space_follow : sql_space_unfollow,
	    member, space_id, now);
}

int
store_member_following(struct store *st, int64_t member, int64_t followed)
{
	return follows_is(st, sql_member_following, member, followed);
}

int
store_member_follow(struct store *st, int64_t member, int64_t followed,
    int on, int64_t now)
{
	return follows_set(st, on ? sql_member_follow : sql_member_unfollow,
	    member, followed, now);
}

/*
 * Who follows the discussion's space or its author hears of it, once:
 * not its author, not one told of its opening post already (a mention,
 * which notify_mentions wrote first), not one who muted it.
 */
static const char sql_notify_started[] =
	"INSERT INTO notifications (member_id, kind, thread_id, actor_id, "
	"created) SELECT DISTINCT f.member_id, '" NOTE_STARTED "', t.id, "
	"t.member_id, ?2 FROM threads t JOIN follows f ON "
	"(f.space_id = t.space_id OR f.followed_id = t.member_id) "
	"WHERE t.id = ?1 AND f.member_id <> t.member_id AND NOT EXISTS "
	"(SELECT 1 FROM notifications n WHERE n.member_id = f.member_id "
	"AND n.thread_id = t.id AND n.comment_id IS NULL AND n.kind IN ('"
	NOTE_MENTION "', '" NOTE_STARTED "')) AND NOT EXISTS (SELECT 1 "
	"FROM participants p WHERE p.thread_id = t.id AND p.member_id = "
	"f.member_id AND p.state = " STORE_STR(PARTICIPANT_MUTED) ")";

int
notify_started(struct store *st, int64_t thread_id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_notify_started);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, now);
	return store_exec_stmt(st, s);
}

static const char sql_follows_of[] =
	"SELECT 'discussion', p.state = " STORE_STR(PARTICIPANT_MUTED) ", "
	"t.id, t.title FROM participants p JOIN threads t ON "
	"t.id = p.thread_id WHERE p.member_id = ?1 AND p.state <> "
	STORE_STR(PARTICIPANT_TOOK_PART) " UNION ALL "
	"SELECT 'space', 0, s.id, s.name FROM follows f JOIN spaces s ON "
	"s.id = f.space_id WHERE f.member_id = ?1 UNION ALL "
	"SELECT 'member', 0, m.id, m.name FROM follows f JOIN members m ON "
	"m.id = f.followed_id WHERE f.member_id = ?1 ORDER BY 1, 3";

static void
follow_from_row(sqlite3_stmt *s, struct follow_row *r)
{
	r->what = COL_TEXT(s, 0);
	r->muted = sqlite3_column_int(s, 1);
	r->id = sqlite3_column_int64(s, 2);
	r->name = COL_TEXT(s, 3);
}

static STORE_ROWS_EACH(follows_each, struct follow_row, follow_cb,
    follow_from_row(s, &r))

int
store_follows_of(struct store *st, int64_t member, follow_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_follows_of);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member);
	return follows_each(st, s, cb, arg);
}

/*
 * Three look-ups: reports_open and the partial indexes of schema 12,
 * named, since without statistics SQLite would rather scan the
 * covering comments_by_weight.
 */
static const char sql_mod_pending[] =
	"SELECT (SELECT count(*) FROM reports WHERE resolved IS NULL), "
	"(SELECT count(*) FROM comments INDEXED BY comments_held "
	"WHERE held = 1) + "
	"(SELECT count(*) FROM threads INDEXED BY threads_held "
	"WHERE held = 1)";

int
store_mod_pending(struct store *st, int64_t *reports, int64_t *held)
{
	sqlite3_stmt	*s = store_stmt(st, sql_mod_pending);
	int		 rc;

	*reports = *held = 0;
	if (s == NULL)
		return STORE_ERROR;
	if ((rc = store_step(st, s)) != 1)
		return rc < 0 ? rc : STORE_ERROR;
	*reports = sqlite3_column_int64(s, 0);
	*held = sqlite3_column_int64(s, 1);
	store_reset(s);
	return STORE_OK;
}
