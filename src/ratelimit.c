/*
 * ratelimit.c: token buckets in memory, one table for all workers.
 *
 * Deliberately our own: a fixed table under a mutex.  When it is full,
 * the stalest bucket is reused, which can only ever be generous.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "ratelimit.h"

#define RATELIMIT_SLOTS		1024
#define RATELIMIT_KEY_MAX	80

struct bucket {
	char	key[RATELIMIT_KEY_MAX];
	double	tokens;
	time_t	stamp;
};

static struct bucket	buckets[RATELIMIT_SLOTS];
static pthread_mutex_t	bucket_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned
key_hash(const char *s)
{
	unsigned h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

int
ratelimit_take(const char *key, int burst, int refill, time_t now)
{
	struct bucket	*b, *oldest = NULL;
	unsigned	 h = key_hash(key), i;
	int		 wait = 0;

	if (refill <= 0 || burst <= 0)
		return 0;
	pthread_mutex_lock(&bucket_lock);
	for (i = 0; i < 8; i++) {
		b = &buckets[(h + i) % RATELIMIT_SLOTS];
		if (strncmp(b->key, key, sizeof(b->key)) == 0)
			goto found;
		if (oldest == NULL || b->stamp < oldest->stamp)
			oldest = b;
	}
	b = oldest;
	snprintf(b->key, sizeof(b->key), "%s", key);
	b->tokens = burst;
	b->stamp = now;
found:
	b->tokens += (double)(now - b->stamp) / refill;
	if (b->tokens > burst)
		b->tokens = burst;
	b->stamp = now;
	if (b->tokens >= 1)
		b->tokens -= 1;
	else
		wait = (int)((1 - b->tokens) * refill + 0.999);
	pthread_mutex_unlock(&bucket_lock);
	return wait;
}
