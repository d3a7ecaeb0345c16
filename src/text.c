/*
 * text.c: checking what members write.  Everything arrives as valid UTF-8
 * (url_decode checked it); here we decide what is acceptable.
 */
#include <string.h>

#include "text.h"
#include "utf8.h"

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
	/* line and paragraph separators, zero-width space, BOM */
	if (memmem(s, len, "\xe2\x80\xa8", 3) || memmem(s, len, "\xe2\x80\xa9",
	    3) || memmem(s, len, "\xe2\x80\x8b", 3) ||
	    memmem(s, len, "\xef\xbb\xbf", 3))
		return "A name cannot hold invisible characters.";
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
