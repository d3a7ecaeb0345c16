/*
 * drafts.c: what a member typed and could not post yet, kept so that
 * nothing is lost.  Comment drafts (comment_drafts, schema 11) hold a
 * comment refused for a reason that passes: new terms to accept, the
 * posting limit, a locked discussion.  New discussions' drafts (drafts,
 * schema 1) hold a title waiting for its opening post, and that post
 * too once it was refused (schema 11).  A member keeps at most
 * DRAFTS_MAX of each kind: keeping one more drops the oldest.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

static const char sql_cdraft_same[] =
	"SELECT id FROM comment_drafts WHERE member_id = ?1 AND "
	"thread_id = ?2 AND body = ?3 LIMIT 1";
static const char sql_cdraft_add[] =
	"INSERT INTO comment_drafts (member_id, thread_id, reply_to, body, "
	"created) VALUES (?1, ?2, nullif(?3, 0), ?4, ?5)";
static const char sql_cdraft_prune[] =
	"DELETE FROM comment_drafts WHERE member_id = ?1 AND id NOT IN "
	"(SELECT id FROM comment_drafts WHERE member_id = ?1 "
	"ORDER BY id DESC LIMIT " STORE_STR(DRAFTS_MAX) ")";

int64_t
store_cdraft_keep(struct store *st, int64_t member_id, int64_t thread_id,
    int64_t reply_to, const char *body, int64_t now)
{
	sqlite3_stmt	*s;
	int64_t		 id;
	int		 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	/* the same text kept twice (a client's retry) is one draft */
	if ((s = store_stmt(st, sql_cdraft_same)) == NULL) {
		id = STORE_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int64(s, 2, thread_id);
	sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	id = store_find_id(st, s);
	if (id == STORE_NOTFOUND) {
		if ((s = store_stmt(st, sql_cdraft_add)) == NULL) {
			id = STORE_ERROR;
			goto fail;
		}
		sqlite3_bind_int64(s, 1, member_id);
		sqlite3_bind_int64(s, 2, thread_id);
		sqlite3_bind_int64(s, 3, reply_to);
		sqlite3_bind_text(s, 4, body, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, now);
		id = store_insert(st, s);
	}
	if (id < 0 || (s = store_stmt(st, sql_cdraft_prune)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, member_id);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK) {
		id = rc;
		goto fail;
	}
	if ((rc = store_commit(st)) != STORE_OK) {
		id = rc;
		goto fail;
	}
	return id;
fail:
	store_rollback(st);
	return id < 0 ? id : STORE_ERROR;
}

static void
cdraft_from_row(sqlite3_stmt *s, struct comment_draft *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->thread_id = sqlite3_column_int64(s, 1);
	r->reply_to = sqlite3_column_int64(s, 2);
	r->body = COL_TEXT(s, 3);
	r->created = sqlite3_column_int64(s, 4);
	r->title = COL_TEXT(s, 5);
}

static STORE_ROWS_EACH(cdrafts_each, struct comment_draft, cdraft_cb,
    cdraft_from_row(s, &r))

#define CDRAFT_SELECT \
	"SELECT d.id, d.thread_id, coalesce(d.reply_to, 0), d.body, " \
	"d.created, t.title FROM comment_drafts d " \
	"JOIN threads t ON t.id = d.thread_id "

static const char sql_cdraft_get[] =
	CDRAFT_SELECT "WHERE d.id = ?1 AND d.member_id = ?2";

int
store_cdraft_get(struct store *st, int64_t id, int64_t member_id,
    cdraft_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_cdraft_get);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, member_id);
	return cdrafts_each(st, s, cb, arg);
}

static const char sql_cdrafts[] =
	CDRAFT_SELECT "WHERE d.member_id = ?1 AND (?2 = 0 OR d.thread_id = ?2) "
	"ORDER BY d.id DESC";

int
store_cdrafts(struct store *st, int64_t member_id, int64_t thread_id,
    cdraft_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_cdrafts);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int64(s, 2, thread_id);
	return cdrafts_each(st, s, cb, arg);
}

static const char sql_cdraft_delete[] =
	"DELETE FROM comment_drafts WHERE id = ?1 AND member_id = ?2";

int
store_cdraft_delete(struct store *st, int64_t id, int64_t member_id)
{
	sqlite3_stmt *s = store_stmt(st, sql_cdraft_delete);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, member_id);
	return store_exec_changed(st, s);
}

static const char sql_cdraft_posted[] =
	"DELETE FROM comment_drafts WHERE member_id = ?1 AND thread_id = ?2 "
	"AND body = ?3";

int
store_cdraft_posted(struct store *st, int64_t member_id, int64_t thread_id,
    const char *body)
{
	sqlite3_stmt *s = store_stmt(st, sql_cdraft_posted);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int64(s, 2, thread_id);
	sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	return store_exec_stmt(st, s);
}

/* New discussions' drafts: those not posted yet, newest first. */
static void
tdraft_from_row(sqlite3_stmt *s, struct title_draft *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->title = COL_TEXT(s, 1);
	r->body = COL_TEXT(s, 2);
	r->space_name = COL_TEXT(s, 3);
	r->created = sqlite3_column_int64(s, 4);
}

static STORE_ROWS_EACH(tdrafts_each, struct title_draft, tdraft_cb,
    tdraft_from_row(s, &r))

static const char sql_tdrafts[] =
	"SELECT d.id, d.title, d.body, s.name, d.created FROM drafts d "
	"JOIN spaces s ON s.id = d.space_id WHERE d.member_id = ?1 AND "
	"d.thread_id IS NULL ORDER BY d.id DESC";

int
store_tdrafts(struct store *st, int64_t member_id, tdraft_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_tdrafts);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	return tdrafts_each(st, s, cb, arg);
}

static const char sql_tdraft_prune[] =
	"DELETE FROM drafts WHERE member_id = ?1 AND thread_id IS NULL AND "
	"id NOT IN (SELECT id FROM drafts WHERE member_id = ?1 AND "
	"thread_id IS NULL ORDER BY id DESC LIMIT " STORE_STR(DRAFTS_MAX) ")";

int
store_tdrafts_prune(struct store *st, int64_t member_id)
{
	sqlite3_stmt *s = store_stmt(st, sql_tdraft_prune);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	return store_exec_stmt(st, s);
}

static const char sql_tdraft_body[] =
	"UPDATE drafts SET body = ?3 WHERE id = ?1 AND member_id = ?2 AND "
	"thread_id IS NULL";

int
store_tdraft_body(struct store *st, int64_t id, int64_t member_id,
    const char *body)
{
	sqlite3_stmt *s = store_stmt(st, sql_tdraft_body);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, member_id);
	sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	return store_exec_stmt(st, s);
}

static const char sql_tdraft_delete[] =
	"DELETE FROM drafts WHERE id = ?1 AND member_id = ?2 AND "
	"thread_id IS NULL";

int
store_tdraft_delete(struct store *st, int64_t id, int64_t member_id)
{
	sqlite3_stmt *s = store_stmt(st, sql_tdraft_delete);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, member_id);
	return store_exec_changed(st, s);
}

static const char sql_tdraft_get[] =
	"SELECT d.id, d.title, d.body, s.name, d.created FROM drafts d "
	"JOIN spaces s ON s.id = d.space_id WHERE d.id = ?1 AND "
	"d.member_id = ?2 AND d.thread_id IS NULL";

int
store_tdraft_get(struct store *st, int64_t id, int64_t member_id,
    tdraft_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_tdraft_get);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, member_id);
	return tdrafts_each(st, s, cb, arg);
}
