/* slug.c: see slug.h. */
#include "core/slug.h"

/*
 * 1 when s[0..len) is 1..SLUG_MAX bytes of a-z, 0-9 and '-' (and '_'
 * when underscore is set).  Ranges rather than strchr(): the router
 * tries this on a path segment for every route with a "*".
 */
static int
word_ok(const char *s, size_t len, int underscore)
{
	size_t	i;
	char	c;

	if (len == 0 || len > SLUG_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || (underscore && c == '_')))
			return 0;
	}
	return 1;
}

int
slug_ok(const char *s, size_t len)
{
	return word_ok(s, len, 0);
}

int
path_word_ok(const char *s, size_t len)
{
	return word_ok(s, len, 1);
}
