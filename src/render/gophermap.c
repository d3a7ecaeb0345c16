/*
 * gophermap.c: page -> Gopher menu, and Gopher text documents.
 *
 * Menu lines are "T<display>\t<selector>\t<host>\t<port>\r\n" and never
 * hold a TAB, CR, LF or NUL inside a field: page.c already removed them
 * from the text, and selectors we write come from our own paths.  Prose is
 * wrapped into info lines of at most GOPHER_COLUMNS characters (code
 * points, not bytes); preformatted lines are never wrapped nor cut.
 *
 * A member's words (comments, opening posts) are set apart: every line
 * of them, links included, starts with MEMBER_MARK, and none of the
 * page's own lines does.  Gopher has no headings, so without it a body
 * line "Helen (lecturer), 2026-12-05 20:01 UTC" after a blank line would
 * read exactly as a comment of Helen's, and a member's link as one of
 * the site's menu items.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "render/obuf.h"

#include "render/page.h"
#include "core/wire.h"
#include "render/render.h"
#include "core/url.h"
#include "core/utf8.h"

#define MEMBER_MARK	"| "
#define MEMBER_MARK_LEN	(sizeof(MEMBER_MARK) - 1)	/* ASCII: columns */

/* A menu item whose selector is the nsel strings of sel, joined. */
static void
gopher_item_parts(struct obuf *out, char type, const char *display,
    size_t dlen, const char *const *sel, size_t nsel, const char *host,
    const char *port)
{
	size_t i;

	obuf_add(out, &type, 1);
	obuf_add(out, display, dlen);
	obuf_add(out, "\t", 1);
	for (i = 0; i < nsel; i++)
		obuf_str(out, sel[i]);
	obuf_add(out, "\t", 1);
	obuf_str(out, host);
	obuf_add(out, "\t", 1);
	obuf_str(out, port);
	obuf_add(out, "\r\n", 2);
}

static void
gopher_item(struct obuf *out, char type, const char *display, size_t dlen,
    const char *selector, const char *host, const char *port)
{
	gopher_item_parts(out, type, display, dlen, &selector, 1, host, port);
}

/*
 * A link to a URL, "URL:" base target: the Gopher convention for what is
 * not on a Gopher server (written in place: one per action or web link,
 * and asprintf() cost more than the rest of the item).
 */
static void
gopher_url_link(struct obuf *out, const char *display, size_t dlen,
    const char *base, const char *target, const struct gopher_site *site)
{
	/* with several sites, theirs too: the listener picks the site by
	 * the selector's first segment before it looks for "URL:" */
	const char *prefix = site->selector_prefix != NULL ?
	    site->selector_prefix : "";
	const char *sel[] = { prefix, prefix[0] != '\0' ? "/" : "", "URL:",
	    base, target };

	gopher_item_parts(out, GOPHER_HTML, display, dlen, sel,
	    sizeof(sel) / sizeof(sel[0]), site->host, site->port);
}

static void	gopher_info2(struct obuf *, const char *, size_t,
		    const char *, size_t);

static void
gopher_info(struct obuf *out, const char *s, size_t len)
{
	gopher_info2(out, "", 0, s, len);
}

/* An info line: "i" prefix text TAB TAB null.host TAB 1 CRLF. */
static void
gopher_info2(struct obuf *out, const char *prefix, size_t plen,
    const char *s, size_t len)
{
	static const char tail[] = "\t\t" GOPHER_NULL_HOST "\t"
	    GOPHER_NULL_PORT "\r\n";

	obuf_add(out, "i", 1);
	obuf_add(out, prefix, plen);
	obuf_add(out, s, len);
	obuf_add(out, tail, sizeof(tail) - 1);
}

/*
 * Where a line of at most width characters must end: the offset of the
 * character after the first width of s (every byte that is not a UTF-8
 * continuation byte starts one), or len when s is no longer.  Eight bytes
 * at a time while a whole word fits, since every line of prose on a
 * Gopher page passes through here.
 */
static size_t
wrap_point(const char *s, size_t len, size_t width)
{
	uint64_t	w, start;
	size_t		i = 0, cols = 0, starts;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		/*
		 * A 1 in each byte that starts a character, i.e. is not a
		 * continuation byte (top bit set, the one below clear),
		 * summed into the top byte by a multiplication: portable C
		 * has no popcount instruction to count on.
		 */
		start = ((~(w & ~(w << 1)) & BYTES_80) >> 7);
		starts = (size_t)((start * BYTES_01) >> 56);
		if (cols + starts > width)
			break;
		cols += starts;
	}
	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && cols++ == width)
			return i;
	return len;
}

/*
 * Wrap text into info lines: the first starts with first, the rest with
 * rest (e.g. "* " and "  " for list items), none longer than
 * GOPHER_COLUMNS characters (code points).  Lines break at the last space
 * that fits; a word longer than a line is cut.
 */
static void
gopher_wrap(struct obuf *out, const char *first, const char *rest,
    const char *s)
{
	const char	*prefix = first, *sp;
	size_t		 len = strlen(s), plen, width, i, end, e;

	for (;;) {
		while (len > 0 && *s == ' ')
			s++, len--;
		plen = strlen(prefix);
		width = GOPHER_COLUMNS - utf8_count(prefix, plen);
		i = wrap_point(s, len, width);
		/* the last space before the break (none at 0: skipped) */
		sp = i > 0 ? memrchr(s, ' ', i) : NULL;
		if (i == len || s[i] == ' ' || sp == NULL || sp == s)
			end = i;	/* all of it, at a space, or a cut */
		else
			end = sp - s;
		for (e = end; e > 0 && s[e - 1] == ' '; e--)
			;
		gopher_info2(out, prefix, plen, s, e);
		s += end;
		len -= end;
		while (len > 0 && *s == ' ')
			s++, len--;
		if (len == 0)
			break;
		prefix = rest;
	}
}

char
gopher_type_for(const char *path)
{
	static const struct {
		const char	*ext;
		char		 type;
	} types[] = {
		{ ".txt", GOPHER_TEXT },	{ ".gmi", GOPHER_MENU },
		{ ".md", GOPHER_TEXT },		{ ".gif", GOPHER_GIF },
		{ ".png", GOPHER_IMAGE },	{ ".jpg", GOPHER_IMAGE },
		{ ".jpeg", GOPHER_IMAGE },	{ ".webp", GOPHER_IMAGE },
		{ ".svg", GOPHER_IMAGE },	{ ".html", GOPHER_HTML },
		{ ".xml", GOPHER_TEXT },	{ ".csv", GOPHER_TEXT },
		{ ".ics", GOPHER_TEXT },
	};
	const char	*dot = strrchr(path, '.');
	size_t		 i;

	if (dot == NULL || strchr(dot, '/') != NULL)
		return GOPHER_MENU;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(dot, types[i].ext) == 0)
			return types[i].type;
	return GOPHER_BINARY;
}

/*
 * Display text of a link: one line, cut to width columns with an
 * ellipsis.
 */
static size_t
gopher_display(const char *s, size_t width, char *buf, size_t bufsz)
{
	size_t len = strlen(s), cut;

	if (utf8_count(s, len) <= width)
		cut = len;
	else
		cut = utf8_prefix(s, len, width - 1);
	if (cut > bufsz - 4)
		cut = utf8_prefix(s, bufsz - 4, bufsz);
	memcpy(buf, s, cut);
	if (cut < len) {
		memcpy(buf + cut, "\xe2\x80\xa6", 3);	/* … */
		cut += 3;
	}
	return cut;
}

/*
 * Item types a gopher:// link may have: documents, menus, searches and
 * files (RFC 1436 and the common g, I, h, s, d).  Not "i" or "3" (text
 * and errors, not links), "." (it would read as the end of the menu),
 * telnet (8, T), CSO (2), or anything unknown ("%"): such a link becomes
 * a "URL:" item, which every client treats as an address to show.
 */
#define GOPHER_LINK_TYPES	"0145679gIhsd"
#define GOPHER_PORT_MAX		65535

/* A gopher:// URL as an item of its own server; 0 when it is not one. */
static int
gopher_url_item(struct obuf *out, const char *display, size_t dlen,
    const char *url)
{
	char		 host[URL_HOST_MAX + 1], port[8] = "70";
	char		 sel[GEMINI_URL_MAX + 1];
	const char	*h, *end, *colon, *path;
	size_t		 hlen, sellen;
	unsigned long	 pnum;
	char		 type = GOPHER_MENU;

	if (strncasecmp(url, "gopher://", 9) != 0)
		return 0;
	h = url + 9;
	end = h + strcspn(h, "/");
	colon = memchr(h, ':', end - h);
	hlen = (colon ? colon : end) - h;
	if (hlen == 0 || hlen > URL_HOST_MAX || h[0] == '[')
		return 0;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	if (colon != NULL) {
		size_t plen = end - colon - 1;

		if (plen == 0 || plen >= sizeof(port) ||
		    strspn(colon + 1, "0123456789") < plen)
			return 0;
		memcpy(port, colon + 1, plen);
		port[plen] = '\0';
		pnum = strtoul(port, NULL, 10);
		if (pnum == 0 || pnum > GOPHER_PORT_MAX)
			return 0;
		/* "070" is port 70 */
		snprintf(port, sizeof(port), "%lu", pnum);
	}
	path = end;
	if (path[0] == '/' && path[1] != '\0') {
		type = path[1];
		path += 2;
		if (strchr(GOPHER_LINK_TYPES, type) == NULL)
			return 0;
	}
	if (url_decode(path, strlen(path), sel, sizeof(sel), &sellen) == -1 ||
	    strpbrk(sel, "\t\r\n") != NULL)
		return 0;
	gopher_item(out, type, display, dlen, sel, host, port);
	return 1;
}

static void
gopher_link(struct obuf *out, const struct element *e,
    const struct gopher_site *site)
{
	char		 display[GOPHER_COLUMNS * 4 + 4];
	const char	*sel[2];
	size_t		 dlen;

	if (e->member) {
		memcpy(display, MEMBER_MARK, MEMBER_MARK_LEN);
		dlen = MEMBER_MARK_LEN + gopher_display(e->text,
		    GOPHER_COLUMNS - MEMBER_MARK_LEN, display + MEMBER_MARK_LEN,
		    sizeof(display) - MEMBER_MARK_LEN);
	} else
		dlen = gopher_display(e->text, GOPHER_COLUMNS, display,
		    sizeof(display));
	/* our own selectors carry the site's prefix (one listener, many) */
	sel[0] = site->selector_prefix != NULL ? site->selector_prefix : "";
	sel[1] = e->target;
	switch (e->kind) {
	case LINK_PAGE:
		gopher_item_parts(out, GOPHER_MENU, display, dlen, sel, 2,
		    site->host, site->port);
		break;
	case LINK_FILE:
		gopher_item_parts(out, gopher_type_for(e->target), display,
		    dlen, sel, 2, site->host, site->port);
		break;
	case LINK_SEARCH:
		gopher_item_parts(out, GOPHER_SEARCH, display, dlen, sel, 2,
		    site->host, site->port);
		break;
	case LINK_ACTION:
		/* actions happen on Gemini: point the reader there */
		gopher_url_link(out, display, dlen, site->gemini_base,
		    e->target, site);
		break;
	case LINK_URL:
		if (gopher_url_item(out, display, dlen, e->target))
			break;
		gopher_url_link(out, display, dlen, "", e->target, site);
		break;
	}
}

/* Underline a heading with c, as wide as the heading. */
static void
gopher_underline(struct obuf *out, const char *text, char c)
{
	char	 rule[GOPHER_COLUMNS];
	size_t	 n = utf8_count(text, strlen(text));

	if (n > GOPHER_COLUMNS)
		n = GOPHER_COLUMNS;
	memset(rule, c, n);
	gopher_info(out, rule, n);
}

/*
 * A preformatted line is one info line however long: a table, a poem or
 * code cut at GOPHER_COLUMNS would carry its tail to the next line and
 * read as nonsense, while a client shows a long line whole or scrolls.
 * This is the one place a line may pass GOPHER_COLUMNS.
 */
static void
gopher_pre(struct obuf *out, const char *prefix, const char *s)
{
	const char	*nl;
	size_t		 n, plen = strlen(prefix);

	while (*s) {
		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		gopher_info2(out, prefix, plen, s, n);
		s += n;
		if (nl != NULL)
			s = nl + 1;
	}
}

/*
 * The starts of lines: the page's own, and a member's (MEMBER_MARK, then
 * the same).  A member's words hold no headings (page_gemtext).
 */
static const struct marks {
	const char	*text, *item, *item_rest, *quote, *blank;
} site_marks = {
	"", "* ", "  ", "> ", ""
}, member_marks = {
	MEMBER_MARK, MEMBER_MARK "* ", MEMBER_MARK "  ", MEMBER_MARK "> ",
	"|"
};

static void
gophermap_element(struct obuf *out, const struct element *e,
    const struct gopher_site *site)
{
	const struct marks	*m = e->member ? &member_marks : &site_marks;

	switch (e->type) {
	case EL_H1:
		gopher_wrap(out, "", "", e->text);
		gopher_underline(out, e->text, '=');
		break;
	case EL_H2:
		gopher_wrap(out, "", "", e->text);
		gopher_underline(out, e->text, '-');
		break;
	case EL_H3:
	case EL_TEXT:
		gopher_wrap(out, m->text, m->text, e->text);
		break;
	case EL_LINK:
		gopher_link(out, e, site);
		break;
	case EL_ITEM:
		gopher_wrap(out, m->item, m->item_rest, e->text);
		break;
	case EL_QUOTE:
		gopher_wrap(out, m->quote, m->quote, e->text);
		break;
	case EL_PRE:
		gopher_pre(out, m->text, e->target);
		break;
	case EL_BLANK:
		gopher_info(out, m->blank, strlen(m->blank));
		break;
	case EL_ARTICLE:
	case EL_ARTICLE_END:
		break;		/* structure for HTML only */
	}
}

/* gophermap_element() as render_bounded() calls it (ctx: the site). */
static void
gophermap_el(struct obuf *out, const struct element *e, const void *ctx)
{
	gophermap_element(out, e, ctx);
}

/* The page within the reply bound, and the menu's closing line. */
static void
gophermap_into(const struct page *p, const struct gopher_site *site,
    struct obuf *out)
{
	render_bounded(p, out, gophermap_el, NULL, site);
	obuf_add(out, ".\r\n", 3);
}

static void
gophermap_error_into(struct obuf *out, const char *msg)
{
	char	 line[GOPHER_COLUMNS * 4 + 4];
	size_t	 i, n;

	/* messages may quote a selector: keep them to one clean line */
	n = gopher_display(msg, GOPHER_COLUMNS, line, sizeof(line));
	for (i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20)
			line[i] = ' ';
	gopher_item(out, GOPHER_ERROR, line, n, "", GOPHER_ERROR_HOST,
	    GOPHER_NULL_PORT);
	obuf_add(out, ".\r\n", 3);
}

/*
 * Our policy for type 0 documents: every line ends in CRLF, a line that
 * begins with "." gets a second "." (RFC 1436 dot-stuffing, so a lone "."
 * can never end the document early), and the document ends with ".".
 */
static void
gopher_text_into(const char *s, size_t len, struct obuf *out)
{
	const char	*nl;
	size_t		 n;

	while (len > 0) {
		nl = memchr(s, '\n', len);
		n = nl ? (size_t)(nl - s) : len;
		if (s[0] == '.')
			obuf_add(out, ".", 1);
		obuf_add(out, s, n > 0 && s[n - 1] == '\r' ? n - 1 : n);
		obuf_add(out, "\r\n", 2);
		if (nl == NULL)
			break;
		len -= n + 1;
		s = nl + 1;
	}
	obuf_add(out, ".\r\n", 3);
}

int
gophermap_render(const struct page *p, const struct gopher_site *site,
    struct evbuffer *out)
{
	struct obuf o = { 0 };

	gophermap_into(p, site, &o);
	return obuf_flush(&o, out);
}

void
gophermap_error(struct evbuffer *out, const char *msg)
{
	struct obuf o = { 0 };

	gophermap_error_into(&o, msg);
	obuf_flush(&o, out);
}

void
gopher_text_render(const char *s, size_t len, struct evbuffer *out)
{
	struct obuf o = { 0 };

	gopher_text_into(s, len, &o);
	obuf_flush(&o, out);
}
