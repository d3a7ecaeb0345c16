/*
 * page.h: the page model.  A handler builds a page once; gemtext.c,
 * gophermap.c and html.c render it for Gemini, Gopher and the web.
 *
 * Invariants the renderers rely on: every element's text is one line of
 * valid UTF-8 with no C0 control characters (page.c splits at newlines,
 * turns tabs into spaces and drops the rest), except EL_PRE, whose text
 * may hold several lines separated by '\n'.
 */
#ifndef MOOT_PAGE_H
#define MOOT_PAGE_H

#include <stddef.h>

/*
 * Per-request strings come from an arena freed all at once: deliberately
 * our own (a bump allocator over a list of chunks), since a page is built,
 * rendered and thrown away within one request.  The first chunk is kept
 * between requests, so a typical page costs no malloc at all.
 */
#define ARENA_CHUNK	8192

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used, size;
	char			 data[];
};

struct arena {
	struct arena_chunk	*head;
};

/* arena_alloc() stops the process when memory runs out (handlers' small
 * strings); arena_try_alloc() returns NULL instead. */
void	*arena_alloc(struct arena *, size_t);
void	*arena_try_alloc(struct arena *, size_t);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 arena_reset(struct arena *);	/* keeps one chunk */
void	 arena_free(struct arena *);

enum el_type {
	EL_H1,
	EL_H2,
	EL_H3,
	EL_TEXT,
	EL_LINK,
	EL_ITEM,
	EL_QUOTE,
	EL_PRE,
	EL_BLANK,
	/*
	 * Structure, not text: an article (the opening post, a comment)
	 * begins and ends.  target: its anchor ("c123"), or "".  Only HTML
	 * shows them (<article id>); gemtext and Gopher add nothing.  They
	 * never nest (a new one closes the last), and one begun before a
	 * page is cut short (render.h) may have no end: html.c closes it.
	 */
	EL_ARTICLE,
	EL_ARTICLE_END,
};

enum link_kind {
	LINK_PAGE,	/* a page of this capsule: a menu on Gopher */
	LINK_FILE,	/* a static file: Gopher type from its name */
	LINK_ACTION,	/* needs Gemini (a prompt, a certificate) */
	LINK_SEARCH,	/* a search prompt: a type 7 item on Gopher */
	LINK_URL,	/* an absolute URL, elsewhere or of another scheme */
};

struct element {
	enum el_type	 type;
	enum link_kind	 kind;		/* EL_LINK only */
	int		 member;	/* a member's words (GEMTEXT_USER):
					 * set apart on Gopher */
	int		 untokened;	/* LINK_ACTION: found to take no
					 * intent token for any reader
					 * (handlers/router.h) */
	const char	*text;		/* label for links, alt for EL_PRE */
	const char	*target;	/* EL_LINK: path or URL; EL_PRE: body */
	/*
	 * The element's gemtext, rendered once for elements kept beyond
	 * a request (gemtext_keep() in render.h), so that a member's page
	 * copies what every member reads alike; NULL: render it.  The
	 * other renderers read the element itself.
	 */
	const char	*gem;
	size_t		 gemlen;
};

struct page {
	struct arena	 arena;
	struct element	*els;
	size_t		 n, cap;
	size_t		 tail;		/* page_tail(); 0: not marked */
	const char	*lang;		/* NULL: none known */
	int		 member;	/* adding a member's words now */
	int		 failed;	/* memory ran out: answer 40 */
	struct element	 sink;		/* where a failed page's adds go */
};

void	 page_init(struct page *);
void	 page_reset(struct page *);
void	 page_free(struct page *);
/*
 * 1 when memory ran out building the page: from then on adding to it
 * does nothing, and reply_page() answers 40 instead.  page_reset()
 * clears it.
 */
int	 page_failed(const struct page *);

void	 page_heading(struct page *, int level, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 page_text(struct page *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 page_textn(struct page *, enum el_type, const char *, size_t);
/*
 * The text of the n strings one after another, as page_textn() would add
 * it: for hot paths where printf's "%s%s" would cost more than the rest.
 */
void	 page_join(struct page *, enum el_type, const char *const *, size_t n);
void	 page_link(struct page *, enum link_kind, const char *target,
	    const char *, ...) __attribute__((format(printf, 4, 5)));
void	 page_item(struct page *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 page_pre(struct page *, const char *alt, const char *, size_t);
void	 page_blank(struct page *);
/*
 * Mark where the page's tail begins: what comes after (navigation,
 * actions, the footer) is kept when a page too large for one reply is
 * cut short (REPLY_MAX in render.h); handler_footer() marks it if nothing
 * did before.
 */
void	 page_tail(struct page *);
void	 page_quote_line(struct page *, const char *);
/* An article's bounds (EL_ARTICLE above); id: its anchor, or NULL. */
void	 page_article_begin(struct page *, const char *id);
void	 page_article_end(struct page *);

/* How page_gemtext treats what it parses. */
#define GEMTEXT_USER	0x01	/* members' words: headings become text,
				 * only absolute links are links */
/*
 * Parse gemtext (a member's post, or a .gmi file whose path is base) into
 * elements.  Relative links are resolved against base.
 */
void	 page_gemtext(struct page *, const char *, size_t, int flags,
	    const char *base);

/*
 * Elements kept beyond one request (handlers/snapshots.c): page_els_keep()
 * copies n of them with their strings into an arena of the keeper's (0,
 * or -1 when memory ran out); page_els_add() puts such elements into a
 * page as they are (their strings must outlive its rendering).
 * page_count() is how many elements the page has, page_truncate() drops
 * those after the first n.
 */
int	 page_els_keep(struct arena *, struct element *dst,
	    const struct element *src, size_t n);
void	 page_els_add(struct page *, const struct element *, size_t n);
size_t	 page_count(const struct page *);
void	 page_truncate(struct page *, size_t n);

/* The link kind a target implies: LINK_URL, LINK_FILE or LINK_PAGE. */
enum link_kind	page_link_kind(const char *target);

#endif
