/*
 * proxy.h: connections that come through HAProxy (mootd --proxy-from).
 *
 * A connection from a --proxy-from address must begin with a PROXY v2
 * header (core/proxyv2.h), which names the reader: mootd then counts,
 * limits and logs the reader's address, never the proxy's.  Any other
 * peer never has its first bytes taken for such a header.
 */
#ifndef MOOT_PROXY_H
#define MOOT_PROXY_H

#include <sys/socket.h>

struct event_base;

#define PROXY_FROM_MAX	16

/* --proxy-from ADDR (an IPv4 or IPv6 address); -1: not one, or too many. */
int	proxy_from_add(const char *addr);
/* 1 when sa is one of them. */
int	proxy_from_match(const struct sockaddr *sa);

/*
 * Read fd's PROXY v2 header (without reading a byte past it), then call
 * done(arg, fd, reader's address); on a bad or missing header, or no
 * header within timeout seconds, fd is closed and done not called.
 */
typedef void	(*proxy_done_fn)(void *arg, int fd, struct sockaddr *sa);
int	proxy_accept(struct event_base *, int fd, const struct sockaddr *peer,
	    int timeout, proxy_done_fn done, void *arg);

#endif
