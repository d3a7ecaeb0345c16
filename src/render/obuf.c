/*
 * obuf.c: see obuf.h.
 */
#include <stdint.h>
#include <stdlib.h>

#include <event2/buffer.h>

#include "render/obuf.h"

#define OBUF_MIN	(16 * 1024)
/* a buffer with more room than this left over is shrunk to fit */
#define OBUF_SLACK	(4 * 1024)

/*
 * What the last buffer of this thread came to: the next one starts with
 * room for as much.  A thread renders pages of like sizes, and a buffer
 * that grew by doubling copied the page once or twice on the way (a
 * member's discussion page, 33 KB: 16, 32, then 64 KB), each time with
 * new heap that the allocator gave back afterwards (issue 16's perf
 * profiles: realloc and sysmalloc, page faults and madvise).
 */
static _Thread_local size_t obuf_last;

int
obuf_grow(struct obuf *o, size_t more)
{
	size_t	 cap = o->cap ? o->cap : obuf_last > OBUF_MIN ? obuf_last :
	    OBUF_MIN;
	char	*p;

	if (o->failed || more > SIZE_MAX / 2 - o->len)
		goto fail;
	while (cap - o->len < more)
		cap *= 2;
	if ((p = realloc(o->p, cap)) == NULL)
		goto fail;
	o->p = p;
	o->cap = cap;
	return 0;
fail:
	o->failed = 1;
	return -1;
}

static void
obuf_free(const void *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)data);
}

int
obuf_flush(struct obuf *o, struct evbuffer *out)
{
	int	 failed = o->failed;
	char	*fit;

	if (!failed) {
		obuf_last = o->len;
		/* what waits for a slow reader is the page, not the room */
		if (o->cap - o->len > OBUF_SLACK && o->len > 0 &&
		    (fit = realloc(o->p, o->len)) != NULL)
			o->p = fit;
	}
	if (!failed && o->len > 0 && evbuffer_add_reference(out, o->p, o->len,
	    obuf_free, NULL) == 0)
		o->p = NULL;
	free(o->p);
	o->p = NULL;
	o->len = o->cap = 0;
	o->failed = 0;
	return failed ? -1 : 0;
}
