/*
 * discussions.c: spaces, discussions and drafts: the rows, listing and
 * paging them, starting, editing and counting the views of a discussion,
 * and the revisions and removed ids that the page cache and "gone" (52)
 * answers go by.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

#define THREAD_COLUMNS \
	"t.id, t.space_id, s.slug, s.name, t.member_id, m.name, t.title, " \
	"t.body, t.created, t.last_activity, t.comment_count, t.views, " \
	"t.locked, t.held, s.archived, coalesce(t.edited, 0), t.hidden, "
/* the last thread column: did member ?2 report this thread? */
#define THREAD_REPORTED \
	"EXISTS (SELECT 1 FROM reports r WHERE r.thread_id = t.id AND " \
	"r.comment_id IS NULL AND r.reporter_id = ?2 " \
	"AND r.resolved IS NULL) "
#define THREAD_JOINS \
	"FROM threads t JOIN spaces s ON s.id = t.space_id " \
	"JOIN members m ON m.id = t.member_id "

static const char sql_revisions[] =
	"SELECT (SELECT rev FROM threads WHERE id = ?1), "
	"(SELECT rev FROM revision WHERE id = 1)";

int
store_revisions(struct store *st, int64_t thread_id, int64_t *thread_rev,
    int64_t *rev)
{
	sqlite3_stmt	*s = store_stmt(st, sql_revisions);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*thread_rev = sqlite3_column_int64(s, 0);
		*rev = sqlite3_column_int64(s, 1);
		rc = sqlite3_column_type(s, 0) == SQLITE_NULL ?
		    STORE_NOTFOUND : STORE_OK;
	} else
		rc = store_result(st, rc);
	store_reset(s);
	return rc;
}

static const char sql_comment_removed[] =
	"SELECT 1 FROM sqlite_sequence "
	"WHERE name = 'comments' AND ?1 BETWEEN 1 AND seq "
	"AND NOT EXISTS (SELECT 1 FROM comments WHERE id = ?1)";

/* given out once (AUTOINCREMENT's high-water mark), not there now */
static const char sql_thread_removed[] =
	"SELECT 1 FROM sqlite_sequence "
	"WHERE name = 'threads' AND ?1 BETWEEN 1 AND seq "
	"AND NOT EXISTS (SELECT 1 FROM threads WHERE id = ?1)";

int
store_removed(struct store *st, int comment, int64_t id)
{
	sqlite3_stmt	*s = store_stmt(st, comment ? sql_comment_removed :
	    sql_thread_removed);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_result(st, rc);
}

void
store_space_row(sqlite3_stmt *s, struct space_row *r, struct row_text *keep)
{
	r->id = sqlite3_column_int64(s, 0);
	r->slug = store_col_text(s, 1, keep);
	r->name = store_col_text(s, 2, keep);
	r->description = store_col_text(s, 3, keep);
	r->threads = sqlite3_column_int64(s, 4);
	r->archived = sqlite3_column_int(s, 5);
}

void
store_thread_row(sqlite3_stmt *s, struct thread_row *r, struct row_text *keep)
{
	r->id = sqlite3_column_int64(s, 0);
	r->space_id = sqlite3_column_int64(s, 1);
	r->space_slug = store_col_text(s, 2, keep);
	r->space_name = store_col_text(s, 3, keep);
	r->author_id = sqlite3_column_int64(s, 4);
	r->author = store_col_text(s, 5, keep);
	r->title = store_col_text(s, 6, keep);
	r->body = store_col_text(s, 7, keep);
	r->created = sqlite3_column_int64(s, 8);
	r->last_activity = sqlite3_column_int64(s, 9);
	r->comments = sqlite3_column_int64(s, 10);
	r->views = sqlite3_column_int64(s, 11);
	r->locked = sqlite3_column_int(s, 12);
	r->held = sqlite3_column_int(s, 13);
	r->archived = sqlite3_column_int(s, 14);
	r->edited = sqlite3_column_int64(s, 15);
	r->hidden = store_col_text(s, 16, keep);
	r->reported = sqlite3_column_int(s, 17);
}

STORE_ROWS_EACH(store_spaces_each, struct space_row, space_cb,
    store_space_row(s, &r, NULL))

STORE_ROWS_EACH(store_threads_each, struct thread_row, thread_cb,
    store_thread_row(s, &r, NULL))

static const char sql_spaces[] =
	"SELECT id, slug, name, description, thread_count, "
	"archived FROM spaces WHERE archived = 0 ORDER BY position, id";

int
store_spaces(struct store *st, space_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_spaces);

	if (s == NULL)
		return STORE_ERROR;
	return store_spaces_each(st, s, cb, arg);
}

static const char sql_spaces_archived[] =
	"SELECT id, slug, name, description, thread_count, "
	"archived FROM spaces WHERE archived = 1 ORDER BY position, id";

int
store_spaces_archived(struct store *st, space_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_spaces_archived);

	if (s == NULL)
		return STORE_ERROR;
	return store_spaces_each(st, s, cb, arg);
}

static const char sql_space_by_slug[] =
	"SELECT id, slug, name, description, "
	"thread_count, archived FROM spaces WHERE slug = ?1";

int
store_space_get(struct store *st, const char *slug, struct space_row *out)
{
	sqlite3_stmt	*s = store_stmt(st, sql_space_by_slug);
	struct row_text	*keep;
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, slug, -1, SQLITE_STATIC);
	if ((rc = store_step(st, s)) != 1)
		return rc == 0 ? STORE_NOTFOUND : rc;
	if ((rc = store_keep(st, KEPT_SPACE, s, &keep)) == STORE_OK) {
		store_space_row(s, out, keep);
		rc = keep->lacking ? STORE_ERROR : STORE_OK;
	}
	store_reset(s);
	return rc;
}

static const char sql_threads_recent[] =
	"SELECT " THREAD_COLUMNS "0 " THREAD_JOINS
	"WHERE s.archived = 0 AND t.held = 0 "
	"ORDER BY t.last_activity DESC, t.id DESC LIMIT ?1";

int
store_threads_recent(struct store *st, int limit, thread_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_threads_recent);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, limit);
	return store_threads_each(st, s, cb, arg);
}

static const char sql_threads_in_space[] =
	"SELECT " THREAD_COLUMNS "0 " THREAD_JOINS
	"WHERE t.space_id = ?1 AND t.held = 0 "
	"ORDER BY t.last_activity DESC, t.id DESC LIMIT ?2 OFFSET ?3";

int
store_threads_in_space(struct store *st, int64_t space_id, int limit,
    int offset, thread_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_threads_in_space);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, space_id);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, offset);
	return store_threads_each(st, s, cb, arg);
}

/* /discussions: as a space's pages list them, from every space. */
static const char sql_threads_all[] =
	"SELECT " THREAD_COLUMNS "0 " THREAD_JOINS
	"WHERE t.held = 0 "
	"ORDER BY t.last_activity DESC, t.id DESC LIMIT ?1 OFFSET ?2";

int
store_threads_all(struct store *st, int limit, int64_t offset, thread_cb cb,
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_threads_all);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, limit);
	sqlite3_bind_int64(s, 2, offset);
	return store_threads_each(st, s, cb, arg);
}

static const char sql_threads_count[] =
	"SELECT count(*) FROM threads WHERE held = 0";

int64_t
store_threads_count(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, sql_threads_count);

	if (s == NULL)
		return STORE_ERROR;
	return store_find_id(st, s);
}

/*
 * One discussion: the columns of a list, whether it is an event, its
 * revision and the community's, and what its page shows member ?2 of
 * their own (thread_row in store.h): each an index look-up, so that
 * their page asks one statement, not five (issue 16).
 */
static const char sql_thread[] =
	"SELECT " THREAD_COLUMNS THREAD_REPORTED
	", EXISTS (SELECT 1 FROM events e WHERE e.thread_id = t.id), "
	"t.rev, (SELECT rev FROM revision WHERE id = 1), "
	"coalesce((SELECT p.state FROM participants p WHERE "
	"p.thread_id = t.id AND p.member_id = ?2), "
	STORE_STR(STORE_NOTFOUND) "), "
	"EXISTS (SELECT 1 FROM comment_drafts d WHERE d.member_id = ?2 AND "
	"d.thread_id = t.id), "
	"EXISTS (SELECT 1 FROM comments c WHERE c.thread_id = t.id AND "
	"c.member_id = ?2 AND " COMMENT_APART("c") ") OR "
	"EXISTS (SELECT 1 FROM reports r WHERE r.thread_id = t.id AND "
	"r.reporter_id = ?2 AND r.comment_id IS NOT NULL AND "
	"r.resolved IS NULL) "
	THREAD_JOINS "WHERE t.id = ?1";

int
store_thread_get(struct store *st, int64_t id, int64_t viewer,
    struct thread_row *out)
{
	sqlite3_stmt	*s = store_stmt(st, sql_thread);
	struct row_text	*keep;
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, viewer);
	if ((rc = store_step(st, s)) != 1)
		return rc == 0 ? STORE_NOTFOUND : rc;
	if ((rc = store_keep(st, KEPT_THREAD, s, &keep)) == STORE_OK) {
		store_thread_row(s, out, keep);
		out->event = sqlite3_column_int(s, 18);
		out->revs[0] = sqlite3_column_int64(s, 19);
		out->revs[1] = sqlite3_column_int64(s, 20);
		out->following = sqlite3_column_int(s, 21);
		out->drafts = sqlite3_column_int(s, 22);
		out->apart = sqlite3_column_int(s, 23);
		rc = keep->lacking ? STORE_ERROR : STORE_OK;
	}
	store_reset(s);
	return rc;
}

static int
store_views(struct store *st, const char *sql, int64_t thread_id, int64_t n)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, n);
	return store_exec_stmt(st, s);
}

static const char sql_add_views[] =
	"UPDATE threads SET views = views + ?2 "
	"WHERE id = ?1";

int
store_add_views(struct store *st, int64_t thread_id, int64_t n)
{
	return store_views(st, sql_add_views, thread_id, n);
}

static const char sql_set_views[] =
	"UPDATE threads SET views = ?2 WHERE id = ?1";

int
store_thread_set_views(struct store *st, int64_t thread_id, int64_t views)
{
	return store_views(st, sql_set_views, thread_id, views);
}

static const char sql_space_add[] =
	"INSERT INTO spaces (slug, name, description, "
	"position) VALUES (?1, ?2, ?3, ?4)";

int64_t
store_space_add(struct store *st, const char *slug, const char *name,
    const char *description, int position)
{
	sqlite3_stmt *s = store_stmt(st, sql_space_add);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, description, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, position);
	return store_insert(st, s);
}

static const char sql_thread_add[] =
	"INSERT INTO threads (space_id, member_id, title, "
	"body, created, last_activity, held) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)";

static int64_t
thread_insert(struct store *st, int64_t space_id, int64_t member_id,
    const char *title, const char *body, int held, int64_t created)
{
	sqlite3_stmt *s = store_stmt(st, sql_thread_add);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, space_id);
	sqlite3_bind_int64(s, 2, member_id);
	sqlite3_bind_text(s, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, created);
	sqlite3_bind_int(s, 6, held);
	return store_insert(st, s);
}

int64_t
store_thread_add(struct store *st, int64_t space_id, int64_t member_id,
    const char *title, const char *body, int64_t created)
{
	return thread_insert(st, space_id, member_id, title, body, 0, created);
}

static const char sql_thread_edit[] =
	"UPDATE threads SET title = coalesce(?2, title), "
	"body = coalesce(?3, body), edited = ?4 WHERE id = ?1";

/* A deleted comment keeps its row (and so its place); its words go. */
int
store_thread_edit(struct store *st, int64_t id, const char *title,
    const char *body, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_thread_edit);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if (title != NULL)
		sqlite3_bind_text(s, 2, title, -1, SQLITE_STATIC);
	if (body != NULL)
		sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_exec_stmt(st, s);
}

static const char sql_threads_by_member[] =
	"SELECT " THREAD_COLUMNS "0 " THREAD_JOINS
	"WHERE t.member_id = ?1 ORDER BY t.id DESC LIMIT ?2";

int
store_threads_by_member(struct store *st, int64_t member_id, int limit,
    thread_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_threads_by_member);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int(s, 2, limit);
	return store_threads_each(st, s, cb, arg);
}

static const char sql_draft_add[] =
	"INSERT INTO drafts (member_id, space_id, title, "
	"created) VALUES (?1, ?2, ?3, ?4)";

int64_t
store_draft_add(struct store *st, int64_t member_id, int64_t space_id,
    const char *title, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_draft_add);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int64(s, 2, space_id);
	sqlite3_bind_text(s, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_insert(st, s);
}

static const char sql_draft_get[] =
	"SELECT d.space_id, d.title, "
	"coalesce(d.thread_id, 0), s.archived FROM drafts d "
	"JOIN spaces s ON s.id = d.space_id "
	"WHERE d.id = ?1 AND d.member_id = ?2";

int
store_draft_get(struct store *st, int64_t id, int64_t member_id,
    struct draft *d)
{
	sqlite3_stmt	*s = store_stmt(st, sql_draft_get);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, member_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d->space_id = sqlite3_column_int64(s, 0);
		snprintf(d->title, sizeof(d->title), "%s", COL_TEXT(s, 1));
		d->thread_id = sqlite3_column_int64(s, 2);
		d->archived = sqlite3_column_int(s, 3);
	}
	store_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_result(st, rc);
}

static const char sql_thread_same[] =
	"SELECT id FROM (SELECT id, space_id, created, "
	"title, body FROM threads WHERE member_id = ?1 ORDER BY id DESC "
	"LIMIT " RECENT_POSTS ") WHERE space_id = ?2 AND created >= ?3 "
	"AND title = ?4 AND body = ?5 LIMIT 1";

static const char sql_draft_posted[] =
	"UPDATE drafts SET thread_id = ?2 WHERE id = ?1";

/*
 * Start a discussion from a draft (draft_id > 0, then marked posted) or
 * directly; a retried request finds the thread it already made.
 */
int64_t
store_thread_post(struct store *st, int64_t draft_id, int64_t space_id,
    int64_t member_id, const char *title, const char *body, int held,
    int64_t now, int64_t same_since)
{
	sqlite3_stmt	*s;
	int64_t		 id = STORE_ERROR;
	int		 rc;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	if ((s = store_stmt(st, sql_thread_same)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, member_id);
	sqlite3_bind_int64(s, 2, space_id);
	sqlite3_bind_int64(s, 3, same_since);
	sqlite3_bind_text(s, 4, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, body, -1, SQLITE_STATIC);
	id = store_find_id(st, s);
	if (id == STORE_NOTFOUND) {
		id = thread_insert(st, space_id, member_id, title, body, held,
		    now);
		/* those it names are told now, or once it is approved */
		if (id > 0 && !held && (notify_mentions(st, id, 0, member_id,
		    body, now) != STORE_OK || notify_started(st, id, now) !=
		    STORE_OK))
			goto fail;
	}
	if (id < 0)
		goto fail;
	if (draft_id > 0) {
		/* kept, so that a retried request finds what it made */
		if ((s = store_stmt(st, sql_draft_posted)) == NULL)
			goto fail;
		sqlite3_bind_int64(s, 1, draft_id);
		sqlite3_bind_int64(s, 2, id);
		if (store_exec_stmt(st, s) != STORE_OK)
			goto fail;
	}
	if (store_commit(st) != STORE_OK)
		goto fail;
	return id;
fail:
	store_rollback(st);
	return id < 0 ? id : STORE_ERROR;
}

static const char sql_feed_threads[] =
	"SELECT " THREAD_COLUMNS "0 " THREAD_JOINS
	"WHERE t.held = 0 AND s.archived = 0 AND (?1 = 0 OR t.space_id = ?1) "
	"ORDER BY t.created DESC, t.id DESC LIMIT ?2";

int
store_feed_threads(struct store *st, int64_t space_id, int limit,
    thread_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_feed_threads);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, space_id);
	sqlite3_bind_int(s, 2, limit);
	return store_threads_each(st, s, cb, arg);
}
