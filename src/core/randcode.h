/*
 * randcode.h: codes a person types (invitations, linking a certificate),
 * drawn from the OS's randomness through OpenSSL.
 */
#ifndef MOOT_RANDCODE_H
#define MOOT_RANDCODE_H

#include <stddef.h>

/*
 * len characters of alphabet (at most 256 of them, each as likely as
 * the next) and a NUL into code[len + 1]; 0, or -1 without randomness.
 */
int	random_code(char *code, size_t len, const char *alphabet);

#endif
