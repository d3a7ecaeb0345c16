/*
 * markup.c: see markup.h.  One escape, two strictnesses, two sinks: what
 * a byte becomes is decided once (markup_special()); the loops differ
 * only in where the bytes go.
 */
#include <string.h>

#include <event2/buffer.h>

#include "render/markup.h"
#include "render/obuf.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

enum markup_mode {
	MARKUP_XML,		/* U+FFFE and U+FFFF are not characters */
	MARKUP_HTML,		/* nor, to a parser, controls and noncharacters */
};

/* Bytes that need a look: markup, and leads of what may be bad. */
static const char xml_special[] = "&<>\"'\xef";
static const char html_special[] = "&<>\"'"
    "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
    "\x7f\xc2\xef\xf0\xf1\xf2\xf3\xf4";

/*
 * Bytes at s that are not text in mode: U+FFFE or U+FFFF; for HTML also
 * a C1 control or another noncharacter (U+FDD0..U+FDEF, U+xFFFE,
 * U+xFFFF); 0 when none.
 */
static size_t
markup_bad_seq(const unsigned char *s, enum markup_mode mode)
{
	if (s[0] == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf))
		return 3;
	if (mode == MARKUP_XML)
		return 0;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if (s[0] == 0xef && s[1] == 0xb7 && s[2] >= 0x90 && s[2] <= 0xaf)
		return 3;
	if (s[0] >= 0xf0 && s[0] <= 0xf4 && s[1] != 0 &&
	    (s[1] & 0x0f) == 0x0f && s[2] == 0xbf &&
	    (s[3] == 0xbe || s[3] == 0xbf))
		return 4;
	return 0;
}

/*
 * What the byte at s (one of the mode's specials; left bytes to the end)
 * becomes: an entity or U+FFFD, with *n the bytes it stands for, or NULL
 * when the *n bytes stay as they are.  Newlines and tabs stay (a <pre>
 * body); & < > " ' become entities.
 */
static const char *
markup_special(const char *s, size_t left, enum markup_mode mode, size_t *n)
{
	*n = 1;
	switch (*s) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\n':
	case '\t':
		return NULL;
	}
	if (mode == MARKUP_HTML && ((unsigned char)*s < 0x20 || *s == 0x7f))
		return REPLACEMENT;
	if ((*n = markup_bad_seq((const unsigned char *)s, mode)) > 0 &&
	    *n <= left)
		return REPLACEMENT;
	*n = 1;
	return NULL;
}

void
markup_escape(struct evbuffer *out, const char *s)
{
	const char	*end = s + strlen(s), *rep;
	size_t		 n;

	while (s < end) {
		n = strcspn(s, xml_special);
		evbuffer_add(out, s, n);
		s += n;
		if (s == end)
			return;
		rep = markup_special(s, (size_t)(end - s), MARKUP_XML, &n);
		if (rep != NULL)
			evbuffer_add(out, rep, strlen(rep));
		else
			evbuffer_add(out, s, n);
		s += n;
	}
}

void
markup_escape_html(struct obuf *o, const char *s, size_t len)
{
	const char	*end = s + len, *rep;
	size_t		 n;

	while (s < end) {
		n = strcspn(s, html_special);
		if (n > (size_t)(end - s))
			n = (size_t)(end - s);
		obuf_add(o, s, n);
		s += n;
		if (s == end)
			return;
		rep = markup_special(s, (size_t)(end - s), MARKUP_HTML, &n);
		if (rep != NULL)
			obuf_str(o, rep);
		else
			obuf_add(o, s, n);
		s += n;
	}
}
