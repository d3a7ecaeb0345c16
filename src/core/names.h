/*
 * names.h: the rules for display names, in one place.  Nobody may pass
 * for someone else: the characters allowed, one script per word, the
 * names kept for the community's staff, and the confusable skeleton
 * (Unicode TR39, computed by ICU) by which two names are "the same".
 */
#ifndef MOOT_NAMES_H
#define MOOT_NAMES_H

#include <stddef.h>
#include <stdint.h>

#define NAME_MIN_CHARS		2
#define NAME_MAX_CHARS		32
/*
 * Longest skeleton, in bytes with its NUL: NFKC case folding and the
 * confusable mapping may each make a name longer (U+FDFA becomes 18
 * characters), so there is room for far more than 32 * 4 bytes.
 */
#define NAME_SKELETON_MAX	2048

/* The rule as the prompts and /help state it; name_check enforces it. */
#define NAME_RULE	"A name is 2 to 32 characters: letters, digits, " \
			"single spaces and - _ . ' ( ) only, with a letter " \
			"or digit, each word in one script; it must not " \
			"look like another member's name, the community's " \
			"name, or admin, moderator or operator."

/*
 * Set up ICU's checkers (done on first use otherwise): 0, or -1 with a
 * message logged.  mootd calls it before its sandbox closes.
 */
int		 names_init(void);

/*
 * Check a name on its own: valid UTF-8, 2..32 characters, letters (with
 * their combining accents) and digits of any script, single inner spaces
 * and - _ . ' ( ), at least one letter or digit; no default-ignorable,
 * unassigned, private-use, format or control code point; each
 * space-separated word in one script (ICU's highly restrictive level)
 * with one kind of digits; and no word that is confusable with a
 * reserved one (admin, moderator, operator...).
 * Returns NULL when fine, else a reason fit for a prompt.
 */
const char	*name_check(const char *, size_t);

/*
 * The TR39 confusable skeleton of NFKC_Casefold(name), as UTF-8 with a
 * NUL: two names that look alike (whatever their case, width or script
 * of look-alike letters) have the same skeleton.  Returns its length, or
 * -1 if the name is not valid UTF-8 or ICU fails.
 */
int		 name_skeleton(const char *, size_t, char *out, size_t outsz);

/*
 * The same of NFKC(name), case kept: "BiII" (capital i) and "Bill" look
 * alike, but case folding would make them "biii" and "bill".  Names
 * collide when either skeleton is the same.
 */
int		 name_skeleton_cased(const char *, size_t, char *out,
		    size_t outsz);

/* 1 if the two names are confusable (either skeleton), else 0. */
int		 name_confusable(const char *, const char *);

#endif
