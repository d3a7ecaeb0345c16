/*
 * fuzz_input.c: libFuzzer harness for what members type: url_decode() of
 * an input query, then text_clean_post(), name_check() (names.c) and
 * text_clean_title() (text.c), and the same three on the raw bytes (a
 * Titan upload reaches text_clean_post() undecoded).
 *
 *   make build/fuzz/fuzz_input && build/fuzz/fuzz_input tests/fuzz/corpus/input
 *
 * Each text is given in a heap buffer of exactly its length plus the NUL,
 * so ASan sees a write past it.  What is accepted must be what text.h
 * promises, since the store and both renderers take it as it is.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/wire.h"
#include "core/text.h"
#include "core/url.h"
#include "core/utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A small limit as well as the default, so that both sides are reached. */
#define SMALL_POST_MAX	64

static char *
dup_text(const char *s, size_t len)
{
	char *p;

	if ((p = malloc(len + 1)) == NULL)
		abort();
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static void
check_post(const char *s, size_t len, size_t max)
{
	char		*t = dup_text(s, len);
	size_t		 n = len;
	const char	*why;

	why = text_clean_post(t, &n, max);
	if (n > len || t[n] != '\0')
		abort();
	if (why == NULL) {
		if (n == 0 || n > max || strlen(t) != n ||
		    !utf8_valid(t, n) || utf8_has_control(t, n, "\n\t") ||
		    t[0] == '\n' || t[n - 1] == '\n' || t[n - 1] == ' ' ||
		    t[n - 1] == '\t' || strstr(t, " \n") || strstr(t, "\t\n"))
			abort();
		/* cleaning what is clean changes nothing */
		{
			char	*u = dup_text(t, n);
			size_t	 m = n;

			if (text_clean_post(u, &m, max) != NULL || m != n ||
			    memcmp(u, t, n) != 0)
				abort();
			free(u);
		}
	}
	free(t);
}

static void
check_name(const char *s, size_t len)
{
	char	*t = dup_text(s, len);
	char	 skel[NAME_SKELETON_MAX];
	size_t	 n;

	if (name_check(t, len) == NULL) {
		/* a name that passes always has its skeletons */
		if (name_skeleton(t, len, skel, sizeof(skel)) < 0 ||
		    name_skeleton_cased(t, len, skel, sizeof(skel)) < 0)
			abort();
		if (!utf8_valid(t, len) || memchr(t, '\0', len) != NULL ||
		    utf8_has_control(t, len, NULL))
			abort();
		n = utf8_count(t, len);
		if (n < NAME_MIN_CHARS || n > NAME_MAX_CHARS || t[0] == ' ' ||
		    t[len - 1] == ' ' || memmem(t, len, "  ", 2) != NULL)
			abort();
	}
	free(t);
}

static void
check_title(const char *s, size_t len)
{
	char	*t = dup_text(s, len);
	size_t	 n = len;

	if (text_clean_title(t, &n) == NULL) {
		if (n == 0 || n > len || t[n] != '\0' || !utf8_valid(t, n) ||
		    utf8_has_control(t, n, "\t") || strlen(t) != n ||
		    utf8_count(t, n) > TITLE_MAX_CHARS ||
		    t[0] == ' ' || t[0] == '\t' || t[n - 1] == ' ' ||
		    t[n - 1] == '\t')
			abort();
	}
	free(t);
}

static void
check_all(const char *s, size_t len)
{
	check_post(s, len, DEFAULT_POST_MAX);
	check_post(s, len, SMALL_POST_MAX);
	check_name(s, len);
	check_title(s, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data;
	char		*dec;
	size_t		 n;

	/* as the server does it: a query of at most one request's length */
	if ((dec = malloc(GEMINI_URL_MAX + 1)) == NULL)
		return 0;
	if (url_decode(s, size, dec, GEMINI_URL_MAX + 1, &n) == 0) {
		if (n > size || dec[n] != '\0' || memchr(dec, '\0', n) ||
		    !utf8_valid(dec, n))
			abort();
		check_all(dec, n);
	}
	free(dec);

	/* a Titan body: no decoding, anything at all */
	check_all(s, size);
	return 0;
}
