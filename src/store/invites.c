/*
 * invites.c: invitations: making them within a member's quota, counting
 * and listing them.  Spending one is part of joining (members.c).
 */
#include <stdio.h>

#include "store/store_int.h"

/* At most this many invitations are listed (a string: spliced in SQL). */
#define INVITES_LISTED	"500"

/* ?5, ?6: the quota (-1: none); ?7: the oldest open one may be,
 * ?8: the start of the quota's window */
static const char sql_invite_add[] =
	"INSERT INTO invites (code, creator_id, uses_left, "
	"created) SELECT ?1, nullif(?2, 0), ?3, ?4 "
	"WHERE (?5 < 0 OR (SELECT count(*) FROM invites WHERE "
	"creator_id = ?2 AND " INVITE_OPEN_SQL("?7") ") < ?5) "
	"AND (?6 < 0 OR (SELECT count(*) FROM invites WHERE "
	"creator_id = ?2 AND created >= ?8) < ?6)";

int64_t
store_invite_add(struct store *st, int64_t creator, const char *code,
    int uses, int64_t now, int open_max, int month_max)
{
	sqlite3_stmt		*s = store_stmt(st, sql_invite_add);
	struct mod_request	 made = { .action = MOD_ADD_INVITE,
	    .moderator = creator, .now = now };
	char			 what[32];
	int64_t			 id;
	int			 rc;

	if (s == NULL)
		return STORE_ERROR;
	snprintf(what, sizeof(what), "%d %s", uses, uses == 1 ? "use" :
	    "uses");
	made.reason = what;
	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, creator);
	sqlite3_bind_int(s, 3, uses);
	sqlite3_bind_int64(s, 4, now);
	sqlite3_bind_int(s, 5, open_max);
	sqlite3_bind_int(s, 6, month_max);
	sqlite3_bind_int64(s, 7, now - INVITE_TTL);
	sqlite3_bind_int64(s, 8, now - INVITE_QUOTA_WINDOW);
	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		goto fail;
	if (sqlite3_changes(st->db) == 0) {
		rc = STORE_CONFLICT;
		goto fail;
	}
	id = sqlite3_last_insert_rowid(st->db);
	if ((rc = modlog_add(st, &made, id)) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK)
		goto fail;
	return id;
fail:
	store_rollback(st);
	return rc;
}

static const char sql_invite_counts[] =
	"SELECT (SELECT count(*) FROM invites "
	"WHERE creator_id = ?1 AND " INVITE_OPEN_SQL("?2") "), "
	"(SELECT count(*) FROM invites WHERE creator_id = ?1 "
	"AND created >= ?3)";

int
store_invite_counts(struct store *st, int64_t creator, int64_t now,
    int *open, int *month)
{
	sqlite3_stmt	*s = store_stmt(st, sql_invite_counts);
	int		 rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, creator);
	sqlite3_bind_int64(s, 2, now - INVITE_TTL);
	sqlite3_bind_int64(s, 3, now - INVITE_QUOTA_WINDOW);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*open = sqlite3_column_int(s, 0);
		*month = sqlite3_column_int(s, 1);
	}
	store_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : store_result(st, rc);
}

static void
invite_from_row(sqlite3_stmt *s, struct invite_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->code = COL_TEXT(s, 1);
	r->creator_id = sqlite3_column_int64(s, 2);
	r->creator = COL_TEXT(s, 3);
	r->uses_left = sqlite3_column_int(s, 4);
	r->created = sqlite3_column_int64(s, 5);
	r->revoked = sqlite3_column_int64(s, 6);
	r->open = sqlite3_column_int(s, 7);
}

static STORE_ROWS_EACH(invites_each, struct invite_row, invite_cb,
    invite_from_row(s, &r))

static const char sql_invites[] =
	"SELECT i.id, i.code, coalesce(i.creator_id, 0), "
	"m.name, i.uses_left, i.created, coalesce(i.revoked, 0), "
	INVITE_OPEN_SQL("?3") " FROM invites i "
	"LEFT JOIN members m ON m.id = i.creator_id "
	"WHERE (?1 = 0 OR i.creator_id = ?1) "
	"AND (?2 = 0 OR " INVITE_OPEN_SQL("?3") ") "
	"ORDER BY i.id DESC LIMIT " INVITES_LISTED;

int
store_invites(struct store *st, int64_t creator, int open_only, int64_t now,
    invite_cb cb, void *arg)
{
	sqlite3_stmt *s = store_stmt(st, sql_invites);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, creator);
	sqlite3_bind_int(s, 2, open_only);
	sqlite3_bind_int64(s, 3, now - INVITE_TTL);
	return invites_each(st, s, cb, arg);
}

static const char sql_invite_valid[] =
	"SELECT 1 FROM invites WHERE code = ?1 "
	"AND " INVITE_OPEN_SQL("?2");

int
store_invite_valid(struct store *st, const char *code, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, sql_invite_valid);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now - INVITE_TTL);
	return store_find_id(st, s) == 1;
}
