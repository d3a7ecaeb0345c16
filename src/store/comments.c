/*
 * comments.c: comments: reading them by page, by member and for feeds,
 * their weights (what pages are cut by), posting, editing, deleting.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

/*
 * The comment answered (rt), for its "In reply to" lines, and its
 * author (rtm): joined only while others can read it, so that its name
 * and text are NULL otherwise; only the start of its text (the page
 * shows the first line).  Joins rather than a subquery a column: four
 * of those ran for every comment, and cost more than the two joins,
 * which a comment that answers none passes at once.
 */
#define COMMENT_COLUMNS \
	"c.id, c.thread_id, c.member_id, m.name, c.body, c.created, " \
	"coalesce(c.edited, 0), c.deleted, c.held, c.hidden, " \
	"coalesce(c.reply_to, 0), rtm.name, substr(rt.body, 1, " \
	STORE_STR(REPLY_TEXT_MAX) "), "
#define COMMENT_FROM \
	"FROM comments c JOIN members m ON m.id = c.member_id " \
	"LEFT JOIN comments rt ON rt.id = c.reply_to AND rt.deleted = 0 " \
	"AND rt.held = 0 AND rt.hidden IS NULL " \
	"LEFT JOIN members rtm ON rtm.id = rt.member_id "
#define COMMENT_REPORTED \
	"EXISTS (SELECT 1 FROM reports r WHERE r.comment_id = c.id AND " \
	"r.reporter_id = ?2 AND r.resolved IS NULL) "
/*
 * What a comment weighs on a page (handlers/thread.c cuts discussions
 * into pages by it): its bytes, and COMMENT_LINE_WEIGHT (store.h) more
 * for each line, which costs a Gopher menu line of its own.  The
 * comments_by_weight index (schema 7, in schema.c) holds the very same
 * expression, so that paging never reads the comments' text; the two
 * must stay alike, letter for letter: the migration, released, writes
 * its 32 as a literal, and a change of COMMENT_LINE_WEIGHT needs a new
 * index.
 */
#define COMMENT_WEIGHT \
	"length(CAST(c.body AS BLOB)) + " STORE_STR(COMMENT_LINE_WEIGHT) \
	" * (length(c.body) - length(replace(c.body, char(10), '')))"

void
store_comment_row(sqlite3_stmt *s, struct comment_row *r,
    struct row_text *keep)
{
	r->id = sqlite3_column_int64(s, 0);
	r->thread_id = sqlite3_column_int64(s, 1);
	r->author_id = sqlite3_column_int64(s, 2);
	r->author = store_col_text(s, 3, keep);
	r->body = store_col_text(s, 4, keep);
	r->created = sqlite3_column_int64(s, 5);
	r->edited = sqlite3_column_int64(s, 6);
	r->deleted = sqlite3_column_int(s, 7);
	r->held = sqlite3_column_int(s, 8);
	r->hidden = store_col_text(s, 9, keep);
	r->reply_to = sqlite3_column_int64(s, 10);
	r->reply_author = store_col_text(s, 11, keep);
	r->reply_text = store_col_text(s, 12, keep);
	r->reported = sqlite3_column_int(s, 13);
}

STORE_ROWS_EACH(store_comments_each, struct comment_row, comment_cb,
    store_comment_row(s, &r, NULL))

static const char sql_comments[] =
	"SELECT " COMMENT_COLUMNS COMMENT_REPORTED
	COMMENT_FROM
	"WHERE c.thread_id = ?1 AND (c.held = 0 OR c.member_id = ?2) "
	"AND c.id >= ?3 AND (?4 = 0 OR c.id < ?4) ORDER BY c.id";

/* most readers are visitors: no held posts or reports to look up */
static const char sql_comments_anon[] =
	"SELECT " COMMENT_COLUMNS "0 "
	COMMENT_FROM
	"WHERE c.thread_id = ?1 AND c.held = 0 AND c.id >= ?3 "
	"AND (?4 = 0 OR c.id < ?4) ORDER BY c.id";

int
store_comments(struct store *st, int64_t thread_id, int64_t viewer,
    int64_t first, int64_t end, comment_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, viewer ? sql_comments :
	    sql_comments_anon);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	if (viewer)
		sqlite3_bind_int64(s, 2, viewer);
	sqlite3_bind_int64(s, 3, first);
	sqlite3_bind_int64(s, 4, end);
	return store_comments_each(st, s, cb, arg);
}

/*
 * A reader's own comments on a page that others see otherwise (held or
 * hidden), and those they reported: the partial index comments_apart
 * (schema 16) finds the first half with a look-up, however long the
 * page; the reports a member made drive the second half ("+" keeps
 * SQLite from walking the discussion's index instead).
 */
static const char sql_comments_own[] =
	"SELECT " COMMENT_COLUMNS COMMENT_REPORTED
	COMMENT_FROM
	"WHERE c.thread_id = ?1 AND c.member_id = ?2 AND " COMMENT_APART("c")
	" AND c.id >= ?3 AND c.id < coalesce(nullif(?4, 0), 9223372036854775807) "
	"UNION ALL "
	"SELECT " COMMENT_COLUMNS "1 "
	COMMENT_FROM
	"WHERE c.id IN (SELECT r.comment_id FROM reports r "
	"WHERE r.thread_id = ?1 AND r.reporter_id = ?2 AND "
	"r.resolved IS NULL) AND +c.thread_id = ?1 AND +c.held = 0 "
	"AND c.member_id <> ?2 AND +c.id >= ?3 AND (?4 = 0 OR c.id < ?4) "
	"ORDER BY 1";

int
store_comments_own(struct store *st, int64_t thread_id, int64_t viewer,
    int64_t first, int64_t end, comment_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_comments_own);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, viewer);
	sqlite3_bind_int64(s, 3, first);
	sqlite3_bind_int64(s, 4, end);
	return store_comments_each(st, s, cb, arg);
}

static void
store_weight_row(sqlite3_stmt *s, struct weight_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->weight = sqlite3_column_int64(s, 1);
}

static STORE_ROWS_EACH(weights_each, struct weight_row, weight_cb,
    store_weight_row(s, &r))

/* the index comments_by_weight answers this without the text */
static const char sql_comment_weights[] =
	"SELECT c.id, " COMMENT_WEIGHT " "
	"FROM comments c WHERE c.thread_id = ?1 AND c.held = 0 "
	"ORDER BY c.id";

int
store_comment_weights(struct store *st, int64_t thread_id, weight_cb cb,
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_comment_weights);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	return weights_each(st, s, cb, arg);
}

static const char sql_comment_add[] =
	"INSERT INTO comments (thread_id, member_id, body, "
	"created, held, reply_to) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0))";

static int64_t
comment_insert(struct store *st, int64_t thread_id, int64_t member_id,
    int64_t reply_to, const char *body, int held, int64_t created)
{
	sqlite3_stmt *s = store_stmt(st, sql_comment_add);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, member_id);
	sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, created);
	sqlite3_bind_int(s, 5, held);
	sqlite3_bind_int64(s, 6, reply_to);
	return store_insert(st, s);
}

int64_t
store_comment_add(struct store *st, int64_t thread_id, int64_t member_id,
    const char *body, int64_t created)
{
	return comment_insert(st, thread_id, member_id, 0, body, 0, created);
}

/*
 * A retry is among its author's last few posts: looking only there
 * keeps this one index step and RECENT_POSTS rows, where matching on
 * all of a member's comments read each of them (a page apiece).
 */
static const char sql_comment_same[] =
	"SELECT id FROM (SELECT id, thread_id, created, "
	"body FROM comments WHERE member_id = ?1 ORDER BY id DESC "
	"LIMIT " RECENT_POSTS ") WHERE thread_id = ?2 AND created >= ?3 "
	"AND body = ?4 LIMIT 1";

/* A comment this member already made with this text since since. */
int64_t
store_comment_same(struct store *st, int64_t thread_id, int64_t member_id,
    const char *body, int64_t since)
{
	sqlite3_stmt *s = store_stmt(st, sql_comment_same);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int64(s, 2, thread_id);
	sqlite3_bind_int64(s, 3, since);
	sqlite3_bind_text(s, 4, body, -1, SQLITE_STATIC);
	return store_find_id(st, s);
}

/*
 * Add a comment unless the same member said the same thing in the same
 * thread since same_since (a retried request): then the earlier comment's
 * id is returned and nothing is written.  Committed on return.
 */
int64_t
store_comment_post(struct store *st, int64_t thread_id, int64_t member_id,
    int64_t reply_to, const char *body, int held, int64_t now,
    int64_t same_since)
{
	int64_t		 id;
	int		 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	id = store_comment_same(st, thread_id, member_id, body, same_since);
	if (id == STORE_NOTFOUND) {
		id = comment_insert(st, thread_id, member_id, reply_to, body,
		    held, now);
		if (id > 0 && !held &&
		    (rc = notify_comment(st, thread_id, id, member_id, body,
		    now, 0)) != STORE_OK)
			id = rc;
	}
	if (id < 0 || (rc = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		return id < 0 ? id : rc;
	}
	return id;
}

static const char sql_comment[] =
	"SELECT " COMMENT_COLUMNS "0 "
	COMMENT_FROM
	"WHERE c.id = ?1";

int
store_comment_get(struct store *st, int64_t id, struct comment_row *out)
{
	sqlite3_stmt	*s = store_stmt(st, sql_comment);
	struct row_text	*keep;
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_step(st, s)) != 1)
		return rc == 0 ? STORE_NOTFOUND : rc;
	if ((rc = store_keep(st, KEPT_COMMENT, s, &keep)) == STORE_OK) {
		store_comment_row(s, out, keep);
		rc = keep->lacking ? STORE_ERROR : STORE_OK;
	}
	store_reset(s);
	return rc;
}

static const char sql_comment_edit[] =
	"UPDATE comments SET body = ?2, edited = ?3 "
	"WHERE id = ?1 AND deleted = 0";

int
store_comment_edit(struct store *st, int64_t id, const char *body,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_comment_edit);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	return store_exec_stmt(st, s);
}

static const char sql_comment_delete[] =
	"UPDATE comments SET deleted = 1, body = '' "
	"WHERE id = ?1";

int
store_comment_delete(struct store *st, int64_t id)
{
	sqlite3_stmt *s = store_stmt(st, sql_comment_delete);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return store_exec_stmt(st, s);
}

static const char sql_comments_by_member[] =
	"SELECT " COMMENT_COLUMNS "0 "
	COMMENT_FROM
	"WHERE c.member_id = ?1 AND c.deleted = 0 "
	"ORDER BY c.id DESC LIMIT ?2";

int
store_comments_by_member(struct store *st, int64_t member_id, int limit,
    comment_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_comments_by_member);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int(s, 2, limit);
	return store_comments_each(st, s, cb, arg);
}

static const char sql_feed_comments[] =
	"SELECT " COMMENT_COLUMNS "0 "
	COMMENT_FROM
	"WHERE c.thread_id = ?1 AND c.held = 0 AND c.deleted = 0 "
	"AND c.hidden IS NULL ORDER BY c.id DESC LIMIT ?2";

int
store_feed_comments(struct store *st, int64_t thread_id, int limit,
    comment_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_feed_comments);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int(s, 2, limit);
	return store_comments_each(st, s, cb, arg);
}
