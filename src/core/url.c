/*
 * url.c: Gemini and Titan request URLs.
 *
 * The parser is deliberately narrower than RFC 3986: a request is always
 * an absolute URL with an authority, and whatever a client could use to
 * confuse the router (userinfo, fragments, %00, overlong UTF-8, dot
 * segments, percent-escapes in the host) is refused or resolved here, so
 * that the rest of moot only ever sees a clean host, port and path.
 */

#include <arpa/inet.h>

#include <limits.h>
#include <string.h>

#include "core/url.h"
#include "core/utf8.h"

#define STR(x)		#x
#define XSTR(x)		STR(x)
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

static int	is_alpha(unsigned char);
static int	is_digit(unsigned char);
static int	is_control(unsigned char);
static int	is_unreserved(unsigned char);
static int	hexval(unsigned char);
static void	copy_lower(char *, const char *, size_t);
static int	decode(const char *, size_t, char *, size_t, size_t *);
static int	parse_scheme(const char *, const char *, struct url *,
		    const char **);
static int	parse_host(const char *, const char *, struct url *,
		    const char **);
static int	parse_port(const char *, const char *, struct url *);
static int	parse_path(const char *, const char *, struct url *);
static int	parse(const char *, size_t, struct url *);
static int	titan_value(const char *, size_t, char *, size_t);

static const char *const url_errors[] = {
	[URL_OK] =		"no error",
	[URL_EMPTY] =		"empty request",
	[URL_TOO_LONG] =
	    "URL longer than " XSTR(GEMINI_URL_MAX) " bytes",
	[URL_NUL] =		"URL contains a NUL byte",
	[URL_BAD_UTF8] =	"URL is not valid UTF-8",
	[URL_BOM] =		"URL starts with a byte-order mark",
	[URL_RELATIVE] =	"not an absolute URL",
	[URL_BAD_SCHEME] =	"malformed URL scheme",
	[URL_NO_HOST] =		"URL has no host",
	[URL_USERINFO] =	"URL contains userinfo",
	[URL_BAD_HOST] =	"malformed host",
	[URL_BAD_PORT] =	"malformed port",
	[URL_BAD_ESCAPE] =	"invalid percent-escape",
	[URL_FRAGMENT] =	"URL contains a fragment",
	[URL_BAD_CHAR] =	"URL contains a control character or space",
	[URL_ABOVE_ROOT] =	"the path climbs above the root",
};

/* ASCII only, whatever the locale, unlike isalpha(3) and isdigit(3). */
static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7F;
}

/* RFC 3986, 2.3 */
static int
is_unreserved(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' ||
	    c == '_' || c == '~';
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Copy n bytes and NUL-terminate; tolower() would depend on the locale. */
static void
copy_lower(char *dst, const char *src, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		dst[i] = src[i];
		if (dst[i] >= 'A' && dst[i] <= 'Z')
			dst[i] += 'a' - 'A';
	}
	dst[n] = '\0';
}

/*
 * url_decode() with the reason for a failure, which url_parse() needs
 * for its error; running out of room is URL_TOO_LONG.
 */
static int
decode(const char *in, size_t len, char *out, size_t outsz, size_t *outlen)
{
	size_t		i, o = 0;
	int		hi, lo;
	unsigned char	c;

	if (outsz == 0)
		return URL_TOO_LONG;
	for (i = 0; i < len; i++) {
		c = in[i];
		if (c == '%') {
			if (len - i < 3 ||
			    (hi = hexval(in[i + 1])) == -1 ||
			    (lo = hexval(in[i + 2])) == -1)
				return URL_BAD_ESCAPE;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (c == '\0')
			return URL_NUL;
		if (o + 1 >= outsz)
			return URL_TOO_LONG;
		out[o++] = c;
	}
	out[o] = '\0';
	/* Checked after decoding: %C0%AE is an overlong '.' in disguise. */
	if (!utf8_valid(out, o))
		return URL_BAD_UTF8;
	if (outlen != NULL)
		*outlen = o;
	return URL_OK;
}

/*
 * The scheme is what comes before the first ':', as long as no '/' or
 * '?' comes earlier: otherwise it is a relative reference (RFC 3986,
 * 4.2).  On success *next points past the ':'.
 */
static int
parse_scheme(const char *s, const char *end, struct url *u,
    const char **next)
{
	const char	*p;

	for (p = s; p < end && *p != ':'; p++)
		if (*p == '/' || *p == '?')
			return URL_RELATIVE;
	if (p == end)
		return URL_RELATIVE;
	if (p == s || p - s > URL_SCHEME_MAX || !is_alpha(*s))
		return URL_BAD_SCHEME;
	for (p = s; *p != ':'; p++)
		if (!is_alpha(*p) && !is_digit(*p) &&
		    *p != '+' && *p != '-' && *p != '.')
			return URL_BAD_SCHEME;
	copy_lower(u->scheme, s, p - s);
	*next = p + 1;
	return URL_OK;
}

/*
 * The host runs from s to the port's ':' or to end.  A reg-name is kept
 * to the letters, digits and "-._~" that DNS and a certificate's names
 * can hold: percent-escapes there would let two spellings name one host.
 * On success *next points at the ':' or at end.
 */
static int
parse_host(const char *s, const char *end, struct url *u, const char **next)
{
	struct in6_addr	 in6;
	const char	*p;
	size_t		 n;

	if (s < end && *s == '[') {
		if ((p = memchr(s, ']', end - s)) == NULL)
			return URL_BAD_HOST;
		n = p - (s + 1);
		if (n == 0 || n > URL_HOST_MAX)
			return URL_BAD_HOST;
		copy_lower(u->host, s + 1, n);
		if (inet_pton(AF_INET6, u->host, &in6) != 1)
			return URL_BAD_HOST;
		*next = p + 1;
		if (*next != end && **next != ':')
			return URL_BAD_HOST;
		return URL_OK;
	}

	for (p = s; p < end && *p != ':'; p++)
		if (!is_unreserved(*p))
			return URL_BAD_HOST;
	n = p - s;
	if (n == 0 || n > URL_HOST_MAX)
		return URL_BAD_HOST;
	copy_lower(u->host, s, n);
	*next = p;
	return URL_OK;
}

/* Digits between s and end; none at all means no port ("host:"). */
static int
parse_port(const char *s, const char *end, struct url *u)
{
	int	port = 0;

	if (s == end)
		return URL_OK;
	for (; s < end; s++) {
		if (!is_digit(*s))
			return URL_BAD_PORT;
		port = port * 10 + (*s - '0');
		if (port > 65535)
			return URL_BAD_PORT;
	}
	if (port == 0)
		return URL_BAD_PORT;
	u->port = port;
	return URL_OK;
}

/*
 * The raw path from s to end, empty or starting with '/'.  Titan's
 * parameters are cut before decoding, so that an encoded ';' stays part
 * of the path.  Decoding comes before normalising so that "%2e%2e" is
 * a ".." too, and is refused as one when it climbs above the root.
 */
static int
parse_path(const char *s, const char *end, struct url *u)
{
	const char	*semi;
	int		 err;

	if (strcmp(u->scheme, "titan") == 0 &&
	    (semi = memchr(s, ';', end - s)) != NULL) {
		memcpy(u->params, semi + 1, end - (semi + 1));
		u->params[end - (semi + 1)] = '\0';
		end = semi;
	}
	if (s == end) {
		strcpy(u->path, "/");
		return URL_OK;
	}
	if ((err = decode(s, end - s, u->path, sizeof(u->path), NULL)) !=
	    URL_OK)
		return err;
	return url_normalise_path(u->path) == 0 ? URL_OK : URL_ABOVE_ROOT;
}

/* url_parse() without the clean-up on failure. */
static int
parse(const char *s, size_t len, struct url *u)
{
	const char	*end = s + len, *p, *c, *authend, *query;
	int		 err;

	if (len == 0)
		return URL_EMPTY;
	if (len > GEMINI_URL_MAX)
		return URL_TOO_LONG;
	if (memchr(s, '\0', len) != NULL)
		return URL_NUL;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		return URL_BOM;
	if (!utf8_valid(s, len))
		return URL_BAD_UTF8;
	if (memchr(s, '#', len) != NULL)
		return URL_FRAGMENT;

	/*
	 * Some clients send the query's spaces and brackets unencoded, so
	 * only there is a space accepted.  Controls are refused everywhere:
	 * the encoded forms (%09, %0A) do the same job.
	 */
	if ((query = memchr(s, '?', len)) == NULL)
		query = end;
	if ((err = parse_scheme(s, query, u, &p)) == URL_RELATIVE)
		return err;
	for (c = s; c < end; c++)
		if (is_control(*c) || (*c == ' ' && c < query))
			return URL_BAD_CHAR;
	if (err != URL_OK)
		return err;

	if (query - p < 2 || p[0] != '/' || p[1] != '/')
		return URL_NO_HOST;
	p += 2;
	for (authend = p; authend < query && *authend != '/'; authend++)
		if (*authend == '@')
			return URL_USERINFO;

	if ((err = parse_host(p, authend, u, &p)) != URL_OK)
		return err;
	if (p < authend && (err = parse_port(p + 1, authend, u)) != URL_OK)
		return err;
	if ((err = parse_path(authend, query, u)) != URL_OK)
		return err;

	if (query < end) {
		u->has_query = 1;
		memcpy(u->query, query + 1, end - (query + 1));
		u->query[end - (query + 1)] = '\0';
	}
	return URL_OK;
}

int
url_parse(const char *s, size_t len, struct url *u)
{
	int	err;

	memset(u, 0, sizeof(*u));
	u->port = -1;
	if ((err = parse(s, len, u)) != URL_OK) {
		/* leave no half-parsed host or path for a caller to trust */
		memset(u, 0, sizeof(*u));
		u->port = -1;
	}
	return err;
}

const char *
url_strerror(int err)
{
	if (err < 0 || (size_t)err >= nitems(url_errors) ||
	    url_errors[err] == NULL)
		return "bad URL";
	return url_errors[err];
}

int
url_decode(const char *in, size_t len, char *out, size_t outsz,
    size_t *outlen)
{
	return decode(in, len, out, outsz, outlen) == URL_OK ? 0 : -1;
}

/*
 * RFC 3986 remove_dot_segments (5.2.4) for an absolute path, in place:
 * the output never grows past what has been read, so one pass will do.
 * Empty segments go too: "//sub" made into a redirect to "//sub/" would
 * name another host (a network-path reference).
 */
int
url_normalise_path(char *path)
{
	char	*r, *w, *seg;
	size_t	 n;
	int	 dot, dotdot, climbed = 0;

	if (path[0] != '/')
		return 0;
	for (r = w = path; *r == '/'; r = seg + n) {
		seg = r + 1;
		n = strcspn(seg, "/");
		if (n == 0 && seg[0] == '/')
			continue;	/* "//": the next slash will do */
		dot = n == 1 && seg[0] == '.';
		dotdot = n == 2 && seg[0] == '.' && seg[1] == '.';
		if (dotdot && w == path)
			climbed = 1;	/* nothing to drop: above / */
		if (dotdot)	/* drop the last "/segment" */
			while (w > path && *--w != '/')
				;
		if (dot || dotdot) {
			/* "/a/." and "/a/b/.." leave "/a/", a directory */
			if (seg[n] == '\0')
				*w++ = '/';
			continue;
		}
		memmove(w, r, n + 1);
		w += n + 1;
	}
	*w = '\0';
	return climbed ? -1 : 0;
}

int
url_encode(const char *s, size_t len, char *out, size_t outsz,
    int keep_slash)
{
	static const char	hex[] = "0123456789ABCDEF";
	size_t			i, o = 0;
	unsigned char		c;

	if (outsz == 0)
		return -1;
	for (i = 0; i < len; i++) {
		c = s[i];
		if (is_unreserved(c) || (keep_slash && c == '/')) {
			if (o + 1 >= outsz)
				return -1;
			out[o++] = c;
		} else {
			if (o + 3 >= outsz)
				return -1;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xF];
		}
	}
	if (o > INT_MAX)
		return -1;
	out[o] = '\0';
	return (int)o;
}

/*
 * Decode a Titan parameter's value into out.  Controls are refused: the
 * MIME type may end up in a META line, where "%0D%0A" would forge one.
 */
static int
titan_value(const char *v, size_t len, char *out, size_t outsz)
{
	size_t	n;

	if (decode(v, len, out, outsz, &n) != URL_OK)
		return -1;
	return utf8_has_control(out, n, NULL) ? -1 : 0;
}

int
titan_params_parse(const char *params, struct titan_params *t)
{
	char		 buf[GEMINI_URL_MAX + 1], *d;
	const char	*p, *eq, *v;
	size_t		 n, klen, vlen;
	int		 digit;

	memset(t, 0, sizeof(*t));
	strcpy(t->mime, "text/gemini");
	t->size = -1;

	for (p = params; *p != '\0'; p += n + (p[n] == ';')) {
		n = strcspn(p, ";");
		if ((eq = memchr(p, '=', n)) == NULL)
			continue;
		klen = eq - p;
		v = eq + 1;
		vlen = n - klen - 1;

		if (klen == 4 && memcmp(p, "mime", 4) == 0) {
			if (titan_value(v, vlen, t->mime, sizeof(t->mime)) ==
			    -1 || t->mime[0] == '\0')
				return -1;
		} else if (klen == 5 && memcmp(p, "token", 5) == 0) {
			if (titan_value(v, vlen, t->token,
			    sizeof(t->token)) == -1)
				return -1;
		} else if (klen == 4 && memcmp(p, "size", 4) == 0) {
			if (titan_value(v, vlen, buf, sizeof(buf)) == -1 ||
			    buf[0] == '\0')
				return -1;
			t->size = 0;
			for (d = buf; *d != '\0'; d++) {
				if (!is_digit(*d))
					return -1;
				digit = *d - '0';
				if (t->size > (LLONG_MAX - digit) / 10)
					return -1;
				t->size = t->size * 10 + digit;
			}
		}
	}
	return t->size == -1 ? -1 : 0;
}
