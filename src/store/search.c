/*
 * search.c: full-text search over what readers may find (the search
 * index and its triggers are schema 3, in schema.c).
 */
#include "store/store_int.h"

static void
search_from_row(sqlite3_stmt *s, struct search_row *r)
{
	r->thread_id = sqlite3_column_int64(s, 0);
	r->comment_id = sqlite3_column_int64(s, 1);
	r->title = COL_TEXT(s, 2);
	r->snippet = COL_TEXT(s, 3);
	r->created = sqlite3_column_int64(s, 4);
	r->author = COL_TEXT(s, 5);
	r->space_name = COL_TEXT(s, 6);
	r->author_id = sqlite3_column_int64(s, 7);
}

static STORE_ROWS_EACH(search_each, struct search_row, search_cb,
    search_from_row(s, &r))

/* What a reader may find: not in an archived space, not held. */
#define SEARCH_FROM \
	"FROM search s JOIN threads t ON t.id = s.thread_id " \
	"JOIN spaces sp ON sp.id = t.space_id " \
	"WHERE search MATCH ?1 AND sp.archived = 0 AND t.held = 0 " \
	"AND (?2 = 0 OR t.space_id = ?2) "

/*
 * The excerpt has no markers around the words found: screen readers
 * would read the asterisks aloud, and gemtext has no emphasis anyway.
 */
static const char sql_search[] =
	"SELECT s.thread_id, CASE WHEN s.rowid % 2 = 1 THEN 0 "
	"ELSE s.rowid / 2 END, t.title, "
	"snippet(search, 1, '', '', '…', 16), "
	"CASE WHEN s.rowid % 2 = 1 THEN t.created ELSE c.created END, "
	"coalesce(cm.name, tm.name), sp.name, coalesce(cm.id, tm.id) "
	"FROM search s JOIN threads t ON t.id = s.thread_id "
	"JOIN spaces sp ON sp.id = t.space_id "
	"JOIN members tm ON tm.id = t.member_id "
	"LEFT JOIN comments c ON s.rowid % 2 = 0 AND c.id = s.rowid / 2 "
	"LEFT JOIN members cm ON cm.id = c.member_id "
	"WHERE search MATCH ?1 AND sp.archived = 0 AND t.held = 0 "
	"AND (?2 = 0 OR t.space_id = ?2) "
	"ORDER BY bm25(search, 8.0, 1.0), s.rowid LIMIT ?3 OFFSET ?4";

int
store_search(struct store *st, const char *query, int64_t space_id,
    int limit, int offset, search_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_search);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, space_id);
	sqlite3_bind_int(s, 3, limit);
	sqlite3_bind_int(s, 4, offset);
	return search_each(st, s, cb, arg);
}

static const char sql_search_count[] =
	"SELECT count(*) FROM (SELECT 1 " SEARCH_FROM "LIMIT ?3)";

int
store_search_count(struct store *st, const char *query, int64_t space_id,
    int cap, int64_t *n)
{
	sqlite3_stmt	*s = store_stmt(st, sql_search_count);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, space_id);
	sqlite3_bind_int(s, 3, cap);
	if ((rc = store_step(st, s)) != 1)
		return rc < 0 ? rc : STORE_ERROR;
	*n = sqlite3_column_int64(s, 0);
	store_reset(s);
	return 0;
}
