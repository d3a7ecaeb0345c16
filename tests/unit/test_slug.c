/*
 * test_slug.c: the one rule for a space's short name (src/core/slug.c), as
 * the router, /admin/space/new, mootctl and the export all apply it, and
 * the path word the router's "*" takes (a slug that may hold '_').
 */

#include <string.h>

#include "core/slug.h"
#include "tap.h"

/* A literal with its length, so that cases may hold NUL bytes. */
#define S(x)	x, sizeof(x) - 1

#define A8	"abcdefgh"
#define A64	A8 A8 A8 A8 A8 A8 A8 A8

static const struct {
	const char	*s;
	size_t		 len;
	int		 slug, word;	/* slug_ok, path_word_ok */
	const char	*why;
} cases[] = {
	{ S("general"),		1, 1,	"letters" },
	{ S("peer-support"),	1, 1,	"a hyphen" },
	{ S("2026"),		1, 1,	"digits only" },
	{ S("a"),		1, 1,	"one character" },
	{ S("-"),		1, 1,	"only a hyphen" },
	{ S(A64),		1, 1,	"SLUG_MAX characters" },
	{ S("post_burst"),	0, 1,	"an underscore: a setting key" },
	{ S(""),		0, 0,	"empty" },
	{ S(A64 "x"),		0, 0,	"SLUG_MAX + 1 characters" },
	{ S("General"),		0, 0,	"a capital" },
	{ S("peer support"),	0, 0,	"a space" },
	{ S("a.b"),		0, 0,	"a full stop" },
	{ S("../etc"),		0, 0,	"a way out of the export folder" },
	{ S("a/b"),		0, 0,	"a slash" },
	{ S("caf\xc3\xa9"),	0, 0,	"non-ASCII" },
	{ S("a\0b"),		0, 0,	"a NUL byte inside" },
	{ S("a~tok"),		0, 0,	"an intent token's tilde" },
};

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TAP_INT(slug_ok(cases[i].s, cases[i].len), cases[i].slug,
		    "slug_ok: %s", cases[i].why);
		TAP_INT(path_word_ok(cases[i].s, cases[i].len), cases[i].word,
		    "path_word_ok: %s", cases[i].why);
	}
	return TAP_DONE();
}
