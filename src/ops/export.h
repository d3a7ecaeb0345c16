/*
 * export.h: the community's words, taken out of the database in open
 * formats, so that a community can take its commons elsewhere: a tree of
 * gemtext files and one JSON document (mootctl export), and one member's
 * own posts as a gemtext document (mootctl member export; later /me).
 * Everything exported states the community's licence.
 */
#ifndef MOOT_EXPORT_H
#define MOOT_EXPORT_H

#include <stdint.h>
#include <stdio.h>

struct store;

/* What an export held. */
struct export_counts {
	int64_t		 spaces;
	int64_t		 threads;
	int64_t		 comments;	/* not deleted: shown or hidden */
	int64_t		 hidden;	/* of those, hidden by a moderator */
	int64_t		 deleted;	/* kept as a place, without words */
};

/*
 * Write the whole community into dir, which must not exist (it is made)
 * or be an empty directory:
 *
 *   index.gmi about.gmi terms.gmi LICENCE.txt community.json
 *   spaces/SLUG.gmi threads/ID.gmi
 *
 * What readers can see, from one consistent snapshot: hidden comments
 * keep their place without their words, deleted ones too; held posts,
 * certificates, reports and (unless it is public) the moderation log
 * stay out.  0, or -1 with the reason in err.
 */
int	export_community(struct store *, const char *dir,
	    struct export_counts *, char *err, size_t errsz);

/*
 * A member's own discussions and comments (held and hidden ones too:
 * they are theirs) as one gemtext document.  STORE_OK, STORE_NOTFOUND,
 * or another STORE_ error; a write error on out is the caller's to see
 * (ferror).
 */
int	export_member_gemtext(struct store *, int64_t member_id, FILE *out);

/*
 * s as a JSON string literal: quotes, backslashes and control characters
 * escaped (\n, \r, \t, else \u00XX), UTF-8 passed through, a byte that is
 * not UTF-8 written as U+FFFD so that the document stays valid.
 */
void	export_json_string(FILE *, const char *s);

/* The licence's canonical URL when it is a well-known one, else NULL. */
const char	*export_licence_url(const char *licence);

#endif
