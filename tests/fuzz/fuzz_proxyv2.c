/*
 * fuzz_proxyv2.c: libFuzzer harness for src/core/proxyv2.c, the PROXY v2
 * header that a --proxy-from peer sends before anything else.
 *
 *   make fuzz-run-proxyv2
 *
 * Besides memory errors it checks what server.c relies on: a header's
 * length is never more than the bytes given nor PROXY_V2_MAX, a prefix
 * of a good header asks for more, and an address is IPv4 or IPv6.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/proxyv2.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_v2	pv;
	int		rc;

	rc = proxy_v2_parse(data, size, &pv);
	if (rc != PROXY_V2_MORE && rc != PROXY_V2_BAD &&
	    (rc < 16 || (size_t)rc > size || rc > PROXY_V2_MAX))
		abort();
	if (rc > 0) {
		if (pv.srclen != 0 && pv.src.ss_family != AF_INET &&
		    pv.src.ss_family != AF_INET6)
			abort();
		if (rc > 1 && proxy_v2_parse(data, (size_t)rc - 1, &pv) !=
		    PROXY_V2_MORE)
			abort();
	}
	return 0;
}
