/*
 * tlsfloor.c: the least a Gemini server on OpenSSL, with moot's own TLS
 * settings, can do per request, so that make bench can show where the
 * floor of each Gemini row is.
 *
 *   tlsfloor --listen ADDR:PORT --cert F --key F --file F [--threads N]
 *
 * The context is mootd's (tls_ctx_new(): the same suites, tickets and
 * members' sessions, the same callbacks); each of N threads (default 2,
 * as mootd's workers) runs an epoll loop of its own: a connection
 * handshakes, its client's identity is learnt as mootd does, the request
 * line is read, the file written as one "20 text/gemini" reply, and the
 * connection shut down and closed.  No libevent, no timers, no parsing,
 * no page, no log.  It is not a server (nothing is checked, a client
 * that stops half-way keeps its connection); it stops at SIGTERM.
 */
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/util.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "net/server.h"

#define FLOOR_THREADS_MAX	64
#define FLOOR_FILE_MAX		(1024 * 1024)
#define FLOOR_EVENTS		64	/* per epoll_wait() */
#define GEMINI_REQUEST_MAX	1026	/* a URL of 1024 bytes and CRLF */
#define FLOOR_HEADER		"20 text/gemini\r\n"

static SSL_CTX	*floor_ctx;
static char	*floor_reply;
static int	 floor_reply_len;
static int	 floor_fd = -1;

static void
floor_usage(void)
{
	fprintf(stderr, "usage: tlsfloor --listen ADDR:PORT --cert F "
	    "--key F --file F [--threads N]\n");
	exit(2);
}

static void
floor_load(const char *path)
{
	struct stat	 sb;
	size_t		 hl = sizeof(FLOOR_HEADER) - 1;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &sb) == -1)
		err(1, "%s", path);
	if (sb.st_size > FLOOR_FILE_MAX)
		errx(1, "%s: larger than %d bytes", path, FLOOR_FILE_MAX);
	if ((floor_reply = malloc(hl + (size_t)sb.st_size)) == NULL)
		err(1, "malloc");
	memcpy(floor_reply, FLOOR_HEADER, hl);
	if (read(fd, floor_reply + hl, (size_t)sb.st_size) != sb.st_size)
		err(1, "%s", path);
	floor_reply_len = (int)(hl + (size_t)sb.st_size);
	close(fd);
}

/* ADDR:PORT, as libevent reads it ("127.0.0.1:1965", "[::1]:1965"). */
static void
floor_listen(const char *spec)
{
	struct sockaddr_storage	 ss;
	int			 sslen = sizeof(ss), one = 1;

	if (evutil_parse_sockaddr_port(spec, (struct sockaddr *)&ss,
	    &sslen) == -1)
		errx(1, "%s: not ADDR:PORT", spec);
	if ((floor_fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	setsockopt(floor_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(floor_fd, (struct sockaddr *)&ss, (socklen_t)sslen) == -1 ||
	    listen(floor_fd, 128) == -1)
		err(1, "%s", spec);
}

/* A connection, and how far its one exchange has come. */
enum floor_state { FLOOR_HANDSHAKE, FLOOR_READ, FLOOR_WRITE };
struct floor_conn {
	int		 fd;
	uint32_t	 events;	/* what epoll waits for */
	SSL		*ssl;
	enum floor_state state;
	int		 got;
	char		 req[GEMINI_REQUEST_MAX];
};

static void
floor_close(struct floor_conn *c)
{
	ERR_clear_error();
	SSL_free(c->ssl);
	close(c->fd);		/* and out of the epoll set */
	free(c);
}

/* OpenSSL wants the socket readable or writable: wait for that. */
static void
floor_wait(int ep, struct floor_conn *c, int rc)
{
	struct epoll_event	ev;
	uint32_t		want;

	switch (SSL_get_error(c->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
		want = EPOLLIN;
		break;
	case SSL_ERROR_WANT_WRITE:
		want = EPOLLOUT;
		break;
	default:
		floor_close(c);
		return;
	}
	if (want == c->events)
		return;
	ev.events = want;
	ev.data.ptr = c;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) == -1) {
		floor_close(c);
		return;
	}
	c->events = want;
}

/*
 * The exchange, as far as the socket lets it go: what any Gemini server
 * on OpenSSL has to do (mootd learns the identity on every request).
 */
static void
floor_step(int ep, struct floor_conn *c)
{
	struct identity	id;
	int		rc;

	for (;;) {
		switch (c->state) {
		case FLOOR_HANDSHAKE:
			if ((rc = SSL_do_handshake(c->ssl)) != 1) {
				floor_wait(ep, c, rc);
				return;
			}
			(void)tls_identity(c->ssl, &id);
			c->state = FLOOR_READ;
			break;
		case FLOOR_READ:
			if (c->got == GEMINI_REQUEST_MAX) {
				floor_close(c);
				return;
			}
			rc = SSL_read(c->ssl, c->req + c->got,
			    GEMINI_REQUEST_MAX - c->got);
			if (rc <= 0) {
				floor_wait(ep, c, rc);
				return;
			}
			c->got += rc;
			if (c->got >= 2 && c->req[c->got - 2] == '\r' &&
			    c->req[c->got - 1] == '\n')
				c->state = FLOOR_WRITE;
			break;
		case FLOOR_WRITE:
			rc = SSL_write(c->ssl, floor_reply, floor_reply_len);
			if (rc <= 0) {
				floor_wait(ep, c, rc);
				return;
			}
			(void)SSL_shutdown(c->ssl);
			floor_close(c);
			return;
		}
	}
}

static void
floor_accept(int ep)
{
	struct epoll_event	 ev;
	struct floor_conn	*c;
	int			 fd;

	while ((fd = accept4(floor_fd, NULL, NULL,
	    SOCK_NONBLOCK | SOCK_CLOEXEC)) != -1) {
		if ((c = calloc(1, sizeof(*c))) == NULL ||
		    (c->ssl = SSL_new(floor_ctx)) == NULL ||
		    !SSL_set_fd(c->ssl, fd)) {
			if (c != NULL)
				SSL_free(c->ssl);
			free(c);
			close(fd);
			continue;
		}
		SSL_set_accept_state(c->ssl);
		c->fd = fd;
		c->events = EPOLLIN;
		ev.events = EPOLLIN;
		ev.data.ptr = c;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == -1) {
			floor_close(c);
			continue;
		}
		floor_step(ep, c);
	}
}

/* One event loop a thread, as mootd's workers: no libevent, no timers. */
static void *
floor_thread(void *arg)
{
	struct epoll_event	ev, evs[FLOOR_EVENTS];
	int			ep, i, n;

	(void)arg;
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		err(1, "epoll_create1");
	/* each connection wakes one thread */
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	ev.data.ptr = NULL;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, floor_fd, &ev) == -1)
		err(1, "epoll_ctl");
	for (;;) {
		if ((n = epoll_wait(ep, evs, FLOOR_EVENTS, -1)) == -1)
			continue;
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == NULL)
				floor_accept(ep);
			else
				floor_step(ep, evs[i].data.ptr);
		}
	}
	return NULL;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "listen",	required_argument, NULL, 'l' },
		{ "cert",	required_argument, NULL, 'c' },
		{ "key",	required_argument, NULL, 'k' },
		{ "file",	required_argument, NULL, 'f' },
		{ "threads",	required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	pthread_t	 th[FLOOR_THREADS_MAX];
	const char	*listen_at = NULL, *cert = NULL, *key = NULL;
	const char	*file = NULL;
	int		 ch, i, nthreads = 2;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': listen_at = optarg; break;
		case 'c': cert = optarg; break;
		case 'k': key = optarg; break;
		case 'f': file = optarg; break;
		case 't': nthreads = atoi(optarg); break;
		default: floor_usage();
		}
	}
	if (listen_at == NULL || cert == NULL || key == NULL || file == NULL ||
	    nthreads < 1 || nthreads > FLOOR_THREADS_MAX)
		floor_usage();
	floor_load(file);
	if ((floor_ctx = tls_ctx_new(cert, key, "localhost")) == NULL)
		errx(1, "%s: no TLS context", cert);
	floor_listen(listen_at);
	for (i = 0; i < nthreads; i++)
		if ((errno = pthread_create(&th[i], NULL, floor_thread,
		    NULL)) != 0)
			err(1, "pthread_create");
	/* the threads never return: SIGTERM ends the process */
	pthread_join(th[0], NULL);
	return 0;
}
