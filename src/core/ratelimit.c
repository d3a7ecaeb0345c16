/*
 * ratelimit.c: token buckets in memory, one table for all workers.
 *
 * Deliberately our own: a fixed table under a mutex, so memory is
 * bounded whatever clients do.  A key lives in one of RATELIMIT_PROBES
 * slots after its hash.  A slot may be reused only when its bucket is
 * full again (it has paid its debt, so forgetting it forgives nothing);
 * when none of a new key's slots can be, or its address already holds
 * RATELIMIT_PER_ADDRESS buckets in debt, the new key waits instead.
 * Earlier, the stalest bucket was reused: a flood of throwaway
 * certificates could wipe a member's debt.
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ratelimit.h"

#define RATELIMIT_KEY_MAX	80

struct bucket {
	char		key[RATELIMIT_KEY_MAX];	/* "": never used */
	uint64_t	owner;		/* hash of the address that made it */
	double		tokens;		/* at stamp */
	time_t		stamp;
	int		burst;		/* as last taken from */
	int		refill;
};

static struct bucket	buckets[RATELIMIT_SLOTS];
static pthread_mutex_t	bucket_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t
hash64(const char *s)
{
	uint64_t h = 14695981039346656037u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/* The tokens in b at now (a clock gone back refills nothing). */
static double
level(const struct bucket *b, time_t now)
{
	double t = b->tokens;

	if (now > b->stamp && b->refill > 0)
		t += (double)(now - b->stamp) / b->refill;
	return t > b->burst ? b->burst : t;
}

/* 1 when b is below its burst: forgetting it would forgive a debt. */
static int
in_debt(const struct bucket *b, time_t now)
{
	return b->key[0] != '\0' && b->refill > 0 && level(b, now) < b->burst;
}

/* Seconds until b has want tokens (at least 1). */
static int
secs_until(const struct bucket *b, double want, time_t now)
{
	double s = (want - level(b, now)) * b->refill;

	return s < 1 ? 1 : s > INT_MAX ? INT_MAX : (int)(s + 0.999);
}

static struct bucket *
find(const char *key, uint64_t h)
{
	struct bucket	*b;
	unsigned	 i;

	for (i = 0; i < RATELIMIT_PROBES; i++) {
		b = &buckets[(h + i) % RATELIMIT_SLOTS];
		if (strncmp(b->key, key, sizeof(b->key)) == 0)
			return b;
	}
	return NULL;
}

/*
 * A slot for a new key made by owner, or NULL with *wait set: the
 * seconds until one of the key's slots, or one of owner's buckets, is
 * out of debt.
 */
static struct bucket *
make(const char *key, uint64_t h, uint64_t owner, time_t now, int *wait)
{
	struct bucket	*b, *slot = NULL;
	unsigned	 i;
	int		 held = 0, soonest = INT_MAX, s;

	for (i = 0; i < RATELIMIT_PROBES && slot == NULL; i++) {
		b = &buckets[(h + i) % RATELIMIT_SLOTS];
		if (!in_debt(b, now))
			slot = b;
		else if ((s = secs_until(b, b->burst, now)) < soonest)
			soonest = s;
	}
	if (slot == NULL) {
		*wait = soonest;
		return NULL;
	}
	/* a scan of the whole table, but only when a key is new */
	soonest = INT_MAX;
	for (i = 0; i < RATELIMIT_SLOTS; i++) {
		b = &buckets[i];
		if (b->owner != owner || !in_debt(b, now))
			continue;
		held++;
		if ((s = secs_until(b, b->burst, now)) < soonest)
			soonest = s;
	}
	if (held >= RATELIMIT_PER_ADDRESS) {
		*wait = soonest;
		return NULL;
	}
	memset(slot, 0, sizeof(*slot));
	snprintf(slot->key, sizeof(slot->key), "%s", key);
	slot->owner = owner;
	return slot;
}

int
ratelimit_take(const char *key, const char *addr, int burst, int refill,
    time_t now)
{
	struct bucket	*b;
	uint64_t	 h = hash64(key);
	int		 wait = 0;

	if (refill <= 0 || burst <= 0)
		return 0;
	pthread_mutex_lock(&bucket_lock);
	if ((b = find(key, h)) == NULL) {
		if ((b = make(key, h, hash64(addr), now, &wait)) == NULL)
			goto done;
		b->tokens = burst;
		b->stamp = now;
	}
	b->burst = burst;
	b->refill = refill;
	b->tokens = level(b, now);
	b->stamp = now;
	if (b->tokens >= 1)
		b->tokens -= 1;
	else
		wait = secs_until(b, 1, now);
done:
	pthread_mutex_unlock(&bucket_lock);
	return wait;
}

int
ratelimit_peek(const char *key, int refill, time_t now)
{
	struct bucket	*b;
	int		 wait = 0;

	if (refill <= 0)
		return 0;
	pthread_mutex_lock(&bucket_lock);
	if ((b = find(key, hash64(key))) != NULL && level(b, now) < 1)
		wait = secs_until(b, 1, now);
	pthread_mutex_unlock(&bucket_lock);
	return wait;
}
