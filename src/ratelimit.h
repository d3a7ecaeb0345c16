/*
 * ratelimit.h: token buckets for posting, per member and per address,
 * shared by all workers.
 */
#ifndef MOOT_RATELIMIT_H
#define MOOT_RATELIMIT_H

#include <time.h>

/*
 * Take one token from the bucket named key (burst tokens at most, one
 * more every refill seconds).  Returns 0 when allowed, else the seconds
 * to wait.  refill <= 0 means no limit.
 */
int	ratelimit_take(const char *key, int burst, int refill, time_t now);

#endif
