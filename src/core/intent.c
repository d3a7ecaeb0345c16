/*
 * intent.c: intent tokens, HMAC-SHA256 truncated to INTENT_MAC_LEN bytes
 * and written in base64url.  The message is "subject\npath\nday": none of
 * the three can hold a newline, so no two messages run together.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

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

void
intent_token(const unsigned char *secret, const char *subject,
    const char *path, int64_t day, char out[INTENT_TOKEN_LEN + 1])
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0;
	/* subject, a path of a request at most, two newlines and a day */
	char		 msg[INTENT_SUBJECT_MAX + GEMINI_URL_MAX + 32];
	int		 n;

	n = snprintf(msg, sizeof(msg), "%s\n%s\n%lld", subject, path,
	    (long long)day);
	if (n < 0 || (size_t)n >= sizeof(msg) ||
	    HMAC(EVP_sha256(), secret, INTENT_SECRET_LEN,
	    (const unsigned char *)msg, (size_t)n, mac, &maclen) == NULL ||
	    maclen < INTENT_MAC_LEN) {
		/* never a valid token: intent_token_shape() refuses it */
		memset(out, '.', INTENT_TOKEN_LEN);
		out[INTENT_TOKEN_LEN] = '\0';
		return;
	}
	b64url_encode(mac, INTENT_MAC_LEN, out);
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
