/*
 * render.h: turning a page into bytes, once per protocol.
 *   gemtext.c    page -> text/gemini
 *   gophermap.c  page -> Gopher menu (RFC 1436), and Gopher text documents
 *   render.c     what both share: the reply bound
 */
#ifndef MOOT_RENDER_H
#define MOOT_RENDER_H

#include <stddef.h>

#include "core/site.h"

struct element;
struct evbuffer;
struct obuf;
struct page;

/*
 * No reply is larger than REPLY_MAX bytes, whatever the database holds:
 * a page that would be is cut short at an element, with a note saying
 * so, keeping its tail (page_tail() in page.h: navigation, actions and
 * the footer), which may use the last REPLY_TAIL_RESERVE bytes.  The
 * rest of REPLY_MAX is room for the header and Gopher's closing line.
 * Discussions are paged (handlers/thread.c) so that this stays rare.
 */
#define REPLY_MAX		(256 * 1024)
#define REPLY_TAIL_RESERVE	(32 * 1024)
#define REPLY_BODY_MAX		(REPLY_MAX - 2048)
#define REPLY_CUT_NOTE		"(This page is cut short here: the rest " \
				"would make it larger than a reply may be.)"

/*
 * One element into out (ctx: the renderer's own).  render_bounded()
 * puts p's elements into out with it, cut short at REPLY_BODY_MAX with
 * REPLY_CUT_NOTE and the tail kept, as said above.
 */
typedef void	(*render_element_fn)(struct obuf *, const struct element *,
		    const void *ctx);
void	render_bounded(const struct page *, struct obuf *, render_element_fn,
	    const void *ctx);

/*
 * The page into out: 0, or -1 with nothing added when memory ran out
 * (the page's or the renderer's): the caller answers 40 instead.
 */
int	gemtext_render(const struct page *, struct evbuffer *);
int	gophermap_render(const struct page *, const struct gopher_site *,
	    struct evbuffer *);
/* One type 3 error line and the closing ".". */
void	gophermap_error(struct evbuffer *, const char *);
/* A type 0 document: CRLF line ends, dot-stuffed, closed with ".". */
void	gopher_text_render(const char *, size_t, struct evbuffer *);
/* Gopher item type for a file name. */
char	gopher_type_for(const char *path);

#endif
