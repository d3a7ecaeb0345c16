/*
 * web.c: what the web asks of a site beside its pages: a sitemap of
 * the discussions (/sitemap.xml) and a badge to paste elsewhere (/badge,
 * /badge.svg).  Ordinary routes, the same for every protocol and every
 * visitor (cached); the sitemap needs the web view's address.
 */
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>

#include "core/settings.h"
#include "core/utc.h"
#include "core/utf8.h"
#include "handlers/handlers.h"
#include "render/markup.h"
#include "render/render.h"
#include "store/store.h"

/* The sitemap protocol's own limit; a reply's is lower (REPLY_MAX). */
#define SITEMAP_URLS_MAX	50000
/* Room kept for one more URL and the closing tag. */
#define SITEMAP_ROOM		1024
#define MIME_XML		"application/xml; charset=utf-8"
#define MIME_SVG		"image/svg+xml"

/* The badge: one line of text on a rounded box, sized by its length. */
#define BADGE_HEIGHT		20
#define BADGE_CHAR_WIDTH	7	/* px, a generous average at 11px */
#define BADGE_PADDING		10	/* px each side */
#define BADGE_NAME_MAX		60	/* characters of the name shown */

struct sitemap {
	struct evbuffer	*xml;
	const char	*base;
};

/* buf (freed here) as the reply's body, of type; a 40 without memory. */
static void
web_body(struct request *req, struct reply *rep, struct evbuffer *buf,
    const char *type)
{
	rep->body_len = evbuffer_get_length(buf);
	rep->body = arena_strndup(&req->page->arena,
	    (const char *)evbuffer_pullup(buf, -1), rep->body_len);
	evbuffer_free(buf);
	if (rep->body == NULL)
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
	else
		reply_status(rep, GEMINI_SUCCESS, "%s", type);
}

static void
sitemap_url(struct sitemap *sm, const char *path, int64_t when)
{
	char stamp[32];

	evbuffer_add_printf(sm->xml, "<url><loc>");
	markup_escape(sm->xml, sm->base);
	markup_escape(sm->xml, path);
	evbuffer_add_printf(sm->xml, "</loc>");
	if (when > 0)
		evbuffer_add_printf(sm->xml, "<lastmod>%s</lastmod>",
		    utc_format(stamp, sizeof(stamp), when, UTC_RFC3339));
	evbuffer_add_printf(sm->xml, "</url>\n");
}

static int
sitemap_full(const struct sitemap *sm)
{
	return evbuffer_get_length(sm->xml) + SITEMAP_ROOM > REPLY_BODY_MAX;
}

static int
sitemap_space(void *arg, const struct space_row *r)
{
	struct sitemap	*sm = arg;
	char		 path[256];

	snprintf(path, sizeof(path), "/space/%s", r->slug);
	sitemap_url(sm, path, 0);
	return sitemap_full(sm);
}

static int
sitemap_thread(void *arg, const struct thread_row *r)
{
	struct sitemap	*sm = arg;
	char		 path[64];

	snprintf(path, sizeof(path), "/thread/%lld", (long long)r->id);
	sitemap_url(sm, path, r->last_activity);
	return sitemap_full(sm);
}

/*
 * The discussions most recently active first, as many as a reply holds
 * (some thousands; the protocol's 50,000 is never reached), with the
 * home page and the spaces.  Absolute URLs under --http-base.
 */
void
handle_sitemap(struct request *req, struct reply *rep)
{
	struct sitemap	sm;
	int		rc;

	if (req->site->http_base[0] == '\0') {
		reply_status(rep, GEMINI_NOT_FOUND, "This community has no web "
		    "view, so no sitemap");
		return;
	}
	if ((sm.xml = evbuffer_new()) == NULL) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	sm.base = req->site->http_base;
	evbuffer_add_printf(sm.xml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
	    "\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
	    "\n");
	sitemap_url(&sm, "/", 0);
	if ((rc = store_spaces(req->store, sitemap_space, &sm)) >= 0 &&
	    !sitemap_full(&sm))
		rc = store_threads_recent(req->store, SITEMAP_URLS_MAX,
		    sitemap_thread, &sm);
	if (rc < 0) {
		reply_store_error(rep, rc);
		evbuffer_free(sm.xml);
		return;
	}
	evbuffer_add_printf(sm.xml, "</urlset>\n");
	web_body(req, rep, sm.xml, MIME_XML);
}

/* "Name: N members", the badge's words (name cut to BADGE_NAME_MAX). */
static const char *
badge_words(struct request *req, size_t *chars)
{
	const char	*name = handler_setting(req, SETTING_NAME);
	int64_t		 n = store_member_count(req->store);
	const char	*words;

	name = arena_strndup(&req->page->arena, name,
	    utf8_prefix(name, strlen(name), BADGE_NAME_MAX));
	if (name == NULL)
		return NULL;
	if (n < 0)
		words = arena_printf(&req->page->arena, "%s", name);
	else
		words = arena_printf(&req->page->arena, "%s: %lld %s", name,
		    (long long)n, n == 1 ? "member" : "members");
	if (words != NULL)
		*chars = utf8_count(words, strlen(words));
	return words;
}

/*
 * The badge: text, not a picture of text, so that it reads at any size
 * and to a screen reader (role="img" with its <title>); the name
 * escaped, so that no name can become markup.
 */
void
handle_badge_svg(struct request *req, struct reply *rep)
{
	struct evbuffer	*svg;
	const char	*words;
	size_t		 chars = 0;
	int		 width;

	if ((words = badge_words(req, &chars)) == NULL ||
	    (svg = evbuffer_new()) == NULL) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	width = (int)chars * BADGE_CHAR_WIDTH + 2 * BADGE_PADDING;
	evbuffer_add_printf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-labelledby=\"moot-badge-title\">\n"
	    "<title id=\"moot-badge-title\">", width, BADGE_HEIGHT, width,
	    BADGE_HEIGHT);
	markup_escape(svg, words);
	evbuffer_add_printf(svg, "</title>\n<rect width=\"%d\" height=\"%d\" "
	    "rx=\"3\" fill=\"#1f4e5f\"/>\n<text x=\"%d\" y=\"14\" "
	    "fill=\"#ffffff\" font-family=\"system-ui, sans-serif\" "
	    "font-size=\"11\" aria-hidden=\"true\">", width, BADGE_HEIGHT,
	    BADGE_PADDING);
	markup_escape(svg, words);
	evbuffer_add_printf(svg, "</text>\n</svg>\n");
	web_body(req, rep, svg, MIME_SVG);
}

/* What to paste: the HTML snippet and the gemtext line, with the badge. */
void
handle_badge(struct request *req, struct reply *rep)
{
	struct page	*p = req->page;
	const struct site *site = req->site;
	struct evbuffer	*html;
	const char	*words, *snippet;
	size_t		 chars;

	if ((words = badge_words(req, &chars)) == NULL ||
	    (html = evbuffer_new()) == NULL) {
		reply_status(rep, GEMINI_TEMPORARY_FAILURE, "Out of memory");
		return;
	}
	page_heading(p, 1, "A badge for your own pages");
	page_text(p, "Link to this community from your web pages or your "
	    "gemlog. The badge says \"%s\" and stays up to date.", words);
	if (site->http_base[0] != '\0') {
		page_link(p, LINK_FILE, "/badge.svg", "The badge (SVG)");
		page_heading(p, 2, "For a web page");
		evbuffer_add_printf(html, "<a href=\"%s/\"><img src=\"%s/"
		    "badge.svg\" alt=\"", site->http_base, site->http_base);
		markup_escape(html, words);
		evbuffer_add_printf(html, "\"></a>");
		snippet = arena_strndup(&p->arena,
		    (const char *)evbuffer_pullup(html, -1),
		    evbuffer_get_length(html));
		if (snippet != NULL)
			page_pre(p, "HTML to paste", snippet, strlen(snippet));
	}
	evbuffer_free(html);
	page_heading(p, 2, "For a gemlog");
	snippet = arena_printf(&p->arena, "=> %s/ %s", site->gemini_base,
	    words);
	if (snippet != NULL)
		page_pre(p, "gemtext to paste", snippet, strlen(snippet));
	handler_footer(req);
	reply_page(req, rep);
}
