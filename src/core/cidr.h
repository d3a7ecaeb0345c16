/*
 * cidr.h: address ranges ("192.0.2.1", "10.0.0.0/8", "2001:db8::/32"),
 * for --trust-proxy: which peers may say who the client is.
 * Pure: no I/O, no allocation.
 */
#ifndef MOOT_CIDR_H
#define MOOT_CIDR_H

#include <sys/socket.h>

#define CIDR_MAX	16	/* ranges one flag list may hold */

struct cidr {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	addr[16];	/* network order, 4 or 16 bytes */
	int		bits;		/* prefix length */
};

/* "ADDR" or "ADDR/BITS" into c: 0, or -1 when it is neither. */
int	cidr_parse(const char *, struct cidr *);
/* An address as text (IPv4 or IPv6) into sa: 0, or -1. */
int	cidr_addr(const char *, struct sockaddr_storage *);
/* 1 when sa is in one of the n ranges (an IPv4-mapped IPv6 as IPv4). */
int	cidr_match(const struct cidr *, int n, const struct sockaddr *);

#endif
