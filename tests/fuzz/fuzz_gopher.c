/*
 * fuzz_gopher.c: libFuzzer harness for gopher_selector_parse() (gopher.c),
 * the one place a Gopher request line is taken apart.
 *
 *   make build/fuzz/fuzz_gopher && build/fuzz/fuzz_gopher tests/fuzz/corpus/gopher
 *
 * The line is given in a buffer of the least size the server may give
 * (len + 2: struct proto_input's line_size), so ASan sees any write past
 * it.
 * Besides memory errors it checks what the router relies on: a path that
 * is not a "URL:" selector is absolute, normalised and valid UTF-8, and
 * both the path and the search lie inside the buffer.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/proto.h"
#include "core/url.h"
#include "core/utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
inside(const char *p, const char *buf, size_t bufsz)
{
	return p >= buf && p < buf + bufsz &&
	    memchr(p, '\0', buf + bufsz - p) != NULL;
}

static void
check_path(const char *path)
{
	char		 copy[GOPHER_LINE_MAX + 2];
	const char	*p;
	size_t		 len = strlen(path);

	if (path[0] != '/' || !utf8_valid(path, len) || len >= sizeof(copy))
		abort();
	for (p = path; (p = strchr(p, '/')) != NULL; p++)
		if (strncmp(p, "/./", 3) == 0 || strcmp(p, "/.") == 0 ||
		    p[1] == '/' ||
		    strncmp(p, "/../", 4) == 0 || strcmp(p, "/..") == 0)
			abort();
	memcpy(copy, path, len + 1);
	url_normalise_path(copy);
	if (strcmp(copy, path) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*buf, *path, *query;
	const char	*why = NULL;
	size_t		 bufsz = size + 2;
	int		 rc;

	if ((buf = malloc(bufsz)) == NULL)
		return 0;
	memcpy(buf, data, size);
	rc = gopher_selector_parse(buf, size, bufsz, &path, &query, &why);
	if (rc == -1) {
		if (why == NULL || why[0] == '\0')
			abort();
		/* what gopher_parse() does with it */
		free(buf);
		return 0;
	}
	if (rc != 0 || path == NULL || !inside(path, buf, bufsz))
		abort();
	if (query != NULL && (!inside(query, buf, bufsz) ||
	    !utf8_valid(query, strlen(query))))
		abort();
	if (strncmp(path, "URL:", 4) == 0) {
		if (!utf8_valid(path, strlen(path)))
			abort();
	} else
		check_path(path);
	free(buf);
	return 0;
}
