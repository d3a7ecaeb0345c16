/*
 * slowloris.c: many slow or broken clients at once, for the hardening
 * tests (tests/integration/slow_clients.sh, leaks.sh, hostile.sh).
 *
 *	slowloris [-T] [-c cert -k key] [-n conns] [-i ms] [-d seconds]
 *	    [-s bytes]
 *	    [-m drip|request|slowread|idle|abort-hello|abort-handshake]
 *	    host port
 *
 * Opens conns connections (with -T a TLS handshake each, SNI localhost,
 * no certificate checks, and the client certificate of -c and -k if
 * given), then, by mode:
 *	drip             every ms milliseconds, one more byte of the
 *	                 request (-s, C escapes \r \n \t \\ \xHH; default
 *	                 "gemini://localhost/\r\n") on every open connection
 *	request          the whole request at once on every connection, then
 *	                 read the replies (many ordinary requests from one
 *	                 process)
 *	slowread         the whole request at once, then read nothing until
 *	                 the end, with a receive buffer of SLOWREAD_RCVBUF
 *	                 bytes: the reply waits on the server's side
 *	idle             sends nothing
 *	abort-hello      (-T) sends the ClientHello and closes at once
 *	abort-handshake  (-T) completes the handshake and closes at once
 * and watches what the server does until every connection is closed or
 * -d seconds (default 8, at most 120) have passed.  It never waits
 * longer than that, whatever the server does.
 *
 * The last line of its output is a summary the tests parse:
 *	conns=N connected=N handshakes=N closed=N open=N reply44=N
 *	reply3=N reply20=N other=N silent=N first_close_ms=N
 *	last_close_ms=N
 * closed counts connections the server ended (EOF, reset, close_notify)
 * before the end; reply44/reply3/reply20/other classify the first bytes
 * each got (a Gemini 44, a Gopher type 3 error line, a 20, anything
 * else); silent counts the closed ones that got nothing.  Exit status 0,
 * or 1 for a usage or local error.
 */

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#define CONNS_MAX	2000
#define DURATION_MAX	120
#define REPLY_KEEP	64
#define SLOWREAD_RCVBUF	2048	/* bytes (the kernel doubles it) */

enum mode {
	MODE_DRIP,
	MODE_REQUEST,
	MODE_SLOWREAD,
	MODE_IDLE,
	MODE_ABORT_HELLO,
	MODE_ABORT_HANDSHAKE,
};

struct conn {
	int	 fd;
	SSL	*ssl;
	int	 open;		/* ours, not yet closed by either side */
	int	 closed;	/* the server closed it */
	size_t	 sent;
	char	 reply[REPLY_KEEP + 1];
	size_t	 rlen;
	long	 close_ms;
};

static struct conn	 conns[CONNS_MAX];
static double		 t0;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long
ms_since_start(void)
{
	return (long)((now() - t0) * 1000);
}

static void
usage(void)
{
	fprintf(stderr, "usage: slowloris [-T] [-c cert -k key] [-n conns] "
	    "[-i ms] [-d seconds] [-s bytes]\n\t[-m drip|request|slowread|idle|"
	    "abort-hello|abort-handshake] host port\n");
	exit(1);
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

/* C escapes \r \n \t \\ \xHH in place; returns the length. */
static size_t
unescape(char *s)
{
	char	*o = s, *p;

	for (p = s; *p; p++) {
		if (*p != '\\' || p[1] == '\0') {
			*o++ = *p;
			continue;
		}
		switch (*++p) {
		case 'r':
			*o++ = '\r';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'x':
			if (hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
				*o++ = hexval(p[1]) * 16 + hexval(p[2]);
				p += 2;
				break;
			}
			*o++ = *p;
			break;
		default:
			*o++ = *p;
		}
	}
	*o = '\0';
	return o - s;
}

static int
tcp_connect(const char *host, int port, int rcvbuf)
{
	struct sockaddr_in	sin;
	struct timeval		tv = { 2, 0 };
	int			fd, one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		return -1;
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	/* never block for long: not in connect, not in a handshake */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* before connect(): the window is offered in the handshake */
	if (rcvbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
conn_closed(struct conn *c)
{
	if (!c->open)
		return;
	c->open = 0;
	c->closed = 1;
	c->close_ms = ms_since_start();
}

static void
conn_drop(struct conn *c)
{
	if (c->ssl != NULL) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
}

/* Read what is there; mark the connection closed on EOF or error. */
static void
conn_read(struct conn *c)
{
	char	buf[4096];
	int	n;

	if (c->ssl != NULL) {
		n = SSL_read(c->ssl, buf, sizeof(buf));
		if (n <= 0) {
			int e = SSL_get_error(c->ssl, n);

			if (e == SSL_ERROR_WANT_READ ||
			    e == SSL_ERROR_WANT_WRITE)
				return;
			ERR_clear_error();
			conn_closed(c);
			return;
		}
	} else {
		n = read(c->fd, buf, sizeof(buf));
		if (n <= 0) {
			if (n == -1 && (errno == EAGAIN || errno == EINTR))
				return;
			conn_closed(c);
			return;
		}
	}
	if (c->rlen < REPLY_KEEP) {
		size_t k = (size_t)n < REPLY_KEEP - c->rlen ? (size_t)n :
		    REPLY_KEEP - c->rlen;

		memcpy(c->reply + c->rlen, buf, k);
		c->rlen += k;
	}
}

static void
conn_send(struct conn *c, const char *s, size_t len, size_t chunk)
{
	int n;

	if (c->sent >= len)
		return;
	if (chunk > len - c->sent)
		chunk = len - c->sent;
	if (c->ssl != NULL)
		n = SSL_write(c->ssl, s + c->sent, chunk);
	else
		n = write(c->fd, s + c->sent, chunk);
	if (n > 0)
		c->sent += n;
	else if (c->ssl != NULL && (SSL_get_error(c->ssl, n) ==
	    SSL_ERROR_WANT_WRITE || SSL_get_error(c->ssl, n) ==
	    SSL_ERROR_WANT_READ))
		return;		/* the same byte again next time */
	else if (c->ssl == NULL && n == -1 && errno == EAGAIN)
		return;
	else {
		ERR_clear_error();
		conn_closed(c);
	}
}

int
main(int argc, char *argv[])
{
	static struct pollfd	 pfd[CONNS_MAX];
	static int		 idx[CONNS_MAX];
	SSL_CTX			*ctx = NULL;
	struct rlimit		 rl;
	char			*req = NULL;
	const char		*cert = NULL, *key = NULL;
	enum mode		 mode = MODE_DRIP;
	int			 tls = 0, nconns = 1, interval = 1000;
	int			 duration = 8, port, ch, i, n, nopen;
	int			 connected = 0, handshakes = 0, nclosed = 0;
	int			 r44 = 0, r3 = 0, r20 = 0, other = 0, silent = 0;
	long			 first = -1, last = -1;
	size_t			 reqlen;
	double			 end, next;

	while ((ch = getopt(argc, argv, "Tc:d:i:k:m:n:s:")) != -1) {
		switch (ch) {
		case 'T':
			tls = 1;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'd':
			duration = atoi(optarg);
			break;
		case 'i':
			interval = atoi(optarg);
			break;
		case 'm':
			if (strcmp(optarg, "drip") == 0)
				mode = MODE_DRIP;
			else if (strcmp(optarg, "request") == 0)
				mode = MODE_REQUEST;
			else if (strcmp(optarg, "slowread") == 0)
				mode = MODE_SLOWREAD;
			else if (strcmp(optarg, "idle") == 0)
				mode = MODE_IDLE;
			else if (strcmp(optarg, "abort-hello") == 0)
				mode = MODE_ABORT_HELLO;
			else if (strcmp(optarg, "abort-handshake") == 0)
				mode = MODE_ABORT_HANDSHAKE;
			else
				usage();
			break;
		case 'n':
			nconns = atoi(optarg);
			break;
		case 's':
			req = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2 || nconns < 1 || nconns > CONNS_MAX || interval < 1 ||
	    duration < 1 || duration > DURATION_MAX)
		usage();
	if ((mode == MODE_ABORT_HELLO || mode == MODE_ABORT_HANDSHAKE) && !tls)
		usage();
	if ((cert == NULL) != (key == NULL) || (cert != NULL && !tls))
		usage();
	port = atoi(argv[1]);
	if (req == NULL)
		req = strdup("gemini://localhost/\\r\\n");
	reqlen = unescape(req);

	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (tls) {
		if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
			return 1;
		SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		if (cert != NULL && (SSL_CTX_use_certificate_file(ctx, cert,
		    SSL_FILETYPE_PEM) != 1 || SSL_CTX_use_PrivateKey_file(ctx,
		    key, SSL_FILETYPE_PEM) != 1)) {
			fprintf(stderr, "slowloris: cannot use %s and %s\n",
			    cert, key);
			return 1;
		}
	}

	t0 = now();
	end = t0 + duration;
	for (i = 0; i < nconns && now() < end; i++) {
		struct conn *c = &conns[i];

		c->fd = -1;
		if ((c->fd = tcp_connect(argv[0], port, mode == MODE_SLOWREAD ?
		    SLOWREAD_RCVBUF : 0)) == -1)
			continue;
		connected++;
		c->open = 1;
		if (!tls) {
			fcntl(c->fd, F_SETFL, O_NONBLOCK);
			continue;
		}
		if ((c->ssl = SSL_new(ctx)) == NULL)
			return 1;
		SSL_set_tlsext_host_name(c->ssl, "localhost");
		SSL_set_fd(c->ssl, c->fd);
		if (mode == MODE_ABORT_HELLO) {
			/* the ClientHello goes out; the answer is not read */
			fcntl(c->fd, F_SETFL, O_NONBLOCK);
			(void)SSL_connect(c->ssl);
			ERR_clear_error();
			conn_drop(c);
			c->open = 0;
			continue;
		}
		if (SSL_connect(c->ssl) != 1) {
			ERR_clear_error();
			conn_closed(c);
			conn_drop(c);
			continue;
		}
		handshakes++;
		if (mode == MODE_ABORT_HANDSHAKE) {
			conn_drop(c);
			c->open = 0;
			continue;
		}
		fcntl(c->fd, F_SETFL, O_NONBLOCK);
	}
	n = i;
	for (i = n; i < nconns; i++)
		conns[i].fd = -1;

	/* drip and watch, one tick every interval, until the end */
	next = now();
	for (;;) {
		if (mode == MODE_DRIP && now() >= next) {
			for (i = 0; i < n; i++)
				if (conns[i].open)
					conn_send(&conns[i], req, reqlen, 1);
			next += interval / 1000.0;
		}
		if (mode == MODE_REQUEST || mode == MODE_SLOWREAD)
			for (i = 0; i < n; i++)
				if (conns[i].open)
					conn_send(&conns[i], req, reqlen,
					    reqlen);
		if (mode == MODE_SLOWREAD) {
			/* the replies wait where they are, until the end */
			if (now() >= end)
				break;
			poll(NULL, 0, 100);
			continue;
		}
		for (i = 0, nopen = 0; i < n; i++) {
			if (!conns[i].open)
				continue;
			/* TLS may hold decrypted bytes poll cannot see */
			if (conns[i].ssl != NULL &&
			    SSL_pending(conns[i].ssl) > 0) {
				conn_read(&conns[i]);
				if (!conns[i].open)
					continue;
			}
			pfd[nopen].fd = conns[i].fd;
			pfd[nopen].events = POLLIN;
			idx[nopen++] = i;
		}
		if (nopen == 0 || now() >= end)
			break;
		{
			double	wait = (mode == MODE_DRIP ? next : end) - now();
			int	ms;

			if (wait > end - now())
				wait = end - now();
			ms = wait > 0 ? (int)(wait * 1000) + 1 : 0;
			if (ms > 200)
				ms = 200;
			if (poll(pfd, nopen, ms) == -1 && errno != EINTR)
				break;
		}
		for (i = 0; i < nopen; i++)
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				conn_read(&conns[idx[i]]);
	}

	for (i = 0, nopen = 0; i < n; i++) {
		struct conn *c = &conns[i];

		if (c->open)
			nopen++;
		if (c->closed) {
			nclosed++;
			if (first == -1 || c->close_ms < first)
				first = c->close_ms;
			if (c->close_ms > last)
				last = c->close_ms;
		}
		if (c->rlen == 0) {
			if (c->closed)
				silent++;
		} else if (c->rlen >= 3 && memcmp(c->reply, "44 ", 3) == 0)
			r44++;
		else if (c->reply[0] == '3')
			r3++;
		else if (c->rlen >= 3 && memcmp(c->reply, "20 ", 3) == 0)
			r20++;
		else
			other++;
		conn_drop(c);
	}
	printf("conns=%d connected=%d handshakes=%d closed=%d open=%d "
	    "reply44=%d reply3=%d reply20=%d other=%d silent=%d "
	    "first_close_ms=%ld last_close_ms=%ld\n", nconns, connected,
	    handshakes, nclosed, nopen, r44, r3, r20, other, silent, first,
	    last);
	if (ctx != NULL)
		SSL_CTX_free(ctx);
	return 0;
}
