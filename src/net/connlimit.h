/*
 * connlimit.h: open connections per client address, across all workers,
 * and the "limit reached" log line that is written once a minute at
 * most, not once per refused connection.
 */
#ifndef MOOT_CONNLIMIT_H
#define MOOT_CONNLIMIT_H

#include <stddef.h>

struct sockaddr;

/*
 * The "address" every per-address limit counts (connections here, the
 * rate limits of ratelimit.c): an IPv4 address whole, an IPv6 address
 * as its /64 network ("2001:db8:1:2::/64"), since whoever has one IPv6
 * address routinely has the 2^64 of its network; an IPv4-mapped IPv6
 * address (a dual-stack listener's IPv4 client) as the IPv4 address.
 * Into buf[len]; "?" for another family.
 */
void	connlimit_key(const struct sockaddr *sa, char *buf, size_t len);

/* 0 and counted, or -1 when addr already holds max (max 0: no limit). */
int	connlimit_enter(const char *addr, int max);
void	connlimit_leave(const char *addr);

/* Note a refused connection; logs at most once a minute. */
void	connlimit_refused(const char *why);
/* Log what was refused since the last line (at exit). */
void	connlimit_report(void);

#endif
