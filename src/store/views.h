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
struct views;

/* One community's counts (each site has its own); NULL: no memory. */
struct views	*views_new(void);
void		 views_free(struct views *);

/*
 * Count reader viewing the thread at now, at most once an hour: 1 if
 * counted.  certified: reader is a certificate's fingerprint (else an
 * address), so that the two never share a key.
 */
int	 view_count(struct views *, const char *reader, int certified,
	    time_t now, int64_t thread_id);
/*
 * stored (the thread's views as the request's read transaction saw
 * them, thread_row) plus pending, so that a flush cannot count twice.
 */
int64_t	 view_total(struct views *, int64_t stored, int64_t thread_id);
/* n, raised to the most shown of the thread so far; remembered. */
int64_t	 view_show(struct views *, int64_t thread_id, int64_t n);
/* The most shown of the thread so far, -1 when not remembered. */
int64_t	 view_shown(struct views *, int64_t thread_id);
int	 view_flush(struct views *, struct store *);

#endif
