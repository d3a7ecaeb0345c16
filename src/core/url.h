/*
 * url.h: parsing of Gemini/Titan request URLs, percent-decoding of paths and
 * input queries, path normalisation, and percent-encoding for links.
 *
 * Pure functions with no I/O and no allocation, so that they can be unit
 * tested table-style and fuzzed alone (tests/unit/test_url.c, tests/fuzz/).
 */
#ifndef MOOT_URL_H
#define MOOT_URL_H

#include <stddef.h>

#include "core/wire.h"

#define URL_SCHEME_MAX	16
#define URL_HOST_MAX	255

enum url_err {
	URL_OK = 0,
	URL_EMPTY,		/* nothing at all */
	URL_TOO_LONG,		/* more than GEMINI_URL_MAX bytes */
	URL_NUL,		/* an embedded NUL byte (raw or %00) */
	URL_BAD_UTF8,		/* not valid UTF-8 (raw or after decoding) */
	URL_BOM,		/* starts with a byte-order mark */
	URL_RELATIVE,		/* no scheme: "/", "//host/", free text */
	URL_BAD_SCHEME,		/* malformed scheme */
	URL_NO_HOST,		/* scheme but no authority ("gemini:/x") */
	URL_USERINFO,		/* user@host */
	URL_BAD_HOST,		/* empty or malformed host */
	URL_BAD_PORT,		/* port not a number in 1..65535 */
	URL_BAD_ESCAPE,		/* % not followed by two hex digits */
	URL_FRAGMENT,		/* a #fragment */
	URL_BAD_CHAR,		/* a control character or space in the URL */
	URL_ABOVE_ROOT,		/* a ".." (or "%2e%2e") above the root */
};

struct url {
	char	scheme[URL_SCHEME_MAX + 1];	/* lower-cased */
	char	host[URL_HOST_MAX + 1];		/* lower-cased, IPv6 without [] */
	int	port;				/* -1 when absent */
	/* percent-decoded and normalised: always starts with "/", no ".",
	 * ".." or empty segments left, never above the root */
	char	path[GEMINI_URL_MAX + 1];
	/* Titan parameters (";mime=...;size=N;token=T") cut from the raw
	 * path before decoding, without the first ';'; empty when none */
	char	params[GEMINI_URL_MAX + 1];
	/* the raw query without '?', still percent-encoded */
	char	query[GEMINI_URL_MAX + 1];
	int	has_query;			/* a '?' was present */
};

/*
 * Parse an absolute URL of len bytes (no CRLF).  Returns URL_OK and fills
 * u, or another enum url_err.  The scheme is not checked against a list
 * (that is the caller's 53); "gemini://host" and "gemini://host/" both
 * give path "/".
 */
int		 url_parse(const char *s, size_t len, struct url *u);
const char	*url_strerror(int err);

/*
 * Percent-decode len bytes of in into out (outsz bytes, NUL-terminated).
 * '+' stays a literal plus.  Fails (-1) on a bad escape, a decoded NUL,
 * decoded text that is not valid UTF-8, or when out is too small.
 * On success returns 0 and stores the decoded length in *outlen.
 */
int		 url_decode(const char *in, size_t len, char *out, size_t outsz,
		    size_t *outlen);

/*
 * Resolve "." and ".." segments of an absolute path in place; "//" runs
 * become one "/".  Returns -1 when a ".." had nothing left to drop (the
 * path climbed above the root; it is left clamped at the root), else 0.
 */
int		 url_normalise_path(char *path);

/*
 * Percent-encode s for use in a link or as a query: everything except
 * unreserved characters (A-Z a-z 0-9 - . _ ~) and, when keep_slash, '/'.
 * Returns the length written, or -1 when out (outsz bytes) is too small.
 */
int		 url_encode(const char *s, size_t len, char *out, size_t outsz,
		    int keep_slash);

/* Titan upload parameters. */
#define TITAN_MIME_MAX	127
#define TITAN_TOKEN_MAX	127

struct titan_params {
	char		mime[TITAN_MIME_MAX + 1];	/* default text/gemini */
	long long	size;				/* -1 when absent */
	char		token[TITAN_TOKEN_MAX + 1];	/* empty when absent */
};

/*
 * Parse url.params ("mime=text/plain;size=12;token=abc", order free,
 * values percent-decoded).  size is required and must be a non-negative
 * decimal without sign or leading junk.  Returns 0 or -1.
 */
int		 titan_params_parse(const char *params, struct titan_params *t);

#endif
