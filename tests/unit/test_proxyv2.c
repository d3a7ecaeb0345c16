/*
 * test_proxyv2.c: the PROXY protocol v2 header (src/core/proxyv2.c), one
 * table of headers, good, short and bad, and every prefix of the good
 * ones (a header arrives in pieces: each prefix must ask for more).
 */

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "core/proxyv2.h"

#define SIG	"\r\n\r\n\0\r\nQUIT\n"
#define S(x)	(const unsigned char *)(x), sizeof(x) - 1
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

struct pcase {
	const char		*name;
	const unsigned char	*in;
	size_t			 len;
	int			 want;		/* length, MORE or BAD */
	const char		*addr;		/* the reader, or NULL */
	int			 port;
	int			 local;
};

static const struct pcase cases[] = {
	{ "PROXY TCP4 203.0.113.7:51000 -> 192.0.2.1:1965",
	    S(SIG "\x21\x11\x00\x0c" "\xcb\x00\x71\x07" "\xc0\x00\x02\x01"
	    "\xc7\x38" "\x07\xad"), 28, "203.0.113.7", 51000, 0 },
	{ "PROXY TCP6 2001:db8::7 port 443",
	    S(SIG "\x21\x21\x00\x24"
	    "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x07"
	    "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01"
	    "\x01\xbb" "\x07\xad"), 52, "2001:db8::7", 443, 0 },
	{ "TCP4 with a TLV after the addresses (SNI): skipped",
	    S(SIG "\x21\x11\x00\x14" "\x0a\x00\x00\x05" "\x0a\x00\x00\x01"
	    "\x30\x39" "\x07\xad" "\x02\x00\x05" "a.b.c"), 36, "10.0.0.5",
	    12345, 0 },
	{ "LOCAL (a health check): the peer's own address",
	    S(SIG "\x20\x00\x00\x00"), 16, NULL, 0, 1 },
	{ "PROXY UNSPEC: the peer's own address",
	    S(SIG "\x21\x00\x00\x00"), 16, NULL, 0, 0 },
	{ "a TLS ClientHello where the header should be",
	    S("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"), PROXY_V2_BAD,
	    NULL, 0, 0 },
	{ "PROXY v1 (text): refused",
	    S("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n"), PROXY_V2_BAD, NULL, 0, 0 },
	{ "a Gopher selector", S("/\r\n"), PROXY_V2_BAD, NULL, 0, 0 },
	{ "version 1 in the version nibble",
	    S(SIG "\x11\x11\x00\x0c" "\0\0\0\0\0\0\0\0\0\0\0\0"),
	    PROXY_V2_BAD, NULL, 0, 0 },
	{ "version 3, seen before the rest", S(SIG "\x31"), PROXY_V2_BAD,
	    NULL, 0, 0 },
	{ "command 2", S(SIG "\x22\x11\x00\x0c" "\0\0\0\0\0\0\0\0\0\0\0\0"),
	    PROXY_V2_BAD, NULL, 0, 0 },
	{ "UDP over IPv4",
	    S(SIG "\x21\x12\x00\x0c" "\0\0\0\0\0\0\0\0\0\0\0\0"),
	    PROXY_V2_BAD, NULL, 0, 0 },
	{ "a Unix socket",
	    S(SIG "\x21\x31\x00\x00"), PROXY_V2_BAD, NULL, 0, 0 },
	{ "TCP4 with a length too short for its addresses",
	    S(SIG "\x21\x11\x00\x08" "\0\0\0\0\0\0\0\0"), PROXY_V2_BAD,
	    NULL, 0, 0 },
	{ "TCP6 with a length too short for its addresses",
	    S(SIG "\x21\x21\x00\x0c" "\0\0\0\0\0\0\0\0\0\0\0\0"),
	    PROXY_V2_BAD, NULL, 0, 0 },
	{ "a length past PROXY_V2_MAX, refused before it comes",
	    S(SIG "\x21\x11\xff\xff"), PROXY_V2_BAD, NULL, 0, 0 },
	{ "a length of 520, exactly PROXY_V2_MAX in all, waits for it",
	    S(SIG "\x21\x11\x02\x08"), PROXY_V2_MORE, NULL, 0, 0 },
	{ "nothing yet", S(""), PROXY_V2_MORE, NULL, 0, 0 },
	{ "half a signature", S("\r\n\r\n\0\r"), PROXY_V2_MORE, NULL, 0, 0 },
	{ "a wrong byte in the signature", S("\r\n\r\n\0\r\nQUIX"),
	    PROXY_V2_BAD, NULL, 0, 0 },
};

static void
check_case(const struct pcase *c)
{
	struct proxy_v2	 pv;
	char		 addr[INET6_ADDRSTRLEN] = "";
	int		 rc, port = 0;
	size_t		 k;

	rc = proxy_v2_parse(c->in, c->len, &pv);
	TAP_INT(rc, c->want, "%s", c->name);
	if (rc > 0 && c->addr != NULL) {
		if (pv.src.ss_family == AF_INET) {
			inet_ntop(AF_INET, &((struct sockaddr_in *)&pv.src)->
			    sin_addr, addr, sizeof(addr));
			port = ntohs(((struct sockaddr_in *)&pv.src)->sin_port);
		} else if (pv.src.ss_family == AF_INET6) {
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&pv.src)->
			    sin6_addr, addr, sizeof(addr));
			port = ntohs(((struct sockaddr_in6 *)&pv.src)->
			    sin6_port);
		}
		TAP_STR(addr, c->addr, "... the reader's address");
		TAP_INT(port, c->port, "... and port");
	}
	if (rc > 0 && c->addr == NULL)
		TAP_INT(pv.srclen, 0, "... no address of its own");
	if (rc > 0)
		TAP_INT(pv.local, c->local, "... LOCAL or not");
	/* every proper prefix of a good header asks for more */
	if (rc > 0) {
		for (k = 0; k < c->len; k++)
			if (proxy_v2_parse(c->in, k, &pv) != PROXY_V2_MORE)
				break;
		TAP_INT(k, c->len, "... each shorter prefix asks for more");
		/* and what follows the header is not part of it */
	}
}

int
main(void)
{
	unsigned char	buf[PROXY_V2_MAX + 64];
	struct proxy_v2	pv;
	size_t		i;

	for (i = 0; i < nitems(cases); i++)
		check_case(&cases[i]);

	/* bytes after the header (a ClientHello) are not counted in */
	memcpy(buf, cases[0].in, cases[0].len);
	memcpy(buf + cases[0].len, "\x16\x03\x01", 3);
	TAP_INT(proxy_v2_parse(buf, cases[0].len + 3, &pv), 28,
	    "a header followed by a ClientHello: the header's length");

	/* the largest header taken, TLVs and all */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, SIG "\x21\x11\x02\x08", 16);
	TAP_INT(proxy_v2_parse(buf, PROXY_V2_MAX, &pv), PROXY_V2_MAX,
	    "a header of PROXY_V2_MAX bytes is taken");
	memcpy(buf, SIG "\x21\x11\x02\x09", 16);
	TAP_INT(proxy_v2_parse(buf, PROXY_V2_MAX + 1, &pv), PROXY_V2_BAD,
	    "one byte more is refused");
	return TAP_DONE();
}
