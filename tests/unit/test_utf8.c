/*
 * test_utf8.c: strict UTF-8 validation, counting, prefixes and control
 * characters (src/core/utf8.c).
 */

#include <stddef.h>

#include "tap.h"
#include "core/utf8.h"

/* A literal with its length, so that cases may hold NUL bytes. */
#define S(x)	x, sizeof(x) - 1

static const struct {
	const char	*s;
	size_t		 len;
	int		 valid;
	size_t		 count;		/* code points, when valid */
	const char	*why;
} valid_cases[] = {
	{ S(""),			1, 0, "empty" },
	{ S("hello"),			1, 5, "ASCII" },
	{ S("\0"),			1, 1, "NUL is a code point" },
	{ S("\x7F"),			1, 1, "DEL, last one-byte" },
	{ S("\xC2\x80"),		1, 1, "U+0080, first two-byte" },
	{ S("caf\xC3\xA9"),		1, 4, "U+00E9 in a word" },
	{ S("\xDF\xBF"),		1, 1, "U+07FF, last two-byte" },
	{ S("\xE0\xA0\x80"),		1, 1, "U+0800, first three-byte" },
	{ S("\xE2\x82\xAC"),		1, 1, "U+20AC euro sign" },
	{ S("\xED\x9F\xBF"),		1, 1, "U+D7FF, just below surrogates" },
	{ S("\xEE\x80\x80"),		1, 1, "U+E000, just above surrogates" },
	{ S("\xEF\xBB\xBF"),		1, 1, "U+FEFF BOM is valid UTF-8" },
	{ S("\xEF\xBF\xBF"),		1, 1, "U+FFFF, last three-byte" },
	{ S("\xF0\x90\x80\x80"),	1, 1, "U+10000, first four-byte" },
	{ S("\xF0\x9F\x92\xAC"),	1, 1, "U+1F4AC emoji" },
	{ S("\xF4\x8F\xBF\xBF"),	1, 1, "U+10FFFF, last code point" },
	{ S("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x92\xAC" "b"), 1, 5, "mixed" },

	{ S("\xC0\xAF"),		0, 0, "overlong '/' (C0 AF)" },
	{ S("\xC1\xBF"),		0, 0, "overlong (C1)" },
	{ S("\xC0\x80"),		0, 0, "overlong NUL" },
	{ S("\xE0\x80\xAF"),		0, 0, "overlong '/' in three bytes" },
	{ S("\xE0\x9F\xBF"),		0, 0, "overlong U+07FF, three bytes" },
	{ S("\xF0\x80\x80\xAF"),	0, 0, "overlong '/' in four bytes" },
	{ S("\xF0\x8F\xBF\xBF"),	0, 0, "overlong U+FFFF in four bytes" },
	{ S("\xED\xA0\x80"),		0, 0, "surrogate U+D800" },
	{ S("\xED\xBF\xBF"),		0, 0, "surrogate U+DFFF" },
	{ S("\xED\xA0\xBD\xED\xB2\xAC"), 0, 0, "CESU-8 surrogate pair" },
	{ S("\xF4\x90\x80\x80"),	0, 0, "U+110000, past the last" },
	{ S("\xF5\x80\x80\x80"),	0, 0, "F5 lead byte" },
	{ S("\xF8\x88\x80\x80\x80"),	0, 0, "five-byte form" },
	{ S("\xFE"),			0, 0, "FE" },
	{ S("\xFF"),			0, 0, "FF" },
	{ S("\x80"),			0, 0, "stray continuation byte" },
	{ S("a\xBF" "b"),		0, 0, "continuation byte inside text" },
	{ S("\xC3"),			0, 0, "truncated two-byte" },
	{ S("\xE2\x82"),		0, 0, "truncated three-byte" },
	{ S("\xF0\x9F\x92"),		0, 0, "truncated four-byte" },
	{ S("\xC3" "a"),		0, 0, "two-byte cut by ASCII" },
	{ S("\xE2\x82" "a"),		0, 0, "three-byte cut by ASCII" },
	{ S("\xF0\x9F\x92\xC3\xA9"),	0, 0, "four-byte cut by a lead" },
	{ S("\xC3\xA9\xA9"),		0, 0, "one continuation too many" },
};

static const struct {
	const char	*s;
	size_t		 len;
	size_t		 n;		/* code points wanted */
	size_t		 bytes;		/* bytes that hold them */
	const char	*why;
} prefix_cases[] = {
	{ S("hello"),			3, 3, "ASCII" },
	{ S("hello"),			0, 0, "none" },
	{ S("hello"),			9, 5, "more than there is" },
	{ S(""),			2, 0, "empty" },
	{ S("caf\xC3\xA9!"),		4, 5, "ends after a two-byte" },
	{ S("caf\xC3\xA9!"),		3, 3, "stops before a two-byte" },
	{ S("\xE2\x82\xAC\xE2\x82\xAC"), 1, 3, "one euro sign" },
	{ S("\xF0\x9F\x92\xAC" "ab"),	1, 4, "one emoji" },
	{ S("\xF0\x9F\x92\xAC" "ab"),	2, 5, "emoji and a letter" },
};

static const struct {
	const char	*s;
	size_t		 len;
	const char	*allow;
	int		 has;
	const char	*why;
} control_cases[] = {
	{ S("plain text"),		NULL,	0, "no controls" },
	{ S(""),			NULL,	0, "empty" },
	{ S("caf\xC3\xA9 \xE2\x82\xAC"), NULL,	0, "non-ASCII is not control" },
	{ S("a\nb"),			NULL,	1, "LF, nothing allowed" },
	{ S("a\nb"),			"\n",	0, "LF allowed" },
	{ S("a\tb"),			"\n",	1, "TAB, only LF allowed" },
	{ S("a\tb\nc"),			"\t\n",	0, "TAB and LF allowed" },
	{ S("a\rb"),			"\n",	1, "CR, only LF allowed" },
	{ S("\x01"),			NULL,	1, "SOH" },
	{ S("\x1F"),			NULL,	1, "US, last C0" },
	{ S("\x1B[31m"),		"\n",	1, "ESC (terminal escape)" },
	{ S("a\x7F"),			NULL,	1, "DEL" },
	{ S("a\x7F"),			"\n",	1, "DEL, only LF allowed" },
	{ S("a\0b"),			NULL,	1, "NUL" },
	{ S("a\0b"),			"\n",	1, "NUL is never allowed" },
	{ S("a\0b"),			"",	1, "NUL, empty allow" },
	{ S(" ~"),			NULL,	0, "space and tilde" },
};

/* Cutting to a number of bytes: never inside a character. */
static const struct {
	const char	*s;
	size_t		 len;
	size_t		 max;
	size_t		 bytes;
	const char	*why;
} cut_cases[] = {
	{ S("abc"),			5, 3, "shorter than max: all" },
	{ S("abc"),			3, 3, "exactly max: all" },
	{ S("abc"),			2, 2, "ASCII: at max" },
	{ S("a\xC3\xA9"),		2, 1, "before a 2-byte character" },
	{ S("a\xE2\x82\xAC"),		2, 1, "inside a 3-byte one (1 of 2)" },
	{ S("a\xE2\x82\xAC"),		3, 1, "inside a 3-byte one (2 of 2)" },
	{ S("a\xE2\x82\xAC" "b"),	4, 4, "just after a 3-byte one" },
	{ S("\xF0\x9F\x98\x80"),	3, 0, "inside a 4-byte one: nothing" },
	{ S("\xD0\xB0\xD0\xB1"),	3, 2, "Cyrillic, odd max" },
	{ S("x"),			0, 0, "max 0" },
};

int
main(void)
{
	size_t	i;

	for (i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++) {
		TAP_INT(utf8_valid(valid_cases[i].s, valid_cases[i].len),
		    valid_cases[i].valid, "utf8_valid: %s", valid_cases[i].why);
		if (valid_cases[i].valid)
			TAP_INT(utf8_count(valid_cases[i].s,
			    valid_cases[i].len), valid_cases[i].count,
			    "utf8_count: %s", valid_cases[i].why);
	}

	for (i = 0; i < sizeof(prefix_cases) / sizeof(prefix_cases[0]); i++)
		TAP_INT(utf8_prefix(prefix_cases[i].s, prefix_cases[i].len,
		    prefix_cases[i].n), prefix_cases[i].bytes,
		    "utf8_prefix: %s", prefix_cases[i].why);

	/* Malformed input must not make utf8_prefix() stall or overrun. */
	TAP_INT(utf8_prefix(S("\xE2\x82"), 5), 2,
	    "utf8_prefix: truncated sequence stays in bounds");
	TAP_INT(utf8_prefix(S("\x80\x80" "a"), 2), 2,
	    "utf8_prefix: stray continuation bytes counted one by one");

	for (i = 0; i < sizeof(cut_cases) / sizeof(cut_cases[0]); i++)
		TAP_INT(utf8_cut(cut_cases[i].s, cut_cases[i].len,
		    cut_cases[i].max), cut_cases[i].bytes, "utf8_cut: %s",
		    cut_cases[i].why);
	{
		char	 small[4];

		TAP_INT(utf8_copy(small, sizeof(small), "a\xE2\x82\xAC"), 1,
		    "utf8_copy: a 3-byte character that does not fit is left "
		    "out");
		TAP_STR(small, "a", "utf8_copy: NUL-terminated");
		TAP_INT(utf8_copy(small, sizeof(small), "\xE2\x82\xAC"), 3,
		    "utf8_copy: one that fits is kept");
	}

	for (i = 0; i < sizeof(control_cases) / sizeof(control_cases[0]); i++)
		TAP_INT(utf8_has_control(control_cases[i].s,
		    control_cases[i].len, control_cases[i].allow),
		    control_cases[i].has, "utf8_has_control: %s",
		    control_cases[i].why);

	return TAP_DONE();
}
