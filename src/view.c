/*
 * view.c: view counts, kept in memory and written in batches.
 *
 * Counting a view must not cost a database write per request, so workers
 * add to a small table here and the writer thread writes it out once a
 * second (and at shutdown) in one transaction.  Deliberately our own
 * table: a fixed open-addressing array under one mutex is all it needs.
 */
#include <pthread.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "server.h"

#define VIEW_SLOTS	4096	/* distinct threads viewed per flush */

struct view_slot {
	int64_t	thread_id;	/* 0: empty */
	int64_t	count;
};

static struct view_slot	views[VIEW_SLOTS];
static int		view_used;
static pthread_mutex_t	view_lock = PTHREAD_MUTEX_INITIALIZER;

static struct view_slot *
view_find(int64_t id, int insert)
{
	size_t i, h = (uint64_t)id * 0x9e3779b97f4a7c15ULL >> 52;

	for (i = 0; i < VIEW_SLOTS; i++) {
		struct view_slot *s = &views[(h + i) % VIEW_SLOTS];

		if (s->thread_id == id)
			return s;
		if (s->thread_id == 0) {
			/* keep a quarter free so probes stay short */
			if (!insert || view_used >= VIEW_SLOTS * 3 / 4)
				return NULL;
			s->thread_id = id;
			view_used++;
			return s;
		}
	}
	return NULL;
}

void
view_count(int64_t thread_id)
{
	struct view_slot *s;

	pthread_mutex_lock(&view_lock);
	if ((s = view_find(thread_id, 1)) != NULL)
		s->count++;
	/* when full, the view goes uncounted until the next flush */
	pthread_mutex_unlock(&view_lock);
}

int64_t
view_pending(int64_t thread_id)
{
	struct view_slot	*s;
	int64_t			 n;

	pthread_mutex_lock(&view_lock);
	s = view_find(thread_id, 0);
	n = s ? s->count : 0;
	pthread_mutex_unlock(&view_lock);
	return n;
}

/*
 * Write pending counts to the store.  The table is copied under the lock
 * and cleared only for what was written, so a failed write loses nothing.
 */
int
view_flush(struct store *st)
{
	static struct view_slot	 batch[VIEW_SLOTS];
	int			 i, n = 0, rc;

	pthread_mutex_lock(&view_lock);
	for (i = 0; i < VIEW_SLOTS; i++)
		if (views[i].thread_id != 0 && views[i].count > 0)
			batch[n++] = views[i];
	pthread_mutex_unlock(&view_lock);
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
	if ((rc = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		return rc;
	}

	/* subtract what was written; views counted meanwhile stay */
	pthread_mutex_lock(&view_lock);
	for (i = 0; i < n; i++) {
		struct view_slot *s = view_find(batch[i].thread_id, 0);

		if (s != NULL)
			s->count -= batch[i].count;
	}
	/* rebuild without empty slots so that deletions keep probing sound */
	{
		static struct view_slot keep[VIEW_SLOTS];
		int k = 0;

		for (i = 0; i < VIEW_SLOTS; i++)
			if (views[i].thread_id != 0 && views[i].count > 0)
				keep[k++] = views[i];
		memset(views, 0, sizeof(views));
		view_used = 0;
		for (i = 0; i < k; i++)
			view_find(keep[i].thread_id, 1)->count = keep[i].count;
	}
	pthread_mutex_unlock(&view_lock);
	return 0;
}
