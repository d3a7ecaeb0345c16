/*
 * text.h: checking what members write (comments, titles) before it is
 * stored; display names have their own rules, in names.h.  Pure functions, unit-tested and fuzzed.
 */
#ifndef MOOT_TEXT_H
#define MOOT_TEXT_H

#include <stddef.h>

#include "core/names.h"	/* NAME_MAX_CHARS; name_check is there */

#define TITLE_MAX_CHARS		120
#define DEFAULT_POST_MAX	(16 * 1024)	/* bytes of a comment or post */

/*
 * The key that makes names unique whatever their case: lower-cased for
 * ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic (SQLite's lower()
 * knows ASCII only, so "SIÂN" and "Siân" would both be free).  out holds
 * at least len + 1 bytes; folding never makes text longer.
 */
void		 text_name_key(const char *, size_t len, char *out);

/*
 * Tidy and check a title in place: one line, spaces trimmed, at most
 * TITLE_MAX_CHARS characters.  Returns NULL or a reason.
 */
const char	*text_clean_title(char *, size_t *);

/*
 * Tidy and check a comment or opening post in place: CRLF -> LF, trailing
 * blanks and blank lines trimmed, no control characters but newline and
 * tab, not empty, at most max bytes.  Returns NULL or a reason.
 */
const char	*text_clean_post(char *, size_t *, size_t max);

#endif
