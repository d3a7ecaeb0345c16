/*
 * gemreq.c: moot's own small Gemini/Titan client for the tests.
 *
 * It sends exactly the bytes it is given (after C-style unescaping), so a
 * test can send what no polite client would: a bare LF, a NUL, invalid
 * UTF-8, an oversized line or nothing at all.  It never verifies the
 * server certificate (Gemini servers are self-signed, clients pin them on
 * first use) and reports through its exit status how the connection ended:
 *
 *	0  the server closed with a TLS close_notify
 *	1  usage or local error (bad flag, unreadable file)
 *	2  connection or handshake failure
 *	3  the connection ended without close_notify
 *	4  timeout (connect, handshake and reading together)
 *
 * The response (header and body, raw bytes) goes to stdout; with -H only
 * the header line, without its CRLF.  Diagnostics go to stderr, where the
 * tests find "resumed: yes|no" (-s) and, with -v, "protocol: TLSv1.3",
 * "fingerprint: AA:BB:..." (SHA-256 of the server certificate, as
 * `openssl x509 -fingerprint -sha256' prints it) and "records: N", the
 * TLS records the response came in (SSL_read() returns one at a time).
 *
 *	gemreq [-Hv] [-c cert -k key] [-n sni | -N] [-s sessfile]
 *	    [-b bodyfile] [-t seconds] [-m 1.1|1.2|1.3] host port [request]
 *
 * The request is sent after unescaping \r \n \t \0 \\ and \xHH, and
 * nothing else: no CRLF is added, and without a request nothing is sent.
 * -b appends a file (a Titan body).  SNI is "localhost" unless -n or -N.
 * The minimum version is TLS 1.2; -m forces one version (1.1 is offered
 * at security level 0, so that refusing it is the server's doing).
 */

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

enum exit_code {
	EXIT_CLOSE_NOTIFY	= 0,
	EXIT_LOCAL		= 1,
	EXIT_CONNECT		= 2,
	EXIT_NO_CLOSE_NOTIFY	= 3,
	EXIT_TIMEOUT		= 4,
};

#define DEFAULT_SNI	"localhost"
#define DEFAULT_TIMEOUT	10.0
#define IO_CHUNK	16384
/* -H: the header line is at most 1024 bytes of META plus "NN " and CRLF */
#define HEADER_MAX	2048

struct buf {
	unsigned char	*data;
	size_t		 len;
	size_t		 cap;
};

struct header {
	char		 line[HEADER_MAX + 1];
	size_t		 len;
	int		 done;
};

static const char	*progname = "gemreq";
static int		 verbose;
static double		 deadline;	/* CLOCK_MONOTONIC seconds */

static void		 usage(void) __attribute__((noreturn));
static void		 die(int, const char *, ...)
			    __attribute__((noreturn, format(printf, 2, 3)));
static void		 ssl_die(int, const char *)
			    __attribute__((noreturn));
static double		 now(void);
static void		 buf_append(struct buf *, const void *, size_t);
static int		 hexval(int);
static void		 unescape(const char *, struct buf *);
static void		 read_file(const char *, struct buf *);
static int		 tls_version(const char *);
static int		 tcp_connect(const char *, const char *);
static int		 wait_fd(int, short);
static void		 print_fingerprint(SSL *);
static SSL_SESSION	*load_session(const char *);
static void		 save_session(SSL *, const char *);
static void		 emit(struct header *, int, const unsigned char *,
			    size_t);
static void		 write_all(const void *, size_t);
static void		 print_end(int);

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-Hv] [-c cert -k key] [-n sni | -N] "
	    "[-s sessfile] [-b bodyfile]\n"
	    "\t[-t seconds] [-m 1.1|1.2|1.3] host port [request]\n",
	    progname);
	exit(EXIT_LOCAL);
}

static void
die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* Prints OpenSSL's error queue after msg, then exits with code. */
static void
ssl_die(int code, const char *msg)
{
	unsigned long e;
	char errbuf[256];

	fprintf(stderr, "%s: %s\n", progname, msg);
	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, errbuf, sizeof(errbuf));
		fprintf(stderr, "%s:   %s\n", progname, errbuf);
	}
	exit(code);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
buf_append(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((b->data = realloc(b->data, cap)) == NULL)
			die(EXIT_LOCAL, "out of memory");
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * C-style unescaping of \r \n \t \0 \\ \xHH.  Any other backslash
 * sequence is an error: it is almost certainly a mistake in a test.
 */
static void
unescape(const char *s, struct buf *out)
{
	unsigned char c;
	int hi, lo;

	while (*s != '\0') {
		if (*s != '\\') {
			buf_append(out, s++, 1);
			continue;
		}
		s++;
		switch (*s) {
		case 'r':
			c = '\r';
			break;
		case 'n':
			c = '\n';
			break;
		case 't':
			c = '\t';
			break;
		case '0':
			c = '\0';
			break;
		case '\\':
			c = '\\';
			break;
		case 'x':
			if ((hi = hexval((unsigned char)s[1])) == -1 ||
			    (lo = hexval((unsigned char)s[2])) == -1)
				die(EXIT_LOCAL, "bad \\x escape in request");
			c = (unsigned char)(hi << 4 | lo);
			s += 2;
			break;
		default:
			die(EXIT_LOCAL, "unknown escape \\%c in request "
			    "(use \\\\ for a backslash)", *s ? *s : '0');
		}
		buf_append(out, &c, 1);
		s++;
	}
}

static void
read_file(const char *path, struct buf *out)
{
	unsigned char chunk[IO_CHUNK];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		die(EXIT_LOCAL, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(out, chunk, n);
	if (ferror(fp))
		die(EXIT_LOCAL, "%s: read error", path);
	fclose(fp);
}

static int
tls_version(const char *s)
{
	if (strcmp(s, "1.1") == 0)
		return TLS1_1_VERSION;
	if (strcmp(s, "1.2") == 0)
		return TLS1_2_VERSION;
	if (strcmp(s, "1.3") == 0)
		return TLS1_3_VERSION;
	die(EXIT_LOCAL, "-m: want 1.1, 1.2 or 1.3, not %s", s);
}

/*
 * Waits until fd is ready for events or the deadline passes.  Returns 0
 * when ready, exits with EXIT_TIMEOUT otherwise.
 */
static int
wait_fd(int fd, short events)
{
	struct pollfd pfd;
	double left;
	int r;

	for (;;) {
		if ((left = deadline - now()) <= 0)
			break;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		r = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (r > 0)
			return 0;
		if (r == -1 && errno != EINTR)
			die(EXIT_CONNECT, "poll: %s", strerror(errno));
	}
	return -1;
}

/* A non-blocking TCP connection to host:port, within the deadline. */
static int
tcp_connect(const char *host, const char *port)
{
	struct addrinfo hints, *res, *ai;
	socklen_t len;
	int fd = -1, err, saved = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((err = getaddrinfo(host, port, &hints, &res)) != 0)
		die(EXIT_CONNECT, "%s port %s: %s", host, port,
		    gai_strerror(err));

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK,
		    ai->ai_protocol);
		if (fd == -1) {
			saved = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS) {
			if (wait_fd(fd, POLLOUT) == -1)
				die(EXIT_TIMEOUT, "timeout connecting to "
				    "%s port %s", host, port);
			len = sizeof(err);
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
			    &len) == 0 && err == 0)
				break;
			saved = err;
		} else
			saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		die(EXIT_CONNECT, "connect to %s port %s: %s", host, port,
		    strerror(saved));
	return fd;
}

/* Prints "fingerprint: AA:BB:..." (SHA-256 of the DER, like openssl). */
static void
print_fingerprint(SSL *ssl)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int i, mdlen;
	X509 *cert;

	if ((cert = SSL_get1_peer_certificate(ssl)) == NULL) {
		fprintf(stderr, "fingerprint: none\n");
		return;
	}
	if (X509_digest(cert, EVP_sha256(), md, &mdlen) != 1)
		ssl_die(EXIT_LOCAL, "X509_digest");
	fprintf(stderr, "fingerprint: ");
	for (i = 0; i < mdlen; i++)
		fprintf(stderr, "%s%02X", i ? ":" : "", md[i]);
	fputc('\n', stderr);
	X509_free(cert);
}

static SSL_SESSION *
load_session(const char *path)
{
	SSL_SESSION *sess;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return NULL;
		die(EXIT_LOCAL, "%s: %s", path, strerror(errno));
	}
	sess = PEM_read_SSL_SESSION(fp, NULL, NULL, NULL);
	fclose(fp);
	if (sess == NULL) {
		fprintf(stderr, "%s: %s: no usable session, not resuming\n",
		    progname, path);
		ERR_clear_error();
	}
	return sess;
}

/*
 * Saves the newest session of ssl.  Called after the response has been
 * read: TLS 1.3 tickets arrive after the handshake.
 */
static void
save_session(SSL *ssl, const char *path)
{
	SSL_SESSION *sess;
	FILE *fp;

	if ((sess = SSL_get1_session(ssl)) == NULL)
		return;
	if (!SSL_SESSION_is_resumable(sess)) {
		if (verbose)
			fprintf(stderr, "session: not resumable\n");
		SSL_SESSION_free(sess);
		return;
	}
	if ((fp = fopen(path, "w")) == NULL)
		die(EXIT_LOCAL, "%s: %s", path, strerror(errno));
	if (!PEM_write_SSL_SESSION(fp, sess))
		ssl_die(EXIT_LOCAL, "PEM_write_SSL_SESSION");
	fclose(fp);
	SSL_SESSION_free(sess);
}

static void
write_all(const void *p, size_t n)
{
	const unsigned char *s = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(STDOUT_FILENO, s, n)) == -1) {
			if (errno == EINTR)
				continue;
			die(EXIT_LOCAL, "write: %s", strerror(errno));
		}
		s += w;
		n -= w;
	}
}

/* Why a connection ended without close_notify, in one line. */
static void
print_end(int err)
{
	unsigned long e;
	char errbuf[256];

	fprintf(stderr, "%s: connection ended without close_notify: ",
	    progname);
	if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
		fprintf(stderr, "%s\n", errno ? strerror(errno) :
		    "EOF");
	else if ((e = ERR_peek_error()) != 0) {
		ERR_error_string_n(e, errbuf, sizeof(errbuf));
		fprintf(stderr, "%s\n", errbuf);
	} else
		fprintf(stderr, "SSL error %d\n", err);
	if (verbose)
		ERR_print_errors_fp(stderr);
	ERR_clear_error();
}

/*
 * Response bytes: straight to stdout, or with -H collected until the
 * end of the first line, which is printed alone (CR LF stripped).
 */
static void
emit(struct header *h, int hflag, const unsigned char *p, size_t n)
{
	size_t i;

	if (!hflag) {
		write_all(p, n);
		return;
	}
	if (h->done)		/* the body: not shown with -H */
		return;
	for (i = 0; i < n; i++) {
		if (p[i] == '\n') {
			h->done = 1;
			break;
		}
		if (h->len < HEADER_MAX)
			h->line[h->len++] = (char)p[i];
	}
	if (h->done) {
		if (h->len > 0 && h->line[h->len - 1] == '\r')
			h->len--;
		write_all(h->line, h->len);
		write_all("\n", 1);
	}
}

int
main(int argc, char **argv)
{
	const char *cert = NULL, *key = NULL, *sni = DEFAULT_SNI;
	const char *sessfile = NULL, *bodyfile = NULL, *host, *port;
	struct buf out = { NULL, 0, 0 };
	struct header hdr;
	SSL_SESSION *sess = NULL;
	SSL_CTX *ctx;
	SSL *ssl;
	unsigned char rbuf[IO_CHUNK];
	double timeout = DEFAULT_TIMEOUT;
	size_t off = 0, records = 0;
	char *end;
	int ch, fd, r, err, hflag = 0, version = 0, result = -1;
	int want_write, read_blocked, write_blocked;

	signal(SIGPIPE, SIG_IGN);
	memset(&hdr, 0, sizeof(hdr));

	while ((ch = getopt(argc, argv, "b:c:Hk:m:Nn:s:t:v")) != -1) {
		switch (ch) {
		case 'b':
			bodyfile = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'H':
			hflag = 1;
			break;
		case 'k':
			key = optarg;
			break;
		case 'm':
			version = tls_version(optarg);
			break;
		case 'N':
			sni = NULL;
			break;
		case 'n':
			sni = optarg;
			break;
		case 's':
			sessfile = optarg;
			break;
		case 't':
			timeout = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || timeout <= 0)
				die(EXIT_LOCAL, "-t: bad timeout %s", optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || argc > 3)
		usage();
	if ((cert == NULL) != (key == NULL))
		die(EXIT_LOCAL, "-c and -k go together");
	host = argv[0];
	port = argv[1];
	if (argc == 3)
		unescape(argv[2], &out);
	if (bodyfile != NULL)
		read_file(bodyfile, &out);

	deadline = now() + timeout;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		ssl_die(EXIT_LOCAL, "SSL_CTX_new");
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT);
	if (version != 0) {
		/* Old versions need security level 0 to be offered at all:
		 * the refusal must come from the server, not from us. */
		if (version < TLS1_2_VERSION) {
			SSL_CTX_set_security_level(ctx, 0);
			if (!SSL_CTX_set_cipher_list(ctx,
			    "DEFAULT:@SECLEVEL=0"))
				ssl_die(EXIT_LOCAL, "cipher list");
		}
		if (!SSL_CTX_set_min_proto_version(ctx, version) ||
		    !SSL_CTX_set_max_proto_version(ctx, version))
			ssl_die(EXIT_LOCAL, "cannot set TLS version");
	} else if (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION))
		ssl_die(EXIT_LOCAL, "cannot set TLS 1.2 minimum");
	if (cert != NULL) {
		if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1)
			ssl_die(EXIT_LOCAL, cert);
		if (SSL_CTX_use_PrivateKey_file(ctx, key,
		    SSL_FILETYPE_PEM) != 1)
			ssl_die(EXIT_LOCAL, key);
		if (SSL_CTX_check_private_key(ctx) != 1)
			ssl_die(EXIT_LOCAL, "certificate and key differ");
	}
	if (sessfile != NULL)
		sess = load_session(sessfile);

	fd = tcp_connect(host, port);

	if ((ssl = SSL_new(ctx)) == NULL)
		ssl_die(EXIT_LOCAL, "SSL_new");
	if (!SSL_set_fd(ssl, fd))
		ssl_die(EXIT_LOCAL, "SSL_set_fd");
	if (sni != NULL && !SSL_set_tlsext_host_name(ssl, sni))
		ssl_die(EXIT_LOCAL, "SNI");
	if (sess != NULL && !SSL_set_session(ssl, sess))
		ssl_die(EXIT_LOCAL, "SSL_set_session");

	for (;;) {
		ERR_clear_error();
		if ((r = SSL_connect(ssl)) == 1)
			break;
		err = SSL_get_error(ssl, r);
		if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
			if (wait_fd(fd, err == SSL_ERROR_WANT_READ ?
			    POLLIN : POLLOUT) == -1)
				die(EXIT_TIMEOUT, "timeout in TLS handshake");
			continue;
		}
		if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
			die(EXIT_CONNECT, "TLS handshake failed: %s",
			    errno ? strerror(errno) : "connection closed");
		ssl_die(EXIT_CONNECT, "TLS handshake failed");
	}

	if (verbose) {
		fprintf(stderr, "protocol: %s\ncipher: %s\n",
		    SSL_get_version(ssl), SSL_get_cipher_name(ssl));
		print_fingerprint(ssl);
	}
	if (sessfile != NULL)
		fprintf(stderr, "resumed: %s\n",
		    SSL_session_reused(ssl) ? "yes" : "no");

	/*
	 * Write the request while reading: a server may answer (59, or a
	 * refused Titan upload) and close before taking every byte, and the
	 * answer must still be shown.
	 */
	while (result == -1) {
		read_blocked = write_blocked = 0;
		want_write = 0;

		if (off < out.len) {
			size_t n = out.len - off;

			ERR_clear_error();
			r = SSL_write(ssl, out.data + off,
			    n > IO_CHUNK ? IO_CHUNK : n);
			if (r > 0)
				off += r;
			else {
				err = SSL_get_error(ssl, r);
				if (err == SSL_ERROR_WANT_WRITE)
					want_write = write_blocked = 1;
				else if (err == SSL_ERROR_WANT_READ)
					write_blocked = 1;
				else {
					/* The peer went away; what it sent
					 * before is still worth reading. */
					if (verbose)
						fprintf(stderr, "%s: write "
						    "failed after %zu of %zu "
						    "bytes\n", progname, off,
						    out.len);
					off = out.len;
				}
			}
		}

		ERR_clear_error();
		r = SSL_read(ssl, rbuf, sizeof(rbuf));
		if (r > 0) {
			emit(&hdr, hflag, rbuf, r);
			/* a record's whole content fits rbuf: one read each */
			if (SSL_pending(ssl) == 0)
				records++;
			continue;
		}
		err = SSL_get_error(ssl, r);
		switch (err) {
		case SSL_ERROR_WANT_READ:
			read_blocked = 1;
			break;
		case SSL_ERROR_WANT_WRITE:
			want_write = read_blocked = 1;
			break;
		case SSL_ERROR_ZERO_RETURN:
			result = EXIT_CLOSE_NOTIFY;
			break;
		default:
			/* EOF without close_notify (SSL_ERROR_SSL with
			 * "unexpected eof" in OpenSSL 3), a reset, an
			 * alert.  Always said: a test shows it. */
			print_end(err);
			result = EXIT_NO_CLOSE_NOTIFY;
			break;
		}
		if (result != -1)
			break;
		if (read_blocked && (off >= out.len || write_blocked)) {
			if (wait_fd(fd, want_write ? (POLLIN | POLLOUT) :
			    POLLIN) == -1)
				result = EXIT_TIMEOUT;
		}
	}

	if (verbose)
		fprintf(stderr, "records: %zu\n", records);

	/* -H: a header line that never ended is still shown. */
	if (hflag && !hdr.done && hdr.len > 0) {
		write_all(hdr.line, hdr.len);
		write_all("\n", 1);
	}

	if (sessfile != NULL)
		save_session(ssl, sessfile);

	if (result == EXIT_TIMEOUT)
		fprintf(stderr, "%s: timeout after %g s reading the "
		    "response\n", progname, timeout);
	else if (result == EXIT_CLOSE_NOTIFY) {
		/* Answer the close_notify; failures here do not matter. */
		ERR_clear_error();
		SSL_shutdown(ssl);
	}

	SSL_free(ssl);
	close(fd);
	SSL_CTX_free(ctx);
	if (sess != NULL)
		SSL_SESSION_free(sess);
	free(out.data);
	return result;
}
