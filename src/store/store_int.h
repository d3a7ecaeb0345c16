/*
 * store_int.h: what the files of the store share, and nothing outside
 * src/store/ includes: the struct store, the statement cache, the loop
 * that steps through rows, the row converters and the SQL fragments
 * that more than one file's statements are made of.
 */
#ifndef MOOT_STORE_INT_H
#define MOOT_STORE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "store/store.h"
#include "core/text.h"

/* A number macro as an SQL literal: STORE_STR(COMMENT_LINE_WEIGHT). */
#define STORE_STR_(x)	#x
#define STORE_STR(x)	STORE_STR_(x)

#define COL_TEXT(s, i)	((const char *)sqlite3_column_text((s), (i)))

/* Longest name a key is made of, in bytes. */
#define NAME_KEY_MAX	(MEMBER_NAME_MAX * 4)

/*
 * How many of a member's latest posts a retry is looked for among.  The
 * posting rate limit lets far fewer through in the retry window (ten
 * minutes, handlers/post.c); a string because it is spliced into SQL.
 */
#define RECENT_POSTS	"32"

/*
 * A comment its author sees apart from everyone else (held for a
 * moderator, or hidden by one), as comments C: the very terms of the
 * partial index comments_apart (schema 16), so that SQLite uses it.
 */
#define COMMENT_APART(C) \
	C ".deleted = 0 AND (" C ".held = 1 OR " C ".hidden IS NOT NULL)"

/* An invitation that can still be used; T: the oldest it may be. */
#define INVITE_OPEN_SQL(T) \
	"(revoked IS NULL AND uses_left > 0 AND created >= " T ")"

/*
 * Statements are cached by their SQL's address: each file keeps its
 * statements as static arrays beside the functions that run them, and
 * store_stmt() finds (or prepares) the one for that array.  Open
 * addressing in a table twice as large as the statements there are.
 */
#define STORE_STMT_SLOTS	256
/* settings kept by a connection (struct store), each at most so long */
#define SETTING_MEMOS		8
#define SETTING_MEMO_KEY	32
#define SETTING_MEMO_VALUE	128

/*
 * Where a getter copies its row's strings: one buffer per kind of row,
 * reused by the next call of that getter.
 */
struct row_text {
	char		*buf;
	size_t		 cap;
	size_t		 used;
	int		 lacking;	/* a string did not fit: an error */
};

enum row_kept {
	KEPT_SPACE,
	KEPT_THREAD,
	KEPT_COMMENT,
	KEPT__MAX
};

struct store {
	sqlite3		*db;
	int		 depth;		/* transactions open (store_begin) */
	int		 reading;	/* store_read_begin() holds one */
	int		 wal_pages;	/* after our last commit (STORE_WRITER) */
	struct {
		const char	*sql;
		sqlite3_stmt	*s;
	}		 stmt[STORE_STMT_SLOTS];
	struct row_text	 kept[KEPT__MAX];
	/*
	 * store_notifications_new()'s last answer, and the database as it
	 * was then (store_stamp()): every page a member reads shows the
	 * count.
	 */
	struct {
		int64_t			 member, n;
		struct store_stamp	 at;
	}		 notes_new;
	/* PRAGMA data_version as read once in the read transaction held
	 * (store_read_begin()); -1: not yet */
	int64_t		 read_version;
	/*
	 * The short settings read in a read transaction, and the database
	 * as it was then, as for notes_new: every page a member reads
	 * asks for its language and licence (settings.c).
	 */
	struct setting_memo {
		struct store_stamp	 at;
		size_t			 n;
		struct {
			char		 key[SETTING_MEMO_KEY];
			char		 value[SETTING_MEMO_VALUE];
		}			 e[SETTING_MEMOS];
	}		 settings_memo;
};

/* stmt.c: statements, results, transactions. */
/* An SQLite result code as a STORE_ code; the unexpected are logged. */
int		 store_result(struct store *, int sqlite_rc);
/* The statement for this SQL, prepared on first use, reset and unbound. */
sqlite3_stmt	*store_stmt(struct store *, const char *sql);
void		 store_stmt_finalize(struct store *);
/* Step a statement that returns no rows; reset it. */
int		 store_exec_stmt(struct store *, sqlite3_stmt *);
/* The same for one that must change a row: STORE_NOTFOUND if none. */
int		 store_exec_changed(struct store *, sqlite3_stmt *);
/*
 * The next row of a bound statement: 1; or 0 when there are no more, or
 * a STORE_ error, and then the statement is reset and unbound.  One that
 * is left before its end is reset with store_reset().
 */
int		 store_step(struct store *, sqlite3_stmt *);
void		 store_reset(sqlite3_stmt *);
/* The first column of the one row: an id, STORE_NOTFOUND or an error. */
int64_t		 store_find_id(struct store *, sqlite3_stmt *);
/* Run an INSERT; the new row id, or a STORE_ error. */
int64_t		 store_insert(struct store *, sqlite3_stmt *);

/*
 * A getter's copy of the row under s: make room for all its text, then
 * copy each string column as the converter reads it (keep NULL: no copy,
 * the strings are the statement's until it steps on).
 */
int		 store_keep(struct store *, enum row_kept, sqlite3_stmt *,
		    struct row_text **);
const char	*store_col_text(sqlite3_stmt *, int col, struct row_text *);

/* The rows of the discussions (columns in the order of their SELECTs). */
void		 store_space_row(sqlite3_stmt *, struct space_row *,
		    struct row_text *);
void		 store_thread_row(sqlite3_stmt *, struct thread_row *,
		    struct row_text *);
void		 store_comment_row(sqlite3_stmt *, struct comment_row *,
		    struct row_text *);
/*
 * The loop over a statement's rows, written once: defines
 * "int NAME(struct store *st, sqlite3_stmt *s, CB_T cb, void *arg)",
 * which reads each row of the bound statement s into a ROW_T r with READ
 * (an expression of s and &r), gives it to cb until cb returns non-zero
 * (s is then reset for its next use), and returns the rows seen or the
 * store's error.  A macro because only the row's type and its reader
 * differ between the dozen lists; put "static" before it for a file's own.
 */
#define STORE_ROWS_EACH(NAME, ROW_T, CB_T, READ)			\
int									\
NAME(struct store *st, sqlite3_stmt *s, CB_T cb, void *arg)		\
{									\
	ROW_T	r;							\
	int	rc, n = 0;						\
									\
	while ((rc = store_step(st, s)) == 1) {				\
		READ;							\
		n++;							\
		if (cb(arg, &r) != 0) {					\
			store_reset(s);					\
			break;						\
		}							\
	}								\
	return rc < 0 ? rc : n;						\
}

/* Each row of a bound statement to cb: the row count, or an error. */
int		 store_spaces_each(struct store *, sqlite3_stmt *, space_cb,
		    void *);
int		 store_threads_each(struct store *, sqlite3_stmt *,
		    thread_cb, void *);
int		 store_comments_each(struct store *, sqlite3_stmt *,
		    comment_cb, void *);

/*
 * The key names are unique by, whatever their case (text_name_key), into
 * key (NAME_KEY_MAX + 1 bytes).  Inline: members.c and moderation.c both
 * write names, and neither should call the other for it.
 */
static inline const char *
store_name_key(const char *name, char *key)
{
	size_t len = strlen(name);

	if (len > NAME_KEY_MAX)
		len = NAME_KEY_MAX;
	text_name_key(name, len, key);
	return key;
}
/* moderation.c: the audit log's entry for r, on target. */
int		 modlog_add(struct store *, const struct mod_request *,
		    int64_t target);
/* notifications.c: who hears of a comment others can now see. */
int		 notify_comment(struct store *, int64_t thread_id,
		    int64_t comment_id, int64_t actor, const char *body,
		    int64_t now, int late);
/* comment_id 0: the opening post of thread_id */
int		 notify_mentions(struct store *, int64_t thread_id,
		    int64_t comment_id, int64_t actor, const char *body,
		    int64_t now);

/* follows.c: a new discussion, told to who follows its space or author. */
int		 notify_started(struct store *, int64_t thread_id,
		    int64_t now);

#endif
