/*
 * san_canary.c: a deliberate bug, linked only into build/asan/mootd-canary
 * by `make check-asan-selftest', to prove that a sanitizer report in
 * mootd makes `make check-asan' fail.  It does nothing unless
 * MOOT_SAN_CANARY is set in the environment:
 *
 *	leak   lose a few heap blocks at start-up: the server works as
 *	       usual and LeakSanitizer reports them only when it exits
 *	ubsan  a signed integer overflow at start-up (UBSan)
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANARY_BLOCKS	8

void	san_canary(void) __attribute__((constructor));

static void *volatile	canary_keep;
static volatile int	canary_int = INT_MAX;

static void __attribute__((noinline))
canary_leak(void)
{
	int i;

	for (i = 0; i < CANARY_BLOCKS; i++) {
		canary_keep = malloc(4000 + i);
		if (canary_keep != NULL)
			memset(canary_keep, 'L', 4000 + i);
	}
	canary_keep = NULL;
}

void
san_canary(void)
{
	const char	*what = getenv("MOOT_SAN_CANARY");
	int		 x;

	if (what == NULL)
		return;
	if (strcmp(what, "leak") == 0)
		canary_leak();
	else if (strcmp(what, "ubsan") == 0) {
		x = canary_int + 1;
		fprintf(stderr, "san_canary: %d\n", x);
	}
}
