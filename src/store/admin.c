/*
 * admin.c: the operator's read queries (every member with counts, every
 * space and thread, archived and held ones too, statistics), snapshots
 * for exports, online backups and integrity checks.  mootctl and the
 * exports run these; the pages never do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_int.h"
#include "core/text.h"
#include "core/log.h"

/* How long a backup step waits before trying a locked database again. */
#define BACKUP_RETRY_MS		20
/*
 * A write by the server restarts a backup that copies in steps; after
 * this many restarts the rest is copied in one step, inside one read
 * transaction, which under WAL does not hold up the writers.
 */
#define BACKUP_RESTARTS		3


/* ?1 is text_name_key() of the name: SQLite's lower() is ASCII only */
static const char sql_member_by_name[] =
	"SELECT id FROM members WHERE name_key = ?1";

int
admin_member_find(struct store *st, const char *arg, struct member *m)
{
	sqlite3_stmt	*s;
	const char	*p;
	char		*key;
	int64_t		 id = 0;
	int		 rc, big = 0;

	for (p = arg; *p >= '0' && *p <= '9'; p++) {
		if (id > (INT64_MAX - 9) / 10)
			big = 1;
		else
			id = id * 10 + (*p - '0');
	}
	if (*p == '\0' && p != arg && !big && id > 0 &&
	    (rc = store_member_by_id(st, id, m)) != STORE_NOTFOUND)
		return rc;
	/* not an id, or no member has it: a name made of digits, then */
	if ((s = store_stmt(st, sql_member_by_name)) == NULL)
		return STORE_ERROR;
	if ((key = malloc(strlen(arg) + 1)) == NULL)
		return STORE_ERROR;
	text_name_key(arg, strlen(arg), key);
	sqlite3_bind_text(s, 1, key, -1, free);
	if ((id = store_find_id(st, s)) < 0)
		return (int)id;
	return store_member_by_id(st, id, m);
}

static void
member_from_row(sqlite3_stmt *s, struct member_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->name = COL_TEXT(s, 1);
	r->role = sqlite3_column_int(s, 2);
	r->joined = sqlite3_column_int64(s, 3);
	r->suspended = COL_TEXT(s, 4);
	r->approved = sqlite3_column_int(s, 5);
	r->terms_accepted = sqlite3_column_int64(s, 6);
	r->threads = sqlite3_column_int64(s, 7);
	r->comments = sqlite3_column_int64(s, 8);
	r->certs = sqlite3_column_int64(s, 9);
}

static STORE_ROWS_EACH(member_rows_each, struct member_row, member_row_cb,
    member_from_row(s, &r))

static const char sql_members[] =
	"SELECT m.id, m.name, m.role, m.joined, m.suspended, "
	"m.approved, m.terms_accepted, "
	"(SELECT count(*) FROM threads t WHERE t.member_id = m.id), "
	"(SELECT count(*) FROM comments c WHERE c.member_id = m.id "
	"AND c.deleted = 0), "
	"(SELECT count(*) FROM certs k WHERE k.member_id = m.id) "
	"FROM members m WHERE ?1 = 0 OR m.id = ?1 ORDER BY m.id";

int
admin_members(struct store *st, int64_t id, member_row_cb cb, void *arg)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, sql_members)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return member_rows_each(st, s, cb, arg);
}

static const char sql_spaces[] =
	"SELECT id, slug, name, description, thread_count, "
	"archived FROM spaces ORDER BY position, id";

int
admin_spaces(struct store *st, space_cb cb, void *arg)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, sql_spaces)) == NULL)
		return STORE_ERROR;
	return store_spaces_each(st, s, cb, arg);
}

static const char sql_threads[] =
	"SELECT t.id, t.space_id, s.slug, s.name, t.member_id, "
	"m.name, t.title, t.body, t.created, t.last_activity, "
	"t.comment_count, t.views, t.locked, t.held, s.archived, "
	"coalesce(t.edited, 0), t.hidden, 0 "
	"FROM threads t JOIN spaces s ON s.id = t.space_id "
	"JOIN members m ON m.id = t.member_id "
	"WHERE (?1 = 0 OR t.space_id = ?1) AND (?2 = 1 OR t.held = 0) "
	"ORDER BY t.last_activity DESC, t.id DESC";

int
admin_threads(struct store *st, int64_t space_id, int all, thread_cb cb,
    void *arg)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, sql_threads)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, space_id);
	sqlite3_bind_int(s, 2, all ? 1 : 0);
	return store_threads_each(st, s, cb, arg);
}

static const char sql_comments[] =
	"SELECT c.id, c.thread_id, c.member_id, m.name, "
	"c.body, c.created, coalesce(c.edited, 0), c.deleted, c.held, "
	"c.hidden, coalesce(c.reply_to, 0), (SELECT rm.name FROM comments r "
	"JOIN members rm ON rm.id = r.member_id WHERE r.id = c.reply_to), "
	"NULL, 0 FROM comments c JOIN members m ON m.id = c.member_id "
	"WHERE c.thread_id = ?1 AND c.held = 0 ORDER BY c.id";

int
admin_thread_comments(struct store *st, int64_t thread_id, comment_cb cb,
    void *arg)
{
	sqlite3_stmt *s;

	if ((s = store_stmt(st, sql_comments)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	return store_comments_each(st, s, cb, arg);
}

static const char sql_report_state[] =
	"SELECT resolved IS NOT NULL FROM reports "
	"WHERE id = ?1";

int
admin_report_state(struct store *st, int64_t id)
{
	sqlite3_stmt	*s;
	int		 rc, state = 0;

	if ((s = store_stmt(st, sql_report_state)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = store_step(st, s)) != 1)
		return rc == 0 ? STORE_NOTFOUND : rc;
	state = sqlite3_column_int(s, 0);
	store_reset(s);
	return state;
}

static const char sql_stats[] =
	"SELECT "
	"(SELECT count(*) FROM members), "
	"(SELECT count(*) FROM members WHERE suspended IS NOT NULL), "
	"(SELECT count(*) FROM threads WHERE held = 0), "
	"(SELECT count(*) FROM comments c JOIN threads t "
	"ON t.id = c.thread_id WHERE c.held = 0 AND c.deleted = 0 "
	"AND t.held = 0), "
	"(SELECT coalesce(sum(views), 0) FROM threads), "
	"(SELECT count(*) FROM reports WHERE resolved IS NULL), "
	"(SELECT count(*) FROM threads WHERE held = 1) + "
	"(SELECT count(*) FROM comments WHERE held = 1)";

int
admin_stats(struct store *st, struct admin_stats *as)
{
	sqlite3_stmt	*s;
	int		 rc;

	memset(as, 0, sizeof(*as));
	if ((s = store_stmt(st, sql_stats)) == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		as->members = sqlite3_column_int64(s, 0);
		as->suspended = sqlite3_column_int64(s, 1);
		as->threads = sqlite3_column_int64(s, 2);
		as->comments = sqlite3_column_int64(s, 3);
		as->views = sqlite3_column_int64(s, 4);
		as->reports_open = sqlite3_column_int64(s, 5);
		as->held = sqlite3_column_int64(s, 6);
	}
	store_reset(s);
	return store_result(st, rc);
}

/* ?1: the first second of the first day */
static const char sql_posts_per_day[] =
	"SELECT (created - ?1) / 86400, count(*) FROM ("
	"SELECT created FROM threads WHERE held = 0 AND created >= ?1 "
	"UNION ALL SELECT c.created FROM comments c "
	"JOIN threads t ON t.id = c.thread_id "
	"WHERE c.held = 0 AND t.held = 0 AND c.created >= ?1) GROUP BY 1";

int
admin_posts_per_day(struct store *st, int64_t since,
    int64_t counts[STATS_DAYS])
{
	sqlite3_stmt	*s;
	int64_t		 day;
	int		 rc;

	memset(counts, 0, sizeof(int64_t) * STATS_DAYS);
	if ((s = store_stmt(st, sql_posts_per_day)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, since - since % DAY_SECONDS);
	while ((rc = store_step(st, s)) == 1) {
		day = sqlite3_column_int64(s, 0);
		/* a clock set back can leave posts "in the future" */
		if (day >= 0 && day < STATS_DAYS)
			counts[day] = sqlite3_column_int64(s, 1);
	}
	return rc < 0 ? rc : STORE_OK;
}

int
admin_snapshot_begin(struct store *st)
{
	/* deferred: a read transaction, taken by the first query */
	if (sqlite3_exec(st->db, "BEGIN DEFERRED", NULL, NULL,
	    NULL) != SQLITE_OK)
		return store_result(st, sqlite3_errcode(st->db));
	return STORE_OK;
}

void
admin_snapshot_end(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

int
admin_backup(struct store *st, const char *path, int64_t *pages,
    char *err, size_t errsz)
{
	sqlite3		*dst;
	sqlite3_backup	*b;
	int		 rc, step = BACKUP_STEP_PAGES, waited = 0;
	int		 remaining, last = -1, restarts = 0;

	*pages = 0;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, dst ?
		    sqlite3_errmsg(dst) : "cannot open");
		sqlite3_close(dst);
		return STORE_ERROR;
	}
	if ((b = sqlite3_backup_init(dst, "main", st->db,
	    "main")) == NULL) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return STORE_ERROR;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, step);
		if (rc == SQLITE_OK) {
			remaining = sqlite3_backup_remaining(b);
			if (last >= 0 && remaining > last &&
			    ++restarts >= BACKUP_RESTARTS)
				step = -1;
			last = remaining;
			continue;
		}
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		/* a writer holds it: mootctl may wait, mootd must not */
		if (waited >= STORE_BUSY_TIMEOUT_MS)
			break;
		usleep(BACKUP_RETRY_MS * 1000);
		waited += BACKUP_RETRY_MS;
	}
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errsz, "%s", rc == SQLITE_BUSY ||
		    rc == SQLITE_LOCKED ? "the database stayed locked" :
		    sqlite3_errstr(rc));
		sqlite3_close(dst);
		return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? STORE_BUSY :
		    STORE_ERROR;
	}
	/*
	 * The copy carries the source's WAL mode in its header; a backup is
	 * better as one self-contained file, readable from read-only media.
	 * mootd switches it back to WAL when it is restored.
	 */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return STORE_ERROR;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		snprintf(err, errsz, "closing the copy failed");
		return STORE_ERROR;
	}
	return STORE_OK;
}

int
admin_check_file(const char *path, char *err, size_t errsz)
{
	sqlite3		*db;
	sqlite3_stmt	*s = NULL;
	const char	*msg;
	int		 rc, rows = 0, good = 0;

	snprintf(err, errsz, "no answer from integrity_check");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s", db ? sqlite3_errmsg(db) :
		    "cannot open");
		sqlite3_close(db);
		return STORE_ERROR;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return STORE_ERROR;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		msg = COL_TEXT(s, 0);
		if (rows++ == 0) {
			good = msg != NULL && strcmp(msg, "ok") == 0;
			snprintf(err, errsz, "%s", msg ? msg : "?");
		}
	}
	if (rc != SQLITE_DONE) {
		good = 0;
		snprintf(err, errsz, "%s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return good && rows == 1 ? STORE_OK : STORE_ERROR;
}
