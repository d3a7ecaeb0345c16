/*
 * text.c: checking what members write.  Everything arrives as valid UTF-8
 * (url_decode checked it); here we decide what is acceptable.
 */
#include <string.h>

#include "text.h"
#include "utf8.h"

/*
 * Spaces other than U+0020, zero-width characters, direction controls
 * and the like: a name holding them could pass for another member's.
 */
static int
has_invisible(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i;
	unsigned		 cp;

	for (i = 0; i < len; i++) {
		if (u[i] < 0x80)
			continue;
		if ((u[i] & 0xe0) == 0xc0 && i + 1 < len)
			cp = ((u[i] & 0x1f) << 6) | (u[i + 1] & 0x3f);
		else if ((u[i] & 0xf0) == 0xe0 && i + 2 < len)
			cp = ((u[i] & 0x0f) << 12) | ((u[i + 1] & 0x3f) << 6) |
			    (u[i + 2] & 0x3f);
		else
			continue;
		if (cp == 0xa0 || cp == 0xad || cp == 0x34f || cp == 0x61c ||
		    cp == 0x115f || cp == 0x1160 || cp == 0x180e ||
		    (cp >= 0x2000 && cp <= 0x200f) ||
		    (cp >= 0x2028 && cp <= 0x202f) ||
		    (cp >= 0x205f && cp <= 0x206f) || cp == 0x3000 ||
		    cp == 0x3164 || cp == 0xfeff ||
		    (cp >= 0xfff0 && cp <= 0xfffb))
			return 1;
	}
	return 0;
}

const char *
text_check_name(const char *s, size_t len)
{
	size_t	 i, n;
	int	 prev_space = 1;

	if (!utf8_valid(s, len))
		return "A name must be valid UTF-8.";
	n = utf8_count(s, len);
	if (n < NAME_MIN_CHARS || n > NAME_MAX_CHARS)
		return "A name is 2 to 32 characters long.";
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c >= 0x80) {
			/* letters of other scripts; controls are ASCII */
			prev_space = 0;
			continue;
		}
		if (c == ' ') {
			if (prev_space)
				return "A name cannot start with a space or "
				    "hold two in a row.";
			prev_space = 1;
			continue;
		}
		prev_space = 0;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.'()", c) != NULL)
			continue;
		return "A name may hold letters, digits, spaces and - _ . ' ( ) "
		    "only.";
	}
	if (prev_space)
		return "A name cannot end with a space.";
	if (utf8_has_control(s, len, NULL))
		return "A name cannot hold control characters.";
	if (has_invisible(s, len))
		return "A name cannot hold invisible or direction-changing "
		    "characters.";
	return NULL;
}

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
