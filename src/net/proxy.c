/*
 * proxy.c: see proxy.h.
 *
 * The header is read in two steps, its 16 fixed bytes and then exactly
 * the length they give, so that not a byte past it is taken: what
 * follows (a TLS ClientHello, a Gopher selector) stays in the socket for
 * the connection's own reading.  A trusted
 * proxy that sends no header, a bad one or a partial one is closed: a
 * connection whose reader is unknown would be counted as the proxy.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/cidr.h"
#include "core/log.h"
#include "core/proxyv2.h"
#include "net/proxy.h"

/* Each a whole address (cidr.c's ranges, at their full length). */
static struct cidr	from[PROXY_FROM_MAX];
static int		nfrom;

int
proxy_from_add(const char *addr)
{
	/* an address, not a range: a proxy is one machine */
	if (nfrom == PROXY_FROM_MAX || strchr(addr, '/') != NULL ||
	    cidr_parse(addr, &from[nfrom]) == -1)
		return -1;
	nfrom++;
	return 0;
}

int
proxy_from_match(const struct sockaddr *sa)
{
	return cidr_match(from, nfrom, sa);
}

struct proxy_wait {
	struct event		*ev;
	int			 fd;
	struct sockaddr_storage	 peer;
	proxy_done_fn		 done;
	void			*arg;
	unsigned char		 buf[PROXY_V2_MAX];
	size_t			 have;
};

static void
proxy_wait_free(struct proxy_wait *pw, int close_fd)
{
	if (close_fd)
		close(pw->fd);
	event_free(pw->ev);
	free(pw);
}

static void
proxy_read(evutil_socket_t fd, short what, void *arg)
{
	struct proxy_wait	*pw = arg;
	struct proxy_v2		 pv;
	struct sockaddr		*sa;
	size_t			 want;
	ssize_t			 n;
	int			 rc;

	if (!(what & EV_READ)) {
		log_debug("PROXY header: timeout");
		proxy_wait_free(pw, 1);
		return;
	}
	/* the fixed part first; then what its length says, no more */
	want = PROXY_V2_HDR_LEN;
	if (pw->have >= PROXY_V2_HDR_LEN)
		want += (size_t)pw->buf[14] << 8 | pw->buf[15];
	if (want > sizeof(pw->buf))
		want = sizeof(pw->buf);	/* proxy_v2_parse() refuses it */
	n = recv(fd, pw->buf + pw->have, want - pw->have, 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		proxy_wait_free(pw, 1);
		return;
	}
	pw->have += (size_t)n;
	if ((rc = proxy_v2_parse(pw->buf, pw->have, &pv)) == PROXY_V2_MORE)
		return;		/* EV_PERSIST: the rest is on its way */
	if (rc == PROXY_V2_BAD) {
		log_warnx("a connection from a --proxy-from address without "
		    "a good PROXY v2 header: closed");
		proxy_wait_free(pw, 1);
		return;
	}
	sa = pv.srclen != 0 ? (struct sockaddr *)&pv.src :
	    (struct sockaddr *)&pw->peer;
	pw->done(pw->arg, pw->fd, sa);
	proxy_wait_free(pw, 0);
}

int
proxy_accept(struct event_base *base, int fd, const struct sockaddr *peer,
    int timeout, proxy_done_fn done, void *arg)
{
	struct proxy_wait	*pw;
	struct timeval		 tv = { timeout, 0 };

	if ((pw = calloc(1, sizeof(*pw))) == NULL)
		goto fail;
	pw->fd = fd;
	pw->done = done;
	pw->arg = arg;
	memcpy(&pw->peer, peer, peer->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
	if ((pw->ev = event_new(base, fd, EV_READ | EV_PERSIST, proxy_read,
	    pw)) == NULL || event_add(pw->ev, &tv) == -1) {
		if (pw->ev != NULL)
			event_free(pw->ev);
		free(pw);
		goto fail;
	}
	return 0;
fail:
	close(fd);
	return -1;
}
