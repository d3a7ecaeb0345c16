/*
 * test_text.c: what members may write (src/core/text.c): discussion titles
 * and the text of comments and posts, each at its
 * limits and one past them.
 */

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "core/text.h"

/* A literal with its length, so that cases may hold NUL bytes. */
#define S(x)	x, sizeof(x) - 1

#define E2	"\xc3\xa9"		/* é: 2 bytes, 1 character */
#define X10	"xxxxxxxxxx"
#define X60	X10 X10 X10 X10 X10 X10
#define X120	X60 X60
#define E10	E2 E2 E2 E2 E2 E2 E2 E2 E2 E2
#define E60	E10 E10 E10 E10 E10 E10
#define E120	E60 E60

/* Reasons, by a word each is sure to hold. */
#define CONTROL		"control"
#define UTF8		"UTF-8"

static const struct {
	const char	*in;
	size_t		 len;
	const char	*out;		/* when valid */
	const char	*why;		/* NULL: valid; else in the reason */
	const char	*name;
} titles[] = {
	{ S("Hello"),		"Hello",	NULL,	"plain" },
	{ S("  Hello  "),	"Hello",	NULL,	"spaces trimmed" },
	{ S("\tHello\t"),	"Hello",	NULL,	"tabs trimmed" },
	{ S("A  title"),	"A  title",	NULL,	"inner spaces kept" },
	{ S("caf\xc3\xa9"),	"caf\xc3\xa9",	NULL,	"UTF-8" },
	{ S(X120),		X120,		NULL,	"120 characters" },
	{ S(E120),		E120,		NULL,	"120 characters, 240 bytes" },
	{ S("   " X120 "   "),	X120,		NULL,
	  "120 characters once trimmed" },
	{ S(X120 "x"),		NULL,		"120",	"121 characters" },
	{ S(E120 E2),		NULL,		"120",	"121 characters, 242 bytes" },
	{ S(""),		NULL,		"empty", "empty" },
	{ S("   \t "),		NULL,		"empty", "only blanks" },
	{ S("two\nlines"),	NULL,		"one line", "a newline" },
	{ S("two\r\nlines"),	NULL,		"one line", "CRLF" },
	{ S("bell\x07"),	NULL,		"control", "a C0 control" },
	{ S("esc\x1b[1m"),	NULL,		"control", "ESC" },
	{ S("nul\0x"),		NULL,		"control", "NUL" },
	{ S("c1\xc2\x85"),	NULL,		"control", "a C1 control" },
	{ S("bad\xc0\xaf"),	NULL,		"UTF-8", "invalid UTF-8" },
};

#define MAX	10	/* the post limit in most cases below */

static const struct {
	const char	*in;
	size_t		 len;
	size_t		 max;
	const char	*out;		/* when valid */
	const char	*why;		/* NULL: valid; else in the reason */
	const char	*name;
} posts[] = {
	{ S("hello"),		MAX, "hello",		NULL, "plain" },
	{ S("a\r\nb"),		MAX, "a\nb",		NULL, "CRLF becomes LF" },
	{ S("a\rb"),		MAX, "a\nb",		NULL, "a lone CR becomes LF" },
	{ S("a\r\n\r\nb"),	MAX, "a\n\nb",		NULL, "CRLF CRLF" },
	{ S("a  \nb\t\nc "),	MAX, "a\nb\nc",		NULL,
	  "trailing blanks on each line" },
	{ S("a\n\n\n"),		MAX, "a",		NULL,
	  "trailing blank lines" },
	{ S("a\n \n\t\n"),	MAX, "a",		NULL,
	  "trailing lines of blanks" },
	{ S("\n\n \nfirst"),	MAX, "first",		NULL,
	  "leading blank lines" },
	{ S("\n  indented"),	MAX, "  indented",	NULL,
	  "the first line keeps its indent" },
	{ S("a\n\n\nb"),	MAX, "a\n\n\nb",	NULL,
	  "blank lines inside kept" },
	{ S("a\tb"),		MAX, "a\tb",		NULL, "a tab is allowed" },
	{ S("\ttab first"),	MAX, "\ttab first",	NULL,
	  "a leading tab is an indent" },
	{ S("caf\xc3\xa9"),	MAX, "caf\xc3\xa9",	NULL, "UTF-8" },
	{ S("=> /x\n# h"),	MAX, "=> /x\n# h",	NULL,
	  "gemtext is stored as written" },
	{ S("1234567890"),	MAX, "1234567890",	NULL,
	  "exactly max bytes" },
	{ S("1234567890 \n\n"),	MAX, "1234567890",	NULL,
	  "max bytes once tidied" },
	{ S("12345\r\n6789"),	MAX, "12345\n6789",	NULL,
	  "max bytes once CRLF is LF" },
	{ S("12345678" E2),	MAX, "12345678" E2,	NULL,
	  "max bytes ending in a 2-byte character" },
	{ S("12345678901"),	MAX, NULL,		"too long",
	  "max + 1 bytes" },
	{ S("123456789" E2),	MAX, NULL,		"too long",
	  "max + 1 bytes: the limit is in bytes" },
	{ S(""),		MAX, NULL,		"empty", "empty" },
	{ S(" \n\t\n\r\n"),	MAX, NULL,		"empty", "only blanks" },
	{ S("a\x01" "b"),	MAX, NULL,		"control", "U+0001" },
	{ S("a\x1b[0m"),	MAX, NULL,		"control", "ESC" },
	{ S("a\x7f" "b"),	MAX, NULL,		"control", "DEL" },
	{ S("a\0b"),		MAX, NULL,		"control", "NUL" },
	{ S("a\x0c" "b"),	MAX, NULL,		"control", "form feed" },
	{ S("a\xc2\x85" "b"),	MAX, NULL,		"control",
	  "a C1 control (U+0085)" },
	{ S("a\xc0\xaf"),	MAX, NULL,		"UTF-8", "overlong" },
	{ S("a\xed\xa0\x80"),	MAX, NULL,		"UTF-8", "a surrogate" },
	{ S("a\xf0\x9f\x92"),	MAX, NULL,		"UTF-8", "truncated" },
};

/* Names that must collide whatever their case, and some that stay. */
static const struct {
	const char	*in;
	const char	*key;
	const char	*name;
} keys[] = {
	{ "Ruth W",		"ruth w",			"ASCII" },
	{ "SI\xc3\x82N FROM SWANSEA", "si\xc3\xa2n from swansea",
	  "Latin-1 \xc3\x82" },
	{ "\xc3\x89LODIE",	"\xc3\xa9lodie",		"Latin-1 \xc3\x89" },
	{ "\xc4\x80" "dam",	"\xc4\x81" "dam",		"U+0100" },
	{ "\xc5\x81ukasz",	"\xc5\x82ukasz",		"U+0141 (shifted pairs)" },
	{ "\xc5\xbd" "ofia",	"\xc5\xbe" "ofia",		"U+017D (shifted pairs)" },
	{ "\xce\x91\xce\x9d\xce\x9d\xce\x91", "\xce\xb1\xce\xbd\xce\xbd\xce\xb1",
	  "Greek" },
	{ "\xd0\x98\xd0\x92\xd0\x90\xd0\x9d", "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd",
	  "Cyrillic" },
	{ "\xd0\x81" "x",	"\xd1\x91" "x",		"Cyrillic U+0401" },
	{ "a\xc3\x97" "b",	"a\xc3\x97" "b",		"U+00D7 is not a letter" },
	{ "Stra\xc3\x9f" "e",	"stra\xc3\x9f" "e",		"U+00DF stays" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac", "CJK stays" },
};

int
main(void)
{
	const char	*why;
	char		*buf;
	size_t		 i, len;

	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		/* room for nothing more than the title (valgrind, ASan) */
		if ((buf = malloc(titles[i].len + 1)) == NULL)
			return 1;
		memcpy(buf, titles[i].in, titles[i].len);
		buf[titles[i].len] = '\0';
		len = titles[i].len;
		why = text_clean_title(buf, &len);
		TAP_OK(reason_ok(why, titles[i].why), "title %s: %s",
		    titles[i].name, titles[i].why ? "refused" : "accepted");
		if (!reason_ok(why, titles[i].why))
			printf("#   got \"%s\", want \"%s\"\n", or_null(why),
			    or_null(titles[i].why));
		if (titles[i].why == NULL && why == NULL) {
			TAP_STR(buf, titles[i].out, "title %s: tidied",
			    titles[i].name);
			TAP_INT(len, strlen(titles[i].out),
			    "title %s: length updated", titles[i].name);
		}
		free(buf);
	}

	for (i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		if ((buf = malloc(posts[i].len + 1)) == NULL)
			return 1;
		memcpy(buf, posts[i].in, posts[i].len);
		buf[posts[i].len] = '\0';
		len = posts[i].len;
		why = text_clean_post(buf, &len, posts[i].max);
		TAP_OK(reason_ok(why, posts[i].why), "post %s: %s",
		    posts[i].name, posts[i].why ? "refused" : "accepted");
		if (!reason_ok(why, posts[i].why))
			printf("#   got \"%s\", want \"%s\"\n", or_null(why),
			    or_null(posts[i].why));
		if (posts[i].why == NULL && why == NULL) {
			TAP_STR(buf, posts[i].out, "post %s: tidied",
			    posts[i].name);
			TAP_INT(len, strlen(posts[i].out),
			    "post %s: length updated", posts[i].name);
		}
		free(buf);
	}

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char key[128];

		memset(key, 'Z', sizeof(key));
		text_name_key(keys[i].in, strlen(keys[i].in), key);
		TAP_STR(key, keys[i].key, "name key: %s", keys[i].name);
	}
	{
		char k1[64], k2[64];
		static const char a[] = "Si\xc3\xa2n from Swansea";
		static const char b[] = "SI\xc3\x82N FROM SWANSEA";

		text_name_key(a, sizeof(a) - 1, k1);
		text_name_key(b, sizeof(b) - 1, k2);
		TAP_STR(k1, k2, "name key: Si\xc3\xa2n from Swansea and "
		    "SI\xc3\x82N FROM SWANSEA collide");
	}

	/* the default limit, at the limit and one past it */
	if ((buf = malloc(DEFAULT_POST_MAX + 2)) == NULL)
		return 1;
	memset(buf, 'p', DEFAULT_POST_MAX + 1);
	buf[DEFAULT_POST_MAX] = '\0';
	len = DEFAULT_POST_MAX;
	TAP_OK(text_clean_post(buf, &len, DEFAULT_POST_MAX) == NULL,
	    "post of DEFAULT_POST_MAX (%d) bytes: accepted", DEFAULT_POST_MAX);
	memset(buf, 'p', DEFAULT_POST_MAX + 1);
	buf[DEFAULT_POST_MAX + 1] = '\0';
	len = DEFAULT_POST_MAX + 1;
	why = text_clean_post(buf, &len, DEFAULT_POST_MAX);
	TAP_OK(reason_ok(why, "too long"),
	    "post of DEFAULT_POST_MAX + 1 bytes: refused as too long");
	free(buf);

	return TAP_DONE();
}
