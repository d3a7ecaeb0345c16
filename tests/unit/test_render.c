/*
 * test_render.c: the page model (src/render/page.c) rendered as gemtext
 * (src/render/gemtext.c) and as a Gopher menu or text document
 * (src/render/gophermap.c), compared byte for byte with what a client must get.
 */

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "render/page.h"
#include "core/wire.h"
#include "render/render.h"
#include "tap.h"

/* Gopher info line and its fixed tail. */
#define I(text)		"i" text "\t\tnull.host\t1\r\n"
/* A menu item pointing back at the test site. */
#define ITEM(t, disp, sel)	t disp "\t" sel "\texample.org\t7070\r\n"
#define END		".\r\n"

#define E2	"\xc3\xa9"		/* é: 2 bytes, 1 character */
#define E10	E2 E2 E2 E2 E2 E2 E2 E2 E2 E2
#define E30	E10 E10 E10
#define E69	E30 E30 E2 E2 E2 E2 E2 E2 E2 E2 E2
#define E70	E69 E2
#define A10	"aaaaaaaaaa"
#define A69	A10 A10 A10 A10 A10 A10 "aaaaaaaaa"
#define A70	A69 "a"
#define ELLIPSIS "\xe2\x80\xa6"

static const struct gopher_site site = {
	"example.org", "7070", "gemini://example.org", ""
};

/* --------------------------------------------------------- helpers */

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
as_gemtext(const struct page *p)
{
	struct evbuffer *b = evbuffer_new();

	gemtext_render(p, NULL, b);
	return drain(b);
}

static char *
as_gopher(const struct page *p)
{
	struct evbuffer *b = evbuffer_new();

	gophermap_render(p, &site, b);
	return drain(b);
}

/* s with control bytes shown as \t, \r, \n or \xNN */
static void
show(const char *label, const char *s)
{
	printf("#   %s \"", label);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '\n')
			printf("\\n");
		else if (c == '\r')
			printf("\\r");
		else if (c == '\t')
			printf("\\t");
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\"\n");
}

static void
check_str(const char *got, const char *want, const char *what,
    const char *name)
{
	int same = strcmp(got, want) == 0;

	TAP_OK(same, "%s: %s", what, name);
	if (!same) {
		show("got: ", got);
		show("want:", want);
	}
}

/*
 * Item 3 of the Gopher checklist for any menu: every line but the final
 * "." has four TAB-separated fields and ends in CRLF, with no CR or LF
 * inside; the menu ends with ".\r\n".  NULL when fine, else why not.
 */
static const char *
menu_problem(const char *m)
{
	const char	*line = m, *nl;
	size_t		 len, i, tabs;

	for (;;) {
		if ((nl = strchr(line, '\n')) == NULL)
			return "a line without LF";
		len = nl - line;
		if (len == 0 || line[len - 1] != '\r')
			return "a line without CRLF";
		len--;
		if (len == 1 && line[0] == '.')
			return nl[1] == '\0' ? NULL : "text after the final .";
		for (i = tabs = 0; i < len; i++) {
			if (line[i] == '\t')
				tabs++;
			else if (line[i] == '\r' || line[i] == '\0')
				return "a CR inside a line";
		}
		if (tabs != 3)
			return "a line without exactly 4 fields";
		line = nl + 1;
		if (*line == '\0')
			return "no final .";
	}
}

/* ---------------------------------------------------------- pages */

static void
b_headings(struct page *p)
{
	page_heading(p, 1, "Title");
	page_heading(p, 2, "Sub");
	page_heading(p, 3, "Small");
}

static void
b_text(struct page *p)
{
	page_text(p, "plain text");
	page_text(p, "%s has %d words", "this", 4);
}

static void
b_blank(struct page *p)
{
	page_text(p, "a");
	page_blank(p);
	page_text(p, "b");
}

static void
b_item_quote(struct page *p)
{
	page_item(p, "one");
	page_item(p, "two");
	page_textn(p, EL_QUOTE, "quoted", 6);
}

static void
b_pre(struct page *p)
{
	page_pre(p, "alt text", "  x = 1;\n# not a heading\n=> not a link",
	    strlen("  x = 1;\n# not a heading\n=> not a link"));
}

static void
b_pre_fence(struct page *p)
{
	static const char body[] = "before\n```\nafter\n```js";

	page_pre(p, "code", body, sizeof(body) - 1);
}

static void
b_guards(struct page *p)
{
	page_text(p, "=> /evil a link");
	page_text(p, "# a heading");
	page_text(p, "## a heading");
	page_text(p, "* an item");
	page_text(p, "> a quote");
	page_text(p, "```a toggle");
	page_text(p, "=not a link");
	page_text(p, "a # in the middle");
	page_text(p, "``not three");
}

static void
b_links(struct page *p)
{
	page_link(p, LINK_PAGE, "/about", "About");
	page_link(p, LINK_PAGE, "/same", "/same");
	page_link(p, LINK_PAGE, "/bare", "%s", "");
	page_link(p, LINK_FILE, "/my file.txt", "My file");
	page_link(p, LINK_ACTION, "/me", "Your page");
	page_link(p, LINK_SEARCH, "/search", "Search");
	page_link(p, LINK_URL, "https://example.com/a b", "Web");
	page_link(p, LINK_PAGE, "/x", "label\nsecond line dropped");
}

static void
b_controls(struct page *p)
{
	page_text(p, "a\tb\rc\x01" "d\x7f" "e\x1b[31mf");
	page_text(p, "first\nsecond\r\nthird");
	page_text(p, "bad \xff byte");
	page_link(p, LINK_PAGE, "/t\tab", "tab\there");
}

static const char user_gmi[] =
	"# Heading\n"
	"## Sub\n"
	"#tag\n"
	"##\n"
	"=> /relative Relative\n"
	"=> rel2\n"
	"=> javascript:alert(1) JS\n"
	"=> data:text/html,x Data\n"
	"=> gemini://example.org/ Gem\n"
	"=>https://example.com/\n"
	"* item\n"
	"> quote\n"
	"plain\n"
	"\n"
	"```alt\n"
	"# in pre\n"
	"=> /in/pre\n"
	"```\n"
	"=>\n"
	"```\n"
	"left open\n";

static void
b_user(struct page *p)
{
	page_gemtext(p, user_gmi, sizeof(user_gmi) - 1, GEMTEXT_USER, NULL);
}

/*
 * Clean lines become elements where page_gemtext() copied them; the
 * others are cleaned into copies of their own: both kinds, side by side.
 */
static const char mixed_gmi[] =
	"clean\r\n"
	"tab\there\n"
	"esc\x1b[1m\r\r\n"
	"* item\x01\n"
	"=> https://example.com/\tlabel\x7f\n"
	"=> ftp://example.com/ no\x02\n"
	"> q\n"
	"last";

static void
b_user_mixed(struct page *p)
{
	page_gemtext(p, mixed_gmi, sizeof(mixed_gmi) - 1, GEMTEXT_USER, NULL);
}

/*
 * A comment whose body holds a blank line and then a line just like a
 * comment's heading (issue 11): on Gopher the heading is plain text, so
 * only the mark tells the two apart.
 */
static const char forged_gmi[] =
	"I agree.\n\nHelen (lecturer), 2026-12-05 20:01 UTC\nForged words.\n"
	"=> gemini://example.org/thread/1/comment Add a comment\n"
	"```\npre\n```\n";

static void
b_forged_comment(struct page *p)
{
	page_heading(p, 3, "Grace (parent carer), 2026-12-05 19:00 UTC");
	page_gemtext(p, forged_gmi, sizeof(forged_gmi) - 1, GEMTEXT_USER,
	    NULL);
	page_link(p, LINK_ACTION, "/thread/1/comment", "Add a comment");
}

static const char member_wrap_gmi[] =
	"abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd "
	"abcd abcd abcd abcd abcd abcd\n"
	"* abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd "
	"abcd abcd abcd abcd abcd abcd abcd\n"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	"=> https://example.com/ "
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n";

static void
b_member_wrap(struct page *p)
{
	page_gemtext(p, member_wrap_gmi, sizeof(member_wrap_gmi) - 1,
	    GEMTEXT_USER, NULL);
}

static void
b_join(struct page *p)
{
	static const char *const parts[] = { "Ann", ", ", "2026-11-26" };
	static const char *const lines[] = { "a\tb", "\r\nc", "" };

	page_join(p, EL_H3, parts, 3);
	page_join(p, EL_TEXT, lines, 3);
	page_join(p, EL_TEXT, parts, 0);
}

static const char file_gmi[] =
	"# Heading\n"
	"###  Deep\n"
	"=> other.gmi Other\n"
	"=> ../up Up\n"
	"=> /abs\n"
	"=> picture.png A picture\n"
	"=> gopher://example.net/1/sel Hole\n"
	"* item\r\n"
	">no space\n";

static void
b_file(struct page *p)
{
	page_gemtext(p, file_gmi, sizeof(file_gmi) - 1, 0, "/docs/page.gmi");
}

static void
b_wrap_exact(struct page *p)
{
	/* 7 words: 6 of 9 letters and one of 10 = 70 characters */
	page_text(p, "abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi "
	    "abcdefghi abcdefghij");
	/* and one more: 71 */
	page_text(p, "abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi "
	    "abcdefghi abcdefghijk");
}

static void
b_wrap_utf8(struct page *p)
{
	/* 35 words of "éé": 104 characters, 174 bytes */
	page_text(p, "%s", E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " "
	    E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " "
	    E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " "
	    E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " "
	    E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " "
	    E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2);
}

static void
b_wrap_long_word(struct page *p)
{
	/* 100 é and no space: cut at 70 characters, not 70 bytes */
	page_text(p, "%s", E70 E30);
	page_text(p, "short " A70 A10 " end");
}

#define EURO	"\xe2\x82\xac"		/* €: 3 bytes, 1 character */
#define EMOJI	"\xf0\x9f\x92\xac"	/* 4 bytes, 1 character */

static void
b_wrap_mixed_widths(struct page *p)
{
	/* the 70th character straddles the 8-byte words wrap_point reads */
	page_text(p, "%s", A69 EURO EURO);
	page_text(p, "%s", A10 A10 A10 A10 A10 A10 "aaaaaaa" EMOJI E2 " "
	    "abc");
	page_text(p, "%s", E30 E30 "aaaaaaa" EURO EURO " " EURO);
}

static void
b_wrap_item_quote(struct page *p)
{
	/* 20 words of 4 letters: 99 characters */
	page_item(p, "abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd "
	    "abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd");
	page_textn(p, EL_QUOTE, "abcd abcd abcd abcd abcd abcd abcd abcd abcd "
	    "abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd", 99);
}

static void
b_long_heading(struct page *p)
{
	page_heading(p, 1, "%s", A70 " more");
}

static void
b_long_links(struct page *p)
{
	page_link(p, LINK_PAGE, "/seventy", "%s", A70);
	page_link(p, LINK_PAGE, "/seventy-one", "%s", A70 "b");
	page_link(p, LINK_PAGE, "/utf8", "%s", E70 E2 E2 E2 E2 E2);
}

static void
b_pre_long(struct page *p)
{
	page_pre(p, "", A70 " " A10, 81);
	/* a member's table row, wider than a line with its mark */
	p->member = 1;
	page_pre(p, "", A70 " " A10 " |", 83);
	p->member = 0;
}

static void
b_url_links(struct page *p)
{
	page_link(p, LINK_URL, "gopher://other.host:70/1/sel", "Hole");
	page_link(p, LINK_URL, "gopher://other.host:7071/0/a%20file.txt",
	    "Text");
	page_link(p, LINK_URL, "gopher://other.host", "Root");
	page_link(p, LINK_URL, "gopher://other.host/1/a%09b", "Tabbed");
	page_link(p, LINK_URL, "https://example.com/", "Web");
	page_link(p, LINK_URL, "gemini://example.net/x", "Gem");
	/* issue 11: item types and ports a menu item must not carry */
	page_link(p, LINK_URL, "gopher://h/.", "Dot");
	page_link(p, LINK_URL, "gopher://h/%25x", "Percent");
	page_link(p, LINK_URL, "gopher://h/3err", "Error");
	page_link(p, LINK_URL, "gopher://h/8tel", "Telnet");
	page_link(p, LINK_URL, "gopher://h/ifake", "Info");
	page_link(p, LINK_URL, "gopher://h:70000/1/", "Port 70000");
	page_link(p, LINK_URL, "gopher://h:0/1/", "Port 0");
	page_link(p, LINK_URL, "gopher://h:65535/1/", "Port 65535");
	page_link(p, LINK_URL, "gopher://h:0070/7/find", "Port 0070");
	page_link(p, LINK_URL, "gopher://h/gpic.gif", "Gif");
}

static void
b_file_links(struct page *p)
{
	page_link(p, LINK_FILE, "/notes.txt", "Notes");
	page_link(p, LINK_FILE, "/photo.png", "Photo");
	page_link(p, LINK_FILE, "/anim.gif", "Anim");
	page_link(p, LINK_FILE, "/photo.JPG", "Photo");
	page_link(p, LINK_FILE, "/data.bin", "Data");
	page_link(p, LINK_FILE, "/page.gmi", "Page");
}

static const struct {
	const char	*name;
	void		(*build)(struct page *);
	const char	*gemtext;	/* NULL: not checked */
	const char	*gopher;	/* NULL: not checked */
} cases[] = {
	{ "headings", b_headings,
	  "# Title\n## Sub\n### Small\n",
	  I("Title") I("=====") I("Sub") I("---") I("Small") END },
	{ "text", b_text,
	  "plain text\nthis has 4 words\n",
	  I("plain text") I("this has 4 words") END },
	{ "blank line", b_blank,
	  "a\n\nb\n",
	  I("a") I("") I("b") END },
	{ "list items and a quote", b_item_quote,
	  "* one\n* two\n> quoted\n",
	  I("* one") I("* two") I("> quoted") END },
	{ "preformatted block", b_pre,
	  "```alt text\n  x = 1;\n# not a heading\n=> not a link\n```\n",
	  I("  x = 1;") I("# not a heading") I("=> not a link") END },
	{ "preformatted block holding ``` lines", b_pre_fence,
	  "```code\nbefore\n ```\nafter\n ```js\n```\n",
	  I("before") I("```") I("after") I("```js") END },
	{ "text lines that look like markup get a leading space", b_guards,
	  " => /evil a link\n # a heading\n ## a heading\n * an item\n"
	  " > a quote\n ```a toggle\n=not a link\na # in the middle\n"
	  "``not three\n",
	  I("=> /evil a link") I("# a heading") I("## a heading")
	  I("* an item") I("> a quote") I("```a toggle") I("=not a link")
	  I("a # in the middle") I("``not three") END },
	{ "links of every kind", b_links,
	  "=> /about About\n=> /same\n=> /bare\n"
	  "=> /my%20file.txt My file\n=> /me Your page\n"
	  "=> /search Search\n=> https://example.com/a%20b Web\n"
	  "=> /x label\n",
	  ITEM("1", "About", "/about") ITEM("1", "/same", "/same")
	  ITEM("1", "", "/bare") ITEM("0", "My file", "/my file.txt")
	  ITEM("h", "Your page", "URL:gemini://example.org/me")
	  ITEM("7", "Search", "/search")
	  ITEM("h", "Web", "URL:https://example.com/a b")
	  ITEM("1", "label", "/x") END },
	{ "tabs, CR and controls removed, lines split", b_controls,
	  "a bcde[31mf\nfirst\nsecond\nthird\nbad \xef\xbf\xbd byte\n"
	  "=> /t%20ab tab here\n",
	  I("a bcde[31mf") I("first") I("second") I("third")
	  I("bad \xef\xbf\xbd byte") ITEM("1", "tab here", "/t ab") END },
	{ "members' gemtext", b_user,
	  "Heading\nSub\n #tag\n ##\n => /relative Relative\n => rel2\n"
	  " => javascript:alert(1) JS\n => data:text/html,x Data\n"
	  "=> gemini://example.org/ Gem\n=> https://example.com/\n"
	  "* item\n> quote\nplain\n\n"
	  "```alt\n# in pre\n=> /in/pre\n```\n =>\n```\nleft open\n```\n",
	  NULL },
	{ "members' gemtext, clean and dirty lines mixed", b_user_mixed,
	  "clean\ntab here\nesc[1m\n* item\n=> https://example.com/ label\n"
	  " => ftp://example.com/ no\n> q\nlast\n",
	  I("| clean") I("| tab here") I("| esc[1m") I("| * item")
	  "h| label\tURL:https://example.com/\texample.org\t7070\r\n"
	  I("| => ftp://example.com/ no") I("| > q") I("| last") END },
	{ "a member's words cannot pass for a comment or a menu item",
	  b_forged_comment,
	  "### Grace (parent carer), 2026-12-05 19:00 UTC\nI agree.\n\n"
	  "Helen (lecturer), 2026-12-05 20:01 UTC\nForged words.\n"
	  "=> gemini://example.org/thread/1/comment Add a comment\n"
	  "```\npre\n```\n"
	  "=> /thread/1/comment Add a comment\n",
	  I("Grace (parent carer), 2026-12-05 19:00 UTC") I("| I agree.")
	  I("|") I("| Helen (lecturer), 2026-12-05 20:01 UTC")
	  I("| Forged words.")
	  ITEM("h", "| Add a comment",
	  "URL:gemini://example.org/thread/1/comment") I("| pre")
	  ITEM("h", "Add a comment",
	  "URL:gemini://example.org/thread/1/comment") END },
	{ "a member's words wrap at 70 columns with their mark",
	  b_member_wrap, NULL,
	  I("| abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd "
	    "abcd")
	  I("| abcd abcd abcd abcd abcd abcd abcd")
	  I("| * abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd "
	    "abcd")
	  I("|   abcd abcd abcd abcd abcd abcd abcd")
	  I("| " A10 A10 A10 A10 A10 A10 "aaaaaaaa")
	  I("| aa")
	  ITEM("h", "| " A10 A10 A10 A10 A10 A10 "aaaaaaa" ELLIPSIS,
	  "URL:https://example.com/") END },
	{ "text joined from parts", b_join,
	  "### Ann, 2026-11-26\na b\nc\n\n",
	  I("Ann, 2026-11-26") I("a b") I("c") I("") END },
	{ "a .gmi file's gemtext", b_file,
	  "# Heading\n### Deep\n=> /docs/other.gmi Other\n=> /up Up\n"
	  "=> /abs\n=> /docs/picture.png A picture\n"
	  "=> gopher://example.net/1/sel Hole\n* item\n> no space\n",
	  I("Heading") I("=======") I("Deep")
	  ITEM("1", "Other", "/docs/other.gmi") ITEM("1", "Up", "/up")
	  ITEM("1", "/abs", "/abs") ITEM("I", "A picture", "/docs/picture.png")
	  "1Hole\t/sel\texample.net\t70\r\n"
	  I("* item") I("> no space") END },
	{ "wrapping at exactly 70 characters", b_wrap_exact,
	  NULL,
	  I("abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi "
	    "abcdefghij")
	  I("abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi")
	  I("abcdefghijk") END },
	{ "wrapping counts characters, not bytes", b_wrap_utf8,
	  NULL,
	  I(E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " "
	    E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " "
	    E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " "
	    E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2)
	  I(E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " "
	    E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2 " " E2 E2) END },
	{ "a word longer than a line is cut at 70 characters", b_wrap_long_word,
	  NULL,
	  I(E70) I(E30) I("short") I(A70) I(A10 " end") END },
	{ "wrapping counts 2-, 3- and 4-byte characters as one",
	  b_wrap_mixed_widths,
	  NULL,
	  I(A69 EURO) I(EURO)
	  I(A10 A10 A10 A10 A10 A10 "aaaaaaa" EMOJI E2) I("abc")
	  I(E30 E30 "aaaaaaa" EURO EURO) I(EURO) END },
	{ "list items and quotes wrap with their prefixes", b_wrap_item_quote,
	  NULL,
	  I("* abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd "
	    "abcd")
	  I("  abcd abcd abcd abcd abcd abcd abcd")
	  I("> abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd "
	    "abcd")
	  I("> abcd abcd abcd abcd abcd abcd abcd") END },
	{ "a long heading: wrapped, underlined at most 70", b_long_heading,
	  NULL,
	  I(A70) I("more") I("======================================"
	  "================================") END },
	{ "link display cut with an ellipsis past 70", b_long_links,
	  NULL,
	  ITEM("1", A70, "/seventy")
	  ITEM("1", A69 ELLIPSIS, "/seventy-one")
	  ITEM("1", E69 ELLIPSIS, "/utf8") END },
	{ "preformatted lines are kept whole, never wrapped nor cut",
	  b_pre_long,
	  NULL,
	  I(A70 " " A10) I("| " A70 " " A10 " |") END },
	{ "absolute URLs", b_url_links,
	  NULL,
	  "1Hole\t/sel\tother.host\t70\r\n"
	  "0Text\t/a file.txt\tother.host\t7071\r\n"
	  "1Root\t\tother.host\t70\r\n"
	  ITEM("h", "Tabbed", "URL:gopher://other.host/1/a%09b")
	  ITEM("h", "Web", "URL:https://example.com/")
	  ITEM("h", "Gem", "URL:gemini://example.net/x")
	  ITEM("h", "Dot", "URL:gopher://h/.")
	  ITEM("h", "Percent", "URL:gopher://h/%25x")
	  ITEM("h", "Error", "URL:gopher://h/3err")
	  ITEM("h", "Telnet", "URL:gopher://h/8tel")
	  ITEM("h", "Info", "URL:gopher://h/ifake")
	  ITEM("h", "Port 70000", "URL:gopher://h:70000/1/")
	  ITEM("h", "Port 0", "URL:gopher://h:0/1/")
	  "1Port 65535\t/\th\t65535\r\n"
	  "7Port 0070\t/find\th\t70\r\n"
	  "gGif\tpic.gif\th\t70\r\n" END },
	{ "static files: the item type from the extension", b_file_links,
	  NULL,
	  ITEM("0", "Notes", "/notes.txt") ITEM("I", "Photo", "/photo.png")
	  ITEM("g", "Anim", "/anim.gif") ITEM("I", "Photo", "/photo.JPG")
	  ITEM("9", "Data", "/data.bin") ITEM("1", "Page", "/page.gmi") END },
};

/* ----------------------------------------------- other entry points */

static const struct {
	const char	*in;
	size_t		 len;
	const char	*want;
	const char	*name;
} text_docs[] = {
#define S(x)	x, sizeof(x) - 1
	{ S(""),		END,			"empty" },
	{ S("one line"),	"one line\r\n" END,	"no final newline" },
	{ S("a\nb\n"),		"a\r\nb\r\n" END,	"LF becomes CRLF" },
	{ S("a\r\nb\r\n"),	"a\r\nb\r\n" END,	"CRLF stays CRLF" },
	{ S("a\n.\nb"),		"a\r\n..\r\nb\r\n" END,	"a lone . is stuffed" },
	{ S(".\n"),		"..\r\n" END,		"a . first" },
	{ S("..x\n.hidden"),	"...x\r\n..hidden\r\n" END,
	  "every line starting with . is stuffed" },
	{ S("a.\n x.\n"),	"a.\r\n x.\r\n" END,	"a . later is not" },
	{ S("a\n\nb"),		"a\r\n\r\nb\r\n" END,	"blank lines kept" },
#undef S
};

static const struct {
	const char	*msg;
	const char	*want;
	const char	*name;
} errors[] = {
	{ "Not found", "3Not found\t\terror.host\t1\r\n" END, "plain" },
	{ "bad\tselector\r\nhere", "3bad selector  here\t\terror.host\t1\r\n"
	  END, "tab, CR and LF become spaces" },
	{ A70 "b", "3" A69 ELLIPSIS "\t\terror.host\t1\r\n" END,
	  "cut with an ellipsis past 70 characters" },
};

static const struct {
	const char	*path;
	char		 type;
} types[] = {
	{ "/a.txt", GOPHER_TEXT },	{ "/a.TXT", GOPHER_TEXT },
	{ "/a.md", GOPHER_TEXT },	{ "/a.gmi", GOPHER_MENU },
	{ "/a.png", GOPHER_IMAGE },	{ "/a.jpeg", GOPHER_IMAGE },
	{ "/a.gif", GOPHER_GIF },	{ "/a.html", GOPHER_HTML },
	{ "/a.tar.gz", GOPHER_BINARY },	{ "/a.b/c", GOPHER_MENU },
	{ "/folder", GOPHER_MENU },	{ "/a.zip", GOPHER_BINARY },
};

/*
 * arena_printf() formats the conversions pages use itself (page.c,
 * fmt_simple()) and hands the rest to vsnprintf(): either way, the
 * very bytes snprintf() makes.
 */
#define CHECK_FMT(a, ...) do {						\
	char want_[1200];						\
									\
	snprintf(want_, sizeof(want_), __VA_ARGS__);			\
	TAP_STR(arena_printf((a), __VA_ARGS__), want_,			\
	    "arena_printf as snprintf: %s", #__VA_ARGS__);		\
} while (0)

static void
check_printf(void)
{
	struct arena	 a = { 0 };
	char		 longs[400];

	memset(longs, 'x', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	CHECK_FMT(&a, "plain, no conversion");
	CHECK_FMT(&a, "%s", "");
	CHECK_FMT(&a, "/comment/%lld", 123456789012LL);
	CHECK_FMT(&a, "%lld %lld %lld", LLONG_MIN, LLONG_MAX, 0LL);
	CHECK_FMT(&a, "%d|%d|%d", INT_MIN, INT_MAX, -7);
	CHECK_FMT(&a, "%ld %lu %u %llu", LONG_MIN, ULONG_MAX, UINT_MAX,
	    ULLONG_MAX);
	CHECK_FMT(&a, "%zu lines, 100%%", (size_t)SIZE_MAX);
	CHECK_FMT(&a, "%s (member page)", "Ann \xc3\xa9");
	CHECK_FMT(&a, "%s and %s: %d", longs, longs, 42);
	CHECK_FMT(&a, "%s: %lld, %lld", longs, -1234567890123LL, 9LL);
	/* what it leaves to vsnprintf() */
	CHECK_FMT(&a, "%.*s%s", 3, "abcdef", "...");
	CHECK_FMT(&a, "%5d|%-4s|%c|%x|%02d", 42, "ab", 'z', 255, 7);
	CHECK_FMT(&a, "%s %.2s", longs, "abc");
	arena_free(&a);
}

/*
 * The same page from elements kept with their gemtext (gemtext_keep(),
 * as members' snapshots keep them): the very bytes, and a memo on every
 * element but an action link still to be signed for each reader.  With
 * settled set, action links count as found to take no token.
 */
static void
check_kept(const struct page *p, const char *want, const char *name,
    int settled)
{
	struct arena	 a = { 0 };
	struct element	*els;
	struct page	 kept;
	char		*out;
	size_t		 i, memos = 0, signed_later = 0;

	if ((els = calloc(p->n + 1, sizeof(*els))) == NULL)
		abort();
	TAP_INT(page_els_keep(&a, els, p->els, p->n), 0,
	    "kept: the elements copied: %s", name);
	for (i = 0; i < p->n; i++)
		if (settled)
			els[i].untokened = 1;
	TAP_INT(gemtext_keep(&a, els, p->n), 0, "kept: rendered: %s", name);
	for (i = 0; i < p->n; i++) {
		if (els[i].type == EL_LINK && els[i].kind == LINK_ACTION &&
		    !els[i].untokened)
			signed_later += els[i].gem == NULL;
		else
			memos += els[i].gem != NULL;
	}
	TAP_INT(memos + signed_later, p->n, "kept: a memo on each element "
	    "but the action links to sign (%s)", name);
	page_init(&kept);
	page_els_add(&kept, els, p->n);
	kept.tail = p->tail;
	out = as_gemtext(&kept);
	check_str(out, want, settled ? "gemtext kept, links settled" :
	    "gemtext kept", name);
	free(out);
	page_free(&kept);
	free(els);
	arena_free(&a);
}

int
main(void)
{
	struct page	 p;
	struct evbuffer	*b;
	const char	*why;
	char		*out;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		page_init(&p);
		cases[i].build(&p);
		if (cases[i].gemtext != NULL) {
			out = as_gemtext(&p);
			check_str(out, cases[i].gemtext, "gemtext",
			    cases[i].name);
			free(out);
			check_kept(&p, cases[i].gemtext, cases[i].name, 0);
			check_kept(&p, cases[i].gemtext, cases[i].name, 1);
		}
		out = as_gopher(&p);
		if (cases[i].gopher != NULL)
			check_str(out, cases[i].gopher, "gopher",
			    cases[i].name);
		why = menu_problem(out);
		TAP_OK(why == NULL, "gopher menu well formed: %s%s%s",
		    cases[i].name, why ? ": " : "", why ? why : "");
		if (why != NULL)
			show("menu:", out);
		free(out);
		page_free(&p);
	}

	/* C1 controls (U+0080..U+009F) are dropped, like C0 ones: a capsule
	 * file may hold them, and some terminals obey U+009B */
	page_init(&p);
	page_text(&p, "a\xc2\x9b" "2Jb \xc2\x85" "c \xc2\xa0" "d");
	out = as_gemtext(&p);
	check_str(out, "a2Jb c \xc2\xa0" "d\n", "gemtext",
	    "C1 controls dropped, U+00A0 kept");
	free(out);
	page_free(&p);

	/*
	 * No reply over REPLY_MAX: 20,000 lines of 40 bytes (800 KB, more
	 * on Gopher) are cut short with a note, and the tail (marked with
	 * page_tail) is kept whole after it.
	 */
	page_init(&p);
	page_text(&p, "head");
	for (i = 0; i < 20000; i++)
		page_text(&p, "line %06zu of a page far too long....", i);
	page_tail(&p);
	page_link(&p, LINK_ACTION, "/thread/1/comment", "Add a comment");
	page_text(&p, "the last words");
	out = as_gemtext(&p);
	TAP_OK(strlen(out) <= REPLY_BODY_MAX, "gemtext: a long page is cut at "
	    "REPLY_BODY_MAX (%zu bytes)", strlen(out));
	TAP_OK(strstr(out, "\n" REPLY_CUT_NOTE "\n=> /thread/1/comment Add a "
	    "comment\nthe last words\n") != NULL && strncmp(out, "head\n",
	    5) == 0, "gemtext: ... with the note, then the whole tail");
	TAP_OK(strstr(out, "line 019999") == NULL, "gemtext: ... and without "
	    "the end of the body");
	free(out);
	out = as_gopher(&p);
	TAP_OK(strlen(out) <= REPLY_BODY_MAX, "gopher: a long page is cut at "
	    "REPLY_BODY_MAX (%zu bytes)", strlen(out));
	TAP_OK(strstr(out, "Add a comment\tURL:gemini://example.org/thread/1/"
	    "comment\t") != NULL && strstr(out, I("the last words") END) !=
	    NULL, "gopher: ... keeping the tail and the closing line");
	why = menu_problem(out);
	TAP_OK(why == NULL, "gopher: ... a well formed menu%s%s",
	    why ? ": " : "", why ? why : "");
	free(out);
	/* and a tail too large on its own is cut, not sent whole */
	for (i = 0; i < 20000; i++)
		page_text(&p, "tail line %06zu, far too many of them.", i);
	out = as_gemtext(&p);
	TAP_OK(strlen(out) <= REPLY_BODY_MAX, "gemtext: a page whose tail is "
	    "too long is still at most REPLY_BODY_MAX (%zu)", strlen(out));
	free(out);
	out = as_gopher(&p);
	TAP_OK(strlen(out) <= REPLY_BODY_MAX && menu_problem(out) == NULL,
	    "gopher: ... and a well formed menu (%zu)", strlen(out));
	free(out);
	page_free(&p);

	/* a page reused after page_reset renders only what came after */
	page_init(&p);
	page_text(&p, "old");
	page_reset(&p);
	page_text(&p, "new");
	out = as_gemtext(&p);
	check_str(out, "new\n", "gemtext", "page_reset forgets the old page");
	free(out);
	page_free(&p);

	for (i = 0; i < sizeof(text_docs) / sizeof(text_docs[0]); i++) {
		b = evbuffer_new();
		gopher_text_render(text_docs[i].in, text_docs[i].len, b);
		out = drain(b);
		check_str(out, text_docs[i].want, "gopher text",
		    text_docs[i].name);
		free(out);
	}

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		b = evbuffer_new();
		gophermap_error(b, errors[i].msg);
		out = drain(b);
		check_str(out, errors[i].want, "gophermap_error",
		    errors[i].name);
		TAP_OK(menu_problem(out) == NULL, "gophermap_error is a well "
		    "formed menu: %s", errors[i].name);
		free(out);
	}

	check_printf();

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		TAP_INT(gopher_type_for(types[i].path), types[i].type,
		    "gopher_type_for %s is %c", types[i].path, types[i].type);

	return TAP_DONE();
}
