/*
 * test_ratelimit.c: the token buckets of src/core/ratelimit.c, with a clock of
 * our own: a bucket in debt is never forgotten, however many new keys
 * come; one address holds at most RATELIMIT_PER_ADDRESS buckets in debt;
 * a table full of debts refuses new keys with a wait instead of dropping
 * one; buckets that refilled make room again.  The integration script
 * limits.sh floods a real mootd the same way.
 */

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "core/ratelimit.h"

/* One hour apart: every bucket of an earlier test has refilled. */
#define EPOCH(n)	((time_t)1000000 + (n) * 3600)

int
main(void)
{
	char	key[64], addr[32];
	time_t	now;
	int	i, wait, refused, allowed, first;

	/* the basics: burst, then a wait of about one refill */
	now = EPOCH(0);
	for (i = 0, allowed = 0; i < 5; i++)
		allowed += ratelimit_take("m:1", "10.0.0.1", 3, 10, now) == 0;
	TAP_INT(allowed, 3, "a burst of 3: three takes allowed of five");
	wait = ratelimit_take("m:1", "10.0.0.1", 3, 10, now);
	TAP_OK(wait >= 1 && wait <= 10, "then a wait of 1 to 10 s (%d)",
	    wait);
	TAP_INT(ratelimit_peek("m:1", 10, now) > 0, 1,
	    "peek sees the wait too");
	TAP_INT(ratelimit_take("m:1", "10.0.0.1", 3, 10, now + 10), 0,
	    "one refill later: allowed again");
	TAP_INT(ratelimit_take("m:1", "10.0.0.1", 3, 0, now + 10), 0,
	    "refill 0: no limit");
	TAP_INT(ratelimit_peek("m:nobody", 10, now), 0,
	    "peek of a key never seen: 0, and nothing made");

	/* a member in debt, then 100000 throwaway keys from many addresses */
	now = EPOCH(1);
	ratelimit_take("m:2", "10.0.0.2", 2, 3600, now);
	ratelimit_take("m:2", "10.0.0.2", 2, 3600, now);
	TAP_OK(ratelimit_take("m:2", "10.0.0.2", 2, 3600, now) > 0,
	    "member 2 is limited");
	refused = 0;
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "c:%d", i);
		snprintf(addr, sizeof(addr), "192.0.%d.%d", i / 64 % 256,
		    i % 64);
		refused += ratelimit_take(key, addr, 2, 3600, now + 1) > 0;
	}
	TAP_OK(refused > 90000, "a flood of 100000 new keys: most refused "
	    "once the table is full of debts (%d)", refused);
	TAP_OK(ratelimit_take("m:2", "10.0.0.2", 2, 3600, now + 2) > 0,
	    "member 2 is still limited after the flood");
	TAP_OK(ratelimit_peek("m:2", 3600, now + 2) > 0,
	    "... and peek agrees");

	/* the table full of debts: a new key waits, with a real wait */
	wait = ratelimit_take("m:new", "10.0.0.3", 2, 3600, now + 2);
	TAP_OK(wait > 0 && wait <= 2 * 3600, "a new key while the table is "
	    "full of debts: refused with a wait (%d s)", wait);

	/* once the debts are paid, there is room again */
	now = EPOCH(3);
	TAP_INT(ratelimit_take("m:new", "10.0.0.3", 2, 3600, now), 0,
	    "two hours later every bucket refilled: the new key is allowed");

	/* one address: at most RATELIMIT_PER_ADDRESS buckets in debt */
	now = EPOCH(4);
	allowed = 0;
	first = -1;
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "c:one-%d", i);
		if (ratelimit_take(key, "203.0.113.9", 1000, 3600, now) == 0)
			allowed++;
		else if (first < 0)
			first = i;
	}
	TAP_INT(allowed, RATELIMIT_PER_ADDRESS, "1000 new keys from one "
	    "address: %d get a bucket", RATELIMIT_PER_ADDRESS);
	TAP_INT(first, RATELIMIT_PER_ADDRESS, "... the first %d, then none",
	    RATELIMIT_PER_ADDRESS);
	TAP_INT(ratelimit_take("c:other", "203.0.113.10", 1000, 3600, now), 0,
	    "another address is not crowded out");
	TAP_INT(ratelimit_take("c:one-0", "203.0.113.9", 1000, 3600, now), 0,
	    "a key that has its bucket goes on using it");

	return TAP_DONE();
}
