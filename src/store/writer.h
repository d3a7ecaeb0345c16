/*
 * writer.h: the one thread that writes members' comments, with group
 * commit.
 *
 * A worker that would write hands a job to the writer and goes back to
 * serving others; the writer commits a batch of jobs in one transaction
 * (one fsync for all of them, synchronous=FULL) and gives each job back
 * the way its submitter set (hand_back: server.c wakes the worker that
 * waits for it), which only then makes and sends the reply.  So a burst
 * of posting never stalls a worker's readers, and every acknowledged
 * comment is on disk.  The writer knows nothing of workers or
 * connections.  It also flushes view counts and checkpoints the WAL.
 */
#ifndef MOOT_WRITER_H
#define MOOT_WRITER_H

#include <sys/queue.h>

#include <stdint.h>

struct reply;
struct request;
struct store;
struct views;
struct writer;

struct write_job {
	TAILQ_ENTRY(write_job)	 entry;
	/* the handler's: on the writer thread, inside the transaction */
	int64_t			(*run)(struct store *, struct write_job *);
	/*
	 * The handler's: on the worker's thread once the batch has
	 * committed (or not), the reply to the request that made the job
	 * (req is made again: its path, protocol, site and store).
	 */
	void			(*done)(struct request *, struct reply *,
				    struct write_job *);
	/*
	 * The submitter's (server.c): the way back, called on the writer
	 * thread once result is known; owner and client are its own.
	 */
	void			(*hand_back)(struct write_job *);
	void			*owner;
	void			*client;	/* NULL: nobody waits */
	int64_t			 result;
	/* what the job writes, owned by the job */
	int64_t			 thread_id;
	int64_t			 reply_to;	/* the comment answered, or 0 */
	int64_t			 member_id;
	int64_t			 now;
	int64_t			 same_since;
	int			 held;
	char			*text;
	char			 path[128];	/* for the log line */
};
TAILQ_HEAD(write_jobs, write_job);

/* A writer for the database at db_path, flushing views' counts. */
struct writer	*writer_start(const char *db_path, struct views *views);
/* Stops and frees; -1 when the last flush of view counts failed */
int		 writer_stop(struct writer *);
void		 writer_submit(struct writer *, struct write_job *);
void	write_job_free(struct write_job *);

#endif
