/*
 * hash.h: FNV-1a, 64 bits, in steps (a buffer in pieces hashes as the
 * whole would): cheap, and any change to the bytes shows.  For the
 * page cache's validator (HTTP's ETag), not against an adversary.
 */
#ifndef MOOT_HASH_H
#define MOOT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A_INIT	0xcbf29ce484222325ULL
#define FNV1A_PRIME	0x100000001b3ULL

/* h (FNV1A_INIT at first) carried over len more bytes at p. */
static inline uint64_t
fnv1a(uint64_t h, const void *p, size_t len)
{
	const unsigned char	*b = p;
	size_t			 i;

	for (i = 0; i < len; i++)
		h = (h ^ b[i]) * FNV1A_PRIME;
	return h;
}

#endif
