/*
 * test_url.c: request URL parsing, percent-decoding and -encoding, path
 * normalisation and Titan parameters (src/core/url.c).  Each rule of
 * PROTOCOLS.md Gemini items 3, 5, 6, 7, 12 and 14 has a case here.
 */

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "tap.h"
#include "core/url.h"

/* A literal with its length, so that cases may hold NUL bytes. */
#define S(x)		x, sizeof(x) - 1
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * The input as a C literal would spell it, so that a test name holding
 * a newline or a NUL stays on its TAP line.
 */
static const char *
show(const char *s, size_t len)
{
	static char	out[512];
	size_t		i, o = 0;
	unsigned char	c;

	for (i = 0; i < len && o + 5 < sizeof(out); i++) {
		c = s[i];
		if (c == '\\' || c == '"')
			o += snprintf(out + o, 5, "\\%c", c);
		else if (c < 0x20 || c >= 0x7F)
			o += snprintf(out + o, 5, "\\x%02X", c);
		else
			out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

struct parse_case {
	const char	*in;
	size_t		 len;
	int		 err;
	/* the rest only when err is URL_OK */
	const char	*scheme;
	const char	*host;
	int		 port;
	const char	*path;
	const char	*params;
	const char	*query;
	int		 has_query;
};

#define BAD(in, err)	{ S(in), err, NULL, NULL, 0, NULL, NULL, NULL, 0 }
#define OK(in, scheme, host, port, path, params, query, has_query)	\
	{ S(in), URL_OK, scheme, host, port, path, params, query, has_query }

static const struct parse_case parse_cases[] = {
	/* the plain cases; host without path is the root (item 7) */
	OK("gemini://example.org/", "gemini", "example.org", -1, "/", "", "",
	    0),
	OK("gemini://h", "gemini", "h", -1, "/", "", "", 0),
	OK("gemini://h/", "gemini", "h", -1, "/", "", "", 0),
	OK("gemini://h/a/b.gmi", "gemini", "h", -1, "/a/b.gmi", "", "", 0),

	/* case: scheme and host compare case-insensitively (item 6) */
	OK("gemini://HOST.Example/", "gemini", "host.example", -1, "/", "", "",
	    0),
	OK("GeMiNi://h/", "gemini", "h", -1, "/", "", "", 0),
	OK("gemini://h/CaSe", "gemini", "h", -1, "/CaSe", "", "", 0),

	/* other schemes parse; refusing them (53) is the caller's job */
	OK("http://h/", "http", "h", -1, "/", "", "", 0),
	OK("gopher://h:70/1/", "gopher", "h", 70, "/1/", "", "", 0),
	OK("a+b.c-d://h/", "a+b.c-d", "h", -1, "/", "", "", 0),
	OK("abcdefghijklmnop://h/", "abcdefghijklmnop", "h", -1, "/", "", "",
	    0),

	/* hosts */
	OK("gemini://a-b_c~d.e1/", "gemini", "a-b_c~d.e1", -1, "/", "", "", 0),
	OK("gemini://127.0.0.1/", "gemini", "127.0.0.1", -1, "/", "", "", 0),
	OK("gemini://[::1]:1965/", "gemini", "::1", 1965, "/", "", "", 0),
	OK("gemini://[::1]", "gemini", "::1", -1, "/", "", "", 0),
	OK("gemini://[2001:DB8::A]/x", "gemini", "2001:db8::a", -1, "/x", "",
	    "", 0),
	OK("gemini://[::ffff:192.0.2.1]/", "gemini", "::ffff:192.0.2.1", -1,
	    "/", "", "", 0),

	/* ports: an explicit default port is still parsed (item 6) */
	OK("gemini://h:1965/", "gemini", "h", 1965, "/", "", "", 0),
	OK("gemini://h:1965", "gemini", "h", 1965, "/", "", "", 0),
	OK("gemini://h:1/", "gemini", "h", 1, "/", "", "", 0),
	OK("gemini://h:65535/", "gemini", "h", 65535, "/", "", "", 0),
	OK("gemini://h:01965/", "gemini", "h", 1965, "/", "", "", 0),
	OK("gemini://h:/", "gemini", "h", -1, "/", "", "", 0),
	OK("gemini://h:", "gemini", "h", -1, "/", "", "", 0),
	OK("gemini://h:?q", "gemini", "h", -1, "/", "", "q", 1),
	OK("gemini://[::1]:/", "gemini", "::1", -1, "/", "", "", 0),

	/* dot segments, plain and encoded; above the root is refused */
	OK("gemini://h/a/./b/../c", "gemini", "h", -1, "/a/c", "", "", 0),
	BAD("gemini://h/../../etc", URL_ABOVE_ROOT),
	BAD("gemini://h/../../", URL_ABOVE_ROOT),
	OK("gemini://h/a/..", "gemini", "h", -1, "/", "", "", 0),
	BAD("gemini://h/a/../..", URL_ABOVE_ROOT),
	OK("gemini://h/a/b/..", "gemini", "h", -1, "/a/", "", "", 0),
	OK("gemini://h/a/.", "gemini", "h", -1, "/a/", "", "", 0),
	BAD("gemini://h/..", URL_ABOVE_ROOT),
	BAD("gemini://h/%2e%2e/%2E%2E/etc/passwd", URL_ABOVE_ROOT),
	BAD("gemini://h/%2e%2e%2f%2e%2e%2fetc", URL_ABOVE_ROOT),
	BAD("gemini://h/.%2e/", URL_ABOVE_ROOT),
	BAD("gemini://h/a/%2E./%2e%2E", URL_ABOVE_ROOT),
	OK("gemini://h/a/%2e/b/.%2E/c", "gemini", "h", -1, "/a/c", "", "", 0),
	BAD("gemini://h/..?q", URL_ABOVE_ROOT),
	OK("gemini://h/a/..?q", "gemini", "h", -1, "/", "", "q", 1),
	OK("gemini://h/a//b", "gemini", "h", -1, "/a/b", "", "", 0),
	OK("gemini://h/.../..a/a..", "gemini", "h", -1, "/.../..a/a..", "", "",
	    0),

	/* path decoding */
	OK("gemini://h/a%20b", "gemini", "h", -1, "/a b", "", "", 0),
	OK("gemini://h/a+b", "gemini", "h", -1, "/a+b", "", "", 0),
	OK("gemini://h/caf%C3%A9", "gemini", "h", -1, "/caf\xC3\xA9", "", "",
	    0),
	OK("gemini://h/caf\xC3\xA9", "gemini", "h", -1, "/caf\xC3\xA9", "", "",
	    0),
	OK("gemini://h/a%2Fb", "gemini", "h", -1, "/a/b", "", "", 0),
	OK("gemini://h/%3F%23", "gemini", "h", -1, "/?#", "", "", 0),
	OK("gemini://h/a@b:c", "gemini", "h", -1, "/a@b:c", "", "", 0),
	OK("gemini://h/a;b", "gemini", "h", -1, "/a;b", "", "", 0),

	/* queries stay raw; unencoded spaces and brackets pass (item 12) */
	OK("gemini://h/x?hello world", "gemini", "h", -1, "/x", "",
	    "hello world", 1),
	OK("gemini://h/x?[a] | {b} <c>", "gemini", "h", -1, "/x", "",
	    "[a] | {b} <c>", 1),
	OK("gemini://h/x?a+b%20c%0Ad", "gemini", "h", -1, "/x", "",
	    "a+b%20c%0Ad", 1),
	OK("gemini://h/x?", "gemini", "h", -1, "/x", "", "", 1),
	OK("gemini://h?q", "gemini", "h", -1, "/", "", "q", 1),
	OK("gemini://h/x?a?b/c:d@e", "gemini", "h", -1, "/x", "", "a?b/c:d@e",
	    1),
	OK("gemini://h/x?caf\xC3\xA9", "gemini", "h", -1, "/x", "",
	    "caf\xC3\xA9", 1),

	/* Titan parameters (item 14) */
	OK("titan://h/thread/3/comment;mime=text/plain;size=10;token=x?q",
	    "titan", "h", -1, "/thread/3/comment",
	    "mime=text/plain;size=10;token=x", "q", 1),
	OK("titan://h/x;size=0", "titan", "h", -1, "/x", "size=0", "", 0),
	OK("TITAN://h:1965/x;size=1", "titan", "h", 1965, "/x", "size=1", "",
	    0),
	OK("titan://h/;size=1", "titan", "h", -1, "/", "size=1", "", 0),
	OK("titan://h/a%3Bb;size=1", "titan", "h", -1, "/a;b", "size=1", "", 0),
	OK("titan://h/a/..;size=1", "titan", "h", -1, "/", "size=1", "", 0),
	OK("titan://h/x", "titan", "h", -1, "/x", "", "", 0),
	OK("titan://h/x;", "titan", "h", -1, "/x", "", "", 0),
	OK("titan://h/x?a;b", "titan", "h", -1, "/x", "", "a;b", 1),

	/* empty, NUL, BOM, UTF-8 (items 3, 5) */
	BAD("", URL_EMPTY),
	BAD("\0", URL_NUL),
	BAD("gemini://h/\0x", URL_NUL),
	BAD("gemini://h/x?\0", URL_NUL),
	BAD("gemini://h/%00", URL_NUL),
	BAD("gemini://h/a%00b", URL_NUL),
	BAD("titan://h/%00;size=1", URL_NUL),
	BAD("\xEF\xBB\xBFgemini://h/", URL_BOM),
	BAD("\xEF\xBB\xBF", URL_BOM),
	BAD("gemini://h/\xC0\xAF", URL_BAD_UTF8),
	BAD("gemini://h/\xED\xA0\x80", URL_BAD_UTF8),
	BAD("gemini://h/\xF4\x90\x80\x80", URL_BAD_UTF8),
	BAD("gemini://h/\xE2\x82", URL_BAD_UTF8),
	BAD("gemini://h/\xF0\x9F\x92" "a", URL_BAD_UTF8),
	BAD("gemini://h/\x80", URL_BAD_UTF8),
	BAD("gemini://h/x?\xFF", URL_BAD_UTF8),
	BAD("\xC0\xAF", URL_BAD_UTF8),
	BAD("gemini://h/%C0%AF", URL_BAD_UTF8),
	BAD("gemini://h/%C0%AE%C0%AE/etc", URL_BAD_UTF8),
	BAD("gemini://h/%ED%A0%80", URL_BAD_UTF8),
	BAD("gemini://h/%F4%90%80%80", URL_BAD_UTF8),
	BAD("gemini://h/%E2%82", URL_BAD_UTF8),
	BAD("gemini://h/%FF", URL_BAD_UTF8),

	/* relative references and free text (item 5) */
	BAD("/", URL_RELATIVE),
	BAD("//host/", URL_RELATIVE),
	BAD("//host:1965/", URL_RELATIVE),
	BAD("foo bar", URL_RELATIVE),
	BAD("index.gmi", URL_RELATIVE),
	BAD("?q:r", URL_RELATIVE),
	BAD("/a:b", URL_RELATIVE),
	BAD("a/b:c", URL_RELATIVE),

	/* schemes */
	BAD(":foo", URL_BAD_SCHEME),
	BAD("://h/", URL_BAD_SCHEME),
	BAD("1gemini://h/", URL_BAD_SCHEME),
	BAD("+gemini://h/", URL_BAD_SCHEME),
	BAD("gem_ini://h/", URL_BAD_SCHEME),
	BAD("gem~ini://h/", URL_BAD_SCHEME),
	BAD("gem*ini://h/", URL_BAD_SCHEME),
	BAD("gem\xC3\xA9ini://h/", URL_BAD_SCHEME),
	BAD("abcdefghijklmnopq://h/", URL_BAD_SCHEME),
	BAD("foo bar://h/", URL_BAD_CHAR),

	/* no authority */
	BAD("gemini:", URL_NO_HOST),
	BAD("gemini:/x", URL_NO_HOST),
	BAD("gemini:x", URL_NO_HOST),
	BAD("gemini:?//x", URL_NO_HOST),
	BAD("mailto:a@b", URL_NO_HOST),
	BAD("localhost:1965/", URL_NO_HOST),

	/* userinfo (item 5) */
	BAD("gemini://user@host/", URL_USERINFO),
	BAD("gemini://user:pw@host:1965/", URL_USERINFO),
	BAD("gemini://@host/", URL_USERINFO),
	BAD("gemini://host@/", URL_USERINFO),

	/* hosts */
	BAD("gemini://", URL_BAD_HOST),
	BAD("gemini:///x", URL_BAD_HOST),
	BAD("gemini://?q", URL_BAD_HOST),
	BAD("gemini://:1965/", URL_BAD_HOST),
	BAD("gemini://h%41/", URL_BAD_HOST),
	BAD("titan://h;size=1", URL_BAD_HOST),
	BAD("gemini://h%2e/", URL_BAD_HOST),
	BAD("gemini://h!/", URL_BAD_HOST),
	BAD("gemini://a,b/", URL_BAD_HOST),
	BAD("gemini://caf\xC3\xA9.example/", URL_BAD_HOST),
	BAD("gemini://h\\x/", URL_BAD_HOST),
	BAD("gemini://[::1/", URL_BAD_HOST),
	BAD("gemini://[]/", URL_BAD_HOST),
	BAD("gemini://[::g]/", URL_BAD_HOST),
	BAD("gemini://[1:2:3]/", URL_BAD_HOST),
	BAD("gemini://[127.0.0.1]/", URL_BAD_HOST),
	BAD("gemini://[fe80::1%25eth0]/", URL_BAD_HOST),
	BAD("gemini://[::1]x/", URL_BAD_HOST),
	BAD("gemini://[::1][::1]/", URL_BAD_HOST),
	BAD("gemini://x[::1]/", URL_BAD_HOST),
	BAD("gemini://::1/", URL_BAD_HOST),

	/* ports */
	BAD("gemini://h:0/", URL_BAD_PORT),
	BAD("gemini://h:00/", URL_BAD_PORT),
	BAD("gemini://h:65536/", URL_BAD_PORT),
	BAD("gemini://h:99999999999999999999999/", URL_BAD_PORT),
	BAD("gemini://h:-1/", URL_BAD_PORT),
	BAD("gemini://h:+1/", URL_BAD_PORT),
	BAD("gemini://h:0x10/", URL_BAD_PORT),
	BAD("gemini://h:abc/", URL_BAD_PORT),
	BAD("gemini://h:1965:1/", URL_BAD_PORT),
	BAD("gemini://[::1]:65536/", URL_BAD_PORT),

	/* escapes (item 5) */
	BAD("gemini://h/%zz", URL_BAD_ESCAPE),
	BAD("gemini://h/%4", URL_BAD_ESCAPE),
	BAD("gemini://h/%", URL_BAD_ESCAPE),
	BAD("gemini://h/%4?1", URL_BAD_ESCAPE),
	BAD("gemini://h/%g0", URL_BAD_ESCAPE),
	BAD("gemini://h/%0g", URL_BAD_ESCAPE),
	BAD("gemini://h/% 1?", URL_BAD_CHAR),

	/* fragments (item 5) */
	BAD("gemini://h/#x", URL_FRAGMENT),
	BAD("gemini://h/x?q#f", URL_FRAGMENT),
	BAD("gemini://h#", URL_FRAGMENT),
	BAD("#", URL_FRAGMENT),
	BAD("titan://h/x;size=1#", URL_FRAGMENT),

	/* controls anywhere, spaces outside the query */
	BAD("gemini://h/a b", URL_BAD_CHAR),
	BAD("gemini://h /", URL_BAD_CHAR),
	BAD("gemini:// h/", URL_BAD_CHAR),
	BAD("gemini://h:19 65/", URL_BAD_CHAR),
	BAD("gemini://h/ ?q", URL_BAD_CHAR),
	BAD("gemini://h/\t", URL_BAD_CHAR),
	BAD("gemini://h/x\n", URL_BAD_CHAR),
	BAD("gemini://h/x\r", URL_BAD_CHAR),
	BAD("gemini://h/x\x7F", URL_BAD_CHAR),
	BAD("gemini://h/x\x1B[0m", URL_BAD_CHAR),
	BAD("gemini://h\x01/", URL_BAD_CHAR),
	BAD("gem\tini://h/", URL_BAD_CHAR),
	BAD("gemini://h/x?a\tb", URL_BAD_CHAR),
	BAD("gemini://h/x?a\r\n", URL_BAD_CHAR),
	BAD("gemini://h/x?\x7F", URL_BAD_CHAR),
	BAD("titan://h/x;mime=a b;size=1", URL_BAD_CHAR),
};

static void
check_parse(const struct parse_case *c)
{
	struct url	 u;
	const char	*in = show(c->in, c->len);
	int		 err;

	/* every line names the case: tests/run.sh lists failures alone */
	err = url_parse(c->in, c->len, &u);
	TAP_INT(err, c->err, "url_parse \"%s\": %s", in,
	    url_strerror(c->err));
	if (c->err != URL_OK || err != URL_OK)
		return;
	TAP_STR(u.scheme, c->scheme, "  \"%s\" scheme", in);
	TAP_STR(u.host, c->host, "  \"%s\" host", in);
	TAP_INT(u.port, c->port, "  \"%s\" port", in);
	TAP_STR(u.path, c->path, "  \"%s\" path", in);
	TAP_STR(u.params, c->params, "  \"%s\" params", in);
	TAP_STR(u.query, c->query, "  \"%s\" query", in);
	TAP_INT(u.has_query, c->has_query, "  \"%s\" has_query", in);
}

/*
 * Fill buf with prefix and then 'a' up to GEMINI_URL_MAX + 1 bytes, so
 * that the cases below can take the length they want.
 */
static char *
fill(char *buf, const char *prefix)
{
	memset(buf, 'a', GEMINI_URL_MAX + 1);
	memcpy(buf, prefix, strlen(prefix));
	return buf;
}

/* The limits: GEMINI_URL_MAX (item 3), URL_HOST_MAX. */
static void
test_limits(void)
{
	static char	buf[GEMINI_URL_MAX + 1];
	struct url	u;
	size_t		pre = strlen("gemini://h/");
	size_t		host = strlen("gemini://") + URL_HOST_MAX;

	fill(buf, "gemini://h/");
	TAP_INT(url_parse(buf, GEMINI_URL_MAX, &u), URL_OK,
	    "url_parse: a %d-byte URL is accepted", GEMINI_URL_MAX);
	TAP_INT(strlen(u.path), GEMINI_URL_MAX - pre + 1,
	    "  and its path is whole");
	TAP_INT(url_parse(buf, GEMINI_URL_MAX + 1, &u), URL_TOO_LONG,
	    "url_parse: a %d-byte URL is refused", GEMINI_URL_MAX + 1);

	fill(buf, "gemini://h/?");
	TAP_INT(url_parse(buf, GEMINI_URL_MAX, &u), URL_OK,
	    "url_parse: a %d-byte URL with a query", GEMINI_URL_MAX);
	TAP_INT(strlen(u.query), GEMINI_URL_MAX - pre - 1,
	    "  and its query is whole");

	fill(buf, "titan://h/;");
	TAP_INT(url_parse(buf, GEMINI_URL_MAX, &u), URL_OK,
	    "url_parse: a %d-byte Titan URL", GEMINI_URL_MAX);
	TAP_INT(strlen(u.params), GEMINI_URL_MAX - strlen("titan://h/;"),
	    "  and its parameters are whole");

	fill(buf, "gemini://")[host] = '/';
	TAP_INT(url_parse(buf, host + 1, &u), URL_OK,
	    "url_parse: a %d-byte host", URL_HOST_MAX);
	TAP_INT(strlen(u.host), URL_HOST_MAX,
	    "  host of URL_HOST_MAX kept whole");
	fill(buf, "gemini://")[host + 1] = '/';
	TAP_INT(url_parse(buf, host + 2, &u), URL_BAD_HOST,
	    "url_parse: a %d-byte host", URL_HOST_MAX + 1);
	TAP_INT(url_parse(buf, host + 1, &u), URL_BAD_HOST,
	    "url_parse: a %d-byte host, no path", URL_HOST_MAX + 1);
}

/* A failed parse leaves nothing behind, old or half-parsed. */
static void
test_reset(void)
{
	struct url	u;

	url_parse(S("gemini://h:1/x?y"), &u);
	TAP_INT(url_parse(S("gemini://h:2/%zz?z"), &u), URL_BAD_ESCAPE,
	    "url_parse: reused struct, failing");
	TAP_STR(u.scheme, "", "  failed parse: scheme reset");
	TAP_STR(u.host, "", "  failed parse: host reset");
	TAP_INT(u.port, -1, "  failed parse: port reset");
	TAP_STR(u.path, "", "  failed parse: path reset");
	TAP_INT(u.has_query, 0, "  failed parse: has_query reset");
	TAP_STR(u.query, "", "  failed parse: query reset");
}

static const struct {
	const char	*in;
	const char	*out;
} normalise_cases[] = {
	{ "/",				"/" },
	{ "/.",				"/" },
	{ "/..",			"/" },
	{ "/./",			"/" },
	{ "/../",			"/" },
	{ "/a",				"/a" },
	{ "/a/",			"/a/" },
	{ "/a/./b/../c",		"/a/c" },
	{ "/../../etc",			"/etc" },
	{ "/a/..",			"/" },
	{ "/a/../",			"/" },
	{ "/a/b/..",			"/a/" },
	{ "/a/.",			"/a/" },
	{ "/a/./",			"/a/" },
	{ "/a/b/c/./../../g",		"/a/g" },	/* RFC 3986, 5.2.4 */
	{ "/mid/content=5/../6",	"/mid/6" },	/* RFC 3986, 5.2.4 */
	{ "/a//b",			"/a/b" },	/* no empty segment */
	{ "//",				"/" },
	{ "//sub",			"/sub" },
	{ "///sub//",			"/sub/" },
	{ "/a//..",			"/" },
	{ "/a//b/../c",			"/a/c" },
	{ "/...",			"/..." },
	{ "/.a/..b/c..",		"/.a/..b/c.." },
	{ "/a/b/../../../../c",		"/c" },
	{ "/./././x",			"/x" },
	{ "/./..",			"/" },
	{ "//..",			"/" },
	{ "/a/./../../",		"/" },
	{ "relative/../x",		"relative/../x" },
	{ "",				"" },
};

/* A ".." with nothing left to drop: url_normalise_path() says -1. */
static int
climbs(const char *path)
{
	static const char *const above[] = { "/..", "/../", "/../../etc",
	    "/a/../..", "/a/b/../../../../c", "/./..", "//..", "/a/./../../" };
	size_t i;

	for (i = 0; i < nitems(above); i++)
		if (strcmp(path, above[i]) == 0)
			return 1;
	return 0;
}

static void
test_normalise(void)
{
	char	buf[64];
	size_t	i;
	int	ret;

	for (i = 0; i < nitems(normalise_cases); i++) {
		strcpy(buf, normalise_cases[i].in);
		ret = url_normalise_path(buf);
		TAP_STR(buf, normalise_cases[i].out,
		    "url_normalise_path \"%s\"", normalise_cases[i].in);
		TAP_INT(ret, climbs(normalise_cases[i].in) ? -1 : 0,
		    "url_normalise_path \"%s\": %s", normalise_cases[i].in,
		    climbs(normalise_cases[i].in) ? "climbs" : "stays");
	}
}

static const struct {
	const char	*in;
	size_t		 len;
	int		 ret;
	const char	*out;		/* when ret is 0 */
	size_t		 outlen;
} decode_cases[] = {
	{ S("a+b%20c%0Ad"),		0, "a+b c\nd", 7 },
	{ S(""),			0, "", 0 },
	{ S("plain"),			0, "plain", 5 },
	{ S("%41%4a%4A%7e"),		0, "AJJ~", 4 },
	{ S("caf%C3%A9"),		0, "caf\xC3\xA9", 5 },
	{ S("caf\xC3\xA9"),		0, "caf\xC3\xA9", 5 },
	{ S("[a] |b|"),			0, "[a] |b|", 7 },
	{ S("%25zz"),			0, "%zz", 3 },
	{ S("%0D%0A%09"),		0, "\r\n\t", 3 },
	{ S("%zz"),			-1, NULL, 0 },
	{ S("%4"),			-1, NULL, 0 },
	{ S("%"),			-1, NULL, 0 },
	{ S("a%"),			-1, NULL, 0 },
	{ S("%%41"),			-1, NULL, 0 },
	{ S("%00"),			-1, NULL, 0 },
	{ S("a\0b"),			-1, NULL, 0 },
	{ S("%C0%AF"),			-1, NULL, 0 },
	{ S("%ED%A0%80"),		-1, NULL, 0 },
	{ S("%F4%90%80%80"),		-1, NULL, 0 },
	{ S("%E2%82"),			-1, NULL, 0 },
	{ S("%80"),			-1, NULL, 0 },
	{ S("\xC0\xAF"),		-1, NULL, 0 },
};

static void
test_decode(void)
{
	char	out[64];
	size_t	i, n;

	for (i = 0; i < nitems(decode_cases); i++) {
		n = 999;
		TAP_INT(url_decode(decode_cases[i].in, decode_cases[i].len,
		    out, sizeof(out), &n), decode_cases[i].ret,
		    "url_decode \"%s\"", show(decode_cases[i].in,
		    decode_cases[i].len));
		if (decode_cases[i].ret != 0)
			continue;
		TAP_STR(out, decode_cases[i].out, "  \"%s\" text",
		    show(decode_cases[i].in, decode_cases[i].len));
		TAP_INT(n, decode_cases[i].outlen, "  \"%s\" length",
		    show(decode_cases[i].in, decode_cases[i].len));
	}

	/* "ab%20c" decodes to 4 bytes: it needs 5 with the NUL */
	TAP_INT(url_decode(S("ab%20c"), out, 5, &n), 0,
	    "url_decode: exactly enough room");
	TAP_STR(out, "ab c", "  exactly enough room: text");
	TAP_INT(url_decode(S("ab%20c"), out, 4, &n), -1,
	    "url_decode: one byte short");
	TAP_INT(url_decode(S(""), out, 1, &n), 0, "url_decode: empty in 1");
	TAP_INT(url_decode(S(""), out, 0, &n), -1, "url_decode: no room");
	TAP_INT(url_decode(S("abc"), out, sizeof(out), NULL), 0,
	    "url_decode: outlen may be NULL");
}

static const struct {
	const char	*in;
	int		 keep_slash;
	const char	*out;
} encode_cases[] = {
	{ "hello world/x",		0, "hello%20world%2Fx" },
	{ "hello world/x",		1, "hello%20world/x" },
	{ "AZaz09-._~",			0, "AZaz09-._~" },
	{ "caf\xC3\xA9",		0, "caf%C3%A9" },
	{ "a+b&c=d?#%",			0, "a%2Bb%26c%3Dd%3F%23%25" },
	{ "line\nbreak\t[x]",		0, "line%0Abreak%09%5Bx%5D" },
	{ "",				0, "" },
	{ "/",				0, "%2F" },
	{ "/",				1, "/" },
	{ "\x7F\xFF",			0, "%7F%FF" },
};

/* Strings that an encode-then-decode round trip must give back whole. */
static const char *const round_trips[] = {
	"",
	"hello world",
	"a+b c\nd",
	"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x92\xAC",
	"100% [sure] |a|b| {c} <d> \"e\" 'f' `g` ^h \\i",
	"/thread/3/../comment?x=1&y=2#frag;param",
	(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7F\x01\x1F"),
};

static void
test_encode(void)
{
	char		out[512], back[512];
	struct url	u;
	size_t		i, n;
	int		keep;

	for (i = 0; i < nitems(encode_cases); i++) {
		TAP_INT(url_encode(encode_cases[i].in,
		    strlen(encode_cases[i].in), out, sizeof(out),
		    encode_cases[i].keep_slash),
		    strlen(encode_cases[i].out), "url_encode \"%s\" (%d)",
		    show(encode_cases[i].in, strlen(encode_cases[i].in)),
		    encode_cases[i].keep_slash);
		TAP_STR(out, encode_cases[i].out, "  \"%s\" (%d) text",
		    show(encode_cases[i].in, strlen(encode_cases[i].in)),
		    encode_cases[i].keep_slash);
	}

	/* "a b" is 5 bytes encoded: it needs 6 with the NUL */
	TAP_INT(url_encode(S("a b"), out, 6, 0), 5,
	    "url_encode: exactly enough room");
	TAP_INT(url_encode(S("a b"), out, 5, 0), -1,
	    "url_encode: one byte short");
	TAP_INT(url_encode(S("ab"), out, 2, 0), -1,
	    "url_encode: one byte short, unreserved");
	TAP_INT(url_encode(S(""), out, 0, 0), -1, "url_encode: no room");

	for (i = 0; i < nitems(round_trips); i++)
		for (keep = 0; keep <= 1; keep++) {
			back[0] = '\0';
			TAP_OK(url_encode(round_trips[i],
			    strlen(round_trips[i]), out, sizeof(out), keep) >=
			    0 && url_decode(out, strlen(out), back,
			    sizeof(back), &n) == 0 &&
			    strcmp(back, round_trips[i]) == 0,
			    "round trip %zu (keep_slash %d)", i, keep);
		}

	/* what url_encode() writes into a link comes back as the path */
	i = strlen("gemini://h/");
	memcpy(out, "gemini://h/", i);
	url_encode(S("caf\xC3\xA9/a b/100%"), out + i, sizeof(out) - i, 1);
	TAP_INT(url_parse(out, strlen(out), &u), URL_OK,
	    "url_parse of an encoded link");
	TAP_STR(u.path, "/caf\xC3\xA9/a b/100%",
	    "  encoded link: path decoded");
}

static void
test_strerror(void)
{
	const char	*s;
	int		 err;
	int		 distinct = 1, nonempty = 1, j;

	for (err = URL_OK; err <= URL_BAD_CHAR; err++) {
		s = url_strerror(err);
		if (s == NULL || *s == '\0')
			nonempty = 0;
		for (j = URL_OK; j < err; j++)
			if (s != NULL && strcmp(s, url_strerror(j)) == 0)
				distinct = 0;
	}
	TAP_OK(nonempty, "url_strerror: a phrase for every error");
	TAP_OK(distinct, "url_strerror: no two alike");
	TAP_STR(url_strerror(URL_FRAGMENT), "URL contains a fragment",
	    "url_strerror(URL_FRAGMENT)");
	TAP_STR(url_strerror(URL_TOO_LONG), "URL longer than 1024 bytes",
	    "url_strerror(URL_TOO_LONG) names the limit");
	TAP_STR(url_strerror(-1), "bad URL", "url_strerror(-1)");
	TAP_STR(url_strerror(URL_ABOVE_ROOT + 1), "bad URL",
	    "url_strerror past the last");
}

static const struct {
	const char	*in;
	int		 ret;
	const char	*mime;		/* the rest when ret is 0 */
	long long	 size;
	const char	*token;
} titan_cases[] = {
	{ "mime=text/plain;size=12;token=abc", 0, "text/plain", 12, "abc" },
	{ "size=12;token=abc;mime=text/plain", 0, "text/plain", 12, "abc" },
	{ "token=abc;mime=text/plain;size=12", 0, "text/plain", 12, "abc" },
	{ "size=5",			0, "text/gemini", 5, "" },
	{ "size=0",			0, "text/gemini", 0, "" },
	{ "size=00012",			0, "text/gemini", 12, "" },
	{ "size=%31%32",		0, "text/gemini", 12, "" },
	{ "size=9223372036854775807",	0, "text/gemini", LLONG_MAX, "" },
	{ "mime=text%2Fplain%3B%20charset%3Dutf-8;size=1", 0,
	    "text/plain; charset=utf-8", 1, "" },
	{ "size=1;token=a%20b%2Bc",	0, "text/gemini", 1, "a b+c" },
	{ "size=1;token=",		0, "text/gemini", 1, "" },
	{ "size=1;foo=bar;x;=y",	0, "text/gemini", 1, "" },
	{ ";;size=3;;",			0, "text/gemini", 3, "" },
	{ "size=1;size=2",		0, "text/gemini", 2, "" },
	{ "SIZE=1;size=2",		0, "text/gemini", 2, "" },
	{ "",				-1, NULL, 0, NULL },
	{ ";",				-1, NULL, 0, NULL },
	{ "mime=text/plain",		-1, NULL, 0, NULL },
	{ "mime=text/plain;token=x",	-1, NULL, 0, NULL },
	{ "size",			-1, NULL, 0, NULL },
	{ "SIZE=1",			-1, NULL, 0, NULL },
	{ "size=",			-1, NULL, 0, NULL },
	{ "size=-1",			-1, NULL, 0, NULL },
	{ "size=+1",			-1, NULL, 0, NULL },
	{ "size= 1",			-1, NULL, 0, NULL },
	{ "size=1 ",			-1, NULL, 0, NULL },
	{ "size=1a",			-1, NULL, 0, NULL },
	{ "size=0x10",			-1, NULL, 0, NULL },
	{ "size=1e3",			-1, NULL, 0, NULL },
	{ "size=1.0",			-1, NULL, 0, NULL },
	{ "size=9223372036854775808",	-1, NULL, 0, NULL },
	{ "size=99999999999999999999999", -1, NULL, 0, NULL },
	{ "size=%zz",			-1, NULL, 0, NULL },
	{ "size=1;mime=",		-1, NULL, 0, NULL },
	{ "size=1;mime=%zz",		-1, NULL, 0, NULL },
	{ "size=1;mime=%00",		-1, NULL, 0, NULL },
	{ "size=1;mime=%C0%AF",		-1, NULL, 0, NULL },
	{ "size=1;mime=a%0D%0A20%20x",	-1, NULL, 0, NULL },
	{ "size=1;token=%zz",		-1, NULL, 0, NULL },
	{ "size=1;token=a%0Ab",		-1, NULL, 0, NULL },
};

static void
test_titan(void)
{
	struct titan_params	t;
	char			buf[512];
	size_t			i;

	for (i = 0; i < nitems(titan_cases); i++) {
		TAP_INT(titan_params_parse(titan_cases[i].in, &t),
		    titan_cases[i].ret, "titan_params_parse \"%s\"",
		    titan_cases[i].in);
		if (titan_cases[i].ret != 0)
			continue;
		TAP_STR(t.mime, titan_cases[i].mime, "  \"%s\" mime",
		    titan_cases[i].in);
		TAP_INT(t.size, titan_cases[i].size, "  \"%s\" size",
		    titan_cases[i].in);
		TAP_STR(t.token, titan_cases[i].token, "  \"%s\" token",
		    titan_cases[i].in);
	}

	/* mime and token of TITAN_*_MAX bytes, and one more */
	strcpy(buf, "size=1;mime=");
	memset(buf + strlen(buf), 'm', TITAN_MIME_MAX);
	buf[12 + TITAN_MIME_MAX] = '\0';
	TAP_INT(titan_params_parse(buf, &t), 0, "titan: %d-byte mime",
	    TITAN_MIME_MAX);
	TAP_INT(strlen(t.mime), TITAN_MIME_MAX,
	    "  mime of TITAN_MIME_MAX kept whole");
	strcat(buf, "m");
	TAP_INT(titan_params_parse(buf, &t), -1, "titan: %d-byte mime",
	    TITAN_MIME_MAX + 1);

	strcpy(buf, "size=1;token=");
	memset(buf + strlen(buf), 't', TITAN_TOKEN_MAX);
	buf[13 + TITAN_TOKEN_MAX] = '\0';
	TAP_INT(titan_params_parse(buf, &t), 0, "titan: %d-byte token",
	    TITAN_TOKEN_MAX);
	TAP_INT(strlen(t.token), TITAN_TOKEN_MAX,
	    "  token of TITAN_TOKEN_MAX kept whole");
	strcat(buf, "t");
	TAP_INT(titan_params_parse(buf, &t), -1, "titan: %d-byte token",
	    TITAN_TOKEN_MAX + 1);

	/* encoded, the limit is on the decoded length */
	strcpy(buf, "size=1;token=");
	for (i = 0; i < TITAN_TOKEN_MAX; i++)
		strcat(buf, "%41");
	TAP_INT(titan_params_parse(buf, &t), 0,
	    "titan: %d-byte token, percent-encoded", TITAN_TOKEN_MAX);

	/* from url_parse() to titan_params_parse(), as gemini.c will */
	{
		struct url	u;

		TAP_INT(url_parse(S("titan://h/thread/3/comment;"
		    "mime=text/plain;size=10;token=x?q"), &u), URL_OK,
		    "titan URL parsed");
		TAP_INT(titan_params_parse(u.params, &t), 0,
		    "  and its parameters");
		TAP_STR(t.mime, "text/plain", "  titan URL: mime");
		TAP_INT(t.size, 10, "  titan URL: size");
		TAP_STR(t.token, "x", "  titan URL: token");
	}
}

int
main(void)
{
	size_t	i;

	for (i = 0; i < nitems(parse_cases); i++)
		check_parse(&parse_cases[i]);
	test_limits();
	test_reset();
	test_normalise();
	test_decode();
	test_encode();
	test_strerror();
	test_titan();
	return TAP_DONE();
}
