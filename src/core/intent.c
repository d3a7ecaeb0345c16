/*
 * intent.c: intent tokens, HMAC-SHA256 truncated to INTENT_MAC_LEN bytes
 * and written in base64url.  The message is "subject\npath\nday": none of
 * the three can hold a newline, so no two messages run together.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include "core/intent.h"
#include "core/wire.h"

static const char b64url[] = INTENT_ALPHABET;

/* INTENT_MAC_LEN is a multiple of 3: no padding, no partial group. */
static void
b64url_encode(const unsigned char *in, size_t len, char *out)
{
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		*out++ = b64url[in[i] >> 2];
		*out++ = b64url[((in[i] & 0x03) << 4) | (in[i + 1] >> 4)];
		*out++ = b64url[((in[i + 1] & 0x0f) << 2) | (in[i + 2] >> 6)];
		*out++ = b64url[in[i + 2] & 0x3f];
	}
	*out = '\0';
}

/* subject, a path of a request at most, two newlines and a day */
#define INTENT_MSG_MAX	(INTENT_SUBJECT_MAX + GEMINI_URL_MAX + 32)

/*
 * What a token is the HMAC of, "subject\npath\nday": its length, or -1
 * when it cannot be.  Put together by hand rather than by snprintf(),
 * which was a third of a token's cost (a page has a hundred).
 */
static int
intent_msg(char *msg, const char *subject, const char *path, int64_t day)
{
	char	 digits[24];
	size_t	 ls = strlen(subject), lp = strlen(path), nd = 0, at;

	if (day < 0 || ls + lp + 2 + sizeof(digits) >= INTENT_MSG_MAX)
		return -1;
	do {
		digits[nd++] = (char)('0' + day % 10);
		day /= 10;
	} while (day != 0);
	memcpy(msg, subject, ls);
	msg[ls] = '\n';
	memcpy(msg + ls + 1, path, lp);
	at = ls + 1 + lp;
	msg[at++] = '\n';
	while (nd > 0)
		msg[at++] = digits[--nd];
	msg[at] = '\0';
	return (int)at;
}

/* never a valid token: intent_token_shape() refuses it */
static void
intent_refused(char out[INTENT_TOKEN_LEN + 1])
{
	memset(out, '.', INTENT_TOKEN_LEN);
	out[INTENT_TOKEN_LEN] = '\0';
}

void
intent_token(const unsigned char *secret, const char *subject,
    const char *path, int64_t day, char out[INTENT_TOKEN_LEN + 1])
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0;
	char		 msg[INTENT_MSG_MAX];
	int		 n;

	if ((n = intent_msg(msg, subject, path, day)) == -1 ||
	    HMAC(EVP_sha256(), secret, INTENT_SECRET_LEN,
	    (const unsigned char *)msg, (size_t)n, mac, &maclen) == NULL ||
	    maclen < INTENT_MAC_LEN) {
		intent_refused(out);
		return;
	}
	b64url_encode(mac, INTENT_MAC_LEN, out);
}

struct intent_signer {
	EVP_MAC_CTX	*ctx;
	unsigned char	 secret[INTENT_SECRET_LEN];
};

/*
 * OpenSSL's HMAC, looked up once for the process: a fetch takes its
 * provider locks and searches its store, and each page's signer would
 * otherwise pay it again.  Fetched objects may be shared by threads.
 */
static pthread_once_t	 intent_mac_once = PTHREAD_ONCE_INIT;
static EVP_MAC		*intent_mac;

static void
intent_mac_fetch(void)
{
	intent_mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
}

struct intent_signer *
intent_signer_new(const unsigned char *secret)
{
	struct intent_signer	*sg;
	char			 digest[] = "SHA256";
	OSSL_PARAM		 params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		    digest, 0),
		OSSL_PARAM_construct_end()
	};

	if (pthread_once(&intent_mac_once, intent_mac_fetch) != 0 ||
	    intent_mac == NULL || (sg = calloc(1, sizeof(*sg))) == NULL)
		return NULL;
	if ((sg->ctx = EVP_MAC_CTX_new(intent_mac)) == NULL ||
	    !EVP_MAC_init(sg->ctx, secret, INTENT_SECRET_LEN, params)) {
		intent_signer_free(sg);
		return NULL;
	}
	memcpy(sg->secret, secret, INTENT_SECRET_LEN);
	return sg;
}

int
intent_signer_keyed(const struct intent_signer *sg, const unsigned char *secret)
{
	return sg != NULL && memcmp(sg->secret, secret, INTENT_SECRET_LEN) == 0;
}

void
intent_sign(struct intent_signer *sg, const unsigned char *secret,
    const char *subject, const char *path, int64_t day,
    char out[INTENT_TOKEN_LEN + 1])
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	size_t		 maclen = 0;
	char		 msg[INTENT_MSG_MAX];
	int		 n;

	if (!intent_signer_keyed(sg, secret)) {
		intent_token(secret, subject, path, day, out);
		return;
	}
	/* no key: HMAC starts again from the key set once */
	if ((n = intent_msg(msg, subject, path, day)) == -1 ||
	    !EVP_MAC_init(sg->ctx, NULL, 0, NULL) ||
	    !EVP_MAC_update(sg->ctx, (const unsigned char *)msg, (size_t)n) ||
	    !EVP_MAC_final(sg->ctx, mac, &maclen, sizeof(mac)) ||
	    maclen < INTENT_MAC_LEN) {
		intent_refused(out);
		return;
	}
	b64url_encode(mac, INTENT_MAC_LEN, out);
}

void
intent_signer_free(struct intent_signer *sg)
{
	if (sg == NULL)
		return;
	EVP_MAC_CTX_free(sg->ctx);
	OPENSSL_cleanse(sg->secret, sizeof(sg->secret));
	free(sg);
}

int
intent_token_shape(const char *s)
{
	return s != NULL && strlen(s) == INTENT_TOKEN_LEN &&
	    strspn(s, b64url) == INTENT_TOKEN_LEN;
}

int
intent_valid(const unsigned char *secret, const char *subject,
    const char *path, time_t now, const char *token)
{
	char	want[INTENT_TOKEN_LEN + 1];
	int64_t	day = (int64_t)now / INTENT_DAY;
	int	ok = 0, i;

	if (!intent_token_shape(token) || subject == NULL ||
	    subject[0] == '\0')
		return 0;
	/* today's or yesterday's: a link lives 24 to 48 hours */
	for (i = 0; i < 2; i++) {
		intent_token(secret, subject, path, day - i, want);
		ok |= CRYPTO_memcmp(want, token, INTENT_TOKEN_LEN) == 0;
	}
	return ok;
}
