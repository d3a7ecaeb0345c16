/*
 * render.h: turning a page into bytes, once per protocol.
 *   gemtext.c    page -> text/gemini
 *   gophermap.c  page -> Gopher menu (RFC 1436), and Gopher text documents
 */
#ifndef MOOT_RENDER_H
#define MOOT_RENDER_H

#include <stddef.h>

struct evbuffer;
struct page;

/* What a Gopher menu needs to point back at this server. */
struct gopher_site {
	const char	*host;		/* the public hostname */
	const char	*port;		/* the public Gopher port, as text */
	const char	*gemini_base;	/* "gemini://host[:port]" */
};

void	gemtext_render(const struct page *, struct evbuffer *);

void	gophermap_render(const struct page *, const struct gopher_site *,
	    struct evbuffer *);
/* One type 3 error line and the closing ".". */
void	gophermap_error(struct evbuffer *, const char *);
/* A type 0 document: CRLF line ends, dot-stuffed, closed with ".". */
void	gopher_text_render(const char *, size_t, struct evbuffer *);
/* Gopher item type for a file name. */
char	gopher_type_for(const char *path);

#endif
