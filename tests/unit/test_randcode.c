/*
 * test_randcode.c: random_code() (src/core/randcode.c), which makes the
 * invitation and link codes: the length and the NUL, only the alphabet's
 * characters, every one of them in use, and no alphabet it cannot serve.
 */

#include <string.h>

#include "core/randcode.h"
#include "tap.h"

#define DRAWS	200

int
main(void)
{
	static const char	 alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	char			 code[40], seen[256] = { 0 };
	size_t			 i, j, missing = 0, foreign = 0;

	memset(code, 'X', sizeof(code));
	TAP_INT(random_code(code, 12, alphabet), 0, "a code of 12");
	TAP_INT(strlen(code), 12, "12 characters and a NUL");
	TAP_INT(random_code(code, 0, alphabet), 0, "a code of 0");
	TAP_STR(code, "", "is empty");
	TAP_INT(random_code(code, 8, ""), -1, "an empty alphabet is refused");
	TAP_INT(random_code(code, 5, "z"), 0, "an alphabet of one");
	TAP_STR(code, "zzzzz", "gives only that letter");

	for (i = 0; i < DRAWS; i++) {
		random_code(code, 32, alphabet);
		for (j = 0; j < 32; j++) {
			seen[(unsigned char)code[j]] = 1;
			if (strchr(alphabet, code[j]) == NULL)
				foreign++;
		}
	}
	for (j = 0; alphabet[j] != '\0'; j++)
		missing += !seen[(unsigned char)alphabet[j]];
	TAP_INT(foreign, 0, "only the alphabet's characters in %d codes",
	    DRAWS);
	/* 6400 draws of 31 letters: a letter left out is a broken mapping */
	TAP_INT(missing, 0, "every letter of the alphabet turns up");
	return TAP_DONE();
}
