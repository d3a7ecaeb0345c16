/*
 * text.c: checking what members write.  Everything arrives as valid UTF-8
 * (url_decode checked it); here we decide what is acceptable.
 */
#include <string.h>

#include "core/text.h"
#include "core/utf8.h"

const char *
text_clean_title(char *s, size_t *len)
{
	size_t start = 0, end = *len;

	if (!utf8_valid(s, *len))
		return "The title must be valid UTF-8.";
	if (utf8_has_control(s, *len, "\t"))
		return "A title is one line, without control characters.";
	while (start < end && (s[start] == ' ' || s[start] == '\t'))
		start++;
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	memmove(s, s + start, end - start);
	*len = end - start;
	s[*len] = '\0';
	if (*len == 0)
		return "The title is empty.";
	if (utf8_count(s, *len) > TITLE_MAX_CHARS)
		return "A title is at most 120 characters.";
	return NULL;
}

const char *
text_clean_post(char *s, size_t *len, size_t max)
{
	size_t	 i, o = 0, n = *len;

	if (!utf8_valid(s, n))
		return "The text must be valid UTF-8.";
	/* CRLF and lone CR become LF */
	for (i = 0; i < n; i++) {
		if (s[i] == '\r') {
			s[o++] = '\n';
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else
			s[o++] = s[i];
	}
	n = o;
	if (utf8_has_control(s, n, "\n\t"))
		return "The text holds control characters.";
	/* trailing spaces on each line, then trailing blank lines */
	for (i = 0, o = 0; i < n; i++) {
		if (s[i] == '\n')
			while (o > 0 && (s[o - 1] == ' ' || s[o - 1] == '\t'))
				o--;
		s[o++] = s[i];
	}
	n = o;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n'))
		n--;
	/* and leading blank lines */
	for (i = 0; i < n && (s[i] == '\n' || s[i] == ' ' || s[i] == '\t');
	    i++)
		;
	while (i > 0 && s[i - 1] != '\n')
		i--;
	memmove(s, s + i, n - i);
	n -= i;
	s[n] = '\0';
	*len = n;
	if (n == 0)
		return "The text is empty.";
	if (n > max)
		return "The text is too long.";
	return NULL;
}

/* Encode code point cp (< 0x800 here) at o; returns bytes written. */
static size_t
put2(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	}
	o[0] = 0xc0 | (cp >> 6);
	o[1] = 0x80 | (cp & 0x3f);
	return 2;
}

static unsigned
fold(unsigned cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)	/* Latin-1 */
		return cp + 32;
	if (cp >= 0x100 && cp <= 0x17f && cp != 0x130 && cp != 0x138 &&
	    cp != 0x149 && cp != 0x17f) {		/* Latin Extended-A */
		/* pairs run upper, lower from 0x100, shifted by one from
		 * 0x139 to 0x148 and from 0x179 to 0x17e */
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
			return (cp & 1) ? cp + 1 : cp;
		return (cp & 1) ? cp : cp + 1;
	}
	if (cp >= 0x391 && cp <= 0x3ab && cp != 0x3a2)	/* Greek */
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42f)			/* Cyrillic */
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 80;
	return cp;
}

void
text_name_key(const char *s, size_t len, char *out)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, o = 0;
	unsigned		 cp;

	while (i < len) {
		if (u[i] < 0x80) {
			o += put2(out + o, fold(u[i]));
			i++;
		} else if ((u[i] & 0xe0) == 0xc0 && i + 1 < len) {
			cp = ((u[i] & 0x1f) << 6) | (u[i + 1] & 0x3f);
			o += put2(out + o, fold(cp));
			i += 2;
		} else
			out[o++] = s[i++];	/* 3- and 4-byte: as they are */
	}
	out[o] = '\0';
}
