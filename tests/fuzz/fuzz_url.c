/*
 * fuzz_url.c: libFuzzer harness for src/core/url.c and src/core/utf8.c.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *	tests/fuzz/fuzz_url.c src/core/url.c src/core/utf8.c -o /tmp/fuzz_url
 *   /tmp/fuzz_url tests/fuzz/corpus/url
 *
 * Besides memory errors it checks what the rest of moot relies on: a
 * parsed path is absolute, normalised and valid UTF-8, and encoding it
 * for a link gives the same path back.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/url.h"
#include "core/utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_path(const char *path)
{
	char		 copy[GEMINI_URL_MAX + 1];
	const char	*p;

	if (path[0] != '/' || !utf8_valid(path, strlen(path)))
		abort();
	for (p = path; (p = strchr(p, '/')) != NULL; p++)
		if (strncmp(p, "/./", 3) == 0 || strcmp(p, "/.") == 0 ||
		    p[1] == '/' ||
		    strncmp(p, "/../", 4) == 0 || strcmp(p, "/..") == 0)
			abort();
	strcpy(copy, path);
	url_normalise_path(copy);
	if (strcmp(copy, path) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 enc[3 * GEMINI_URL_MAX + 1];
	static char		 dec[GEMINI_URL_MAX + 1];
	struct url		 u;
	struct titan_params	 t;
	const char		*s = (const char *)data;
	char			*tight;
	size_t			 n, tightsz = size / 2 + 1;
	int			 len;

	/*
	 * The decoder alone, on anything at all, into a buffer of its own
	 * that is often too small: ASan sees a write one past its end.
	 */
	if ((tight = malloc(tightsz)) == NULL)
		return 0;
	if (url_decode(s, size, tight, tightsz, &n) == 0 &&
	    (n >= tightsz || !utf8_valid(tight, n) || memchr(tight, 0, n)))
		abort();
	free(tight);

	if (url_parse(s, size, &u) != URL_OK)
		return 0;

	if (u.has_query)
		url_decode(u.query, strlen(u.query), dec, sizeof(dec), &n);
	if (u.params[0] != '\0' && titan_params_parse(u.params, &t) == 0 &&
	    t.size < 0)
		abort();

	check_path(u.path);
	len = url_encode(u.path, strlen(u.path), enc, sizeof(enc), 1);
	if (len < 0 || (size_t)len != strlen(enc) ||
	    url_decode(enc, len, dec, sizeof(dec), &n) != 0 ||
	    strcmp(dec, u.path) != 0)
		abort();
	return 0;
}
