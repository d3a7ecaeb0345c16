/*
 * certflood.c: one Gemini request made many times, each time with a new
 * throwaway client certificate, as an attacker would to wipe out rate
 * limits: certificates cost nothing to make.  Much faster than a
 * gemreq and an openssl run per certificate, so a test can send
 * thousands.
 *
 *	certflood [-s source] [-t seconds] host port url count
 *
 * Sends "url\r\n" count times, from the local address source when
 * given (127.0.0.2: another client, as the server sees it); every certificate is new (one ECDSA
 * P-256 key, a new serial each, so a new fingerprint each).  Prints one
 * "NN N" line per reply status seen (N replies began with NN), then
 * "failed N" for connections that got no header.  Exit 0, or 1 on a
 * usage or local error.
 *
 * An action's URL needs the certificate's intent token (docs/security.md):
 * when the reply to url without its query is the page that asks first,
 * its "~TOKEN" is put into url, which is then sent, as a member's client
 * would follow the offered link; that second reply is the one counted.
 */

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>

#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#define COUNT_MAX	100000
#define HEADER_MAX	1100	/* "NN " + 1024 bytes of META + CRLF */
#define REPLY_READ	16384	/* enough of a reply to find a token in */
#define TOKEN_LEN	16	/* an intent token: base64url */

static void
die(const char *what)
{
	fprintf(stderr, "certflood: %s\n", what);
	ERR_print_errors_fp(stderr);
	exit(1);
}

static const char	*source;

static int
tcp_connect(const char *host, const char *port, double timeout)
{
	struct addrinfo	 hints, *res, *ai, *src = NULL;
	struct timeval	 tv;
	int		 fd = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		die("cannot resolve the host");
	if (source != NULL && getaddrinfo(source, NULL, &hints, &src) != 0)
		die("cannot resolve the source address");
	tv.tv_sec = (time_t)timeout;
	tv.tv_usec = (suseconds_t)((timeout - (double)tv.tv_sec) * 1e6);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype,
		    ai->ai_protocol)) == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (src != NULL && bind(fd, src->ai_addr, src->ai_addrlen) ==
		    -1) {
			close(fd);
			fd = -1;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (src != NULL)
		freeaddrinfo(src);
	return fd;
}

/* A new self-signed certificate for key, with serial n. */
static X509 *
throwaway_cert(EVP_PKEY *key, long n)
{
	X509		*x;
	X509_NAME	*name;
	char		 cn[32];

	if ((x = X509_new()) == NULL)
		die("X509_new");
	snprintf(cn, sizeof(cn), "flood-%ld", n);
	ASN1_INTEGER_set(X509_get_serialNumber(x), n + 1);
	X509_set_version(x, 2);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, name);
	X509_set_pubkey(x, key);
	if (X509_sign(x, key, EVP_sha256()) == 0)
		die("X509_sign");
	return x;
}

/*
 * One request with cert; the reply's status (0..99), or -1.  With page,
 * up to pagesz - 1 bytes of the reply go there too.
 */
static int
one(SSL_CTX *ctx, X509 *cert, EVP_PKEY *key, const char *host,
    const char *port, const char *sni, const char *req, double timeout,
    char *page, size_t pagesz)
{
	char	 buf[REPLY_READ];
	SSL	*ssl;
	size_t	 len = 0, max = page != NULL ? sizeof(buf) - 1 : HEADER_MAX;
	int	 fd, r, status = -1;

	if ((fd = tcp_connect(host, port, timeout)) == -1)
		return -1;
	if ((ssl = SSL_new(ctx)) == NULL)
		die("SSL_new");
	SSL_set_fd(ssl, fd);
	SSL_set_tlsext_host_name(ssl, sni);
	if (SSL_use_certificate(ssl, cert) != 1 ||
	    SSL_use_PrivateKey(ssl, key) != 1)
		die("cannot use the certificate");
	if (SSL_connect(ssl) == 1 && SSL_write(ssl, req,
	    (int)strlen(req)) > 0) {
		while (len < max && (r = SSL_read(ssl, buf + len,
		    (int)(max - len))) > 0)
			len += (size_t)r;
		if (len >= 2 && buf[0] >= '1' && buf[0] <= '6' &&
		    buf[1] >= '0' && buf[1] <= '9')
			status = (buf[0] - '0') * 10 + buf[1] - '0';
		SSL_shutdown(ssl);
	}
	if (page != NULL) {
		len = len < pagesz ? len : pagesz - 1;
		memcpy(page, buf, len);
		page[len] = '\0';
	}
	ERR_clear_error();
	SSL_free(ssl);
	close(fd);
	return status;
}

/* The "~TOKEN" a page that asks before an action offers, or NULL. */
static const char *
offered_token(const char *page)
{
	static char	 tok[TOKEN_LEN + 1];
	const char	*p;

	if (strncmp(page, "20 ", 3) != 0 ||
	    strstr(page, "\n# Nothing was done yet") == NULL ||
	    (p = strstr(page, "/~")) == NULL ||
	    strspn(p + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") != TOKEN_LEN)
		return NULL;
	memcpy(tok, p + 2, TOKEN_LEN);
	tok[TOKEN_LEN] = '\0';
	return tok;
}

int
main(int argc, char **argv)
{
	EVP_PKEY	*key;
	SSL_CTX		*ctx;
	X509		*cert;
	char		*req, *end, sni[256], *bare, *tokened;
	static char	 page[REPLY_READ];
	const char	*tok;
	size_t		 qlen;
	double		 timeout = 5;
	long		 count, i, seen[100] = { 0 }, failed = 0;
	int		 ch, s;

	signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt(argc, argv, "s:t:")) != -1) {
		if (ch == 's')
			source = optarg;
		else if (ch != 't' || (timeout = strtod(optarg, &end)) <= 0 ||
		    *end != '\0') {
			fputs("usage: certflood [-s source] [-t seconds] host "
			    "port url count\n", stderr);
			return 1;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 4 || (count = strtol(argv[3], &end, 10)) < 1 ||
	    count > COUNT_MAX || *end != '\0') {
		fputs("usage: certflood [-s source] [-t seconds] host port "
		    "url count (count: 1 to 100000)\n", stderr);
		return 1;
	}
	if ((req = malloc(strlen(argv[2]) + 3)) == NULL)
		die("out of memory");
	snprintf(req, strlen(argv[2]) + 3, "%s\r\n", argv[2]);
	/* the server names itself after the URL's host, not the address */
	end = strstr(argv[2], "://");
	snprintf(sni, sizeof(sni), "%.*s", end == NULL ? 0 :
	    (int)strcspn(end + 3, ":/"), end == NULL ? "" : end + 3);
	if ((key = EVP_EC_gen("P-256")) == NULL)
		die("cannot make a key");
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		die("SSL_CTX_new");
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	/* no resumption: every connection shows its own certificate */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	/* the URL without its query: asked first, for the token */
	if ((bare = malloc(strlen(argv[2]) + 3)) == NULL ||
	    (tokened = malloc(strlen(argv[2]) + TOKEN_LEN + 6)) == NULL)
		die("out of memory");
	qlen = strcspn(argv[2], "?");
	snprintf(bare, strlen(argv[2]) + 3, "%.*s\r\n", (int)qlen, argv[2]);
	for (i = 0; i < count; i++) {
		cert = throwaway_cert(key, i);
		s = one(ctx, cert, key, argv[0], argv[1], sni, bare, timeout,
		    page, sizeof(page));
		if (s >= 0 && (tok = offered_token(page)) != NULL) {
			snprintf(tokened, strlen(argv[2]) + TOKEN_LEN + 6,
			    "%.*s/~%s%s\r\n", (int)qlen, argv[2], tok,
			    argv[2] + qlen);
			s = one(ctx, cert, key, argv[0], argv[1], sni, tokened,
			    timeout, NULL, 0);
		} else if (argv[2][qlen] != '\0')
			s = one(ctx, cert, key, argv[0], argv[1], sni, req,
			    timeout, NULL, 0);
		X509_free(cert);
		if (s < 0)
			failed++;
		else
			seen[s]++;
	}
	for (s = 0; s < 100; s++)
		if (seen[s] > 0)
			printf("%02d %ld\n", s, seen[s]);
	printf("failed %ld\n", failed);
	SSL_CTX_free(ctx);
	EVP_PKEY_free(key);
	free(req);
	free(bare);
	free(tokened);
	return 0;
}
