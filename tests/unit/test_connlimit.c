/*
 * test_connlimit.c: the address every per-address limit counts
 * (connlimit_key): IPv4 whole; IPv6 as its /64, so that the 2^64
 * addresses one subscriber holds are one address to the connection cap,
 * the posting rate and the search rate; a dual-stack listener's IPv4
 * client as its IPv4 address, not as the /64 every IPv4 client shares.
 */

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "net/connlimit.h"

static const char *
key4(const char *a)
{
	static char		buf[64];
	struct sockaddr_in	sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, a, &sin.sin_addr);
	connlimit_key((struct sockaddr *)&sin, buf, sizeof(buf));
	return buf;
}

static const char *
key6(const char *a, char *buf, size_t len)
{
	struct sockaddr_in6	sin6;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, a, &sin6.sin6_addr);
	connlimit_key((struct sockaddr *)&sin6, buf, len);
	return buf;
}

int
main(void)
{
	char	a[64], b[64], small[8];

	TAP_STR(key4("192.0.2.7"), "192.0.2.7", "IPv4: the address whole");
	key6("2001:db8:1:2::1", a, sizeof(a));
	key6("2001:db8:1:2:dead:beef:0:42", b, sizeof(b));
	TAP_STR(a, b, "two addresses of one IPv6 /64 are one to the limits");
	TAP_STR(a, "2001:db8:1:2::/64", "an IPv6 key names its /64");
	key6("2001:db8:1:3::1", b, sizeof(b));
	TAP_INT(strcmp(a, b) != 0, 1, "another /64 is another address");
	key6("::ffff:192.0.2.7", a, sizeof(a));
	TAP_STR(a, "192.0.2.7", "IPv4-mapped: the IPv4 address");
	key6("::ffff:192.0.2.8", b, sizeof(b));
	TAP_INT(strcmp(a, b) != 0, 1, "two IPv4 clients of a dual-stack "
	    "listener stay two");
	key6("::1", a, sizeof(a));
	TAP_STR(a, "::/64", "loopback ::1: its /64");
	key6("2001:db8:1:2::1", small, sizeof(small));
	TAP_INT((int)strlen(small), (int)sizeof(small) - 1,
	    "a short buffer is cut, never overrun");
	return TAP_DONE();
}
