/*
 * intent.h: intent tokens.  In Gemini a client sends its certificate with
 * every request and an action takes its answer from the URL, so a link
 * alone could act as whoever follows it.  Every URL that changes
 * something therefore ends in a segment "~TOKEN": an HMAC, under a secret
 * only the server knows, of who may use it (the subject), the action's
 * path and the day.  router.c checks it before an action runs and adds it
 * to the action links of the pages it serves (docs/security.md).
 */
#ifndef MOOT_INTENT_H
#define MOOT_INTENT_H

#include <stdint.h>
#include <time.h>

#define INTENT_SECRET_LEN	32	/* bytes of the server's key */
#define INTENT_MAC_LEN		12	/* bytes of the HMAC kept: 96 bits */
#define INTENT_TOKEN_LEN	16	/* base64url of INTENT_MAC_LEN */
#define INTENT_DAY		86400	/* s: a token's day */
/* a path segment "~TOKEN": the string for formats, its one character */
#define INTENT_SEGMENT_STR	"~"
#define INTENT_SEGMENT		(INTENT_SEGMENT_STR[0])
/* base64url: what a token is written in */
#define INTENT_ALPHABET		"ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
				"abcdefghijklmnopqrstuvwxyz0123456789-_"
/* "m:<member id>" or "c:<certificate fingerprint>" */
#define INTENT_SUBJECT_MAX	80

/* The token of subject for path on day (now / INTENT_DAY). */
void	intent_token(const unsigned char *secret, const char *subject,
	    const char *path, int64_t day, char out[INTENT_TOKEN_LEN + 1]);
/*
 * The same tokens for the many action links of members' pages: the
 * HMAC keyed once, by each worker for each community (net/sites.c)
 * (OpenSSL's one-shot HMAC() looks the algorithm up and sets the key
 * again for every token, several microseconds each).
 * intent_signer_new() returns NULL when OpenSSL cannot; intent_sign()
 * then falls back to intent_token(), as it does for a signer keyed with
 * another secret than the one it is given, so that a token is always
 * the secret's.
 */
struct intent_signer;
struct intent_signer *intent_signer_new(const unsigned char *secret);
/* 1 when sg is keyed with secret. */
int	intent_signer_keyed(const struct intent_signer *sg,
	    const unsigned char *secret);
void	intent_sign(struct intent_signer *, const unsigned char *secret,
	    const char *subject, const char *path, int64_t day,
	    char out[INTENT_TOKEN_LEN + 1]);
void	intent_signer_free(struct intent_signer *);
/* 1 when token is subject's for path, today or yesterday; else 0. */
int	intent_valid(const unsigned char *secret, const char *subject,
	    const char *path, time_t now, const char *token);
/* 1 when s is INTENT_TOKEN_LEN base64url characters and nothing else. */
int	intent_token_shape(const char *s);

#endif
