/*
 * db_rows.h: what db.c and db_admin.c share in reading rows: the column
 * order of space, thread and comment rows, and the loop that steps
 * through a query.  Internal to the store; nothing else includes it.
 */
#ifndef MOOT_DB_ROWS_H
#define MOOT_DB_ROWS_H

#include <sqlite3.h>

#include "db.h"

#define COL_TEXT(s, i)	((const char *)sqlite3_column_text((s), (i)))

/* A row's columns in the order of db.c's THREAD_COLUMNS and the like. */
void	store_space_row(sqlite3_stmt *, struct space_row *);
void	store_thread_row(sqlite3_stmt *, struct thread_row *);
void	store_comment_row(sqlite3_stmt *, struct comment_row *);

/*
 * Step through a bound query, handing each row to cb (via conv).
 * Returns the number of rows, or a STORE_ error.  The statement is reset
 * whatever happens.
 */
#define STORE_EACH(st, s, rowtype, conv, cb, arg) ({			\
	rowtype	 row_;							\
	int	 rc_, n_ = 0;						\
	while ((rc_ = sqlite3_step(s)) == SQLITE_ROW) {			\
		conv((s), &row_);					\
		n_++;							\
		if ((cb)((arg), &row_) != 0) {				\
			rc_ = SQLITE_DONE;				\
			break;						\
		}							\
	}								\
	sqlite3_reset(s);						\
	sqlite3_clear_bindings(s);					\
	rc_ == SQLITE_DONE ? n_ : store_result((st), rc_);		\
})

#endif
