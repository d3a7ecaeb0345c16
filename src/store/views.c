/*
 * views.c: view counts, kept in memory and written in batches.
 *
 * Counting a view must not cost a database write per request, so workers
 * add to a small table here and the writer thread writes it out once a
 * second (and at shutdown) in one transaction.  Deliberately our own
 * tables: fixed arrays under one mutex are all it needs.
 *
 * A view is one reader, one discussion, one hour (VIEW_WINDOW): a reader
 * reloading a page, cached or not, counts once.  The reader is the
 * certificate's fingerprint when there is one, else the address as the
 * log shows it (a whole /24 or /48 when addresses are anonymised).  The
 * readers seen are a fixed table (VIEW_READERS), the least recently
 * counted out first.  Not covered: a reader with several certificates or
 * addresses counts once for each; a reader pushed out of the table by
 * VIEW_READERS others within the hour, or seen before a restart, counts
 * again.
 *
 * The count a page shows never goes back between reloads: it is read
 * with the pending views in one step that a flush cannot split (the
 * flush commits and subtracts under flush_lock), and it is never less
 * than the most any page showed of that discussion (VIEW_SHOWN
 * discussions remembered, the least recently shown out first), which
 * also tells the page cache when a worker's copy shows less than another
 * worker's did.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "core/log.h"
#include "store/views.h"

#define VIEW_SLOTS	4096	/* distinct threads viewed per flush */
#define VIEW_WINDOW	3600	/* seconds: one view per reader and thread */
#define VIEW_READERS	16384	/* (reader, thread) pairs remembered */
#define VIEW_SHOWN	4096	/* threads whose shown count is remembered */
#define VIEW_WAYS	8	/* entries a key may take in those two */

struct view_slot {
	int64_t	thread_id;	/* 0: empty */
	int64_t	count;
};

/* An entry of the two remembering tables: key 0 is empty. */
struct view_way {
	uint64_t	key;
	int64_t		value;	/* when counted; the count shown */
	uint64_t	used;	/* the least recently used goes first */
};

/*
 * One community's counts: each site has its own (sites.c), so that two
 * databases never share a discussion's number.  calloc()ed: the tables
 * cost memory only once views are counted.
 */
struct views {
	struct view_slot	 slots[VIEW_SLOTS];
	int			 used;
	struct view_way		 seen[VIEW_READERS];
	struct view_way		 shown[VIEW_SHOWN];
	uint64_t		 tick;
	/* lock order: flush_lock, then lock */
	pthread_mutex_t		 lock;
	/* readers (view_total) share it; only a flush takes it alone */
	pthread_rwlock_t	 flush_lock;
	/* the flush's copies (one writer thread flushes a site) */
	struct view_slot	 batch[VIEW_SLOTS];
	struct view_slot	 keep[VIEW_SLOTS];
};

struct views *
views_new(void)
{
	struct views *v;

	if ((v = calloc(1, sizeof(*v))) == NULL)
		return NULL;
	pthread_mutex_init(&v->lock, NULL);
	pthread_rwlock_init(&v->flush_lock, NULL);
	return v;
}

void
views_free(struct views *v)
{
	if (v == NULL)
		return;
	pthread_mutex_destroy(&v->lock);
	pthread_rwlock_destroy(&v->flush_lock);
	free(v);
}

static struct view_slot *
view_find(struct views *v, int64_t id, int insert)
{
	size_t i, h = (uint64_t)id * 0x9e3779b97f4a7c15ULL >> 52;

	for (i = 0; i < VIEW_SLOTS; i++) {
		struct view_slot *s = &v->slots[(h + i) % VIEW_SLOTS];

		if (s->thread_id == id)
			return s;
		if (s->thread_id == 0) {
			/* keep a quarter free so probes stay short */
			if (!insert || v->used >= VIEW_SLOTS * 3 / 4)
				return NULL;
			s->thread_id = id;
			v->used++;
			return s;
		}
	}
	return NULL;
}

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ x >> 31;
}

/*
 * The entry for key in a table of n entries (VIEW_WAYS to a set), or
 * with insert a new one in place of the least recently used of its set
 * (value 0); NULL when absent.  Under view_lock.
 */
static struct view_way *
way_find(struct views *v, struct view_way *t, size_t n, uint64_t key,
    int insert)
{
	struct view_way	*set = t + mix(key) % (n / VIEW_WAYS) * VIEW_WAYS;
	struct view_way	*old = set;
	size_t		 i;

	for (i = 0; i < VIEW_WAYS; i++) {
		if (set[i].key == key) {
			set[i].used = ++v->tick;
			return &set[i];
		}
		if (set[i].used < old->used)
			old = &set[i];
	}
	if (!insert)
		return NULL;
	old->key = key;
	old->value = 0;
	old->used = ++v->tick;
	return old;
}

/* Who is reading, with the thread: a key for the seen table, never 0. */
static uint64_t
reader_key(const char *reader, int certified, int64_t thread_id)
{
	const char	*s = reader != NULL ? reader : "";
	uint64_t	 h = certified ? 0xcbf29ce484222325ULL :
	    0x84222325cbf29ce4ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h = mix(h ^ mix((uint64_t)thread_id));
	return h != 0 ? h : 1;
}

int
view_count(struct views *v, const char *reader, int certified, time_t now, int64_t thread_id)
{
	struct view_slot	*s;
	struct view_way		*w;
	int			 counted = 0;

	pthread_mutex_lock(&v->lock);
	w = way_find(v, v->seen, VIEW_READERS, reader_key(reader, certified,
	    thread_id), 1);
	if (w->value == 0 || now - w->value >= VIEW_WINDOW ||
	    now < w->value) {
		/* when full, the view goes uncounted until the next flush */
		if ((s = view_find(v, thread_id, 1)) != NULL) {
			s->count++;
			w->value = now;
			counted = 1;
		}
	}
	pthread_mutex_unlock(&v->lock);
	return counted;
}

/* Views counted and not written yet. */
static int64_t
view_pending(struct views *v, int64_t thread_id)
{
	struct view_slot	*s;
	int64_t			 n;

	pthread_mutex_lock(&v->lock);
	s = view_find(v, thread_id, 0);
	n = s ? s->count : 0;
	pthread_mutex_unlock(&v->lock);
	return n;
}

/*
 * A flush commits and subtracts what it wrote from pending under the
 * flush lock taken alone.  A read transaction that saw the commit waits
 * here until the subtraction is done, so the batch never counts twice;
 * one from before the commit misses it, an undercount that view_show()
 * hides.  The stored count comes from the request's own read of the
 * thread, in the same transaction: no statement of its own.
 */
int64_t
view_total(struct views *v, int64_t stored, int64_t thread_id)
{
	pthread_rwlock_rdlock(&v->flush_lock);
	stored += view_pending(v, thread_id);
	pthread_rwlock_unlock(&v->flush_lock);
	return stored;
}

int64_t
view_show(struct views *v, int64_t thread_id, int64_t n)
{
	struct view_way *w;

	pthread_mutex_lock(&v->lock);
	w = way_find(v, v->shown, VIEW_SHOWN, (uint64_t)thread_id, 1);
	if (w->value > n)
		n = w->value;
	w->value = n;
	pthread_mutex_unlock(&v->lock);
	return n;
}

int64_t
view_shown(struct views *v, int64_t thread_id)
{
	struct view_way	*w;
	int64_t		 n;

	pthread_mutex_lock(&v->lock);
	w = way_find(v, v->shown, VIEW_SHOWN, (uint64_t)thread_id, 0);
	n = w != NULL ? w->value : -1;
	pthread_mutex_unlock(&v->lock);
	return n;
}

/*
 * Write pending counts to the store.  The table is copied under the lock
 * and cleared only for what was written, so a failed write loses nothing.
 */
int
view_flush(struct views *v, struct store *st)
{
	struct view_slot	*batch = v->batch;
	int			 i, n = 0, rc;

	pthread_mutex_lock(&v->lock);
	/* an idle site's table stays untouched (and out of memory) */
	for (i = 0; v->used > 0 && i < VIEW_SLOTS; i++)
		if (v->slots[i].thread_id != 0 && v->slots[i].count > 0)
			batch[n++] = v->slots[i];
	pthread_mutex_unlock(&v->lock);
	if (n == 0)
		return 0;

	if ((rc = store_begin(st)) != STORE_OK)
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = store_add_views(st, batch[i].thread_id,
		    batch[i].count)) != STORE_OK) {
			store_rollback(st);
			return rc;
		}
	/* no view_total() between the commit and the subtraction */
	pthread_rwlock_wrlock(&v->flush_lock);
	if ((rc = store_commit(st)) != STORE_OK) {
		pthread_rwlock_unlock(&v->flush_lock);
		store_rollback(st);
		return rc;
	}

	/* subtract what was written; views counted meanwhile stay */
	pthread_mutex_lock(&v->lock);
	for (i = 0; i < n; i++) {
		struct view_slot *s = view_find(v, batch[i].thread_id, 0);

		if (s != NULL)
			s->count -= batch[i].count;
	}
	/* rebuild without empty slots so that deletions keep probing sound */
	{
		struct view_slot *keep = v->keep;
		int k = 0;

		for (i = 0; i < VIEW_SLOTS; i++)
			if (v->slots[i].thread_id != 0 && v->slots[i].count > 0)
				keep[k++] = v->slots[i];
		memset(v->slots, 0, sizeof(v->slots));
		v->used = 0;
		for (i = 0; i < k; i++)
			view_find(v, keep[i].thread_id, 1)->count =
			    keep[i].count;
	}
	pthread_mutex_unlock(&v->lock);
	pthread_rwlock_unlock(&v->flush_lock);
	return 0;
}
