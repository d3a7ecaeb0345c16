/*
 * tickets.h: the keys that encrypt TLS session tickets, and their rotation.
 *
 * A ticket is the session, encrypted under a key only the server knows;
 * whoever gets that key can decrypt every session it sealed, so the key
 * is replaced every TICKET_ROTATE_SECONDS.  The previous key is kept for
 * one more interval, to open (and renew) tickets it sealed.  Keys live in
 * memory only, shared by every worker and every SSL_CTX (a SIGHUP keeps
 * them), behind one lock.
 *
 * The functions below take the time as an argument, so that
 * tests/unit/test_tickets.c can drive the rotation with a fake clock.
 */
#ifndef MOOT_TICKETS_H
#define MOOT_TICKETS_H

#include <pthread.h>
#include <time.h>

#include <openssl/ssl.h>

#define TICKET_ROTATE_SECONDS	(12 * 60 * 60)
#define TICKET_NAME_LEN		16	/* as OpenSSL's callback has it */
#define TICKET_AES_LEN		32	/* AES-256-CBC */
#define TICKET_HMAC_LEN		32	/* HMAC-SHA256 */

struct ticket_key {
	unsigned char	 name[TICKET_NAME_LEN];
	unsigned char	 aes[TICKET_AES_LEN];
	unsigned char	 hmac[TICKET_HMAC_LEN];
	time_t		 born;
};

struct ticket_keys {
	pthread_mutex_t		 lock;
	int			 ready;		/* cur holds a key */
	int			 have_prev;
	struct ticket_key	 cur;		/* seals new tickets */
	struct ticket_key	 prev;		/* still opens its own */
};

#define TICKET_KEYS_INITIALIZER	{ PTHREAD_MUTEX_INITIALIZER, 0, 0, \
	{ { 0 }, { 0 }, { 0 }, 0 }, { { 0 }, { 0 }, { 0 }, 0 } }

/* The key to seal a new ticket with at now (made or rotated if due). */
int	 ticket_key_seal(struct ticket_keys *, time_t now,
	    struct ticket_key *);

/*
 * The key named name, to open a ticket with at now: 1 the current key,
 * 2 the previous one (the ticket should be renewed), 0 none (too old or
 * not ours: a full handshake), -1 no key could be made.
 */
int	 ticket_key_open(struct ticket_keys *, time_t now,
	    const unsigned char name[TICKET_NAME_LEN], struct ticket_key *);

/* Seal and open this process's tickets with these keys (tls.c). */
void	 tickets_use(SSL_CTX *);

/* Forget every key (at exit, or in tests). */
void	 ticket_keys_clear(struct ticket_keys *);

#endif
