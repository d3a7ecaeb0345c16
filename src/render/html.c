/*
 * html.c: page -> an HTML5 document, for the read-only web view.
 *
 * Escaping by construction: the only markup in the output is the string
 * constants of this file.  Every byte that comes from elsewhere (element
 * text, link targets, the site's names and paths) goes through
 * html_escape() (markup.c's escape, strict), which makes it safe both
 * as text and as a double-quoted attribute value, and which turns what
 * an HTML parser would call an error (controls, noncharacters) into
 * U+FFFD.  Link targets are checked
 * before that (html_href_ok): a scheme that could run code never reaches
 * an href, its link is shown as words.
 *
 * Structure: consecutive links and list items become one <ul> each,
 * consecutive quote lines one <blockquote>; exactly one <h1> (the page's
 * first H1, or else the community's name), and no heading level skipped;
 * EL_ARTICLE marks become <article id>; the page's tail (page_tail())
 * goes into <footer>.  The renderer keeps its state (what is open) so
 * that whatever happens (a page cut short, an article never ended) every
 * element it opened is closed at the end.
 */
#include <string.h>

#include "core/utf8.h"
#include "render/markup.h"
#include "render/obuf.h"
#include "render/page.h"
#include "render/render.h"

/* Code points of the meta description, before a word is cut. */
#define HTML_DESC_MAX		160
#define HTML_LANG_DEFAULT	"en"
#define HTML_NAME_DEFAULT	"moot"

enum html_group {
	GROUP_NONE,
	GROUP_LINKS,		/* <ul class="links"> */
	GROUP_ITEMS,		/* <ul> */
	GROUP_QUOTE,		/* <blockquote><p> */
};

/* What is open: copied before each element, put back when it is undone. */
struct html_state {
	enum html_group	 group;
	int		 article;	/* an <article> is open */
	int		 h1;		/* the <h1> is out */
	int		 level;		/* of the last heading */
	int		 gemini;	/* an action link asks for the note */
	int		 noted;		/* the note is out */
	int		 footer;	/* the <footer> is open */
};

struct html_ctx {
	const struct html_site	*site;
	const struct element	*tail;	/* the first of the page's tail */
	struct html_state	 st;
	struct html_state	 before;	/* st before the last element */
};

/* render_bounded()'s ctx, which is const: what leads to ours. */
struct html_run {
	struct html_ctx		*c;
};

/* ------------------------------------------------------------ escaping */

/*
 * The one escape (markup.c's, strict): the bytes as HTML text or as a
 * double-quoted attribute value; controls and noncharacters as U+FFFD.
 */
static void
html_escape(struct obuf *o, const char *s)
{
	markup_escape_html(o, s, strlen(s));
}

/* Schemes an href may carry: none of them runs anything in a browser. */
static int
html_scheme_ok(const char *t, size_t n)
{
	static const char *const ok[] = {
		"http", "https", "gemini", "gopher", "mailto", "spartan",
		"titan", NULL
	};
	size_t i;

	for (i = 0; ok[i] != NULL; i++)
		if (strlen(ok[i]) == n && strncasecmp(t, ok[i], n) == 0)
			return 1;
	return 0;
}

/*
 * 1 when t may be an href: a path of this site (LINK_PAGE, LINK_FILE,
 * LINK_SEARCH, LINK_ACTION), or an absolute URL of a safe scheme.
 * Anything else, "javascript:" and "data:" among them, is shown as words.
 */
static int
html_href_ok(const char *t, enum link_kind kind)
{
	size_t n = strcspn(t, ":/?#");

	if (t[0] == '\0')
		return 0;
	if (t[n] == ':')
		return html_scheme_ok(t, n);
	/* no scheme: a path of ours, never a URL of elsewhere */
	return kind != LINK_URL && t[0] == '/' && t[1] != '/';
}

/* base (may be NULL) and target as an attribute value; spaces as %20. */
static void
html_href(struct obuf *o, const char *base, const char *t)
{
	size_t n;

	if (base != NULL)
		html_escape(o, base);
	while (*t) {
		n = strcspn(t, " ");
		markup_escape_html(o, t, n);
		t += n;
		if (*t == ' ') {
			obuf_str(o, "%20");
			t++;
		}
	}
}

/* ------------------------------------------------------------ elements */

static void
html_close_group(struct obuf *o, struct html_ctx *c)
{
	const struct html_site	*site = c->site;
	enum html_group		 g = c->st.group;

	c->st.group = GROUP_NONE;
	if (g == GROUP_QUOTE)
		obuf_str(o, "</p></blockquote>\n");
	else if (g != GROUP_NONE)
		obuf_str(o, "</ul>\n");
	/* after the first list that holds a Gemini link: how to follow it */
	if (g == GROUP_LINKS && c->st.gemini && !c->st.noted) {
		c->st.noted = 1;
		obuf_str(o, "<p class=\"gemini-note\">To take part, open this "
		    "page in a Gemini app");
		if (site->help_path != NULL) {
			obuf_str(o, " \xe2\x80\x94 <a href=\"");
			html_href(o, NULL, site->help_path);
			obuf_str(o, "\">how?</a>");
		}
		obuf_str(o, "</p>\n");
	}
}

static void
html_open_group(struct obuf *o, struct html_ctx *c, enum html_group g)
{
	if (c->st.group == g)
		return;
	html_close_group(o, c);
	c->st.group = g;
	if (g == GROUP_LINKS)
		obuf_str(o, "<ul class=\"links\">\n");
	else if (g == GROUP_ITEMS)
		obuf_str(o, "<ul>\n");
	else if (g == GROUP_QUOTE)
		obuf_str(o, "<blockquote><p>");
}

static void
html_close_article(struct obuf *o, struct html_ctx *c)
{
	html_close_group(o, c);
	if (c->st.article)
		obuf_str(o, "</article>\n");
	c->st.article = 0;
}

/* One <h1>, then no level more than one below the last. */
static void
html_heading(struct obuf *o, struct html_ctx *c, const struct element *e)
{
	char	 open[] = "<h1>", close[] = "</h1>\n";
	int	 level;

	html_close_group(o, c);
	if (e->type == EL_H1 && !c->st.h1) {
		level = 1;
		c->st.h1 = 1;
	} else {
		level = e->type == EL_H3 ? 3 : 2;
		if (level > c->st.level + 1)
			level = c->st.level + 1;
		if (level < 2)
			level = 2;
	}
	c->st.level = level;
	open[2] = close[3] = (char)('0' + level);
	obuf_str(o, open);
	html_escape(o, e->text);
	obuf_str(o, close);
}

/* A search: a form whose q is the words (the HTTP side reads ?q=). */
static void
html_search(struct obuf *o, struct html_ctx *c, const struct element *e)
{
	const char *label = e->text[0] != '\0' ? e->text : "Search";

	html_close_group(o, c);
	/* named by its label: a page may hold two search landmarks */
	obuf_str(o, "<form method=\"get\" role=\"search\" aria-label=\"");
	html_escape(o, label);
	obuf_str(o, "\" action=\"");
	html_href(o, NULL, e->target);
	obuf_str(o, "\"><p><label>");
	html_escape(o, label);
	obuf_str(o, " <input type=\"search\" name=\"q\"></label> "
	    "<button type=\"submit\">Search</button></p></form>\n");
}

static void
html_link(struct obuf *o, struct html_ctx *c, const struct element *e)
{
	const struct html_site	*site = c->site;
	const char		*label = e->text[0] != '\0' ? e->text :
	    e->target;
	const char		*base = NULL;
	int			 ok = html_href_ok(e->target, e->kind);

	if (e->kind == LINK_SEARCH && ok) {
		html_search(o, c, e);
		return;
	}
	if (e->kind == LINK_ACTION) {
		/* an action needs a Gemini app: the gemini:// address */
		base = site->gemini_base;
		ok = ok && base != NULL;
	}
	html_open_group(o, c, GROUP_LINKS);
	obuf_str(o, "<li>");
	if (!ok) {
		/* not a link we may make: its words, and where it led */
		html_escape(o, label);
		if (strcmp(label, e->target) != 0) {
			obuf_str(o, " (");
			html_escape(o, e->target);
			obuf_str(o, ")");
		}
		obuf_str(o, "</li>\n");
		return;
	}
	if (e->kind == LINK_ACTION) {
		c->st.gemini = 1;
		obuf_str(o, "<a class=\"gemini\" href=\"");
	} else
		obuf_str(o, "<a href=\"");
	html_href(o, base, e->target);
	obuf_str(o, "\">");
	html_escape(o, label);
	obuf_str(o, "</a></li>\n");
}

static void
html_pre(struct obuf *o, struct html_ctx *c, const struct element *e)
{
	html_close_group(o, c);
	if (e->text[0] != '\0') {
		/* the alt text labels the block: its caption */
		obuf_str(o, "<figure><figcaption>");
		html_escape(o, e->text);
		obuf_str(o, "</figcaption>");
	}
	/*
	 * A parser drops one newline right after <pre>: give it one, so
	 * that a body's own first empty line stays.  tabindex: a block
	 * wider than the screen scrolls, and keyboards must reach it.
	 */
	obuf_str(o, "<pre tabindex=\"0\">\n");
	html_escape(o, e->target);
	obuf_str(o, "</pre>");
	if (e->text[0] != '\0')
		obuf_str(o, "</figure>");
	obuf_str(o, "\n");
}

static void
html_element(struct obuf *o, struct html_ctx *c, const struct element *e)
{
	switch (e->type) {
	case EL_H1:
	case EL_H2:
	case EL_H3:
		html_heading(o, c, e);
		break;
	case EL_TEXT:
		html_close_group(o, c);
		obuf_str(o, "<p>");
		html_escape(o, e->text);
		obuf_str(o, "</p>\n");
		break;
	case EL_LINK:
		html_link(o, c, e);
		break;
	case EL_ITEM:
		html_open_group(o, c, GROUP_ITEMS);
		obuf_str(o, "<li>");
		html_escape(o, e->text);
		obuf_str(o, "</li>\n");
		break;
	case EL_QUOTE:
		if (c->st.group == GROUP_QUOTE)
			obuf_str(o, "<br>\n");
		html_open_group(o, c, GROUP_QUOTE);
		html_escape(o, e->text);
		break;
	case EL_PRE:
		html_pre(o, c, e);
		break;
	case EL_BLANK:
		html_close_group(o, c);
		break;
	case EL_ARTICLE:
		/* articles never nest: a new one ends the last */
		html_close_article(o, c);
		c->st.article = 1;
		if (e->target != NULL && e->target[0] != '\0') {
			obuf_str(o, "<article id=\"");
			html_escape(o, e->target);
			obuf_str(o, "\">\n");
		} else
			obuf_str(o, "<article>\n");
		break;
	case EL_ARTICLE_END:
		html_close_article(o, c);
		break;
	}
}

/* ------------------------------------------------------------ document */

/* The text of the first element of type before end that has any. */
static const char *
html_first(const struct page *p, enum el_type type, size_t end)
{
	size_t i;

	for (i = 0; i < end; i++)
		if (p->els[i].type == type && p->els[i].text[0] != '\0')
			return p->els[i].text;
	return NULL;
}

/* The first text, cut at a word when longer than HTML_DESC_MAX. */
static void
html_description(struct obuf *o, const char *t)
{
	size_t	 len = strlen(t), cut, sp;

	cut = utf8_prefix(t, len, HTML_DESC_MAX);
	if (cut < len) {
		for (sp = cut; sp > 0 && t[sp] != ' '; sp--)
			;
		if (sp > 0)
			cut = sp;
		while (cut > 0 && t[cut - 1] == ' ')
			cut--;
	}
	obuf_str(o, "<meta name=\"description\" content=\"");
	markup_escape_html(o, t, cut);
	if (cut < len)
		obuf_str(o, "\xe2\x80\xa6");
	obuf_str(o, "\">\n");
}

/* <link rel=REL [type] href=BASE+PATH> when there is a path. */
static void
html_head_link(struct obuf *o, const char *rel, const char *type,
    const char *base, const char *path)
{
	if (path == NULL)
		return;
	obuf_str(o, "<link rel=\"");
	obuf_str(o, rel);
	if (type != NULL) {
		obuf_str(o, "\" type=\"");
		obuf_str(o, type);
	}
	obuf_str(o, "\" href=\"");
	html_href(o, base, path);
	obuf_str(o, "\">\n");
}

/* The head and the page's header: 1 when the header holds the <h1>. */
static int
html_head(struct obuf *o, const struct page *p, const struct html_site *site,
    size_t tail)
{
	const char	*name = site->name ? site->name : HTML_NAME_DEFAULT;
	const char	*lang = p->lang ? p->lang : site->lang ? site->lang :
	    HTML_LANG_DEFAULT;
	const char	*h1 = html_first(p, EL_H1, p->n);
	const char	*desc = html_first(p, EL_TEXT, tail);

	obuf_str(o, "<!DOCTYPE html>\n<html lang=\"");
	html_escape(o, lang);
	obuf_str(o, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	if (h1 != NULL) {
		html_escape(o, h1);
		obuf_str(o, " \xe2\x80\x94 ");
	}
	html_escape(o, name);
	obuf_str(o, "</title>\n");
	if (desc != NULL)
		html_description(o, desc);
	if (site->http_base != NULL)
		html_head_link(o, "canonical", NULL, site->http_base,
		    site->path);
	if (site->gemini_base != NULL)
		html_head_link(o, "alternate", "text/gemini",
		    site->gemini_base, site->path);
	html_head_link(o, "alternate", "application/atom+xml", NULL,
	    site->feed_path);
	if (site->licence_url != NULL && html_href_ok(site->licence_url,
	    LINK_URL))
		html_head_link(o, "license", NULL, NULL, site->licence_url);
	html_head_link(o, "stylesheet", NULL, NULL, site->stylesheet);
	obuf_str(o, "</head>\n<body>\n<header>\n");
	/* the page's own H1 is the <h1>; without one, the name is */
	obuf_str(o, h1 != NULL ? "<p class=\"site\">" : "<h1 class=\"site\">");
	obuf_str(o, "<a href=\"/\">");
	html_escape(o, name);
	obuf_str(o, h1 != NULL ? "</a></p>\n" : "</a></h1>\n");
	obuf_str(o, "</header>\n<main>\n");
	return h1 == NULL;
}

static void
html_footer_open(struct obuf *o, struct html_ctx *c)
{
	html_close_article(o, c);
	c->st.footer = 1;
	obuf_str(o, "</main>\n<footer>\n");
}

static void
html_foot(struct obuf *o, struct html_ctx *c)
{
	const struct html_site *site = c->site;

	html_close_group(o, c);
	if (site->licence_name != NULL) {
		obuf_str(o, "<p class=\"licence\">Licence: ");
		if (site->licence_url != NULL &&
		    html_href_ok(site->licence_url, LINK_URL)) {
			obuf_str(o, "<a rel=\"license\" href=\"");
			html_href(o, NULL, site->licence_url);
			obuf_str(o, "\">");
			html_escape(o, site->licence_name);
			obuf_str(o, "</a>");
		} else
			html_escape(o, site->licence_name);
		obuf_str(o, "</p>\n");
	}
	obuf_str(o, "</footer>\n</body>\n</html>\n");
}

/*
 * html_element() as render_bounded() calls it: the state kept for an
 * undo, and the <footer> opened before the page's tail.
 */
static void
html_el(struct obuf *o, const struct element *e, const void *ctx)
{
	struct html_ctx *c = ((const struct html_run *)ctx)->c;

	c->before = c->st;
	if (e == c->tail && !c->st.footer)
		html_footer_open(o, c);
	html_element(o, c, e);
}

/* An element that did not fit: what it opened or closed is not. */
static void
html_undo(const void *ctx)
{
	struct html_ctx *c = ((const struct html_run *)ctx)->c;

	c->st = c->before;
}

int
html_render(const struct page *p, const struct html_site *site,
    struct evbuffer *out)
{
	static const struct html_site	 none = { 0 };
	size_t				 tail = p->tail ? p->tail : p->n;
	struct html_ctx			 c = { site ? site : &none,
	    tail < p->n ? &p->els[tail] : NULL, { .level = 1 }, { 0 } };
	const struct html_run		 run = { &c };
	struct obuf			 o = { 0 };

	if (p->failed)
		return -1;
	c.st.h1 = html_head(&o, p, c.site, tail);
	/* the body within the reply bound, as the other renderers' */
	render_bounded(p, &o, html_el, html_undo, &run);
	if (!c.st.footer)
		html_footer_open(&o, &c);
	html_foot(&o, &c);
	return obuf_flush(&o, out);
}

/* The heading of an error page: the status's reason, in plain words. */
static const char *
html_reason(int status)
{
	switch (status) {
	case 400:
		return "Bad request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not found";
	case 405:
		return "Method not allowed";
	case 408:
		return "Request timeout";
	case 410:
		return "Gone";
	case 413:
		return "Request too large";
	case 414:
		return "Address too long";
	case 429:
		return "Too many requests";
	case 500:
		return "Server error";
	case 503:
		return "Service unavailable";
	default:
		return status >= 500 ? "Server error" : "Error";
	}
}

int
html_error(int http_status, const char *message, const struct html_site *site,
    struct evbuffer *out)
{
	struct page	p;
	int		rc;

	page_init(&p);
	page_heading(&p, 1, "%s", html_reason(http_status));
	if (message != NULL && message[0] != '\0')
		page_text(&p, "%s", message);
	page_tail(&p);
	page_link(&p, LINK_PAGE, "/", "Home");
	if (site != NULL && site->help_path != NULL)
		page_link(&p, LINK_PAGE, site->help_path, "Help");
	rc = html_render(&p, site, out);
	page_free(&p);
	return rc;
}
