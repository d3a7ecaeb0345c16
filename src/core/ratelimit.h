/*
 * ratelimit.h: token buckets shared by all workers: writes per member
 * (or certificate) and per address, searches per address.
 */
#ifndef MOOT_RATELIMIT_H
#define MOOT_RATELIMIT_H

#include <time.h>

#define RATELIMIT_SLOTS		4096	/* buckets in the table */
#define RATELIMIT_PROBES	32	/* the slots one key may live in */
/*
 * Buckets in debt that one address may hold: far more than the members
 * behind one NAT post within a refill, far fewer than the table, so
 * certificates that cost nothing to make cannot fill it.
 */
#define RATELIMIT_PER_ADDRESS	64

/*
 * Take one token from the bucket named key, made for a client at addr
 * (burst tokens at most, one more every refill seconds).  Returns 0 when
 * allowed, else the seconds to wait.  A bucket in debt (below its burst)
 * is never forgotten: a new bucket is refused, with a wait, when addr
 * already holds RATELIMIT_PER_ADDRESS of them or when every slot the key
 * may use holds one.  refill <= 0 or burst <= 0 means no limit.
 */
int	ratelimit_take(const char *key, const char *addr, int burst,
	    int refill, time_t now);

/*
 * The seconds until key's bucket has a token again, 0 when it has one
 * or there is no such bucket.  Takes nothing and makes nothing.
 */
int	ratelimit_peek(const char *key, int refill, time_t now);

#endif
