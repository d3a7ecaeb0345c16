/*
 * utf8.c: strict UTF-8 (RFC 3629) validation and counting.
 *
 * Gemini requests and everything members post must be UTF-8; a lax
 * validator would let overlong forms smuggle "/" or "." past the URL
 * checks and let surrogates reach SQLite and the clients.
 */

#include <string.h>

#include "core/utf8.h"

static size_t	utf8_seqlen(const unsigned char *, size_t);

/*
 * Length of the well-formed sequence at the start of the len bytes of s,
 * or 0 when there is none.  RFC 3629's table narrows the range of the
 * second byte after E0, ED, F0 and F4: that is what rules out overlong
 * forms, surrogates and code points past U+10FFFF, so no decoding is
 * needed.
 */
static size_t
utf8_seqlen(const unsigned char *s, size_t len)
{
	unsigned char	lo = 0x80, hi = 0xBF;
	size_t		n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else
		return 0;	/* continuation byte, C0, C1 or F5..FF */

	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	while (len > 0) {
		if ((n = utf8_seqlen(p, len)) == 0)
			return 0;
		p += n;
		len -= n;
	}
	return 1;
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t	i, count = 0;

	/* In valid UTF-8 every byte but a continuation byte starts one. */
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

size_t
utf8_prefix(const char *s, size_t len, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 off = 0, l;

	while (n > 0 && off < len) {
		/* Step over a malformed byte alone rather than loop. */
		if ((l = utf8_seqlen(p + off, len - off)) == 0)
			l = 1;
		off += l;
		n--;
	}
	return off;
}

size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	/* s[max] is the first byte left out: not inside a character */
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

size_t
utf8_copy(char *dst, size_t dstsz, const char *s)
{
	size_t n = utf8_cut(s, strlen(s), dstsz - 1);

	memcpy(dst, s, n);
	dst[n] = '\0';
	return n;
}

int
utf8_has_control(const char *s, size_t len, const char *allow)
{
	size_t		i;
	unsigned char	c;

	for (i = 0; i < len; i++) {
		c = s[i];
		/* C1 controls (U+0080..U+009F, as C2 80..C2 9F) too: some
		 * terminals obey U+009B as an escape sequence */
		if (c == 0xC2 && i + 1 < len &&
		    (unsigned char)s[i + 1] < 0xA0)
			return 1;
		if (c >= 0x20 && c != 0x7F)
			continue;
		/* strchr() would find NUL as allow's terminator. */
		if (c == '\0' || allow == NULL || strchr(allow, c) == NULL)
			return 1;
	}
	return 0;
}
