/*
 * obuf.h: a growing byte buffer for the renderers.
 *
 * A page is rendered as thousands of small pieces; adding each to an
 * evbuffer costs a call, a chain check and callbacks per piece.  Pieces
 * go here instead, and the whole body is handed to libevent once, without
 * a copy (evbuffer_add_reference).
 *
 * Out of memory is sticky: the buffer is marked failed, further adds do
 * nothing, and obuf_flush() says so instead of sending a part.
 */
#ifndef MOOT_OBUF_H
#define MOOT_OBUF_H

#include <stddef.h>
#include <string.h>

struct evbuffer;

struct obuf {
	char	*p;
	size_t	 len, cap;
	int	 failed;	/* memory ran out: the bytes are not whole */
};

/* Room for more bytes; 0, or -1 (and failed) when memory runs out. */
int	obuf_grow(struct obuf *, size_t more);
/*
 * Hand the bytes to out (which frees them) and reset the buffer: 0, or
 * -1 with nothing added when the buffer failed.
 */
int	obuf_flush(struct obuf *, struct evbuffer *out);

static inline void
obuf_add(struct obuf *o, const void *s, size_t n)
{
	if (n == 0)
		return;		/* memcpy() to a NULL buffer is undefined */
	if (o->cap - o->len < n && obuf_grow(o, n) == -1)
		return;
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static inline void
obuf_str(struct obuf *o, const char *s)
{
	obuf_add(o, s, strlen(s));
}

#endif
