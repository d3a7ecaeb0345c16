/*
 * db_admin.h: the store's read queries for the operator: every member
 * with counts, every space and thread (archived and held ones too),
 * statistics, consistent snapshots for exports, and online backups.
 * The pages never need these; mootctl and the exports do.  Changes still
 * go through store_moderate() (db.h), which logs them.
 */
#ifndef MOOT_DB_ADMIN_H
#define MOOT_DB_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* One member as the operator sees them. */
struct member_row {
	int64_t		 id;
	const char	*name;
	int		 role;
	int64_t		 joined;
	const char	*suspended;	/* the reason; NULL: not suspended */
	int		 approved;	/* 0: posts wait for a moderator */
	int64_t		 terms_accepted;
	int64_t		 threads;	/* started, held ones too */
	int64_t		 comments;	/* not deleted */
	int64_t		 certs;
};

struct admin_stats {
	int64_t		 members;
	int64_t		 suspended;
	int64_t		 threads;	/* discussions readers can see */
	int64_t		 comments;	/* not held, not deleted */
	int64_t		 views;
	int64_t		 reports_open;
	int64_t		 held;		/* threads and comments waiting */
};

#define STATS_DAYS	14	/* posts per day, this many UTC days */
#define DAY_SECONDS	(24 * 60 * 60)

/* Backups copy this many pages per step. */
#define BACKUP_STEP_PAGES	64

typedef int (*member_row_cb)(void *, const struct member_row *);

/*
 * Find a member by id (when the argument is all digits and such a member
 * exists) or by display name, ignoring ASCII case as the store's unique
 * key does.  STORE_OK, STORE_NOTFOUND or an error.
 */
int	admin_member_find(struct store *, const char *, struct member *);
/* Every member, by id; or one (id > 0).  Row count or an error. */
int	admin_members(struct store *, int64_t id, member_row_cb, void *);

/* Every space, archived ones too, in their order. */
int	admin_spaces(struct store *, space_cb, void *);
/*
 * Threads of a space (0: of every space), newest activity first.
 * all: held threads too; else only those readers can see.
 */
int	admin_threads(struct store *, int64_t space_id, int all, thread_cb,
	    void *);
/* The comments readers see in a thread (hidden and deleted included). */
int	admin_thread_comments(struct store *, int64_t thread_id, comment_cb,
	    void *);
/* 0: open, 1: resolved, STORE_NOTFOUND, or an error. */
int	admin_report_state(struct store *, int64_t id);

int	admin_stats(struct store *, struct admin_stats *);
/*
 * Posts (threads and comments readers can see, deleted ones too: they
 * were written) per UTC day, for STATS_DAYS days starting at the day
 * that holds since.  counts[0] is that first day.
 */
int	admin_posts_per_day(struct store *, int64_t since,
	    int64_t counts[STATS_DAYS]);

/*
 * A read transaction: every query until admin_snapshot_end() sees the
 * database as it was at the first one, while the server goes on writing
 * (WAL).  Exports use it so that counts and contents agree.
 */
int	admin_snapshot_begin(struct store *);
void	admin_snapshot_end(struct store *);

/*
 * Copy the live database into path (a new, empty file) with SQLite's
 * online backup, BACKUP_STEP_PAGES at a time, waiting out locks.  The
 * copy is a plain rollback-journal database in one file.  *pages is its
 * size in pages.  STORE_OK or an error; why is in errbuf.
 */
int	admin_backup(struct store *, const char *path, int64_t *pages,
	    char *errbuf, size_t errsz);
/*
 * Open a database file read-only and run PRAGMA integrity_check: STORE_OK
 * when it says "ok"; otherwise what it said (or why it could not open)
 * is in errbuf.
 */
int	admin_check_file(const char *path, char *errbuf, size_t errsz);

#endif
