/*
 * snapshots.h: the comments of a discussion's page as any member sees
 * them, kept per worker and site, so that a member's page is not built
 * from the database on every request (issue 16).
 *
 * What a member sees of the comments differs from what another member
 * sees only in their own comments (Edit and Delete instead of Report,
 * their held ones, the text of their hidden ones) and the comments they
 * reported.  handlers/thread.c takes the comments from here, puts Edit
 * and Delete in place of the Report link on the member's own, builds
 * the rest of those fresh, with everything around the comments (the
 * opening post, drafts, following, the footer with its counts; router.c
 * then signs the action links for this member).  Moderators, who see more on
 * every comment, get a page built for them.
 *
 * A snapshot is good while the discussion's revision and the
 * community's (store_revisions(): triggers move them with every change
 * a page of the discussion shows) are what they were before it was
 * built.  Deliberately our own, like the page cache: a small array, no
 * locks (each worker has its own), least recently used out.
 */
#ifndef MOOT_SNAPSHOTS_H
#define MOOT_SNAPSHOTS_H

#include <stddef.h>
#include <stdint.h>

#include "render/page.h"

struct store;

#define SNAPSHOTS_MAX		8	/* pages kept, per worker and site */
/* whom a snapshot is built for: a member with nothing of their own */
#define SNAPSHOT_VIEWER		(-1)

/*
 * One comment: its elements in the snapshot, and where among them is
 * its Report link, which its author sees Edit and Delete in place of (0:
 * it has none, as a deleted or hidden comment).
 */
struct snap_comment {
	int64_t		 id;
	int64_t		 author;	/* member id */
	size_t		 first, n;
	size_t		 report;
};

struct snapshot {
	int64_t		 thread_id;
	int64_t		 first, end;	/* the page: comment ids, as for
					 * store_comments() */
	int64_t		 thread_rev, rev;
	int		 ready;		/* built whole and still good */
	uint64_t	 used;
	struct arena	 arena;		/* the elements' strings */
	struct element	*els;
	size_t		 nels, elcap;
	struct snap_comment *c;
	size_t		 nc, ccap;
};

/*
 * Where a discussion's pages begin (thread_pages() in thread.c): read
 * from every comment's weight, so kept too, under the same revisions.
 */
struct snap_pages {
	int64_t		 thread_id, opening;	/* the opening post's weight */
	int64_t		 thread_rev, rev;
	int		 ready;
	uint64_t	 used;
	int64_t		*first;
	int64_t		 n;
	size_t		 cap;
};

struct snapshots {
	struct snapshot	 s[SNAPSHOTS_MAX];
	struct snap_pages pages[SNAPSHOTS_MAX];
	uint64_t	 tick;
	uint64_t	 hits, misses;	/* logged at exit with --debug */
};

struct snapshots *snapshots_new(void);
void	 snapshots_free(struct snapshots *);
/*
 * The page's snapshot, good at the revisions revs (as
 * snapshot_pages_find() read them this request: -1, unknown), or NULL.
 */
const struct snapshot *snapshot_find(struct snapshots *, int64_t thread_id,
	    int64_t first, int64_t end, const int64_t revs[2]);
/*
 * A slot for the page, emptied, for the revisions read before it is
 * built (a change meanwhile only means a build more); NULL when they are
 * unknown.  snapshot_add() each comment's elements in order, then
 * snapshot_done(); -1 from snapshot_add() (memory) leaves it unused.
 */
struct snapshot *snapshot_begin(struct snapshots *, int64_t thread_id,
	    int64_t first, int64_t end, const int64_t revs[2]);
int	 snapshot_add(struct snapshot *, int64_t comment_id, int64_t author,
	    size_t report, const struct element *, size_t n);
void	 snapshot_done(struct snapshots *, struct snapshot *);
/*
 * The pages kept for a discussion, good as the database is now, or NULL;
 * revs gets the revisions now (-1: unknown), which snapshot_pages_keep()
 * wants with the pages worked out after them.
 */
const struct snap_pages *snapshot_pages_find(struct snapshots *,
	    int64_t thread_id, int64_t opening, const int64_t revs[2]);
void	 snapshot_pages_keep(struct snapshots *, int64_t thread_id,
	    int64_t opening, const int64_t revs[2], const int64_t *first,
	    int64_t n);

#endif
