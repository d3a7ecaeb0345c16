/*
 * tlsfloor.c: the least a Gemini server on OpenSSL, with moot's own TLS
 * settings, can do per request, so that make bench can show where the
 * floor of each Gemini row is.
 *
 *   tlsfloor --listen ADDR:PORT --cert F --key F --file F [--threads N]
 *
 * The context is mootd's (tls_ctx_new(): the same suites, tickets and
 * members' sessions, the same callbacks); each of N threads (default 2,
 * as mootd's workers) accepts a connection, handshakes, learns the
 * client's identity as mootd does, reads the request line, writes the
 * file as one "20 text/gemini" reply, shuts down and closes: blocking
 * calls, no event loop, no parsing, no page, no log.  It is not a
 * server (nothing is checked); it stops at SIGTERM.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "net/server.h"

#define FLOOR_THREADS_MAX	64
#define FLOOR_FILE_MAX		(1024 * 1024)
#define FLOOR_IO_TIMEOUT	10	/* s: a stuck client frees its thread */
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

static void
floor_listen(const char *spec)
{
	struct sockaddr_in	 sin;
	char			 host[64];
	const char		*colon = strrchr(spec, ':');
	int			 one = 1;

	if (colon == NULL || (size_t)(colon - spec) >= sizeof(host))
		floor_usage();
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(colon + 1));
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		errx(1, "%s: not an IPv4 address", host);
	if ((floor_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	setsockopt(floor_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(floor_fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(floor_fd, 128) == -1)
		err(1, "%s", spec);
}

/* One exchange: what any Gemini server on OpenSSL has to do. */
static void
floor_serve(int fd)
{
	struct timeval	 tv = { FLOOR_IO_TIMEOUT, 0 };
	struct identity	 id;
	char		 req[GEMINI_REQUEST_MAX + 1];
	SSL		*ssl;
	int		 n, got = 0;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if ((ssl = SSL_new(floor_ctx)) == NULL || !SSL_set_fd(ssl, fd) ||
	    SSL_accept(ssl) != 1)
		goto done;
	(void)tls_identity(ssl, &id);
	while (got < GEMINI_REQUEST_MAX) {
		n = SSL_read(ssl, req + got, GEMINI_REQUEST_MAX - got);
		if (n <= 0)
			goto done;
		got += n;
		if (got >= 2 && req[got - 2] == '\r' && req[got - 1] == '\n')
			break;
	}
	if (SSL_write(ssl, floor_reply, floor_reply_len) == floor_reply_len)
		(void)SSL_shutdown(ssl);
done:
	ERR_clear_error();
	SSL_free(ssl);
	close(fd);
}

static void *
floor_thread(void *arg)
{
	int fd;

	(void)arg;
	for (;;) {
		if ((fd = accept4(floor_fd, NULL, NULL, SOCK_CLOEXEC)) == -1)
			continue;
		floor_serve(fd);
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
