/*
 * stmt.c: the machinery every file of the store runs its SQL through:
 * the statement cache, stepping through rows, copying a getter's row,
 * SQLite's results as STORE_ codes, and transactions.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "core/log.h"

/* Map an SQLite result to a STORE_ code, logging what is unexpected. */
int
store_result(struct store *st, int rc)
{
	switch (rc) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_OK;
	case SQLITE_CONSTRAINT:
		return STORE_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warnx("database busy: %s", sqlite3_errmsg(st->db));
		return STORE_BUSY;
	case SQLITE_FULL:
		log_warnx("database full: %s", sqlite3_errmsg(st->db));
		return STORE_FULL;
	default:
		log_warnx("database error: %s", sqlite3_errmsg(st->db));
		return STORE_ERROR;
	}
}

/*
 * A statement's slot: its own, or the empty one where it will go;
 * STORE_STMT_SLOTS when the table is full (more statements than it was
 * made for: a bug, said in the log).
 */
static size_t
stmt_slot(const struct store *st, const char *sql)
{
	/* Fibonacci hashing of the address */
	size_t i = (size_t)(((uint64_t)(uintptr_t)sql *
	    UINT64_C(11400714819323198485)) >> 56) % STORE_STMT_SLOTS;
	size_t probes;

	for (probes = 0; probes < STORE_STMT_SLOTS; probes++) {
		if (st->stmt[i].sql == NULL || st->stmt[i].sql == sql)
			return i;
		i = (i + 1) % STORE_STMT_SLOTS;
	}
	return STORE_STMT_SLOTS;
}

/* The statement, prepared on first use, reset and unbound. */
sqlite3_stmt *
store_stmt(struct store *st, const char *sql)
{
	size_t		 i = stmt_slot(st, sql);
	sqlite3_stmt	*s;

	if (i == STORE_STMT_SLOTS) {
		log_warnx("the statement cache is full: raise "
		    "STORE_STMT_SLOTS");
		return NULL;
	}
	if (st->stmt[i].sql != NULL)
		s = st->stmt[i].s;
	else if (sqlite3_prepare_v3(st->db, sql, -1,
	    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		log_warnx("prepare \"%.40s...\": %s", sql,
		    sqlite3_errmsg(st->db));
		return NULL;
	} else {
		st->stmt[i].sql = sql;
		st->stmt[i].s = s;
	}
	/* a write: not inside a read snapshot (store_read_begin()) */
	if (st->reading && !sqlite3_stmt_readonly(s))
		store_read_end(st);
	return s;
}

void
store_stmt_finalize(struct store *st)
{
	size_t i;

	for (i = 0; i < STORE_STMT_SLOTS; i++) {
		sqlite3_finalize(st->stmt[i].s);
		st->stmt[i].sql = NULL;
		st->stmt[i].s = NULL;
	}
	for (i = 0; i < KEPT__MAX; i++)
		free(st->kept[i].buf);
}

/* Step a statement that returns no rows; reset it. */
int
store_exec_stmt(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	store_reset(s);
	return store_result(st, rc);
}

/*
 * Step a statement that changes rows (an UPDATE or DELETE bound to one
 * owner's row): STORE_NOTFOUND when it changed none, so the caller can
 * tell "not yours, or gone" from done.
 */
int
store_exec_changed(struct store *st, sqlite3_stmt *s)
{
	int rc;

	if ((rc = store_exec_stmt(st, s)) != STORE_OK)
		return rc;
	return sqlite3_changes(st->db) > 0 ? STORE_OK : STORE_NOTFOUND;
}

static int
store_exec_sql(struct store *st, const char *sql)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	return s ? store_exec_stmt(st, s) : STORE_ERROR;
}

int
store_step(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 1;
	store_reset(s);
	return rc == SQLITE_DONE ? 0 : store_result(st, rc);
}

void
store_reset(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* The id of a matching row, STORE_NOTFOUND, or an error. */
int64_t
store_find_id(struct store *st, sqlite3_stmt *s)
{
	int	rc = sqlite3_step(s);
	int64_t	id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;

	store_reset(s);
	if (rc == SQLITE_ROW)
		return id;
	return rc == SQLITE_DONE ? STORE_NOTFOUND : store_result(st, rc);
}

int64_t
store_insert(struct store *st, sqlite3_stmt *s)
{
	int rc = store_exec_stmt(st, s);

	return rc == STORE_OK ? sqlite3_last_insert_rowid(st->db) : rc;
}

int
store_keep(struct store *st, enum row_kept kind, sqlite3_stmt *s,
    struct row_text **keep)
{
	struct row_text	*rt = &st->kept[kind];
	size_t		 need = 0;
	char		*buf;
	int		 i, n = sqlite3_column_count(s);

	for (i = 0; i < n; i++)
		if (sqlite3_column_type(s, i) == SQLITE_TEXT)
			need += (size_t)sqlite3_column_bytes(s, i) + 1;
	if (need > rt->cap) {
		if ((buf = realloc(rt->buf, need)) == NULL)
			return STORE_ERROR;
		rt->buf = buf;
		rt->cap = need;
	}
	rt->used = 0;
	rt->lacking = 0;
	*keep = rt;
	return STORE_OK;
}

const char *
store_col_text(sqlite3_stmt *s, int col, struct row_text *keep)
{
	const char	*t = COL_TEXT(s, col);
	char		*copy;
	size_t		 len;

	if (keep == NULL || t == NULL)
		return t;
	len = (size_t)sqlite3_column_bytes(s, col);
	if (keep->cap - keep->used < len + 1) {
		/* not a text column after all: store_keep() did not count it */
		keep->lacking = 1;
		return "";
	}
	copy = keep->buf + keep->used;
	memcpy(copy, t, len + 1);
	keep->used += len + 1;
	return copy;
}

const char *
store_errmsg(struct store *st)
{
	return sqlite3_errmsg(st->db);
}

static const char sql_data_version[] =
	"PRAGMA data_version";

/*
 * Others' commits cannot show inside a read transaction: its version is
 * read once there, however many memos ask.
 */
static int64_t
store_data_version(struct store *st)
{
	sqlite3_stmt	*s;
	int64_t		 v;

	if (st->reading && st->read_version >= 0)
		return st->read_version;
	if ((s = store_stmt(st, sql_data_version)) == NULL)
		return -1;
	v = store_find_id(st, s);
	if (v < 0)
		return -1;
	if (st->reading)
		st->read_version = v;
	return v;
}

int
store_stamp(struct store *st, struct store_stamp *now)
{
	now->data_version = store_data_version(st);
	now->changes = sqlite3_total_changes64(st->db);
	return now->data_version < 0 ? -1 : 0;
}

int
store_stamp_same(const struct store_stamp *a, const struct store_stamp *b)
{
	return a->data_version >= 0 && a->data_version == b->data_version &&
	    a->changes == b->changes;
}

/*
 * Transactions nest: the outermost is BEGIN IMMEDIATE (a writer takes the
 * lock up front, so it never has to upgrade a read and fail), the inner
 * ones are savepoints.  So store functions that write atomically can run
 * alone (mootctl, a handler) or inside the writer's batch (writer.c), and
 * a failed one rolls back only itself.
 */
static const char sql_begin[] = "BEGIN IMMEDIATE";
static const char sql_savepoint[] = "SAVEPOINT nested";
static const char sql_commit[] = "COMMIT";
static const char sql_release[] = "RELEASE nested";
static const char sql_rollback[] = "ROLLBACK";
static const char sql_rollback_to[] = "ROLLBACK TO nested";

static const char sql_begin_read[] = "BEGIN DEFERRED";

void
store_read_begin(struct store *st)
{
	/* never inside another transaction, whoever opened it */
	if (st == NULL || st->reading || st->depth != 0 ||
	    !sqlite3_get_autocommit(st->db))
		return;
	if (store_exec_sql(st, sql_begin_read) == STORE_OK) {
		st->reading = 1;
		st->read_version = -1;
	}
}

void
store_read_end(struct store *st)
{
	if (st == NULL || !st->reading)
		return;
	st->reading = 0;
	st->read_version = -1;
	if (store_exec_sql(st, sql_commit) != STORE_OK &&
	    !sqlite3_get_autocommit(st->db)) {
		/* a snapshot left open would be read for ever after */
		log_warnx("ending a read transaction: %s",
		    sqlite3_errmsg(st->db));
		store_exec_sql(st, sql_rollback);
	}
}

int
store_begin(struct store *st)
{
	int rc;

	if (st->reading)
		store_read_end(st);
	rc = store_exec_sql(st, st->depth == 0 ? sql_begin : sql_savepoint);
	if (rc == STORE_OK)
		st->depth++;
	return rc;
}

int
store_commit(struct store *st)
{
	int rc;

	if (st->depth == 0)
		return STORE_ERROR;
	rc = store_exec_sql(st, st->depth == 1 ? sql_commit : sql_release);
	if (rc == STORE_OK)
		st->depth--;
	return rc;
}

void
store_rollback(struct store *st)
{
	if (st->depth == 0)
		return;
	if (st->depth == 1) {
		if (!sqlite3_get_autocommit(st->db))
			store_exec_sql(st, sql_rollback);
	} else {
		store_exec_sql(st, sql_rollback_to);
		store_exec_sql(st, sql_release);
	}
	st->depth--;
}
