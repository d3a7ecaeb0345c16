/*
 * tap.h: the smallest test harness that does the job.  Each check prints a
 * TAP line ("ok N - name" or "not ok N - name" with the values that
 * differed); tests/run.sh counts them across all suites.
 */
#ifndef MOOT_TAP_H
#define MOOT_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define TAP_OK(cond, ...) do {						\
	tap_n++;							\
	if (cond)							\
		printf("ok %d - ", tap_n);				\
	else {								\
		tap_failed++;						\
		printf("not ok %d - ", tap_n);				\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
} while (0)

#define TAP_INT(got, want, ...) do {					\
	long long tap_g_ = (got), tap_w_ = (want);			\
	TAP_OK(tap_g_ == tap_w_, __VA_ARGS__);				\
	if (tap_g_ != tap_w_)						\
		printf("#   got %lld, want %lld\n", tap_g_, tap_w_);	\
} while (0)

#define TAP_STR(got, want, ...) do {					\
	const char *tap_g_ = (got), *tap_w_ = (want);			\
	int tap_same_ = tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0;\
	TAP_OK(tap_same_, __VA_ARGS__);					\
	if (!tap_same_)							\
		printf("#   got \"%s\", want \"%s\"\n",			\
		    tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)");\
} while (0)

/* Call last in main(): prints the plan and returns the exit status. */
#define TAP_DONE() (printf("1..%d\n", tap_n), tap_failed ? 1 : 0)

/* "NULL" or a checker's reason, for a TAP line */
static inline const char *
or_null(const char *s)
{
	return s ? s : "NULL";
}

/* A checker's reason matches: NULL for NULL, else one holding want. */
static inline int
reason_ok(const char *got, const char *want)
{
	if (want == NULL || got == NULL)
		return want == got;
	return strstr(got, want) != NULL;
}

#endif
