/*
 * proxyv2.c: see proxyv2.h.
 *
 * Parsed by hand: neither OpenSSL nor libevent knows the PROXY protocol,
 * and the header is 16 fixed bytes and a length.  Every read below is
 * checked against len first; nothing is copied that the header's own
 * length does not cover.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <string.h>

#include "core/proxyv2.h"

static const unsigned char proxy_v2_sig[PROXY_V2_SIG_LEN] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

#define VERSION_2	0x20
#define CMD_LOCAL	0x00
#define CMD_PROXY	0x01
#define FAM_UNSPEC	0x00
#define FAM_INET	0x10
#define FAM_INET6	0x20
#define FAM_UNIX	0x30
#define PROTO_UNSPEC	0x00
#define PROTO_STREAM	0x01
#define INET_ADDRS_LEN	12	/* two IPv4 addresses, two ports */
#define INET6_ADDRS_LEN	36	/* two IPv6 addresses, two ports */

int
proxy_v2_parse(const unsigned char *buf, size_t len, struct proxy_v2 *out)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)&out->src;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&out->src;
	size_t			 n, body, total;
	unsigned		 cmd, fam;

	memset(out, 0, sizeof(*out));
	/* the signature as far as it came: a wrong byte is wrong at once */
	n = len < PROXY_V2_SIG_LEN ? len : PROXY_V2_SIG_LEN;
	if (memcmp(buf, proxy_v2_sig, n) != 0)
		return PROXY_V2_BAD;
	if (len < PROXY_V2_HDR_LEN) {
		/* the version too, once it is there */
		if (len > PROXY_V2_SIG_LEN &&
		    (buf[PROXY_V2_SIG_LEN] & 0xf0) != VERSION_2)
			return PROXY_V2_BAD;
		return PROXY_V2_MORE;
	}
	if ((buf[12] & 0xf0) != VERSION_2)
		return PROXY_V2_BAD;
	cmd = buf[12] & 0x0f;
	fam = buf[13];
	body = (size_t)buf[14] << 8 | buf[15];
	total = PROXY_V2_HDR_LEN + body;
	if (total > PROXY_V2_MAX)
		return PROXY_V2_BAD;
	if (cmd != CMD_LOCAL && cmd != CMD_PROXY)
		return PROXY_V2_BAD;
	if (len < total)
		return PROXY_V2_MORE;
	if (cmd == CMD_LOCAL) {
		/* the proxy's own connection (a health check): its address */
		out->local = 1;
		return (int)total;
	}
	switch (fam) {
	case FAM_INET | PROTO_STREAM:
		if (body < INET_ADDRS_LEN)
			return PROXY_V2_BAD;
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, buf + 16, 4);
		memcpy(&sin->sin_port, buf + 24, 2);
		out->srclen = sizeof(*sin);
		break;
	case FAM_INET6 | PROTO_STREAM:
		if (body < INET6_ADDRS_LEN)
			return PROXY_V2_BAD;
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, buf + 16, 16);
		memcpy(&sin6->sin6_port, buf + 48, 2);
		out->srclen = sizeof(*sin6);
		break;
	case FAM_UNSPEC | PROTO_UNSPEC:
		/* "unknown": the spec says to use the real connection's */
		break;
	default:
		/* UDP or a Unix socket cannot be a reader of ours */
		return PROXY_V2_BAD;
	}
	/* TLVs (ALPN, SNI, ...) follow: skipped, total covers them */
	return (int)total;
}
