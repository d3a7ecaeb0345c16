/*
 * views.h: view counts kept in memory, written in batches (views.c).
 *
 * Below the handlers and the page cache, beside the store: it knows a
 * reader only as a name (a certificate's fingerprint, or an address), so
 * it needs nothing of a request.
 */
#ifndef MOOT_VIEWS_H
#define MOOT_VIEWS_H

#include <stdint.h>
#include <time.h>

struct store;

/*
 * Count reader viewing the thread at now, at most once an hour: 1 if
 * counted.  certified: reader is a certificate's fingerprint (else an
 * address), so that the two never share a key.
 */
int	 view_count(const char *reader, int certified, time_t now,
	    int64_t thread_id);
int64_t	 view_pending(int64_t thread_id);
/* Stored plus pending, read so that a flush cannot split them; -1. */
int64_t	 view_total(struct store *, int64_t thread_id);
/* n, raised to the most shown of the thread so far; remembered. */
int64_t	 view_show(int64_t thread_id, int64_t n);
/* The most shown of the thread so far, -1 when not remembered. */
int64_t	 view_shown(int64_t thread_id);
int	 view_flush(struct store *);

#endif
