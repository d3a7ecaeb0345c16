/*
 * obuf.c: see obuf.h.
 */
#include <stdint.h>
#include <stdlib.h>

#include <event2/buffer.h>

#include "render/obuf.h"

#define OBUF_MIN	(16 * 1024)

int
obuf_grow(struct obuf *o, size_t more)
{
	size_t	 cap = o->cap ? o->cap : OBUF_MIN;
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
	int failed = o->failed;

	if (!failed && o->len > 0 && evbuffer_add_reference(out, o->p, o->len,
	    obuf_free, NULL) == 0)
		o->p = NULL;
	free(o->p);
	o->p = NULL;
	o->len = o->cap = 0;
	o->failed = 0;
	return failed ? -1 : 0;
}
