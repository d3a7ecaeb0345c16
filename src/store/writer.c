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

static struct {
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;
	struct write_jobs	 queue;
	struct store		*store;
	int			 running;
	int			 stopping;
	int			 flush_failed;	/* the last view flush */
	struct timespec		 flushed;	/* CLOCK_MONOTONIC */
	struct timespec		 reminded;	/* CLOCK_MONOTONIC */
} writer = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
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
writer_batch(struct write_jobs *batch)
{
	struct write_job	*job;
	int			 rc;

	if ((rc = store_begin(writer.store)) != STORE_OK) {
		TAILQ_FOREACH(job, batch, entry)
			job->result = rc;
		return;
	}
	TAILQ_FOREACH(job, batch, entry)
		job->result = job->run(writer.store, job);
	if ((rc = store_commit(writer.store)) != STORE_OK) {
		/* nothing in the batch is on disk: say so to every one */
		store_rollback(writer.store);
		TAILQ_FOREACH(job, batch, entry)
			if (job->result >= 0)
				job->result = rc;
	}
}

/* View counts go out once a second at most: a write per view would not. */
static void
writer_flush_views(int now)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	if (!now && t.tv_sec - writer.flushed.tv_sec < VIEW_FLUSH_INTERVAL)
		return;
	writer.flushed = t;
	writer.flush_failed = view_flush(writer.store) != 0;
}

/* Events' reminders; a failure (a lock held) is tried at the next pass. */
static void
writer_remind(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	if (t.tv_sec - writer.reminded.tv_sec < EVENT_REMIND_INTERVAL)
		return;
	writer.reminded = t;
	if (store_events_remind(writer.store, (int64_t)time(NULL)) < 0)
		log_warnx("events: the reminders wait for the next pass");
}

static void *
writer_main(void *arg)
{
	struct write_jobs	 batch;
	struct write_job	*job;
	struct timespec		 until;
	int			 n;

	(void)arg;
	for (;;) {
		TAILQ_INIT(&batch);
		pthread_mutex_lock(&writer.lock);
		/* the condition variable's clock is CLOCK_MONOTONIC */
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += VIEW_FLUSH_INTERVAL;
		while (TAILQ_EMPTY(&writer.queue) && !writer.stopping &&
		    pthread_cond_timedwait(&writer.wake, &writer.lock,
		    &until) != ETIMEDOUT)
			;
		if (TAILQ_EMPTY(&writer.queue) && writer.stopping) {
			pthread_mutex_unlock(&writer.lock);
			break;
		}
		for (n = 0; n < WRITER_BATCH_MAX &&
		    (job = TAILQ_FIRST(&writer.queue)) != NULL; n++) {
			TAILQ_REMOVE(&writer.queue, job, entry);
			TAILQ_INSERT_TAIL(&batch, job, entry);
		}
		pthread_mutex_unlock(&writer.lock);

		if (!TAILQ_EMPTY(&batch))
			writer_batch(&batch);
		while ((job = TAILQ_FIRST(&batch)) != NULL) {
			TAILQ_REMOVE(&batch, job, entry);
			job->hand_back(job);
		}
		writer_flush_views(0);
		writer_remind();
		/* after the replies, not inside anyone's commit */
		(void)store_checkpoint_due(writer.store);
	}
	writer_flush_views(1);
	return NULL;
}

int
writer_start(const char *db_path)
{
	pthread_condattr_t attr;

	TAILQ_INIT(&writer.queue);
	if (pthread_condattr_init(&attr) != 0 ||
	    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&writer.wake, &attr) != 0)
		return -1;
	pthread_condattr_destroy(&attr);
	clock_gettime(CLOCK_MONOTONIC, &writer.flushed);
	if ((writer.store = store_open(db_path, STORE_WRITER)) == NULL)
		return -1;
	if (pthread_create(&writer.thread, NULL, writer_main, NULL) != 0) {
		store_close(writer.store);
		return -1;
	}
	writer.running = 1;
	return 0;
}

/* Finish every queued job, flush the view counts, then stop. */
int
writer_stop(void)
{
	if (!writer.running)
		return 0;
	pthread_mutex_lock(&writer.lock);
	writer.stopping = 1;
	pthread_cond_signal(&writer.wake);
	pthread_mutex_unlock(&writer.lock);
	pthread_join(writer.thread, NULL);
	store_close(writer.store);
	writer.running = 0;
	return writer.flush_failed ? -1 : 0;
}

void
writer_submit(struct write_job *job)
{
	pthread_mutex_lock(&writer.lock);
	TAILQ_INSERT_TAIL(&writer.queue, job, entry);
	pthread_cond_signal(&writer.wake);
	pthread_mutex_unlock(&writer.lock);
}
