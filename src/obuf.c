/*
 * obuf.c: see obuf.h.
 */
#include <stdlib.h>

#include <event2/buffer.h>

#include "log.h"
#include "obuf.h"

#define OBUF_MIN	(16 * 1024)

void
obuf_grow(struct obuf *o, size_t more)
{
	size_t	 cap = o->cap ? o->cap : OBUF_MIN;
	char	*p;

	while (cap - o->len < more)
		cap *= 2;
	if ((p = realloc(o->p, cap)) == NULL)
		fatal("obuf");
	o->p = p;
	o->cap = cap;
}

static void
obuf_free(const void *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)data);
}

void
obuf_flush(struct obuf *o, struct evbuffer *out)
{
	if (o->len > 0 && evbuffer_add_reference(out, o->p, o->len, obuf_free,
	    NULL) == 0)
		o->p = NULL;
	free(o->p);
	o->p = NULL;
	o->len = o->cap = 0;
}
