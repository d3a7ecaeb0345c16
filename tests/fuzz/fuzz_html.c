/*
 * fuzz_html.c: libFuzzer harness for the HTML renderer (html.c): the
 * input as a member's words (page_gemtext(GEMTEXT_USER)) and as a
 * capsule .gmi file, inside article markers, and each of its lines as a
 * link of every kind, then html_render().
 *
 *   make build/fuzz/fuzz_html && build/fuzz/fuzz_html tests/fuzz/corpus/html
 *
 * What is checked (abort() when broken), all of it promised by render.h
 * and html.c: the output is valid UTF-8 without NUL; every '<' starts a
 * tag html.c emits, with only its attributes, each value double-quoted
 * and holding no '"', '<' or '>'; every '&' starts one of the five
 * entities html_escape() makes; tags nest (each end tag closes the last
 * open element; void elements have none) and all are closed at the end;
 * exactly one <h1>; no href or action with a scheme that runs code.
 * A full HTML5 parse of such output is tests/integration/html_parse.sh.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>

#include "core/utf8.h"
#include "render/page.h"
#include "render/render.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define DEPTH_MAX	32

static const struct html_site site = {
	.name = "Fuzz & <co>",
	.http_base = "https://example.org",
	.gemini_base = "gemini://example.org",
	.path = "/thread/1",
	.licence_name = "CC BY-SA 4.0",
	.licence_url = "https://creativecommons.org/licenses/by-sa/4.0/",
	.feed_path = "/thread/1/feed.xml",
	.stylesheet = "/moot.css",
	.help_path = "/web-help.gmi",
};

/* The elements html.c emits; void ones have no end tag. */
static const struct {
	const char	*name;
	int		 empty;
} tags[] = {
	{ "html", 0 }, { "head", 0 }, { "meta", 1 }, { "title", 0 },
	{ "link", 1 }, { "body", 0 }, { "header", 0 }, { "main", 0 },
	{ "footer", 0 }, { "article", 0 }, { "h1", 0 }, { "h2", 0 },
	{ "h3", 0 }, { "p", 0 }, { "a", 0 }, { "ul", 0 }, { "li", 0 },
	{ "blockquote", 0 }, { "br", 1 }, { "figure", 0 },
	{ "figcaption", 0 }, { "pre", 0 }, { "form", 0 }, { "label", 0 },
	{ "input", 1 }, { "button", 0 },
};

static const char *const attrs[] = {
	"lang", "charset", "name", "content", "rel", "type", "href", "class",
	"id", "tabindex", "method", "role", "aria-label", "action", NULL
};

static const char *const entities[] = {
	"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", NULL
};

static int
tag_index(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strlen(tags[i].name) == n && memcmp(tags[i].name, s, n) == 0)
			return (int)i;
	abort();
}

static int
is_name(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* An attribute value that is a URL: no scheme that runs code. */
static void
check_url(const char *v, size_t n)
{
	static const char *const bad[] = { "javascript:", "data:",
	    "vbscript:", NULL };
	size_t i;

	for (i = 0; bad[i] != NULL; i++)
		if (n >= strlen(bad[i]) &&
		    strncasecmp(v, bad[i], strlen(bad[i])) == 0)
			abort();
}

/* The attributes of a start tag, up to its '>': where that '>' is. */
static size_t
check_attrs(const char *s, size_t i, size_t len)
{
	const char	*q;
	size_t		 a, j, n;

	while (i < len && s[i] == ' ') {
		i++;
		for (j = i; j < len && (is_name(s[j]) || s[j] == '-'); j++)
			;
		for (a = 0; attrs[a] != NULL; a++)
			if (strlen(attrs[a]) == j - i &&
			    memcmp(attrs[a], s + i, j - i) == 0)
				break;
		if (attrs[a] == NULL || j + 1 >= len || s[j] != '=' ||
		    s[j + 1] != '"')
			abort();
		i = j + 2;
		if ((q = memchr(s + i, '"', len - i)) == NULL)
			abort();
		n = (size_t)(q - (s + i));
		if (memchr(s + i, '<', n) != NULL ||
		    memchr(s + i, '>', n) != NULL)
			abort();
		if (strcmp(attrs[a], "href") == 0 ||
		    strcmp(attrs[a], "action") == 0)
			check_url(s + i, n);
		i += n + 1;
	}
	if (i >= len || s[i] != '>')
		abort();
	return i;
}

static void
check_html(const char *s, size_t len)
{
	static const char doctype[] = "<!DOCTYPE html>\n";
	int		 stack[DEPTH_MAX], depth = 0, h1 = 0, t;
	size_t		 i, j, e;

	if (!utf8_valid(s, len) || memchr(s, '\0', len) != NULL)
		abort();
	if (len < sizeof(doctype) - 1 ||
	    memcmp(s, doctype, sizeof(doctype) - 1) != 0)
		abort();
	for (i = sizeof(doctype) - 1; i < len; i++) {
		if (s[i] == '>')
			abort();	/* html_escape() makes every '>' &gt; */
		if (s[i] == '&') {
			for (e = 0; entities[e] != NULL; e++)
				if (len - i >= strlen(entities[e]) &&
				    memcmp(s + i, entities[e],
				    strlen(entities[e])) == 0)
					break;
			if (entities[e] == NULL)
				abort();
			continue;
		}
		if (s[i] != '<')
			continue;
		if (i + 1 < len && s[i + 1] == '/') {
			for (j = i + 2; j < len && is_name(s[j]); j++)
				;
			t = tag_index(s + i + 2, j - i - 2);
			if (j >= len || s[j] != '>' || depth == 0 ||
			    stack[--depth] != t)
				abort();
			i = j;
			continue;
		}
		for (j = i + 1; j < len && is_name(s[j]); j++)
			;
		t = tag_index(s + i + 1, j - i - 1);
		if (strcmp(tags[t].name, "h1") == 0)
			h1++;
		i = check_attrs(s, j, len);
		if (!tags[t].empty) {
			if (depth == DEPTH_MAX)
				abort();
			stack[depth++] = t;
		}
	}
	if (depth != 0 || h1 != 1)
		abort();
}

static void
one(struct page *p, struct evbuffer *out, const char *s, size_t len)
{
	static const enum link_kind kinds[] = {
		LINK_PAGE, LINK_FILE, LINK_ACTION, LINK_SEARCH, LINK_URL
	};
	const char	*line, *nl, *end = s + len;
	size_t		 olen, i, n;

	page_reset(p);
	page_article_begin(p, "post");
	nl = memchr(s, '\n', len);
	page_heading(p, 1, "%.*s", (int)(nl ? (size_t)(nl - s) : len), s);
	page_gemtext(p, s, len, GEMTEXT_USER, NULL);
	page_article_end(p);
	page_article_begin(p, "c1");
	page_heading(p, 3, "A comment");
	page_gemtext(p, s, len, 0, "/docs/page.gmi");
	/* not ended: html.c must close it */
	for (line = s; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			page_link(p, kinds[i], arena_strndup(&p->arena, line,
			    strnlen(line, n)), "%.*s", (int)n, line);
		if (nl == NULL)
			break;
	}
	page_tail(p);
	page_link(p, LINK_PAGE, "/", "Home");

	if (html_render(p, &site, out) == -1)
		abort();
	olen = evbuffer_get_length(out);
	check_html((const char *)evbuffer_pullup(out, -1), olen);
	evbuffer_drain(out, olen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct page	 page;
	static struct evbuffer	*out;

	if (out == NULL) {
		page_init(&page);
		if ((out = evbuffer_new()) == NULL)
			abort();
	}
	one(&page, out, (const char *)data, size);
	return 0;
}
