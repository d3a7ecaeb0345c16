/*
 * slug.h: the rule for a space's short name (its slug), in one place.
 * A slug is part of the space's address (/space/SLUG) and of the file
 * names an export writes, so it is only ever lower-case ASCII letters,
 * digits and '-', 1 to SLUG_MAX bytes.  The router's "*" segment takes
 * a little more (a path word: a slug, a verb, or a setting key, which
 * holds '_'); a slug that is not one then finds no space.
 */
#ifndef MOOT_SLUG_H
#define MOOT_SLUG_H

#include <stddef.h>

#define SLUG_MAX	64	/* bytes (= characters) of a slug */

/* The rule as the prompts state it. */
#define SLUG_RULE	"a-z, 0-9 and -"

/* 1 when the len bytes of s are a slug, else 0. */
int	slug_ok(const char *s, size_t len);

/* 1 when the len bytes of s are a path word: a slug that may hold '_'. */
int	path_word_ok(const char *s, size_t len);

#endif
