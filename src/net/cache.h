/*
 * cache.h: rendered pages kept per worker, for the pages that are the
 * same for every visitor (home, spaces, discussions, feeds).
 *
 * A page is rendered once per change of the database, not once per
 * reader.  An entry is valid while the database is as it was when the
 * page was rendered: SQLite's data_version (any other connection's
 * commit: the writer, other workers, mootctl) and this worker's own
 * total_changes (its own writes) both unchanged.  Readers with a
 * certificate, queries and uploads are never cached; small capsule
 * files are, for anyone, for a second at most (ROUTE_FILE in router.h).
 *
 * A discussion's page (and its feeds) also outlives changes elsewhere:
 * when the database has changed, the entry is still good if the
 * discussion's revision and the community's (store_revisions(), moved by
 * triggers) are what they were before the page was rendered.  So a
 * comment in one discussion does not cost every other discussion a
 * render.
 */
#ifndef MOOT_CACHE_H
#define MOOT_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"

struct evbuffer;
struct views;

#define CACHE_ENTRIES		32
#define CACHE_PAGE_MAX		(512 * 1024)	/* bytes of one reply */
#define CACHE_KEY_MAX		(1024 + 2)

/*
 * The bytes of one reply.  Replies are sent by reference, not copied
 * into each connection's buffer, so a blob lives until the last
 * connection sending it is done with it; only its worker touches refs.
 */
struct cache_blob {
	int		 refs;
	size_t		 len;
	/* a strong validator (HTTP's ETag): FNV-1a of the bytes, and
	 * when they were rendered (Last-Modified) */
	uint64_t	 hash;
	time_t		 made;
	char		 bytes[];
};

/*
 * What a discussion's page depends on; thread_id 0 for other pages.
 * A page that shows a view count (views_thread, else 0) is good only
 * while that is the most any page showed (views.c): once another worker
 * showed more, this copy would take a reader's count backwards.
 */
struct cache_revs {
	int64_t		 thread_id;
	int64_t		 thread_rev;
	int64_t		 rev;
	int64_t		 views_thread;
	int64_t		 views;
	int64_t		 changes_at;	/* request.h; 0: none */
	int		 file;		/* a capsule file (ROUTE_FILE): good
					 * until changes_at, whatever the
					 * database does */
};

struct cache_entry {
	char			 key[CACHE_KEY_MAX];	/* protocol + path */
	struct store_stamp	 at;	/* the database it was rendered from */
	struct cache_revs	 revs;
	uint64_t		 used;		/* for least recently used */
	struct cache_blob	*blob;		/* the whole reply */
};

struct page_cache {
	struct cache_entry	 e[CACHE_ENTRIES];
	struct views		*views;	/* its site's counts (views.c) */
	uint64_t		 tick;
	/* logged at exit with --debug */
	uint64_t		 hits, misses, renewed;
};

/* A discussion's revisions, read before its page is rendered; -1 if gone. */
int	cache_revs(struct store *, int64_t thread_id, struct cache_revs *);
/* The cached reply, or NULL; st answers for a discussion's revisions. */
const struct cache_entry *cache_get(struct page_cache *, struct store *,
	    char proto, const char *path, const struct store_stamp *);
/* Append a cached reply to out, without copying it. */
int	cache_send(const struct cache_entry *, struct evbuffer *out);
/* Keep a copy of the reply waiting in out: its entry, or NULL. */
const struct cache_entry *cache_put(struct page_cache *, char proto, const char *path,
	    const struct store_stamp *, const struct cache_revs *,
	    struct evbuffer *out);
void	cache_free(struct page_cache *);

#endif
