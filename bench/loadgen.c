/*
 * loadgen.c: moot's own load generator for Gemini and Gopher.
 *
 * Closed loop: each of --concurrency slots opens a new connection per
 * request (TCP connect, TLS handshake for Gemini, one request, read to
 * the end), records the latency, and starts again until --duration is
 * over.  Slots are shared out over --threads threads, each with its own
 * epoll loop and non-blocking OpenSSL connections.
 *
 * Options worth knowing:
 *   --resume         keep one TLS session per slot and offer it on the
 *                    slot's next connection (session resumption)
 *   --tls12          TLS 1.2 only
 *   --cert/--key     one client certificate for every connection;
 *   --cert-dir DIR   DIR/N.crt and DIR/N.key: slot i uses pair i mod N
 *                    (posting as many members)
 *   --post           append a unique query (the comment text) to every
 *                    request; a 30 redirect is then the expected reply.
 *                    Each certificate's intent token for --path is
 *                    fetched first, as a member's client would follow
 *                    the link mootd offers (docs/security.md)
 *   --idle N         open N TLS connections, finish each handshake, send
 *                    one byte of the request and hold them --hold seconds
 *                    (prints "READY" once they are all up)
 *   --src-spread K   bind slot i to 127.0.0.(2 + i mod K), so that a
 *                    per-address limit sees K clients instead of one
 *
 * Everything is bounded: --duration and --hold are capped, each request
 * has --timeout, and an alarm ends the process if the loop ever hangs.
 * The last line is machine-readable: "RESULT key=value ...".
 */
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "certdir.h"

#define DURATION_MAX	600.0	/* s, whatever the flags say */
#define HOLD_MAX	600.0
#define THREADS_MAX	64
#define CONC_MAX	100000
#define IO_CHUNK	16384
#define HEAD_MAX	64	/* bytes of each reply kept for the check */
#define URL_MAX		2048
#define CERTS_MAX	4096
#define GRACE		3.0	/* s for requests in flight after the end */
#define TICK_MS		20

enum proto {
	P_GEMINI,
	P_GOPHER,
};

enum conn_state {
	C_IDLE,		/* no connection: start one when allowed */
	C_PACED,	/* --rate: waiting for the request's turn */
	C_CONNECTING,
	C_HANDSHAKE,
	C_SENDING,
	C_READING,
	C_HOLDING,	/* idle mode: handshake done, one byte sent */
	C_DONE,		/* slot finished for good */
};

enum err_kind {
	E_CONNECT,
	E_TLS,
	E_TIMEOUT,
	E_STATUS,	/* the reply did not start with --expect */
	E_IO,
	E__MAX
};

static const char *const err_names[E__MAX] = {
	"connect", "tls", "timeout", "status", "io",
};

#define TOKEN_LEN	16	/* an intent token: base64url */

struct clientcert {
	X509		*x509;
	EVP_PKEY	*key;
	char		 token[TOKEN_LEN + 1];	/* --post: for --path */
};

struct conn {
	int		 slot;
	int		 fd;
	SSL		*ssl;
	SSL_SESSION	*sess;		/* --resume: offered next time */
	enum conn_state	 state;
	double		 t0;		/* start of this request */
	double		 turn;		/* --rate: when it may start */
	double		 deadline;
	uint64_t	 seq;		/* requests made by this slot */
	char		 req[URL_MAX];
	size_t		 reqlen, reqoff;
	char		 head[HEAD_MAX + 1];
	size_t		 headlen;
	size_t		 nread;
	uint32_t	 events;	/* what epoll waits for */
	struct worker	*w;
};

struct worker {
	int		 id;
	pthread_t	 thread;
	int		 ep;
	struct conn	*conns;
	int		 nconns;
	int		 next;		/* idle mode: next slot to open */
	int		 inflight;	/* idle mode: handshakes under way */
	int		 maxflight;
	/* results */
	double		*lat;		/* ms */
	size_t		 nlat, caplat;
	uint64_t	 errors[E__MAX];
	uint64_t	 resumed, unclean, bytes;
	uint64_t	 established, alive;
	char		 first_bad[HEAD_MAX + 1];
};

/* The configuration, read-only once the threads run. */
static struct {
	const char	*host;
	int		 port;
	enum proto	 proto;
	const char	*path;
	const char	*url_host;	/* in the Gemini URL; default: SNI */
	const char	*sni;
	const char	*raw;		/* --request: sent as is */
	const char	*expect;
	int		 concurrency;
	int		 nthreads;
	double		 duration;
	double		 timeout;
	long		 max_requests;
	double		 rate;		/* requests/s in all, 0: as fast */
	int		 resume;
	int		 tls12;		/* --tls12: no TLS 1.3 */
	int		 post;
	const char	*tag;
	int		 idle;
	double		 hold;
	int		 src_spread;
	int		 quiet;
	struct sockaddr_storage ss;
	socklen_t	 sslen;
	SSL_CTX		*ctx;
	struct clientcert certs[CERTS_MAX];
	int		 ncerts;
} cfg;

static atomic_long	started;	/* requests begun, all threads */
static atomic_long	paced;		/* --rate: turns handed out */
static double		t_start, t_end;
static int		ssl_ex_conn;

static void	 usage(void) __attribute__((noreturn));
static void	 die(const char *, ...)
		    __attribute__((noreturn, format(printf, 1, 2)));
static double	 now(void);
static void	 conn_start(struct conn *);
static void	 conn_step(struct conn *);
static void	 conn_finish(struct conn *, int ok);
static void	 conn_fail(struct conn *, enum err_kind);

static void
usage(void)
{
	fprintf(stderr,
"usage: loadgen [options]\n"
"  --host ADDR          server address (default 127.0.0.1)\n"
"  --port N             server port (default 1965)\n"
"  --proto P            gemini or gopher (default gemini)\n"
"  --path PATH          request path or selector (default /)\n"
"  --url-host NAME      host in the Gemini URL (default: --sni)\n"
"  --sni NAME           TLS server name (default localhost)\n"
"  --request STR        send STR (\\r \\n escapes) instead of a URL line\n"
"  --expect PREFIX      a reply must start with this (default \"20 \",\n"
"                       \"30 \" with --post, none for gopher)\n"
"  --concurrency N      connections at once (default 8)\n"
"  --threads N          client threads (default 2)\n"
"  --duration S         seconds to run (default 5, at most %.0f)\n"
"  --requests N         stop after N requests\n"
"  --rate R             start at most R requests per second in all\n"
"                       (evenly spaced; latency counts from the start)\n"
"  --timeout S          per request (default 10)\n"
"  --resume             TLS session resumption, one session per slot\n"
"  --tls12              TLS 1.2 only (default: 1.3 when the server has it)\n"
"  --cert F --key F     client certificate for every connection\n"
"  --cert-dir DIR       DIR/*.crt with DIR/*.key, spread over slots\n"
"  --post               unique query per request (posting comments)\n"
"  --tag STR            part of every posted text (default: pid)\n"
"  --idle N             hold N handshaken connections (see --hold);\n"
"                       --concurrency is then the handshakes at once\n"
"  --hold S             idle mode: seconds to hold them (default 5)\n"
"  --src-spread K       bind to 127.0.0.2 .. 127.0.0.(K+1)\n"
"  --quiet              only the RESULT line\n", DURATION_MAX);
	exit(2);
}

static void
die(const char *fmt, ...)
{
	va_list		ap;
	unsigned long	e;
	char		buf[256];

	fprintf(stderr, "loadgen: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		fprintf(stderr, "loadgen:   %s\n", buf);
	}
	exit(1);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* \r, \n, \t and \\ in a --request string. */
static char *
unescape(const char *s)
{
	char	*out = malloc(strlen(s) + 1), *o = out;

	if (out == NULL)
		die("out of memory");
	for (; *s; s++) {
		if (*s != '\\' || s[1] == '\0') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case 'r':
			*o++ = '\r';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		default:
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

static void
load_cert(const char *crt, const char *key)
{
	FILE		*f;
	struct clientcert *c;

	if (cfg.ncerts == CERTS_MAX)
		die("more than %d certificates", CERTS_MAX);
	c = &cfg.certs[cfg.ncerts];
	if ((f = fopen(crt, "r")) == NULL)
		die("%s: %s", crt, strerror(errno));
	c->x509 = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if ((f = fopen(key, "r")) == NULL)
		die("%s: %s", key, strerror(errno));
	c->key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (c->x509 == NULL || c->key == NULL)
		die("cannot read %s / %s", crt, key);
	cfg.ncerts++;
}

/* Every DIR/NAME.crt that has a DIR/NAME.key, in name order. */
static void
load_cert_dir(const char *dir)
{
	char		*names[CERTS_MAX], crt[4096], key[4096];
	size_t		 len;
	int		 n, i;

	if ((n = certdir_list(dir, names, CERTS_MAX)) == -1)
		die("%s: %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		len = strlen(names[i]);
		snprintf(crt, sizeof(crt), "%s/%s", dir, names[i]);
		snprintf(key, sizeof(key), "%s/%.*s.key", dir,
		    (int)(len - 4), names[i]);
		load_cert(crt, key);
		free(names[i]);
	}
	if (cfg.ncerts == 0)
		die("%s: no NAME.crt with NAME.key", dir);
}

/* --resume: keep the newest ticket the server gave this slot. */
static int
new_session(SSL *ssl, SSL_SESSION *sess)
{
	struct conn *c = SSL_get_ex_data(ssl, ssl_ex_conn);

	if (c == NULL)
		return 0;
	if (c->sess != NULL)
		SSL_SESSION_free(c->sess);
	c->sess = sess;
	return 1;	/* we keep the reference */
}

static void
tls_init(void)
{
	if ((cfg.ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		die("SSL_CTX_new");
	SSL_CTX_set_min_proto_version(cfg.ctx, TLS1_2_VERSION);
	if (cfg.tls12)
		SSL_CTX_set_max_proto_version(cfg.ctx, TLS1_2_VERSION);
	/* Gemini servers are self-signed: trust on first use, not a CA */
	SSL_CTX_set_verify(cfg.ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_mode(cfg.ctx, SSL_MODE_RELEASE_BUFFERS);
	ssl_ex_conn = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
	if (cfg.resume) {
		SSL_CTX_set_session_cache_mode(cfg.ctx, SSL_SESS_CACHE_CLIENT |
		    SSL_SESS_CACHE_NO_INTERNAL_STORE);
		SSL_CTX_sess_set_new_cb(cfg.ctx, new_session);
	}
}

static void
resolve(void)
{
	struct addrinfo	 hints, *res;
	char		 port[16];
	int		 rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST;
	snprintf(port, sizeof(port), "%d", cfg.port);
	if ((rc = getaddrinfo(cfg.host, port, &hints, &res)) != 0)
		die("%s: %s (give a numeric loopback address)", cfg.host,
		    gai_strerror(rc));
	memcpy(&cfg.ss, res->ai_addr, res->ai_addrlen);
	cfg.sslen = res->ai_addrlen;
	freeaddrinfo(res);
	/* a load generator that can only ever reach this machine */
	if (cfg.ss.ss_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&cfg.ss;

		if ((ntohl(sin->sin_addr.s_addr) >> 24) != 127)
			die("%s is not a loopback address", cfg.host);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&cfg.ss;

		if (!IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr))
			die("%s is not a loopback address", cfg.host);
		if (cfg.src_spread)
			die("--src-spread works with IPv4 only");
	}
}

/* Whether a URL ending just before end ends in "/~TOKEN": into tok. */
static int
token_at_end(const char *start, const char *end, char *tok)
{
	static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_";

	if (end - start <= TOKEN_LEN + 2 || end[-TOKEN_LEN - 2] != '/' ||
	    end[-TOKEN_LEN - 1] != '~' ||
	    strspn(end - TOKEN_LEN, b64url) < TOKEN_LEN)
		return 0;
	memcpy(tok, end - TOKEN_LEN, TOKEN_LEN);
	tok[TOKEN_LEN] = '\0';
	return 1;
}

/*
 * The intent token in a page that asks before an action, or in the
 * redirect an action that only prompts answers with (to itself, with
 * the token); or "".
 */
static void
token_from_page(const char *page, char *tok)
{
	const char *p;

	tok[0] = '\0';
	if (strncmp(page, "30 ", 3) == 0) {
		(void)token_at_end(page, page + strcspn(page, "\r\n"), tok);
		return;
	}
	if (strncmp(page, "20 ", 3) != 0 ||
	    strstr(page, "\n# Nothing was done yet") == NULL)
		return;
	for (p = page; (p = strstr(p, "\n=> ")) != NULL; ) {
		p += 4;
		p += strcspn(p, " \n");		/* the link's end */
		if (token_at_end(page, p, tok))
			return;
	}
}

/*
 * --post: each certificate's intent token for --path, from the page
 * (or the redirect) mootd answers the path with when it has none: one
 * blocking request per certificate, before the clock starts.
 */
static void
fetch_tokens(void)
{
	SSL_CTX		*ctx;
	SSL		*ssl;
	char		 req[2048], page[65536];
	struct timeval	 tv = { 10, 0 };
	size_t		 len;
	int		 i, fd, n, got = 0;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		die("SSL_CTX_new");
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	snprintf(req, sizeof(req), "gemini://%s:%d%s\r\n", cfg.url_host,
	    cfg.port, cfg.path);
	for (i = 0; i < cfg.ncerts; i++) {
		if ((fd = socket(cfg.ss.ss_family, SOCK_STREAM, 0)) == -1 ||
		    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
		    sizeof(tv)) == -1 ||
		    connect(fd, (struct sockaddr *)&cfg.ss, cfg.sslen) == -1)
			die("intent token: connect: %s", strerror(errno));
		if ((ssl = SSL_new(ctx)) == NULL)
			die("SSL_new");
		SSL_set_fd(ssl, fd);
		SSL_set_tlsext_host_name(ssl, cfg.sni);
		if (SSL_use_certificate(ssl, cfg.certs[i].x509) != 1 ||
		    SSL_use_PrivateKey(ssl, cfg.certs[i].key) != 1 ||
		    SSL_connect(ssl) != 1 ||
		    SSL_write(ssl, req, (int)strlen(req)) <= 0)
			die("intent token: TLS failed");
		len = 0;
		while (len + 1 < sizeof(page) && (n = SSL_read(ssl, page + len,
		    (int)(sizeof(page) - 1 - len))) > 0)
			len += (size_t)n;
		page[len] = '\0';
		token_from_page(page, cfg.certs[i].token);
		got += cfg.certs[i].token[0] != '\0';
		SSL_free(ssl);
		close(fd);
	}
	SSL_CTX_free(ctx);
	if (!cfg.quiet)
		fprintf(stderr, "loadgen: intent tokens for %d of %d "
		    "certificates\n", got, cfg.ncerts);
}

/* The bytes of a slot's next request. */
static void
conn_build_request(struct conn *c)
{
	const char	*tok;
	int		 n;

	if (cfg.raw != NULL)
		n = snprintf(c->req, sizeof(c->req), "%s", cfg.raw);
	else if (cfg.proto == P_GOPHER)
		n = snprintf(c->req, sizeof(c->req), "%s\r\n", cfg.path);
	else if (cfg.post) {
		tok = cfg.ncerts > 0 ? cfg.certs[c->slot % cfg.ncerts].token :
		    "";
		n = snprintf(c->req, sizeof(c->req),
		    "gemini://%s:%d%s%s%s?bench%%20%s%%20slot%%20%d%%20comment"
		    "%%20%llu\r\n", cfg.url_host, cfg.port, cfg.path,
		    tok[0] != '\0' ? "/~" : "", tok, cfg.tag, c->slot,
		    (unsigned long long)c->seq);
	}
	else
		n = snprintf(c->req, sizeof(c->req), "gemini://%s:%d%s\r\n",
		    cfg.url_host, cfg.port, cfg.path);
	if (n < 0 || (size_t)n >= sizeof(c->req))
		die("request longer than %zu bytes", sizeof(c->req) - 1);
	c->reqlen = n;
	c->reqoff = 0;
}

static void
conn_watch(struct conn *c, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	if (c->events == events)
		return;
	if (c->events == 0)
		epoll_ctl(c->w->ep, EPOLL_CTL_ADD, c->fd, &ev);
	else
		epoll_ctl(c->w->ep, EPOLL_CTL_MOD, c->fd, &ev);
	c->events = events;
}

static void
conn_close(struct conn *c)
{
	if (c->ssl != NULL) {
		SSL_set_ex_data(c->ssl, ssl_ex_conn, NULL);
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd != -1) {
		close(c->fd);	/* also leaves the epoll set */
		c->fd = -1;
	}
	c->events = 0;
}

static int
may_start(double t)
{
	if (cfg.idle)
		return 1;
	if (t >= t_end)
		return 0;
	if (cfg.max_requests > 0 &&
	    atomic_fetch_add(&started, 1) >= cfg.max_requests)
		return 0;
	return 1;
}

static void
conn_start(struct conn *c)
{
	struct sockaddr_in	 src;
	double			 t = now();
	int			 on = 1;

	if (c->state != C_PACED && cfg.rate > 0 && !cfg.idle) {
		/* turns evenly spaced from the start, shared by all slots */
		c->turn = t_start + atomic_fetch_add(&paced, 1) / cfg.rate;
		if (c->turn > t) {
			c->state = C_PACED;
			return;
		}
	}
	c->state = C_IDLE;
	if (!may_start(t)) {
		c->state = C_DONE;
		return;
	}
	c->t0 = t;
	c->deadline = t + cfg.timeout;
	c->headlen = c->nread = 0;
	c->head[0] = '\0';
	conn_build_request(c);
	c->seq++;

	c->fd = socket(cfg.ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		conn_fail(c, E_CONNECT);
		return;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (cfg.src_spread > 0) {
		memset(&src, 0, sizeof(src));
		src.sin_family = AF_INET;
		src.sin_addr.s_addr = htonl((127u << 24) |
		    (uint32_t)(2 + c->slot % cfg.src_spread));
		setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on,
		    sizeof(on));
		if (bind(c->fd, (struct sockaddr *)&src, sizeof(src)) == -1) {
			conn_fail(c, E_CONNECT);
			return;
		}
	}
	if (connect(c->fd, (struct sockaddr *)&cfg.ss, cfg.sslen) == -1 &&
	    errno != EINPROGRESS) {
		conn_fail(c, E_CONNECT);
		return;
	}
	c->state = C_CONNECTING;
	conn_watch(c, EPOLLOUT);
}

/* Record a finished request and start the slot's next one. */
static void
conn_finish(struct conn *c, int ok)
{
	struct worker	*w = c->w;
	const char	*want = cfg.expect;

	if (ok && want != NULL && strncmp(c->head, want, strlen(want)) != 0)
		ok = 0;
	if (ok && cfg.proto == P_GOPHER && want == NULL &&
	    (c->nread == 0 || c->head[0] == '3'))
		ok = 0;		/* nothing, or a Gopher error item */
	if (!ok) {
		w->errors[E_STATUS]++;
		if (w->first_bad[0] == '\0')
			snprintf(w->first_bad, sizeof(w->first_bad), "%s",
			    c->nread ? c->head : "(empty reply)");
	} else {
		if (w->nlat == w->caplat) {
			w->caplat = w->caplat ? w->caplat * 2 : 4096;
			w->lat = realloc(w->lat, w->caplat * sizeof(*w->lat));
			if (w->lat == NULL)
				die("out of memory");
		}
		w->lat[w->nlat++] = (now() - c->t0) * 1000.0;
		w->bytes += c->nread;
		if (c->ssl != NULL && SSL_session_reused(c->ssl))
			w->resumed++;
	}
	conn_close(c);
	conn_start(c);
}

static void
conn_fail(struct conn *c, enum err_kind why)
{
	c->w->errors[why]++;
	if (why == E_TLS)
		ERR_clear_error();
	conn_close(c);
	if (cfg.idle) {
		c->state = C_DONE;
		c->w->inflight--;
		return;
	}
	conn_start(c);
}

static void
conn_got(struct conn *c, const char *buf, size_t n)
{
	size_t take = HEAD_MAX - c->headlen;

	if (take > n)
		take = n;
	memcpy(c->head + c->headlen, buf, take);
	c->headlen += take;
	c->head[c->headlen] = '\0';
	c->nread += n;
}

/* TLS: map SSL_get_error to what to wait for; 1 to go on waiting. */
static int
tls_wait(struct conn *c, int rc)
{
	switch (SSL_get_error(c->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
		conn_watch(c, EPOLLIN);
		return 1;
	case SSL_ERROR_WANT_WRITE:
		conn_watch(c, EPOLLOUT);
		return 1;
	default:
		return 0;
	}
}

static void
tls_begin(struct conn *c)
{
	struct clientcert *cc;

	if ((c->ssl = SSL_new(cfg.ctx)) == NULL) {
		conn_fail(c, E_TLS);
		return;
	}
	SSL_set_ex_data(c->ssl, ssl_ex_conn, c);
	SSL_set_fd(c->ssl, c->fd);
	SSL_set_tlsext_host_name(c->ssl, cfg.sni);
	if (cfg.ncerts > 0) {
		cc = &cfg.certs[c->slot % cfg.ncerts];
		if (SSL_use_certificate(c->ssl, cc->x509) != 1 ||
		    SSL_use_PrivateKey(c->ssl, cc->key) != 1) {
			conn_fail(c, E_TLS);
			return;
		}
	}
	if (cfg.resume && c->sess != NULL)
		SSL_set_session(c->ssl, c->sess);
	SSL_set_connect_state(c->ssl);
	c->state = C_HANDSHAKE;
}

/* Run the slot's state machine as far as it goes without waiting. */
static void
conn_step(struct conn *c)
{
	char		buf[IO_CHUNK];
	socklen_t	len;
	ssize_t		n;
	int		rc, soerr;

	for (;;) {
		switch (c->state) {
		case C_CONNECTING:
			len = sizeof(soerr);
			if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr,
			    &len) == -1 || soerr != 0) {
				conn_fail(c, E_CONNECT);
				return;
			}
			if (cfg.proto == P_GOPHER) {
				c->state = C_SENDING;
				break;
			}
			tls_begin(c);
			if (c->ssl == NULL)
				return;
			break;
		case C_HANDSHAKE:
			if ((rc = SSL_do_handshake(c->ssl)) != 1) {
				if (!tls_wait(c, rc))
					conn_fail(c, E_TLS);
				return;
			}
			if (cfg.idle) {
				/* the first byte of the request, no more */
				if (SSL_write(c->ssl, c->req, 1) != 1) {
					conn_fail(c, E_TLS);
					return;
				}
				c->state = C_HOLDING;
				c->w->established++;
				c->w->inflight--;
				conn_watch(c, EPOLLRDHUP);
				return;
			}
			c->state = C_SENDING;
			break;
		case C_SENDING:
			if (c->ssl != NULL) {
				rc = SSL_write(c->ssl, c->req + c->reqoff,
				    c->reqlen - c->reqoff);
				if (rc <= 0) {
					if (!tls_wait(c, rc))
						conn_fail(c, E_TLS);
					return;
				}
				n = rc;
			} else {
				n = write(c->fd, c->req + c->reqoff,
				    c->reqlen - c->reqoff);
				if (n == -1 && errno == EAGAIN) {
					conn_watch(c, EPOLLOUT);
					return;
				}
				if (n <= 0) {
					conn_fail(c, E_IO);
					return;
				}
			}
			c->reqoff += n;
			if (c->reqoff == c->reqlen)
				c->state = C_READING;
			break;
		case C_READING:
			if (c->ssl != NULL) {
				rc = SSL_read(c->ssl, buf, sizeof(buf));
				if (rc > 0) {
					conn_got(c, buf, rc);
					break;
				}
				switch (SSL_get_error(c->ssl, rc)) {
				case SSL_ERROR_ZERO_RETURN:
					/*
					 * A clean close keeps the session
					 * resumable (SSL_free forgets the
					 * session of a connection that was
					 * not shut down); ours needs not be
					 * sent: the server has gone.
					 */
					SSL_set_shutdown(c->ssl,
					    SSL_SENT_SHUTDOWN |
					    SSL_RECEIVED_SHUTDOWN);
					conn_finish(c, 1);
					return;
				case SSL_ERROR_SYSCALL:
					/* EOF without close_notify */
					ERR_clear_error();
					c->w->unclean++;
					conn_finish(c, c->nread > 0);
					return;
				default:
					if (!tls_wait(c, rc))
						conn_fail(c, E_TLS);
					return;
				}
			}
			n = read(c->fd, buf, sizeof(buf));
			if (n > 0) {
				conn_got(c, buf, n);
				break;
			}
			if (n == 0) {
				conn_finish(c, 1);
				return;
			}
			if (errno == EAGAIN) {
				conn_watch(c, EPOLLIN);
				return;
			}
			conn_fail(c, E_IO);
			return;
		case C_HOLDING:
			/* the server let go of an idle connection */
			c->state = C_DONE;
			return;
		case C_IDLE:
		case C_PACED:
		case C_DONE:
			return;
		}
	}
}

static void
worker_timeouts(struct worker *w, double t)
{
	int i;

	for (i = 0; i < w->nconns; i++) {
		struct conn *c = &w->conns[i];

		if (c->state == C_PACED && t >= t_end)
			c->state = C_DONE;	/* its turn came too late */
		if (c->state == C_IDLE || c->state == C_DONE ||
		    c->state == C_PACED ||
		    c->state == C_HOLDING)
			continue;
		if (t > c->deadline || (!cfg.idle && t > t_end + GRACE))
			conn_fail(c, E_TIMEOUT);
		if (!cfg.idle && t > t_end + GRACE && c->state != C_DONE) {
			conn_close(c);
			c->state = C_DONE;
		}
	}
}

static int
worker_busy(struct worker *w)
{
	int i;

	for (i = 0; i < w->nconns; i++)
		if (w->conns[i].state != C_DONE &&
		    w->conns[i].state != C_HOLDING)
			return 1;
	return 0;
}

static void *
worker_main(void *arg)
{
	struct worker		*w = arg;
	struct epoll_event	 evs[256];
	double			 t, last_check = 0;
	int			 i, n;

	if ((w->ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		die("epoll_create1: %s", strerror(errno));
	if (!cfg.idle)
		for (i = 0; i < w->nconns; i++)
			conn_start(&w->conns[i]);
	while (worker_busy(w)) {
		/* idle mode: a bounded number of handshakes at a time */
		while (cfg.idle && w->next < w->nconns &&
		    w->inflight < w->maxflight) {
			w->inflight++;
			conn_start(&w->conns[w->next++]);
		}
		/* --rate: a millisecond is fine enough for the turns */
		n = epoll_wait(w->ep, evs, 256, cfg.rate > 0 ? 1 : TICK_MS);
		for (i = 0; i < n; i++)
			conn_step(evs[i].data.ptr);
		t = now();
		for (i = 0; cfg.rate > 0 && i < w->nconns; i++)
			if (w->conns[i].state == C_PACED &&
			    w->conns[i].turn <= t)
				conn_start(&w->conns[i]);
		if (t - last_check > TICK_MS / 1000.0) {
			worker_timeouts(w, t);
			last_check = t;
		}
	}
	return NULL;
}

/* Idle mode: which held connections did the server keep open? */
static void
worker_count_alive(struct worker *w)
{
	struct epoll_event	evs[256];
	int			i, n;

	/* anything the server sent or closed shows up as an event */
	while ((n = epoll_wait(w->ep, evs, 256, 0)) > 0)
		for (i = 0; i < n; i++)
			conn_step(evs[i].data.ptr);
	for (i = 0; i < w->nconns; i++)
		if (w->conns[i].state == C_HOLDING)
			w->alive++;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(const double *v, size_t n, double q)
{
	size_t i;

	if (n == 0)
		return 0;
	i = (size_t)ceil(q * n);
	return v[i == 0 ? 0 : i - 1];
}

static void
raise_nofile(size_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < want)
		fprintf(stderr, "loadgen: only %llu file descriptors "
		    "(want %zu): raise ulimit -n\n",
		    (unsigned long long)rl.rlim_cur, want);
}

static double
num(const char *s, double min, double max, const char *what)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno || v < min || v > max) {
		fprintf(stderr, "loadgen: %s: want a number from %g to %g\n",
		    what, min, max);
		exit(2);
	}
	return v;
}

enum {
	O_HOST = 256, O_PORT, O_PROTO, O_PATH, O_URL_HOST, O_SNI, O_REQUEST,
	O_EXPECT, O_CONC, O_THREADS, O_DURATION, O_REQUESTS, O_RATE, O_TIMEOUT,
	O_RESUME, O_TLS12, O_CERT, O_KEY, O_CERT_DIR, O_POST, O_TAG, O_IDLE, O_HOLD,
	O_SRC_SPREAD, O_QUIET, O_HELP,
};

static const struct option longopts[] = {
	{ "host",	 required_argument, NULL, O_HOST },
	{ "port",	 required_argument, NULL, O_PORT },
	{ "proto",	 required_argument, NULL, O_PROTO },
	{ "path",	 required_argument, NULL, O_PATH },
	{ "url-host",	 required_argument, NULL, O_URL_HOST },
	{ "sni",	 required_argument, NULL, O_SNI },
	{ "request",	 required_argument, NULL, O_REQUEST },
	{ "expect",	 required_argument, NULL, O_EXPECT },
	{ "concurrency", required_argument, NULL, O_CONC },
	{ "threads",	 required_argument, NULL, O_THREADS },
	{ "duration",	 required_argument, NULL, O_DURATION },
	{ "requests",	 required_argument, NULL, O_REQUESTS },
	{ "rate",	 required_argument, NULL, O_RATE },
	{ "timeout",	 required_argument, NULL, O_TIMEOUT },
	{ "resume",	 no_argument,	    NULL, O_RESUME },
	{ "tls12",	 no_argument,	    NULL, O_TLS12 },
	{ "cert",	 required_argument, NULL, O_CERT },
	{ "key",	 required_argument, NULL, O_KEY },
	{ "cert-dir",	 required_argument, NULL, O_CERT_DIR },
	{ "post",	 no_argument,	    NULL, O_POST },
	{ "tag",	 required_argument, NULL, O_TAG },
	{ "idle",	 required_argument, NULL, O_IDLE },
	{ "hold",	 required_argument, NULL, O_HOLD },
	{ "src-spread",	 required_argument, NULL, O_SRC_SPREAD },
	{ "quiet",	 no_argument,	    NULL, O_QUIET },
	{ "help",	 no_argument,	    NULL, O_HELP },
	{ NULL, 0, NULL, 0 }
};

static void
parse_args(int argc, char *argv[])
{
	static char	 tagbuf[32];
	const char	*cert = NULL, *key = NULL, *cert_dir = NULL;
	int		 ch;

	cfg.host = "127.0.0.1";
	cfg.port = 1965;
	cfg.path = "/";
	cfg.sni = "localhost";
	cfg.concurrency = 8;
	cfg.nthreads = 2;
	cfg.duration = 5;
	cfg.timeout = 10;
	cfg.hold = 5;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case O_HOST:
			cfg.host = optarg;
			break;
		case O_PORT:
			cfg.port = num(optarg, 1, 65535, "--port");
			break;
		case O_PROTO:
			if (strcmp(optarg, "gemini") == 0)
				cfg.proto = P_GEMINI;
			else if (strcmp(optarg, "gopher") == 0)
				cfg.proto = P_GOPHER;
			else
				usage();
			break;
		case O_PATH:
			cfg.path = optarg;
			break;
		case O_URL_HOST:
			cfg.url_host = optarg;
			break;
		case O_SNI:
			cfg.sni = optarg;
			break;
		case O_REQUEST:
			cfg.raw = unescape(optarg);
			break;
		case O_EXPECT:
			cfg.expect = optarg;
			break;
		case O_CONC:
			cfg.concurrency = num(optarg, 1, CONC_MAX,
			    "--concurrency");
			break;
		case O_THREADS:
			cfg.nthreads = num(optarg, 1, THREADS_MAX, "--threads");
			break;
		case O_DURATION:
			cfg.duration = num(optarg, 0.1, DURATION_MAX,
			    "--duration");
			break;
		case O_REQUESTS:
			cfg.max_requests = num(optarg, 1, 1e12, "--requests");
			break;
		case O_RATE:
			cfg.rate = num(optarg, 0.1, 1e6, "--rate");
			break;
		case O_TIMEOUT:
			cfg.timeout = num(optarg, 0.1, 120, "--timeout");
			break;
		case O_RESUME:
			cfg.resume = 1;
			break;
		case O_TLS12:
			cfg.tls12 = 1;
			break;
		case O_CERT:
			cert = optarg;
			break;
		case O_KEY:
			key = optarg;
			break;
		case O_CERT_DIR:
			cert_dir = optarg;
			break;
		case O_POST:
			cfg.post = 1;
			break;
		case O_TAG:
			cfg.tag = optarg;
			break;
		case O_IDLE:
			cfg.idle = num(optarg, 1, CONC_MAX, "--idle");
			break;
		case O_HOLD:
			cfg.hold = num(optarg, 0, HOLD_MAX, "--hold");
			break;
		case O_SRC_SPREAD:
			cfg.src_spread = num(optarg, 1, 250, "--src-spread");
			break;
		case O_QUIET:
			cfg.quiet = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (cfg.url_host == NULL)
		cfg.url_host = cfg.sni;
	if (cfg.tag == NULL) {
		snprintf(tagbuf, sizeof(tagbuf), "%ld", (long)getpid());
		cfg.tag = tagbuf;
	}
	if (cfg.expect == NULL && cfg.proto == P_GEMINI && cfg.raw == NULL)
		cfg.expect = cfg.post ? "30 " : "20 ";
	if (cfg.expect != NULL && cfg.expect[0] == '\0')
		cfg.expect = NULL;
	if ((cert == NULL) != (key == NULL))
		usage();
	if (cfg.proto == P_GOPHER && (cfg.resume || cert || cert_dir ||
	    cfg.idle))
		die("--resume, certificates and --idle are for gemini");
	tls_init();
	if (cert != NULL)
		load_cert(cert, key);
	if (cert_dir != NULL)
		load_cert_dir(cert_dir);
	if (cfg.nthreads > cfg.concurrency)
		cfg.nthreads = cfg.concurrency;
}

int
main(int argc, char *argv[])
{
	struct worker	*ws;
	double		*all, elapsed, t_ready = 0, rps;
	uint64_t	 errs[E__MAX] = { 0 }, errors = 0, resumed = 0;
	uint64_t	 unclean = 0, bytes = 0, established = 0, alive = 0;
	size_t		 n = 0, k;
	const char	*bad = NULL;
	int		 i, j, nslots;

	parse_args(argc, argv);
	resolve();
	if (cfg.post && cfg.ncerts > 0 && cfg.proto == P_GEMINI &&
	    cfg.raw == NULL)
		fetch_tokens();
	signal(SIGPIPE, SIG_IGN);
	nslots = cfg.idle ? cfg.idle : cfg.concurrency;
	raise_nofile((size_t)nslots + 64);
	/* the last line of defence against a loop that never ends */
	alarm((unsigned)(cfg.duration + cfg.hold + cfg.timeout + 60 +
	    (cfg.idle ? cfg.idle / 100 : 0)));

	if ((ws = calloc(cfg.nthreads, sizeof(*ws))) == NULL)
		die("out of memory");
	for (i = 0; i < cfg.nthreads; i++) {
		ws[i].id = i;
		ws[i].nconns = nslots / cfg.nthreads +
		    (i < nslots % cfg.nthreads);
		/* idle mode: --concurrency handshakes in flight, at most */
		ws[i].maxflight = cfg.concurrency / cfg.nthreads +
		    (i < cfg.concurrency % cfg.nthreads);
		if ((ws[i].conns = calloc(ws[i].nconns,
		    sizeof(*ws[i].conns))) == NULL)
			die("out of memory");
	}
	for (i = 0, k = 0; i < cfg.nthreads; i++)
		for (j = 0; j < ws[i].nconns; j++) {
			ws[i].conns[j].slot = k++;
			ws[i].conns[j].fd = -1;
			ws[i].conns[j].w = &ws[i];
		}

	t_start = now();
	t_end = t_start + cfg.duration;
	for (i = 0; i < cfg.nthreads; i++)
		if (pthread_create(&ws[i].thread, NULL, worker_main,
		    &ws[i]) != 0)
			die("pthread_create");
	for (i = 0; i < cfg.nthreads; i++)
		pthread_join(ws[i].thread, NULL);
	elapsed = now() - t_start;

	if (cfg.idle) {
		t_ready = elapsed;
		for (i = 0; i < cfg.nthreads; i++)
			established += ws[i].established;
		/* run.sh measures the server's memory while we hold */
		printf("READY established=%llu seconds=%.2f\n",
		    (unsigned long long)established, t_ready);
		fflush(stdout);
		{
			struct timespec ts = { (time_t)cfg.hold,
			    (long)((cfg.hold - (time_t)cfg.hold) * 1e9) };

			while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
				;
		}
		for (i = 0; i < cfg.nthreads; i++)
			worker_count_alive(&ws[i]);
	}

	for (i = 0; i < cfg.nthreads; i++) {
		n += ws[i].nlat;
		for (j = 0; j < E__MAX; j++)
			errs[j] += ws[i].errors[j];
		resumed += ws[i].resumed;
		unclean += ws[i].unclean;
		bytes += ws[i].bytes;
		alive += ws[i].alive;
		if (bad == NULL && ws[i].first_bad[0] != '\0')
			bad = ws[i].first_bad;
	}
	for (j = 0; j < E__MAX; j++)
		errors += errs[j];
	if ((all = malloc((n ? n : 1) * sizeof(*all))) == NULL)
		die("out of memory");
	for (i = 0, k = 0; i < cfg.nthreads; i++) {
		memcpy(all + k, ws[i].lat, ws[i].nlat * sizeof(*all));
		k += ws[i].nlat;
	}
	qsort(all, n, sizeof(*all), dbl_cmp);

	if (cfg.idle) {
		if (!cfg.quiet)
			printf("idle: %d asked, %llu established in %.2f s, "
			    "%llu still open after %.1f s; errors %llu "
			    "(connect %llu, tls %llu, timeout %llu)\n",
			    cfg.idle, (unsigned long long)established,
			    t_ready, (unsigned long long)alive, cfg.hold,
			    (unsigned long long)errors,
			    (unsigned long long)errs[E_CONNECT],
			    (unsigned long long)errs[E_TLS],
			    (unsigned long long)errs[E_TIMEOUT]);
		printf("RESULT idle=%d established=%llu alive=%llu "
		    "errors=%llu seconds=%.2f\n", cfg.idle,
		    (unsigned long long)established,
		    (unsigned long long)alive, (unsigned long long)errors,
		    t_ready);
		return 0;
	}
	rps = elapsed > 0 ? n / elapsed : 0;
	if (!cfg.quiet) {
		printf("%s %s:%d %s, concurrency %d, %.1f s%s%s\n",
		    cfg.proto == P_GOPHER ? "gopher" : "gemini", cfg.host,
		    cfg.port, cfg.raw ? "(raw request)" : cfg.path,
		    cfg.concurrency, elapsed, cfg.resume ? ", resumption" : "",
		    cfg.ncerts ? ", client certificates" : "");
		printf("requests %zu, errors %llu (", n,
		    (unsigned long long)errors);
		for (j = 0; j < E__MAX; j++)
			printf("%s%s %llu", j ? ", " : "", err_names[j],
			    (unsigned long long)errs[j]);
		printf("), resumed %llu, no close_notify %llu\n",
		    (unsigned long long)resumed, (unsigned long long)unclean);
		if (bad != NULL)
			printf("first unexpected reply: %.40s\n", bad);
		printf("requests/s %.1f, bytes/reply %.0f\n", rps,
		    n ? (double)bytes / n : 0.0);
		printf("latency ms: p50 %.3f, p90 %.3f, p99 %.3f, max %.3f\n",
		    pct(all, n, 0.5), pct(all, n, 0.9), pct(all, n, 0.99),
		    n ? all[n - 1] : 0.0);
	}
	printf("RESULT requests=%zu errors=%llu rps=%.1f p50=%.3f p90=%.3f "
	    "p99=%.3f max=%.3f resumed=%llu bytes=%.0f seconds=%.2f\n", n,
	    (unsigned long long)errors, rps, pct(all, n, 0.5),
	    pct(all, n, 0.9), pct(all, n, 0.99), n ? all[n - 1] : 0.0,
	    (unsigned long long)resumed, n ? (double)bytes / n : 0.0, elapsed);
	return 0;
}
