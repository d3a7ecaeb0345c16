/* randcode.c: see randcode.h. */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/randcode.h"

int
random_code(char *code, size_t len, const char *alphabet)
{
	unsigned char	rnd[64];
	size_t		n = strlen(alphabet), i = 0, j = sizeof(rnd);
	unsigned	limit;

	if (n == 0 || n > 256)
		return -1;
	/* bytes from limit up would favour the alphabet's first letters */
	limit = 256 - 256 % (unsigned)n;
	while (i < len) {
		if (j == sizeof(rnd)) {
			if (RAND_bytes(rnd, sizeof(rnd)) != 1)
				return -1;
			j = 0;
		}
		if (rnd[j] < limit)
			code[i++] = alphabet[rnd[j] % n];
		j++;
	}
	code[len] = '\0';
	OPENSSL_cleanse(rnd, sizeof(rnd));
	return 0;
}
