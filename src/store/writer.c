/*
 * writer.c: see writer.h.
 *
 * Jobs queue under a mutex; the writer takes all that are waiting (up to
 * WRITER_BATCH_MAX), runs each in its own savepoint inside one
 * transaction, commits once, and hands every job back through its
 * hand_back (server.c queues it for its worker and wakes that loop).
 *
 * The writer also owns the server's other writes in the background: it
 * flushes view counts at most once a second (and when it stops), and it
 * checkpoints the WAL, so no other thread needs a connection of its own;
 * and every EVENT_REMIND_INTERVAL it sends the day-before reminders of
 * events (store_events_remind(), which mootctl events remind runs too).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/events.h"
#include "core/log.h"
#include "store/views.h"
#include "store/writer.h"

#define WRITER_BATCH_MAX	256
#define VIEW_FLUSH_INTERVAL	1	/* s */

/* One per database (a site has its own: sites.c). */
struct writer {
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;
	struct write_jobs	 queue;
	struct store		*store;
	struct views		*views;		/* whose counts it flushes */
	int			 running;
	int			 stopping;
	int			 flush_failed;	/* the last view flush */
	struct timespec		 flushed;	/* CLOCK_MONOTONIC */
	struct timespec		 reminded;	/* CLOCK_MONOTONIC */
};

void
write_job_free(struct write_job *job)
{
	if (job == NULL)
		return;
	free(job->text);
	free(job);
}

static void
writer_batch(struct writer *w, struct write_jobs *batch)
{
	struct write_job	*job;
	int			 rc;

	if ((rc = store_begin(w->store)) != STORE_OK) {
		TAILQ_FOREACH(job, batch, entry)
			job->result = rc;
		return;
	}
	TAILQ_FOREACH(job, batch, entry)
		job->result = job->run(w->store, job);
	if ((rc = store_commit(w->store)) != STORE_OK) {
		/* nothing in the batch is on disk: say so to every one */
		store_rollback(w->store);
		TAILQ_FOREACH(job, batch, entry)
			if (job->result >= 0)
				job->result = rc;
	}
}

/* View counts go out once a second at most: a write per view would not. */
static void
writer_flush_views(struct writer *w, int now)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	if (!now && t.tv_sec - w->flushed.tv_sec < VIEW_FLUSH_INTERVAL)
		return;
	w->flushed = t;
	w->flush_failed = view_flush(w->views, w->store) != 0;
}

/* Events' reminders; a failure (a lock held) is tried at the next pass. */
static void
writer_remind(struct writer *w)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	if (t.tv_sec - w->reminded.tv_sec < EVENT_REMIND_INTERVAL)
		return;
	w->reminded = t;
	if (store_events_remind(w->store, (int64_t)time(NULL)) < 0)
		log_warnx("events: the reminders wait for the next pass");
}

static void *
writer_main(void *arg)
{
	struct writer		*w = arg;
	struct write_jobs	 batch;
	struct write_job	*job;
	struct timespec		 until;
	int			 n;

	for (;;) {
		TAILQ_INIT(&batch);
		pthread_mutex_lock(&w->lock);
		/* the condition variable's clock is CLOCK_MONOTONIC */
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += VIEW_FLUSH_INTERVAL;
		while (TAILQ_EMPTY(&w->queue) && !w->stopping &&
		    pthread_cond_timedwait(&w->wake, &w->lock,
		    &until) != ETIMEDOUT)
			;
		if (TAILQ_EMPTY(&w->queue) && w->stopping) {
			pthread_mutex_unlock(&w->lock);
			break;
		}
		for (n = 0; n < WRITER_BATCH_MAX &&
		    (job = TAILQ_FIRST(&w->queue)) != NULL; n++) {
			TAILQ_REMOVE(&w->queue, job, entry);
			TAILQ_INSERT_TAIL(&batch, job, entry);
		}
		pthread_mutex_unlock(&w->lock);

		if (!TAILQ_EMPTY(&batch))
			writer_batch(w, &batch);
		while ((job = TAILQ_FIRST(&batch)) != NULL) {
			TAILQ_REMOVE(&batch, job, entry);
			job->hand_back(job);
		}
		writer_flush_views(w, 0);
		writer_remind(w);
		/* after the replies, not inside anyone's commit */
		(void)store_checkpoint_due(w->store);
	}
	writer_flush_views(w, 1);
	return NULL;
}

struct writer *
writer_start(const char *db_path, struct views *views)
{
	pthread_condattr_t	 attr;
	struct writer		*w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	pthread_mutex_init(&w->lock, NULL);
	TAILQ_INIT(&w->queue);
	w->views = views;
	if (pthread_condattr_init(&attr) != 0 ||
	    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&w->wake, &attr) != 0) {
		free(w);
		return NULL;
	}
	pthread_condattr_destroy(&attr);
	clock_gettime(CLOCK_MONOTONIC, &w->flushed);
	if ((w->store = store_open(db_path, STORE_WRITER)) == NULL ||
	    pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		store_close(w->store);
		pthread_cond_destroy(&w->wake);
		free(w);
		return NULL;
	}
	w->running = 1;
	return w;
}

/* Finish every queued job, flush the view counts, then stop and free. */
int
writer_stop(struct writer *w)
{
	int rc;

	if (w == NULL)
		return 0;
	pthread_mutex_lock(&w->lock);
	w->stopping = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	store_close(w->store);
	rc = w->flush_failed ? -1 : 0;
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
	return rc;
}

void
writer_submit(struct writer *w, struct write_job *job)
{
	pthread_mutex_lock(&w->lock);
	TAILQ_INSERT_TAIL(&w->queue, job, entry);
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}
