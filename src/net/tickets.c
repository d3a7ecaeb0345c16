/*
 * tickets.c: TLS session ticket keys, rotated every TICKET_ROTATE_SECONDS
 * (see tickets.h).  OpenSSL's own keys are made once per SSL_CTX and never
 * change while it lives; these change, and outlive a SIGHUP's new context.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/log.h"
#include "net/tickets.h"

static struct ticket_keys the_keys = TICKET_KEYS_INITIALIZER;

static int
key_make(struct ticket_key *k, time_t now)
{
	if (RAND_bytes(k->name, sizeof(k->name)) != 1 ||
	    RAND_priv_bytes(k->aes, sizeof(k->aes)) != 1 ||
	    RAND_priv_bytes(k->hmac, sizeof(k->hmac)) != 1)
		return -1;
	k->born = now;
	return 0;
}

/*
 * Under the lock: a first key, or a new current one when it is due.  The
 * old current key becomes the previous one, unless it is so old that the
 * tickets it sealed are past their use too (a server idle for a day).
 * A time a little before the key's birth is a worker that read the clock
 * just before another rotated: not due.  A whole interval before, the
 * clock was set back: start afresh.
 */
static int
keys_rotate(struct ticket_keys *ks, time_t now)
{
	struct ticket_key	next;
	time_t			age = now - ks->cur.born;

	if (ks->ready && age < TICKET_ROTATE_SECONDS &&
	    age > -TICKET_ROTATE_SECONDS)
		return 0;
	if (key_make(&next, now) == -1)
		return -1;
	if (ks->ready && age >= 0 && age < 2 * TICKET_ROTATE_SECONDS) {
		ks->prev = ks->cur;
		ks->have_prev = 1;
	} else {
		OPENSSL_cleanse(&ks->prev, sizeof(ks->prev));
		ks->have_prev = 0;
	}
	ks->cur = next;
	ks->ready = 1;
	OPENSSL_cleanse(&next, sizeof(next));
	return 0;
}

int
ticket_key_seal(struct ticket_keys *ks, time_t now, struct ticket_key *out)
{
	int rc;

	pthread_mutex_lock(&ks->lock);
	if ((rc = keys_rotate(ks, now)) == 0)
		*out = ks->cur;
	pthread_mutex_unlock(&ks->lock);
	return rc;
}

int
ticket_key_open(struct ticket_keys *ks, time_t now,
    const unsigned char name[TICKET_NAME_LEN], struct ticket_key *out)
{
	int rc = 0;

	pthread_mutex_lock(&ks->lock);
	if (keys_rotate(ks, now) == -1)
		rc = -1;
	else if (memcmp(name, ks->cur.name, TICKET_NAME_LEN) == 0) {
		*out = ks->cur;
		rc = 1;
	} else if (ks->have_prev &&
	    memcmp(name, ks->prev.name, TICKET_NAME_LEN) == 0) {
		*out = ks->prev;
		rc = 2;
	}
	pthread_mutex_unlock(&ks->lock);
	return rc;
}

void
ticket_keys_clear(struct ticket_keys *ks)
{
	pthread_mutex_lock(&ks->lock);
	OPENSSL_cleanse(&ks->cur, sizeof(ks->cur));
	OPENSSL_cleanse(&ks->prev, sizeof(ks->prev));
	ks->ready = ks->have_prev = 0;
	pthread_mutex_unlock(&ks->lock);
}

static int
cipher_init(const struct ticket_key *k, unsigned char *iv,
    EVP_CIPHER_CTX *cctx, EVP_MAC_CTX *hctx, int enc)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY,
		    (void *)k->hmac, sizeof(k->hmac)),
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		    (char *)"SHA256", 0),
		OSSL_PARAM_construct_end()
	};

	if (EVP_CipherInit_ex(cctx, EVP_aes_256_cbc(), NULL, k->aes, iv,
	    enc) != 1 || EVP_MAC_CTX_set_params(hctx, params) != 1)
		return -1;
	return 0;
}

/*
 * OpenSSL's callback: enc 1, seal a new ticket (fill in name and iv);
 * enc 0, open the ticket named name.  Returns 1 (done), 2 (opened, but
 * send a fresh ticket), 0 (not ours: full handshake), -1 (error).
 */
static int
tickets_cb(SSL *ssl, unsigned char name[TICKET_NAME_LEN], unsigned char *iv,
    EVP_CIPHER_CTX *cctx, EVP_MAC_CTX *hctx, int enc)
{
	struct ticket_key	 k;
	int			 rc;

	if (enc) {
		if (ticket_key_seal(&the_keys, time(NULL), &k) == -1 ||
		    RAND_bytes(iv, EVP_CIPHER_get_iv_length(
		    EVP_aes_256_cbc())) != 1) {
			OPENSSL_cleanse(&k, sizeof(k));
			return -1;
		}
		memcpy(name, k.name, TICKET_NAME_LEN);
		rc = cipher_init(&k, iv, cctx, hctx, 1) == 0 ? 1 : -1;
	} else {
		rc = ticket_key_open(&the_keys, time(NULL), name, &k);
		if (rc > 0 && cipher_init(&k, iv, cctx, hctx, 0) == -1)
			rc = -1;
		/*
		 * A TLS 1.3 client uses a ticket once (RFC 8446, C.4), and
		 * OpenSSL sends a new one after a resumption only when told
		 * to renew: without it, every other connection of such a
		 * client was a full handshake.  TLS 1.2 clients keep theirs.
		 */
		if (rc == 1 && SSL_version(ssl) == TLS1_3_VERSION)
			rc = 2;
	}
	OPENSSL_cleanse(&k, sizeof(k));
	return rc;
}

void
tickets_use(SSL_CTX *ctx)
{
	SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, tickets_cb);
}
