/*
 * render.h: turning a page into bytes, once per protocol.
 *   gemtext.c    page -> text/gemini
 *   gophermap.c  page -> Gopher menu (RFC 1436), and Gopher text documents
 *   html.c       page -> HTML5 document (the read-only web view)
 *   render.c     what they share: the reply bound
 */
#ifndef MOOT_RENDER_H
#define MOOT_RENDER_H

#include <stddef.h>

#include "core/site.h"

struct arena;
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
 * REPLY_CUT_NOTE and the tail kept, as said above; bytes already in out
 * (html.c's head) are not counted.  undo, for a renderer with state
 * (NULL when it has none): the element last put out has been taken back
 * (out is as before it), so must be what it opened or closed.
 */
typedef void	(*render_element_fn)(struct obuf *, const struct element *,
		    const void *ctx);
typedef void	(*render_undo_fn)(const void *ctx);
void	render_bounded(const struct page *, struct obuf *, render_element_fn,
	    render_undo_fn, const void *ctx);

/*
 * The page into out: 0, or -1 with nothing added when memory ran out
 * (the page's or the renderer's): the caller answers 40 instead.
 * gemtext_render() puts head (a reply's header line, or NULL) in front,
 * in the same piece of memory: bufferevent_openssl seals each piece of
 * an evbuffer as a record of its own, and a header of its own was one
 * more record, system call and packet for every page not cached.
 */
int	gemtext_render(const struct page *, const char *head,
	    struct evbuffer *);
/*
 * Render n elements kept in arena a (page_els_keep()) into their gem
 * memo, but for action links still to be signed for each reader (not
 * untokened), whose target changes: 0, or -1 when memory ran out.
 */
int	gemtext_keep(struct arena *, struct element *, size_t n);
int	gophermap_render(const struct page *, const struct gopher_site *,
	    struct evbuffer *);
/*
 * What an HTML page needs besides its elements (html.c).  Any field may
 * be NULL.  Paths are the site's own ("/thread/12"), written into hrefs
 * as they are (escaped): the HTTP side serves the same paths as Gemini.
 *
 * What the HTTP side must know of the output:
 *   - LINK_PAGE and LINK_FILE become <a href="PATH">; LINK_URL an href
 *     only for http, https, gemini, gopher, mailto, spartan and titan
 *     (anything else is shown as words); LINK_ACTION the gemini:// URL
 *     gemini_base + PATH (no gemini_base: words), with once per page a
 *     line "To take part, open this page in a Gemini app -- how?"
 *     linking to help_path.
 *   - LINK_SEARCH becomes <form method="get" action="PATH"> with an
 *     <input name="q">: the search words arrive as PATH?q=WORDS.
 *   - Comments are <article id="c123">: /comment/123's redirect may
 *     point at PAGE#c123; the opening post is <article id="post">.
 *   - The stylesheet is a capsule file, capsule/moot.css (stylesheet =
 *     "/moot.css"); the web help is capsule/web-help.gmi (help_path =
 *     "/web-help.gmi", the same page on Gemini).  No script, no inline
 *     style, no other resource: a CSP of "default-src 'none';
 *     style-src 'self'; form-action 'self'" allows all of it.
 *   - The body is bounded by render_bounded(), as the others are (cut
 *     short with REPLY_CUT_NOTE, the tail kept), plus the head's bytes.
 */
struct html_site {
	const char	*name;		/* the community's name: <title>, header */
	const char	*lang;		/* when the page has none (page->lang) */
	const char	*http_base;	/* public web base, "https://host", no trailing '/' */
	const char	*gemini_base;	/* "gemini://host[:port]" */
	const char	*path;		/* this page's path: canonical, alternate */
	const char	*licence_name;	/* footer and <link rel="license"> */
	const char	*licence_url;
	const char	*feed_path;	/* this page's Atom feed path, or NULL */
	const char	*stylesheet;	/* path of the stylesheet, e.g. "/moot.css" */
	const char	*help_path;	/* the web help page ("/web-help" or so) */
};
/* The page as a whole HTML5 document into out: 0, or -1 with nothing added (memory). */
int	html_render(const struct page *, const struct html_site *, struct evbuffer *);
/* A whole document for an HTTP error (404, 410, 405, 400, 503...) in the same style. */
int	html_error(int http_status, const char *message, const struct html_site *, struct evbuffer *);

/* One type 3 error line and the closing ".". */
void	gophermap_error(struct evbuffer *, const char *);
/* A type 0 document: CRLF line ends, dot-stuffed, closed with ".". */
void	gopher_text_render(const char *, size_t, struct evbuffer *);
/* Gopher item type for a file name. */
char	gopher_type_for(const char *path);

#endif
