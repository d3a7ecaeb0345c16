/*
 * test_intent.c: intent tokens (src/core/intent.c) against vectors computed
 * with `openssl dgst -sha256 -mac HMAC' (an independent implementation),
 * and the window that intent_valid() accepts.
 */

#include <stdio.h>
#include <string.h>

#include "core/intent.h"
#include "tap.h"

#define DAY	20000LL		/* a day number: 2024-10-04 */

int
main(void)
{
	unsigned char	key[INTENT_SECRET_LEN];
	char		tok[INTENT_TOKEN_LEN + 1], fp[2 + 64 + 1];
	struct intent_signer *sg = NULL;
	time_t		noon = (time_t)(DAY * INTENT_DAY + INTENT_DAY / 2);

	memset(key, 0xaa, sizeof(key));
	memcpy(fp, "c:", 2);
	for (int i = 0; i < 32; i++)
		memcpy(fp + 2 + 2 * i, "ab", 2);
	fp[66] = '\0';

	intent_token(key, "m:7", "/thread/5/comment", DAY, tok);
	TAP_STR(tok, "BeYlNjUia49IFoyH", "a member's token is openssl's");
	intent_token(key, fp, "/join", DAY, tok);
	TAP_STR(tok, "m2cFJJEpaOYlw7PD", "a certificate's token is openssl's");
	intent_token(key, "m:7", "/thread/5/comment", DAY - 1, tok);
	TAP_STR(tok, "5e0WBQBFngLSRON1", "... yesterday's");
	intent_token(key, "m:8", "/thread/5/comment", DAY, tok);
	TAP_STR(tok, "zjTktUgQGrYgV5WX", "... another member's");

	TAP_INT(intent_valid(key, "m:7", "/thread/5/comment", noon,
	    "BeYlNjUia49IFoyH"), 1, "today's token is valid");
	TAP_INT(intent_valid(key, "m:7", "/thread/5/comment", noon,
	    "5e0WBQBFngLSRON1"), 1, "yesterday's token is valid");
	TAP_INT(intent_valid(key, "m:7", "/thread/5/comment",
	    noon + INTENT_DAY, "5e0WBQBFngLSRON1"), 0,
	    "the day before yesterday's is not");
	TAP_INT(intent_valid(key, "m:7", "/thread/5/comment",
	    noon - INTENT_DAY, "BeYlNjUia49IFoyH"), 0,
	    "tomorrow's is not (no clock skew in the key's favour)");
	TAP_INT(intent_valid(key, "m:8", "/thread/5/comment", noon,
	    "BeYlNjUia49IFoyH"), 0, "another member's token is not");
	TAP_INT(intent_valid(key, "m:7", "/thread/6/comment", noon,
	    "BeYlNjUia49IFoyH"), 0, "another path's token is not");
	TAP_INT(intent_valid(key, "m:7", "/thread/5/comment", noon,
	    "BeYlNjUia49IFoy"), 0, "a shorter token is not");
	TAP_INT(intent_valid(key, "m:7", "/thread/5/comment", noon,
	    "BeYlNjUia49IFoyH="), 0, "a longer one is not");
	TAP_INT(intent_valid(key, "m:7", "/thread/5/comment", noon, NULL), 0,
	    "no token is not");
	TAP_INT(intent_valid(key, "", "/thread/5/comment", noon,
	    "BeYlNjUia49IFoyH"), 0, "no subject: never valid");
	/* the page's signer: the same tokens, again and again */
	sg = intent_signer_new(key);
	TAP_OK(sg != NULL, "a signer is made");
	for (int i = 0; i < 3; i++) {
		intent_sign(sg, key, "m:7", "/thread/5/comment", DAY, tok);
		TAP_STR(tok, "BeYlNjUia49IFoyH", "signer, a member's token "
		    "(time %d)", i + 1);
		intent_sign(sg, key, fp, "/join", DAY, tok);
		TAP_STR(tok, "m2cFJJEpaOYlw7PD", "signer, a certificate's "
		    "token (time %d)", i + 1);
		intent_sign(sg, key, "m:8", "/thread/5/comment", DAY, tok);
		TAP_STR(tok, "zjTktUgQGrYgV5WX", "signer, another member's "
		    "(time %d)", i + 1);
	}
	intent_signer_free(sg);
	intent_sign(NULL, key, "m:7", "/thread/5/comment", DAY - 1, tok);
	TAP_STR(tok, "5e0WBQBFngLSRON1", "no signer: the one-off token");
	for (int i = 0; i < 200; i++) {
		char path[64], one[INTENT_TOKEN_LEN + 1];

		if (i == 0)
			sg = intent_signer_new(key);
		snprintf(path, sizeof(path), "/comment/%d/reply", i * 7919);
		intent_token(key, "m:42", path, DAY, one);
		intent_sign(sg, key, "m:42", path, DAY, tok);
		if (strcmp(one, tok) != 0 || i == 199) {
			TAP_STR(tok, one, "signer and one-off agree on 200 "
			    "paths (up to %d)", i);
			break;
		}
	}
	intent_signer_free(sg);

	key[0] ^= 1;
	sg = intent_signer_new(key);
	intent_sign(sg, key, "m:7", "/thread/5/comment", DAY, tok);
	TAP_OK(strcmp(tok, "BeYlNjUia49IFoyH") != 0,
	    "signer under another key: another token");
	TAP_INT(intent_signer_keyed(sg, key), 1, "... it says it is keyed so");
	/* a worker's signer kept for a site that is now another (a reload)
	 * signs with the key it is given, never its own */
	key[0] ^= 1;
	TAP_INT(intent_signer_keyed(sg, key), 0, "... and not with the first");
	intent_sign(sg, key, "m:7", "/thread/5/comment", DAY, tok);
	TAP_STR(tok, "BeYlNjUia49IFoyH", "signer asked with another key: "
	    "that key's token");
	key[0] ^= 1;
	intent_signer_free(sg);
	TAP_INT(intent_valid(key, "m:7", "/thread/5/comment", noon,
	    "BeYlNjUia49IFoyH"), 0, "another key: not valid");

	TAP_INT(intent_token_shape("AbCdEfGh-_012345"), 1,
	    "16 base64url characters are a token's shape");
	TAP_INT(intent_token_shape("AbCdEfGh+/012345"), 0,
	    "base64's + and / are not");

	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
