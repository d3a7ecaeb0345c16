/*
 * fuzz_gemtext.c: libFuzzer harness for the page model and both
 * renderers: page_gemtext() (page.c) of anything at all, as a member's
 * words (GEMTEXT_USER) and as a capsule .gmi file, then gemtext_render()
 * (gemtext.c) and gophermap_render() (gophermap.c); and
 * gopher_text_render() of the raw bytes, as a type 0 document.
 *
 *   make build/fuzz/fuzz_gemtext && build/fuzz/fuzz_gemtext tests/fuzz/corpus/gemtext
 *
 * What is checked (abort() when broken), all of it promised by page.h,
 * render.h and docs PROTOCOLS.md:
 *   kept     the page's elements kept with their gemtext (gemtext_keep(),
 *            as members' snapshots keep them) render to the same bytes
 *   gemtext  valid UTF-8, LF line ends only, every line type is what the
 *            renderer meant; with GEMTEXT_USER no heading lines and only
 *            links with the schemes a member may use
 *   menu     every line "T<display>\t<sel>\t<host>\t<port>\r\n": exactly
 *            four fields, no CR or LF inside; display text valid UTF-8
 *            of at most GOPHER_COLUMNS code points (but for info lines
 *            of a page with a preformatted block: those lines are never
 *            cut); exactly one ".\r\n"
 *            and it is the last line; with GEMTEXT_USER every line's
 *            display text starts with "|", so that none can pass for
 *            the page's own (a comment's heading, a site menu item)
 *   type 0   CRLF line ends, no line "." before the closing ".\r\n"
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "render/page.h"
#include "core/wire.h"
#include "render/render.h"
#include "core/utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct gopher_site site = {
	.host = "localhost",
	.port = "7070",
	.gemini_base = "gemini://localhost",
};

/* The base a capsule file's relative links are resolved against. */
#define BASE	"/docs/guide/page.gmi"

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t	plen = strlen(prefix);

	return n >= plen && memcmp(s, prefix, plen) == 0;
}

static int
user_scheme(const char *s, size_t n)
{
	static const char *const ok[] = {
		"gemini://", "gopher://", "http://", "https://", "titan://",
		"spartan://", "mailto:", NULL
	};
	size_t i, plen;

	for (i = 0; ok[i] != NULL; i++) {
		plen = strlen(ok[i]);
		if (n >= plen && strncasecmp(s, ok[i], plen) == 0)
			return 1;
	}
	return 0;
}

static int
has_c0(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f)
			return 1;
	return 0;
}

static void
check_gemtext(const char *s, size_t len, int flags)
{
	const char	*line, *nl;
	size_t		 n;
	int		 pre = 0;

	if (len == 0)
		return;		/* an empty page: evbuffer_pullup() gave NULL */
	if (!utf8_valid(s, len) || memchr(s, '\r', len) != NULL ||
	    memchr(s, '\0', len) != NULL)
		abort();
	if (s[len - 1] != '\n')
		abort();
	while (len > 0) {
		line = s;
		nl = memchr(s, '\n', len);
		n = nl - s;
		s = nl + 1;
		len -= n + 1;
		if (starts(line, n, "```")) {
			pre = !pre;
			continue;
		}
		if (pre)
			continue;
		/*
		 * page.h: no C0 controls in a rendered line (C1 controls are
		 * not promised: members' text has none, text_clean_post()
		 * refuses them, but a capsule file may hold them)
		 */
		if (has_c0(line, n))
			abort();
		if ((flags & GEMTEXT_USER) && starts(line, n, "#"))
			abort();
		if (starts(line, n, "=>")) {
			if (!starts(line, n, "=> ") || n == 3 || line[3] == ' ')
				abort();
			if ((flags & GEMTEXT_USER) &&
			    !user_scheme(line + 3, n - 3))
				abort();
		}
	}
	/* an open preformatted block would swallow what follows */
	if (pre)
		abort();
}

static void
check_menu(const char *s, size_t len, int flags, int has_pre)
{
	const char	*line, *end, *tab;
	size_t		 n, tabs, dlen;

	if (len < 3 || memcmp(s + len - 3, ".\r\n", 3) != 0)
		abort();
	if (!utf8_valid(s, len) || memchr(s, '\0', len) != NULL)
		abort();
	while (len > 3) {
		line = s;
		if ((end = memchr(s, '\n', len)) == NULL)
			abort();
		n = end - s + 1;
		/* CRLF, and no other CR or LF in the line */
		if (n < 2 || line[n - 2] != '\r' ||
		    memchr(line, '\r', n - 2) != NULL)
			abort();
		/* the end marker only at the end */
		if (n == 3 && line[0] == '.')
			abort();
		for (tabs = 0, tab = line; (tab = memchr(tab, '\t',
		    line + n - tab)) != NULL; tab++)
			tabs++;
		if (tabs != 3)
			abort();
		dlen = (const char *)memchr(line, '\t', n) - line - 1;
		if (utf8_count(line + 1, dlen) > GOPHER_COLUMNS &&
		    !(has_pre && line[0] == 'i'))
			abort();
		if ((flags & GEMTEXT_USER) && (dlen == 0 || line[1] != '|'))
			abort();
		s += n;
		len -= n;
	}
}

static void
check_text_doc(const char *s, size_t len, size_t inlen)
{
	const char	*end;
	size_t		 n;

	if (len < 3 || memcmp(s + len - 3, ".\r\n", 3) != 0 || len < inlen)
		abort();
	while (len > 3) {
		if ((end = memchr(s, '\n', len)) == NULL)
			abort();
		n = end - s + 1;
		if (n < 2 || s[n - 2] != '\r' || (n == 3 && s[0] == '.'))
			abort();
		s += n;
		len -= n;
	}
}

/* The page from its elements kept with their gemtext: the same bytes. */
static void
check_kept(const struct page *p, const char *want, size_t wantlen)
{
	struct arena	 a = { 0 };
	struct page	 kept;
	struct evbuffer	*out;
	struct element	*els;
	size_t		 i, len;

	if ((els = calloc(p->n + 1, sizeof(*els))) == NULL ||
	    (out = evbuffer_new()) == NULL)
		abort();
	if (page_els_keep(&a, els, p->els, p->n) == -1)
		abort();
	/* links too: as if found to take no token */
	for (i = 0; i < p->n; i++)
		els[i].untokened = 1;
	if (gemtext_keep(&a, els, p->n) == -1)
		abort();
	page_init(&kept);
	page_els_add(&kept, els, p->n);
	kept.tail = p->tail;
	gemtext_render(&kept, NULL, out);
	len = evbuffer_get_length(out);
	if (len != wantlen || (len > 0 &&
	    memcmp(evbuffer_pullup(out, -1), want, len) != 0))
		abort();
	evbuffer_free(out);
	page_free(&kept);
	free(els);
	arena_free(&a);
}

static void
one(struct page *p, struct evbuffer *out, const char *s, size_t len,
    int flags)
{
	size_t	 olen;
	char	*o;

	page_reset(p);
	page_gemtext(p, s, len, flags, (flags & GEMTEXT_USER) ? NULL : BASE);

	gemtext_render(p, NULL, out);
	olen = evbuffer_get_length(out);
	o = (char *)evbuffer_pullup(out, -1);
	check_gemtext(o, olen, flags);
	check_kept(p, o, olen);
	evbuffer_drain(out, olen);

	gophermap_render(p, &site, out);
	olen = evbuffer_get_length(out);
	o = (char *)evbuffer_pullup(out, -1);
	check_menu(o, olen, flags, memmem(s, len, "```", 3) != NULL);
	evbuffer_drain(out, olen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct page	 page;
	static struct evbuffer	*out;
	const char		*s = (const char *)data;
	size_t			 olen;

	if (out == NULL) {
		page_init(&page);
		if ((out = evbuffer_new()) == NULL)
			abort();
	}
	one(&page, out, s, size, GEMTEXT_USER);
	one(&page, out, s, size, 0);

	gopher_text_render(s, size, out);
	olen = evbuffer_get_length(out);
	check_text_doc((char *)evbuffer_pullup(out, -1), olen, size);
	evbuffer_drain(out, olen);
	return 0;
}
