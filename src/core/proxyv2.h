/*
 * proxyv2.h: the PROXY protocol's version 2 header, as HAProxy sends it
 * before a connection's first byte (docs/scaling.md).
 *
 * A pure function of bytes, so that it can be tested with a table and
 * fuzzed (tests/unit/test_proxyv2.c, tests/fuzz/fuzz_proxyv2.c).
 */
#ifndef MOOT_PROXYV2_H
#define MOOT_PROXYV2_H

#include <sys/socket.h>

#include <stddef.h>

#define PROXY_V2_SIG_LEN	12
#define PROXY_V2_HDR_LEN	16	/* signature, command, family, length */
/*
 * The most we take: the addresses of IPv6 (36 bytes) and TLVs up to
 * HAProxy's own recommended 536 bytes for the whole header.  A longer
 * header is refused, so a peer cannot make us buffer 64 KB of it.
 */
#define PROXY_V2_MAX		536

enum proxy_v2_result {
	PROXY_V2_MORE = 0,	/* not all of it yet */
	PROXY_V2_BAD = -1,	/* not a header we take: close */
};

struct proxy_v2 {
	int			 local;	/* LOCAL: the proxy's own (health) */
	struct sockaddr_storage	 src;	/* PROXY over TCP: the reader */
	socklen_t		 srclen;	/* 0: no address (LOCAL, UNSPEC) */
};

/*
 * Parse the header at the start of buf (len bytes so far).  Returns its
 * length (> 0) with *out filled in, PROXY_V2_MORE when more bytes are
 * needed, or PROXY_V2_BAD.
 */
int	proxy_v2_parse(const unsigned char *buf, size_t len,
	    struct proxy_v2 *out);

#endif
