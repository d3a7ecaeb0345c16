/*
 * test_tickets.c: the rotation of TLS session ticket keys (src/net/tickets.c)
 * under a fake clock: when a new key comes, how long the previous one
 * still opens tickets (and asks for them to be renewed), and that workers
 * sealing and opening at once never see a half-made key.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "net/tickets.h"

#define T0		1700000000
#define R		TICKET_ROTATE_SECONDS
#define THREADS		4
#define ROUNDS		20000

static struct ticket_keys keys = TICKET_KEYS_INITIALIZER;

static int
same(const struct ticket_key *a, const struct ticket_key *b)
{
	return memcmp(a->name, b->name, sizeof(a->name)) == 0 &&
	    memcmp(a->aes, b->aes, sizeof(a->aes)) == 0 &&
	    memcmp(a->hmac, b->hmac, sizeof(a->hmac)) == 0;
}

static int
open_at(time_t now, const struct ticket_key *k)
{
	struct ticket_key got;
	int rc;

	rc = ticket_key_open(&keys, now, k->name, &got);
	if (rc > 0 && !same(&got, k))
		return -2;	/* the right name, another key */
	return rc;
}

static void
test_rotation(void)
{
	struct ticket_key	a, b, c, d, x;
	unsigned char		stranger[TICKET_NAME_LEN];

	TAP_INT(ticket_key_seal(&keys, T0, &a), 0, "a first key is made");
	TAP_INT(open_at(T0, &a), 1, "it opens its own tickets");
	TAP_INT(ticket_key_seal(&keys, T0 + R - 1, &x), 0, "seal, just before "
	    "the interval ends");
	TAP_OK(same(&x, &a), "still the first key");

	TAP_INT(ticket_key_seal(&keys, T0 + R, &b), 0, "seal, as the interval "
	    "ends");
	TAP_OK(!same(&b, &a) && memcmp(a.name, b.name, sizeof(a.name)) != 0,
	    "a new key, with a new name");
	TAP_INT(open_at(T0 + R, &b), 1, "the new key opens its tickets");
	TAP_INT(open_at(T0 + R, &a), 2, "the previous key still opens its "
	    "own, and asks for a renewal");
	TAP_INT(open_at(T0 + 2 * R - 1, &a), 2, "until the next rotation");

	TAP_INT(ticket_key_seal(&keys, T0 + 2 * R, &c), 0, "seal, a second "
	    "interval later");
	TAP_OK(!same(&c, &b) && !same(&c, &a), "a third key");
	TAP_INT(open_at(T0 + 2 * R, &a), 0, "the first key is gone: a full "
	    "handshake");
	TAP_INT(open_at(T0 + 2 * R, &b), 2, "the second is now the previous");
	TAP_INT(open_at(T0 + 2 * R, &c), 1, "the third is current");

	/* idle for days: the current key is too old to be kept at all */
	TAP_INT(open_at(T0 + 7 * R, &c), 0, "after a long idle, the old "
	    "current key is not kept as the previous one");
	TAP_INT(ticket_key_seal(&keys, T0 + 7 * R, &d), 0, "and a new key "
	    "seals");
	TAP_INT(open_at(T0 + 7 * R, &d), 1, "and opens");

	/* a worker that read the clock just before another rotated */
	TAP_INT(ticket_key_seal(&keys, T0 + 7 * R - 5, &x), 0, "a time just "
	    "before the key's birth: seal");
	TAP_OK(same(&x, &d), "the same key (no rotation back and forth)");
	/* the clock was set back a long way: keys from the future go */
	TAP_INT(ticket_key_seal(&keys, T0 + 6 * R - 1, &x), 0, "the clock "
	    "went back an interval: seal");
	TAP_OK(!same(&x, &d), "a new key, not one born in the future");
	TAP_INT(open_at(T0 + 6 * R - 1, &d), 0, "and the future one is not "
	    "kept");

	memset(stranger, 0x5a, sizeof(stranger));
	TAP_INT(ticket_key_open(&keys, T0 + 6 * R, stranger, &x), 0,
	    "a name that is not ours: no key");
	ticket_keys_clear(&keys);
	TAP_INT(open_at(T0 + 6 * R, &x), 0, "cleared: nothing opens");
}

/* workers seal and open while the clock runs through many rotations */
static time_t		 fake_now = T0;
static pthread_mutex_t	 clock_lock = PTHREAD_MUTEX_INITIALIZER;

static time_t
tick(void)
{
	time_t now;

	pthread_mutex_lock(&clock_lock);
	now = fake_now;
	fake_now += R / 1000;
	pthread_mutex_unlock(&clock_lock);
	return now;
}

/*
 * What one worker saw: tickets opened with another key than the one that
 * sealed them (a torn or mixed-up key: always wrong), and tickets that no
 * key opened any more (a full handshake: safe, and expected when this
 * thread was held up while the others' clock ran an interval on, or when
 * a held-up thread's older time made the keys start again).
 */
struct seen {
	long	wrong;
	long	unopened;
};

static void *
worker(void *arg)
{
	struct ticket_key	 k, got;
	struct seen		*seen = arg;
	time_t			 now;
	int			 i, rc;

	for (i = 0; i < ROUNDS; i++) {
		now = tick();
		if (ticket_key_seal(&keys, now, &k) != 0) {
			seen->wrong++;
			continue;
		}
		/*
		 * How many rotations the others made meanwhile depends on the
		 * scheduler, so a ticket may find no key (0): that is a full
		 * handshake, never a fault.  A key that opens (1 or 2) must
		 * be the very key that sealed it.
		 */
		rc = ticket_key_open(&keys, now, k.name, &got);
		if (rc == 0)
			seen->unopened++;
		else if ((rc != 1 && rc != 2) || !same(&got, &k))
			seen->wrong++;
	}
	return NULL;
}

static void
test_threads(void)
{
	pthread_t	t[THREADS];
	struct seen	seen[THREADS];
	long		wrong = 0, unopened = 0;
	int		i;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, &seen[i]);
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		wrong += seen[i].wrong;
		unopened += seen[i].unopened;
	}
	TAP_INT(wrong, 0, "%d threads x %d seal-then-open over %d rotations: "
	    "no ticket opens with another key than the one that sealed it "
	    "(%ld found no key: full handshakes)", THREADS, ROUNDS,
	    THREADS * ROUNDS / 1000, unopened);
	/* a lost key would leave most tickets unopened; a held-up thread,
	 * a handful */
	TAP_OK(unopened < THREADS * ROUNDS / 2, "most tickets open again "
	    "(%ld of %d did not)", unopened, THREADS * ROUNDS);
}

int
main(void)
{
	test_rotation();
	test_threads();
	return TAP_DONE();
}
