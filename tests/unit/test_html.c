/*
 * test_html.c: the page model rendered as HTML (src/render/html.c): what
 * each element becomes, escaping, unsafe links, headings, the head's
 * links, article markers; and that the markers change nothing in
 * gemtext or Gopher.
 *
 *   tests/bin/test_html            the TAP suite
 *   tests/bin/test_html --render   stdin as a member's post and as a
 *                                  capsule file, every line also as a
 *                                  link of every kind: one HTML document
 *                                  on stdout (tests/integration/html_parse.sh)
 */

#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "render/page.h"
#include "render/render.h"
#include "tap.h"

static const struct html_site site = {
	.name = "Care & <Share>",
	.lang = "en-GB",
	.http_base = "https://example.org",
	.gemini_base = "gemini://example.org",
	.path = "/thread/7",
	.licence_name = "CC BY-SA 4.0",
	.licence_url = "https://creativecommons.org/licenses/by-sa/4.0/",
	.feed_path = "/thread/7/feed.xml",
	.stylesheet = "/moot.css",
	.help_path = "/web-help.gmi",
};

static char *
drain(struct evbuffer *b)
{
	size_t	 n = evbuffer_get_length(b);
	char	*s = malloc(n + 1);

	if (s == NULL)
		abort();
	if (n > 0)
		memcpy(s, evbuffer_pullup(b, -1), n);
	s[n] = '\0';
	evbuffer_free(b);
	return s;
}

static char *
as_html(const struct page *p, const struct html_site *s)
{
	struct evbuffer *b = evbuffer_new();

	if (html_render(p, s, b) == -1) {
		evbuffer_free(b);
		return NULL;
	}
	return drain(b);
}

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* ------------------------------------------------------------ pages */

static void
b_escape_text(struct page *p)
{
	page_heading(p, 1, "T");
	page_text(p, "a & b < c > d \" e ' f");
}

static void
b_escape_attr(struct page *p)
{
	page_heading(p, 1, "T");
	page_link(p, LINK_URL, "https://x.org/?a=1&b=\"><script>", "L");
}

static void
b_escape_member(struct page *p)
{
	static const char post[] =
	    "<script>alert(1)</script>\n"
	    "\"><img src=x onerror=alert(1)>\n"
	    "=> https://x.org/\"onmouseover=\"alert(1) click\n"
	    "* <b>item</b>\n> <i>quote</i>\n```<alt\">\n</pre><script>\n```\n";

	page_heading(p, 1, "T");
	page_gemtext(p, post, sizeof(post) - 1, GEMTEXT_USER, NULL);
}

static void
b_unsafe(struct page *p)
{
	page_heading(p, 1, "T");
	page_link(p, LINK_URL, "javascript:alert(1)", "JS");
	page_link(p, LINK_URL, "JaVaScRiPt:alert(1)", "JS2");
	page_link(p, LINK_URL, "data:text/html,<b>x</b>", "Data");
	page_link(p, LINK_URL, "vbscript:x", "VB");
	page_link(p, LINK_URL, "//evil.example/", "Proto-relative");
	page_link(p, LINK_PAGE, "javascript:alert(2)", "Page JS");
	page_link(p, LINK_URL, "mailto:a@b.org", "Mail");
	page_link(p, LINK_URL, "gopher://h/1/", "Hole");
}

static void
b_headings(struct page *p)
{
	page_heading(p, 1, "Title");
	page_heading(p, 3, "Skipped a level");
	page_heading(p, 1, "Second title");
	page_heading(p, 3, "Under it");
}

static void
b_no_h1(struct page *p)
{
	page_heading(p, 2, "Section");
	page_text(p, "words");
}

static void
b_quote(struct page *p)
{
	page_heading(p, 1, "T");
	page_quote_line(p, "one");
	page_quote_line(p, "two");
	page_blank(p);
	page_quote_line(p, "three");
}

static void
b_pre(struct page *p)
{
	page_heading(p, 1, "T");
	page_pre(p, "a <diagram>", "\n x < y\n", 9);
	page_pre(p, NULL, "plain", 5);
}

static void
b_lists(struct page *p)
{
	page_heading(p, 1, "T");
	page_item(p, "one");
	page_item(p, "two");
	page_link(p, LINK_PAGE, "/a b", "A");
	page_link(p, LINK_FILE, "/f.txt", "F");
	page_blank(p);
	page_link(p, LINK_PAGE, "/c", "C");
	page_text(p, "end");
}

static void
b_actions(struct page *p)
{
	page_heading(p, 1, "T");
	page_link(p, LINK_ACTION, "/thread/7/comment", "Add a comment");
	page_link(p, LINK_PAGE, "/", "Home");
	page_text(p, "between");
	page_link(p, LINK_ACTION, "/join", "Join");
	page_link(p, LINK_SEARCH, "/search", "Search the discussions");
}

static void
b_articles(struct page *p)
{
	page_article_begin(p, "post");
	page_heading(p, 1, "T");
	page_text(p, "opening");
	page_article_end(p);
	page_heading(p, 2, "Comments");
	page_article_begin(p, "c12");
	page_heading(p, 3, "ann, 2026-01-02 10:00");
	page_link(p, LINK_PAGE, "/comment/12", "Link to this comment");
	page_article_end(p);
	page_article_begin(p, "c\"13");
	page_text(p, "never ended");
	page_tail(p);
	page_link(p, LINK_PAGE, "/", "Home");
	page_text(p, "Footer words");
}

static void
b_desc(struct page *p)
{
	/* 150 ASCII, then words of 2-byte characters across 160 */
	page_heading(p, 1, "T");
	page_text(p, "%s", "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa "
	    "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa "
	    "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaa "
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 tail");
}

static void
b_desc_one_word(struct page *p)
{
	char	 w[400];
	size_t	 i;

	for (i = 0; i + 2 < sizeof(w); i += 2)
		memcpy(w + i, "\xc3\xa9", 2);
	w[i] = '\0';
	page_text(p, "%s", w);
}

static void
b_controls(struct page *p)
{
	page_heading(p, 1, "T");
	/* what page.c lets through is fine; the escape also takes care of
	 * noncharacters, which an HTML parser reports */
	page_text(p, "a\xef\xbf\xbe" "b\xef\xb7\x90" "c\xf0\x9f\xbf\xbf" "d "
	    "\xe2\x80\x8f" "rtl");
}

static const struct {
	const char	*name;
	void		(*build)(struct page *);
	const char	*want[8];
	const char	*not[6];
} cases[] = {
	{ "text: & < > \" ' escaped", b_escape_text,
	  { "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f</p>" }, { NULL } },
	{ "attribute: & \" < > escaped in href", b_escape_attr,
	  { "href=\"https://x.org/?a=1&amp;b=&quot;&gt;&lt;script&gt;\"" },
	  { "<script" } },
	{ "a member's markup stays words", b_escape_member,
	  { "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
	    "<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>",
	    "<li>&lt;b&gt;item&lt;/b&gt;</li>",
	    "<blockquote><p>&lt;i&gt;quote&lt;/i&gt;</p></blockquote>",
	    "<figcaption>&lt;alt&quot;&gt;</figcaption>",
	    "&lt;/pre&gt;&lt;script&gt;" },
	  { "<script", "<img", "<b>", "<i>", "onmouseover=\"" } },
	{ "unsafe schemes are words, safe ones links", b_unsafe,
	  { "<li>JS (javascript:alert(1))</li>",
	    "<li>Data (data:text/html,&lt;b&gt;x&lt;/b&gt;)</li>",
	    "<li>Proto-relative (//evil.example/)</li>",
	    "<li>Page JS (javascript:alert(2))</li>",
	    "<a href=\"mailto:a@b.org\">Mail</a>",
	    "<a href=\"gopher://h/1/\">Hole</a>" },
	  { "href=\"javascript", "href=\"JaVa", "href=\"data",
	    "href=\"vbscript", "href=\"//" } },
	{ "one h1; later H1s are h2; no level skipped", b_headings,
	  { "<h1>Title</h1>", "<h2>Skipped a level</h2>",
	    "<h2>Second title</h2>", "<h3>Under it</h3>",
	    "<p class=\"site\"><a href=\"/\">Care &amp; &lt;Share&gt;</a>" },
	  { "<h3>Skipped" } },
	{ "no H1: the community's name is the h1", b_no_h1,
	  { "<h1 class=\"site\"><a href=\"/\">Care &amp; &lt;Share&gt;</a>"
	    "</h1>", "<h2>Section</h2>",
	    "<title>Care &amp; &lt;Share&gt;</title>" }, { NULL } },
	{ "quote lines merge; a blank parts them", b_quote,
	  { "<blockquote><p>one<br>\ntwo</p></blockquote>\n"
	    "<blockquote><p>three</p></blockquote>" }, { NULL } },
	{ "pre: alt text as caption, first newline kept", b_pre,
	  { "<figure><figcaption>a &lt;diagram&gt;</figcaption>"
	    "<pre tabindex=\"0\">\n\n x &lt; y\n</pre></figure>",
	    "<pre tabindex=\"0\">\nplain</pre>\n" }, { NULL } },
	{ "lists: items and links grouped apart", b_lists,
	  { "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ul class=\"links\">\n"
	    "<li><a href=\"/a%20b\">A</a></li>\n"
	    "<li><a href=\"/f.txt\">F</a></li>\n</ul>\n"
	    "<ul class=\"links\">\n<li><a href=\"/c\">C</a></li>\n</ul>\n"
	    "<p>end</p>" }, { NULL } },
	{ "actions: gemini:// and one note; search is a form", b_actions,
	  { "<a class=\"gemini\" href=\"gemini://example.org/thread/7/"
	    "comment\">Add a comment</a>",
	    "</ul>\n<p class=\"gemini-note\">To take part, open this page "
	    "in a Gemini app \xe2\x80\x94 <a href=\"/web-help.gmi\">how?</a>"
	    "</p>",
	    "<a class=\"gemini\" href=\"gemini://example.org/join\">Join</a>",
	    "<form method=\"get\" role=\"search\" aria-label=\"Search the "
	    "discussions\" action=\"/search\"><p>"
	    "<label>Search the discussions <input type=\"search\" "
	    "name=\"q\"></label>" }, { NULL } },
	{ "articles: ids, closed before the footer", b_articles,
	  { "<article id=\"post\">\n<h1>T</h1>\n<p>opening</p>\n</article>",
	    "<article id=\"c12\">\n<h3>ann, 2026-01-02 10:00</h3>",
	    "<article id=\"c&quot;13\">\n<p>never ended</p>\n</article>\n"
	    "</main>\n<footer>\n<ul class=\"links\">\n"
	    "<li><a href=\"/\">Home</a></li>\n</ul>\n<p>Footer words</p>\n"
	    "<p class=\"licence\">Licence: <a rel=\"license\" "
	    "href=\"https://creativecommons.org/licenses/by-sa/4.0/\">"
	    "CC BY-SA 4.0</a></p>\n</footer>\n</body>\n</html>\n" },
	  { NULL } },
	{ "head: lang, title, links", b_articles,
	  { "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n",
	    "<title>T \xe2\x80\x94 Care &amp; &lt;Share&gt;</title>",
	    "<meta name=\"description\" content=\"opening\">",
	    "<link rel=\"canonical\" href=\"https://example.org/thread/7\">",
	    "<link rel=\"alternate\" type=\"text/gemini\" "
	    "href=\"gemini://example.org/thread/7\">",
	    "<link rel=\"alternate\" type=\"application/atom+xml\" "
	    "href=\"/thread/7/feed.xml\">",
	    "<link rel=\"license\" href=\"https://creativecommons.org/",
	    "<link rel=\"stylesheet\" href=\"/moot.css\">" }, { NULL } },
	{ "description cut at a word, on a character", b_desc,
	  { "content=\"aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa "
	    "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa "
	    "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaa\xe2\x80\xa6\">" },
	  { "tail\"" } },
	{ "description of one long word: cut on a character", b_desc_one_word,
	  { "\xc3\xa9\xe2\x80\xa6\">" }, { "\xc3\xe2" } },
	{ "noncharacters become U+FFFD; RTL marks stay", b_controls,
	  { "<p>a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d "
	    "\xe2\x80\x8f" "rtl</p>" }, { NULL } },
};

/* ------------------------------------------------------------ --render */

static int
render_stdin(void)
{
	static const enum link_kind kinds[] = {
		LINK_PAGE, LINK_FILE, LINK_ACTION, LINK_SEARCH, LINK_URL
	};
	struct page	 p;
	struct evbuffer	*in = evbuffer_new(), *out = evbuffer_new();
	char		*s, *line, *nl;
	size_t		 len, i;

	while (evbuffer_read(in, 0, 65536) > 0)
		;
	len = evbuffer_get_length(in);
	s = malloc(len + 1);
	if (s == NULL)
		return 1;
	evbuffer_remove(in, s, len);
	s[len] = '\0';
	page_init(&p);
	p.lang = NULL;
	page_article_begin(&p, "post");
	page_heading(&p, 1, "%.*s", (int)strcspn(s, "\n"), s);
	page_gemtext(&p, s, len, GEMTEXT_USER, NULL);
	page_article_end(&p);
	page_article_begin(&p, "c1");
	page_heading(&p, 3, "%s", "A comment");
	page_gemtext(&p, s, len, 0, "/docs/page.gmi");
	/* no end: html.c must close it */
	for (line = s; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
			page_link(&p, kinds[i], line, "%s", line);
			/* and as a path of ours, which is an href */
			page_link(&p, kinds[i], arena_printf(&p.arena, "/%s",
			    line), "%s", line);
		}
		if (nl == NULL)
			break;
	}
	page_tail(&p);
	page_text(&p, "%s", "Footer");
	if (html_render(&p, &site, out) == -1)
		return 1;
	evbuffer_write(out, 1);
	page_free(&p);
	evbuffer_free(in);
	evbuffer_free(out);
	free(s);
	return 0;
}

/* ------------------------------------------------------------ main */

/* The same page with and without article markers, in one renderer. */
static void
markers_change_nothing(void)
{
	struct page	 a, b;
	struct evbuffer	*x, *y;
	static const struct gopher_site gs = {
		"example.org", "7070", "gemini://example.org", ""
	};
	char		*sa, *sb;
	int		 r;

	for (r = 0; r < 2; r++) {
		page_init(&a);
		page_init(&b);
		page_heading(&a, 1, "T");
		page_heading(&b, 1, "T");
		page_article_begin(&b, "post");
		page_text(&a, "opening");
		page_text(&b, "opening");
		page_article_end(&b);
		page_article_begin(&b, "c1");
		page_heading(&a, 3, "ann");
		page_heading(&b, 3, "ann");
		page_quote_line(&a, "q");
		page_quote_line(&b, "q");
		page_article_end(&b);
		page_link(&a, LINK_PAGE, "/", "Home");
		page_link(&b, LINK_PAGE, "/", "Home");
		x = evbuffer_new();
		y = evbuffer_new();
		if (r == 0) {
			gemtext_render(&a, NULL, x);
			gemtext_render(&b, NULL, y);
		} else {
			gophermap_render(&a, &gs, x);
			gophermap_render(&b, &gs, y);
		}
		sa = drain(x);
		sb = drain(y);
		TAP_STR(sb, sa, "%s: article markers add nothing",
		    r == 0 ? "gemtext" : "gophermap");
		free(sa);
		free(sb);
		page_free(&a);
		page_free(&b);
	}
}

int
main(int argc, char **argv)
{
	struct page		 p;
	struct html_site	 bare = { 0 };
	struct evbuffer		*b;
	char			*out, big[1024];
	size_t			 i, j;

	if (argc == 2 && strcmp(argv[1], "--render") == 0)
		return render_stdin();

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		page_init(&p);
		cases[i].build(&p);
		out = as_html(&p, &site);
		TAP_OK(out != NULL, "%s: rendered", cases[i].name);
		if (out == NULL)
			continue;
		for (j = 0; j < 8 && cases[i].want[j] != NULL; j++) {
			TAP_OK(strstr(out, cases[i].want[j]) != NULL,
			    "%s: has %zu", cases[i].name, j);
			if (strstr(out, cases[i].want[j]) == NULL)
				printf("#   want \"%s\"\n#   in \"%s\"\n",
				    cases[i].want[j], out);
		}
		for (j = 0; j < 6 && cases[i].not[j] != NULL; j++)
			TAP_OK(strstr(out, cases[i].not[j]) == NULL,
			    "%s: no \"%s\"", cases[i].name, cases[i].not[j]);
		TAP_INT(count(out, "<h1"), 1, "%s: exactly one h1",
		    cases[i].name);
		TAP_INT(count(out, "<article"), count(out, "</article>"),
		    "%s: every article closed", cases[i].name);
		TAP_INT(count(out, "<ul"), count(out, "</ul>"),
		    "%s: every list closed", cases[i].name);
		TAP_INT(count(out, "<blockquote"), count(out, "</blockquote>"),
		    "%s: every quote closed", cases[i].name);
		free(out);
		page_free(&p);
	}

	/* lang: the page's, else the site's, else "en"; no site at all */
	page_init(&p);
	page_heading(&p, 1, "T");
	p.lang = "fr";
	out = as_html(&p, &site);
	TAP_OK(out && strstr(out, "<html lang=\"fr\">"), "lang: the page's");
	free(out);
	p.lang = NULL;
	out = as_html(&p, &bare);
	TAP_OK(out && strstr(out, "<html lang=\"en\">") &&
	    !strstr(out, "rel=\"canonical\"") &&
	    !strstr(out, "rel=\"alternate\"") &&
	    !strstr(out, "rel=\"stylesheet\""),
	    "lang: en without one; no site: no head links");
	free(out);
	out = as_html(&p, NULL);
	TAP_OK(out != NULL, "a NULL site renders");
	free(out);
	/* an action without a gemini_base is words, not a relative link */
	page_link(&p, LINK_ACTION, "/join", "Join");
	out = as_html(&p, &bare);
	TAP_OK(out && strstr(out, "<li>Join (/join)</li>"),
	    "action without gemini_base: words");
	free(out);
	page_free(&p);

	/* a failed page: -1 and nothing added */
	page_init(&p);
	page_text(&p, "x");
	p.failed = 1;
	b = evbuffer_new();
	TAP_INT(html_render(&p, &site, b), -1, "failed page: -1");
	TAP_INT(evbuffer_get_length(b), 0, "failed page: nothing added");
	evbuffer_free(b);
	page_free(&p);

	/* cut short inside an article: closed, tail kept, one document */
	page_init(&p);
	page_heading(&p, 1, "Big");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	page_article_begin(&p, "c1");
	for (i = 0; i < 400; i++) {
		page_item(&p, "%s", big);
		page_quote_line(&p, big);
	}
	page_article_end(&p);
	page_tail(&p);
	page_link(&p, LINK_PAGE, "/", "Home");
	out = as_html(&p, &site);
	TAP_OK(out && strlen(out) < REPLY_MAX, "cut short: within REPLY_MAX");
	TAP_OK(out && strstr(out, REPLY_CUT_NOTE), "cut short: the note");
	TAP_OK(out && count(out, "<article") == 1 &&
	    count(out, "</article>") == 1 && count(out, "<ul") ==
	    count(out, "</ul>") && count(out, "<blockquote") ==
	    count(out, "</blockquote>"), "cut short: all closed");
	TAP_OK(out && strstr(out, "<footer>\n<ul class=\"links\">\n"
	    "<li><a href=\"/\">Home</a></li>"), "cut short: the tail kept");
	free(out);
	page_free(&p);

	/* html_error(): the reason, the message escaped, a way home */
	b = evbuffer_new();
	TAP_INT(html_error(404, "No such <page>", &site, b), 0, "error: 0");
	out = drain(b);
	TAP_OK(strstr(out, "<h1>Not found</h1>\n<p>No such &lt;page&gt;</p>")
	    && strstr(out, "<title>Not found \xe2\x80\x94") &&
	    strstr(out, "<a href=\"/\">Home</a>"), "error: 404 page");
	free(out);

	markers_change_nothing();
	return TAP_DONE();
}
